"""Number formatting on Input fields reads back what it writes, in every language."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from forms.datamodel import FieldType, coerce
from forms.formatting import NumberFormat, format_date

FORMATS = [
    {"number": {"thousandSeparator": " ", "decimalSeparator": ","}},
    {"number": {"thousandSeparator": True}},
    {"currency": "NOK"},
    {"currency": "EUR", "position": "prefix"},
    {"unit": "kilogram"},
    {"number": {"prefix": "ca. ", "suffix": " stk", "thousandSeparator": "."}},
]


@pytest.mark.parametrize("formatting", FORMATS)
@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
@given(number=st.decimals(min_value=-10**12, max_value=10**12, places=2,
                          allow_nan=False, allow_infinity=False))
def test_format_then_read_gives_the_number_back(formatting: dict, lang: str,
                                                number: Decimal) -> None:
    fmt = NumberFormat(formatting, lang)
    shown = fmt.format(float(number) if number != number.to_integral() else int(number))
    read = coerce(fmt.unformat(shown), FieldType("number"))
    assert Decimal(str(read)) == number.normalize() or abs(Decimal(str(read)) - number) < Decimal(
        "0.005")


def test_norwegian_grouping_and_decimals() -> None:
    assert NumberFormat({"currency": "NOK"}, "nb").format(1500) == "1\u00a0500 kr"
    assert NumberFormat({"number": {"decimalScale": 2, "thousandSeparator": True}},
                        "en").format(1234.5) == "1,234.50"


def test_pattern_formats_are_shown_as_typed() -> None:
    fmt = NumberFormat({"number": {"format": "## ## ## ##"}}, "nb")
    assert fmt.format("12345678") == "12345678"
    assert fmt.unformat("12 34") == "12 34"


def test_dates_use_the_datepicker_format() -> None:
    assert format_date("2030-05-17") == "17.05.2030"
    assert format_date("2030-05-17T10:00:00", "yyyy/MM/dd") == "2030/05/17"
    assert format_date("not a date") == "not a date"


def test_typed_numbers_without_a_format_follow_the_language() -> None:
    integer, number = FieldType("integer"), FieldType("number")
    assert coerce("1,200", integer, decimal_comma=False) == 1200  # English grouping
    assert coerce("1 200,5", number, decimal_comma=True) == 1200.5  # Norwegian decimals
    assert coerce("1.5", number, decimal_comma=True) == 1.5  # a dot is understood too
    assert coerce("-3", integer) == -3
