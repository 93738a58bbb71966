"""Filling in a service through its HTTP routes, as a browser without JavaScript would."""

from __future__ import annotations

import json
import re
from pathlib import Path

from flask.testing import FlaskClient

from tests.conftest import SAMPLE_ANSWERS, SAMPLE_APPS, login, make_app, start_instance


def stored_data(client: FlaskClient, url: str) -> dict:
    from storage import repository
    from web.db import db_session

    instance_id = url.split("/")[3]
    with client.application.app_context():
        instance = repository.get_instance(db_session(), instance_id)
        assert instance is not None
        element = repository.form_data_element(instance, "model")
        assert element is not None
        return repository.read_form_data(element)


def page_url(first_page: str, name: str) -> str:
    return first_page.rsplit("/", 1)[0] + "/" + name


def test_login_page_lists_test_users_by_name(client: FlaskClient) -> None:
    html = client.get("/login").get_data(as_text=True)
    for name in ("Ola Nordmann", "Sophie Salt", "Kari Nordvik"):
        assert name in html


def test_start_page_lists_services_and_started_instances(client: FlaskClient) -> None:
    assert "Logg inn" in client.get("/").get_data(as_text=True)
    login(client)
    html = client.get("/").get_data(as_text=True)
    assert "Søknad om serveringsbevilling" in html
    assert "Du har ingen påbegynte skjema" in html
    start_instance(client)
    html = client.get("/").get_data(as_text=True)
    assert "Under utfylling" in html and "Fortsett" in html


def test_party_choice_for_a_user_with_several_parties(client: FlaskClient) -> None:
    response = client.post("/login", data={"user_id": "1337", "next": "/"})
    assert response.headers["Location"] == "/party"
    html = client.get("/party").get_data(as_text=True)
    assert "DDG Fitness AS" in html
    client.post("/party", data={"party_id": "500000"})
    assert "DDG Fitness" in client.get("/").get_data(as_text=True)
    assert client.post("/party", data={"party_id": "512345"}).status_code == 403


def test_page_has_labels_fieldsets_and_described_fields(client: FlaskClient) -> None:
    login(client)
    first = start_instance(client)
    client.post(page_url(first, "soker"), data={"action": "save",
                                                 "soker.sokertype": "organisasjon"})
    html = client.get(page_url(first, "soker")).get_data(as_text=True)
    assert '<html lang="nb"' in html
    assert "<title>Søker – Søknad om serveringsbevilling</title>" in html
    assert '<label class="ds-label" for="soker-adresse">' in html
    assert re.search(r'<fieldset class="ds-fieldset[^"]*" data-component="RadioButtons"', html)
    assert '<legend class="ds-label">Hvem søker?' in html
    assert 'autocomplete="email"' in html
    assert 'aria-describedby="soker-orgnr__description soker-orgnr__help"' in html


def test_each_post_saves_and_the_person_resumes_where_they_were(client: FlaskClient) -> None:
    login(client)
    first = start_instance(client)
    soker = page_url(first, "soker")
    response = client.post(soker, data={
        "action": "next", "soker.sokertype": "person", "soker.navn": "Kari Nordmann",
        "soker.adresse": "Storgata 1", "soker.postnummer": "0155", "soker.poststed": "Oslo",
        "soker.epost": "kari@example.no", "soker.telefon": "12345678",
    })
    assert response.status_code == 303
    assert response.headers["Location"] == page_url(first, "serveringssted")
    data = stored_data(client, first)
    assert data["soker"]["navn"] == "Kari Nordmann"
    assert data["soker"]["postnummer"] == "0155"  # a string in the schema stays a string

    # A new browser session: sign in again, open the instance, land on the page last seen.
    client.post("/logout")
    login(client)
    resume = client.get(first.rsplit("/page/", 1)[0])
    assert resume.headers["Location"] == page_url(first, "serveringssted")
    assert 'value="Kari Nordmann"' in client.get(soker).get_data(as_text=True)


def test_characters_xml_cannot_hold_are_dropped_from_answers(client: FlaskClient) -> None:
    """A pasted control character is invisible, and would keep the submission from being
    handed off as XML: it is dropped, the rest of the answer kept."""
    login(client)
    first = start_instance(client)
    client.post(page_url(first, "soker"), data={"action": "save",
                                                 "soker.navn": "Kari\x00 Nord\x0bmann\ufffe"})
    assert stored_data(client, first)["soker"]["navn"] == "Kari Nordmann"


def test_types_checkboxes_dates_and_number_formatting(client: FlaskClient) -> None:
    login(client)
    first = start_instance(client)
    url = page_url(first, "serveringssted")
    client.post(url, data={
        "action": "save",
        "serveringssted.serveringsform.__present": "1",
        "serveringssted.serveringsform": ["mat", "alkohol"],
        "serveringssted.sitteplasserInne": "1 200",
        "serveringssted.forventetOmsetning": "2 500 000,50",
        "serveringssted.planlagtApning": "01.03.2027",
        "serveringssted.type": "kafe",
    })
    data = stored_data(client, first)["serveringssted"]
    assert data["serveringsform"] == "mat,alkohol"
    assert data["sitteplasserInne"] == 1200
    assert data["forventetOmsetning"] == 2500000.5
    assert data["planlagtApning"] == "2027-03-01"
    html = client.get(url).get_data(as_text=True)
    assert re.search(r'value="mat" checked', html) and re.search(r'value="alkohol" checked', html)
    assert 'value="kafe" selected' in html
    assert 'value="2027-03-01"' in html
    # Unchecking everything is saved too.
    client.post(url, data={"action": "save", "serveringssted.serveringsform.__present": "1"})
    assert "serveringsform" not in stored_data(client, first)["serveringssted"]


def test_text_that_is_not_a_number_is_kept_and_explained(client: FlaskClient) -> None:
    login(client)
    first = start_instance(client)
    url = page_url(first, "serveringssted")
    response = client.post(url, data={"action": "next", "serveringssted.sitteplasserInne": "mange",
                                      "serveringssted.navn": "Kafé Fjord"})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert html.count("<title>Feil: ") == 1
    assert 'class="ds-error-summary"' in html
    assert 'href="#serveringssted-sitteplasser-inne"' in html
    assert 'value="mange"' in html and 'aria-invalid="true"' in html
    assert 'id="serveringssted-sitteplasser-inne__error"' in html
    # The field that could be read was saved; nothing typed is lost.
    assert stored_data(client, first)["serveringssted"]["navn"] == "Kafé Fjord"


def test_htmx_navigation_returns_the_main_region_and_pushes_the_url(client: FlaskClient) -> None:
    login(client)
    first = start_instance(client)
    response = client.post(first, data={"action": "next"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert response.headers["HX-Push-Url"] == page_url(first, "soker")
    html = response.get_data(as_text=True)
    assert html.lstrip().startswith("<title>Søker")
    assert '<main id="bk_main"' in html and "<html" not in html and "<header" not in html


def test_language_is_chosen_and_remembered(client: FlaskClient) -> None:
    login(client)
    first = start_instance(client)
    response = client.post("/language", data={"lang": "en", "next": first})
    assert response.headers["Location"] == first
    html = client.get(first).get_data(as_text=True)
    assert '<html lang="en"' in html
    assert "Application for a serving licence" in html or "serving" in html.lower()
    assert ">Next<" in html
    client.post("/language", data={"lang": "nn", "next": "/"})
    assert '<html lang="nn"' in client.get(first).get_data(as_text=True)
    # Remembered in a cookie across sessions.
    client.post("/logout")
    assert '<html lang="nn"' in client.get("/").get_data(as_text=True)


def test_another_party_cannot_read_the_instance(client: FlaskClient, app) -> None:  # noqa: ANN001
    login(client, 12345)
    first = start_instance(client)
    other = app.test_client()
    login(other, 2002)  # Kari Nordvik
    assert other.get(first).status_code == 404
    assert other.post(first, data={"action": "next"}).status_code == 404
    # Even with the URL's party id changed to her own party.
    forged = first.replace("/512345/", "/512002/")
    assert other.get(forged).status_code == 404
    anonymous = app.test_client()
    assert anonymous.get(first).status_code == 401


def test_csrf_is_required_on_every_post(tmp_path: Path) -> None:
    app = make_app(tmp_path, WTF_CSRF_ENABLED=True)
    client = app.test_client()
    assert client.post("/login", data={"user_id": "12345"}).status_code == 400
    html = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert token
    ok = client.post("/login", data={"user_id": "12345", "csrf_token": token.group(1)})
    assert ok.status_code == 303


def test_submit_requires_required_fields_then_ends_the_task(client: FlaskClient) -> None:
    login(client)
    first = start_instance(client)
    summary = page_url(first, "oppsummering")
    response = client.post(summary, data={"action": "submit"})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Du må fylle ut" in html
    # Errors for fields on other pages link to that page and field.
    assert f'href="{page_url(first, "serveringssted")}#serveringssted-navn"' in html

    for page, data in SAMPLE_ANSWERS.items():
        response = client.post(page_url(first, page), data={"action": "save", **data})
        assert response.status_code == 303
    assert stored_data(client, first)["styrer"]["etablererprove"] is True
    html = client.get(summary).get_data(as_text=True)
    assert "Torget 2" in html
    assert re.search(r"<dd>Mat</dd>", html)  # the summary shows option labels, not values

    response = client.post(summary, data={"action": "submit"})
    assert response.status_code == 303
    receipt = client.get(response.headers["Location"])
    assert receipt.status_code == 302 and receipt.headers["Location"].endswith("/receipt")
    assert "Skjemaet er sendt inn" in client.get(receipt.headers["Location"]).get_data(as_text=True)
    # The task has ended: its data is locked and pages are no longer editable.
    after = client.post(page_url(first, "soker"), data={"action": "save", "soker.navn": "X"})
    assert after.status_code == 303 and after.headers["Location"].endswith("/receipt")
    assert stored_data(client, first)["soker"]["navn"] == "Kari"
    assert "Sendt inn" in client.get("/").get_data(as_text=True)


def test_app_texts_are_sanitised_markdown(tmp_path: Path, copy_app) -> None:  # noqa: ANN001
    target = copy_app(SAMPLE_APPS / "serveringsbevilling")
    texts = target / "App" / "config" / "texts" / "resource.nb.json"
    data = json.loads(texts.read_text())
    for item in data["resources"]:
        if item["id"] == "intro.paragraph.title":
            item["value"] = ("**Fet** og [lenke](https://example.no) "
                             "<script>alert(1)</script><img src=x onerror=alert(2)>"
                             "[js](javascript:alert(3))")
    texts.write_text(json.dumps(data, ensure_ascii=False))
    layout = json.loads((target / "App/ui/form/layouts/intro.json").read_text())
    key = next(c["textResourceBindings"]["title"] for c in layout["data"]["layout"]
               if c["type"] == "Paragraph")
    assert key == "intro.paragraph.title"
    app = make_app(tmp_path, BLANKETT_APPS_DIR=str(target.parent))
    client = app.test_client()
    login(client)
    html = client.get(start_instance(client)).get_data(as_text=True)
    assert "<strong>Fet</strong>" in html
    assert 'href="https://example.no"' in html
    assert "<script>alert" not in html
    assert "onerror" not in html
    assert 'href="javascript:' not in html


def test_missing_text_falls_back() -> None:
    from forms.texts import TextResource, TextResources

    texts = TextResources({"nb": {"a": TextResource("bokmål")}, "en": {}})
    assert texts.resolve("a", "en") == "bokmål"  # another language before the bare key
    assert texts.resolve("no.such.key", "en") == "no.such.key"
