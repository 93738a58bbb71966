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


def job_queue(connection: Any, name: str = QUEUE_NAME) -> Any:
    from rq import Queue
    from rq.serializers import JSONSerializer

    return Queue(name, connection=connection, serializer=JSONSerializer)


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
            _enqueue(queue, job_id)
        except DuplicateJobError:
            if not _waiting_on_queue(queue, job_id):
                # an earlier attempt's rq job: ended, or abandoned by a worker that died (the
                # outbox took the attempt back after its lease); this attempt is a new one
                queue.connection.delete(f"rq:job:{job_id}")
                _enqueue(queue, job_id)
        with sessions() as session:
            if outbox.mark_queued(session, job_id):
                sent += 1
            session.commit()
    return sent


def _enqueue(queue: Any, job_id: str) -> None:
    queue.enqueue_call("jobs.rq_entry.run", args=(job_id,), job_id=job_id, unique=True,
                       timeout=JOB_TIMEOUT_SECONDS, result_ttl=600, failure_ttl=24 * 3600)


def _waiting_on_queue(queue: Any, job_id: str) -> bool:
    """The rq job of this id is still waiting to be run (on the queue an earlier pass put it
    on, before that pass could mark it queued)."""
    from rq.job import Job, JobStatus

    try:
        status = Job.fetch(job_id, connection=queue.connection,
                           serializer=queue.serializer).get_status()
    except Exception:  # noqa: BLE001 - gone meanwhile, or unreadable: not waiting
        return False
    return status in (JobStatus.QUEUED, JobStatus.SCHEDULED, JobStatus.DEFERRED)


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
