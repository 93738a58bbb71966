"""A citizen pays in a real browser, with and without JavaScript: the payment page (axe: no
violations) shows the order and Betal, which leads to the stand-in Nets' hosted page. A refused
card, a cancel (back to Blankett with nothing charged) and a new try; paying brings the browser
back to Blankett, which finds the payment charged and moves on to the receipt. The form task
before payment is moved on directly: this is about paying."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from integrations.standins.nets import DEFAULT_SECRET_KEY, serve_standin
from integrations.standins.serving import StandIn
from tests.test_payment_task import APP_ID, payment_app


@pytest.fixture
def nets() -> Iterator[StandIn]:
    with serve_standin() as standin:
        yield standin


def _past_the_form(app: Any, instance_id: str) -> None:
    from process.engine import process_next
    from storage import repository
    from web.db import db_session

    with app.test_request_context():
        session = db_session()
        instance = repository.get_instance(session, instance_id, for_update=True)
        assert instance is not None
        process_next(session, app.extensions["blankett.apps"].get(APP_ID), instance, "test",
                     validate=list)
        session.commit()


@pytest.mark.parametrize("js", [True, False])
def test_paying_on_the_hosted_page(js: bool, request: pytest.FixtureRequest, tmp_path: Path,
                                   nets: StandIn, live_server_factory: Callable[..., Any],
                                   axe_check: Callable[..., None]) -> None:
    page: Page = request.getfixturevalue("page" if js else "page_nojs")
    server = live_server_factory({"BLANKETT_APPS_DIR": str(payment_app(tmp_path)),
                                  "NETS_BASE_URL": nets.url,
                                  "NETS_SECRET_KEY": DEFAULT_SECRET_KEY,
                                  "BLANKETT_INSTANCE_DIR": str(tmp_path / "instance")})
    page.goto(server.url + "/")
    page.get_by_role("link", name="Logg inn").click()
    page.get_by_role("button", name=re.compile("^Ola Nordmann")).click()
    page.get_by_role("button", name=re.compile("^Start")).first.click()
    found = re.search(r"/instance/(\d+)/([0-9a-f-]{36})", page.url)
    assert found, page.url
    _past_the_form(server.app, found.group(2))
    page.goto(f"{server.url}/instance/{found.group(1)}/{found.group(2)}")

    expect(page.get_by_role("table")).to_contain_text("Søknadsgebyr")
    expect(page.get_by_role("status").first).to_have_text("Ikke betalt ennå.")
    axe_check(page)
    page.get_by_role("button", name="Betal", exact=True).click()
    expect(page).to_have_url(re.compile("^" + re.escape(nets.url) + "/hostedpaymentpage/"))
    page.get_by_role("button", name="Feil betaling").click()
    expect(page.get_by_role("alert")).to_contain_text("avvist")
    page.get_by_role("button", name="Avbryt").click()  # back in Blankett, nothing charged
    expect(page.locator("main")).to_contain_text("Du avbrøt betalingen. Ingenting er trukket.")
    axe_check(page)
    page.get_by_role("button", name="Betal", exact=True).click()
    expect(page).to_have_url(re.compile("^" + re.escape(nets.url) + "/hostedpaymentpage/"))
    page.get_by_role("button", name="Betal", exact=True).click()
    expect(page).to_have_url(re.compile("^" + re.escape(server.url) + "/instance/.*/receipt"))
    with server.app.app_context():
        from tests.test_payment_task import state

        task, info = state(server.app, found.group(2))
    assert task is None and info["status"] == "Paid"
