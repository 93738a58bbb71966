"""The job pipeline (jobs/): the outbox's states on SQLite and PostgreSQL, one attempt at a
job, growing pauses and the dead-letter state, the in-process worker, and the relay to rq on
the real Redis at 127.0.0.1:6379 with rq's own worker class."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy.orm import Session

from jobs import outbox
from jobs.handlers import GiveUp, JobContext, NotYet, RetryLater, handler
from jobs.local import run_due
from jobs.runner import run_job
from storage import db, repository
from storage.models import OutboxJob, utcnow
from tests.conftest import POSTGRES_URL, make_app, postgres_schema

REDIS_URL = "redis://127.0.0.1:6379/0"
CALLS: dict[str, list[str]] = {}


@handler("test_ok")
def _ok(context: JobContext) -> dict[str, Any]:
    CALLS.setdefault(context.job.id, []).append("ok")
    repository.add_event(context.session, context.instance, "test_done", None, None)
    return {"said": context.payload.get("say")}


@handler("test_flaky")
def _flaky(context: JobContext) -> None:
    calls = CALLS.setdefault(context.job.id, [])
    calls.append("flaky")
    repository.add_event(context.session, context.instance, "never_kept", None, None)
    if len(calls) < int(context.payload.get("fails", 1)) + 1:
        raise RetryLater(f"down, try {len(calls)}")


@handler("test_refused")
def _refused(context: JobContext) -> None:
    raise GiveUp("the receiver does not know this message")


@handler("test_crash")
def _crash(context: JobContext) -> None:
    raise ZeroDivisionError("oops")


@handler("test_waiting")
def _waiting(context: JobContext) -> None:
    raise NotYet("still on its way", timedelta(seconds=30), {"status": "SENDT"})


@pytest.fixture
def app(tmp_path: Path, database_url: str) -> Flask:
    db.upgrade(database_url)
    return make_app(tmp_path, DATABASE_URL=database_url, JOB_RETRY_HOURS=1.0)


@pytest.fixture
def session(app: Flask) -> Iterator[Session]:
    with app.extensions["blankett.sessions"]() as session:
        yield session


def _instance(session: Session) -> str:
    instance = repository.create_instance(
        session, app_id="ekom/serveringsbevilling", party_id=512345, user_id="12345",
        task_id="Task_1", form_data_types=["model"])
    session.commit()
    return instance.id


def _job(app: Flask, kind: str, payload: dict[str, Any] | None = None,
         after: OutboxJob | None = None) -> OutboxJob:
    with app.extensions["blankett.sessions"]() as session:
        job = outbox.add(session, kind, _instance(session), payload, after=after)
        session.commit()
        return job


def _reload(app: Flask, job_id: str) -> OutboxJob:
    with app.extensions["blankett.sessions"]() as session:
        job = session.get(OutboxJob, job_id)
        assert job is not None
        session.expunge(job)
        return job


def _events(app: Flask, instance_id: str) -> list[str]:
    with app.extensions["blankett.sessions"]() as session:
        instance = repository.get_instance(session, instance_id)
        assert instance is not None
        return [e.event_type for e in instance.events]


def test_a_job_exists_only_if_its_transaction_commits(app: Flask, session: Session) -> None:
    instance_id = _instance(session)
    outbox.add(session, "test_ok", instance_id)
    session.rollback()
    assert outbox.jobs_for(session, instance_id) == []
    job = outbox.add(session, "test_ok", instance_id, {"say": "hei"})
    session.commit()
    assert [j.id for j in outbox.due(session)] == [job.id]


def test_an_attempt_runs_once_and_its_writes_commit_with_its_end(app: Flask) -> None:
    job = _job(app, "test_ok", {"say": "hei"})
    assert run_job(app, job.id) == "done"
    assert run_job(app, job.id) == "skipped"  # done: never again
    done = _reload(app, job.id)
    assert (done.status, done.attempts, done.result) == ("done", 1, {"said": "hei"})
    assert CALLS[job.id] == ["ok"]
    assert "test_done" in _events(app, job.instance_id)


def test_a_failed_attempt_keeps_nothing_and_is_tried_again_after_a_pause(app: Flask) -> None:
    job = _job(app, "test_flaky", {"fails": 2})
    assert run_job(app, job.id) == "pending"
    first = _reload(app, job.id)
    assert first.last_error == "down, try 1" and first.attempts == 1
    assert "never_kept" not in _events(app, job.instance_id)  # the attempt's writes are gone
    assert run_job(app, job.id) == "skipped"  # not due yet: a pause of 2 s
    with app.extensions["blankett.sessions"]() as session:
        assert outbox.due(session) == []
        assert [j.id for j in outbox.due(session, utcnow() + timedelta(seconds=3))] == [job.id]
    pauses = [outbox.pause(n).total_seconds() for n in (1, 2, 3, 4, 20)]
    assert pauses == [2, 4, 8, 16, outbox.LONGEST_PAUSE_SECONDS]
    for _ in range(2):
        _make_due(app, job.id)
        run_job(app, job.id)
    final = _reload(app, job.id)
    assert (final.status, final.attempts) == ("done", 3)
    with app.extensions["blankett.sessions"]() as session:
        attempts = [a.outcome for a in outbox.attempts_of(session, job.id)]
    assert attempts == ["retry", "retry", "done"]


def _make_due(app: Flask, job_id: str) -> None:
    with app.extensions["blankett.sessions"]() as session:
        job = session.get(OutboxJob, job_id)
        assert job is not None
        job.run_after = utcnow() - timedelta(seconds=1)
        session.commit()


def test_refusals_and_crashes(app: Flask) -> None:
    refused = _job(app, "test_refused")
    assert run_job(app, refused.id) == "dead"  # GiveUp: no retries
    assert "does not know" in (_reload(app, refused.id).last_error or "")
    crash = _job(app, "test_crash")
    assert run_job(app, crash.id) == "pending"  # an unexpected error: tried again
    assert _reload(app, crash.id).last_error == "ZeroDivisionError: oops"
    unknown = _job(app, "no_such_kind")
    assert run_job(app, unknown.id) == "dead"


def test_retries_stop_after_the_retry_time_and_a_person_sends_it_again(app: Flask) -> None:
    job = _job(app, "test_flaky", {"fails": 100})
    with app.extensions["blankett.sessions"]() as session:  # created long ago
        row = session.get(OutboxJob, job.id)
        assert row is not None
        row.retrying_since = utcnow() - timedelta(hours=1)
        session.commit()
    assert run_job(app, job.id) == "dead"  # JOB_RETRY_HOURS=1 has passed
    dead = _reload(app, job.id)
    assert dead.last_error is not None and dead.last_error.startswith("gave up after 1 attempts")
    with app.extensions["blankett.sessions"]() as session:
        row = session.get(OutboxJob, job.id)
        assert row is not None
        outbox.send_again(session, row)
        session.commit()
    assert run_job(app, job.id) == "pending"  # tried again, with a fresh retry time


def test_waiting_is_no_failure(app: Flask) -> None:
    job = _job(app, "test_waiting")
    assert run_job(app, job.id) == "pending"
    waiting = _reload(app, job.id)
    assert waiting.last_error is None and waiting.result == {"status": "SENDT"}
    assert waiting.run_after.replace(tzinfo=None) > (
        utcnow() + timedelta(seconds=20)).replace(tzinfo=None)


def test_a_job_waits_for_the_job_it_comes_after(app: Flask) -> None:
    first = _job(app, "test_flaky", {"fails": 1})
    second = _job(app, "test_ok", after=first)
    assert run_due(app) == 1  # the second is not due while the first is not done
    assert _reload(app, second.id).status == "pending"
    _make_due(app, first.id)
    assert run_due(app) == 1 and run_due(app) == 1
    assert _reload(app, second.id).status == "done"


def test_an_attempt_whose_worker_died_is_taken_up_again(app: Flask) -> None:
    job = _job(app, "test_ok")
    with app.extensions["blankett.sessions"]() as session:
        assert outbox.claim(session, job.id) is not None  # a worker took it, then died
        session.commit()
    assert run_job(app, job.id) == "skipped"  # running elsewhere, as far as anyone knows
    with app.extensions["blankett.sessions"]() as session:
        assert outbox.reclaim_stale(session, lease_seconds=3600) == 0
        row = session.get(OutboxJob, job.id)
        assert row is not None and row.claimed_at is not None
        row.claimed_at = utcnow() - timedelta(hours=2)
        session.commit()
        assert outbox.reclaim_stale(session, lease_seconds=3600) == 1
        session.commit()
    assert run_job(app, job.id) == "done"
    assert _reload(app, job.id).attempts == 2


def test_two_workers_never_run_one_job_twice(app: Flask) -> None:
    jobs = [_job(app, "test_ok") for _ in range(20)]
    barrier = threading.Barrier(3)

    def work() -> None:
        barrier.wait()
        for job in jobs:
            run_job(app, job.id)

    threads = [threading.Thread(target=work) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(CALLS[job.id] == ["ok"] for job in jobs)


# ------------------------------------------------------------------------------ rq and Redis
@pytest.fixture
def redis_queue() -> Iterator[Any]:
    """A queue of the test's own (other runs may share the Redis server), removed after."""
    from jobs.relay import job_queue, redis_connection

    queue = job_queue(redis_connection(REDIS_URL), f"test-{uuid.uuid4().hex[:12]}")
    yield queue
    queue.empty()
    queue.delete(delete_jobs=True)


@pytest.mark.postgres
def test_the_relay_puts_each_job_on_redis_once_and_rq_runs_it(
        tmp_path: Path, redis_queue: Any) -> None:
    from rq import SimpleWorker
    from rq.serializers import JSONSerializer

    from jobs import rq_entry
    from jobs.relay import relay_once

    with postgres_schema(migrated=True) as url:
        flask_app = make_app(tmp_path, DATABASE_URL=url, REDIS_URL=REDIS_URL)
        job = _job(flask_app, "test_ok", {"say": "via redis"})
        assert relay_once(flask_app, redis_queue) == 1
        assert relay_once(flask_app, redis_queue) == 0  # queued already: not again
        assert _reload(flask_app, job.id).status == "queued"
        rq_job = redis_queue.fetch_job(job.id)
        assert rq_job is not None and rq_job.args == [job.id]  # JSON: only the id travels
        rq_entry.use_app(flask_app)
        SimpleWorker([redis_queue], connection=redis_queue.connection,
                     serializer=JSONSerializer).work(burst=True)
        assert _reload(flask_app, job.id).status == "done"
        assert CALLS[job.id] == ["ok"]


def test_with_redis_down_jobs_wait_in_the_database(app: Flask) -> None:
    from jobs.relay import job_queue, redis_connection, relay_once

    job = _job(app, "test_ok")
    nowhere = job_queue(redis_connection("redis://127.0.0.1:1/0"))
    with pytest.raises(Exception):  # noqa: B017 - whatever redis-py raises for a refusal
        relay_once(app, nowhere)
    assert _reload(app, job.id).status == "pending"  # nothing lost, nothing marked


def test_production_says_when_hand_offs_have_nowhere_to_go(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    production = {"BLANKETT_ENV": "production", "DATABASE_URL": POSTGRES_URL,
                  "OIDC_ISSUER": "https://idporten.example", "OIDC_CLIENT_ID": "blankett",
                  "OIDC_CLIENT_SECRET": "secret"}
    make_app(tmp_path, **production)
    assert "EFORMIDLING_URL is not set, so the hand-offs wait: ekom/serveringsbevilling" in (
        caplog.text)
    caplog.clear()
    make_app(tmp_path, **production, EFORMIDLING_URL="https://ip.example/api/")
    assert "EFORMIDLING_URL" not in caplog.text
