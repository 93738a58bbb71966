"""Signing tasks end to end through the API and the citizen's pages (process/signing_task.py):
sign as the caller, wait for every required signee, refuse tampered data, organisations'
tokens and strangers, and go back on reject."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from flask.testing import FlaskClient

from tests.conftest import SHARED_APPS, login, make_app
from tests.test_api_auth import bearer, org_token, user_token

OWNER = 500000  # DDG Fitness AS; Sophie Salt (1337) has a role for it, Ola (12345) none
BASE = "/ttd/signing-test/instances"
FOUNDERS = {"persons": [{"ssn": "01039012345", "name": "Sophie Salt"},
                        {"ssn": "01017512345", "name": "Ola Nordmann"}]}
SIGN_PAGE = {"data": {"layout": [
    {"id": "docs", "type": "SigningDocumentList", "textResourceBindings": {}},
    {"id": "signees", "type": "SigneeList", "textResourceBindings": {}},
    {"id": "actions", "type": "SigningActions", "textResourceBindings": {}}]}}


def _client(tmp_path: Path, copy_app: Any, provider: bool = True) -> FlaskClient:
    folder = copy_app(SHARED_APPS / "signing-test", "signing-test")
    root = folder / "App"
    if provider:
        bpmn = root / "config/process/process.bpmn"
        bpmn.write_text(bpmn.read_text(encoding="utf-8").replace(
            "<altinn:signatureDataType>signature1</altinn:signatureDataType>",
            "<altinn:signatureDataType>signature1</altinn:signatureDataType>"
            "<altinn:signeeProviderId>founders</altinn:signeeProviderId>"), encoding="utf-8")
        (root / "config/signees").mkdir(parents=True)
        (root / "config/signees/founders.json").write_text(json.dumps(FOUNDERS))
    (root / "ui/confirm1/layouts/Sign.json").write_text(json.dumps(SIGN_PAGE))
    settings = root / "ui/confirm1/Settings.json"
    settings.write_text(json.dumps({"pages": {"order": ["Sign", "Confirm", "NoAccess"]}}))
    return make_app(tmp_path, BLANKETT_APPS_DIR=str(folder.parent)).test_client()


def _to_signing(client: FlaskClient) -> tuple[str, str]:
    """An instance for DDG Fitness made by Sophie through the API, moved to Task_2."""
    token = user_token(client, 1337)
    made = client.post(f"{BASE}?instanceOwnerPartyId={OWNER}", headers=bearer(token))
    assert made.status_code == 201, made.get_data(as_text=True)
    url = f"{BASE}/{made.get_json()['id']}"
    form = next(d for d in made.get_json()["data"] if d["dataType"] == "data")
    put = client.put(f"{url}/data/{form['id']}", headers=bearer(token), json={"form": {
        "name": "DDG Fitness AS", "orgNumber": "897069650", "year": 2023, "income": 100}})
    assert put.status_code == 200, put.get_data(as_text=True)
    moved = client.put(f"{url}/process/next", headers=bearer(token))
    assert moved.status_code == 200, moved.get_data(as_text=True)
    assert moved.get_json()["currentTask"]["elementId"] == "Task_2"
    return url, token


def _sign(client: FlaskClient, url: str, token: str, **body: Any) -> Any:
    return client.put(f"{url}/process/next", headers=bearer(token),
                      json={"action": "sign", **body})


def test_signing_test_runs_to_its_end_with_sign(tmp_path: Path, copy_app: Any) -> None:
    client = _client(tmp_path, copy_app, provider=False)
    url, token = _to_signing(client)
    signed = _sign(client, url, token)
    assert signed.status_code == 200, signed.get_data(as_text=True)
    assert signed.get_json()["currentTask"]["elementId"] == "Task_3"
    done = _sign(client, url, token)
    assert done.status_code == 200 and done.get_json()["ended"]
    instance = client.get(url, headers=bearer(token)).get_json()
    assert {d["dataType"] for d in instance["data"]} >= {"signature1", "signature2"}


def test_two_signees_sign_in_turn(tmp_path: Path, copy_app: Any) -> None:
    client = _client(tmp_path, copy_app)
    url, sophie = _to_signing(client)
    ola = user_token(client, 12345)
    assert client.get(f"{url}/signing", headers=bearer(ola)).status_code == 200  # a signee
    stranger = user_token(client, 1003)  # Rik Forelder: no role for DDG
    assert client.get(f"{url}/signing", headers=bearer(stranger)).status_code == 404
    assert _sign(client, url, stranger).status_code == 404
    first = _sign(client, url, sophie)
    assert first.status_code == 200, first.get_data(as_text=True)
    assert first.get_json()["currentTask"]["elementId"] == "Task_2"  # Ola has not signed
    states = client.get(f"{url}/signing", headers=bearer(sophie)).get_json()["signeeStates"]
    assert [(s["name"], bool(s["signedTime"])) for s in states] == [
        ("Sophie Salt", True), ("Ola Nordmann", False)]
    assert _sign(client, url, sophie).status_code == 409  # signed already
    second = _sign(client, url, ola)
    assert second.status_code == 200, second.get_data(as_text=True)
    assert second.get_json()["currentTask"]["elementId"] == "Task_3"


def test_tampered_data_after_signing_blocks_the_end(tmp_path: Path, copy_app: Any) -> None:
    client = _client(tmp_path, copy_app)
    url, sophie = _to_signing(client)
    assert _sign(client, url, sophie).status_code == 200
    with client.application.app_context():
        from storage import repository
        from web.db import db_session

        instance = repository.get_instance(db_session(), url.rsplit("/", 1)[1])
        assert instance is not None
        data = repository.form_data_element(instance, "data")
        assert data is not None
        data.blob = data.blob + b"\n"  # changed behind the repository's back
        db_session().commit()
    refused = _sign(client, url, user_token(client, 12345))
    assert refused.status_code == 409
    codes = [i["code"] for i in refused.get_json()["validationIssues"]]
    # Sophie's signature no longer matches the data, so it counts as missing too.
    assert codes == ["InvalidSignatureHash", "MissingSignatures"]


def test_an_org_token_cannot_sign_and_reject_goes_back(tmp_path: Path,
                                                      copy_app: Any) -> None:
    client = _client(tmp_path, copy_app)
    url, sophie = _to_signing(client)
    owner = org_token(client, "ttd", "altinn:serviceowner/instances.read "
                                     "altinn:serviceowner/instances.write")
    assert _sign(client, url, owner).status_code == 403
    back = client.put(f"{url}/process/next", headers=bearer(sophie), json={"action": "reject"})
    assert back.status_code == 200 and back.get_json()["currentTask"]["elementId"] == "Task_1"


def test_signees_sign_on_the_page(tmp_path: Path, copy_app: Any) -> None:
    client = _client(tmp_path, copy_app)
    url, _ = _to_signing(client)
    party, guid = url.split("/")[-2:]
    page = f"/instance/{party}/{guid}/page/Sign"
    login(client, 1003)  # neither owner nor signee
    assert client.get(page).status_code == 404
    login(client, 1337)
    client.post("/party", data={"party_id": str(OWNER)})
    html = client.get(page).get_data(as_text=True)
    assert "<table" in html and "Ola Nordmann" in html and 'value="process:sign"' in html
    assert 'value="process:reject"' in html
    assert client.post(page, data={"action": "process:sign"}).status_code == 303
    login(client, 12345)  # Ola: not the owner's, a required signee
    html = client.get(page).get_data(as_text=True)
    assert "Signert" in html and 'value="process:sign"' in html
    assert client.post(page, data={"action": "process:sign"}).status_code == 303
    with client.application.app_context():
        from storage import repository
        from web.db import db_session

        instance = repository.get_instance(db_session(), guid)
        assert instance is not None and instance.current_task == "Task_3"


def test_a_signee_finds_what_waits_for_their_signature(tmp_path: Path, copy_app: Any) -> None:
    client = _client(tmp_path, copy_app)
    url, sophie = _to_signing(client)
    guid = url.rsplit("/", 1)[1]
    login(client, 12345)  # Ola: a required signee, not one of DDG Fitness's people
    start = client.get("/").get_data(as_text=True)
    assert "Venter på din signatur" in start and guid.split("-")[-1] in start
    login(client, 1003)  # neither owner nor signee
    assert "Venter på din signatur" not in client.get("/").get_data(as_text=True)
    assert _sign(client, url, user_token(client, 12345)).status_code == 200
    login(client, 12345)
    assert "Venter på din signatur" not in client.get("/").get_data(as_text=True)
