"""Local mode's worker: a thread in the web process that runs due outbox jobs itself, so the
README's run command needs no Redis. Same outbox, same handlers, same retries as rq's workers;
`wake()` after a commit that added jobs saves waiting for the next poll."""

from __future__ import annotations

import logging
import threading

from flask import Flask

from jobs import outbox
from jobs.runner import run_job

log = logging.getLogger(__name__)


def run_due(flask_app: Flask, limit: int = 50) -> int:
    """Run every job that is due now, once; how many ran (tests call this directly)."""
    sessions = flask_app.extensions["blankett.sessions"]
    with sessions() as session:
        outbox.reclaim_stale(session, flask_app.config.get("JOB_LEASE_SECONDS",
                                                           outbox.LEASE_SECONDS))
        session.commit()
        ids = [job.id for job in outbox.due(session, limit=limit,
                                            statuses=(outbox.PENDING, outbox.QUEUED))]
    return sum(run_job(flask_app, job_id) != "skipped" for job_id in ids)


class LocalWorker(threading.Thread):
    def __init__(self, flask_app: Flask, interval: float = 0.25) -> None:
        super().__init__(name="blankett-jobs", daemon=True)
        self.flask_app, self.interval = flask_app, interval
        self.woken, self.stopping = threading.Event(), threading.Event()

    def run(self) -> None:
        while not self.stopping.is_set():
            try:
                while run_due(self.flask_app):
                    pass  # what ran may have made more work due (a follow-up job)
            except Exception as error:  # noqa: BLE001 - the database is away: try again
                log.warning("local job pass failed, trying again: %r", error)
            self.woken.wait(self.interval)
            self.woken.clear()

    def wake(self) -> None:
        self.woken.set()

    def stop(self) -> None:
        self.stopping.set()
        self.woken.set()


def start_local_standin(flask_app: Flask) -> None:
    """Local mode without EFORMIDLING_URL: hand-offs go to a stand-in integration point on
    loopback, which keeps what it gets in the instance folder."""
    from pathlib import Path

    from integrations.standins.eformidling import serve_standin

    standin = serve_standin(folder=Path(flask_app.instance_path) / "eformidling-standin")
    flask_app.extensions["blankett.eformidling_standin"] = standin
    flask_app.extensions["blankett.eformidling_url"] = standin.url
    log.warning("eFormidling hand-offs go to the local stand-in at %s", standin.url)


def start_in_process(flask_app: Flask) -> LocalWorker:
    """Run the app's jobs in this process from now on, woken by every commit that adds one."""
    from sqlalchemy import event
    from sqlalchemy.orm import Session

    if flask_app.config.get("LOCAL_MODE") and not flask_app.config.get("EFORMIDLING_URL"):
        start_local_standin(flask_app)
    worker = LocalWorker(flask_app)
    flask_app.extensions["blankett.jobs"] = worker

    def wake(session: Session) -> None:
        if session.info.pop(outbox.NEW_JOBS, False):
            worker.wake()

    event.listen(flask_app.extensions["blankett.sessions"], "after_commit", wake)
    worker.start()
    return worker


def start_with_first_request(flask_app: Flask) -> None:
    """Start the in-process worker when the server serves its first request, so that the
    other commands (`flask db upgrade`, `flask apps check`, ...) start no thread."""
    lock = threading.Lock()

    def start() -> None:
        if "blankett.jobs" not in flask_app.extensions:
            with lock:
                if "blankett.jobs" not in flask_app.extensions:
                    start_in_process(flask_app)

    flask_app.before_request(start)
