"""One attempt at one job, the same in an rq worker and in the in-process worker.

The claim is its own short transaction (so a second worker sees the job running at once); the
handler's writes and the job's `done` are one transaction, so a crash in between leaves the job
to be tried again and nothing half-made behind (a receipt is stored together with the job's
end). A failure is recorded in a fresh transaction after the handler's is rolled back."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from flask import Flask

# The job kinds' modules register their handlers when imported.
from jobs import handoff, outbox, payment_receipt, receipt, signing_pdf  # noqa: F401
from jobs.handlers import HANDLERS, GiveUp, JobContext, NotYet, RetryLater
from storage import repository
from storage.models import OutboxJob

log = logging.getLogger(__name__)


def run_job(flask_app: Flask, job_id: str) -> str:
    """Try the job once if it may run now; its status afterwards ('skipped' if it could not
    be claimed: done, dead, running elsewhere or not due)."""
    sessions = flask_app.extensions["blankett.sessions"]
    with flask_app.app_context(), sessions() as session:
        job = outbox.claim(session, job_id)
        if job is None:
            session.rollback()
            return "skipped"
        session.commit()
        kind = job.kind
        try:
            handle = HANDLERS.get(kind)
            if handle is None:
                raise GiveUp(f"no handler for jobs of kind '{kind}'")
            instance = repository.get_instance(session, job.instance_id)
            if instance is None:
                raise GiveUp("the instance no longer exists")
            app = flask_app.extensions["blankett.apps"].for_instance(instance)
            if app is None:
                raise RetryLater(f"the app {instance.app_id} is not loaded")
            result = handle(JobContext(flask_app, session, job, instance, app))
            outbox.done(session, job, result)
            session.commit()
            return outbox.DONE
        except NotYet as waiting:
            session.rollback()
            return _record(flask_app, job_id, str(waiting), waiting.wait, counts=False,
                           result=waiting.result)
        except GiveUp as refusal:
            session.rollback()
            log.error("job %s (%s) gave up: %s", job_id, kind, refusal)
            return _record(flask_app, job_id, str(refusal), None, give_up=True)
        except Exception as error:  # noqa: BLE001 - any failure is tried again later
            session.rollback()
            log.warning("job %s (%s) failed, will retry: %r", job_id, kind, error)
            return _record(flask_app, job_id, _describe(error), None)


def _describe(error: BaseException) -> str:
    return str(error) if isinstance(error, RetryLater) else f"{type(error).__name__}: {error}"


def _record(flask_app: Flask, job_id: str, error: str, wait: timedelta | None, *,
            counts: bool = True, give_up: bool = False,
            result: dict[str, Any] | None = None) -> str:
    sessions = flask_app.extensions["blankett.sessions"]
    with sessions() as session:
        job = session.get(OutboxJob, job_id)
        if job is None or job.status != outbox.RUNNING:
            return "skipped"
        if result is not None:
            job.result = result
        if give_up:
            outbox.dead(session, job, error)
        else:
            config = flask_app.config
            outbox.retry(session, job, error, wait=wait, counts=counts,
                         retry_hours=float(config.get("JOB_RETRY_HOURS",
                                                      outbox.DEFAULT_RETRY_HOURS)),
                         first_pause=float(config.get("JOB_FIRST_PAUSE_SECONDS",
                                                      outbox.FIRST_PAUSE_SECONDS)))
        session.commit()
        return job.status
