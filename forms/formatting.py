"""Number formatting for Input fields (`formatting.number`, `currency`, `unit`), both ways: the
stored number is shown formatted, and what a person types back is read with the same rules."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

# Separators by language, as Norwegian and English readers expect them.
_LOCALE = {
    "nb": {"thousand": "\u00a0", "decimal": ","},
    "nn": {"thousand": "\u00a0", "decimal": ","},
    "en": {"thousand": ",", "decimal": "."},
}
CURRENCY_SYMBOLS = {"NOK": "kr", "SEK": "kr", "DKK": "kr", "EUR": "€", "USD": "$", "GBP": "£"}
UNIT_SYMBOLS = {
    "celsius": "°C", "centimeter": "cm", "day": "d", "degree": "°", "foot": "ft", "gram": "g",
    "hectare": "ha", "hour": "t", "inch": "in", "kilogram": "kg", "kilometer": "km", "liter": "l",
    "meter": "m", "milliliter": "ml", "millimeter": "mm", "minute": "min", "month": "mnd",
    "percent": "%", "second": "s", "week": "uke", "year": "år",
    "square-meter": "m²", "square-kilometer": "km²", "cubic-meter": "m³",
}


class NumberFormat:
    """The effective number format of one Input, resolved for one language."""

    def __init__(self, formatting: dict[str, Any] | None, lang: str) -> None:
        formatting = formatting or {}
        number = formatting.get("number") if isinstance(formatting.get("number"), dict) else {}
        locale = _LOCALE.get(lang, _LOCALE["nb"])
        self.active = bool(number) or "currency" in formatting or "unit" in formatting
        thousand = number.get("thousandSeparator", bool(formatting.get("currency")))
        self.thousand = locale["thousand"] if thousand is True else (thousand or "")
        self.decimal = str(number.get("decimalSeparator") or locale["decimal"])
        if self.thousand == self.decimal:  # "1.000,5" when thousands are grouped with dots
            self.decimal = "," if self.thousand == "." else "."
        scale = number.get("decimalScale")
        self.scale = scale if isinstance(scale, int) and not isinstance(scale, bool) else None
        self.prefix = str(number.get("prefix") or "")
        self.suffix = str(number.get("suffix") or "")
        symbol = CURRENCY_SYMBOLS.get(str(formatting.get("currency", "")), "")
        symbol = symbol or UNIT_SYMBOLS.get(str(formatting.get("unit", "")), "")
        if not symbol and formatting.get("currency"):
            symbol = str(formatting["currency"])
        if symbol and not (self.prefix or self.suffix):
            if formatting.get("position") == "prefix":
                self.prefix = symbol + " "
            else:
                self.suffix = " " + symbol
        # A pattern format such as "####" or "## ## ## ##" is shown as typed.
        self.pattern = number.get("format") if isinstance(number.get("format"), str) else None

    def format(self, value: Any) -> str:
        if value is None or value == "":
            return ""
        if not self.active or self.pattern:
            return str(value)
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            return str(value)
        if self.scale is not None:
            number = round(number, self.scale)
        sign = "-" if number < 0 else ""
        text = f"{abs(number):f}"
        whole, _, frac = text.partition(".")
        groups = []
        while len(whole) > 3:
            groups.insert(0, whole[-3:])
            whole = whole[:-3]
        groups.insert(0, whole)
        out = self.thousand.join(groups)
        if frac:
            out += self.decimal + frac
        return f"{sign}{self.prefix}{out}{self.suffix}"

    def unformat(self, text: str) -> str:
        """Strip prefix, suffix and separators so the schema coercion can read the number."""
        if not self.active or self.pattern:
            return text
        out = text.strip()
        sign = ""
        if out.startswith("-"):
            sign, out = "-", out[1:].lstrip()
        if self.prefix and out.startswith(self.prefix.strip()):
            out = out[len(self.prefix.strip()):]
        if self.suffix and out.endswith(self.suffix.strip()):
            out = out[: -len(self.suffix.strip())]
        for sep in {self.thousand, " ", "\u00a0", "\u202f"} - {"", self.decimal}:
            out = out.replace(sep, "")
        if self.decimal != ".":
            out = out.replace(self.decimal, ".")
        return sign + out.strip()


_DATE_TOKENS = re.compile(r"yyyy|yy|MM|M|dd|d")


def format_date(value: str, pattern: str = "dd.MM.yyyy") -> str:
    """An ISO date shown with a Datepicker's `format` (the day, month and year tokens)."""
    try:
        day = date.fromisoformat(value[:10])
    except ValueError:
        return value
    parts = {"yyyy": f"{day.year:04d}", "yy": f"{day.year % 100:02d}", "MM": f"{day.month:02d}",
             "M": str(day.month), "dd": f"{day.day:02d}", "d": str(day.day)}
    return _DATE_TOKENS.sub(lambda m: parts[m.group(0)], pattern)
