"""Errors in a real browser, with JavaScript on and off, on the sample service's Søker page
(its NavigationButtons have validateOnNext): an empty required page is refused with "Feil:" in
the title, an error summary that links to each field (focused with JavaScript), each message
beside its field tied by aria-describedby; fixing one field takes its error away (as the
person leaves the field with JavaScript, on the next try without); axe at zero throughout."""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import Page, expect

from tests.browser.test_journey import L, _start

MISSING = ["hvem søker?", "fullt navn", "postadresse", "postnummer", "poststed",
           "e-postadresse", "telefonnummer"]


def _errors(page: Page, axe_check: Any, js: bool) -> None:
    page.get_by_role("button", name="Neste", exact=True).click()
    expect(page).to_have_title(re.compile("^Søker"))
    page.get_by_role("button", name="Neste", exact=True).click()
    expect(page).to_have_title(re.compile("^Feil: Søker – "))
    summary = page.locator("#bk_errors")
    expect(summary.get_by_role("heading")).to_have_text("Det er noen feil")
    if js:
        expect(summary).to_be_focused()
    links = summary.get_by_role("link")
    expect(links).to_have_text([f"Du må fylle ut {name}" for name in MISSING])
    for field_id in ("soker-navn", "soker-adresse", "soker-poststed"):
        field = page.locator(f"#{field_id}")
        expect(field).to_have_attribute("aria-invalid", "true")
        described = field.get_attribute("aria-describedby") or ""
        assert f"{field_id}__error" in described.split()
        expect(page.locator(f"#{field_id}__error")).to_have_text(re.compile(r"^Feil: Du må"))
    axe_check(page)

    summary.get_by_role("link", name="Du må fylle ut postadresse").click()
    expect(page.get_by_label(L("Postadresse"))).to_be_focused()
    page.get_by_label(L("Postadresse")).fill("Storgata 1")
    if js:  # leaving the field checks it again: its error goes at once, nothing else moves
        page.keyboard.press("Tab")
        expect(page.locator("#soker-adresse__error")).to_have_count(0)
        expect(page.locator("#soker-adresse")).not_to_have_attribute("aria-invalid", "true")
        expect(summary.get_by_role("link")).to_have_count(len(MISSING) - 1)
        expect(page.locator("#soker-poststed__error")).to_have_count(1)
    else:  # without JavaScript, the next try says what is still missing
        page.get_by_role("button", name="Neste", exact=True).click()
        expect(page.locator("#bk_errors").get_by_role("link")).to_have_count(len(MISSING) - 1)
        expect(page.locator("#soker-adresse__error")).to_have_count(0)
        expect(page.get_by_label(L("Postadresse"))).to_have_value("Storgata 1")
    axe_check(page)


def test_errors_with_javascript(page: Page, live_server: str, axe_check: Any) -> None:
    _start(page, live_server)
    _errors(page, axe_check, js=True)


def test_errors_without_javascript(page_nojs: Page, live_server: str, axe_check: Any) -> None:
    _start(page_nojs, live_server)
    _errors(page_nojs, axe_check, js=False)
