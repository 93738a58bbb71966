"""What an rq worker runs for a job, and the `flask --app app worker` command.

rq gets only the outbox id (JSON serializer, never pickle); the work itself is `run_job`. The
app is made once per worker process, before rq forks a work-horse for each job, so the fork is
cheap, and the horse drops the connections it inherited (a connection is never shared by two
processes)."""

from __future__ import annotations

import os

from flask import Flask

from jobs.runner import run_job

_APP: Flask | None = None
_APP_PID: int | None = None


def use_app(flask_app: Flask) -> None:
    """The app jobs run in (set by the worker command before it starts working)."""
    global _APP, _APP_PID
    _APP, _APP_PID = flask_app, os.getpid()


def run(job_id: str) -> str:
    global _APP_PID
    if _APP is None:
        from app import create_app

        use_app(create_app())
    assert _APP is not None
    if _APP_PID != os.getpid():  # a forked work-horse: new connections of its own
        _APP.extensions["blankett.engine"].dispose(close=False)
        _APP_PID = os.getpid()
    return run_job(_APP, job_id)


def work(flask_app: Flask, *, burst: bool = False, relay_interval: float = 0.5) -> None:
    """Relay the outbox and work the queue until stopped (SIGTERM: after the current job)."""
    from rq import Worker
    from rq.serializers import JSONSerializer

    from jobs.relay import QUEUE_NAME, Relay, job_queue, redis_connection

    url = flask_app.config.get("REDIS_URL")
    name = str(flask_app.config.get("JOB_QUEUE") or QUEUE_NAME)
    if not url:
        raise RuntimeError("the worker needs REDIS_URL (without it, the web process runs "
                           "the jobs itself)")
    connection = redis_connection(url)
    queue = job_queue(connection, name)
    use_app(flask_app)
    relay = Relay(flask_app, job_queue(redis_connection(url), name), relay_interval)
    relay.start()
    try:
        Worker([queue], connection=connection, serializer=JSONSerializer).work(
            burst=burst, with_scheduler=False)
    finally:
        relay.stop()
