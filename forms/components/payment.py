"""Payment: the payment task's page. The order (lines, VAT, total) as PaymentInformation stores
it, the status, a "Betal" button that posts the task's `pay` (the server then sends the browser
to the provider's payment page) and, when the task declares `reject`, a way back. Once paid
(or `renderAsSummary`) it is the order and the status only. The texts are Blankett's, in nb,
nn and en; an app overrides one by a text resource with the same id."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from forms.components.base import Component, Prop, register

TEXTS: dict[str, dict[str, str]] = {
    "nb": {
        "payment.title": "Betaling", "payment.item": "Beskrivelse",
        "payment.quantity": "Antall", "payment.price": "Pris eks. mva.",
        "payment.vat": "Mva.", "payment.sum": "Sum", "payment.total": "Totalt å betale",
        "payment.total_vat": "Herav mva.", "payment.pay": "Betal",
        "payment.continue": "Gå videre",
        "payment.back": "Tilbake", "payment.no_order": "Det er ingenting å betale.",
        "payment.order_missing": "Beløpet kan ikke regnes ut nå. Prøv igjen senere.",
        "payment.status.Uninitialized": "Ikke betalt ennå.",
        "payment.status.Created": "Betalingen er startet, men ikke fullført.",
        "payment.status.Paid": "Betalt.",
        "payment.status.Failed": "Betalingen mislyktes. Du kan prøve igjen.",
        "payment.status.Cancelled": "Betalingen ble avbrutt. Du kan prøve igjen.",
        "payment.status.Skipped": "Det er ingenting å betale.",
        "payment.flash.cancelled": "Du avbrøt betalingen. Ingenting er trukket. "
                                   "Du kan prøve igjen.",
        "payment.flash.not_paid": "Betalingen er ikke fullført. Ingenting er trukket. "
                                  "Du kan prøve igjen.",
        "payment.flash.unavailable": "Vi får ikke kontakt med betalingstjenesten nå. "
                                     "Prøv igjen om litt.",
    },
    "nn": {
        "payment.title": "Betaling", "payment.item": "Skildring",
        "payment.quantity": "Tal", "payment.price": "Pris eks. mva.",
        "payment.vat": "Mva.", "payment.sum": "Sum", "payment.total": "Totalt å betale",
        "payment.total_vat": "Av dette mva.", "payment.pay": "Betal",
        "payment.continue": "Gå vidare",
        "payment.back": "Tilbake", "payment.no_order": "Det er ingenting å betale.",
        "payment.order_missing": "Beløpet kan ikkje reknast ut no. Prøv igjen seinare.",
        "payment.status.Uninitialized": "Ikkje betalt enno.",
        "payment.status.Created": "Betalinga er starta, men ikkje fullført.",
        "payment.status.Paid": "Betalt.",
        "payment.status.Failed": "Betalinga mislukkast. Du kan prøve igjen.",
        "payment.status.Cancelled": "Betalinga vart avbroten. Du kan prøve igjen.",
        "payment.status.Skipped": "Det er ingenting å betale.",
        "payment.flash.cancelled": "Du avbraut betalinga. Ingenting er trekt. "
                                   "Du kan prøve igjen.",
        "payment.flash.not_paid": "Betalinga er ikkje fullført. Ingenting er trekt. "
                                  "Du kan prøve igjen.",
        "payment.flash.unavailable": "Vi får ikkje kontakt med betalingstenesta no. "
                                     "Prøv igjen om litt.",
    },
    "en": {
        "payment.title": "Payment", "payment.item": "Description",
        "payment.quantity": "Quantity", "payment.price": "Price excl. VAT",
        "payment.vat": "VAT", "payment.sum": "Amount", "payment.total": "Total to pay",
        "payment.total_vat": "Of which VAT", "payment.pay": "Pay",
        "payment.continue": "Continue",
        "payment.back": "Back", "payment.no_order": "There is nothing to pay.",
        "payment.order_missing": "The amount cannot be worked out now. Try again later.",
        "payment.status.Uninitialized": "Not paid yet.",
        "payment.status.Created": "The payment has been started, but not completed.",
        "payment.status.Paid": "Paid.",
        "payment.status.Failed": "The payment failed. You can try again.",
        "payment.status.Cancelled": "The payment was cancelled. You can try again.",
        "payment.status.Skipped": "There is nothing to pay.",
        "payment.flash.cancelled": "You cancelled the payment. Nothing has been charged. "
                                   "You can try again.",
        "payment.flash.not_paid": "The payment has not been completed. Nothing has been "
                                  "charged. You can try again.",
        "payment.flash.unavailable": "We cannot reach the payment service now. Try again "
                                     "in a little while.",
    },
}


def payment_text(view: Any, key: str) -> str:
    if view.app.texts.has(key):
        return str(view.app.texts.resolve(key, view.lang))
    return TEXTS.get(view.lang, TEXTS["nb"]).get(key) or TEXTS["nb"].get(key, key)


def kroner(amount: Any, currency: str = "NOK") -> str:
    """A kroner amount as Norwegians write it: "kr 1 250,50" (no-break spaces)."""
    try:
        value = Decimal(str(amount)).quantize(Decimal("0.01"))
    except ArithmeticError:
        return str(amount)
    sign = "-" if value < 0 else ""
    whole, _, cents = f"{abs(value):.2f}".partition(".")
    grouped = f"{int(whole):,}".replace(",", "\u00a0")
    prefix = "kr" if currency == "NOK" else currency
    return f"{prefix}\u00a0{sign}{grouped},{cents}"


def _quantity(value: Any) -> str:
    return str(value).replace(".", ",")


@dataclass(frozen=True)
class LineView:
    name: str
    quantity: str
    price: str
    vat: str
    total: str


@dataclass
class OrderView:
    """An order as a page shows it."""
    lines: list[LineView] = field(default_factory=list)
    total: str = ""
    vat: str = ""
    empty: bool = True


def order_view(details: dict[str, Any] | None) -> OrderView | None:
    """OrderDetails (process/payment.order_details) for the page; None when there are none."""
    if not isinstance(details, dict):
        return None
    currency = str(details.get("currency") or "NOK")
    lines = []
    for line in details.get("orderLines") or []:
        price = Decimal(str(line.get("priceExVat") or 0))
        quantity = Decimal(str(line.get("quantity") or 0))
        vat = Decimal(str(line.get("vatPercent") or 0))
        gross = price * quantity * (1 + vat / 100)
        lines.append(LineView(str(line.get("name") or line.get("id") or ""),
                              f"{_quantity(line.get('quantity'))} {line.get('unit') or ''}"
                              .strip(), kroner(price, currency),
                              f"{_quantity(line.get('vatPercent') or 0)} %",
                              kroner(gross, currency)))
    total = Decimal(str(details.get("totalPriceIncVat") or 0))
    return OrderView(lines, kroner(total, currency),
                     kroner(details.get("totalVat") or 0, currency), not lines or total == 0)


@dataclass
class PaymentView:
    status: str
    order: OrderView | None
    can_pay: bool
    can_go_back: bool
    messages: list[str]


def _information(view: Any, instance: Any) -> tuple[Any, dict[str, Any] | None]:
    """(the current task if it is a payment task, the PaymentInformation shown)."""
    from process.payment import payment_config, payment_information

    if instance is None:
        return None, None
    task = view.app.process.nodes.get(getattr(instance, "current_task", None) or "")
    tasks = [task] if task is not None and task.task_type == "payment" else [
        n for n in view.app.process.nodes.values() if n.task_type == "payment"]
    for node in tasks:
        try:
            info = payment_information(instance, payment_config(node))
        except Exception:  # noqa: BLE001 - a task without paymentConfig shows nothing
            continue
        if info is not None:
            return (node if node is task else None), info
    return (task if task is not None and task.task_type == "payment" else None), None


@register
class Payment(Component):
    type_name = "Payment"
    template = "components/payment.html"
    text_names = ("title", "description")
    props_spec = (Prop("renderAsSummary", "boolean", False, doc="The order and status only"),)

    def text(self, view: Any, key: str) -> str:
        return payment_text(view, key)

    def state(self, view: Any, instance: Any = None) -> PaymentView:
        from flask import g, get_flashed_messages, has_request_context

        task, info = _information(view, instance)
        status = str((info or {}).get("status") or "Uninitialized")
        summary = bool(self.props.get("renderAsSummary"))
        can_pay = (task is not None and not summary and "pay" in view.task_actions
                   and status not in ("Paid", "Skipped"))
        messages = []
        if has_request_context():
            messages = [payment_text(view, f"payment.flash.{m}")
                        for m in get_flashed_messages(category_filter=["payment"])]
            if can_pay:
                g.blankett_payment_page = True  # web/payments.py lets the form post there
        return PaymentView(status, order_view((info or {}).get("orderDetails")), can_pay,
                           task is not None and not summary and "reject" in view.task_actions
                           and status != "Paid", messages)
