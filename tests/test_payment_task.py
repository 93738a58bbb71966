"""The payment task through HTTP, against the stand-in Nets over real HTTP: pay on the hosted
page and come back (Paid, the process moves on), a declined card then a retry, giving up, the
webhook (401 for a wrong Authorization; a replay changes nothing), a payment never charged
never counts as paid, and an order of 0 skips the payment."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import requests
from flask import Flask
from flask.testing import FlaskClient

from integrations.standins.nets import DEFAULT_SECRET_KEY, serve_standin
from integrations.standins.serving import StandIn
from tests.conftest import SHARED_APPS, login, make_app

APP_ID = "ttd/payment-test"
ORDER = {"currency": "NOK", "lines": [
    {"id": "gebyr", "name": "Søknadsgebyr", "priceExVat": 2500, "vatPercent": 25},
    {"id": "klasse", "name": "Per klasse", "priceExVat": "100.50", "vatPercent": 0,
     "quantity": 2, "unit": "stk"}]}
TOTAL_ORE = 312500 + 20100


@pytest.fixture
def nets() -> Iterator[StandIn]:
    with serve_standin() as standin:
        yield standin


def payment_app(tmp_path: Path, order: dict[str, Any] = ORDER) -> Path:
    apps = tmp_path / "apps"
    target = apps / "payment-test"
    shutil.copytree(SHARED_APPS / "payment-test", target)
    lines = target / "App" / "config" / "payment" / "order-lines.json"
    lines.parent.mkdir(parents=True, exist_ok=True)
    lines.write_text(json.dumps(order))
    return apps


def make(tmp_path: Path, nets: StandIn, order: dict[str, Any] = ORDER, **more: Any) -> Flask:
    return make_app(tmp_path, BLANKETT_APPS_DIR=str(payment_app(tmp_path, order)),
                    NETS_BASE_URL=nets.url, NETS_SECRET_KEY=DEFAULT_SECRET_KEY,
                    BLANKETT_INSTANCE_DIR=str(tmp_path / "instance"), **more)


@pytest.fixture
def app(tmp_path: Path, nets: StandIn) -> Flask:
    return make(tmp_path, nets)


def to_payment_task(app: Flask, client: FlaskClient) -> tuple[str, str]:
    """A new instance, moved past its form (Task_1) into the payment task: (page URL, guid)."""
    from process.engine import process_next
    from storage import repository

    login(client)
    response = client.post("/instances", data={"app_id": APP_ID})
    assert response.status_code == 303, response.data
    instance_id = response.headers["Location"].rstrip("/").rsplit("/", 1)[-1]
    with app.test_request_context():
        from web.db import db_session

        session = db_session()
        instance = repository.get_instance(session, instance_id, for_update=True)
        assert instance is not None and instance.current_task == "Task_1"
        process_next(session, app.extensions["blankett.apps"].get(APP_ID), instance, "12345",
                     validate=list)
        session.commit()
        assert instance.current_task == "Task_2"
    page = client.get(response.headers["Location"])
    assert page.status_code == 302
    return str(page.headers["Location"]), instance_id


def state(app: Flask, instance_id: str) -> tuple[str | None, dict[str, Any]]:
    """(current task, PaymentInformation) as stored."""
    from storage import repository

    with app.extensions["blankett.sessions"]() as session:
        instance = repository.get_instance(session, instance_id)
        assert instance is not None
        element = repository.form_data_element(instance, "paymentInformation")
        info = repository.read_form_data(element) if element is not None else {}
        return instance.current_task, info


def pay(client: FlaskClient, page_url: str) -> str:
    """Press Betal: the hosted payment page's URL the browser is sent to."""
    response = client.post(page_url, data={"action": "process:pay"})
    assert response.status_code == 303, response.data[:500]
    return str(response.headers["Location"])


def hosted(url: str, action: str) -> requests.Response:
    """The payer's choice on the stand-in's page, as a browser posts it."""
    pid = url.split("pid=", 1)[1].split("&", 1)[0]
    return requests.post(url, data={"pid": pid, "action": action}, allow_redirects=False,
                         timeout=5)


def pid(url: str) -> str:
    return url.split("pid=", 1)[1].split("&", 1)[0]


def back(client: FlaskClient, url: str) -> Any:
    """The browser follows the provider's redirect back to Blankett."""
    parts = urlsplit(url)
    return client.get(parts.path + ("?" + parts.query if parts.query else ""))


def test_pay_on_the_hosted_page_and_the_process_moves_on(app: Flask, nets: StandIn) -> None:
    client = app.test_client()
    page_url, instance_id = to_payment_task(app, client)
    shown = client.get(page_url)
    assert shown.status_code == 200
    html = shown.get_data(as_text=True)
    assert "Søknadsgebyr" in html and "kr\u00a03\u00a0326,00" in html and "Betal" in html
    task, info = state(app, instance_id)
    assert info["status"] == "Uninitialized" and info["orderDetails"]["totalPriceIncVat"] == 3326
    assert "form-action 'self' " + nets.url in shown.headers["Content-Security-Policy"]

    redirect_url = pay(client, page_url)
    assert redirect_url.startswith(nets.url + "/hostedpaymentpage/")
    _task, info = state(app, instance_id)
    assert info["status"] == "Created"
    assert info["paymentDetails"]["redirectUrl"] == redirect_url
    sent = nets.app.payments()[0]["request"]
    assert sent["order"]["amount"] == TOTAL_ORE and sent["myReference"] == instance_id
    hook = sent["notifications"]["webhooks"][0]
    assert hook["url"].endswith("/ttd/payment-test/payment/nets-webhook-listener")
    assert hook["authorization"] != DEFAULT_SECRET_KEY

    done = hosted(redirect_url, "pay")
    assert done.status_code == 303
    returned = back(client, done.headers["Location"])
    assert returned.status_code == 303
    task, info = state(app, instance_id)
    assert task is None and info["status"] == "Paid"
    assert info["paymentDetails"]["chargedDate"]
    receipt = client.get(returned.headers["Location"], follow_redirects=True)
    assert receipt.status_code == 200
    again = back(client, done.headers["Location"])  # a second return: nothing more happens
    assert again.status_code == 303 and state(app, instance_id) == (task, info)


def test_a_declined_card_then_a_retry(app: Flask, nets: StandIn) -> None:
    client = app.test_client()
    page_url, instance_id = to_payment_task(app, client)
    redirect_url = pay(client, page_url)
    declined = hosted(redirect_url, "fail")
    assert declined.status_code != 303 and 'role="alert"' in declined.text
    assert state(app, instance_id)[1]["status"] == "Created"
    done = hosted(redirect_url, "pay")  # tried again on the same page
    back(client, done.headers["Location"])
    assert state(app, instance_id)[0] is None


def test_giving_up_then_paying_again_makes_a_new_payment(app: Flask, nets: StandIn) -> None:
    client = app.test_client()
    page_url, instance_id = to_payment_task(app, client)
    first = pay(client, page_url)
    gave_up = hosted(first, "cancel")
    assert gave_up.status_code == 303
    shown = back(client, gave_up.headers["Location"])
    assert shown.status_code == 303
    page = client.get(shown.headers["Location"], follow_redirects=True)
    assert "Du avbrøt betalingen" in page.get_data(as_text=True)
    task, info = state(app, instance_id)
    assert task == "Task_2" and info["status"] == "Created"
    confirm = client.post(page_url, data={"action": "process:confirm"})
    assert confirm.status_code == 422  # not paid: the task does not end
    second = pay(client, page_url)
    assert second != first
    payments = {p["payment"]["paymentId"]: p["payment"] for p in nets.app.payments()}
    assert payments[pid(first)]["terminated"]
    back(client, hosted(second, "pay").headers["Location"])
    assert state(app, instance_id)[0] is None


def test_reject_cancels_the_payment_and_goes_back(app: Flask, nets: StandIn) -> None:
    client = app.test_client()
    page_url, instance_id = to_payment_task(app, client)
    url = pay(client, page_url)
    response = client.post(page_url, data={"action": "process:reject"})
    assert response.status_code == 303
    task, info = state(app, instance_id)
    assert task == "Task_1" and info["status"] == "Cancelled"
    assert nets.app.payments()[0]["payment"]["terminated"]
    assert "kan ikke lenger betales" in hosted(url, "pay").text


def webhook_body(payment_id: str, reference: str) -> dict[str, Any]:
    return {"id": "e1", "event": "payment.checkout.completed", "merchantId": 1,
            "data": {"paymentId": payment_id, "order": {"reference": reference}}}


def test_the_webhook_checks_its_authorization_and_replays_change_nothing(
        app: Flask, nets: StandIn, tmp_path: Path) -> None:
    client = app.test_client()
    page_url, instance_id = to_payment_task(app, client)
    url = pay(client, page_url)
    payment_id = pid(url)
    listener = "/ttd/payment-test/payment/nets-webhook-listener"
    secret = nets.app.payments()[0]["request"]["notifications"]["webhooks"][0]["authorization"]
    assert (tmp_path / "instance" / "nets_webhook_authorization").read_text() == secret
    body = webhook_body(payment_id, instance_id)
    for wrong in ({}, {"Authorization": "x" + secret}, {"Authorization": DEFAULT_SECRET_KEY}):
        assert client.post(listener, json=body, headers=wrong).status_code == 401
    told = client.post(listener, json=body, headers={"Authorization": secret})
    assert told.status_code == 200 and told.get_json()["status"] == "Created"  # not paid yet
    hosted(url, "pay")
    nets.app.wait_for_webhooks()
    told = client.post(listener, json=body, headers={"Authorization": secret})
    assert told.get_json() == {"handled": True, "status": "Paid"}
    _task, paid = state(app, instance_id)
    events = _events(app, instance_id)
    for _ in range(3):  # replays: the same answer, nothing written again
        assert client.post(listener, json=body, headers={"Authorization": secret}
                           ).get_json()["status"] == "Paid"
    assert state(app, instance_id)[1] == paid and _events(app, instance_id) == events
    assert events.count("payment_Paid") == 1
    for junk in ("nope", [], {"data": 3}, {"data": {"paymentId": "unknown"}}):
        answer = client.post(listener, json=junk, headers={"Authorization": secret})
        assert answer.status_code in (200, 400)
    assert client.post("/ttd/nope/payment/nets-webhook-listener", json=body,
                       headers={"Authorization": secret}).status_code == 404


def _events(app: Flask, instance_id: str) -> list[str]:
    from storage import repository

    with app.extensions["blankett.sessions"]() as session:
        instance = repository.get_instance(session, instance_id)
        assert instance is not None
        return [e.event_type for e in instance.events]


def test_a_payment_not_charged_is_never_paid(tmp_path: Path, nets: StandIn) -> None:
    client = make(tmp_path, nets).test_client()
    app = client.application
    page_url, instance_id = to_payment_task(app, client)
    url = pay(client, page_url)
    payment = nets.app._payments[pid(url)]
    payment.request["checkout"]["charge"] = False  # reserved only, never charged
    done = hosted(url, "pay")
    assert nets.app.payments()[0]["payment"]["summary"].get("reservedAmount") == TOTAL_ORE
    back(client, done.headers["Location"])
    task, info = state(app, instance_id)
    assert task == "Task_2" and info["status"] == "Created"
    api = client.get(f"/ttd/payment-test/instances/12345/{instance_id}/payment")
    assert api.status_code in (200, 404, 403)
    assert client.post(page_url, data={"action": "process:confirm"}).status_code == 422


def test_the_api_reads_the_payment_back(app: Flask, nets: StandIn) -> None:
    from tests.test_api_auth import bearer, user_token

    client = app.test_client()
    page_url, instance_id = to_payment_task(app, client)
    url = pay(client, page_url)
    token = bearer(user_token(client, 12345))
    one = f"/ttd/payment-test/instances/{_party(app, instance_id)}/{instance_id}"
    assert client.get(one + "/payment", headers=token).get_json()["status"] == "Created"
    hosted(url, "pay")
    info = client.get(one + "/payment", headers=token).get_json()
    assert info["status"] == "Paid" and info["paymentDetails"]["paymentId"] in url
    moved = client.put(one + "/process/next?action=confirm", headers=token)
    assert moved.status_code == 200 and state(app, instance_id)[0] is None
    assert client.get(one + "/payment", headers=token).status_code == 409


def _party(app: Flask, instance_id: str) -> int:
    from storage import repository

    with app.extensions["blankett.sessions"]() as session:
        instance = repository.get_instance(session, instance_id)
        assert instance is not None
        return int(instance.instance_owner_party_id)


def test_a_total_of_zero_skips_the_payment(tmp_path: Path, nets: StandIn) -> None:
    free = {"lines": [{"id": "gratis", "name": "Gratis", "priceExVat": 0, "vatPercent": 25}]}
    client = make(tmp_path, nets, free).test_client()
    app = client.application
    page_url, instance_id = to_payment_task(app, client)
    assert "Det er ingenting å betale" in client.get(page_url).get_data(as_text=True)
    response = client.post(page_url, data={"action": "process:pay"})
    assert response.status_code == 303 and "/payment/return" in response.headers["Location"]
    back(client, response.headers["Location"])
    task, info = state(app, instance_id)
    assert task is None and info["status"] == "Skipped"
    assert nets.app.payments() == []
