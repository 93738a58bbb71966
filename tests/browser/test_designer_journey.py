"""An admin builds a small service from scratch in the designer, by labels and roles as a person
would: a new blank service, a page with three fields and a conditional one (shown only once
another field is answered), each bound to a new data model field, a submit button, then
publishes it; a citizen then finds it, fills it in and sends it. With JavaScript on (htmx,
the expression checked as it is typed) and off (plain forms). Axe at zero violations on the
designer's pages and the citizen's."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import SAMPLE_APPS

TITLE = "Registrering av hund"


def L(label: str) -> re.Pattern[str]:  # noqa: N802
    """A field's label exactly, with or without the required marker after it."""
    return re.compile(rf"^{re.escape(label)}( \*)?$")


@pytest.fixture
def server(tmp_path: Path, live_server_factory: Any) -> Any:
    shutil.copytree(SAMPLE_APPS, tmp_path / "apps")
    return live_server_factory({"BLANKETT_APPS_DIR": str(tmp_path / "apps")})


def _add_field(page: Page, component_id: str, label: str, field: str, js: bool,
               hidden_when: str | None = None) -> None:
    """On the page editor: add an Input by the palette, open its properties, bind it to a new
    data model field (and hide it by an expression), save, and come back to the page."""
    palette = page.get_by_role("form", name="Legg til komponent")
    palette.get_by_label("Type", exact=True).select_option("Input")
    palette.get_by_label(re.compile("^Id")).fill(component_id)
    palette.get_by_label(re.compile(r"^Ledetekst \(bokmål\)")).fill(label)
    palette.get_by_role("button", name="Legg til", exact=True).click()
    expect(page.get_by_role("link", name=f"Rediger «{label}»")).to_be_visible()
    page.get_by_role("link", name=f"Rediger «{label}»").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Egenskaper for «{component_id}»")
    binding = page.get_by_label("Felt for svaret", exact=True)
    binding.select_option(label="Lag et nytt felt …")
    page.get_by_label("Navn på feltet", exact=True).fill(field)
    if hidden_when is not None:
        hidden = page.get_by_role("group", name="Skjult")
        hidden.get_by_label("Når uttrykket er sant").check()
        expression = page.get_by_label("Uttrykk for «Skjult»")
        expression.fill('["equals", ["dataModel", "rase"]')
        if js:  # checked as it is typed, against the sample data
            expect(page.get_by_role("status").filter(has_text="JSON")).to_be_visible()
        expression.fill(hidden_when)
        if js:
            expect(page.get_by_role("status").filter(has_text="Gyldig uttrykk")).to_be_visible()
        else:
            page.get_by_role("button", name=re.compile(r"^Sjekk uttrykket\s*: Uttrykk for «Skjult»")
                             ).click()
            expect(page.get_by_text(re.compile("^Gyldig uttrykk"))).to_be_visible()
            expect(page.get_by_label("Uttrykk for «Skjult»")).to_have_value(hidden_when)
    page.get_by_role("button", name="Lagre endringene").first.click()
    expect(page.get_by_text("Endringen er lagret i utkastet.")).to_be_visible()
    page.get_by_role("link", name=re.compile("^Tilbake til siden")).click()


def _build(page: Page, base: str, axe_check: Any, js: bool) -> None:
    page.goto(base + "/login")
    page.get_by_role("button", name=re.compile("^Administrator, ekom")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tjenester for ekom")
    axe_check(page)

    page.get_by_role("link", name="Ny tjeneste").click()
    page.get_by_label(re.compile(r"^Navn i adressen")).fill("hund")
    page.get_by_label(re.compile("^Tittel på bokmål")).fill(TITLE)
    page.get_by_label("En tom tjeneste").check()
    axe_check(page)
    page.get_by_role("button", name="Lag tjenesten").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sider")
    axe_check(page)

    page.get_by_label("Navn på siden", exact=True).fill("hunden")
    page.get_by_label(re.compile(r"^Overskrift \(bokmål\)")).fill("Om hunden")
    page.get_by_role("button", name="Legg til side").click()
    expect(page.get_by_text("Endringen er lagret i utkastet.")).to_be_visible()
    page.get_by_role("link", name="Om hunden", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Om hunden")
    axe_check(page)

    _add_field(page, "eier", "Eierens navn", "eier", js)
    _add_field(page, "hundenavn", "Hundens navn", "hundenavn", js)
    _add_field(page, "rase", "Rase", "rase", js)
    _add_field(page, "stamtavle", "Stamtavlenummer", "stamtavle", js,
               hidden_when='["equals", ["dataModel", "rase"], null]')
    palette = page.get_by_role("form", name="Legg til komponent")
    palette.get_by_label("Type", exact=True).select_option("Button")
    palette.get_by_label(re.compile("^Id")).fill("send")
    palette.get_by_label(re.compile(r"^Ledetekst \(bokmål\)")).fill("Send inn registreringen")
    palette.get_by_role("button", name="Legg til", exact=True).click()
    expect(page.get_by_role("link", name="Rediger «Send inn registreringen»")).to_be_visible()
    axe_check(page)
    # The preview beside the editor is the real renderer; the unanswered breed hides the
    # pedigree number there too.
    preview = page.frame_locator("iframe")
    expect(preview.get_by_label(L("Hundens navn"))).to_be_visible()
    expect(preview.get_by_label(L("Stamtavlenummer"))).to_have_count(0)

    page.get_by_role("link", name="Sjekk og publiser").click()
    expect(page.get_by_text("Ingen feil funnet.")).to_be_visible()
    axe_check(page)
    page.get_by_label(re.compile(r"^Merknad")).fill("Første versjon")
    page.get_by_role("button", name="Publiser", exact=True).click()
    expect(page.get_by_text("Versjon 1 er publisert.")).to_be_visible()
    expect(page.get_by_role("table").first).to_contain_text("Første versjon")
    axe_check(page)
    page.get_by_role("button", name="Logg ut").click()


def _submit_as_citizen(page: Page, base: str, axe_check: Any, js: bool) -> None:
    page.goto(base + "/login")
    page.get_by_role("button", name=re.compile("^Ola Nordmann")).click()
    page.get_by_role("button", name=re.compile(f"{TITLE}")).click()
    expect(page).to_have_title(re.compile(f"^{TITLE}"))
    axe_check(page)
    page.get_by_role("button", name="Neste", exact=True).click()
    expect(page).to_have_title(re.compile("^Om hunden"))
    page.get_by_label(L("Eierens navn")).fill("Ola Nordmann")
    page.get_by_label(L("Hundens navn")).fill("Passopp")
    expect(page.get_by_label(L("Stamtavlenummer"))).to_have_count(0)
    page.get_by_label(L("Rase")).fill("Labrador")
    if js:  # the change is posted and the now visible field swapped in
        page.get_by_label(L("Rase")).blur()
    else:
        page.get_by_role("button", name=re.compile("^Oppdater siden")).first.click()
    expect(page.get_by_label(L("Stamtavlenummer"))).to_be_visible()
    page.get_by_label(L("Stamtavlenummer")).fill("NO-12345/2024")
    axe_check(page)
    page.get_by_role("button", name="Send inn registreringen").click()
    expect(page).to_have_title(re.compile("^Skjemaet er sendt inn"))
    axe_check(page)


@pytest.mark.parametrize("js", [True, False], ids=["javascript", "no-javascript"])
def test_an_admin_builds_a_service_and_a_citizen_submits_it(
        js: bool, page: Page, page_nojs: Page, server: Any, axe_check: Any,
        tmp_path: Path) -> None:
    browser_page = page if js else page_nojs
    _build(browser_page, server.url, axe_check, js)
    _submit_as_citizen(browser_page, server.url, axe_check, js)
    # What the admin made is plain Altinn files, written in the stable form.
    layout = (tmp_path / "apps" / "hund" / "App" / "ui" / "form" / "layouts"
              / "hunden.json").read_text(encoding="utf-8")
    assert '"hidden": ["equals", ["dataModel", "rase"], null],' in layout
    schema = (tmp_path / "apps" / "hund" / "App" / "models" / "model.schema.json").read_text(
        encoding="utf-8")
    assert all(f'"{name}"' in schema for name in ("eier", "hundenavn", "rase", "stamtavle"))
