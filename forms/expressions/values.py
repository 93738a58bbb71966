"""Values and Altinn's casting rules between string, number, boolean and date, with the error
messages Altinn's own engines give, so that apps behave the same here."""

from __future__ import annotations

import json
import re
from decimal import Decimal, InvalidOperation
from typing import Any


class ExprError(Exception):
    """An expression that cannot be evaluated; the message says why, as Altinn words it."""


Number = Decimal

_INT = re.compile(r"^-?\d+$")
_DEC = re.compile(r"^-?\d+\.\d+$")
_EXP = re.compile(r"^[+-]?(\d+(\.\d+)?|\.\d+)[eE][+-]?\d+$")


def describe(value: Any) -> str:
    """A value as Altinn prints it in error messages: strings quoted, numbers bare."""
    if isinstance(value, Decimal):
        return plain_number(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return plain_number(Decimal(str(value)))
    if value is None:
        return "null"
    return json.dumps(value, ensure_ascii=False)


def plain_number(number: Decimal) -> str:
    """1.0 → "1", 1.50 → "1.5", 1e3 → "1000": numbers written as JSON would."""
    if number == number.to_integral_value():
        return str(int(number))
    text = format(number.normalize(), "f")
    return text


def is_null(value: Any) -> bool:
    return value is None or (isinstance(value, str) and value.lower() == "null")


def to_string(value: Any) -> str | None:
    if is_null(value):
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float, Decimal)):
        return plain_number(Decimal(str(value)))
    if isinstance(value, str):
        if value.lower() in ("true", "false"):
            return value.lower()
        return value
    raise ExprError(f"Expected string, got value {describe(value)}")


def to_number(value: Any) -> Decimal | None:
    if is_null(value):
        return None
    if isinstance(value, bool):
        raise ExprError(f"Expected number, got value {describe(value)}")
    if isinstance(value, Decimal):
        return value
    if isinstance(value, (int, float)):
        return Decimal(str(value))
    if isinstance(value, str) and (_INT.match(value) or _DEC.match(value) or _EXP.match(value)):
        try:
            return Decimal(value)
        except InvalidOperation:
            pass
    raise ExprError(f"Expected number, got value {describe(value)}")


def to_boolean(value: Any) -> bool | None:
    if is_null(value):
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        if value == 1:
            return True
        if value == 0:
            return False
    if isinstance(value, str):
        lowered = value.lower()
        if lowered == "true":
            return True
        if lowered == "false":
            return False
        if _INT.match(value) or _DEC.match(value):  # "1", "0.0"
            number = Decimal(value)
            if number in (0, 1):
                return number == 1
    raise ExprError(f"Expected boolean, got value {describe(value)}")


def to_json(value: Any) -> Any:
    """A result as plain JSON: numbers become int or float."""
    if isinstance(value, Decimal):
        if value == value.to_integral_value() and abs(value) < Decimal(10) ** 18:
            return int(value)
        return float(value)
    if isinstance(value, list):
        return [to_json(v) for v in value]
    if isinstance(value, dict):
        return {k: to_json(v) for k, v in value.items()}
    return value
