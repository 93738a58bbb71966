"""A payment task's order lines, declared in the app (forms/payment_order.py): read and checked
when the app loads, each problem reported with the file, the JSON path and the reason."""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from forms.loader import load_app
from forms.payment_order import ORDER_FILE, parse_order
from tests.conftest import SAMPLE_APPS

GOOD: dict[str, Any] = {
    "currency": "NOK",
    "dataType": "model",
    "lines": [
        {"id": "gebyr", "name": "payment.fee", "priceExVat": 500},
        {"id": "skjenking", "name": "payment.alcohol", "priceExVat": "1250.50",
         "vatPercent": 25, "quantity": ["dataModel", "serveringssted.sitteplasserInne"],
         "include": ["equals", ["dataModel", "serveringssted.type"], "bar"]},
    ],
}


def test_a_good_order_is_compiled() -> None:
    order = parse_order(GOOD)
    fee, alcohol = order.lines
    assert (fee.price_ex_vat.fixed, fee.vat_percent.fixed, fee.quantity.fixed) == (
        Decimal(500), Decimal(0), Decimal(1))
    assert alcohol.price_ex_vat.fixed == Decimal("1250.50")
    assert not alcohol.quantity.is_fixed and alcohol.include is not None
    assert parse_order({"lines": [{"id": "a", "name": "n", "priceExVat": 99.9}]}).lines[
        0].price_ex_vat.fixed == Decimal("99.9")  # not 99.900000000000005684...


@pytest.mark.parametrize("change, where", [
    (lambda o: o.update(currency="SEK"), "currency"),
    (lambda o: o.update(lines=[]), "lines"),
    (lambda o: o["lines"][1].update(id="gebyr"), "lines[1].id"),
    (lambda o: o["lines"][0].pop("priceExVat"), "lines[0].priceExVat"),
    (lambda o: o["lines"][0].update(priceExVat=-5), "lines[0].priceExVat"),
    (lambda o: o["lines"][0].update(priceExVat=True), "lines[0].priceExVat"),
    (lambda o: o["lines"][1].update(quantity=["nosuchfunction", 1]), "lines[1].quantity"),
    (lambda o: o["lines"][0].update(name=""), "lines[0].name"),
])
def test_a_broken_order_is_refused_with_where_and_why(
        copy_app: Callable[..., Path], change: Callable[[dict[str, Any]], Any],
        where: str) -> None:
    order = json.loads(json.dumps(GOOD))
    change(order)
    target = copy_app(SAMPLE_APPS / "serveringsbevilling")
    file = target / "App" / ORDER_FILE
    file.parent.mkdir(parents=True)
    file.write_text(json.dumps(order), encoding="utf-8")
    app, problems = load_app(target)
    assert app is None
    [problem] = [p for p in problems if p.severity == "error"]
    assert problem.file.endswith("order-lines.json") and problem.path == f"$.{where}", problem


def test_an_app_with_a_good_order_loads_it(copy_app: Callable[..., Path]) -> None:
    target = copy_app(SAMPLE_APPS / "serveringsbevilling")
    file = target / "App" / ORDER_FILE
    file.parent.mkdir(parents=True)
    file.write_text(json.dumps(GOOD), encoding="utf-8")
    app, problems = load_app(target)
    assert app is not None and app.payment_order is not None
    assert [line.id for line in app.payment_order.lines] == ["gebyr", "skjenking"]


def _priced(order: dict[str, Any], data: dict[str, Any]) -> Any:
    from process.order import price_order

    app, _problems = load_app(SAMPLE_APPS / "serveringsbevilling")
    assert app is not None
    return price_order(app, parse_order(order), lambda _type: data, "nb", "guid")


def test_orders_are_priced_in_ore_with_vat_rounded_per_line() -> None:
    order = {"lines": [
        {"id": "kaffe", "name": "Kaffe", "priceExVat": 99.9, "vatPercent": 25, "quantity": 3},
        {"id": "gebyr", "name": "Gebyr", "priceExVat": "0.333", "vatPercent": 15}]}
    priced = _priced(order, {})
    coffee, fee = priced.lines
    assert (coffee.net_ore, coffee.vat_ore, coffee.gross_ore) == (29970, 7493, 37463)
    assert (fee.price_ex_vat_ore, fee.vat_ore, fee.gross_ore) == (33, 5, 38)
    assert priced.total_ore == 37463 + 38


def test_expressions_choose_lines_and_quantities() -> None:
    data = {"serveringssted": {"type": "bar", "sitteplasserInne": 2}}
    priced = _priced(GOOD, data)
    assert [(line.id, line.quantity) for line in priced.lines] == [
        ("gebyr", 1), ("skjenking", 2)]
    assert priced.total_ore == 50000 + 2 * 125050 + round(2 * 125050 * 0.25)
    cafe = _priced(GOOD, {"serveringssted": {"type": "kafe", "sitteplasserInne": 2}})
    assert [line.id for line in cafe.lines] == ["gebyr"]
    free = {"lines": [{"id": "a", "name": "A", "priceExVat": 10,
                       "quantity": ["dataModel", "antall"]}]}
    assert _priced(free, {}).total_ore == 0  # unanswered: no line, nothing to pay


def test_an_expression_that_gives_no_amount_is_a_clear_error() -> None:
    from process.order import OrderError

    bad = {"lines": [{"id": "a", "name": "A", "priceExVat": ["dataModel", "pris"]}]}
    with pytest.raises(OrderError, match="order line 'a', priceExVat"):
        _priced(bad, {"pris": "mange"})


def test_app_code_says_what_a_file_cannot(copy_app: Callable[..., Path]) -> None:
    from process.order import OrderError, order_for

    target = copy_app(SAMPLE_APPS / "serveringsbevilling")
    logic = target / "App" / "logic"
    logic.mkdir(exist_ok=True)
    (logic / "payment.py").write_text(
        "from forms.app_code import order_calculator\n\n\n"
        "@order_calculator('Task_Betaling')\n"
        "def order(instance, data, language):\n"
        "    places = data['model']['serveringssted']['sitteplasserInne']\n"
        "    return [{'id': 'plasser', 'name': 'Per plass', 'priceExVat': '12.5',\n"
        "             'quantity': places, 'vatPercent': 0}]\n", encoding="utf-8")
    app, problems = load_app(target)
    assert app is not None, problems
    form = {"model": {"serveringssted": {"sitteplasserInne": 40}}}
    order = order_for(app, "Task_Betaling", {"id": "512345/guid", "instanceOwner": {}},
                      lambda _type: form["model"], form, "nb", "guid")
    assert [(line.id, line.gross_ore) for line in order.lines] == [("plasser", 50000)]
    with pytest.raises(OrderError, match="has no order"):
        order_for(app, "Task_Annen", {"id": "512345/guid"}, lambda _type: {}, {}, "nb", "g")
