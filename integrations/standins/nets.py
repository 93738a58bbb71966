"""A stand-in Nets Easy (Nexi Checkout): the Payment API v1 routes and JSON that Blankett's
payment client uses, and a hosted payment page where a tester decides how the payment goes, so
the payment task can be run and tested over real HTTP without Nets' test environment.

API routes (as the real one; Authorization must be the secret key, else 401):

    POST /v1/payments                       create; 201 {paymentId, hostedPaymentPageUrl}.
                                            400 {"errors": {field: [..]}} when the order does
                                            not add up (each item's gross = net + tax, amount
                                            = Σ gross, amount > 0) or the checkout lacks
                                            returnUrl/termsUrl (HostedPaymentPage only)
    GET  /v1/payments/{id}                  {"payment": {...}}; summary leaves out zero amounts
    PUT  /v1/payments/{id}/terminate        204; 400 once the checkout completed or terminated
    POST /v1/payments/{id}/cancels          {amount}: 204; 400 beyond what is reserved and
                                            neither charged nor cancelled

Hosted payment page, at the hostedPaymentPageUrl (/hostedpaymentpage/?pid={id}): an HTML page
in Norwegian (bokmål) with the order lines and total and three submit buttons; it needs no
JavaScript:

    Betal           the checkout completes: reserved = amount, and charged = amount when the
                    payment was created with charge: true. The registered webhooks
                    (payment.checkout.completed, and payment.reservation.created.v2 /
                    payment.charge.created.v2 if registered) are POSTed in a background thread
                    with the registered Authorization value, so they may arrive before or after
                    the browser is back; the browser is sent (303) to returnUrl?paymentid={id}.
    Feil betaling   a declined card: nothing is reserved or charged, the page is shown again
                    with the error (role=alert), and the payer may try again or give up, as on
                    Nets' own page. Nothing is sent to returnUrl or the webhooks.
    Avbryt          the payer gives up: 303 to cancelUrl, as given. The payment is left as
                    created (not terminated): the app should terminate it.

Webhooks are sent once each (no retries); replay sends the same events (same ids) again, so a
listener must be idempotent: a second payment.checkout.completed for a payment already marked
paid changes nothing. The event id is the key to dedupe on.

Control routes (never failed, hung or checked for the key):

    GET  /_standin/payments                      every payment, with its webhook deliveries
    POST /_standin/reset                         forget everything
    POST /_standin/fail?times=N[&code=500]       the next N API calls answer `code`
    POST /_standin/hang?seconds=S[&times=1]      the next API calls sleep S seconds first
    POST /_standin/webhook/replay/{id}           send the payment's webhooks again, now;
                                                 answers the deliveries

With a folder, payments are kept there (one JSON file each) and read back on start.

    python -m integrations.standins.nets --port 8098 [--secret-key K] [--folder DIR]"""

from __future__ import annotations

import argparse
import hmac
import json
import os
import shutil
import threading
import uuid
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import requests
from jinja2 import Environment
from werkzeug.exceptions import HTTPException
from werkzeug.routing import Map, Rule
from werkzeug.wrappers import Request, Response

from integrations.standins.serving import StandIn, run_until_stopped, serve

DEFAULT_SECRET_KEY = "test-secret-key-standin"
MERCHANT_ID = 100017120
API_ROUTES = ("create", "get", "terminate", "cancel")
CHECKOUT_COMPLETED = "payment.checkout.completed"
RESERVATION_CREATED = "payment.reservation.created.v2"
CHARGE_CREATED = "payment.charge.created.v2"

_URLS = Map([
    Rule("/v1/payments", methods=["POST"], endpoint="create"),
    Rule("/v1/payments/<payment_id>", methods=["GET"], endpoint="get"),
    Rule("/v1/payments/<payment_id>/terminate", methods=["PUT"], endpoint="terminate"),
    Rule("/v1/payments/<payment_id>/cancels", methods=["POST"], endpoint="cancel"),
    Rule("/hostedpaymentpage/", methods=["GET", "POST"], endpoint="page"),
    Rule("/_standin/payments", methods=["GET"], endpoint="ctl_payments"),
    Rule("/_standin/reset", methods=["POST"], endpoint="ctl_reset"),
    Rule("/_standin/fail", methods=["POST"], endpoint="ctl_fail"),
    Rule("/_standin/hang", methods=["POST"], endpoint="ctl_hang"),
    Rule("/_standin/webhook/replay/<payment_id>", methods=["POST"], endpoint="ctl_replay"),
])


class ApiError(Exception):
    """A 400 as Nets words it: {"errors": {field: [messages]}}."""

    def __init__(self, errors: dict[str, list[str]], code: int = 400) -> None:
        super().__init__(json.dumps(errors))
        self.errors, self.code = errors, code


@dataclass
class StoredPayment:
    id: str
    request: dict[str, Any]  # the create body, as sent
    created: str
    reserved: int = 0
    charged: int = 0
    cancelled: int = 0
    completed: str | None = None
    terminated: str | None = None
    charges: list[dict[str, Any]] = field(default_factory=list)
    failed_attempts: int = 0
    abandoned_by_payer: bool = False
    events: list[dict[str, Any]] = field(default_factory=list)  # {url, authorization, body}
    deliveries: list[dict[str, Any]] = field(default_factory=list)

    @property
    def order(self) -> dict[str, Any]:
        return self.request["order"]

    @property
    def checkout(self) -> dict[str, Any]:
        return self.request["checkout"]


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def _json(body: Any, status: int = 200) -> Response:
    return Response(json.dumps(body, ensure_ascii=False), status=status,
                    content_type="application/json")


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _with_query(url: str, **params: str) -> str:
    """url with params added to its query, before any #fragment."""
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True) + list(params.items())
    return urlunsplit(parts._replace(query=urlencode(query)))


def validate_create(body: Any) -> None:
    """What Nets checks of a create request that matters here; ApiError lists every fault."""
    errors: dict[str, list[str]] = {}

    def fault(where: str, message: str) -> None:
        errors.setdefault(where, []).append(message)

    if not isinstance(body, dict):
        raise ApiError({"body": ["The request body must be a JSON object"]})
    order = body.get("order")
    if not isinstance(order, dict):
        raise ApiError({"order": ["The order field is required"]})
    items = order.get("items")
    if not isinstance(items, list) or not items:
        fault("order.items", "The order must have at least one item")
        items = []
    gross_sum = 0
    for i, item in enumerate(items):
        where = f"order.items[{i}]"
        if not isinstance(item, dict):
            fault(where, "An item must be an object")
            continue
        for key in ("reference", "name"):
            if not isinstance(item.get(key), str) or not item[key].strip():
                fault(f"{where}.{key}", f"The {key} field is required")
        if not isinstance(item.get("quantity"), (int, float)) or item["quantity"] <= 0:
            fault(f"{where}.quantity", "Quantity must be a number above 0")
        amounts = {k: item.get(k, 0 if k == "taxAmount" else None)
                   for k in ("unitPrice", "netTotalAmount", "taxAmount", "grossTotalAmount")}
        bad = [k for k, v in amounts.items() if not _is_int(v)]
        for key in bad:
            fault(f"{where}.{key}", f"{key} must be an integer amount in minor units")
        if bad:
            continue
        if amounts["grossTotalAmount"] != amounts["netTotalAmount"] + amounts["taxAmount"]:
            fault(f"{where}.grossTotalAmount",
                  "grossTotalAmount must equal netTotalAmount plus taxAmount")
        gross_sum += amounts["grossTotalAmount"]
    amount = order.get("amount")
    if not _is_int(amount):
        fault("order.amount", "The amount field is required and must be an integer")
    elif amount != gross_sum and "order.items" not in errors:
        fault("order.amount", f"Amount {amount} does not match the sum of the items' "
              f"grossTotalAmount ({gross_sum})")
    elif amount <= 0:
        fault("order.amount", "Amount must be greater than zero")
    currency = order.get("currency")
    if not isinstance(currency, str) or len(currency) != 3:
        fault("order.currency", "The currency field is required (ISO 4217)")
    checkout = body.get("checkout")
    if not isinstance(checkout, dict):
        fault("checkout", "The checkout field is required")
    elif checkout.get("integrationType") != "HostedPaymentPage":
        fault("checkout.integrationType",
              "This stand-in serves only integrationType HostedPaymentPage")
    else:
        for key in ("returnUrl", "termsUrl"):
            if not isinstance(checkout.get(key), str) or not checkout[key]:
                fault(f"checkout.{key}", f"{key} is required for a hosted payment page")
    notifications = body.get("notifications") or {}
    webhooks = notifications.get("webhooks") if isinstance(notifications, dict) else None
    for i, hook in enumerate(webhooks if isinstance(webhooks, list) else []):
        for key in ("eventName", "url", "authorization"):
            if not isinstance(hook, dict) or not isinstance(hook.get(key), str) \
                    or not hook[key]:
                fault(f"notifications.webhooks[{i}].{key}", f"{key} is required")
    if errors:
        raise ApiError(errors)


class NetsStandIn:
    """The WSGI app. Its state is also reachable from Python (payments(), fail(), reset())."""

    def __init__(self, secret_key: str = DEFAULT_SECRET_KEY, folder: str | Path | None = None,
                 public_url: str | None = None, webhook_timeout: float = 5.0) -> None:
        self.secret_key = secret_key
        self.folder = Path(folder) if folder is not None else None
        self.public_url = public_url.rstrip("/") if public_url else None
        self.webhook_timeout = webhook_timeout
        self._lock = threading.RLock()
        self._wake = threading.Event()
        self._payments: dict[str, StoredPayment] = {}
        self._fail: list[list[int]] = []  # [remaining, code]
        self._hang: list[list[float]] = []  # [remaining, seconds]
        self._senders: list[threading.Thread] = []
        if self.folder is not None:
            self._load()

    # --- WSGI -----------------------------------------------------------------------------

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        return self._dispatch(Request(environ))(environ, start_response)

    def _dispatch(self, request: Request) -> Response:
        try:
            endpoint, args = _URLS.bind_to_environ(request.environ).match()
        except HTTPException as exc:
            return _json({"message": exc.description or ""}, exc.code or 500)
        if endpoint.startswith("ctl_") or endpoint == "page":
            return getattr(self, f"_{endpoint}")(request, **args)
        given = request.headers.get("Authorization", "")
        if not hmac.compare_digest(given.encode(), self.secret_key.encode()):
            return Response(status=401)
        seconds = self._take(self._hang)
        if seconds is not None:
            self._wake.wait(seconds)
        code = self._take(self._fail)
        if code is not None:
            return _json({"message": "The stand-in was told to fail", "code": str(int(code)),
                          "source": "standin"}, int(code))
        try:
            return getattr(self, f"_{endpoint}")(request, **args)
        except ApiError as error:
            return _json({"errors": error.errors}, error.code)

    def _take(self, rules: list[list[Any]]) -> Any:
        with self._lock:
            if not rules:
                return None
            rule = rules[0]
            rule[0] -= 1
            if rule[0] <= 0:
                rules.pop(0)
            return rule[1]

    # --- the API --------------------------------------------------------------------------

    def _create(self, request: Request) -> Response:
        body = request.get_json(silent=True)
        validate_create(body)
        payment = StoredPayment(uuid.uuid4().hex, body, _now())
        with self._lock:
            self._payments[payment.id] = payment
            self._save(payment)
        base = self.public_url or request.host_url.rstrip("/")
        return _json({"paymentId": payment.id,
                      "hostedPaymentPageUrl": f"{base}/hostedpaymentpage/?pid={payment.id}"},
                     201)

    def _found(self, payment_id: str) -> StoredPayment:
        payment = self._payments.get(payment_id)
        if payment is None:
            raise ApiError({"paymentId": [f"Payment {payment_id} was not found"]}, 404)
        return payment

    def _get(self, request: Request, payment_id: str) -> Response:
        with self._lock:
            return _json({"payment": self.describe(self._found(payment_id))})

    def _terminate(self, request: Request, payment_id: str) -> Response:
        with self._lock:
            payment = self._found(payment_id)
            if payment.completed:
                raise ApiError({"paymentId": ["The checkout is completed; a completed "
                                              "payment cannot be terminated"]})
            if payment.terminated:
                raise ApiError({"paymentId": ["The payment is already terminated"]})
            payment.terminated = _now()
            self._save(payment)
        return Response(status=204)

    def _cancel(self, request: Request, payment_id: str) -> Response:
        body = request.get_json(silent=True)
        amount = body.get("amount") if isinstance(body, dict) else None
        if not _is_int(amount) or amount <= 0:
            raise ApiError({"amount": ["Amount must be an integer above 0"]})
        with self._lock:
            payment = self._found(payment_id)
            open_amount = payment.reserved - payment.charged - payment.cancelled
            if payment.terminated or amount > open_amount:
                raise ApiError({"amount": [f"Cannot cancel {amount}: {max(open_amount, 0)} "
                                           "is reserved and neither charged nor cancelled"]})
            payment.cancelled += amount
            self._save(payment)
        return Response(status=204)

    def describe(self, payment: StoredPayment) -> dict[str, Any]:
        """The `payment` object of GET /v1/payments/{id}."""
        summary = {k: v for k, v in (("reservedAmount", payment.reserved),
                                     ("chargedAmount", payment.charged),
                                     ("cancelledAmount", payment.cancelled)) if v}
        details: dict[str, Any] = {"invoiceDetails": {}, "cardDetails": {}}
        if payment.completed:
            details = {"paymentType": "CARD", "paymentMethod": "Visa", "invoiceDetails": {},
                       "cardDetails": {"maskedPan": "492500******0004", "expiryDate": "1230"}}
        order = payment.order
        described: dict[str, Any] = {
            "paymentId": payment.id,
            "summary": summary,
            "consumer": {"shippingAddress": {}, "company": {}, "privatePerson": {},
                         "billingAddress": {}},
            "paymentDetails": details,
            "orderDetails": {"amount": order["amount"], "currency": order["currency"],
                             "reference": order.get("reference")},
            "checkout": {"url": payment.checkout.get("returnUrl"),
                         "cancelUrl": payment.checkout.get("cancelUrl")},
            "created": payment.created,
        }
        if payment.request.get("myReference") is not None:
            described["myReference"] = payment.request["myReference"]
        if payment.charges:
            described["charges"] = [dict(c) for c in payment.charges]
        if payment.terminated:
            described["terminated"] = payment.terminated
        return described

    # --- the hosted payment page ----------------------------------------------------------

    def _page(self, request: Request) -> Response:
        payment_id = request.form.get("pid") or request.args.get("pid") or ""
        with self._lock:
            payment = self._payments.get(payment_id)
            if payment is None:
                return self._render(None, status=404, notice="Fant ingen betaling med denne "
                                    "lenken. Start betalingen på nytt fra tjenesten.")
            if request.method == "GET":
                return self._render(payment)
            action = request.form.get("action")
            if payment.terminated:
                return self._render(payment, status=409)
            if payment.completed:
                return self._render(payment, status=409)
            if action == "pay":
                self._complete(payment)
                return self._redirect(_with_query(payment.checkout["returnUrl"],
                                                  paymentid=payment.id))
            if action == "fail":
                payment.failed_attempts += 1
                self._save(payment)
                return self._render(payment, error=True)
            if action == "cancel":
                payment.abandoned_by_payer = True
                self._save(payment)
                target = payment.checkout.get("cancelUrl") or payment.checkout["returnUrl"]
                return self._redirect(target)
            return self._render(payment, status=400, notice="Velg Betal, Feil betaling eller "
                                "Avbryt.")

    @staticmethod
    def _redirect(url: str) -> Response:
        return Response(status=303, headers={"Location": url})

    def _render(self, payment: StoredPayment | None, status: int = 200, error: bool = False,
                notice: str | None = None) -> Response:
        context: dict[str, Any] = {"payment": None, "error": error, "notice": notice}
        if payment is not None:
            order = payment.order
            context.update(
                payment=payment, reference=order.get("reference") or payment.id,
                items=[{"name": i["name"], "quantity": _quantity(i["quantity"]),
                        "unit": i.get("unit") or "", "unit_price": _kroner(i["unitPrice"]),
                        "tax_rate": _rate(i.get("taxRate", 0)),
                        "gross": _kroner(i["grossTotalAmount"])} for i in order["items"]],
                total=_kroner(order["amount"]),
                action=f"/hostedpaymentpage/?pid={payment.id}",
                is_open=not payment.completed and not payment.terminated,
                return_url=(_with_query(payment.checkout["returnUrl"], paymentid=payment.id)
                            if payment.completed else None))
            if payment.terminated and notice is None:
                context["notice"] = "Betalingen er avsluttet og kan ikke lenger betales."
            elif payment.completed and notice is None:
                context["notice"] = "Betalingen er allerede gjennomført."
        html = _PAGE.render(**context)
        return Response(html, status=status, content_type="text/html; charset=utf-8")

    def _complete(self, payment: StoredPayment) -> None:
        """Betal: the checkout completes, the amount is reserved and (charge: true) charged,
        and the registered webhooks go out."""
        amount = payment.order["amount"]
        payment.completed = _now()
        payment.reserved = amount
        if payment.checkout.get("charge"):
            payment.charged = amount
            payment.charges.append({"chargeId": uuid.uuid4().hex, "amount": amount,
                                    "created": payment.completed,
                                    "orderItems": payment.order["items"]})
        payment.events = self._events(payment)
        self._save(payment)
        events = list(payment.events)
        sender = threading.Thread(target=self._deliver_all, args=(payment.id, events, False),
                                  daemon=True, name="nets-standin-webhook")
        self._senders.append(sender)
        sender.start()

    def _events(self, payment: StoredPayment) -> list[dict[str, Any]]:
        order = payment.order
        amount = {"amount": order["amount"], "currency": order["currency"]}
        data = {
            CHECKOUT_COMPLETED: {"paymentId": payment.id, "order": {
                "amount": amount, "reference": order.get("reference"),
                "orderItems": order["items"]}, "consumer": {}},
            RESERVATION_CREATED: {"paymentId": payment.id, "amount": amount,
                                  "paymentMethod": "Visa", "paymentType": "CARD"},
        }
        if payment.charges:
            data[CHARGE_CREATED] = {"paymentId": payment.id,
                                    "chargeId": payment.charges[-1]["chargeId"],
                                    "amount": amount, "orderItems": order["items"],
                                    "paymentMethod": "Visa", "paymentType": "CARD"}
        hooks = (payment.request.get("notifications") or {}).get("webhooks") or []
        return [{"url": hook["url"], "authorization": hook["authorization"], "body": {
                    "id": uuid.uuid4().hex, "merchantId": MERCHANT_ID, "timestamp": _now(),
                    "event": hook["eventName"], "data": data[hook["eventName"]]}}
                for hook in hooks if hook.get("eventName") in data]

    def _deliver_all(self, payment_id: str, events: list[dict[str, Any]], replay: bool
                     ) -> list[dict[str, Any]]:
        results = []
        for event in events:
            result: dict[str, Any] = {"event": event["body"]["event"],
                                      "eventId": event["body"]["id"], "url": event["url"],
                                      "replay": replay, "at": _now()}
            try:
                answer = requests.post(event["url"], json=event["body"],
                                       headers={"Authorization": event["authorization"]},
                                       timeout=self.webhook_timeout)
                result["status"] = answer.status_code
            except requests.RequestException as exc:
                result["error"] = f"{type(exc).__name__}: {exc}"
            results.append(result)
        with self._lock:
            payment = self._payments.get(payment_id)
            if payment is not None:
                payment.deliveries.extend(results)
                self._save(payment)
        return results

    # --- control, from Python -------------------------------------------------------------

    def fail(self, times: int = 1, code: int = 500) -> None:
        with self._lock:
            self._fail.append([times, code])

    def hang(self, seconds: float, times: int = 1) -> None:
        with self._lock:
            self._hang.append([times, seconds])

    def replay(self, payment_id: str) -> list[dict[str, Any]]:
        """Send the payment's webhooks again (the same events), now; KeyError if unknown."""
        with self._lock:
            events = list(self._payments[payment_id].events)
        return self._deliver_all(payment_id, events, True)

    def wait_for_webhooks(self, timeout: float = 5.0) -> None:
        """Wait until the webhooks sent so far have been delivered (or failed)."""
        for sender in list(self._senders):
            sender.join(timeout)

    def payments(self) -> list[dict[str, Any]]:
        with self._lock:
            return [{"payment": self.describe(p), "request": p.request,
                     "failedAttempts": p.failed_attempts,
                     "abandonedByPayer": p.abandoned_by_payer,
                     "deliveries": [dict(d) for d in p.deliveries]}
                    for p in sorted(self._payments.values(), key=lambda p: p.created)]

    def reset(self) -> None:
        self._wake.set()
        with self._lock:
            self._payments.clear()
            self._fail.clear()
            self._hang.clear()
            if self.folder is not None:
                shutil.rmtree(self.folder / "payments", ignore_errors=True)
        self._wake = threading.Event()

    def release(self) -> None:
        self._wake.set()

    # --- control, over HTTP ---------------------------------------------------------------

    def _ctl_payments(self, request: Request) -> Response:
        return _json({"payments": self.payments()})

    def _ctl_reset(self, request: Request) -> Response:
        self.reset()
        return _json({"ok": True})

    def _ctl_fail(self, request: Request) -> Response:
        try:
            self.fail(int(request.args.get("times", "1")), int(request.args.get("code", "500")))
        except ValueError:
            return _json({"error": "times and code are integers"}, 400)
        return _json({"ok": True})

    def _ctl_hang(self, request: Request) -> Response:
        try:
            self.hang(float(request.args.get("seconds", "5")),
                      int(request.args.get("times", "1")))
        except ValueError:
            return _json({"error": "seconds and times are numbers"}, 400)
        return _json({"ok": True})

    def _ctl_replay(self, request: Request, payment_id: str) -> Response:
        try:
            return _json({"deliveries": self.replay(payment_id)})
        except KeyError:
            return _json({"error": "no such payment"}, 404)

    # --- keeping it in a folder -----------------------------------------------------------

    def _save(self, payment: StoredPayment) -> None:
        if self.folder is None:
            return
        where = self.folder / "payments"
        where.mkdir(parents=True, exist_ok=True)
        path = where / f"{payment.id}.json"  # ids are made here: hex only
        temporary = path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
        temporary.write_text(json.dumps(asdict(payment), ensure_ascii=False))
        os.replace(temporary, path)

    def _load(self) -> None:
        assert self.folder is not None
        for path in sorted((self.folder / "payments").glob("*.json")):
            try:
                payment = StoredPayment(**json.loads(path.read_text()))
            except (OSError, ValueError, TypeError):
                continue  # half written before a crash: that payment never was
            self._payments[payment.id] = payment


def _kroner(ore: int) -> str:
    """øre as Norwegian kroner: 29970 → "kr 299,70", with a no-break space for thousands."""
    sign = "-" if ore < 0 else ""
    whole, fraction = divmod(abs(int(ore)), 100)
    return f"kr {sign}{whole:,}".replace(",", "\u00a0") + f",{fraction:02d}"


def _quantity(value: Any) -> str:
    return str(value).replace(".", ",")


def _rate(tax_rate: Any) -> str:
    """Nets' taxRate is hundredths of a percent: 2500 → "25", 1250 → "12,5"."""
    value = (int(tax_rate) if _is_int(tax_rate) else 0) / 100
    return f"{value:g}".replace(".", ",")


_PAGE = Environment(autoescape=True).from_string("""<!doctype html>
<html lang="nb">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{% if error %}Feil: {% endif %}Betaling – Nets Easy (stand-in)</title>
<style>
body { font-family: system-ui, sans-serif; max-width: 42rem; margin: 2rem auto; padding: 0 1rem;
       line-height: 1.5; color: #1a1a1a; }
table { border-collapse: collapse; width: 100%; margin: 1rem 0; }
th, td { text-align: left; padding: .4rem; border-bottom: 1px solid #767676; }
td.amount, th.amount { text-align: right; }
caption { text-align: left; font-weight: bold; }
button { font-size: 1rem; padding: .6rem 1.2rem; margin: .25rem .5rem .25rem 0;
         border: 2px solid #1a1a1a; border-radius: 4px; background: #fff; color: #1a1a1a; }
button.primary { background: #00456e; border-color: #00456e; color: #fff; }
button:focus-visible, a:focus-visible { outline: 3px solid #b35c00; outline-offset: 2px; }
.alert { border: 2px solid #b00020; padding: .75rem 1rem; margin: 1rem 0; }
.note { font-size: .9rem; }
</style>
</head>
<body>
<main>
<h1>Betaling</h1>
<p class="note">Stand-in for Nets Easy sin betalingsside, til testing. Ingen ekte penger
trekkes.</p>
{% if error %}
<div class="alert" role="alert">
<h2>Betalingen ble avvist</h2>
<p>Kortet ble avvist, og ingenting er trukket. Du kan prøve igjen eller avbryte.</p>
</div>
{% endif %}
{% if notice %}<p role="status">{{ notice }}</p>{% endif %}
{% if payment %}
<table>
<caption>Ordre {{ reference }}</caption>
<thead>
<tr><th scope="col">Vare</th><th scope="col">Antall</th>
<th scope="col" class="amount">Pris eks. mva.</th><th scope="col" class="amount">Mva.</th>
<th scope="col" class="amount">Sum</th></tr>
</thead>
<tbody>
{% for item in items %}
<tr><th scope="row">{{ item.name }}</th><td>{{ item.quantity }} {{ item.unit }}</td>
<td class="amount">{{ item.unit_price }}</td><td class="amount">{{ item.tax_rate }} %</td>
<td class="amount">{{ item.gross }}</td></tr>
{% endfor %}
</tbody>
<tfoot>
<tr><th scope="row" colspan="4">Totalt å betale</th>
<td class="amount" id="total">{{ total }}</td></tr>
</tfoot>
</table>
{% if is_open %}
<form method="post" action="{{ action }}">
<input type="hidden" name="pid" value="{{ payment.id }}">
<p id="choices">Velg hvordan testbetalingen skal gå. «Feil betaling» later som at kortet
blir avvist.</p>
<button type="submit" name="action" value="pay" class="primary"
 aria-describedby="total">Betal</button>
<button type="submit" name="action" value="fail" aria-describedby="choices">Feil
betaling</button>
<button type="submit" name="action" value="cancel">Avbryt</button>
</form>
{% elif return_url %}
<p><a href="{{ return_url }}">Tilbake til tjenesten</a></p>
{% endif %}
{% endif %}
</main>
</body>
</html>
""")


# --- serving it ------------------------------------------------------------------------------


def serve_standin(host: str = "127.0.0.1", port: int = 0,
                  secret_key: str = DEFAULT_SECRET_KEY, folder: str | Path | None = None,
                  public_url: str | None = None, quiet: bool = True) -> StandIn:
    """Start a stand-in in a daemon thread (port 0: any free port) and return it. public_url:
    the address browsers reach it at, if not the one the API is called at."""
    app = NetsStandIn(secret_key, folder, public_url)
    return serve(app, host, port, "nets-standin", quiet)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="A stand-in Nets Easy payment API.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=9094)
    parser.add_argument("--secret-key", default=os.environ.get("NETS_SECRET_KEY")
                        or DEFAULT_SECRET_KEY, help="the key the API expects (never printed)")
    parser.add_argument("--folder", help="keep payments here, across restarts")
    parser.add_argument("--public-url", help="the address browsers reach the stand-in at")
    args = parser.parse_args(argv)
    app = NetsStandIn(args.secret_key, args.folder, args.public_url)
    run_until_stopped(app, args.host, args.port,
                      "Nets Easy stand-in on {url}/v1/payments (control: /_standin/payments)")


if __name__ == "__main__":
    main()
