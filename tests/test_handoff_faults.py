"""Faults on the way from a submission to the archive, with the real parts: `flask worker` (rq's
worker and the outbox relay) in a subprocess, the real Redis, PostgreSQL, and the stand-in
eFormidling integration point on loopback. Submissions are made through the API.

- the worker is killed (SIGKILL) in the middle of a hand-off and started again: the stand-in
  holds the message once, delivered;
- the stand-in answers 500 three times, then accepts: the hand-off succeeds;
- Redis is down when the citizen submits: the submission is accepted, and the hand-off goes
  out once Redis is back;
- a receipt job that crashes is tried again, and no half-made PDF is ever served."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from flask import Flask

from jobs.outbox import jobs_for
from tests.conftest import ROOT, make_app, postgres_schema, sample_form_data
from tests.test_api_auth import bearer, user_token

pytestmark = pytest.mark.postgres

REDIS_URL = "redis://127.0.0.1:6379/0"
BASE = "/ekom/serveringsbevilling/instances"


@pytest.fixture
def database() -> Iterator[str]:
    with postgres_schema(migrated=True) as url:
        yield url


@pytest.fixture
def queue_name() -> Iterator[str]:
    """A queue of the test's own, so that runs beside it (another checkout's tests, a local
    worker) neither take its jobs nor lose theirs; emptied afterwards."""
    from jobs.relay import job_queue, redis_connection

    name = f"test-{uuid.uuid4().hex[:12]}"
    yield name
    queue = job_queue(redis_connection(REDIS_URL), name)
    queue.empty()
    queue.delete(delete_jobs=True)


@pytest.fixture
def standin(tmp_path: Path) -> Iterator[Any]:
    from integrations.standins.eformidling import serve_standin

    server = serve_standin(folder=tmp_path / "standin")
    yield server
    server.stop()


class Worker:
    """`flask --app app worker` in a subprocess, with the test's database, Redis and stand-in."""

    def __init__(self, env: dict[str, str], log: Path) -> None:
        self.env, self.log = env, log
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        out = self.log.open("ab")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "flask", "--app", "app", "worker"], cwd=ROOT, env=self.env,
            stdout=out, stderr=subprocess.STDOUT, start_new_session=True)

    def kill(self) -> None:
        """SIGKILL the worker and its work-horse: no chance to tidy up."""
        assert self.process is not None
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)


@pytest.fixture
def worker(tmp_path: Path, database: str, queue_name: str, standin: Any) -> Iterator[Worker]:
    env = {**os.environ, "BLANKETT_ENV": "local", "DATABASE_URL": database,
           "REDIS_URL": REDIS_URL, "JOB_QUEUE": queue_name, "EFORMIDLING_URL": standin.url,
           "BLANKETT_INSTANCE_DIR": str(tmp_path / "instance"),
           "BLANKETT_APPS_DIR": str(ROOT / "layouts"),
           "JOB_FIRST_PAUSE_SECONDS": "0.3", "JOB_LEASE_SECONDS": "4"}
    started = Worker(env, tmp_path / "worker.log")
    yield started
    started.stop()


@pytest.fixture
def web(tmp_path: Path, database: str) -> Flask:
    """The web side: takes submissions, never runs a job (they go to the worker)."""
    return make_app(tmp_path / "web", DATABASE_URL=database, REDIS_URL=REDIS_URL)


def _submit(web: Flask) -> str:
    client = web.test_client()
    token = user_token(client, 12345)
    created = client.post(f"{BASE}?instanceOwnerPartyId=512345", headers=bearer(token))
    assert created.status_code == 201, created.get_data(as_text=True)
    instance = created.get_json()
    url = f"{BASE}/{instance['id']}"
    form = next(d for d in instance["data"] if d["dataType"] == "model")
    assert client.put(f"{url}/data/{form['id']}", json=sample_form_data(web),
                      headers=bearer(token)).status_code == 200
    moved = client.put(f"{url}/process/next", headers=bearer(token))
    assert moved.status_code == 200, moved.get_data(as_text=True)
    return str(instance["id"]).split("/")[-1]


def _wait_for(what: str, check: Callable[[], Any], seconds: float = 60.0,
              log: Path | None = None) -> Any:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.1)
    tail = log.read_text(errors="replace")[-3000:] if log and log.exists() else ""
    raise AssertionError(f"timed out waiting for {what}\n{tail}")


def _messages(standin: Any) -> list[dict[str, Any]]:
    return list(requests.get(f"{standin.url}/_standin/messages", timeout=5).json()["messages"])


def _mine(standin: Any, instance_id: str) -> list[dict[str, Any]]:
    return [m for m in _messages(standin) if m["id"] == instance_id]


def _delivered(standin: Any, instance_id: str) -> bool:
    return any(s["status"] == "LEVERT" for m in _mine(standin, instance_id)
               for s in m["statuses"])


def _handoff(web: Flask, instance_id: str) -> dict[str, str]:
    with web.extensions["blankett.sessions"]() as session:
        return {job.kind: job.status for job in jobs_for(session, instance_id)}


def test_a_worker_killed_in_the_middle_of_a_hand_off(web: Flask, worker: Worker,
                                                     standin: Any) -> None:
    requests.post(f"{standin.url}/_standin/hang?seconds=30&route=upload", timeout=5)
    instance_id = _submit(web)
    worker.start()
    _wait_for("the hand-off to start uploading",
              lambda: _mine(standin, instance_id),
              log=worker.log)
    worker.kill()  # in the middle: the message is created, its files not all uploaded
    assert _handoff(web, instance_id)["eformidling_send"] == "running"
    requests.post(f"{standin.url}/_standin/reset", timeout=5)
    worker.start()
    _wait_for("delivery", lambda: _delivered(standin, instance_id), log=worker.log)
    mine = _mine(standin, instance_id)
    assert len(mine) == 1 and mine[0]["sendCount"] == 1, mine  # exactly once
    statuses = _wait_for("the status job", lambda: _handoff(web, instance_id).get(
        "eformidling_status") == "done" and _handoff(web, instance_id), log=worker.log)
    assert statuses == {"receipt_pdf": "done", "eformidling_send": "done",
                        "eformidling_status": "done"}


def test_the_integration_point_fails_three_times_then_accepts(
        web: Flask, worker: Worker, standin: Any) -> None:
    requests.post(f"{standin.url}/_standin/fail?times=3&code=500", timeout=5)
    instance_id = _submit(web)
    worker.start()
    _wait_for("delivery", lambda: _delivered(standin, instance_id), log=worker.log)
    with web.extensions["blankett.sessions"]() as session:
        send = next(j for j in jobs_for(session, instance_id) if j.kind == "eformidling_send")
        assert send.status == "done" and send.attempts == 4
    mine = _mine(standin, instance_id)
    assert len(mine) == 1 and mine[0]["sendCount"] == 1, mine


def test_redis_down_when_the_citizen_submits(tmp_path: Path, database: str, worker: Worker,
                                             standin: Any) -> None:
    nowhere = make_app(tmp_path / "down", DATABASE_URL=database,
                       REDIS_URL="redis://127.0.0.1:1/0")  # nothing listens there
    instance_id = _submit(nowhere)  # accepted all the same: the web side never needs Redis
    assert _handoff(nowhere, instance_id) == {"receipt_pdf": "pending",
                                              "eformidling_send": "pending"}
    worker.start()  # Redis is back
    _wait_for("delivery", lambda: _delivered(standin, instance_id), log=worker.log)
