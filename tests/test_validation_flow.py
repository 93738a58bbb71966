"""When and how issues are shown, through the page routes: the app's validateOnNext blocks a
move with an error summary; a field showing an error is checked again as it is corrected (and
only such fields); warnings show without blocking; a row is checked when saved if the app asks;
the validation endpoint answers Altinn's wire format; a task never ends with errors."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from tests.components.conftest import build_app, start_service
from tests.conftest import SAMPLE_ANSWERS, login, make_app, start_instance
from tests.test_pages import page_url


def test_next_with_validate_on_next_shows_the_errors_of_the_page(client: FlaskClient) -> None:
    login(client)
    first = start_instance(client)
    response = client.post(page_url(first, "soker"), data={"action": "next",
                                                           "soker.navn": "Kari"})
    assert response.status_code == 422  # the sample app's soker page has validateOnNext
    html = response.get_data(as_text=True)
    assert "<title>Feil: Søker – Søknad om serveringsbevilling</title>" in html
    summary = html[html.index('id="bk_errors"'):html.index("</div>", html.index('id="bk_errors"'))]
    assert "Det er noen feil" in summary
    links = re.findall(r'<a class="ds-link" href="#([\w-]+)">([^<]+)</a>', summary)
    assert [text for _, text in links][:2] == ["Du må fylle ut hvem søker?",
                                               "Du må fylle ut postadresse"]
    assert "fullt navn" not in summary  # filled in
    # Each field says what is wrong beside it, tied to it, with a hidden "Feil:" first.
    assert re.search(r'<input[^>]*id="soker-adresse"[^>]*aria-describedby="[^"]*'
                     r'soker-adresse__error"[^>]*aria-invalid="true"', html)
    assert ('<p class="ds-validation-message" data-field="validation" id="soker-adresse__error">'
            '<span class="ds-sr-only">Feil: </span>Du må fylle ut postadresse</p>') in html
    assert 'value="Kari"' in html  # every answer kept


def test_a_field_showing_an_error_is_checked_again_as_it_is_corrected(
        client: FlaskClient) -> None:
    login(client)
    first = start_instance(client)
    soker = page_url(first, "soker")
    html = client.post(soker, data={"action": "next"}).get_data(as_text=True)
    shown = re.findall(r'name="bk_shown" value="([^"]+)"', html)
    assert "soker-adresse|Du må fylle ut postadresse" in shown
    # The person corrects the address; the post office is left empty, the name not touched.
    body = client.post(soker, headers={"HX-Request": "true"}, data={
        "action": "live", "soker.adresse": "Storgata 1", "bk_shown": shown}
    ).get_data(as_text=True)
    assert 'id="bk_c_soker-adresse"' in body and "Du må fylle ut postadresse" not in body
    assert 'id="bk_c_soker-poststed"' not in body  # its message stays: left alone
    region = body[body.index('id="bk_error_region"'):]
    assert "Du må fylle ut poststed" in region  # the summary keeps the rest
    assert "<title>Feil: Søker" in body


def test_a_field_not_showing_an_error_is_not_judged_while_filling_in(
        client: FlaskClient) -> None:
    login(client)
    first = start_instance(client)
    response = client.post(page_url(first, "soker"), headers={"HX-Request": "true"}, data={
        "action": "live", "soker.navn": ""})
    assert "Du må fylle ut" not in response.get_data(as_text=True)


def _service_with_validations(tmp_path: Path, validations: dict) -> tuple[FlaskClient, str]:
    layout = [{"id": "alder", "type": "Input", "textResourceBindings": {"title": "Alder"},
               "dataModelBindings": {"simpleBinding": "person.alder"}},
              {"id": "nav", "type": "NavigationButtons",
               "validateOnNext": {"page": "current", "show": ["All"]}}]
    target = build_app(tmp_path, layout, schema_properties={"person": {
        "type": "object", "properties": {"alder": {"type": "integer"}}}})
    (target / "App/models/model.validation.json").write_text(json.dumps(
        {"validations": validations}), encoding="utf-8")
    client = make_app(tmp_path, BLANKETT_APPS_DIR=str(target.parent)).test_client()
    login(client)
    return client, start_instance(client)


def test_an_expression_warning_shows_but_does_not_block(tmp_path: Path) -> None:
    client, page = _service_with_validations(tmp_path, {"person.alder": [{
        "message": "Er du sikker på alderen?", "severity": "warning",
        "condition": ["greaterThan", ["dataModel", ["argv", 0]], 100]}]})
    response = client.post(page, data={"action": "next", "person.alder": "120"})
    assert response.status_code == 303  # a warning never blocks
    # Shown beside the field when the page is checked for an error too:
    client_error, page_error = _service_with_validations(tmp_path / "b", {"person.alder": [
        {"message": "For gammel", "severity": "error",
         "condition": ["greaterThan", ["dataModel", ["argv", 0]], 150]},
        {"message": "Er du sikker på alderen?", "severity": "warning",
         "condition": ["greaterThan", ["dataModel", ["argv", 0]], 100]}]})
    html = client_error.post(page_error, data={"action": "next", "person.alder": "160"}
                             ).get_data(as_text=True)
    assert "For gammel" in html
    assert re.search(r'data-color="warning" data-field="validation-warning"><span '
                     r'class="ds-sr-only">Advarsel: </span>Er du sikker på alderen\?', html)
    assert re.search(r'aria-describedby="[^"]*alder__error alder__notice"', html)


def test_the_validation_endpoint_answers_altinns_wire_format(client: FlaskClient) -> None:
    login(client)
    first = start_instance(client)
    instance = first.split("/")[3]
    url = f"/ekom/serveringsbevilling/instances/512345/{instance}/validate"
    issues = client.get(url).get_json()
    required = [i for i in issues if i["code"] == "required"]
    assert required and required[0] == {
        "severity": 1, "dataElementId": required[0]["dataElementId"],
        "field": "soker.sokertype", "code": "required",
        "description": "Du må fylle ut hvem søker?", "source": "Required",
        "noIncrementalUpdates": False, "customTextKey": None, "customTextParameters": None}
    assert required[0]["dataElementId"]
    assert client.get(url + "?language=en").get_json()[0]["description"].startswith(
        "You have to fill out")
    assert client.get(f"/other/app/instances/512345/{instance}/validate").status_code == 404
    login(client, user_id=1337)  # another person: the instance is not there for them
    assert client.get(url).status_code == 404


def test_a_task_never_ends_with_errors(client: FlaskClient) -> None:
    from forms.validation import Issue, Severity
    from process.engine import ValidationFailed, complete_task
    from storage import repository
    from web.db import db_session

    login(client)
    first = start_instance(client)
    with client.application.app_context():
        session = db_session()
        instance = repository.get_instance(session, first.split("/")[3])
        assert instance is not None
        app = client.application.extensions["blankett.apps"].get(instance.app_id)
        error = Issue(Severity.ERROR, "Custom", "x", "Nei")
        with pytest.raises(ValidationFailed) as failed:
            complete_task(session, app, instance, "12345", issues=[error])
        assert failed.value.issues == [error] and instance.current_task == "Task_1"


def test_a_row_is_checked_when_saved_if_the_app_asks(tmp_path: Path) -> None:
    from tests.components.test_repeatinggroup import GROUP, SCHEMA

    layout = [dict(GROUP[0], validateOnSaveRow=["All"]), *GROUP[1:]]
    client, page = start_service(tmp_path, layout, schema_properties=SCHEMA)
    opened = client.post(page, data={"action": "row-add:ansatte"}).headers["Location"]
    row_id = opened.split(":", 1)[1].split("#")[0]
    response = client.post(page, data={"action": f"row-save:ansatte:{row_id}",
                                       "bk_row": f"ansatte[0]={row_id}"})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert f'id="ansatte__edit_{row_id}"' in html  # the row stays open
    assert "Du må fylle ut navn" in html
    response = client.post(page, data={"action": f"row-save:ansatte:{row_id}",
                                       "bk_row": f"ansatte[0]={row_id}",
                                       "ansatte[0].navn": "Kari"})
    assert response.status_code == 303


def test_the_sample_service_can_still_be_sent(client: FlaskClient) -> None:
    login(client)
    first = start_instance(client)
    for name, answers in SAMPLE_ANSWERS.items():
        response = client.post(page_url(first, name), data={"action": "next", **answers})
        assert response.status_code == 303, (name, response.get_data(as_text=True)[:300])


AGE = {"person": {"type": "object", "properties": {"alder": {"type": "integer",
                                                            "maximum": 100}}}}


def _age_service(tmp_path: Path, first: list[dict], second: list[dict] | None = None,
                 logic: dict[str, str] | None = None) -> tuple[FlaskClient, str]:
    """A test page (and, given, a second page after it) bound to `person.alder`; every other
    page of the sample service filled in."""
    target = build_app(tmp_path, first, schema_properties=AGE, logic=logic)
    if second is not None:
        root = target / "App"
        (root / "ui/form/layouts/test2.json").write_text(json.dumps(
            {"data": {"layout": second}}), encoding="utf-8")
        settings = json.loads((root / "ui/form/Settings.json").read_text(encoding="utf-8"))
        settings["pages"]["order"].insert(1, "test2")
        (root / "ui/form/Settings.json").write_text(json.dumps(settings), encoding="utf-8")
    client = make_app(tmp_path, BLANKETT_APPS_DIR=str(target.parent)).test_client()
    login(client)
    page = start_instance(client)
    for name, answers in SAMPLE_ANSWERS.items():
        client.post(page_url(page, name), data={"action": "save", **answers})
    return client, page


def _age(cid: str, **extra: object) -> dict:
    return {"id": cid, "type": "Input", "textResourceBindings": {"title": cid},
            "dataModelBindings": {"simpleBinding": "person.alder"}, **extra}


NEXT_CHECKS = {"id": "nav", "type": "NavigationButtons",
               "validateOnNext": {"page": "current", "show": ["All"]}}


def test_an_error_is_shown_on_a_field_that_can_be_changed(tmp_path: Path) -> None:
    client, page = _age_service(tmp_path, [_age("visning", readOnly=True), _age("alder")])
    client.post(page, data={"action": "save", "person.alder": "200"})
    response = client.post(page_url(page, "oppsummering"), data={"action": "submit"})
    assert response.status_code == 422  # the read-only copy does not hide the error
    assert re.search(r'href="[^"]*#alder">Største gyldig tall er 100', response.get_data(
        as_text=True))


def test_the_recheck_places_an_error_where_it_was_shown(tmp_path: Path) -> None:
    client, page = _age_service(tmp_path, [_age("a1")], [_age("a2"), NEXT_CHECKS])
    second = page_url(page, "test2")
    html = client.post(second, data={"action": "next", "person.alder": "200"}
                       ).get_data(as_text=True)
    shown = re.findall(r'name="bk_shown" value="([^"]+)"', html)
    assert [s.split("|")[0] for s in shown] == ["a2"]
    still = client.post(second, headers={"HX-Request": "true"}, data={
        "action": "live", "person.alder": "300", "bk_shown": shown})
    assert still.status_code == 204  # still wrong, the same message: nothing to change
    body = client.post(second, headers={"HX-Request": "true"}, data={
        "action": "live", "person.alder": "30", "bk_shown": shown}).get_data(as_text=True)
    assert 'id="bk_c_a2"' in body and "Største gyldig tall" not in body


WHOLE = ("from forms.app_code import validator, issue\n"
         "@validator('model')\n"
         "def whole(data, context):\n"
         "    if (data.get('person') or {}).get('alder') == 99:\n"
         "        yield issue(None, 'Hele skjemaet er feil')\n")


def test_an_error_about_the_whole_form_blocks_sending_not_moving_on(tmp_path: Path) -> None:
    client, page = _age_service(tmp_path, [_age("alder"), NEXT_CHECKS],
                                logic={"whole.py": WHOLE})
    response = client.post(page, data={"action": "next", "person.alder": "99"})
    assert response.status_code == 303  # a page check looks at the page
    html = client.post(page_url(page, "oppsummering"), data={"action": "submit"}
                       ).get_data(as_text=True)
    assert "<li>Hele skjemaet er feil</li>" in html
