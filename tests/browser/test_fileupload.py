"""FileUpload and FileUploadWithTag in a real browser, with JavaScript on (htmx posts the file
and swaps the page region) and off (the upload button posts the page's form as multipart):
files chosen by the input's label, refused ones explained beside the field and in the error
summary, deleted by their named button, and axe at zero violations at every step."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.components.test_fileupload import make_service, pdf_bytes, png_bytes


@pytest.fixture
def server(tmp_path: Path, live_server_factory: Any) -> Any:
    target = make_service(tmp_path / "app")
    return live_server_factory({"BLANKETT_APPS_DIR": str(target.parent)})


def _file(name: str, content: bytes, mime: str) -> dict[str, Any]:
    return {"name": name, "mimeType": mime, "buffer": content}


def _start(page: Page, server: Any) -> None:
    page.goto(server.url + "/login")
    page.get_by_role("button", name=re.compile("^Ola Nordmann")).click()
    page.get_by_role("button", name=re.compile("^Start")).first.click()
    expect(page.get_by_label("Vedlegg")).to_be_visible()


def _journey(page: Page, server: Any, axe_check: Any, js: bool) -> None:
    _start(page, server)
    axe_check(page)
    page.get_by_label("Navn").fill("Kari")

    # A PNG named .pdf where only PDF is allowed: refused by its content.
    page.get_by_label("Kun PDF").set_input_files(_file("bilde.pdf", png_bytes(), "application/pdf"))
    page.get_by_role("button", name="Last opp (Kun PDF)").click()
    message = "Innholdet i filen «bilde.pdf» er ikke en gyldig PDF-fil."
    summary = page.locator("#bk_errors")
    expect(summary.get_by_role("link", name=message)).to_be_visible()
    expect(page.locator("#kun-pdf__error")).to_have_text("Feil: " + message)  # a hidden prefix
    expect(page.get_by_label("Navn")).to_have_value("Kari")  # what was typed is kept
    if js:
        expect(summary).to_be_focused()
    axe_check(page)

    page.get_by_label("Vedlegg").set_input_files(_file("bilde.png", png_bytes(), "image/png"))
    page.get_by_role("button", name="Last opp (Vedlegg)").click()
    table = page.get_by_role("table", name="Opplastede filer (Vedlegg)")
    expect(table.get_by_role("link", name="bilde.png")).to_be_visible()
    expect(page.locator("#bk_errors")).to_have_count(0)
    if js:
        expect(page.get_by_text("«bilde.png» er lastet opp.")).to_be_focused()
    page.get_by_label("Dokumenter").set_input_files(
        _file("avtale.pdf", pdf_bytes(), "application/pdf"))
    page.get_by_label("Dokumenttype").select_option(label="Kontrakt")
    page.get_by_role("button", name="Last opp (Dokumenter)").click()
    tagged = page.get_by_role("table", name="Opplastede filer (Dokumenter)")
    expect(tagged.get_by_role("row", name=re.compile("avtale.pdf.*Kontrakt"))).to_be_visible()
    axe_check(page)

    with page.expect_download() as info:
        table.get_by_role("link", name="bilde.png").click()
    assert info.value.suggested_filename == "bilde.png"
    assert Path(info.value.path()).read_bytes() == png_bytes()

    table.get_by_role("button", name="Slett bilde.png").click()
    expect(page.get_by_text("Ingen filer er lastet opp ennå.")).to_have_count(2)
    expect(page.get_by_role("table", name="Opplastede filer (Vedlegg)")).to_have_count(0)
    expect(page.get_by_label("Navn")).to_have_value("Kari")
    axe_check(page)


def test_with_javascript(page: Page, server: Any, axe_check: Any) -> None:
    posts: list[dict[str, str]] = []
    page.on("request", lambda r: posts.append(r.headers) if r.method == "POST" and (
        "/upload/" in r.url or "/delete" in r.url) else None)
    _journey(page, server, axe_check, js=True)
    # htmx made every upload and delete (multipart for uploads) and swapped the page region:
    # the browser never left the page's URL.
    assert len(posts) == 4
    assert all(h.get("hx-request") == "true" for h in posts)
    assert all(h["content-type"].startswith("multipart/form-data") for h in posts[:3])
    assert page.url.endswith("/page/test")


def test_without_javascript(page_nojs: Page, server: Any, axe_check: Any) -> None:
    _journey(page_nojs, server, axe_check, js=False)
