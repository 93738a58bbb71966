"""The case workers' inbox in a real browser: ekom's test case worker logs in, finds a
submission by its reference, opens it, and the list and the instance page pass axe-core's WCAG
2.1 A and AA rules, with JavaScript (htmx swaps the results) and without (plain GET forms)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import sample_form_data
from tests.test_api_auth import bearer, user_token

APP = "ekom/serveringsbevilling"


def _submit(flask_app: Any, user: int, party: int) -> str:
    """An instance sent in through the app API of the live server's app; its guid."""
    client = flask_app.test_client()
    token = user_token(client, user)
    created = client.post(f"/{APP}/instances?instanceOwnerPartyId={party}", headers=bearer(token))
    assert created.status_code == 201, created.get_data(as_text=True)
    instance = created.get_json()
    url = f"/{APP}/instances/{instance['id']}"
    form = next(d for d in instance["data"] if d["dataType"] == "model")
    data = sample_form_data(flask_app)
    assert client.put(f"{url}/data/{form['id']}", json=data,
                      headers=bearer(token)).status_code == 200
    assert client.put(f"{url}/process/next", headers=bearer(token)).status_code == 200
    return str(instance["id"]).split("/")[1]


@pytest.fixture
def server(tmp_path: Path, live_server_factory: Any) -> Any:
    server = live_server_factory({"API_SIGNING_KEY_FILE": str(tmp_path / "api_key.json")})
    server.submitted = [_submit(server.app, 12345, 512345), _submit(server.app, 1337, 500000)]
    return server


def _find_and_open(page: Page, server: Any, axe_check: Any, js: bool) -> None:
    guid = server.submitted[0]
    reference = guid.rsplit("-", 1)[-1]
    page.goto(server.url + "/login")
    expect(page.get_by_role("heading", name="Saksbehandlere hos tjenesteeiere")).to_be_visible()
    axe_check(page)
    page.get_by_role("button", name=re.compile("^Saksbehandler, ekom")).click()
    expect(page).to_have_url(re.compile(r"/inbox$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Innboks for")
    table = page.get_by_role("table", name="Skjema, nyeste først")
    expect(table.get_by_role("row")).to_have_count(3)  # the header and two submissions
    axe_check(page)

    page.get_by_role("searchbox", name="Søk").fill(reference)
    page.get_by_role("button", name="Søk", exact=True).click()
    expect(table.get_by_role("row")).to_have_count(2)
    if js:  # the region was swapped, under a clean address, and the count was said out loud
        expect(page).to_have_url(re.compile(rf"/inbox\?q={reference}$"))
        expect(page.locator("#inbox_status")).to_have_text("Viser 1–1 av 1 skjema")
    row = table.get_by_role("row").nth(1)
    expect(row).to_contain_text("Ola Nordmann")
    expect(row).to_contain_text("Sendt inn")
    axe_check(page)

    row.get_by_role("link", name=reference).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Søknad om serveringsbevilling, referanse {reference}")
    expect(page.get_by_role("heading", name="Søker", level=3)).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("^Last ned som XML"))).to_be_visible()
    expect(page.get_by_role("heading", name="Bakgrunnsjobber")).to_be_visible()
    axe_check(page)


def test_a_case_worker_finds_and_opens_a_submission(page: Page, server: Any,
                                                    axe_check: Any) -> None:
    _find_and_open(page, server, axe_check, js=True)


def test_the_inbox_works_without_javascript(page_nojs: Page, server: Any,
                                            axe_check: Any) -> None:
    _find_and_open(page_nojs, server, axe_check, js=False)
    page_nojs.goto(server.url + "/inbox/jobs?status=pending")
    expect(page_nojs.get_by_role("heading", level=1)).to_contain_text("Bakgrunnsjobber")
    axe_check(page_nojs)
