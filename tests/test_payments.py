"""Payments: order totals in øre, and the Nets Easy client against the stand-in Nets over real
HTTP on 127.0.0.1: paying, failing and cancelling on the hosted page (driven like a browser
without JavaScript: read the form, post it), webhooks to a local receiver, errors and retries.
Nothing is mocked."""

from __future__ import annotations

import json
import queue
import subprocess
import sys
import threading
from collections.abc import Iterator
from decimal import Decimal
from html.parser import HTMLParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
import requests

from integrations.payments import (
    NetsEasyClient,
    Order,
    OrderLine,
    PaymentError,
    PaymentProvider,
    PaymentUrls,
    Webhook,
    check_webhook,
    is_paid,
    kroner_to_ore,
)
from integrations.payments.nets import TEST_BASE_URL, order_body, webhook_payment
from integrations.standins.nets import StandIn, serve_standin

KEY = "test-secret-key-standin"
HOOK_AUTH = "hookAuth1234567890"
GUID = "a32520b0-61c1-4c0f-9d2e-3f1c2b7a9e10"


# --- fixtures ------------------------------------------------------------------------------


class Receiver:
    """A tiny webhook listener: every POST is queued as (Authorization, JSON body)."""

    def __init__(self) -> None:
        self.calls: queue.Queue[tuple[str | None, dict[str, Any]]] = queue.Queue()
        received = self.calls

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - the name http.server calls
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length) or b"{}")
                received.put((self.headers.get("Authorization"), body))
                self.send_response(200)
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._server.server_port}/payment/nets-webhook-listener"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def next(self, timeout: float = 5.0) -> tuple[str | None, dict[str, Any]]:
        return self.calls.get(timeout=timeout)

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()


@pytest.fixture
def nets() -> Iterator[StandIn]:
    standin = serve_standin()
    yield standin
    standin.stop()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    rec = Receiver()
    yield rec
    rec.stop()


@pytest.fixture
def client(nets: StandIn) -> NetsEasyClient:
    return NetsEasyClient(nets.url, KEY, timeout=2.0, terms_url="https://example.no/vilkar")


def an_order() -> Order:
    return Order([OrderLine("gebyr", "Søknadsgebyr <b>", Decimal(3), "stk", 9990, Decimal(25)),
                  OrderLine("porto", "Porto", Decimal(1), "stk", 5000, Decimal(0))],
                 reference="ordre-1")


URLS = PaymentUrls("http://app.local/instance/1/payment?step=return",
                   "http://app.local/instance/1/payment?step=cancel")


class FormReader(HTMLParser):
    """What a browser without JavaScript sees of a page's forms: action, fields, buttons."""

    def __init__(self) -> None:
        super().__init__()
        self.lang: str | None = None
        self.h1 = 0
        self.action: str | None = None
        self.fields: dict[str, str] = {}
        self.buttons: dict[str, tuple[str, str]] = {}  # label → (name, value)
        self.alerts = 0
        self._button: dict[str, str] | None = None
        self._label = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "html":
            self.lang = a.get("lang")
        elif tag == "h1":
            self.h1 += 1
        elif tag == "form":
            self.action = a.get("action")
        elif tag == "input" and a.get("type") == "hidden":
            self.fields[a["name"]] = a.get("value", "")
        elif tag == "button":
            self._button, self._label = a, ""
        if a.get("role") == "alert":
            self.alerts += 1

    def handle_data(self, data: str) -> None:
        if self._button is not None:
            self._label += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "button" and self._button is not None:
            label = " ".join(self._label.split())
            self.buttons[label] = (self._button.get("name", ""), self._button.get("value", ""))
            self._button = None


def open_page(url: str) -> tuple[requests.Response, FormReader]:
    response = requests.get(url, timeout=5)
    reader = FormReader()
    reader.feed(response.text)
    return response, reader


def press(page_url: str, label: str) -> requests.Response:
    """Press a button on the hosted page as a browser would: post the form's fields and the
    button's name=value to the form's action, and do not follow the redirect."""
    _, form = open_page(page_url)
    name, value = form.buttons[label]
    assert form.action is not None
    return requests.post(urljoin(page_url, form.action), data={**form.fields, name: value},
                         allow_redirects=False, timeout=5)


# --- order totals --------------------------------------------------------------------------


def test_order_totals_round_vat_per_line_half_up() -> None:
    line = OrderLine("a", "A", Decimal(3), "stk", 9990, Decimal(25))  # 3 × 99,90 kr at 25 %
    assert (line.net_ore, line.vat_ore, line.gross_ore) == (29970, 7493, 37463)  # 7492,5 up
    half = OrderLine("b", "B", Decimal("1.5"), "kg", 333, Decimal(12))
    assert (half.net_ore, half.vat_ore, half.gross_ore) == (500, 60, 560)  # 499,5 → 500
    order = Order([line, half])
    assert order.total_ore == 37463 + 560 and order.vat_ore == 7493 + 60
    assert order.currency == "NOK"


def test_kroner_to_ore() -> None:
    assert kroner_to_ore(Decimal("1250.50")) == 125050 and kroner_to_ore("99.9") == 9990
    assert kroner_to_ore(Decimal("0.005")) == 1 and kroner_to_ore(5) == 500
    with pytest.raises(TypeError):
        kroner_to_ore(99.9)  # type: ignore[arg-type]


def test_zero_total_is_zero_and_nets_refuses_it(client: NetsEasyClient) -> None:
    free = Order([OrderLine("x", "Gratis", Decimal(2), "stk", 0, Decimal(25))])
    assert free.total_ore == 0 and Order([]).total_ore == 0
    with pytest.raises(PaymentError) as caught:  # the task skips payment instead (Skipped)
        client.create_payment(free, URLS, None, GUID)
    assert caught.value.status == 400 and not caught.value.retryable


def test_order_body_is_what_nets_checks() -> None:
    body = order_body(an_order())
    first = body["items"][0]
    assert first == {"reference": "gebyr", "name": "Søknadsgebyr <b>", "quantity": 3,
                     "unit": "stk", "unitPrice": 9990, "taxRate": 2500, "taxAmount": 7493,
                     "grossTotalAmount": 37463, "netTotalAmount": 29970}
    assert body["amount"] == 37463 + 5000 == sum(i["grossTotalAmount"] for i in body["items"])
    assert body["currency"] == "NOK" and body["reference"] == "ordre-1"


# --- paying on the hosted page -------------------------------------------------------------


def test_pay_charges_and_sends_the_webhook(nets: StandIn, client: NetsEasyClient,
                                           receiver: Receiver) -> None:
    assert isinstance(client, PaymentProvider)
    created = client.create_payment(an_order(), URLS, Webhook(receiver.url, HOOK_AUTH), GUID)
    assert "language=nb-NO" in created.redirect_url
    before = client.get_payment(created.payment_id)
    assert not is_paid(before) and before.charged_amount_ore == 0 and not before.terminated
    assert before.raw["myReference"] == GUID and before.created

    response, page = open_page(created.redirect_url)
    assert response.status_code == 200 and page.lang == "nb" and page.h1 == 1
    assert set(page.buttons) == {"Betal", "Feil betaling", "Avbryt"}
    assert "kr 424,63" in response.text and "Søknadsgebyr &lt;b&gt;" in response.text

    paid = press(created.redirect_url, "Betal")
    assert paid.status_code == 303
    back = urlsplit(paid.headers["Location"])
    assert back.path == "/instance/1/payment"
    assert parse_qs(back.query) == {"step": ["return"], "paymentid": [created.payment_id]}

    state = client.get_payment(created.payment_id)
    assert is_paid(state) and state.charged_amount_ore == state.reserved_amount_ore == 42463
    assert state.payment_type == "CARD" and state.payment_method == "Visa"
    assert state.charged_date and state.cancelled_amount_ore == 0

    authorization, body = receiver.next()
    assert check_webhook(authorization, HOOK_AUTH)
    assert not check_webhook(authorization, HOOK_AUTH + "x") and not check_webhook(None, "a")
    assert webhook_payment(body) == ("payment.checkout.completed", created.payment_id)
    assert body["data"]["order"]["amount"] == {"amount": 42463, "currency": "NOK"}

    again, page = open_page(created.redirect_url)  # a paid payment cannot be paid twice
    assert not page.buttons and "allerede" in again.text
    assert press_raw(created.redirect_url, "pay").status_code == 409
    assert client.get_payment(created.payment_id).charged_amount_ore == 42463


def press_raw(page_url: str, action: str) -> requests.Response:
    return requests.post(page_url, data={"action": action}, allow_redirects=False, timeout=5)


def test_failed_payment_charges_nothing_and_stays(client: NetsEasyClient,
                                                 receiver: Receiver) -> None:
    created = client.create_payment(an_order(), URLS, Webhook(receiver.url, HOOK_AUTH), GUID)
    failed = press(created.redirect_url, "Feil betaling")
    assert failed.status_code == 200
    page = FormReader()
    page.feed(failed.text)
    assert page.alerts == 1 and "Betal" in page.buttons  # may try again
    state = client.get_payment(created.payment_id)
    assert not is_paid(state) and state.reserved_amount_ore == 0
    with pytest.raises(queue.Empty):
        receiver.next(timeout=0.3)
    assert press(created.redirect_url, "Betal").status_code == 303  # the second try works
    assert is_paid(client.get_payment(created.payment_id))


def test_cancel_goes_to_cancel_url_and_then_terminate(client: NetsEasyClient) -> None:
    created = client.create_payment(an_order(), URLS, None, GUID)
    cancelled = press(created.redirect_url, "Avbryt")
    assert cancelled.status_code == 303 and cancelled.headers["Location"] == URLS.cancel_url
    assert not is_paid(client.get_payment(created.payment_id))

    client.terminate(created.payment_id)
    state = client.get_payment(created.payment_id)
    assert state.terminated and not is_paid(state)
    response, page = open_page(created.redirect_url)
    assert not page.buttons and "avsluttet" in response.text
    assert press_raw(created.redirect_url, "pay").status_code == 409
    with pytest.raises(PaymentError) as caught:
        client.terminate(created.payment_id)
    assert caught.value.status == 400 and not caught.value.retryable


def test_terminate_after_payment_is_refused(client: NetsEasyClient) -> None:
    created = client.create_payment(an_order(), URLS, None, GUID)
    press(created.redirect_url, "Betal")
    with pytest.raises(PaymentError) as caught:
        client.terminate(created.payment_id)
    assert not caught.value.retryable and "completed" in caught.value.message
    with pytest.raises(PaymentError) as caught:  # charged: nothing left to cancel
        client.cancel(created.payment_id, 100)
    assert caught.value.status == 400 and not caught.value.retryable


def test_cancel_releases_a_reservation(nets: StandIn) -> None:
    reserving = NetsEasyClient(nets.url, KEY, terms_url="https://example.no/vilkar",
                               charge=False)
    created = reserving.create_payment(an_order(), URLS, None, GUID)
    press(created.redirect_url, "Betal")
    state = reserving.get_payment(created.payment_id)
    assert state.reserved_amount_ore == 42463 and not is_paid(state)
    reserving.cancel(created.payment_id, 42463)
    state = reserving.get_payment(created.payment_id)
    assert state.cancelled_amount_ore == 42463 and not is_paid(state)
    with pytest.raises(PaymentError):
        reserving.cancel(created.payment_id, 1)


# --- webhooks ------------------------------------------------------------------------------


def test_replayed_webhook_arrives_again(nets: StandIn, client: NetsEasyClient,
                                        receiver: Receiver) -> None:
    """Nets may send an event more than once: the listener dedupes on the event id (or sees
    the payment is already marked paid) and must not act twice."""
    created = client.create_payment(an_order(), URLS, Webhook(receiver.url, HOOK_AUTH), GUID)
    press(created.redirect_url, "Betal")
    _, first = receiver.next()
    answer = requests.post(f"{nets.url}/_standin/webhook/replay/{created.payment_id}",
                           timeout=5).json()
    assert [d["status"] for d in answer["deliveries"]] == [200]
    authorization, second = receiver.next()
    assert check_webhook(authorization, HOOK_AUTH) and second == first
    listed = requests.get(f"{nets.url}/_standin/payments", timeout=5).json()["payments"]
    assert [d["replay"] for d in listed[0]["deliveries"]] == [False, True]
    missing = requests.post(f"{nets.url}/_standin/webhook/replay/nope", timeout=5)
    assert missing.status_code == 404


# --- errors --------------------------------------------------------------------------------


def test_wrong_key_is_401_and_not_retryable(nets: StandIn) -> None:
    wrong = NetsEasyClient(nets.url, "test-secret-key-wrong", terms_url="https://x.no/v")
    with pytest.raises(PaymentError) as caught:
        wrong.create_payment(an_order(), URLS, None, GUID)
    assert caught.value.status == 401 and not caught.value.retryable
    assert "test-secret-key" not in str(caught.value)


def test_server_errors_timeouts_and_refusals_are_retryable(nets: StandIn,
                                                           client: NetsEasyClient) -> None:
    assert requests.post(f"{nets.url}/_standin/fail?times=1", timeout=5).ok
    with pytest.raises(PaymentError) as caught:
        client.create_payment(an_order(), URLS, None, GUID)
    assert caught.value.status == 500 and caught.value.retryable
    created = client.create_payment(an_order(), URLS, None, GUID)  # the next one works

    nets.app.hang(1.0)
    quick = NetsEasyClient(nets.url, KEY, timeout=0.2)
    with pytest.raises(PaymentError) as caught:
        quick.get_payment(created.payment_id)
    assert caught.value.retryable and "timed out" in caught.value.message

    nets.app.release()
    gone = NetsEasyClient("http://127.0.0.1:9", KEY, timeout=1.0)
    with pytest.raises(PaymentError) as caught:
        gone.get_payment(created.payment_id)
    assert caught.value.retryable and caught.value.status is None


def test_bad_amounts_and_unknown_payments_are_not_retryable(nets: StandIn,
                                                            client: NetsEasyClient) -> None:
    body = {"order": order_body(an_order()),
            "checkout": {"integrationType": "HostedPaymentPage", "returnUrl": "http://a/r",
                         "termsUrl": "http://a/t", "charge": True}}
    body["order"]["amount"] += 1
    answer = requests.post(f"{nets.url}/v1/payments", json=body,
                           headers={"Authorization": KEY}, timeout=5)
    assert answer.status_code == 400 and "order.amount" in answer.json()["errors"]
    body["order"]["amount"] -= 1
    body["order"]["items"][0]["grossTotalAmount"] += 1
    answer = requests.post(f"{nets.url}/v1/payments", json=body,
                           headers={"Authorization": KEY}, timeout=5)
    assert "order.items[0].grossTotalAmount" in answer.json()["errors"]

    no_terms = NetsEasyClient(nets.url, KEY)
    with pytest.raises(PaymentError) as caught:
        no_terms.create_payment(an_order(), URLS, None, GUID)
    assert "termsUrl" in caught.value.message and not caught.value.retryable
    with pytest.raises(PaymentError) as caught:
        client.get_payment("0" * 32)
    assert caught.value.status == 404 and not caught.value.retryable


# --- settings and the stand-in itself ------------------------------------------------------


def test_from_env() -> None:
    with pytest.raises(ValueError, match="NETS_SECRET_KEY"):
        NetsEasyClient.from_env({})
    client = NetsEasyClient.from_env({"NETS_SECRET_KEY": "test-secret-key-abc",
                                      "NETS_TERMS_URL": "https://example.no/vilkar"})
    assert client.base_url == TEST_BASE_URL and client.terms_url == "https://example.no/vilkar"
    assert "test-secret-key-abc" not in repr(client)
    with pytest.raises(ValueError, match="live"):
        NetsEasyClient.from_env({"NETS_SECRET_KEY": "test-secret-key-abc",
                                 "NETS_BASE_URL": "https://api.dibspayment.eu"})


def test_folder_keeps_payments_across_restarts(tmp_path: Path) -> None:
    first = serve_standin(folder=tmp_path)
    try:
        client = NetsEasyClient(first.url, KEY, terms_url="https://x.no/v")
        created = client.create_payment(an_order(), URLS, None, GUID)
        press(created.redirect_url, "Betal")
    finally:
        first.stop()
    second = serve_standin(folder=tmp_path)
    try:
        state = NetsEasyClient(second.url, KEY).get_payment(created.payment_id)
        assert is_paid(state)
        assert requests.post(f"{second.url}/_standin/reset", timeout=5).ok
        assert requests.get(f"{second.url}/_standin/payments", timeout=5).json() == {
            "payments": []}
    finally:
        second.stop()


def test_runs_as_a_module() -> None:
    process = subprocess.Popen([sys.executable, "-m", "integrations.standins.nets",
                                "--port", "0"], stdout=subprocess.PIPE, text=True,
                               cwd=Path(__file__).resolve().parent.parent)
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        url = line.split(" on ")[1].split("/v1/")[0]
        assert requests.get(f"{url}/_standin/payments", timeout=5).json() == {"payments": []}
        assert requests.get(f"{url}/v1/payments/x", timeout=5).status_code == 401
    finally:
        process.terminate()
        process.wait(timeout=5)
