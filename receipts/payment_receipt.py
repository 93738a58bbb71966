"""The payment receipt (paymentReceiptPdfDataType): what was paid, by whom, for what, drawn from
the stored PaymentInformation (orderDetails and paymentDetails), never from a new pricing, so
the receipt says what the provider charged. Each line's VAT and sum are worked out in øre as
the payment was (integrations/payments/provider.py), so the lines add up to the total paid
(Order.total_ore, which is also what orderDetails' totals were made from)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from forms.definitions import AppDefinition
from integrations.payments.provider import OrderLine, kroner_to_ore
from integrations.register import Register
from receipts.filename import safe_filename
from receipts.sealing import Sealer
from receipts.task_document import (
    Fact,
    TaskDocument,
    oslo,
    render_pdf,
    render_sealed,
    short_reference,
)
from receipts.task_texts import app_owner, pdf_language, task_text
from storage.models import Instance

TEMPLATE = "pdf/payment_receipt.html"
NBSP = "\u00a0"
STATUS_TEXTS = ("Paid", "Skipped")  # the statuses a task can end in; others are shown as is


def nok(amount: Any) -> str:
    """An amount in kroner as Norwegians write it: "1 250,50 kr" (no-break spaces, so the
    amount never breaks over two lines)."""
    try:
        value = Decimal(str(amount)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    except (InvalidOperation, ValueError):
        return str(amount)
    whole, _, cents = f"{abs(value):.2f}".partition(".")
    grouped = f"{int(whole):,}".replace(",", NBSP)
    return f"{'-' if value < 0 else ''}{grouped},{cents}{NBSP}kr"


def _ore(ore: int) -> str:
    return nok(Decimal(ore) / 100)


def _decimal(value: Any) -> Decimal:
    try:
        return Decimal(str(value if value is not None else 0))
    except InvalidOperation:
        return Decimal(0)


def _plain_number(value: Decimal) -> str:
    return f"{value.normalize():f}".replace(".", ",")


@dataclass(frozen=True)
class ReceiptLine:
    name: str
    quantity: str
    price: str
    vat: str
    total: str


@dataclass
class PaymentReceipt(TaskDocument):
    lines: list[ReceiptLine] = field(default_factory=list)
    totals: list[Fact] = field(default_factory=list)
    labels: dict[str, str] = field(default_factory=dict)


def _line(raw: dict[str, Any]) -> tuple[ReceiptLine, int, int]:
    """A stored order line as drawn, with its VAT and gross in øre."""
    price = _decimal(raw.get("priceExVat"))
    quantity = _decimal(raw.get("quantity") if raw.get("quantity") is not None else 1)
    vat_percent = _decimal(raw.get("vatPercent"))
    line = OrderLine(str(raw.get("id") or ""), str(raw.get("name") or raw.get("id") or ""),
                     quantity, str(raw.get("unit") or ""), kroner_to_ore(price), vat_percent)
    shown_quantity = f"{_plain_number(quantity)} {line.unit}".strip()
    vat = f"{_ore(line.vat_ore)} ({_plain_number(vat_percent)}{NBSP}%)"
    return (ReceiptLine(line.name, shown_quantity, nok(price), vat, _ore(line.gross_ore)),
            line.vat_ore, line.gross_ore)


def build_payment_receipt(app: AppDefinition, instance: Instance, info: dict[str, Any],
                          lang: str, register: Register | None = None) -> PaymentReceipt:
    """The receipt of the PaymentInformation `info` in `lang`; the payer is the instance
    owner's party, by name when `register` knows it."""
    lang = pdf_language(lang)

    def text(key: str) -> str:
        return task_text(app, key, lang)

    details = info.get("orderDetails") or {}
    payment = info.get("paymentDetails") or {}
    party = register.party(instance.instance_owner_party_id) if register is not None else None
    status = str(info.get("status") or "")
    receipt = PaymentReceipt(
        lang=lang, owner=app_owner(app, lang), app_name=app.title(lang),
        title=text("payment_receipt.title"), reference=short_reference(instance.id),
        reference_label=text("pdf.reference"),
        labels={key: text(f"payment_receipt.{key}") for key in (
            "lines", "item", "quantity", "price", "vat", "sum")})
    facts = [(text("payment_receipt.payer"),
              party.name if party is not None else str(instance.instance_owner_party_id)),
             (text("pdf.reference"), receipt.reference),
             (text("payment_receipt.order_reference"), str(details.get("orderReference") or "")),
             (text("payment_receipt.payment_id"), str(payment.get("paymentId") or "")),
             (text("payment_receipt.status"),
              text(f"payment_receipt.status.{status}") if status in STATUS_TEXTS else status),
             (text("payment_receipt.paid"), oslo(payment.get("chargedDate"))),
             (text("payment_receipt.method"),
              " / ".join(str(p) for p in (payment.get("paymentType"),
                                          payment.get("paymentMethod")) if p))]
    receipt.facts = [Fact(label, value) for label, value in facts if value]
    vat_ore = gross_ore = 0
    for raw in details.get("orderLines") or []:
        if isinstance(raw, dict):
            line, vat, gross = _line(raw)
            receipt.lines.append(line)
            vat_ore, gross_ore = vat_ore + vat, gross_ore + gross
    receipt.totals = [Fact(text("payment_receipt.total_ex_vat"), _ore(gross_ore - vat_ore)),
                      Fact(text("payment_receipt.total_vat"), _ore(vat_ore)),
                      Fact(text("payment_receipt.total"), _ore(gross_ore))]
    return receipt


def render_payment_receipt_pdf(receipt: PaymentReceipt) -> bytes:
    return render_pdf(TEMPLATE, receipt)


def make_payment_receipt(receipt: PaymentReceipt, sealer: Sealer) -> bytes:
    """The receipt drawn and sealed: what the job stores."""
    return render_sealed(TEMPLATE, receipt, sealer)


def payment_receipt_filename(app: AppDefinition, lang: str) -> str:
    """Chosen by the server, never taken from a request: "Betalingskvittering.pdf"."""
    return safe_filename(task_text(app, "payment_receipt.file_name", pdf_language(lang)),
                         fallback="receipt")
