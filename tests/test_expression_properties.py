"""Property tests for the casting rules and decimal-safe arithmetic of the expression engine."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from forms.expressions import ExprError, compile_expression
from forms.expressions.context import ExpressionContext
from forms.expressions.values import to_boolean, to_json, to_number, to_string

CTX = ExpressionContext()
decimals = st.decimals(min_value=-10**9, max_value=10**9, places=4, allow_nan=False,
                       allow_infinity=False)


def ev(expression: list) -> object:
    return to_json(compile_expression(expression).evaluate(CTX))


@given(decimals, decimals)
def test_plus_and_minus_are_exact(a: Decimal, b: Decimal) -> None:
    assert Decimal(str(ev(["plus", str(a), str(b)]))) == a + b
    assert Decimal(str(ev(["minus", ["plus", str(a), str(b)], str(b)]))) == a


@given(decimals)
def test_numbers_survive_a_trip_through_strings(a: Decimal) -> None:
    assert to_number(to_string(a)) == a


@given(st.integers(min_value=-10**15, max_value=10**15))
def test_equals_compares_numbers_and_their_strings_alike(n: int) -> None:
    assert ev(["equals", n, str(n)]) is True
    assert ev(["equals", float(n), str(n)]) is True  # 1.0 is written "1"


@given(st.text())
def test_any_string_either_is_a_number_or_says_so(text: str) -> None:
    try:
        number = to_number(text)
    except ExprError as exc:
        assert str(exc).startswith("Expected number, got value ")
        return
    assert number is None or isinstance(number, Decimal)


@given(st.one_of(st.booleans(), st.sampled_from(["true", "FALSE", "1", "0", "0.0", "1.0"])))
def test_boolean_casts(value: object) -> None:
    assert isinstance(to_boolean(value), bool)


@pytest.mark.parametrize("value", ["yes", 2, "", "nope"])
def test_boolean_cast_errors_name_the_value(value: object) -> None:
    with pytest.raises(ExprError, match="Expected boolean, got value"):
        to_boolean(value)


@given(st.lists(decimals, max_size=20))
def test_sum_of_a_list_is_exact(values: list[Decimal]) -> None:
    result = ev(["sum", ["list", *[str(v) for v in values]]])
    assert Decimal(str(result)) == sum(values, Decimal(0))


@given(decimals, st.integers(min_value=0, max_value=6))
def test_round_gives_fixed_decimals(a: Decimal, places: int) -> None:
    text = ev(["round", str(a), places])
    assert isinstance(text, str)
    assert len(text.partition(".")[2]) == places
    assert abs(Decimal(text) - a) <= Decimal(1).scaleb(-places) / 2


@given(st.booleans(), st.booleans())
def test_and_or_not_follow_logic(a: bool, b: bool) -> None:
    assert ev(["and", a, b]) is (a and b)
    assert ev(["or", a, b]) is (a or b)
    assert ev(["not", ["and", a, b]]) is (not (a and b))
