"""Every component type on one page, in a real browser with and without JavaScript: zero axe
violations (WCAG 2.1 A and AA)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.components.conftest import build_app
from tests.components.kitchen_sink import COMPONENTS, DATA, LOGIC, SCHEMA


@pytest.fixture
def sink_url(tmp_path: Path, live_server_factory: Any) -> tuple[Any, str]:
    target = build_app(tmp_path / "app", COMPONENTS, schema_properties=SCHEMA, logic=LOGIC)
    server = live_server_factory({"BLANKETT_APPS_DIR": str(target.parent)})
    return server, server.url


def _open_with_data(page: Page, server: Any, url: str) -> None:
    from storage import repository
    from web.db import db_session

    page.goto(url + "/login")
    page.get_by_role("button", name=re.compile("^Ola Nordmann")).click()
    page.get_by_role("button", name=re.compile("^Start")).first.click()
    expect(page.get_by_role("heading", name="Alle komponenter")).to_be_visible()
    instance_id = page.url.split("/")[5]
    with server.app.app_context():
        instance = repository.get_instance(db_session(), instance_id)
        element = repository.form_data_element(instance, "model")
        repository.save_form_data(element, DATA, "12345")
        db_session().commit()
    page.reload()


def test_every_type_with_javascript(page: Page, sink_url: tuple[Any, str],
                                    axe_check: Any) -> None:
    server, url = sink_url
    _open_with_data(page, server, url)
    expect(page.locator(".unsupported")).to_have_count(0)
    axe_check(page)
    page.get_by_role("button", name="Endre Kari").click()  # a row open, by an htmx swap
    expect(page.get_by_role("group", name="Rad 1")).to_be_visible()
    axe_check(page)


def test_every_type_without_javascript(page_nojs: Page, sink_url: tuple[Any, str],
                                       axe_check: Any) -> None:
    server, url = sink_url
    _open_with_data(page_nojs, server, url)
    axe_check(page_nojs)
