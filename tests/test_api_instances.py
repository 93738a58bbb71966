"""The instance API end to end with bearer tokens, as an Altinn client uses it: create an
instance, put and patch its form data, upload an attachment, validate, move the process to the
end; with Altinn's shapes, ProblemDetails refusals and party A never seeing party B's data."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from tests.components.test_fileupload import pdf_bytes, png_bytes
from tests.conftest import sample_form_data
from tests.test_api_auth import bearer, org_token, user_token

BASE = "/ekom/serveringsbevilling/instances"


def _create(client: FlaskClient, token: str, party: int = 512345) -> dict[str, Any]:
    response = client.post(f"{BASE}?instanceOwnerPartyId={party}", headers=bearer(token))
    assert response.status_code == 201, response.get_data(as_text=True)
    return response.get_json()


def test_create_fill_validate_and_submit_through_the_api(app: Flask,
                                                         client: FlaskClient) -> None:
    token = user_token(client, 12345)
    instance = _create(client, token)
    assert instance["appId"] == "ekom/serveringsbevilling"
    assert instance["instanceOwner"]["partyId"] == "512345"
    assert instance["process"]["currentTask"]["elementId"] == "Task_1"
    form = next(d for d in instance["data"] if d["dataType"] == "model")
    url = f"{BASE}/{instance['id']}"
    assert client.get(url, headers=bearer(token)).get_json()["id"] == instance["id"]

    # Moving on with the form empty: 409 with the issues, nothing changed.
    refused = client.put(f"{url}/process/next", headers=bearer(token))
    assert refused.status_code == 409
    assert refused.content_type == "application/problem+json"
    assert any(i["code"] == "required" for i in refused.get_json()["validationIssues"])

    data_url = f"{url}/data/{form['id']}"
    put = client.put(data_url, json=sample_form_data(app), headers=bearer(token))
    assert put.status_code == 200, put.get_data(as_text=True)
    patch = client.patch(data_url, headers=bearer(token), json={"patch": [
        {"op": "test", "path": "/soker/navn", "value": "Kari"},
        {"op": "replace", "path": "/soker/navn", "value": "Kari Nordmann"}]})
    assert patch.status_code == 200, patch.get_data(as_text=True)
    assert patch.get_json()["newDataModel"]["soker"]["navn"] == "Kari Nordmann"
    lost = client.patch(data_url, headers=bearer(token), json={"patch": [
        {"op": "test", "path": "/soker/navn", "value": "Kari"}]})  # someone changed it
    assert lost.status_code == 409
    assert client.get(data_url, headers=bearer(token)).get_json()["soker"]["navn"] == (
        "Kari Nordmann")

    issues = client.get(f"{url}/validate", headers=bearer(token)).get_json()
    assert [i for i in issues if i["severity"] == 1] == []
    moved = client.put(f"{url}/process/next", headers=bearer(token))
    assert moved.status_code == 200, moved.get_data(as_text=True)
    state = client.get(f"{url}/process", headers=bearer(token)).get_json()
    assert state["ended"] and state["currentTask"] is None
    history = client.get(f"{url}/process/history", headers=bearer(token)).get_json()
    assert [h["eventType"] for h in history["processHistory"]][:2] == [
        "process_StartEvent", "process_StartTask"]
    # Ended: the data is locked.
    locked = client.put(data_url, json=sample_form_data(app), headers=bearer(token))
    assert locked.status_code == 409


def test_attachments_are_checked_by_content(client: FlaskClient, app: Flask) -> None:
    token = user_token(client, 12345)
    instance = _create(client, token)
    url = f"{BASE}/{instance['id']}/data?dataType=ref-data-as-pdf"
    good = client.post(url, data=pdf_bytes(), headers={
        **bearer(token), "Content-Type": "application/pdf",
        "Content-Disposition": 'attachment; filename="kvittering.pdf"'})
    assert good.status_code == 201, good.get_data(as_text=True)
    assert good.get_json()["contentType"] == "application/pdf"
    disguised = client.post(url, data=png_bytes(), headers={
        **bearer(token), "Content-Type": "application/pdf",
        "Content-Disposition": 'attachment; filename="bilde.pdf"'})
    assert disguised.status_code == 415
    element = good.get_json()["id"]
    download = client.get(f"{BASE}/{instance['id']}/data/{element}", headers=bearer(token))
    assert download.data == pdf_bytes()


def _instance_routes(app: Flask, element: str) -> list[tuple[str, str]]:
    """(method, path after the instance URL) of every API route of one instance, from the
    app's own URL map, so a route added later is covered without being listed here."""
    prefix = "/<org>/<app_name>/instances/<int:party_id>/<instance_id>"
    found = []
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith(prefix):
            continue
        path = rule.rule[len(prefix):].replace("<element_id>", element)
        assert "<" not in path, rule.rule  # a new parameter: say here what to put in it
        if path == "/data":
            path += "?dataType=ref-data-as-pdf"
        found += [(method.lower(), path) for method in sorted(rule.methods or ())
                  if method not in ("HEAD", "OPTIONS")]
    return found


def test_another_party_cannot_see_or_change_an_instance(app: Flask, client: FlaskClient
                                                        ) -> None:
    owner = user_token(client, 12345)
    instance = _create(client, owner)
    other = user_token(client, 1337)
    url = f"{BASE}/{instance['id']}"
    element = instance["data"][0]["id"]
    missing = f"{BASE}/512345/00000000-0000-4000-8000-000000000000"
    routes = _instance_routes(app, element)
    assert len(routes) >= 15, routes
    for method, path in routes:
        response = getattr(client, method)(url + path, headers=bearer(other), json={})
        assert response.status_code == 404, (method, path, response.status_code)
        # Not even detectable: the same answer as for an instance that does not exist.
        absent = getattr(client, method)(missing + path, headers=bearer(other), json={})
        assert (absent.status_code, absent.get_json()) == (404, response.get_json())
    assert client.get(url, headers=bearer(owner)).status_code == 200  # nothing changed
    assert client.post(f"{BASE}?instanceOwnerPartyId=512345",
                       headers=bearer(other)).status_code == 403
    assert client.get(f"{BASE}/512345/active", headers=bearer(other)).status_code == 403
    # The app owner reads it with its scope.
    owner_org = org_token(client, "ekom", "altinn:serviceowner/instances.read")
    assert client.get(url, headers=bearer(owner_org)).status_code == 200


def test_active_instances_and_deleting(client: FlaskClient) -> None:
    token = user_token(client, 12345)
    instance = _create(client, token)
    active = client.get(f"{BASE}/512345/active", headers=bearer(token)).get_json()
    assert [i["id"] for i in active] == [instance["id"]]
    soft = client.delete(f"{BASE}/{instance['id']}", headers=bearer(token)).get_json()
    assert soft["status"]["isSoftDeleted"] is True
    assert client.get(f"{BASE}/512345/active", headers=bearer(token)).get_json() == []
    hard = client.delete(f"{BASE}/{instance['id']}?hard=true", headers=bearer(token))
    assert hard.get_json()["status"]["isHardDeleted"] is True
    assert client.get(f"{BASE}/{instance['id']}", headers=bearer(token)).status_code == 404


def test_form_data_as_xml_both_ways(client: FlaskClient, app: Flask) -> None:
    token = user_token(client, 12345)
    instance = _create(client, token)
    form = next(d for d in instance["data"] if d["dataType"] == "model")
    url = f"{BASE}/{instance['id']}/data/{form['id']}"
    client.put(url, json=sample_form_data(app), headers=bearer(token))
    xml = client.get(url, headers={**bearer(token), "Accept": "application/xml"})
    assert xml.mimetype == "application/xml"
    assert b"<navn>Kari</navn>" in xml.data
    changed = xml.data.replace(b"<navn>Kari</navn>", b"<navn>Kari XML</navn>", 1)
    put = client.put(url, data=changed, headers={**bearer(token),
                                                 "Content-Type": "application/xml"})
    assert put.status_code == 200, put.get_data(as_text=True)
    assert client.get(url, headers=bearer(token)).get_json()["soker"]["navn"] == "Kari XML"
    bad = client.put(url, data=b"<Serveringsbevilling><soker><alder>x</alder></soker>"
                     b"</Serveringsbevilling>", headers={**bearer(token),
                                                       "Content-Type": "application/xml"})
    assert bad.status_code == 400 and "alder" in bad.get_json()["detail"]


def test_review_rules_deleted_unknown_parties_second_forms_and_model_shape(
        app: Flask, client: FlaskClient) -> None:
    token = user_token(client, 12345)
    assert client.post(f"{BASE}?instanceOwnerPartyId=999999999",
                       headers=bearer(org_token(client, "ekom"))).status_code == 400
    instance = _create(client, token)
    url = f"{BASE}/{instance['id']}"
    form = next(d for d in instance["data"] if d["dataType"] == "model")
    assert client.post(f"{url}/data?dataType=model", json={},
                       headers=bearer(token)).status_code == 409  # PUT the one there is
    bad = client.put(f"{url}/data/{form['id']}", json={"soker": "x"}, headers=bearer(token))
    assert bad.status_code == 400 and "data model" in bad.get_json()["detail"]
    client.delete(url, headers=bearer(token))  # soft
    assert client.put(f"{url}/data/{form['id']}", json=sample_form_data(app),
                      headers=bearer(token)).status_code == 409


def test_only_the_app_owner_moves_a_feedback_step(tmp_path: Path) -> None:
    from tests.components.conftest import build_app
    from tests.conftest import make_app
    from tests.test_process import PROCESS_HEAD, PROCESS_TAIL, _flow, _task

    target = build_app(tmp_path, [])
    (target / "App/config/process/process.bpmn").write_text(
        PROCESS_HEAD + '<bpmn:startEvent id="Start"/>' + _flow("s", "Start", "Feedback")
        + _task("Feedback", "feedback") + _flow("e", "Feedback", "End")
        + '<bpmn:endEvent id="End"/>' + PROCESS_TAIL, encoding="utf-8")
    client = make_app(tmp_path, BLANKETT_APPS_DIR=str(target.parent)).test_client()
    user = user_token(client, 12345)
    instance = _create(client, user)
    url = f"{BASE}/{instance['id']}/process/next"
    assert client.put(url, headers=bearer(user)).status_code == 403
    owner = org_token(client, "ekom")
    assert client.put(url, headers=bearer(owner)).status_code == 200


def test_complete_process_moves_on_to_the_end_or_says_what_stops_it(
        app: Flask, client: FlaskClient) -> None:
    token = user_token(client, 12345)
    instance = _create(client, token)
    url = f"{BASE}/{instance['id']}"
    refused = client.put(f"{url}/process/completeProcess", headers=bearer(token))
    assert refused.status_code == 409 and refused.get_json()["validationIssues"]
    form = next(d for d in instance["data"] if d["dataType"] == "model")
    client.put(f"{url}/data/{form['id']}", json=sample_form_data(app), headers=bearer(token))
    done = client.put(f"{url}/process/completeProcess", headers=bearer(token))
    assert done.status_code == 200 and done.get_json()["ended"]


def test_process_start_and_the_next_elements(app: Flask, client: FlaskClient) -> None:
    """`GET process/next` lists where the current task leads; `process/start` starts only a
    process that has not started (409 otherwise), and `GET process/next` then lists the start
    events."""
    from storage import repository
    from web.db import db_session

    token = user_token(client, 12345)
    instance = _create(client, token)
    url = f"{BASE}/{instance['id']}"
    assert client.get(f"{url}/process/next", headers=bearer(token)).get_json() == ["Task_Arkiv"]
    refused = client.post(f"{url}/process/start", headers=bearer(token))
    assert refused.status_code == 409 and "already started" in refused.get_json()["detail"]
    # An instance without a process (made before its app had one, say) is started here.
    with app.app_context():
        bare = repository.create_instance(db_session(), app_id="ekom/serveringsbevilling",
                                          party_id=512345, user_id="12345", task_id=None,
                                          form_data_types=[])
        db_session().commit()
        bare_url = f"{BASE}/512345/{bare.id}"
    assert client.get(f"{bare_url}/process/next", headers=bearer(token)).get_json() == [
        "StartEvent_1"]
    assert client.post(f"{bare_url}/process/start?startEvent=Nowhere",
                       headers=bearer(token)).status_code == 409
    started = client.post(f"{bare_url}/process/start?startEvent=StartEvent_1",
                          headers=bearer(token))
    assert started.status_code == 200, started.get_json()
    assert started.get_json()["currentTask"]["elementId"] == "Task_1"
    got = client.get(bare_url, headers=bearer(token)).get_json()
    assert [d["dataType"] for d in got["data"]] == ["model"]  # the task's form data is made
    # Moved to the end, there is nothing next.
    answers = sample_form_data(app)
    client.put(f"{url}/data/{instance['data'][0]['id']}", json=answers, headers=bearer(token))
    assert client.put(f"{url}/process/next", headers=bearer(token)).status_code == 200
    ended = client.get(f"{url}/process/next", headers=bearer(token))
    assert ended.status_code == 409 and "ended" in ended.get_json()["detail"]


def test_concurrent_patches_wait_in_turn(tmp_path: Path, database_url: str) -> None:
    """Changes to one instance are serialised (a row lock on PostgreSQL, the write lock on
    SQLite): a patch's `test` sees the data as the patch before it left it, so no increment is
    lost however the requests interleave."""
    import threading

    from storage import db
    from tests.conftest import make_app

    db.upgrade(database_url)
    app = make_app(tmp_path, DATABASE_URL=database_url)
    client = app.test_client()
    token = user_token(client, 12345)
    instance = _create(client, token)
    data_url = f"{BASE}/{instance['id']}/data/{instance['data'][0]['id']}"
    answers = sample_form_data(app)
    answers["serveringssted"]["sitteplasserInne"] = 0
    assert client.put(data_url, json=answers, headers=bearer(token)).status_code == 200
    failures: list[int] = []

    def add_one(times: int) -> None:
        mine = app.test_client()
        done = 0
        while done < times:
            seen = mine.get(data_url, headers=bearer(token)).get_json()
            count = seen["serveringssted"]["sitteplasserInne"]
            answer = mine.patch(data_url, headers=bearer(token), json={"patch": [
                {"op": "test", "path": "/serveringssted/sitteplasserInne", "value": count},
                {"op": "replace", "path": "/serveringssted/sitteplasserInne",
                 "value": count + 1}]})
            if answer.status_code == 200:
                done += 1
            elif answer.status_code != 409:  # 409: someone was first; read again
                failures.append(answer.status_code)
                return

    threads = [threading.Thread(target=add_one, args=(10,)) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    final = client.get(data_url, headers=bearer(token)).get_json()
    assert final["serveringssted"]["sitteplasserInne"] == 40
