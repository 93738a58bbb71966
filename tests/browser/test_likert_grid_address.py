"""Likert, Address, Grid, MultipleSelect, Map and the not-yet-available buttons in a real
browser, with JavaScript on and off: filled in by their labels, saved, and axe at zero
violations (the Altinn apps' Likert has no rows in the preview, so it is checked here)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.components.conftest import build_app

COMPONENTS = [
    {"id": "skole", "type": "Likert",
     "textResourceBindings": {"title": "Skolearbeid", "questions": "rad",
                              "leftColumnHeader": "Påstand"},
     "dataModelBindings": {"questions": "sporsmal", "answer": "sporsmal.svar"},
     "options": [{"value": "1", "label": "Alltid"}, {"value": "2", "label": "Ofte"},
                 {"value": "3", "label": "Sjelden"}]},
    {"id": "bosted", "type": "Address", "textResourceBindings": {"title": "Bostedsadresse"},
     "dataModelBindings": {"address": "adr.gate", "zipCode": "adr.postnr",
                           "postPlace": "adr.sted", "houseNumber": "adr.bolignr"},
     "simplified": False},
    {"id": "gjeld", "type": "Grid", "textResourceBindings": {"title": "Gjeld"},
     "rows": [{"header": True, "cells": [{"text": "Lån"}, {"text": "Beløp"}]},
              {"cells": [{"text": "Boliglån"}, {"component": "bolig-belop"}]}]},
    {"id": "bolig-belop", "type": "Input", "textResourceBindings": {"title": "Boliglån i kr"},
     "dataModelBindings": {"simpleBinding": "gjeld.bolig"}},
    {"id": "farger", "type": "MultipleSelect", "textResourceBindings": {"title": "Farger"},
     "dataModelBindings": {"simpleBinding": "farger"},
     "options": [{"value": "rod", "label": "Rød"}, {"value": "bla", "label": "Blå"}]},
    {"id": "sted", "type": "Map", "textResourceBindings": {"title": "Velg lokasjon"},
     "dataModelBindings": {"simpleBinding": "punkt"}},
    {"id": "fyll-knapp", "type": "CustomButton", "textResourceBindings": {"title": "Fyll ut"},
     "actions": [{"type": "ServerAction", "id": "fill"}], "buttonStyle": "secondary"},
    {"id": "signer-knapp", "type": "ActionButton", "action": "sign",
     "textResourceBindings": {"title": "Signer"}, "buttonStyle": "secondary"},
    {"id": "lagre-knapp", "type": "Button", "mode": "save",
     "textResourceBindings": {"title": "Lagre"}},
]
SCHEMA = {
    "sporsmal": {"type": "array", "items": {"type": "object", "properties": {
        "tekst": {"type": "string"}, "svar": {"type": "string"}}}},
    "adr": {"type": "object", "properties": {k: {"type": "string"} for k in (
        "gate", "postnr", "sted", "bolignr")}},
    "gjeld": {"type": "object", "properties": {"bolig": {"type": "string"}}},
    "farger": {"type": "string"}, "punkt": {"type": "string"},
}
QUESTIONS = [{"tekst": "Jeg trives"}, {"tekst": "Jeg lærer"}]


@pytest.fixture
def server(tmp_path: Path, live_server_factory: Any) -> Any:
    import json

    target = build_app(tmp_path / "app", COMPONENTS, schema_properties=SCHEMA)
    texts = target / "App/config/texts/resource.nb.json"
    resources = json.loads(texts.read_text(encoding="utf-8"))
    resources["resources"].append({"id": "rad", "value": "{0}", "variables": [
        {"key": "sporsmal[{0}].tekst", "dataSource": "dataModel.default"}]})
    texts.write_text(json.dumps(resources, ensure_ascii=False), encoding="utf-8")
    return live_server_factory({"BLANKETT_APPS_DIR": str(target.parent)})


def _data(server: Any, page: Page, data: dict[str, Any] | None = None) -> dict[str, Any]:
    """The instance's form data (first storing `data`, if given)."""
    from storage import repository
    from web.db import db_session

    with server.app.app_context():
        instance = repository.get_instance(db_session(), page.url.split("/")[5])
        assert instance is not None
        element = repository.form_data_element(instance, "model")
        assert element is not None
        if data is not None:
            repository.save_form_data(element, data, "test")
            db_session().commit()
        return repository.read_form_data(element)


def _fill(page: Page, server: Any, axe_check: Any) -> None:
    page.goto(server.url + "/login")
    page.get_by_role("button", name=re.compile("^Ola Nordmann")).click()
    page.get_by_role("button", name=re.compile("^Start")).first.click()
    expect(page.get_by_role("group", name="Skolearbeid")).to_be_visible()
    _data(server, page, {"sporsmal": QUESTIONS})
    page.reload()
    likert = page.get_by_role("group", name="Skolearbeid")
    expect(likert.get_by_role("table").get_by_role("row")).to_have_count(3)
    axe_check(page)
    likert.get_by_role("radio", name="Jeg trives Ofte").check()
    likert.get_by_role("radio", name="Jeg lærer Sjelden").check()
    address = page.get_by_role("group", name="Bostedsadresse")
    address.get_by_label("Gateadresse").fill("Storgata 1")
    address.get_by_label("Postnummer").fill("0155")
    address.get_by_label("Poststed").fill("Oslo")
    address.get_by_label("Bolignummer").fill("H0101")
    page.get_by_role("table", name="Gjeld").get_by_label("Boliglån i kr").fill("2000000")
    page.get_by_role("group", name="Farger").get_by_label("Blå").check()
    page.get_by_label("Velg lokasjon").fill("59.91, 10.75")
    expect(page.get_by_role("button", name="Fyll ut")).to_be_disabled()
    expect(page.get_by_role("button", name="Signer")).to_be_disabled()
    page.get_by_role("button", name="Lagre").click()
    expect(page.get_by_role("radio", name="Jeg lærer Sjelden")).to_be_checked()
    expect(page.get_by_label("Poststed")).to_have_value("Oslo")
    axe_check(page)
    data = _data(server, page)
    assert [q.get("svar") for q in data["sporsmal"]] == ["2", "3"]
    assert data["adr"] == {"gate": "Storgata 1", "postnr": "0155", "sted": "Oslo",
                           "bolignr": "H0101"}
    assert data["gjeld"] == {"bolig": "2000000"}
    assert data["farger"] == "bla" and data["punkt"] == "59.91,10.75"


def test_with_javascript(page: Page, server: Any, axe_check: Any) -> None:
    _fill(page, server, axe_check)


def test_without_javascript(page_nojs: Page, server: Any, axe_check: Any) -> None:
    _fill(page_nojs, server, axe_check)
