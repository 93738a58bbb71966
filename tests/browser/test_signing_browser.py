"""Two people sign Altinn's signing-test app in a real browser, in turn, with a signee provider
naming both: the first sees one of two signed and the task waiting, the second completes it and
the process moves on; the signing page passes axe-core's WCAG 2.1 A and AA rules, with
JavaScript and without."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import SHARED_APPS
from tests.test_signing_task import FOUNDERS, OWNER, SIGN_PAGE, _to_signing


def _signing_app(tmp_path: Path) -> Path:
    """signing-test with the founders provider and a page of the three signing components."""
    import json

    folder = tmp_path / "apps" / "signing-test"
    shutil.copytree(SHARED_APPS / "signing-test", folder)
    root = folder / "App"
    bpmn = root / "config/process/process.bpmn"
    bpmn.write_text(bpmn.read_text(encoding="utf-8").replace(
        "<altinn:signatureDataType>signature1</altinn:signatureDataType>",
        "<altinn:signatureDataType>signature1</altinn:signatureDataType>"
        "<altinn:signeeProviderId>founders</altinn:signeeProviderId>"), encoding="utf-8")
    (root / "config/signees").mkdir(parents=True)
    (root / "config/signees/founders.json").write_text(json.dumps(FOUNDERS))
    (root / "ui/confirm1/layouts/Sign.json").write_text(json.dumps(SIGN_PAGE))
    (root / "ui/confirm1/Settings.json").write_text(json.dumps(
        {"pages": {"order": ["Sign", "Confirm", "NoAccess"]}}))
    return folder.parent


def _log_in(page: Page, base: str, name: str, party: str | None = None) -> None:
    page.goto(base + "/login")
    page.get_by_role("button", name=re.compile(f"^{name}")).click()
    if party is not None:
        page.get_by_label(re.compile(f"^{party}")).check()
        # Sophie's profile says nynorsk
        page.get_by_role("button", name=re.compile("^(Fortsett|Hald fram)$")).click()


@pytest.mark.parametrize("js", [True, False], ids=["js", "nojs"])
def test_two_signees_sign_in_turn_in_a_browser(
        js: bool, page: Page, page_nojs: Page, live_server_factory: Callable[..., Any],
        tmp_path: Path, axe_check: Any) -> None:
    server = live_server_factory({"BLANKETT_APPS_DIR": str(_signing_app(tmp_path))})
    url, _token = _to_signing(server.app.test_client())
    party, guid = url.split("/")[-2:]
    sign_page = f"{server.url}/instance/{party}/{guid}/page/Sign"
    browser = page if js else page_nojs

    _log_in(browser, server.url, "Sophie Salt", party="DDG Fitness AS")
    browser.goto(sign_page)
    signees = browser.get_by_role("table")
    expect(signees).to_contain_text("Ola Nordmann")
    axe_check(browser)
    browser.get_by_role("button", name="Signer", exact=True).click()
    # Still the signing task, as Ola has not signed: the page says so, with her time.
    expect(browser.get_by_role("table")).to_contain_text(re.compile(r"Signert \d"))
    axe_check(browser)

    browser.get_by_role("button", name="Logg ut").click()
    _log_in(browser, server.url, "Ola Nordmann")
    browser.goto(sign_page)  # a required signee, though not one of DDG Fitness's people
    expect(browser.get_by_role("button", name="Signer", exact=True)).to_be_visible()
    browser.get_by_role("button", name="Signer", exact=True).click()
    expect(browser.get_by_role("button", name="Signer", exact=True)).to_have_count(0)
    with server.app.app_context():
        from storage import repository
        from web.db import db_session

        instance = repository.get_instance(db_session(), guid)
        assert instance is not None and instance.current_task == "Task_3"
        signed = [d for d in instance.data_elements if d.data_type == "signature1"]
        assert len(signed) == 2
    assert int(party) == OWNER
