"""The designer's accessibility in a real browser: ekom's test admin goes through every designer
page by links and buttons, as a person would (the index, a new service, import, the pages, a
page editor, a component's panel, texts, option lists, check and publish, history and a
version's changes, a delete confirmation), and through its error states (a bad page name, a
duplicate option value, a bad expression, a file that is not a zip). Each passes axe-core's WCAG
2.1 A and AA rules, with JavaScript and without. The keyboard alone moves a page, the skip link
reaches the main region, focus lands on the error summary after a refused post, and (with
JavaScript) the expression editor says whether an expression is valid as it is typed."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import SAMPLE_APPS

APP_TITLE = "Søknad om serveringsbevilling"
SAVED = "Endringen er lagret i utkastet."


@pytest.fixture
def server(tmp_path: Path, live_server_factory: Any) -> Any:
    shutil.copytree(SAMPLE_APPS, tmp_path / "apps")
    return live_server_factory({"BLANKETT_APPS_DIR": str(tmp_path / "apps")})


def _h1(page: Page) -> Any:
    return page.get_by_role("heading", level=1)


def _nav(page: Page, name: str) -> None:
    page.get_by_role("navigation", name="Utformeren").get_by_role("link", name=name,
                                                                  exact=True).click()


def _expect_error_summary_focused(page: Page) -> None:
    """After a refused post, focus is on the error summary (so it is read first), or, where
    there is none, on the first invalid field."""
    summary = page.locator("[data-autofocus]")
    if summary.count():
        expect(summary.first).to_be_focused()
    else:
        expect(page.locator("[aria-invalid='true']").first).to_be_focused()


def _check_frame(page: Page, axe_check: Any, js: bool) -> None:
    """The preview as it is drawn in its iframe. (axe is put into the top document only, so it
    does not reach into the frame by itself: the frame's document is audited on its own.) A
    page without JavaScript cannot run axe in a frame; its preview is audited in a window of
    its own instead (_check_preview)."""
    frame = page.frame_locator("iframe").first
    expect(frame.locator("main, form").first).to_be_attached()
    if js:
        found = [f for f in page.frames if "/preview/" in f.url]
        assert found, [f.url for f in page.frames]
        axe_check(found[0])


def _check_preview(page: Page, axe_check: Any, link: str) -> None:
    """The preview's own document (the real renderer) opened on its own, through its link."""
    with page.context.expect_page() as opened:
        page.get_by_role("link", name=link).click()
    preview = opened.value
    preview.wait_for_load_state()
    axe_check(preview)
    preview.close()


def _login(page: Page, base: str, axe_check: Any) -> None:
    page.goto(base + "/login")
    page.get_by_role("button", name=re.compile("^Administrator, ekom")).click()
    expect(_h1(page)).to_have_text("Tjenester for ekom")
    axe_check(page)


def _services(page: Page, axe_check: Any) -> None:
    page.get_by_role("link", name="Ny tjeneste").click()
    expect(_h1(page)).to_have_text("Ny tjeneste")
    axe_check(page)
    # A refused new service: a name that cannot be an address.
    page.get_by_label(re.compile(r"^Navn i adressen")).fill("Ugyldig navn!")
    page.get_by_role("button", name="Lag tjenesten").click()
    expect(page.locator("[data-autofocus]")).to_contain_text("Rett dette før du går videre")
    expect(page.get_by_label(re.compile(r"^Navn i adressen"))).to_have_attribute(
        "aria-invalid", "true")
    _expect_error_summary_focused(page)
    axe_check(page)

    _nav(page, "Alle tjenester")
    page.get_by_role("link", name="Importer fra zip").click()
    expect(_h1(page)).to_have_text("Importer tjeneste fra zip")
    axe_check(page)
    # A refused import: the file is not a zip.
    page.get_by_label("Zip-fil", exact=True).set_input_files(
        files=[{"name": "app.zip", "mimeType": "application/zip", "buffer": b"not a zip"}])
    page.get_by_role("button", name="Importer", exact=True).click()
    expect(page.get_by_text(re.compile("zip"), exact=False).first).to_be_visible()
    expect(page.get_by_label("Zip-fil", exact=True)).to_have_attribute("aria-invalid", "true")
    _expect_error_summary_focused(page)
    axe_check(page)

    _nav(page, "Alle tjenester")
    page.get_by_role("link", name=APP_TITLE, exact=True).click()
    expect(_h1(page)).to_have_text("Sider")
    axe_check(page)


def _page_order(page: Page) -> list[str]:
    table = page.get_by_role("table", name=re.compile("^Sidene i «form»"))
    return table.locator("tbody th[scope=row] a").all_inner_texts()


def _pages(page: Page, axe_check: Any) -> None:
    # The skip link is the first stop of the keyboard and takes it to the main region.
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Hopp til hovedinnhold")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#bk_main")).to_be_focused()

    # Moving a page down with the keyboard alone: from its link, Tab to "Flytt ned", Enter.
    before = _page_order(page)
    assert before[:2] == ["Introduksjon", "Søker"]
    page.get_by_role("link", name="Introduksjon", exact=True).focus()
    page.keyboard.press("Tab")
    down = page.get_by_role("button", name="Flytt ned «Introduksjon»")
    expect(down).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_text(SAVED)).to_be_visible()
    after = _page_order(page)
    assert after[:2] == ["Søker", "Introduksjon"]
    assert sorted(after) == sorted(before)
    axe_check(page)

    # A refused new page: a name with characters a file name cannot have.
    page.get_by_label("Navn på siden", exact=True).fill("ny side!")
    page.get_by_label(re.compile(r"^Overskrift \(bokmål\)")).fill("Ny side")
    page.get_by_role("button", name="Legg til side").click()
    expect(page.locator("[data-autofocus]")).to_contain_text("Rett dette før du går videre")
    expect(page.get_by_label("Navn på siden", exact=True)).to_have_attribute(
        "aria-invalid", "true")
    _expect_error_summary_focused(page)
    axe_check(page)

    # A delete confirmation, cancelled.
    page.get_by_role("link", name="Slett «Styrer»").click()
    expect(_h1(page)).to_have_text("Slette siden «Styrer»?")
    axe_check(page)
    page.get_by_role("link", name="Avbryt").click()
    expect(_h1(page)).to_have_text("Sider")


def _component(page: Page, axe_check: Any, js: bool) -> None:
    page.get_by_role("link", name="Søker", exact=True).click()
    expect(_h1(page)).to_have_text("Siden «Søker»")
    axe_check(page)
    _check_frame(page, axe_check, js)
    _check_preview(page, axe_check, "Åpne forhåndsvisningen i eget vindu")

    page.get_by_role("link", name="Rediger «Hvem søker?»").click()
    expect(_h1(page)).to_have_text("Egenskaper for «soker-sokertype»")
    expect(page.get_by_text("Type: RadioButtons")).to_be_visible()
    axe_check(page)
    page.get_by_role("link", name=re.compile("^Tilbake til siden")).click()

    page.get_by_role("link", name="Rediger «Fullt navn»").click()
    expect(_h1(page)).to_have_text("Egenskaper for «soker-navn»")
    axe_check(page)
    _check_frame(page, axe_check, js)

    hidden = page.get_by_role("group", name="Skjult")
    hidden.get_by_label("Når uttrykket er sant").check()
    expression = page.get_by_label("Uttrykk for «Skjult»")
    status = page.locator("#" + expression.get_attribute("id") + "-status")
    if js:  # checked as it is typed, the answer in a status region
        expect(status).to_have_attribute("role", "status")
        expression.fill("")
        expression.press_sequentially('["equals", 1, 1]')
        expect(status).to_contain_text("Gyldig uttrykk")
        expression.fill('["equals", 1')
        expect(status).to_contain_text("Ikke gyldig JSON")
        axe_check(page)
    else:
        expression.fill('["equals", 1')
    # Saving a bad expression is refused; the error summary is read first.
    page.get_by_role("button", name="Lagre endringene").first.click()
    expect(page.get_by_role("heading", name="Rett dette før du går videre")).to_be_visible()
    expect(page.get_by_label("Uttrykk for «Skjult»")).to_have_attribute("aria-invalid", "true")
    _expect_error_summary_focused(page)
    axe_check(page)


def _texts_and_options(page: Page, axe_check: Any, js: bool) -> None:
    _nav(page, "Tekster")
    expect(_h1(page)).to_have_text("Tekster")
    axe_check(page)
    page.get_by_role("searchbox", name="Søk i id og tekst").fill("soker")
    page.get_by_role("button", name="Søk", exact=True).click()
    expect(page).to_have_url(re.compile(r"q=soker"))
    expect(page.get_by_role("table").first).to_contain_text("soker.navn.title")
    if js:
        expect(page.locator("#texts_status")).to_contain_text("Viser")
    axe_check(page)

    _nav(page, "Kodelister")
    expect(_h1(page)).to_have_text("Kodelister")
    axe_check(page)
    page.get_by_role("link", name="stedstype", exact=True).click()
    expect(_h1(page)).to_have_text("Kodelista «stedstype»")
    axe_check(page)
    # A refused save: the second option gets the first one's value.
    first = page.get_by_label("Verdi for valg 1", exact=True).input_value()
    page.get_by_label("Verdi for valg 2", exact=True).fill(first)
    page.get_by_role("button", name="Lagre lista").click()
    expect(page.locator("[data-autofocus]")).to_contain_text("Lista ble ikke lagret")
    expect(page.get_by_label("Verdi for valg 2", exact=True)).to_have_attribute(
        "aria-invalid", "true")
    _expect_error_summary_focused(page)
    axe_check(page)


def _publish(page: Page, axe_check: Any) -> None:
    _nav(page, "Sjekk og publiser")
    expect(_h1(page)).to_have_text("Sjekk og publiser")
    axe_check(page)
    page.get_by_label(re.compile(r"^Merknad")).fill("Første versjon")
    page.get_by_role("button", name="Publiser", exact=True).click()
    # The first change made a baseline version of the files as they were; this is the next.
    published = page.get_by_text(re.compile(r"^Versjon \d+ er publisert\.$"))
    expect(published).to_be_visible()
    version = re.findall(r"\d+", published.inner_text())[0]
    axe_check(page)

    _nav(page, "Historikk")
    expect(_h1(page)).to_have_text("Historikk")
    expect(page.get_by_role("table").first).to_contain_text("Første versjon")
    axe_check(page)
    page.get_by_role("link", name=f"Se endringene i versjon {version}").click()
    expect(_h1(page)).to_contain_text(version)
    expect(page.get_by_role("table", name=re.compile("."))).not_to_have_count(0)
    axe_check(page)


def _tour(page: Page, base: str, axe_check: Any, js: bool) -> None:
    _login(page, base, axe_check)
    _services(page, axe_check)
    _pages(page, axe_check)
    _component(page, axe_check, js)
    _texts_and_options(page, axe_check, js)
    _publish(page, axe_check)


@pytest.mark.parametrize("js", [True, False], ids=["javascript", "no-javascript"])
def test_every_designer_page_is_accessible(js: bool, page: Page, page_nojs: Page, server: Any,
                                           axe_check: Any) -> None:
    _tour(page if js else page_nojs, server.url, axe_check, js)
