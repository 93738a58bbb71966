"""Rules a page enforces whatever the browser sends: allowed options, numbers in the person's
language, read-only data after a task has ended, hidden pages, party types."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from tests.conftest import SAMPLE_ANSWERS, SAMPLE_APPS, SHARED_APPS, login, make_app, start_instance
from tests.test_pages import page_url, stored_data


def test_a_value_outside_the_options_is_refused(client: FlaskClient) -> None:
    login(client)
    first = start_instance(client)
    url = page_url(first, "serveringssted")
    response = client.post(url, data={"action": "save", "serveringssted.type": "kasino"})
    assert response.status_code == 422
    assert "Velg et av alternativene" in response.get_data(as_text=True)
    response = client.post(url, data={"action": "save",
                                      "serveringssted.serveringsform.__present": "1",
                                      "serveringssted.serveringsform": ["mat", "<script>"]})
    assert response.status_code == 422
    assert "serveringsform" not in stored_data(client, first).get("serveringssted", {})


@pytest.mark.parametrize(("lang", "typed", "stored"), [
    ("nb", "1 200", 1200), ("nb", "12,0", 12), ("en", "1 200", 1200), ("en", "1200.0", 1200)])
def test_numbers_are_read_in_the_persons_language(client: FlaskClient, lang: str, typed: str,
                                                  stored: int) -> None:
    login(client)
    first = start_instance(client)
    client.post("/language", data={"lang": lang, "next": "/"})
    url = page_url(first, "serveringssted")
    client.post(url, data={"action": "save", "serveringssted.sitteplasserInne": typed})
    assert stored_data(client, first)["serveringssted"]["sitteplasserInne"] == stored


@pytest.mark.parametrize("typed", ["Infinity", "NaN", "sNaN", "1e5000", "9" * 40, "1.5", "--1"])
def test_absurd_numbers_are_field_errors_not_crashes(client: FlaskClient, typed: str) -> None:
    login(client)
    first = start_instance(client)
    url = page_url(first, "serveringssted")
    response = client.post(url, data={"action": "save", "serveringssted.sitteplasserInne": typed})
    assert response.status_code == 422
    assert 'id="serveringssted-sitteplasser-inne__error"' in response.get_data(as_text=True)


@pytest.mark.parametrize("typed", ["20300517", "2030-W20-1", "2030-02-30"])
def test_dates_must_be_real_iso_dates(client: FlaskClient, typed: str) -> None:
    login(client)
    first = start_instance(client)
    url = page_url(first, "serveringssted")
    response = client.post(url, data={"action": "save", "serveringssted.planlagtApning": typed})
    assert response.status_code == 422


def test_an_app_for_organisations_cannot_be_started_by_a_person(tmp_path: Path) -> None:
    app = make_app(tmp_path, BLANKETT_APPS_DIR=str(SHARED_APPS))
    client = app.test_client()
    login(client, 12345)  # Ola Nordmann, a person
    assert "Signeringstest" not in client.get("/").get_data(as_text=True)
    assert client.post("/instances", data={"app_id": "ttd/signing-test"}).status_code == 403


def test_after_the_task_ends_its_data_is_shown_read_only(tmp_path: Path) -> None:
    """signing-test: Task_1 (data) is submitted; Task_2 shows the same data, locked."""
    app = make_app(tmp_path, BLANKETT_APPS_DIR=str(SHARED_APPS))
    client = app.test_client()
    login(client, 1337)
    client.post("/party", data={"party_id": "500000"})  # DDG Fitness, an organisation
    first = start_instance(client, "ttd/signing-test")
    client.post(first, data={"action": "save", "form.year": "2024", "form.income": "1000"})
    assert client.post(first, data={"action": "submit"}).status_code == 303
    resume = client.get(first.rsplit("/page/", 1)[0])
    confirm = resume.headers["Location"]
    assert confirm.endswith("/page/Confirm")
    html = client.get(confirm).get_data(as_text=True)
    assert "readonly" in html
    # Pressing Enter or any button on the read-only page changes nothing and never fails.
    response = client.post(confirm, data={"action": "next", "form.year": "1999"})
    assert response.status_code == 303
    element = stored_data_any(client, first, "data")
    assert element["form"]["year"] == 2024


def stored_data_any(client: FlaskClient, url: str, data_type: str) -> dict:
    from storage import repository
    from web.db import db_session

    with client.application.app_context():
        instance = repository.get_instance(db_session(), url.split("/")[3])
        assert instance is not None
        element = repository.form_data_element(instance, data_type)
        assert element is not None and element.locked
        return repository.read_form_data(element)


def test_hidden_pages_are_not_served(tmp_path: Path, copy_app) -> None:  # noqa: ANN001
    target = copy_app(SAMPLE_APPS / "serveringsbevilling")
    file = target / "App/ui/form/layouts/styrer.json"
    layout = json.loads(file.read_text())
    layout["data"]["hidden"] = True
    file.write_text(json.dumps(layout))
    app = make_app(tmp_path, BLANKETT_APPS_DIR=str(target.parent))
    client = app.test_client()
    login(client)
    first = start_instance(client)
    assert client.get(page_url(first, "styrer")).status_code == 404
    response = client.post(page_url(first, "serveringssted"), data={
        "action": "next", **SAMPLE_ANSWERS["serveringssted"]})
    assert response.headers["Location"] == page_url(first, "erklaering")  # styrer is skipped
    response = client.post(page_url(first, "serveringssted"), data={"action": "page:styrer"})
    assert response.headers["Location"] == page_url(first, "serveringssted")


class _Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.ids.extend(v for k, v in attrs if k == "id" and v)


def test_no_duplicate_ids_on_any_page_of_any_app(tmp_path: Path) -> None:
    from tests.test_preview import PAGES

    app = make_app(tmp_path, BLANKETT_APPS_DIR=str(SHARED_APPS))
    client = app.test_client()
    for app_id, set_id, page in PAGES:
        parser = _Ids()
        parser.feed(client.get(f"/preview/{app_id}/{set_id}/{page}").get_data(as_text=True))
        duplicates = {i for i in parser.ids if parser.ids.count(i) > 1}
        assert not duplicates, (app_id, set_id, page, duplicates)
