"""The receipt PDF and the hand-off as the citizen meets them: the receipt page says the PDF is
on its way until its job is done, then links to it; a receipt job that crashes leaves nothing
behind and is tried again; and in local mode the in-process worker takes a submission all the
way to delivered at the stand-in integration point."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

import receipts
from jobs.local import run_due
from jobs.outbox import jobs_for
from storage.models import OutboxJob, utcnow
from tests.conftest import login, make_app, sample_form_data
from tests.test_api_auth import bearer, user_token

BASE = "/ekom/serveringsbevilling/instances"


def _submit(app: Flask) -> str:
    client = app.test_client()
    token = user_token(client, 12345)
    instance = client.post(f"{BASE}?instanceOwnerPartyId=512345", headers=bearer(token))
    body = instance.get_json()
    url = f"{BASE}/{body['id']}"
    form = next(d for d in body["data"] if d["dataType"] == "model")
    assert client.put(f"{url}/data/{form['id']}", json=sample_form_data(app),
                      headers=bearer(token)).status_code == 200
    assert client.put(f"{url}/process/next", headers=bearer(token)).status_code == 200
    return str(body["id"]).split("/")[-1]


def _receipt_page(client: FlaskClient, instance_id: str) -> str:
    response = client.get(f"/instance/512345/{instance_id}/receipt")
    assert response.status_code == 200
    return response.get_data(as_text=True)


@pytest.fixture
def standin(tmp_path: Path) -> Iterator[Any]:
    from integrations.standins.eformidling import serve_standin

    server = serve_standin(folder=tmp_path / "standin")
    yield server
    server.stop()


def test_a_crashing_receipt_job_leaves_nothing_and_is_tried_again(
        tmp_path: Path, standin: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    app = make_app(tmp_path, EFORMIDLING_URL=standin.url)
    instance_id = _submit(app)
    client = app.test_client()
    login(client)
    page = _receipt_page(client, instance_id)
    assert "Kvitteringen (PDF) lages nå." in page and "Last ned kvitteringen" not in page
    assert 'hx-trigger="load delay:2s"' in page  # htmx asks again; a link does without JS

    real = receipts.make_receipt

    def crash_after_rendering(*args: Any, **kwargs: Any) -> bytes:
        real(*args, **kwargs)
        raise MemoryError("the work-horse ran out of memory")

    monkeypatch.setattr(receipts, "make_receipt", crash_after_rendering)
    run_due(app)
    with app.extensions["blankett.sessions"]() as session:
        jobs = {j.kind: j for j in jobs_for(session, instance_id)}
        assert jobs["receipt_pdf"].status == "pending"
        assert "MemoryError" in (jobs["receipt_pdf"].last_error or "")
        assert jobs["eformidling_send"].status == "pending"  # waits for the receipt
    page = _receipt_page(client, instance_id)
    assert "Last ned kvitteringen" not in page and "lages nå" in page  # nothing half-made

    monkeypatch.setattr(receipts, "make_receipt", real)
    with app.extensions["blankett.sessions"]() as session:
        job = session.get(OutboxJob, jobs["receipt_pdf"].id)
        assert job is not None
        job.run_after = utcnow() - timedelta(seconds=1)
        session.commit()
    while run_due(app):
        pass
    page = _receipt_page(client, instance_id)
    assert "Last ned kvitteringen (PDF" in page and "lages nå" not in page
    download = next(part.split('"', 1)[0] for part in page.split('href="')
                    if "/attachments/" in part.split('"', 1)[0])
    response = client.get(download)
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    assert response.headers["Content-Disposition"].startswith("attachment")


def test_local_mode_takes_a_submission_to_delivered(tmp_path: Path, standin: Any) -> None:
    """The in-process worker (no Redis): receipt, hand-off and status, woken by the commit."""
    import requests

    app = make_app(tmp_path, EFORMIDLING_URL=standin.url, RUN_JOBS_IN_PROCESS=True,
                   TESTING=False)
    client = app.test_client()
    client.get("/")  # the first request starts the worker
    instance_id = _submit(app)
    deadline = time.monotonic() + 30
    delivered = False
    while time.monotonic() < deadline and not delivered:
        listing = requests.get(f"{standin.url}/_standin/messages", timeout=5).json()
        delivered = any(s["status"] == "LEVERT" for m in listing["messages"]
                        if m["id"] == instance_id for s in m["statuses"])
        time.sleep(0.05)
    assert delivered
    message = next(m for m in listing["messages"] if m["id"] == instance_id)
    names = [f["name"] for f in message["files"]]
    assert names[0] == "arkivmelding.xml" and "model.xml" in names
    assert any(name.endswith(".pdf") for name in names)
    app.extensions["blankett.jobs"].stop()
