"""Altinn's own frontend-test app: its repeating-group page (layout set `group`, task Task_3)
filled in by its labels in a real browser, JavaScript on and off, axe at zero violations.

The process engine that moves an instance from Task_1 to Task_3 comes later, so the test starts
the instance in Task_3 through storage, as the process would leave it."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import SHARED_APPS

SHARED = {"BLANKETT_APPS_DIR": str(SHARED_APPS)}
PDF = (b"%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n"
       b"2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n")


@pytest.fixture
def group_page(live_server_factory: Any) -> tuple[Any, str]:
    from storage import repository
    from web.db import db_session

    server = live_server_factory(SHARED)
    with server.app.app_context():
        instance = repository.create_instance(
            db_session(), app_id="ttd/frontend-test", party_id=512345, user_id="12345",
            task_id="Task_3", form_data_types=["nested-group"])
        db_session().commit()
        instance_id = instance.id
    return server, f"{server.url}/instance/512345/{instance_id}/page/repeating"


def _fill(page: Page, url: str, base: str, axe_check: Any, js: bool) -> None:
    page.goto(base + "/login?next=" + url.split(base, 1)[1])
    page.get_by_role("button", name=re.compile("^Ola Nordmann")).click()
    expect(page).to_have_url(url)
    axe_check(page)
    page.get_by_role("group", name=re.compile("^Åpne repterenede grupper")).get_by_label(
        "Ja").check()
    if not js:
        page.get_by_role("button", name="Oppdater siden").first.click()
    group = page.locator("#mainGroup")
    expect(group).to_be_visible()
    group.get_by_role("button", name=re.compile("^Legg til")).click()
    editor = page.get_by_role("group", name="Rad 1")
    editor.get_by_label(re.compile(r"^1\. Endre fra")).fill("1200")
    editor.get_by_label(re.compile(r"^2\. ")).fill("1500")
    axe_check(page)
    # The row editor has two pages (edit.multiPage); the second holds the row's file uploads.
    expect(editor).to_contain_text("Del 1 av 2")
    editor.get_by_role("button", name="Neste", exact=True).click()
    editor = page.get_by_role("group", name="Rad 1")
    expect(editor).to_contain_text("Del 2 av 2")
    uploader = editor.locator("[data-component=FileUpload]").first
    uploader.locator("input[type=file]").set_input_files(
        {"name": "endring.pdf", "mimeType": "application/pdf", "buffer": PDF})
    uploader.get_by_role("button", name=re.compile(r"^Last opp \(")).click()
    editor = page.get_by_role("group", name="Rad 1")
    expect(editor).to_contain_text("Del 2 av 2")  # back in the row, on the uploads' page
    expect(editor.get_by_role("link", name=re.compile("endring.pdf"))).to_be_visible()
    axe_check(page)
    editor.get_by_role("button", name="Tilbake", exact=True).click()
    editor = page.get_by_role("group", name="Rad 1")
    expect(editor.get_by_label(re.compile(r"^2\. "))).to_have_value(re.compile(r"1\s?500"))
    editor.get_by_role("button", name=re.compile("Lagre")).first.click()
    table = group.get_by_role("table")
    expect(table).to_contain_text("1 200")
    axe_check(page)


def test_frontend_test_group_page_with_javascript(page: Page, group_page: tuple[Any, str],
                                                  axe_check: Any) -> None:
    server, url = group_page
    _fill(page, url, server.url, axe_check, js=True)


def test_frontend_test_group_page_without_javascript(page_nojs: Page,
                                                     group_page: tuple[Any, str],
                                                     axe_check: Any) -> None:
    server, url = group_page
    _fill(page_nojs, url, server.url, axe_check, js=False)
