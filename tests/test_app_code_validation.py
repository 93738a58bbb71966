"""App code for validation and calculation (`@validator`, `@calculation` in App/logic): the
app's own issues shown and blocking like Altinn's Custom issues, text keys in the person's
language, app code that fails giving a clear blocking error instead of a crash or a pass, and
derived fields filled in after every save (and drawn again on a live update) without ever
losing what the person typed."""

from __future__ import annotations

import json
import logging
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient

from tests.components.conftest import build_app
from tests.conftest import SAMPLE_ANSWERS, login, make_app, start_instance
from tests.test_pages import page_url, stored_data

SCHEMA = {"person": {"type": "object", "properties": {
    "navn": {"type": "string"}, "alder": {"type": "integer"},
    "fornavn": {"type": "string"}, "etternavn": {"type": "string"},
    "fulltNavn": {"type": "string"}}}}


def _input(comp_id: str, path: str, **extra: Any) -> dict[str, Any]:
    return {"id": comp_id, "type": "Input", "textResourceBindings": {"title": comp_id},
            "dataModelBindings": {"simpleBinding": path}, **extra}


COMPONENTS = [_input("navn", "person.navn"), _input("alder", "person.alder"),
              _input("fornavn", "person.fornavn"), _input("etternavn", "person.etternavn"),
              _input("fulltnavn", "person.fulltNavn", readOnly=True),
              {"id": "knapper", "type": "NavigationButtons",
               "validateOnNext": {"page": "current", "show": ["All"]}}]

VALIDATORS = '''
from forms.app_code import issue, validator


@validator("model")
def sjekk_person(data, context):
    person = data.get("person") or {}
    alder = person.get("alder")
    if alder is not None and alder < 18:
        yield issue("person.alder", text_key="for-ung", params={"grense": 18})
    if alder is not None and alder > 100:
        yield issue("person.alder", "Er alderen {alder} riktig?", params={"alder": alder},
                    severity="warning")


@validator("model")
def sjekk_navn(data, context):
    if (data.get("person") or {}).get("navn") == "Test":
        return [issue("person.navn", "Navnet kan ikke være Test", code="testnavn")]
    return None
'''

CALCULATIONS = '''
from forms.app_code import calculation


@calculation("model")
def fullt_navn(data, context):
    person = data.setdefault("person", {})
    parts = [person.get("fornavn"), person.get("etternavn")]
    person["fulltNavn"] = " ".join(p for p in parts if p) or None
    if person["fulltNavn"] is None:
        del person["fulltNavn"]
'''


def _client(tmp_path: Path, logic: dict[str, str],
            en_texts: dict[str, str] | None = None) -> tuple[FlaskClient, str]:
    target = build_app(tmp_path, COMPONENTS, schema_properties=SCHEMA, logic=logic,
                       texts={"for-ung": "Du må være minst {grense} år"})
    if en_texts:
        file = target / "App/config/texts/resource.en.json"
        resources = json.loads(file.read_text(encoding="utf-8"))
        resources["resources"] += [{"id": k, "value": v} for k, v in en_texts.items()]
        file.write_text(json.dumps(resources, ensure_ascii=False), encoding="utf-8")
    client = make_app(tmp_path, BLANKETT_APPS_DIR=str(target.parent)).test_client()
    login(client)
    page = start_instance(client)
    assert page.endswith("/page/test")
    for name, answers in SAMPLE_ANSWERS.items():  # every other page is complete
        assert client.post(page_url(page, name), data={"action": "save", **answers}
                           ).status_code == 303
    return client, page


def _submit(client: FlaskClient, page: str) -> tuple[int, str]:
    response = client.post(page_url(page, "oppsummering"), data={"action": "submit"})
    return response.status_code, response.get_data(as_text=True)


def _summary(html: str) -> str:
    start = html.index('id="bk_errors"')
    return html[start:html.index("</div>", start)]


def test_a_custom_error_blocks_submit_and_links_to_its_field(tmp_path: Path) -> None:
    client, page = _client(tmp_path, {"validering.py": VALIDATORS})
    client.post(page, data={"action": "save", "person.alder": "12", "person.navn": "Test"})
    status, html = _submit(client, page)
    assert status == 422
    summary = _summary(html)
    assert f'<a class="ds-link" href="{page}#alder">Du må være minst 18 år</a>' in summary
    assert f'<a class="ds-link" href="{page}#navn">Navnet kan ikke være Test</a>' in summary
    assert summary.index("#navn") < summary.index("#alder")  # in page order
    client.post(page, data={"action": "save", "person.alder": "30", "person.navn": "Kari"})
    status, _html = _submit(client, page)
    assert status == 303


def test_a_warning_shows_beside_its_field_but_never_blocks(tmp_path: Path) -> None:
    client, page = _client(tmp_path, {"validering.py": VALIDATORS})
    response = client.post(page, data={"action": "next", "person.alder": "120",
                                       "person.navn": "Test"})
    assert response.status_code == 422  # validateOnNext: the name's error blocks
    html = response.get_data(as_text=True)
    assert "Er alderen 120 riktig?" not in _summary(html)
    notice = re.search(r'<div id="alder__notice">(.*?)</div>', html, re.S)
    assert notice and "Er alderen 120 riktig?" in notice.group(1)
    assert 'data-field="validation-warning"' in notice.group(1)
    response = client.post(page, data={"action": "next", "person.navn": "Kari"})
    assert response.status_code == 303  # only the warning is left: on to the next page
    status, _html = _submit(client, page)
    assert status == 303


def test_a_text_key_is_resolved_in_the_persons_language(tmp_path: Path) -> None:
    client, page = _client(tmp_path, {"validering.py": VALIDATORS},
                           en_texts={"for-ung": "You must be at least {grense} years old"})
    client.post(page, data={"action": "save", "person.alder": "12"})
    assert "Du må være minst 18 år" in _summary(_submit(client, page)[1])
    client.post("/language", data={"lang": "en", "next": page})
    summary = _summary(_submit(client, page)[1])
    assert "You must be at least 18 years old" in summary
    assert "Du må være" not in summary


BROKEN_VALIDATORS = '''
from forms.app_code import issue, validator


@validator("model")
def feiler(data, context):
    raise RuntimeError("registeret svarer ikke")


@validator("model")
def svarer_rart(data, context):
    return "alt er fint"


@validator("model")
def virker(data, context):
    yield issue("person.navn", "Navnet mangler")
'''


def test_a_validator_that_fails_blocks_with_one_clear_error(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    client, page = _client(tmp_path, {"validering.py": BROKEN_VALIDATORS})
    with caplog.at_level(logging.ERROR):
        status, html = _submit(client, page)
    assert status == 422
    summary = _summary(html)
    assert summary.count("Skjemaet kunne ikke kontrolleres") == 1
    assert "<li>Skjemaet kunne ikke kontrolleres" in summary  # not linked to any field
    assert f'href="{page}#navn">Navnet mangler</a>' in summary  # the working one still runs
    messages = [r.getMessage() for r in caplog.records]
    assert any("@validator('model') feiler at" in m and "validering.py" in m
               and "ekom/serveringsbevilling" in m for m in messages)
    assert any("registeret svarer ikke" in (r.exc_text or "") for r in caplog.records)
    assert any("must return or yield issues made with issue(), not str" in (r.exc_text or "")
               for r in caplog.records)


def test_a_calculation_fills_a_derived_field_on_save(tmp_path: Path) -> None:
    client, page = _client(tmp_path, {"beregning.py": CALCULATIONS})
    response = client.post(page, data={"action": "save", "person.fornavn": "Kari",
                                       "person.etternavn": "Nordmann"})
    assert response.status_code == 303
    assert stored_data(client, page)["person"]["fulltNavn"] == "Kari Nordmann"
    assert 'value="Kari Nordmann"' in client.get(page).get_data(as_text=True)


def test_a_live_update_draws_the_calculated_field_again(tmp_path: Path) -> None:
    client, page = _client(tmp_path, {"beregning.py": CALCULATIONS})
    response = client.post(page, headers={"HX-Request": "true"},
                           data={"action": "live", "person.fornavn": "Ola"})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert set(re.findall(r'id="bk_c_([^"]+)"[^>]*hx-swap-oob', html)) == {"fulltnavn"}
    assert 'value="Ola"' in html
    assert stored_data(client, page)["person"]["fulltNavn"] == "Ola"


BROKEN_CALCULATION = CALCULATIONS + '''

@calculation("model")
def feiler(data, context):
    data["person"]["navn"] = "overskrevet"
    raise ValueError("kan ikke regne")


@calculation("model")
def gir_tilbake(data, context):
    return {"person": {}}
'''


def test_a_calculation_that_fails_still_saves_what_was_typed(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    client, page = _client(tmp_path, {"beregning.py": BROKEN_CALCULATION})
    with caplog.at_level(logging.ERROR):
        response = client.post(page, data={"action": "save", "person.navn": "Kari",
                                           "person.fornavn": "Kari"})
    assert response.status_code == 303
    person = stored_data(client, page)["person"]
    assert person["navn"] == "Kari"  # the failing calculation's change is undone
    assert person["fulltNavn"] == "Kari"  # the calculation before it still counts
    messages = [r.getMessage() for r in caplog.records]
    assert any("@calculation('model') feiler at" in m and "beregning.py" in m
               for m in messages)
    assert any("kan ikke regne" in (r.exc_text or "") for r in caplog.records)
    assert any("return None, not dict" in (r.exc_text or "") for r in caplog.records)


def test_wrong_decorator_use_is_a_load_problem(tmp_path: Path) -> None:
    target = build_app(tmp_path / "src", COMPONENTS, schema_properties=SCHEMA, logic={
        "feil.py": "from forms.app_code import validator\n\n@validator('model')\n"
                   "def sjekk(data):\n    return []\n",
        "tom.py": "from forms.app_code import calculation\n\n@calculation('')\n"
                  "def regn(data, context):\n    pass\n"})
    apps = tmp_path / "apps"
    shutil.copytree(target, apps / "app")
    runner = make_app(tmp_path).test_cli_runner()
    result = runner.invoke(args=["apps", "check", str(apps)])
    assert result.exit_code == 1
    assert f"REFUSED {apps / 'app'}" in result.output
    assert ("error: App/logic/feil.py line 3: could not load: AppCodeError: "
            "@validator('model') must decorate a function taking (data, context)"
            ) in result.output
    assert ("App/logic/tom.py line 3: could not load: AppCodeError: @calculation needs a "
            "data type (a non-empty string)") in result.output


def test_code_for_a_data_type_the_app_lacks_is_a_warning(tmp_path: Path) -> None:
    target = build_app(tmp_path / "src", COMPONENTS, schema_properties=SCHEMA, logic={
        "regn.py": "from forms.app_code import calculation\n\n@calculation('modell')\n"
                   "def regn(data, context):\n    pass\n"})
    apps = tmp_path / "apps"
    shutil.copytree(target, apps / "app")
    result = make_app(tmp_path).test_cli_runner().invoke(args=["apps", "check", str(apps)])
    assert result.exit_code == 0
    assert ("App/logic/regn.py line 3: @calculation('modell'): the app has no data type "
            "'modell', so this never runs") in result.output


ROWS = [{"id": "ansatte", "type": "RepeatingGroup", "dataModelBindings": {"group": "ansatte"},
         "textResourceBindings": {"title": "Ansatte"}, "children": ["ansatt-navn"]},
        _input("ansatt-navn", "ansatte.navn"), _input("antall", "antallAnsatte", readOnly=True)]
ROWS_SCHEMA = {"antallAnsatte": {"type": "integer"}, "ansatte": {"type": "array", "items": {
    "type": "object", "properties": {"altinnRowId": {"type": "string"},
                                     "navn": {"type": "string"}}}}}
COUNT = '''
from forms.app_code import calculation


@calculation("model")
def antall(data, context):
    data["antallAnsatte"] = len(data.get("ansatte") or [])
'''


def test_calculations_run_when_a_row_is_added_or_deleted(tmp_path: Path) -> None:
    target = build_app(tmp_path, ROWS, schema_properties=ROWS_SCHEMA,
                       logic={"antall.py": COUNT})
    client = make_app(tmp_path, BLANKETT_APPS_DIR=str(target.parent)).test_client()
    login(client)
    page = start_instance(client)
    client.post(page, data={"action": "row-add:ansatte"})
    response = client.post(page, headers={"HX-Request": "true"},
                           data={"action": "row-add:ansatte"})
    assert response.status_code == 200
    assert re.search(r'id="antall"[^>]*value="2"|value="2"[^>]*id="antall"',
                     response.get_data(as_text=True))  # the page region, count and all
    data = stored_data(client, page)
    assert data["antallAnsatte"] == 2
    row_id = data["ansatte"][0]["altinnRowId"]
    client.post(page, data={"action": f"row-delete:ansatte:{row_id}"})
    assert stored_data(client, page)["antallAnsatte"] == 1
