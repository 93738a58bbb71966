"""A citizen fills in the sample service in a real browser, by its labels, with JavaScript on
(htmx swaps, focus management) and off (plain form posts), and every page passes axe-core's
WCAG 2.1 A and AA rules."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from playwright.sync_api import Page, expect

Fill = dict[str, Callable[[Page], None]]


def L(label: str) -> re.Pattern[str]:  # noqa: N802
    """A field's label exactly, with or without the required marker after it."""
    return re.compile(rf"^{re.escape(label)}( \*)?$")


def _fill_soker(page: Page) -> None:
    page.get_by_role("radiogroup", name="Hvem søker?").get_by_label(L("En privatperson")).check()
    page.get_by_label(L("Fullt navn")).fill("Kari Nordmann")
    page.get_by_label(L("Postadresse")).fill("Storgata 1")
    page.get_by_label(L("Postnummer")).fill("0155")
    page.get_by_label(L("Poststed")).fill("Oslo")
    page.get_by_label(L("E-postadresse")).first.fill("kari@example.no")
    page.get_by_label(L("Telefonnummer")).first.fill("+47 12345678")
    contact = page.get_by_role("group", name="Kontaktperson")
    contact.get_by_label(L("Navn")).fill("Ola Kontakt")


def _fill_serveringssted(page: Page) -> None:
    page.get_by_label(L("Navn på serveringsstedet")).fill("Kafé Fjord")
    page.get_by_label(L("Besøksadresse")).fill("Bryggen 2")
    page.get_by_label(L("Postnummer")).fill("5003")
    page.get_by_label(L("Poststed")).fill("Bergen")
    page.get_by_label(L("Type serveringssted")).select_option(label="Kafé")
    what = page.get_by_role("group", name="Hva skal serveres?")
    what.get_by_label(L("Mat")).check()
    what.get_by_label(L("Alkoholfri drikke")).check()
    page.get_by_label(L("Antall sitteplasser innendørs")).fill("1 200")
    page.get_by_label(L("Planlagt åpningsdato")).fill("2030-05-17")
    page.get_by_label(L("Beskriv konseptet")).fill("Kaffe og bakst ved sjøen.")


def _fill_styrer(page: Page) -> None:
    manager = page.get_by_role("group", name=re.compile("^Styrer"))
    manager.get_by_label(L("Navn")).fill("Per Styrer")
    manager.get_by_label(L("Fødselsdato")).fill("1980-02-03")
    manager.get_by_label(L("Telefonnummer")).fill("98765432")
    manager.get_by_label(L("E-postadresse")).fill("per@example.no")
    manager.get_by_role("radiogroup").get_by_label(L("Ja")).check()
    deputy = page.get_by_role("group", name=re.compile("^Stedfortreder"))
    deputy.get_by_label(L("Navn")).fill("Pål Stedfortreder")
    deputy.get_by_label(L("Fødselsdato")).fill("1985-06-07")


def _fill_erklaering(page: Page) -> None:
    page.get_by_role("group", name="Bekreftelse").get_by_role("checkbox").check()
    page.get_by_label(L("Navn på den som sender inn søknaden")).fill("Kari Nordmann")


FILL: Fill = {
    "Søker": _fill_soker,
    "Serveringssted": _fill_serveringssted,
    "Styrer": _fill_styrer,
    "Erklæring": _fill_erklaering,
}


def _start(page: Page, base_url: str) -> None:
    page.goto(base_url + "/")
    page.get_by_role("link", name="Logg inn").click()
    page.get_by_role("button", name=re.compile("^Ola Nordmann")).click()
    page.get_by_role("button", name=re.compile("^Start")).first.click()
    expect(page).to_have_title(re.compile("^Introduksjon"))


def _journey(page: Page, base_url: str, axe_check: Callable[..., None], js: bool) -> None:
    _start(page, base_url)
    axe_check(page)
    if js:
        page.evaluate("window.__sameDocument = true")
    titles = ["Søker", "Serveringssted", "Styrer", "Erklæring", "Send inn"]
    for title in titles:
        page.get_by_role("button", name="Neste", exact=True).click()
        expect(page).to_have_title(re.compile(f"^{title} – "))
        assert re.search(r"/page/[a-z]+$", page.url)
        if js:  # htmx swapped the main region: same document, focus on the new heading
            assert page.evaluate("window.__sameDocument") is True
            expect(page.locator("main :is(h1, h2, h3):focus")).to_have_count(1)
        axe_check(page)
        if title in FILL:
            FILL[title](page)

    # The summary shows what was typed, with option labels.
    main = page.locator("main")
    expect(main).to_contain_text("Kafé Fjord")
    expect(main).to_contain_text("1\u00a0200")
    expect(main).to_contain_text("Mat")
    page.get_by_role("button", name="Send inn søknad", exact=True).click()
    expect(page).to_have_title(re.compile("^Skjemaet er sendt inn"))
    axe_check(page)
    page.get_by_role("link", name="Tilbake til tjenestene").click()
    expect(page.locator("table")).to_contain_text("Sendt inn")


def test_sample_service_with_javascript(page: Page, live_server: str, axe_check: Any) -> None:
    _journey(page, live_server, axe_check, js=True)


def test_sample_service_without_javascript(page_nojs: Page, live_server: str,
                                           axe_check: Any) -> None:
    assert page_nojs.context.browser  # a context with JavaScript switched off
    _journey(page_nojs, live_server, axe_check, js=False)


def test_errors_are_summarised_linked_and_focused(page: Page, live_server: str,
                                                  axe_check: Any) -> None:
    _start(page, live_server)
    page.get_by_role("button", name="Serveringssted", exact=True).click()
    expect(page).to_have_title(re.compile("^Serveringssted"))
    page.get_by_label(L("Antall sitteplasser innendørs")).fill("mange")
    page.get_by_role("button", name="Neste", exact=True).click()
    expect(page).to_have_title(re.compile("^Feil: Serveringssted"))
    summary = page.locator(".ds-error-summary")
    expect(summary).to_be_focused()
    axe_check(page)
    summary.get_by_role("link").first.click()
    expect(page.get_by_label(L("Antall sitteplasser innendørs"))).to_be_focused()
    expect(page.get_by_label(L("Antall sitteplasser innendørs"))).to_have_value("mange")


def test_language_can_be_changed_without_javascript(page_nojs: Page, live_server: str) -> None:
    _start(page_nojs, live_server)
    page_nojs.get_by_label(L("Språk")).select_option("en")
    page_nojs.get_by_role("button", name="Bytt språk", exact=True).click()
    expect(page_nojs.locator("html")).to_have_attribute("lang", "en")
    expect(page_nojs.get_by_role("button", name="Next", exact=True)).to_be_visible()


def test_keyboard_only(page: Page, live_server: str) -> None:
    """The skip link is the first stop, and a form can be filled and sent on with the keyboard."""
    _start(page, live_server)
    page.get_by_role("button", name="Neste", exact=True).click()
    expect(page).to_have_title(re.compile("^Søker"))
    page.goto(page.url)  # a fresh load: focus starts at the top of the document
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Hopp til hovedinnhold")).to_be_focused()
    page.get_by_label(L("Fullt navn")).focus()
    page.keyboard.type("Tastatur Bruker")
    page.keyboard.press("Enter")  # implicit submission: the app checks the page first
    expect(page).to_have_title(re.compile("^Feil: Søker"))
    expect(page.locator("#bk_errors")).to_be_focused()
    page.keyboard.press("Tab")  # the first link of the error summary
    expect(page.get_by_role("link", name=re.compile("^Du må fylle ut"))).to_have_count(6)
    page.keyboard.press("Enter")
    expect(page.get_by_role("radio", name=L("En privatperson"))).to_be_focused()
    _fill_soker(page)
    page.get_by_label(L("Fullt navn")).fill("Tastatur Bruker")
    page.get_by_label(L("Fullt navn")).press("Enter")  # implicit submission goes on
    expect(page).to_have_title(re.compile("^Serveringssted"))
    page.go_back()
    expect(page).to_have_title(re.compile("^Søker"))
    expect(page.get_by_label(L("Fullt navn"))).to_have_value("Tastatur Bruker")


def test_an_error_answer_is_shown_not_swallowed(page: Page, live_server: str,
                                                axe_check: Any) -> None:
    """With htmx, a 4xx/5xx answer (here: the session is gone) replaces the main region with
    the error page, and focus moves to its heading."""
    _start(page, live_server)
    page.context.clear_cookies()
    page.get_by_role("button", name="Neste", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Siden er utløpt")
    expect(page.get_by_role("heading", level=1)).to_be_focused()
    axe_check(page)


def test_language_change_after_htmx_navigation_stays_on_the_page(page: Page,
                                                                 live_server: str) -> None:
    _start(page, live_server)
    page.get_by_role("button", name="Neste", exact=True).click()
    expect(page).to_have_title(re.compile("^Søker"))
    page.get_by_label("Språk").select_option("en")
    page.get_by_role("button", name="Bytt språk").click()
    expect(page).to_have_title(re.compile("^Applicant|^Søker"))
    assert page.url.endswith("/page/soker")
    expect(page.locator("html")).to_have_attribute("lang", "en")


def test_an_answer_shows_fields_without_a_page_load(page: Page, live_server: str,
                                                    axe_check: Any) -> None:
    _start(page, live_server)
    page.get_by_role("button", name="Neste", exact=True).click()
    expect(page).to_have_title(re.compile("^Søker"))
    page.evaluate("window.__sameDocument = true")
    organisation_number = page.get_by_label(L("Organisasjonsnummer"))
    expect(organisation_number).to_have_count(0)
    choice = page.get_by_role("radiogroup", name="Hvem søker?").get_by_label(
        "Et foretak eller en organisasjon")
    choice.check()
    expect(organisation_number).to_be_visible()
    expect(page.get_by_label(L("Fullt navn"))).to_have_count(0)
    assert page.evaluate("window.__sameDocument") is True
    expect(choice).to_be_focused()  # focus stays where the person was
    axe_check(page)
    page.get_by_role("radiogroup", name="Hvem søker?").get_by_label("En privatperson").check()
    expect(page.get_by_label(L("Fullt navn"))).to_be_visible()
    expect(organisation_number).to_have_count(0)


def test_without_javascript_the_update_button_shows_fields(page_nojs: Page, live_server: str,
                                                           axe_check: Any) -> None:
    _start(page_nojs, live_server)
    page_nojs.get_by_role("button", name="Neste", exact=True).click()
    expect(page_nojs.get_by_label(L("Organisasjonsnummer"))).to_have_count(0)
    page_nojs.get_by_role("radiogroup", name="Hvem søker?").get_by_label(
        "Et foretak eller en organisasjon").check()
    page_nojs.get_by_role("button", name="Oppdater siden").click()
    expect(page_nojs.get_by_label(L("Organisasjonsnummer"))).to_be_visible()
    axe_check(page_nojs)
