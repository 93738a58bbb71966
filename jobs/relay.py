"""From the outbox to rq: due jobs are put on the Redis queue with the outbox id as rq's job id
(`unique`, so a job is on the queue at most once however many relays run), then marked queued.
Redis being down loses nothing: the jobs stay pending in the database and go out on a later
pass. Jobs with a dead worker or lost by Redis come back through `outbox.reclaim_stale`."""

from __future__ import annotations

import logging
import threading
from typing import Any

from flask import Flask

from jobs import outbox

log = logging.getLogger(__name__)
QUEUE_NAME = "blankett"
# rq stops a job after this long; the outbox lease (outbox.LEASE_SECONDS) is longer.
JOB_TIMEOUT_SECONDS = 5 * 60


def redis_connection(url: str) -> Any:
    from redis import Redis

    return Redis.from_url(url, socket_timeout=5, socket_connect_timeout=5)


def job_queue(connection: Any) -> Any:
    from rq import Queue
    from rq.serializers import JSONSerializer

    return Queue(QUEUE_NAME, connection=connection, serializer=JSONSerializer)


def relay_once(flask_app: Flask, queue: Any, limit: int = 200) -> int:
    """One pass: stale jobs back to pending, due jobs onto the queue; how many were queued."""
    from rq.exceptions import DuplicateJobError

    sessions = flask_app.extensions["blankett.sessions"]
    with sessions() as session:
        outbox.reclaim_stale(session, flask_app.config.get("JOB_LEASE_SECONDS",
                                                           outbox.LEASE_SECONDS))
        session.commit()
        ids = [job.id for job in outbox.due(session, limit=limit)]
    sent = 0
    for job_id in ids:
        try:
            queue.enqueue_call("jobs.rq_entry.run", args=(job_id,), job_id=job_id,
                               unique=True, timeout=JOB_TIMEOUT_SECONDS,
                               result_ttl=600, failure_ttl=7 * 24 * 3600)
        except DuplicateJobError:
            pass  # on the queue already (an earlier pass got this far and no further)
        with sessions() as session:
            if outbox.mark_queued(session, job_id):
                sent += 1
            session.commit()
    return sent


class Relay(threading.Thread):
    """Relays every `interval` seconds until stopped; Redis errors are logged and retried."""

    def __init__(self, flask_app: Flask, queue: Any, interval: float = 0.5) -> None:
        super().__init__(name="blankett-relay", daemon=True)
        self.flask_app, self.queue, self.interval = flask_app, queue, interval
        self.stopping = threading.Event()

    def run(self) -> None:
        while not self.stopping.is_set():
            try:
                relay_once(self.flask_app, self.queue)
            except Exception as error:  # noqa: BLE001 - Redis or the database is away
                log.warning("relay pass failed, trying again: %r", error)
            self.stopping.wait(self.interval)

    def stop(self) -> None:
        self.stopping.set()
