"""A citizen submits the sample service in a real browser (local mode: the web process runs the
jobs, hand-offs go to a stand-in integration point), the receipt page offers the sealed PDF when
it is made, and the PDF holds the answers, passes `pyhanko sign validate` against the local
seal certificate, and has a tag tree and the document language. With JavaScript the link
appears by itself; without, the page's own link reloads it."""

from __future__ import annotations

import io
import re
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from tests.browser.test_journey import FILL, _start


@pytest.fixture
def standin(tmp_path: Path) -> Iterator[Any]:
    from integrations.standins.eformidling import serve_standin

    server = serve_standin(folder=tmp_path / "standin")
    yield server
    server.stop()


def _submit(page: Page, base_url: str) -> None:
    _start(page, base_url)
    for title in ["Søker", "Serveringssted", "Styrer", "Erklæring", "Send inn"]:
        page.get_by_role("button", name="Neste", exact=True).click()
        expect(page).to_have_title(re.compile(f"^{title} – "))
        if title in FILL:
            FILL[title](page)
    page.get_by_role("button", name="Send inn søknad", exact=True).click()
    expect(page).to_have_title(re.compile("^Skjemaet er sendt inn"))


def _check_pdf(pdf: bytes, seal_folder: Path, tmp_path: Path) -> None:
    reader = PdfReader(io.BytesIO(pdf))
    text = "\n".join(p.extract_text() for p in reader.pages)
    for answer in ("Kari Nordmann", "Kafé Fjord", "Bryggen 2", "Per Styrer", "Kafé"):
        assert answer in text, answer
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/Lang"] == "nb"
    file = tmp_path / "kvittering.pdf"
    file.write_bytes(pdf)
    pyhanko = str(Path(sys.executable).parent / "pyhanko")
    checked = subprocess.run(
        [pyhanko, "sign", "validate", "--pretty-print", "--trust",
         str(seal_folder / "seal-certificate.pem"), str(file)],
        capture_output=True, text=True, timeout=120)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "INTACT" in checked.stdout.upper() or "VALID" in checked.stdout.upper()


@pytest.mark.parametrize("js", [True, False], ids=["js", "nojs"])
def test_the_receipt_page_offers_the_sealed_pdf(
        js: bool, page: Page, page_nojs: Page, live_server_factory: Callable[..., Any],
        standin: Any, tmp_path: Path, axe_check: Any) -> None:
    instance_dir = tmp_path / "instance"
    server = live_server_factory({"RUN_JOBS_IN_PROCESS": True, "TESTING": False,
                                  "EFORMIDLING_URL": standin.url,
                                  "BLANKETT_INSTANCE_DIR": str(instance_dir)})
    browser_page = page if js else page_nojs
    _submit(browser_page, server.url)
    link = browser_page.get_by_role("link", name=re.compile("^Last ned kvitteringen"))
    if js:
        expect(link).to_be_visible(timeout=20_000)  # htmx asked again until it was there
    else:
        deadline = time.monotonic() + 20
        while not link.count() and time.monotonic() < deadline:
            browser_page.get_by_role("link", name="Oppdater siden").click()
        expect(link).to_be_visible()
    axe_check(browser_page)
    with browser_page.expect_download() as download:
        link.click()
    pdf = Path(download.value.path()).read_bytes()
    assert download.value.suggested_filename.endswith(".pdf")
    _check_pdf(pdf, instance_dir / "pdf-seal", tmp_path)


def test_the_case_worker_finds_it_downloads_the_pdf_and_sees_it_delivered(
        page: Page, page_nojs: Page, live_server_factory: Callable[..., Any], standin: Any,
        tmp_path: Path, axe_check: Any) -> None:
    """From a citizen's submission in one browser to the service owner's case worker in
    another: found by its reference, the sealed PDF downloaded, the hand-off shown as
    delivered once the stand-in integration point has it."""
    instance_dir = tmp_path / "instance"
    server = live_server_factory({"RUN_JOBS_IN_PROCESS": True, "TESTING": False,
                                  "EFORMIDLING_URL": standin.url,
                                  "BLANKETT_INSTANCE_DIR": str(instance_dir)})
    _submit(page, server.url)
    reference = page.locator("code").first.inner_text()

    worker = page_nojs
    worker.goto(server.url + "/login")
    worker.get_by_role("button", name=re.compile("^Saksbehandler, ekom")).click()
    worker.get_by_role("searchbox", name="Søk").fill(reference)
    worker.get_by_role("button", name="Søk", exact=True).click()
    worker.get_by_role("link", name=reference).click()
    expect(worker.get_by_role("heading", level=1)).to_contain_text(reference)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and not worker.get_by_text("Levert", exact=True).count():
        time.sleep(0.3)
        worker.reload()
    expect(worker.get_by_text("Levert", exact=True).first).to_be_visible()
    axe_check(worker)
    pdf_link = worker.get_by_role("link", name=re.compile(r"^Last ned som PDF"))
    with worker.expect_download() as download:
        pdf_link.first.click()
    assert download.value.suggested_filename.startswith(reference)
    _check_pdf(Path(download.value.path()).read_bytes(), instance_dir / "pdf-seal", tmp_path)
    messages = requests.get(f"{standin.url}/_standin/messages", timeout=5).json()
    assert [m["sendCount"] for m in messages["messages"]] == [1]
