"""The outbox table's states. Everything here takes an open session; the caller commits.

A job is written by `add` in the transaction of the step that causes it. `claim` takes it for
one attempt (a row lock on PostgreSQL, the write lock on SQLite), so two workers never run it at
once; `done`, `retry` and `dead` end the attempt. An attempt whose worker died is found by
`reclaim_stale` once its lease has run out, and goes back to pending."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session, aliased

from storage.models import JobAttempt, OutboxJob, new_id, utcnow

PENDING, QUEUED, RUNNING, DONE, DEAD = "pending", "queued", "running", "done", "dead"
# Growing pauses between attempts: 2 s, 4 s, 8 s, ... at most 15 minutes.
FIRST_PAUSE_SECONDS = 2.0
LONGEST_PAUSE_SECONDS = 15 * 60.0
# An attempt not ended after this long is taken for dead (its worker was killed); the rq job
# timeout is shorter, so a live attempt is never taken from its worker.
LEASE_SECONDS = 10 * 60.0
ERROR_LENGTH = 2000
DEFAULT_RETRY_HOURS = 48.0
NEW_JOBS = "blankett.new_jobs"  # in session.info: this transaction added jobs


def add(session: Session, kind: str, instance_id: str, payload: dict[str, Any] | None = None,
        *, after: OutboxJob | None = None, run_after: datetime | None = None) -> OutboxJob:
    """A new job in the caller's transaction: it exists exactly when the step that caused it
    is committed. `after`: a job that must be done first."""
    now = utcnow()
    job = OutboxJob(id=new_id(), kind=kind, instance_id=instance_id, payload=payload or {},
                    status=PENDING, after_id=after.id if after is not None else None,
                    attempts=0, run_after=run_after or now, created=now, retrying_since=now)
    session.add(job)
    session.info[NEW_JOBS] = True
    return job


def due(session: Session, now: datetime | None = None, limit: int = 100,
        statuses: Sequence[str] = (PENDING,)) -> list[OutboxJob]:
    """Jobs whose time has come and whose `after` job is done, oldest first."""
    now = now or utcnow()
    before = aliased(OutboxJob)
    query = (select(OutboxJob)
             .outerjoin(before, before.id == OutboxJob.after_id)
             .where(OutboxJob.status.in_(statuses), OutboxJob.run_after <= now,
                    or_(OutboxJob.after_id.is_(None), before.status == DONE))
             .order_by(OutboxJob.run_after).limit(limit))
    return list(session.scalars(query))


def mark_queued(session: Session, job_id: str) -> bool:
    """Pending → queued (handed to rq); False if another relay was first."""
    result = session.execute(
        update(OutboxJob).where(OutboxJob.id == job_id, OutboxJob.status == PENDING)
        .values(status=QUEUED, claimed_at=utcnow()).execution_options(synchronize_session=False))
    return bool(getattr(result, "rowcount", 0))


def claim(session: Session, job_id: str) -> OutboxJob | None:
    """The job, now running, if it may run: pending or queued, due, its `after` job done.
    None otherwise (done, dead, running elsewhere, or not yet)."""
    if session.get_bind().dialect.name == "sqlite":  # no row locks: take the write lock
        session.execute(update(OutboxJob).where(OutboxJob.id == job_id)
                        .values(id=OutboxJob.id).execution_options(synchronize_session=False))
    job = session.scalars(select(OutboxJob).where(OutboxJob.id == job_id)
                          .with_for_update()).first()
    now = utcnow()
    if job is None or job.status not in (PENDING, QUEUED) or _as_utc(job.run_after) > now:
        return None
    if job.after_id is not None:
        before = session.get(OutboxJob, job.after_id)
        if before is not None and before.status != DONE:
            job.status = PENDING  # the relay hands it on again when `after` is done
            return None
    job.status, job.claimed_at = RUNNING, now
    job.attempts += 1
    session.add(JobAttempt(job_id=job.id, started=now, outcome=RUNNING))
    return job


def _attempt(session: Session, job: OutboxJob) -> JobAttempt | None:
    return session.scalars(select(JobAttempt).where(JobAttempt.job_id == job.id)
                           .order_by(JobAttempt.id.desc()).limit(1)).first()


def _end_attempt(session: Session, job: OutboxJob, outcome: str, error: str | None) -> None:
    attempt = _attempt(session, job)
    if attempt is not None and attempt.ended is None:
        attempt.ended, attempt.outcome = utcnow(), outcome
        attempt.error = error[:ERROR_LENGTH] if error else None


def done(session: Session, job: OutboxJob, result: dict[str, Any] | None = None) -> None:
    job.status, job.finished, job.last_error = DONE, utcnow(), None
    if result is not None:
        job.result = result
    _end_attempt(session, job, DONE, None)


def pause(attempts: int, first: float = FIRST_PAUSE_SECONDS) -> timedelta:
    """The pause before the next attempt after `attempts` failed ones."""
    seconds = first * 2 ** max(attempts - 1, 0)
    return timedelta(seconds=min(seconds, LONGEST_PAUSE_SECONDS))


def retry(session: Session, job: OutboxJob, error: str, *, wait: timedelta | None = None,
          counts: bool = True, retry_hours: float = DEFAULT_RETRY_HOURS,
          first_pause: float = FIRST_PAUSE_SECONDS) -> None:
    """The attempt failed (or, with counts=False, the work is not finished yet: a status to
    poll again); back to pending after a pause, or dead once `retry_hours` have passed."""
    now = utcnow()
    next_time = now + (wait if wait is not None else pause(job.attempts, first_pause))
    if next_time > _as_utc(job.retrying_since) + timedelta(hours=retry_hours):
        dead(session, job, f"gave up after {job.attempts} attempts: {error}")
        return
    job.status, job.run_after, job.claimed_at = PENDING, next_time, None
    if counts:
        job.last_error = error[:ERROR_LENGTH]
    _end_attempt(session, job, "retry" if counts else "waiting", error if counts else None)


def dead(session: Session, job: OutboxJob, error: str) -> None:
    """No more attempts: the job waits for a person (`send_again`)."""
    job.status, job.finished, job.claimed_at = DEAD, utcnow(), None
    job.last_error = error[:ERROR_LENGTH]
    _end_attempt(session, job, DEAD, error)


def send_again(session: Session, job: OutboxJob) -> None:
    """A person asks for another try (a dead job, or a done hand-off to resend): pending now,
    with a fresh retry time. The handlers are idempotent, so nothing is delivered twice."""
    now = utcnow()
    job.status, job.run_after, job.finished, job.claimed_at = PENDING, now, None, None
    job.retrying_since = now


def reclaim_stale(session: Session, lease_seconds: float = LEASE_SECONDS) -> int:
    """Running jobs whose lease ran out (their worker died): pending again, counted as a failed
    attempt. Queued ones older than the lease go back to pending too (Redis lost them)."""
    now = utcnow()
    stale = now - timedelta(seconds=lease_seconds)
    count = 0
    for job in session.scalars(select(OutboxJob).where(
            OutboxJob.status == RUNNING, OutboxJob.claimed_at < stale).with_for_update()):
        _end_attempt(session, job, "retry", "the worker stopped during the attempt")
        job.status, job.run_after, job.claimed_at = PENDING, now, None
        job.last_error = "the worker stopped during the attempt"
        count += 1
    lost = session.execute(
        update(OutboxJob).where(OutboxJob.status == QUEUED, OutboxJob.claimed_at < stale)
        .values(status=PENDING, claimed_at=None).execution_options(synchronize_session=False))
    return count + int(getattr(lost, "rowcount", 0) or 0)


def jobs_for(session: Session, instance_id: str) -> list[OutboxJob]:
    return list(session.scalars(select(OutboxJob).where(OutboxJob.instance_id == instance_id)
                                .order_by(OutboxJob.created)))


def attempts_of(session: Session, job_id: str) -> list[JobAttempt]:
    return list(session.scalars(select(JobAttempt).where(JobAttempt.job_id == job_id)
                                .order_by(JobAttempt.id)))


def _as_utc(moment: datetime) -> datetime:
    """SQLite gives back naive datetimes (stored as UTC)."""
    from datetime import UTC

    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
