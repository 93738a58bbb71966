"""A Nets Easy (Nexi Checkout) client for the payment task, over its Payment API v1.

The payer pays on Nets' hosted payment page (integrationType HostedPaymentPage) and is charged
at once (charge: true), as Altinn's Nets processor does; the app finds out by reading the payment
back (GET) or by the payment.checkout.completed webhook, which carries the Authorization value
given at creation. The secret API key goes in the Authorization header of every call and is
never logged, put in an error, or shown by repr."""

from __future__ import annotations

import hmac
from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import Any
from urllib.parse import quote

import requests

from integrations.payments.provider import (
    CreatedPayment,
    Order,
    PaymentError,
    PaymentState,
    PaymentUrls,
    Webhook,
)

TEST_BASE_URL = "https://test.api.dibspayment.eu"
LIVE_BASE_URL = "https://api.dibspayment.eu"
CHECKOUT_COMPLETED = "payment.checkout.completed"
_RETRY_STATUSES = {408, 425, 429}  # a 4xx that says "later", not "wrong"


def is_paid(state: PaymentState) -> bool:
    """Paid once something is charged; a reservation alone is not a payment."""
    return state.charged_amount_ore > 0


def check_webhook(header_value: str | None, expected: str | None) -> bool:
    """Whether a webhook's Authorization header is the value we registered (in constant time,
    so the value cannot be found by timing the answers)."""
    if not header_value or not expected:
        return False
    return hmac.compare_digest(header_value.encode(), expected.encode())


def webhook_payment(payload: Any) -> tuple[str | None, str | None]:
    """(event name, payment id) of a webhook body; (None, None) parts when it has none."""
    if not isinstance(payload, dict):
        return None, None
    data = payload.get("data")
    payment_id = data.get("paymentId") if isinstance(data, dict) else None
    event = payload.get("event")
    return (event if isinstance(event, str) else None,
            payment_id if isinstance(payment_id, str) else None)


def _number(value: Decimal) -> int | float:
    """A quantity as JSON wants it: 3, not 3.0 or "3"."""
    value = Decimal(value)
    return int(value) if value == value.to_integral_value() else float(value)


def order_body(order: Order) -> dict[str, Any]:
    """The `order` of a create-payment request: each line's net, tax and gross as Nets checks
    them (gross = net + tax, amount = Σ gross), tax rate in hundredths of a percent."""
    items = [{
        "reference": line.id,
        "name": line.name,
        "quantity": _number(line.quantity),
        "unit": line.unit,
        "unitPrice": line.price_ex_vat_ore,
        "taxRate": int((Decimal(line.vat_percent) * 100).quantize(Decimal(1), ROUND_HALF_UP)),
        "taxAmount": line.vat_ore,
        "grossTotalAmount": line.gross_ore,
        "netTotalAmount": line.net_ore,
    } for line in order.lines]
    body: dict[str, Any] = {"items": items, "amount": order.total_ore,
                            "currency": order.currency}
    if order.reference:
        body["reference"] = order.reference
    return body


def _summary_amount(summary: Mapping[str, Any], key: str) -> int:
    value = summary.get(key)  # Nets leaves out the amounts that are zero
    return int(value) if isinstance(value, (int, float)) else 0


def payment_state(payment: Mapping[str, Any]) -> PaymentState:
    """A PaymentState from the `payment` object of GET /v1/payments/{id}."""
    summary = payment.get("summary") or {}
    details = payment.get("paymentDetails") or {}
    charges = payment.get("charges") or []
    charged_date = next((c.get("created") for c in charges
                         if isinstance(c, dict) and c.get("created")), None)
    return PaymentState(
        payment_id=str(payment.get("paymentId", "")),
        charged_amount_ore=_summary_amount(summary, "chargedAmount"),
        reserved_amount_ore=_summary_amount(summary, "reservedAmount"),
        cancelled_amount_ore=_summary_amount(summary, "cancelledAmount"),
        terminated=bool(payment.get("terminated")),
        payment_type=details.get("paymentType") or None,
        payment_method=details.get("paymentMethod") or None,
        created=payment.get("created"),
        charged_date=charged_date,
        raw=dict(payment),
    )


def _listed(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _error_detail(response: requests.Response) -> str:
    """Nets' own words: {"errors": {field: [messages]}} on a 400, {"message": …} otherwise."""
    try:
        body = response.json()
    except ValueError:
        body = None
    if isinstance(body, dict):
        errors = body.get("errors")
        if isinstance(errors, dict) and errors:
            return "; ".join(f"{name}: {' '.join(map(str, _listed(msgs)))}"
                             for name, msgs in errors.items())
        if body.get("message"):
            return str(body["message"])
    text = response.text.strip()
    return text[:300] if text else (response.reason or "no details")


class NetsEasyClient:
    """The PaymentProvider for Nets Easy. `charge=False` only reserves on checkout (to be
    charged or cancelled later); the payment task charges at once."""

    def __init__(self, base_url: str, secret_key: str, timeout: float = 10.0,
                 terms_url: str | None = None, charge: bool = True,
                 merchant_handles_consumer_data: bool = False,
                 language: str | None = "nb-NO",
                 session: requests.Session | None = None) -> None:
        if not secret_key:
            raise ValueError("a Nets secret key is required")
        self.base_url = base_url.rstrip("/")
        self._secret_key = secret_key
        self.timeout = timeout
        self.terms_url = terms_url
        self.charge = charge
        self.merchant_handles_consumer_data = merchant_handles_consumer_data
        self.language = language
        self._session = session or requests.Session()

    def __repr__(self) -> str:
        return f"NetsEasyClient(base_url={self.base_url!r})"

    @classmethod
    def from_env(cls, environ: Mapping[str, str]) -> NetsEasyClient:
        """NETS_SECRET_KEY (required), NETS_BASE_URL (the test environment unless set),
        NETS_TERMS_URL. A test key against the live API, or a live key against the test one,
        is refused here rather than by a confusing 401 later."""
        key = (environ.get("NETS_SECRET_KEY") or "").strip()
        if not key:
            raise ValueError("NETS_SECRET_KEY is not set")
        base_url = (environ.get("NETS_BASE_URL") or TEST_BASE_URL).strip().rstrip("/")
        if key.startswith("test-secret-key-") and base_url == LIVE_BASE_URL:
            raise ValueError("NETS_SECRET_KEY is a test key but NETS_BASE_URL is the live API")
        if key.startswith("live-secret-key-") and base_url == TEST_BASE_URL:
            raise ValueError("NETS_SECRET_KEY is a live key but NETS_BASE_URL is the test API")
        return cls(base_url, key, terms_url=environ.get("NETS_TERMS_URL") or None)

    # --- the protocol ---------------------------------------------------------------------

    def create_payment(self, order: Order, urls: PaymentUrls, webhook: Webhook | None,
                       my_reference: str) -> CreatedPayment:
        checkout: dict[str, Any] = {
            "integrationType": "HostedPaymentPage",
            "returnUrl": urls.return_url,
            "cancelUrl": urls.cancel_url,
            "charge": self.charge,
            "merchantHandlesConsumerData": self.merchant_handles_consumer_data,
        }
        terms_url = urls.terms_url or self.terms_url
        if terms_url:
            checkout["termsUrl"] = terms_url
        body: dict[str, Any] = {"order": order_body(order), "checkout": checkout,
                                "myReference": my_reference}
        if webhook is not None:
            body["notifications"] = {"webhooks": [{
                "eventName": CHECKOUT_COMPLETED, "url": webhook.url,
                "authorization": webhook.authorization}]}
        answer = self._call("POST", "/v1/payments", body)
        payment_id = answer.get("paymentId") if isinstance(answer, dict) else None
        page = answer.get("hostedPaymentPageUrl") if isinstance(answer, dict) else None
        if not payment_id or not page:
            raise PaymentError("Nets Easy created a payment without paymentId and "
                               "hostedPaymentPageUrl", retryable=False)
        if self.language:
            page += ("&" if "?" in page else "?") + "language=" + quote(self.language)
        return CreatedPayment(str(payment_id), page)

    def get_payment(self, payment_id: str) -> PaymentState:
        answer = self._call("GET", f"/v1/payments/{quote(payment_id, safe='')}")
        payment = answer.get("payment") if isinstance(answer, dict) else None
        if not isinstance(payment, dict):
            raise PaymentError("Nets Easy answered without a payment", retryable=True)
        return payment_state(payment)

    def terminate(self, payment_id: str) -> None:
        self._call("PUT", f"/v1/payments/{quote(payment_id, safe='')}/terminate")

    def cancel(self, payment_id: str, amount_ore: int) -> None:
        self._call("POST", f"/v1/payments/{quote(payment_id, safe='')}/cancels",
                   {"amount": int(amount_ore)})

    # --- HTTP -----------------------------------------------------------------------------

    def _call(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        """One API call; its JSON answer (None when it has none). Down, slow or 5xx is
        retryable; any other 4xx is not (the request, the key or the payment's state is
        wrong and will stay so)."""
        headers = {"Authorization": self._secret_key, "Accept": "application/json"}
        try:
            response = self._session.request(method, self.base_url + path, json=body,
                                             headers=headers, timeout=self.timeout)
        except requests.Timeout:
            raise PaymentError(f"Nets Easy {method} {path} timed out", retryable=True) from None
        except requests.RequestException as exc:
            raise PaymentError(f"Nets Easy {method} {path} could not be reached: {exc}",
                               retryable=True) from None
        if response.status_code >= 400:
            retryable = response.status_code >= 500 or response.status_code in _RETRY_STATUSES
            raise PaymentError(f"Nets Easy {method} {path} answered {response.status_code}: "
                               f"{_error_detail(response)}", retryable, response.status_code)
        if not response.content:
            return None
        try:
            return response.json()
        except ValueError:
            raise PaymentError(f"Nets Easy {method} {path} answered with no JSON",
                               retryable=True, status=response.status_code) from None
