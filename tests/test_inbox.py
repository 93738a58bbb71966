"""The case workers' inbox through its HTTP routes: who reaches it (a test case worker per org,
CASE_WORKERS by user id or fødselsnummer; nobody else, and never another org's instances),
listing, search, filters and pages in SQL, the instance page, downloads and "send again".
On SQLite and on PostgreSQL."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from jobs import EFORMIDLING_SEND, EFORMIDLING_STATUS
from storage import db
from storage.models import JobAttempt, OutboxJob, utcnow
from tests.components.test_fileupload import pdf_bytes
from tests.conftest import SAMPLE_APPS, login, make_app, sample_form_data
from tests.test_api_auth import bearer, org_token, user_token
from web.org_roles import CASE_WORKER
from web.settings import SettingsError, load_settings

EKOM_APP = "ekom/serveringsbevilling"
TTD_APP = "ttd/serveringskopi"
OLA, SOPHIE = 12345, 1337  # Ola Nordmann (party 512345), Sophie Salt (acts for DDG Fitness)
OLA_PARTY, DDG_PARTY = 512345, 500000
OLA_SSN, DDG_NUMBER = "01017512345", "897069650"


# --------------------------------------------------------------------------- setup


def two_orgs(tmp_path: Path) -> Path:
    """The sample app (ekom) and a copy of it owned by ttd."""
    apps = tmp_path / "apps"
    shutil.copytree(SAMPLE_APPS / "serveringsbevilling", apps / "serveringsbevilling")
    copy = apps / "serveringskopi"
    shutil.copytree(SAMPLE_APPS / "serveringsbevilling", copy)
    meta_file = copy / "App" / "config" / "applicationmetadata.json"
    meta = json.loads(meta_file.read_text(encoding="utf-8"))
    meta.update(id=TTD_APP, org="ttd")
    meta_file.write_text(json.dumps(meta), encoding="utf-8")
    return apps


@pytest.fixture
def app(tmp_path: Path, database_url: str) -> Flask:
    db.upgrade(database_url)
    return make_app(tmp_path, DATABASE_URL=database_url, BLANKETT_APPS_DIR=str(two_orgs(tmp_path)),
                    API_SIGNING_KEY_FILE=str(tmp_path / "key" / "api_key.json"))


@pytest.fixture
def session(app: Flask) -> Iterator[Session]:
    with app.extensions["blankett.sessions"]() as session:
        yield session


def create(client: FlaskClient, app_id: str = EKOM_APP, user: int = OLA,
           party: int = OLA_PARTY) -> str:
    """A new instance through the app API; its guid."""
    token = user_token(client, user)
    response = client.post(f"/{app_id}/instances?instanceOwnerPartyId={party}",
                           headers=bearer(token))
    assert response.status_code == 201, response.get_data(as_text=True)
    return str(response.get_json()["id"]).split("/")[1]


def submit(app: Flask, client: FlaskClient, app_id: str = EKOM_APP, user: int = OLA,
           party: int = OLA_PARTY, pdf_name: str | None = None) -> str:
    """An instance filled in with the sample answers and sent in, through the app API."""
    guid = create(client, app_id, user, party)
    token = user_token(client, user)
    url = f"/{app_id}/instances/{party}/{guid}"
    instance = client.get(url, headers=bearer(token)).get_json()
    form = next(d for d in instance["data"] if d["dataType"] == "model")
    put = client.put(f"{url}/data/{form['id']}", json=sample_form_data(app), headers=bearer(token))
    assert put.status_code == 200, put.get_data(as_text=True)
    if pdf_name is not None:
        added = client.post(f"{url}/data?dataType=ref-data-as-pdf", data=pdf_bytes(), headers={
            **bearer(token), "Content-Type": "application/pdf",
            "Content-Disposition": f'attachment; filename="{pdf_name}"'})
        assert added.status_code == 201, added.get_data(as_text=True)
    moved = client.put(f"{url}/process/next", headers=bearer(token))
    assert moved.status_code == 200, moved.get_data(as_text=True)
    return guid


def as_case_worker(client: FlaskClient, org: str = "ekom") -> None:
    login(client, CASE_WORKER.local_user_id(org))


def reference(guid: str) -> str:
    return guid.rsplit("-", 1)[-1]


def references(html: str) -> list[str]:
    """The references in the results table, in order."""
    return re.findall(r'<th scope="row"><a class="ds-link" href="/inbox/[^"]+"><code>([0-9a-f]+)'
                      r"</code>", html)


def inbox(client: FlaskClient, query: str = "") -> str:
    response = client.get(f"/inbox{query}")
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_data(as_text=True)


def handoff_job(session: Session, guid: str, kind: str = EFORMIDLING_SEND) -> OutboxJob:
    job = session.scalars(select(OutboxJob).where(OutboxJob.instance_id == guid,
                                                  OutboxJob.kind == kind)).first()
    assert job is not None
    return job


def set_job(session: Session, guid: str, kind: str, status: str, *,
            result: dict[str, Any] | None = None, error: str | None = None) -> OutboxJob:
    """Put the instance's job of `kind` (made if missing) in `status`, as a worker would."""
    job = session.scalars(select(OutboxJob).where(OutboxJob.instance_id == guid,
                                                  OutboxJob.kind == kind)).first()
    if job is None:
        job = OutboxJob(kind=kind, instance_id=guid, payload={}, status=status)
        session.add(job)
        session.flush()
    job.status, job.result, job.last_error = status, result, error
    job.attempts += 1
    job.finished = utcnow() if status in ("done", "dead") else None
    session.add(JobAttempt(job_id=job.id, outcome=status if status in ("done", "dead")
                           else "retry", ended=utcnow(), error=error))
    session.commit()
    return job


# --------------------------------------------------------------------------- who


def test_the_login_page_offers_a_case_worker_per_org(app: Flask, client: FlaskClient) -> None:
    html = client.get("/login").get_data(as_text=True)
    assert "Saksbehandler, ekom" in html and "Saksbehandler, ttd" in html
    assert html.index("Saksbehandlere hos tjenesteeiere") < html.index("Saksbehandler, ekom")
    assert "Ola Nordmann" in html  # the citizens are still there, in their own section
    response = client.post("/login", data={"user_id": str(CASE_WORKER.local_user_id("ekom")),
                                           "next": "/"})
    assert response.headers["Location"] == "/inbox"
    page = client.get("/").get_data(as_text=True)
    assert "Saksbehandler, ekom" in page and 'href="/inbox"' in page
    citizen = app.test_client()
    login(citizen)
    assert 'href="/inbox"' not in citizen.get("/").get_data(as_text=True)


def test_case_workers_named_in_the_setting_by_user_id_or_birth_number(tmp_path: Path) -> None:
    app = make_app(tmp_path, BLANKETT_APPS_DIR=str(two_orgs(tmp_path)),
                   CASE_WORKERS=f"ttd:{OLA_SSN}, ekom:{SOPHIE}",
                   API_SIGNING_KEY_FILE=str(tmp_path / "key.json"))
    client = app.test_client()
    ttd_guid = submit(app, client, TTD_APP)
    ekom_guid = submit(app, client)
    ola, sophie = app.test_client(), app.test_client()
    login(ola, OLA)
    login(sophie, SOPHIE)
    assert references(inbox(ola)) == [reference(ttd_guid)]
    assert references(inbox(sophie)) == [reference(ekom_guid)]
    assert ola.get(f"/inbox/{ekom_guid}").status_code == 404
    others = app.test_client()
    login(others, 2002)
    assert others.get("/inbox").status_code == 403


def test_the_setting_is_checked_when_the_app_starts(tmp_path: Path) -> None:
    parsed = load_settings({"CASE_WORKERS": "ekom:01017512345, TTD:60000012,"}, None, tmp_path)
    assert parsed["CASE_WORKERS"] == (("ekom", "01017512345"), ("ttd", "60000012"))
    for wrong in ("ekom", "ekom:", ":123", "ek om:1", "ekom:12 34"):
        with pytest.raises(SettingsError, match="CASE_WORKERS"):
            load_settings({"CASE_WORKERS": wrong}, None, tmp_path)


def _inbox_routes(app: Flask, guid: str, element: str, job: str) -> list[tuple[str, str]]:
    """(method, path) of every inbox route, from the URL map, so that a route added later is
    covered here without being listed."""
    values = {"<instance_id>": guid, "<element_id>": element, "<job_id>": job}
    found = []
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/inbox"):
            continue
        path = rule.rule
        for name, value in values.items():
            path = path.replace(name, value)
        assert "<" not in path, rule.rule  # a new parameter: say here what to put in it
        found += [(m, path) for m in sorted(rule.methods or ()) if m not in ("HEAD", "OPTIONS")]
    return found


def test_nobody_else_reaches_any_inbox_route(app: Flask, client: FlaskClient,
                                            session: Session) -> None:
    guid = submit(app, client, pdf_name="kvittering.pdf")
    job = set_job(session, guid, EFORMIDLING_SEND, "dead", error="refused").id
    element = next(e.id for e in _elements(session, guid) if e.data_type == "model")
    ttd_guid = submit(app, client, TTD_APP)
    routes = _inbox_routes(app, guid, element, job)
    assert len(routes) >= 7, routes
    anonymous, citizen, other_org, owner = (app.test_client() for _ in range(4))
    login(citizen, OLA)  # the very person who sent it in
    as_case_worker(other_org, "ttd")
    as_case_worker(owner, "ekom")
    for method, path in routes:
        nobody = anonymous.open(path, method=method)
        assert (nobody.status_code, method) in ((302, "GET"), (401, "POST")), (method, path)
        if method == "GET":
            assert nobody.headers["Location"].startswith("/login?next=")
        assert citizen.open(path, method=method).status_code == 403, (method, path)
        if guid in path or job in path:
            refused = other_org.open(path, method=method)
            assert refused.status_code == 404, (method, path, refused.status_code)
        else:
            assert other_org.open(path, method=method).status_code == 200, path  # its own
        assert owner.open(path, method=method).status_code in (200, 303), (method, path)
    # The other org's lists never show ekom's instance or job, and its own are there.
    assert references(inbox(other_org)) == [reference(ttd_guid)]
    assert reference(guid) not in other_org.get("/inbox/jobs").get_data(as_text=True)
    assert references(inbox(other_org, f"?q={reference(guid)}")) == []
    # A job or file of the other org's instance, under one's own instance, is no way in.
    ttd_element = next(e.id for e in _elements(session, ttd_guid))
    assert owner.get(f"/inbox/{guid}/data/{ttd_element}").status_code == 404


def _elements(session: Session, guid: str) -> list[Any]:
    from storage.models import DataElement

    session.expire_all()
    return list(session.scalars(select(DataElement).where(DataElement.instance_id == guid)))


# --------------------------------------------------------------------------- the list


def test_the_list_shows_the_orgs_instances_newest_first(app: Flask, client: FlaskClient) -> None:
    submitted = submit(app, client)
    in_progress = create(client, user=SOPHIE, party=DDG_PARTY)
    submit(app, client, TTD_APP)
    deleted = create(client)
    token = user_token(client, OLA)
    client.delete(f"/{EKOM_APP}/instances/{OLA_PARTY}/{deleted}", headers=bearer(token))
    as_case_worker(client)
    html = inbox(client)
    assert references(html) == [reference(in_progress), reference(submitted)]
    assert "Innboks for Eksempel kommune" in html or "Innboks for ekom" in html
    assert '<caption>Skjema, nyeste først</caption>' in html
    assert all(f'<th scope="col">{h}</th>' in html for h in
               ("Referanse", "Tjeneste", "Avsender", "Status", "Oversendelse"))
    rows = html.split("<tr>")[2:]
    assert "DDG Fitness" in rows[0] and DDG_NUMBER in rows[0] and "Under utfylling" in rows[0]
    assert "Ola Nordmann" in rows[1] and OLA_SSN in rows[1] and "Sendt inn" in rows[1]
    assert "Søknad om serveringsbevilling" in rows[1]
    assert "Venter" in rows[1]  # the hand-off waits for its receipt
    assert "Ingen" in rows[0]
    today = datetime.now(ZoneInfo("Europe/Oslo")).strftime("%d.%m.%Y")
    assert today in rows[0]
    assert client.get("/inbox").headers["Cache-Control"] == "private, no-store"
    for lang, words in (("en", ("Inbox of", "In progress", "Submitted", "Waiting")),
                        ("nn", ("Innboks for", "Avsendar", "Ventar"))):
        client.post("/language", data={"lang": lang, "next": "/inbox"})
        translated = inbox(client)
        assert f'<html lang="{lang}"' in translated
        assert all(word in translated for word in words), lang
        assert client.get(f"/inbox/{submitted}").status_code == 200


def test_search_by_reference_name_and_number(app: Flask, client: FlaskClient) -> None:
    ola = submit(app, client)
    ddg = create(client, user=SOPHIE, party=DDG_PARTY)
    as_case_worker(client)
    assert references(inbox(client, f"?q={reference(ola)}")) == [reference(ola)]
    assert references(inbox(client, f"?q={ola}")) == [reference(ola)]  # the whole guid
    assert references(inbox(client, f"?q={reference(ddg)[-6:].upper()}")) == [reference(ddg)]
    assert references(inbox(client, "?q=ddg+fitness")) == [reference(ddg)]
    assert references(inbox(client, "?q=nordmann")) == [reference(ola)]
    assert references(inbox(client, f"?q={DDG_NUMBER}")) == [reference(ddg)]
    assert references(inbox(client, f"?q={OLA_SSN}")) == [reference(ola)]
    assert references(inbox(client, f"?q={OLA_PARTY}")) == [reference(ola)]
    nothing = inbox(client, "?q=finnes+ikke")
    assert references(nothing) == [] and "Ingen skjema passer til søket." in nothing
    assert 'value="finnes ikke"' in nothing  # the form keeps what was asked


def test_filters_by_app_status_handoff_and_date(app: Flask, client: FlaskClient,
                                                session: Session) -> None:
    delivered = submit(app, client)
    failed = submit(app, client, user=SOPHIE, party=DDG_PARTY)
    waiting = submit(app, client)
    in_progress = create(client)
    archived = submit(app, client)
    completed = client.post(f"/{EKOM_APP}/instances/{OLA_PARTY}/{archived}/complete",
                            headers=bearer(org_token(client, "ekom")))
    assert completed.status_code == 200, completed.get_data(as_text=True)
    set_job(session, delivered, EFORMIDLING_SEND, "done", result={"status": "SENDT"})
    set_job(session, delivered, EFORMIDLING_STATUS, "done", result={"status": "LEVERT"})
    set_job(session, failed, EFORMIDLING_SEND, "dead", error="the receiver refused it")
    set_job(session, archived, EFORMIDLING_SEND, "done", result={"status": "SENDT"})
    set_job(session, archived, EFORMIDLING_STATUS, "pending", result={"status": "SENDT"})
    as_case_worker(client)

    def only(query: str) -> set[str]:
        return set(references(inbox(client, query)))

    assert only("?status=in_progress") == {reference(in_progress)}
    assert only("?status=archived") == {reference(archived)}
    assert only("?status=submitted") == {reference(g) for g in (delivered, failed, waiting)}
    assert only("?handoff=delivered") == {reference(delivered)}
    assert only("?handoff=failed") == {reference(failed)}
    assert only("?handoff=waiting") == {reference(waiting)}
    assert only("?handoff=sent") == {reference(archived)}
    assert only("?handoff=none") == {reference(in_progress)}
    assert only("?handoff=failed&status=in_progress") == set()
    assert only(f"?app={EKOM_APP}") == only("") and len(only("")) == 5
    assert only(f"?app={TTD_APP}") == only("")  # not one of its apps: no filter, no leak
    assert only("?status=bogus&app=ttd/nope") == only("")  # unknown choices are dropped
    html = inbox(client, "?handoff=failed")
    assert "Feilet" in html and "the receiver refused it" in html
    assert "Levert" in inbox(client, "?handoff=delivered")

    today = datetime.now(ZoneInfo("Europe/Oslo")).date()
    assert len(only(f"?from={today.isoformat()}&to={today.isoformat()}")) == 5
    assert only(f"?to={(today - timedelta(days=1)).isoformat()}") == set()
    assert only(f"?from={(today + timedelta(days=1)).strftime('%d.%m.%Y')}") == set()
    wrong = inbox(client, "?from=31.02.2030")
    assert 'aria-invalid="true"' in wrong and "Skriv en gyldig dato" in wrong
    assert len(references(wrong)) == 5  # a date that cannot be read filters nothing


def test_pages_of_25_with_accessible_links_and_no_query_per_row(app: Flask,
                                                                 client: FlaskClient,
                                                                 session: Session) -> None:
    guids = [create(client, user=SOPHIE, party=DDG_PARTY) for _ in range(2)]
    failed = submit(app, client)
    set_job(session, failed, EFORMIDLING_SEND, "dead", error="refused")
    as_case_worker(client)
    urls = ("/inbox", "/inbox?q=ddg", "/inbox?handoff=waiting", "/inbox?q=nordmann")
    few = [_count_queries(app, client, url) for url in urls]
    guids += [create(client, user=SOPHIE, party=DDG_PARTY) for _ in range(25)]
    for _ in range(3):
        set_job(session, submit(app, client), EFORMIDLING_SEND, "dead", error="refused")
    # A page costs as many queries for 3 instances as for 30: none per row.
    assert [_count_queries(app, client, url) for url in urls] == few
    assert max(few) <= 6, few

    first = inbox(client, "?q=ddg")
    assert len(references(first)) == 25
    assert references(first)[0] == reference(guids[-1])  # newest first
    nav = re.search(r'<nav class="ds-pagination[^"]*" aria-label="([^"]+)">(.*?)</nav>', first,
                    re.S)
    assert nav and nav.group(1) == "Sider i resultatlisten"
    assert re.search(r'href="/inbox\?q=ddg"[^>]*aria-current="page"', nav.group(2))
    assert 'href="/inbox?q=ddg&amp;page=2"' in nav.group(2) and 'rel="next"' in nav.group(2)
    assert "Viser 1–25 av 27 skjema" in first
    second = inbox(client, "?q=ddg&page=2")
    assert len(references(second)) == 2 and "Viser 26–27 av 27 skjema" in second
    assert 'href="/inbox?q=ddg&amp;page=2" aria-current="page"' in second
    assert 'href="/inbox?q=ddg" rel="prev"' in second  # the search goes with the pages
    assert references(inbox(client, "?q=ddg&page=99")) == references(second)  # past the end
    assert "Viser 1–4 av 4 skjema" in inbox(client, "?q=nordmann")


def _count_queries(app: Flask, client: FlaskClient, url: str) -> int:
    engine = app.extensions["blankett.engine"]
    seen: list[str] = []

    def count(*args: Any) -> None:
        seen.append(str(args[2]))

    event.listen(engine, "before_cursor_execute", count)
    try:
        assert client.get(url).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return len(seen)


def test_htmx_gets_only_the_results_and_the_status_message(app: Flask,
                                                           client: FlaskClient) -> None:
    guid = submit(app, client)
    as_case_worker(client)
    response = client.get(f"/inbox?q={reference(guid)}", headers={"HX-Request": "true"})
    html = response.get_data(as_text=True)
    assert "<main" not in html and "<form" not in html and "<title>" in html
    assert 'id="inbox_status" role="status" hx-swap-oob="true">Viser 1–1 av 1 skjema' in html
    assert references(html) == [reference(guid)]
    assert "HX-Request" in response.headers["Vary"]
    blank = client.get(f"/inbox?q={reference(guid)}&app=&status=&from=",
                       headers={"HX-Request": "true"})
    assert blank.headers["HX-Push-Url"] == f"/inbox?q={reference(guid)}"  # the address to keep
    full = inbox(client)
    assert 'hx-get="/inbox" hx-target="#inbox_results"' in full and 'hx-push-url="true"' in full
    assert 'method="get" action="/inbox"' in full  # and it works without JavaScript


# --------------------------------------------------------------------------- one instance


def test_the_instance_page_shows_answers_files_events_and_jobs(app: Flask, client: FlaskClient,
                                                               session: Session) -> None:
    guid = submit(app, client, pdf_name="kvittering.pdf")
    set_job(session, guid, EFORMIDLING_SEND, "dead", error="the integration point said 400")
    as_case_worker(client)
    html = client.get(f"/inbox/{guid}").get_data(as_text=True)
    assert f"Søknad om serveringsbevilling, referanse {reference(guid)}</h1>" in html
    assert "Ola Nordmann" in html and OLA_SSN in html
    # The answers, by the form's own summary, with no links to change them.
    assert "<dt>Fullt navn</dt>" in html and "<dd>Kari</dd>" in html and "Torget 2" in html
    assert "Endre" not in html
    # The files and their downloads.
    assert "PDF-kvittering" in html and "Last ned som XML" in html and "Last ned som JSON" in html
    # The events, in Oslo time.
    assert "Sendt inn, av Ola Nordmann" in html and "Steg fullført (Task_1)" in html
    # The jobs with their attempts; send again for the dead one only.
    assert "Sending med eFormidling" in html and "PDF-kvittering</h3>" in html
    assert "Stoppet etter feil" in html and "the integration point said 400" in html
    assert "<caption>Forsøkene: Sending med eFormidling</caption>" in html
    assert html.count("Send på nytt<span") == 1


def test_downloads_are_attachments_with_safe_names(app: Flask, client: FlaskClient,
                                                   session: Session) -> None:
    guid = submit(app, client, pdf_name="..\\..\\Søknad <x> æ*?.pdf")
    as_case_worker(client)
    elements = {e.data_type: e for e in _elements(session, guid)}
    ref = reference(guid)

    pdf = client.get(f"/inbox/{guid}/data/{elements['ref-data-as-pdf'].id}")
    assert pdf.status_code == 200 and pdf.data == pdf_bytes()
    assert pdf.mimetype == "application/pdf"
    disposition = pdf.headers["Content-Disposition"]
    name = re.fullmatch(r"attachment; filename=([A-Za-z0-9.-]+)", disposition)
    assert name, disposition
    assert name.group(1).startswith(f"{ref}-") and name.group(1).endswith(".pdf")
    stored = elements["ref-data-as-pdf"].filename
    assert stored.startswith("Søknad"), stored
    assert name.group(1).startswith(f"{ref}-Soknad-x-ae-"), name.group(1)
    for response in (pdf,):
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert "no-store" in response.headers["Cache-Control"]

    form = elements["model"].id
    xml = client.get(f"/inbox/{guid}/data/{form}/xml")
    assert xml.mimetype == "application/xml" and b"<navn>Kari</navn>" in xml.data
    assert xml.headers["Content-Disposition"] == f"attachment; filename={ref}-model.xml"
    assert xml.headers["X-Content-Type-Options"] == "nosniff"
    as_json = client.get(f"/inbox/{guid}/data/{form}/json")
    assert as_json.mimetype == "application/json"
    assert json.loads(as_json.data)["soker"]["navn"] == "Kari"
    assert as_json.headers["Content-Disposition"] == f"attachment; filename={ref}-model.json"
    raw = client.get(f"/inbox/{guid}/data/{form}")
    assert raw.mimetype == "application/json" and "attachment" in raw.headers[
        "Content-Disposition"]
    # Only form data has an XML or JSON shape; nothing else is found there.
    assert client.get(f"/inbox/{guid}/data/{elements['ref-data-as-pdf'].id}/xml"
                      ).status_code == 404
    assert client.get(f"/inbox/{guid}/data/00000000-0000-4000-8000-000000000000"
                      ).status_code == 404


def test_send_again_from_the_instance_and_from_the_dead_jobs(app: Flask, client: FlaskClient,
                                                             session: Session) -> None:
    guid = submit(app, client)
    other = submit(app, client, user=SOPHIE, party=DDG_PARTY)
    job = set_job(session, guid, EFORMIDLING_SEND, "dead", error="down for maintenance")
    other_job = set_job(session, other, EFORMIDLING_SEND, "dead", error="refused")
    receipt = handoff_job(session, guid, "receipt_pdf")
    as_case_worker(client)

    dead = client.get("/inbox/jobs").get_data(as_text=True)  # dead by default
    assert reference(guid) in dead and reference(other) in dead
    assert "down for maintenance" in dead and dead.count("Send på nytt<span") == 2

    response = client.post(f"/inbox/jobs/{job.id}/send-again", data={"back": "instance"})
    assert response.status_code == 303
    assert response.headers["Location"] == f"/inbox/{guid}#jobs"
    session.expire_all()
    again = session.get(OutboxJob, job.id)
    assert again is not None and again.status == "pending" and again.finished is None
    page = client.get(f"/inbox/{guid}").get_data(as_text=True)
    assert "Sending med eFormidling er satt i kø på nytt" in page
    assert 'role="status"' in page
    assert "Sendt på nytt av saksbehandler" in page  # in the instance's events, for the record

    back = client.post(f"/inbox/jobs/{other_job.id}/send-again",
                       data={"back": "jobs", "status": "dead"})
    assert back.status_code == 303 and back.headers["Location"] == "/inbox/jobs?status=dead"
    assert "Ingen jobber har denne statusen." in client.get(back.headers["Location"]).get_data(
        as_text=True)
    # A job on its way already is left alone; a delivered hand-off may be sent once more.
    assert client.post(f"/inbox/jobs/{receipt.id}/send-again").status_code == 409
    assert client.post(f"/inbox/jobs/{job.id}/send-again").status_code == 409  # pending now
    set_job(session, guid, EFORMIDLING_SEND, "done", result={"status": "SENDT"})
    assert client.post(f"/inbox/jobs/{job.id}/send-again").status_code == 303
    assert client.post("/inbox/jobs/nope/send-again").status_code == 404


def test_send_again_needs_the_csrf_token(tmp_path: Path) -> None:
    app = make_app(tmp_path, WTF_CSRF_ENABLED=True, BLANKETT_APPS_DIR=str(two_orgs(tmp_path)),
                   API_SIGNING_KEY_FILE=str(tmp_path / "key.json"))
    client = app.test_client()
    guid = submit(app, client)
    with app.extensions["blankett.sessions"]() as session:
        job = set_job(session, guid, EFORMIDLING_SEND, "dead", error="x").id
    html = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert token
    client.post("/login", data={"user_id": str(CASE_WORKER.local_user_id("ekom")),
                                "csrf_token": token.group(1)})
    assert client.post(f"/inbox/jobs/{job}/send-again").status_code == 400
    page = client.get(f"/inbox/{guid}").get_data(as_text=True)
    form_token = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert form_token
    sent = client.post(f"/inbox/jobs/{job}/send-again", data={"csrf_token": form_token.group(1)})
    assert sent.status_code == 303


def test_file_names_are_made_by_the_server() -> None:
    from storage.models import DataElement, Instance
    from web.inbox_files import content_type, download_name

    instance = Instance(id="4d50e156-e8f7-4308-b54f-cccc997a08be")
    nasty = DataElement(id="0a1b2c3d-0000-4000-8000-000000000000", data_type="vedlegg",
                        filename='../../etc/"passwd"\r\n<script>.html', content_type="text/html")
    assert content_type(nasty) == "application/octet-stream"  # never a page to run
    assert download_name(instance, nasty) == "cccc997a08be-etc-passwd-script-0a1b2c3d.bin"
    nameless = DataElement(id="ffffffff-0000-4000-8000-000000000000", data_type="ref-data-as-pdf",
                           filename=None, content_type="Application/PDF; q=1")
    assert download_name(instance, nameless) == "cccc997a08be-ref-data-as-pdf-ffffffff.pdf"
    odd = DataElement(id="12345678-0000", data_type="✓", filename="….png",
                      content_type="image/png")
    assert download_name(instance, odd) == "cccc997a08be-fil-12345678.png"


def test_production_people_are_searched_in_sql(app: Flask, session: Session) -> None:
    """Production's register is the `people` table: names and birth numbers are searched
    there, in the same query, and the page's people are read in one more."""
    from integrations.register import PersonRegister
    from storage import repository
    from storage.models import Person
    from web.inbox_query import InboxSearch, inbox_page

    kari = Person(ssn="12889898001", name="Kari 100% Nordvik")
    per = Person(ssn="01017500000", name="Per Hansen")
    session.add_all([kari, per])
    session.flush()
    for person in (kari, per, per):
        repository.create_instance(session, app_id=EKOM_APP, party_id=person.id, user_id="x",
                                   task_id="Task_1", form_data_types=[])
    session.commit()
    people = PersonRegister(lambda: session)
    orgs = frozenset({"ekom"})

    def found(q: str) -> list[int]:
        page = inbox_page(session, people, orgs, InboxSearch(q=q))
        return sorted(r.instance.instance_owner_party_id for r in page.rows)

    assert found("nordvik") == [kari.id]
    assert found("100%") == [kari.id] and found("_") == []  # wildcards are only characters
    assert found("01017500000") == [per.id, per.id]
    assert found(str(per.id)) == [per.id, per.id]
    assert found("") == sorted([kari.id, per.id, per.id])
    assert found("ttd") == []
