"""A repeating group in a real browser: add rows, fill them in by their labels, save, edit and
delete, with JavaScript on (htmx) and off, and axe at zero violations all along."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.components.conftest import build_app
from tests.components.test_repeatinggroup import GROUP, SCHEMA


def L(label: str) -> re.Pattern[str]:  # noqa: N802
    return re.compile(rf"^{re.escape(label)}( \*)?$")


@pytest.fixture
def group_server(tmp_path: Path, live_server_factory: Any) -> str:
    target = build_app(tmp_path / "app", GROUP, schema_properties=SCHEMA)
    return live_server_factory({"BLANKETT_APPS_DIR": str(target.parent)}).url


def _rows(page: Page, axe_check: Any, js: bool) -> None:
    page.get_by_role("button", name=re.compile("^Ola Nordmann")).click()
    page.get_by_role("button", name=re.compile("^Start")).first.click()
    if js:
        page.evaluate("window.__sameDocument = true")
    group = page.get_by_role("region", name="Ansatte")
    expect(group).to_contain_text("Ingen rader er lagt til ennå.")
    axe_check(page)
    for name, age in (("Kari", "41"), ("Ola", "17")):
        group.get_by_role("button", name="Legg til ny").click()
        editor = page.get_by_role("group", name=re.compile("^Rad "))
        if js and name == "Ola":  # added by a row swap: focus moves into the new row
            expect(editor.get_by_label(L("Navn"))).to_be_focused()
        editor.get_by_label(L("Navn")).fill(name)
        editor.get_by_label(L("Alder")).fill(age)
        axe_check(page)
        editor.get_by_role("button", name="Lagre og lukk").click()
        expect(page.get_by_role("group", name=re.compile("^Rad "))).to_have_count(0)
    table = group.get_by_role("table")
    expect(table.get_by_role("row")).to_have_count(3)  # header + two rows
    expect(table).to_contain_text("Kari")
    expect(table).to_contain_text("17")
    table.get_by_role("button", name="Endre Ola").click()  # buttons say which row
    page.get_by_role("group", name="Rad 2").get_by_label(L("Navn")).fill("Ola Nordmann")
    page.get_by_role("group", name="Rad 2").get_by_role("button", name="Lagre og lukk").click()
    expect(table).to_contain_text("Ola Nordmann")
    table.get_by_role("button", name="Slett Kari").click()
    expect(table.get_by_role("row")).to_have_count(2)
    expect(table).not_to_contain_text("Kari")
    if js:  # only the deleted row was taken out; focus went to the row after it
        expect(table.get_by_role("button", name="Endre Ola Nordmann")).to_be_focused()
    # The row that moved up is still edited as itself.
    table.get_by_role("button", name="Endre Ola Nordmann").click()
    page.get_by_role("group", name="Rad 1").get_by_label(L("Alder")).fill("18")
    page.get_by_role("group", name="Rad 1").get_by_role("button", name="Lagre og lukk").click()
    expect(table.get_by_role("row")).to_have_count(2)
    expect(table).to_contain_text("18")
    axe_check(page)
    if js:  # every step was an htmx swap, not a page load
        assert page.evaluate("window.__sameDocument") is True


def test_rows_with_javascript(page: Page, group_server: str, axe_check: Any) -> None:
    page.goto(group_server + "/login")
    _rows(page, axe_check, js=True)


def test_rows_without_javascript(page_nojs: Page, group_server: str, axe_check: Any) -> None:
    page_nojs.goto(group_server + "/login")
    _rows(page_nojs, axe_check, js=False)
