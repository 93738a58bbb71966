"""The List in a real browser, with JavaScript on and off: rows from the app's code, a row
picked by its radio button's name and saved, another page of rows and another order by
buttons that save first, and axe at zero violations."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.components.conftest import build_app
from tests.components.test_list import PEOPLE, PICKED, SCHEMA

LIST = {**PICKED, "sortableColumns": ["age"], "pagination": {"alternatives": [2, 5],
                                                             "default": 2}}
SAVE = {"id": "lagre-knapp", "type": "Button", "mode": "save",
        "textResourceBindings": {"title": "Lagre"}}


@pytest.fixture
def server(tmp_path: Path, live_server_factory: Any) -> Any:
    target = build_app(tmp_path / "app", [LIST, SAVE], schema_properties=SCHEMA,
                       logic={"people.py": PEOPLE})
    return live_server_factory({"BLANKETT_APPS_DIR": str(target.parent)})


def _stored(server: Any, page: Page) -> dict[str, Any]:
    from storage import repository
    from web.db import db_session

    with server.app.app_context():
        instance = repository.get_instance(db_session(), page.url.split("/")[5])
        assert instance is not None
        element = repository.form_data_element(instance, "model")
        assert element is not None
        return repository.read_form_data(element)


def _pick(page: Page, server: Any, axe_check: Any) -> None:
    page.goto(server.url + "/login")
    page.get_by_role("button", name=re.compile("^Ola Nordmann")).click()
    page.get_by_role("button", name=re.compile("^Start")).first.click()
    people = page.get_by_role("radiogroup", name="Hvem gjelder saken?")
    expect(people.get_by_role("radio")).to_have_count(2)
    axe_check(page)
    people.get_by_role("button", name="2 av 3").click()
    expect(people.get_by_role("radio")).to_have_count(2)
    people.get_by_role("radio", name="Navn: Per, Alder: 30, Yrke: Snekker").check()
    page.get_by_role("button", name="Lagre").click()
    expect(page.get_by_role("radio", name="Navn: Per, Alder: 30, Yrke: Snekker")).to_be_checked()
    assert _stored(server, page)["valgt"] == {"navn": "Per", "yrke": "Snekker"}
    page.get_by_role("button", name="Alder").click()
    expect(page.get_by_role("columnheader", name="Alder")).to_have_attribute(
        "aria-sort", "ascending")
    expect(page.get_by_role("radio").first).to_have_accessible_name(
        "Navn: Ola, Alder: 9, Yrke: Elev")
    axe_check(page)


def test_with_javascript(page: Page, server: Any, axe_check: Any) -> None:
    _pick(page, server, axe_check)


def test_without_javascript(page_nojs: Page, server: Any, axe_check: Any) -> None:
    _pick(page_nojs, server, axe_check)
