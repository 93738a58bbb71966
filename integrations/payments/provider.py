"""What the payment task needs from a payment provider, whoever it is (Nets Easy, a fake).

Amounts are whole øre (int) everywhere: money is never a float here. An order's totals are
worked out per line with Decimal and ROUND_HALF_UP, line by line as a provider such as Nets
checks them, so the sum the payer sees is the sum of what each line says."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Protocol, runtime_checkable


class PaymentError(Exception):
    """A provider call that did not work. `retryable` says whether trying the same call again
    later may help (the provider was down or slow) or not (the request itself is wrong, the key
    is wrong, the payment is in a state that forbids it)."""

    def __init__(self, message: str, retryable: bool, status: int | None = None) -> None:
        super().__init__(message)
        self.message, self.retryable, self.status = message, retryable, status


def _ore(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def kroner_to_ore(kroner: Decimal | int | str) -> int:
    """An app's price in kroner (priceExVat) as whole øre, half an øre rounded up: prices are
    written in kroner, the provider wants øre. A float is refused: it is not exact."""
    if isinstance(kroner, float):
        raise TypeError("give kroner as Decimal, int or str, not float")
    return _ore(Decimal(kroner) * 100)


@dataclass(frozen=True)
class OrderLine:
    """One line of an order, as an app's order details give it (priceExVat, quantity,
    vatPercent), with the price ex. VAT already in øre."""

    id: str
    name: str
    quantity: Decimal
    unit: str
    price_ex_vat_ore: int
    vat_percent: Decimal

    @property
    def net_ore(self) -> int:
        """price × quantity; a fractional quantity can give a fraction of an øre."""
        return _ore(Decimal(self.price_ex_vat_ore) * Decimal(self.quantity))

    @property
    def vat_ore(self) -> int:
        """VAT of this line's net, rounded per line (not per unit, not per order)."""
        return _ore(Decimal(self.net_ore) * Decimal(self.vat_percent) / 100)

    @property
    def gross_ore(self) -> int:
        return self.net_ore + self.vat_ore


@dataclass(frozen=True)
class Order:
    lines: tuple[OrderLine, ...] | list[OrderLine]
    currency: str = "NOK"
    reference: str = ""

    @property
    def total_ore(self) -> int:
        return sum(line.gross_ore for line in self.lines)

    @property
    def vat_ore(self) -> int:
        return sum(line.vat_ore for line in self.lines)


@dataclass(frozen=True)
class PaymentUrls:
    """Where the provider's page sends the payer back: after paying (return), after giving up
    (cancel); and the merchant's terms, which Nets shows and requires."""

    return_url: str
    cancel_url: str
    terms_url: str | None = None


@dataclass(frozen=True)
class Webhook:
    """Where the provider tells us a checkout completed, and the Authorization header value it
    sends along, so the listener can tell the provider from anyone else."""

    url: str
    authorization: str

    def __repr__(self) -> str:  # the authorization value is a secret
        return f"Webhook(url={self.url!r}, authorization='***')"


@dataclass(frozen=True)
class CreatedPayment:
    payment_id: str
    redirect_url: str


@dataclass(frozen=True)
class PaymentState:
    """A payment as the provider sees it now. Paid means charged_amount_ore > 0 (as Altinn's
    Nets processor decides it); reserved alone is not paid."""

    payment_id: str
    charged_amount_ore: int
    reserved_amount_ore: int
    cancelled_amount_ore: int
    terminated: bool
    payment_type: str | None
    payment_method: str | None
    created: str | None
    charged_date: str | None = None
    raw: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)


@runtime_checkable
class PaymentProvider(Protocol):
    """The calls the payment task makes. Each raises PaymentError when it does not work."""

    def create_payment(self, order: Order, urls: PaymentUrls, webhook: Webhook | None,
                       my_reference: str) -> CreatedPayment:
        """Start a payment the payer completes on the provider's own page (redirect_url).
        `my_reference` is ours to find it by later (the instance guid)."""
        ...

    def get_payment(self, payment_id: str) -> PaymentState: ...

    def terminate(self, payment_id: str) -> None:
        """Stop a payment whose checkout has not completed, so it can no longer be paid."""
        ...

    def cancel(self, payment_id: str, amount_ore: int) -> None:
        """Release a reserved, not charged, amount."""
        ...
