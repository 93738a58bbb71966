"""What a payment task charges, declared in the app: `App/config/payment/order-lines.json`.

    {
      "currency": "NOK",
      "dataType": "model",                        (the form data expressions read; optional)
      "lines": [
        {"id": "gebyr", "name": "payment.fee", "priceExVat": 500, "vatPercent": 0},
        {"id": "skjenking", "name": "payment.alcohol", "priceExVat": 1250.50,
         "vatPercent": 25, "quantity": ["dataModel", "antallLokaler"],
         "include": ["equals", ["dataModel", "serveringsform"], "alkohol"]}
      ]
    }

Prices are in kroner before VAT (numbers, or numeric strings with a point, so no binary
fraction creeps in); `name` is a text resource key; `quantity` (default 1), `priceExVat`,
`vatPercent` and `include` (default true) may each be an expression over the form data. What
this cannot say, an app says in Python with `@order_calculator` (forms/app_code.py). A broken
file is refused at load with the JSON path and the reason."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from forms.expressions import ExprError, compile_expression

ORDER_FILE = "config/payment/order-lines.json"  # under the app's App/ folder
CURRENCIES = ("NOK",)


@dataclass(frozen=True)
class Amount:
    """A number, or an expression that gives one."""
    fixed: Decimal | None = None
    expression: Any = None  # a compiled expression
    source: Any = None  # as written, for messages

    @property
    def is_fixed(self) -> bool:
        return self.expression is None


@dataclass(frozen=True)
class LineSpec:
    id: str
    name: str  # a text resource key (or the name itself, if the app has no such text)
    price_ex_vat: Amount
    vat_percent: Amount
    quantity: Amount
    unit: str = "stk"
    include: Any = None  # a compiled expression, or None: always


@dataclass(frozen=True)
class OrderSpec:
    lines: list[LineSpec] = field(default_factory=list)
    currency: str = "NOK"
    data_type: str | None = None


def parse_order(raw: Any) -> OrderSpec:
    """Check and compile an order-lines file; a ValueError says where ("lines[1].quantity: ...")
    and what is wrong."""
    if not isinstance(raw, dict):
        raise ValueError("the order must be an object with `lines`")
    currency = raw.get("currency", "NOK")
    if currency not in CURRENCIES:
        raise ValueError(f"currency: Blankett takes payments in {', '.join(CURRENCIES)}, "
                         f"not {currency!r}")
    data_type = raw.get("dataType")
    if data_type is not None and not isinstance(data_type, str):
        raise ValueError("dataType: must be a data type id")
    lines = raw.get("lines")
    if not isinstance(lines, list) or not lines:
        raise ValueError("lines: must be a list of at least one order line")
    seen: set[str] = set()
    parsed = []
    for i, line in enumerate(lines):
        where = f"lines[{i}]"
        if not isinstance(line, dict):
            raise ValueError(f"{where}: must be an object")
        line_id = line.get("id")
        if not isinstance(line_id, str) or not line_id:
            raise ValueError(f"{where}.id: must be a non-empty string")
        if line_id in seen:
            raise ValueError(f"{where}.id: '{line_id}' is used by another line")
        seen.add(line_id)
        name = line.get("name")
        if not isinstance(name, str) or not name:
            raise ValueError(f"{where}.name: must be a text resource key")
        unit = line.get("unit", "stk")
        if not isinstance(unit, str):
            raise ValueError(f"{where}.unit: must be a string")
        if "priceExVat" not in line:
            raise ValueError(f"{where}.priceExVat: every line needs a price before VAT")
        parsed.append(LineSpec(
            id=line_id, name=name, unit=unit,
            price_ex_vat=_amount(line["priceExVat"], f"{where}.priceExVat"),
            vat_percent=_amount(line.get("vatPercent", 0), f"{where}.vatPercent"),
            quantity=_amount(line.get("quantity", 1), f"{where}.quantity"),
            include=_expression(line["include"], f"{where}.include")
            if "include" in line else None))
    return OrderSpec(lines=parsed, currency=currency, data_type=data_type)


def _amount(raw: Any, where: str) -> Amount:
    if isinstance(raw, list):
        return Amount(expression=_expression(raw, where), source=raw)
    number = decimal(raw)
    if number is None:
        raise ValueError(f"{where}: must be a number or an expression, not {raw!r}")
    if number < 0:
        raise ValueError(f"{where}: must not be negative")
    return Amount(fixed=number, source=raw)


def _expression(raw: Any, where: str) -> Any:
    try:
        return compile_expression(raw)
    except ExprError as exc:
        raise ValueError(f"{where}: {exc}") from None


def decimal(value: Any) -> Decimal | None:
    """A finite Decimal from a JSON number or numeric string; None otherwise. Floats go through
    their shortest repr, so 99.9 is 99.9 and not 99.900000000000005684..."""
    if isinstance(value, bool) or value is None:
        return None
    try:
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(str(value))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None
