"""A payment task's order for one instance: the app's declared order lines (forms/payment_order)
priced against the instance's form data, in øre with decimal arithmetic. A line whose `include`
is not true is left out, as is one whose quantity is zero; a total of zero means the payment is
skipped (the task's caller decides)."""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

from forms.definitions import AppDefinition
from forms.expressions import ExprError
from forms.expressions.context import ExpressionContext
from forms.payment_order import ORDER_FILE, Amount, OrderSpec, decimal, parse_order
from integrations.payments.provider import Order, OrderLine, kroner_to_ore


class OrderError(ValueError):
    """The order cannot be priced for this instance (an expression failed or gave no number);
    the message names the line and the field."""


DataReader = Callable[[str | None], "dict[str, Any] | None"]


def order_for(app: AppDefinition, task_id: str, instance: Mapping[str, Any],
              read_data: DataReader, form_data: Mapping[str, dict[str, Any]], lang: str,
              reference: str) -> Order:
    """What the payment task `task_id` charges this instance: the app code's
    `@order_calculator(task_id)` if it has one (given the instance in Altinn's shape and its
    form data by data type), else the app's order-lines file."""
    from forms.app_code import InstanceInfo

    entry = app.code.find("order_calculator", task_id) if app.code is not None else None
    if entry is not None:
        try:
            lines = entry.function(InstanceInfo.from_altinn(instance), copy.deepcopy(
                dict(form_data)), lang)
            spec = parse_order({"lines": list(lines or [])}) if lines else OrderSpec()
        except (TypeError, ValueError) as exc:
            raise OrderError(f"@order_calculator('{task_id}') at {entry.where}: {exc}") from None
        except Exception as exc:  # the app's own code failed
            raise OrderError(f"@order_calculator('{task_id}') at {entry.where} failed: "
                             f"{exc!r}") from exc
        return price_order(app, spec, read_data, lang, reference)
    if app.payment_order is None:
        raise OrderError(f"the payment task '{task_id}' has no order: give the app "
                         f"App/{ORDER_FILE} or an @order_calculator('{task_id}')")
    return price_order(app, app.payment_order, read_data, lang, reference)


def price_order(app: AppDefinition, spec: OrderSpec, read_data: DataReader, lang: str,
                reference: str) -> Order:
    """`spec` priced with the form data `read_data` gives for its data type (None: the app's
    default), the line names in `lang`; `reference` is the instance guid."""
    data = read_data(spec.data_type) or {}
    context = ExpressionContext(data=data, default_data_type=spec.data_type or "default",
                                texts=app.texts, lang=lang)
    lines = []
    for line in spec.lines:
        where = f"order line '{line.id}'"
        if line.include is not None and _evaluate(line.include, context, where) is not True:
            continue
        quantity = _number(line.quantity, context, f"{where}, quantity")
        if quantity == 0:
            continue
        price = _number(line.price_ex_vat, context, f"{where}, priceExVat")
        lines.append(OrderLine(
            id=line.id, name=app.texts.resolve(line.name, lang), quantity=quantity,
            unit=line.unit, price_ex_vat_ore=kroner_to_ore(price),
            vat_percent=_number(line.vat_percent, context, f"{where}, vatPercent")))
    return Order(lines=tuple(lines), currency=spec.currency, reference=reference)


def _number(amount: Amount, context: ExpressionContext, where: str) -> Decimal:
    if amount.fixed is not None:
        return amount.fixed
    found = _evaluate(amount.expression, context, where)
    value = Decimal(0) if found is None else decimal(found)  # an unanswered field counts 0
    if value is None or value < 0:
        raise OrderError(f"{where}: the expression {amount.source} gives no amount of zero "
                         "or more")
    return value


def _evaluate(expression: Any, context: ExpressionContext, where: str) -> Any:
    try:
        return expression.evaluate(context)
    except ExprError as exc:
        raise OrderError(f"{where}: {exc}") from None
