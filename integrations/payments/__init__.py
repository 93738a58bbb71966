"""The payment provider side of the payment task: a provider interface with order totals in
øre, and a Nets Easy (Nexi Checkout) client that speaks its Payment API v1."""

from integrations.payments.nets import NetsEasyClient, check_webhook, is_paid
from integrations.payments.provider import (
    CreatedPayment,
    Order,
    OrderLine,
    PaymentError,
    PaymentProvider,
    PaymentState,
    PaymentUrls,
    Webhook,
    kroner_to_ore,
)

__all__ = [
    "CreatedPayment",
    "NetsEasyClient",
    "Order",
    "OrderLine",
    "PaymentError",
    "PaymentProvider",
    "PaymentState",
    "PaymentUrls",
    "Webhook",
    "check_webhook",
    "is_paid",
    "kroner_to_ore",
]
