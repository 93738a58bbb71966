"""Altinn's own apps, dropped into the apps folder unchanged, are served and filled in by their
labels in a real browser, with JavaScript on and off; every page passes axe-core."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from forms.loader import load_apps
from tests.conftest import SHARED_APPS

SHARED = {"BLANKETT_APPS_DIR": str(SHARED_APPS)}
_APPS = load_apps(SHARED_APPS).apps
PREVIEW_PAGES = [f"/preview/{app.org}/{app.name}/{set_id}/{page}"
                 for app in _APPS.values()
                 for set_id, layout_set in app.layout_sets.items()
                 for page in layout_set.pages]


def L(label: str) -> re.Pattern[str]:  # noqa: N802
    return re.compile(rf"^{re.escape(label)}( \*)?$")


def _fill_payment_test(page: Page, base_url: str, axe_check: Any) -> None:
    page.goto(base_url + "/login")
    page.get_by_role("button", name=re.compile("^Ola Nordmann")).click()
    start = page.locator(".service-list__item", has_text="Varemerke")
    if not start.count():
        start = page.locator(".service-list__item").filter(has=page.get_by_role(
            "heading", name=re.compile("payment", re.I)))
    start.get_by_role("button").click()
    expect(page).to_have_title(re.compile("^01ContactInformation|Kontakt"))
    axe_check(page)
    page.get_by_label(L("Navn")).fill("Kari Nordmann")
    page.get_by_label(L("Telefon")).fill("12345678")
    page.get_by_label(L("E-postadresse")).fill("kari@example.no")
    page.get_by_label(L("Referanse")).fill("REF-42")
    page.get_by_role("radiogroup").first.get_by_role("radio").first.check()
    page.get_by_role("button", name="Neste", exact=True).click()
    expect(page.get_by_role("heading", name="Opplysninger om søkeren")).to_be_visible()
    axe_check(page)
    page.get_by_role("button", name="Tilbake", exact=True).click()
    expect(page.get_by_label(L("Navn"))).to_have_value("Kari Nordmann")
    expect(page.get_by_label(L("Referanse"))).to_have_value("REF-42")
    expect(page.get_by_role("radiogroup").first.get_by_role("radio").first).to_be_checked()


@pytest.mark.parametrize("live_server", [SHARED], indirect=True)
def test_altinn_payment_app_with_javascript(page: Page, live_server: str,
                                            axe_check: Any) -> None:
    _fill_payment_test(page, live_server, axe_check)


@pytest.mark.parametrize("live_server", [SHARED], indirect=True)
def test_altinn_payment_app_without_javascript(page_nojs: Page, live_server: str,
                                               axe_check: Any) -> None:
    _fill_payment_test(page_nojs, live_server, axe_check)


@pytest.mark.parametrize("live_server", [SHARED], indirect=True)
def test_every_page_of_every_altinn_app_passes_axe(page: Page, live_server: str,
                                                   axe_check: Any) -> None:
    assert len(PREVIEW_PAGES) > 40
    for path in PREVIEW_PAGES:
        response = page.goto(live_server + path)
        assert response is not None and response.status == 200, path
        axe_check(page)


def _fill_subform(page: Page, base_url: str, axe_check: Any, js: bool) -> None:
    """service-task: add a subform entry, try to close it with its required field empty (the
    error summary says what is missing and, with JavaScript, has focus), fill it by its label,
    close it, see it in the table, open it again, delete it."""
    page.goto(base_url + "/login")
    page.get_by_role("button", name=re.compile("^Ola Nordmann")).click()
    page.locator(".service-list__item", has_text="service-task").get_by_role("button").click()
    expect(page.get_by_role("button", name=re.compile("^Legg til"))).to_be_visible()
    axe_check(page)
    page.get_by_role("button", name=re.compile("^Legg til")).click()
    expect(page).to_have_url(re.compile(r"/subform/[^/]+/page/Side1$"))
    axe_check(page)
    page.get_by_role("button", name="Ferdig", exact=True).click()
    errors = page.locator("#bk_errors")
    expect(errors.get_by_role("link", name="Du må fylle ut subform tekstfelt")).to_be_visible()
    if js:
        expect(errors).to_be_focused()
    expect(page).to_have_url(re.compile(r"/subform/[^/]+/page/Side1$"))
    axe_check(page)
    page.get_by_label(L("Subform tekstfelt")).fill("Første oppføring")
    page.get_by_role("button", name="Ferdig", exact=True).click()
    table = page.get_by_role("table")
    expect(table.get_by_role("columnheader", name="Subform tekstfelt")).to_be_visible()
    expect(table.get_by_role("cell", name="Første oppføring", exact=True)).to_be_visible()
    axe_check(page)
    page.get_by_role("link", name="Endre Rad 1 (Første oppføring)").click()
    expect(page.get_by_label(L("Subform tekstfelt"))).to_have_value("Første oppføring")
    page.get_by_role("button", name="Ferdig", exact=True).click()
    page.get_by_role("button", name="Slett Rad 1 (Første oppføring)").click()
    expect(page.get_by_text("Ingen rader er lagt til ennå.")).to_be_visible()
    expect(page.get_by_role("table")).to_have_count(0)


@pytest.mark.parametrize("live_server", [SHARED], indirect=True)
def test_altinn_subform_with_javascript(page: Page, live_server: str, axe_check: Any) -> None:
    _fill_subform(page, live_server, axe_check, js=True)


@pytest.mark.parametrize("live_server", [SHARED], indirect=True)
def test_altinn_subform_without_javascript(page_nojs: Page, live_server: str,
                                           axe_check: Any) -> None:
    _fill_subform(page_nojs, live_server, axe_check, js=False)
