"""Number formatting for Input fields (`formatting.number`, `currency`, `unit`), both ways: the
stored number is shown formatted, and what a person types back is read with the same rules."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any
from zoneinfo import ZoneInfo

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


# ---- Altinn's frontend number display ----------------------------------------------------
# What app-frontend-react shows for a number with `formatting` (Input, Number): the currency or
# unit and the separators come from the browser's Intl.NumberFormat for the language (tables
# below, as ICU/CLDR gives them for nb, nn and en; other languages read as nb), then
# react-number-format's numericFormatter or patternFormatter lays the stored text out.

_INTL_SEPARATORS = {"nb": ("\u00a0", ","), "nn": ("\u00a0", ","), "en": (",", ".")}
# Currency symbols that differ from the ISO code.
_INTL_CURRENCY = {
    "nb": {"EUR": "€", "GBP": "£", "NOK": "kr", "XCG": "Cg.", "XOF": "F\u202fCFA"},
    "nn": {"EUR": "€", "NOK": "kr", "XCG": "Cg.", "XOF": "F\u202fCFA"},
    "en": {"AUD": "A$", "BRL": "R$", "CAD": "CA$", "CNY": "CN¥", "EUR": "€", "GBP": "£",
           "HKD": "HK$", "ILS": "₪", "INR": "₹", "JPY": "¥", "KRW": "₩", "MXN": "MX$",
           "NZD": "NZ$", "PHP": "₱", "TWD": "NT$", "USD": "$", "VND": "₫", "XAF": "FCFA",
           "XCD": "EC$", "XCG": "Cg.", "XOF": "F\u202fCFA", "XPF": "CFPF"},
}
_CURRENCY_DIGITS = {
    **dict.fromkeys("AFN ALL BIF CLP COP DJF GNF HUF IDR IQD IRR ISK JPY KMF KPW KRW LAK LBP MGA "
                    "MMK PKR PYG RWF SLL SOS SYP UGX VND VUV XAF XOF XPF YER".split(), 0),
    **dict.fromkeys("BHD JOD KWD LYD OMR TND".split(), 3),
}
_UNITS_COMMON = {
    "bit": "bit", "celsius": "°C", "centimeter": "cm", "fahrenheit": "°F",
    "fluid-ounce": "fl oz", "gallon": "gal", "gigabit": "Gb", "gigabyte": "GB", "gram": "g",
    "hectare": "ha", "kilobit": "kb", "kilobyte": "kB", "kilogram": "kg", "kilometer": "km",
    "megabit": "Mb", "megabyte": "MB", "meter": "m", "microsecond": "μs", "millimeter": "mm",
    "millisecond": "ms", "minute": "min", "nanosecond": "ns", "percent": "%",
    "petabyte": "PB", "stone": "st", "terabit": "Tb", "terabyte": "TB",
}
# A unit is a symbol, or (singular, plural) where the language inflects it.
_INTL_UNITS: dict[str, dict[str, str | tuple[str, str]]] = {
    "nb": {**_UNITS_COMMON, "acre": "ac", "byte": "B", "day": "d", "degree": "°", "foot": "fot",
           "hour": "t", "inch": ("tomme", "tommer"), "liter": "l", "mile": ("mile", "miles"),
           "mile-scandinavian": "mil", "milliliter": "ml", "month": "md.",
           "ounce": ("unse", "unser"), "pound": "pund", "second": "sek", "week": "u",
           "yard": "yard", "year": "år"},
    "nn": {**_UNITS_COMMON, "acre": "acre", "byte": "byte", "day": "d", "degree": "°",
           "foot": "fot", "hour": "t", "inch": ("tomme", "tommar"), "liter": "l", "mile": "mi",
           "mile-scandinavian": "mil", "milliliter": "ml", "month": "md.",
           "ounce": ("unse", "unser"), "pound": "pund", "second": "s", "week": "v",
           "yard": "yard", "year": "år"},
    "en": {**_UNITS_COMMON, "acre": "ac", "byte": "byte", "day": ("day", "days"),
           "degree": "deg", "foot": "ft", "hour": "hr", "inch": "in", "liter": "L", "mile": "mi",
           "mile-scandinavian": "smi", "milliliter": "mL", "month": ("mth", "mths"),
           "ounce": "oz", "pound": "lb", "second": "sec", "week": ("wk", "wks"),
           "yard": "yd", "year": ("yr", "yrs")},
}
_MAX_DOUBLE = Decimal("1.7976931348623157e308")
_PARSE_FLOAT = re.compile(r"\s*([+-]?(?:Infinity|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?))")


def js_parse_float(text: str) -> Decimal | None:
    """JavaScript's parseFloat: the longest number at the start; None for NaN and ±Infinity."""
    match = _PARSE_FLOAT.match(text)
    if match is None or "Infinity" in match.group(1):
        return None
    try:
        number = Decimal(match.group(1))
    except InvalidOperation:
        return None
    return number if abs(number) <= _MAX_DOUBLE else None


def intl_number_parts(text: str, lang: str, currency: str | None = None,
                      unit: str | None = None, position: str | None = None) -> dict[str, Any]:
    """Altinn's formatNumber: separators and currency/unit affixes that Intl.NumberFormat uses
    for this number. A separator is only found when the number shows one (a group from 1000,
    a decimal when there are decimals), as in the frontend."""
    lang = lang if lang in _INTL_SEPARATORS else "nb"
    out: dict[str, Any] = {"thousandSeparator": None, "decimalSeparator": None, "prefix": None,
                           "suffix": None}
    if not currency and not unit:
        return out
    number = js_parse_float(text)
    group, decimal = _INTL_SEPARATORS[lang]
    shown = None
    if number is not None:
        digits = _CURRENCY_DIGITS.get(currency.upper(), 2) if currency else 3
        try:
            shown = number.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
        except InvalidOperation:  # more digits than Decimal holds: no decimals to show
            shown = number
        if abs(shown) >= 1000:
            out["thousandSeparator"] = group
        if (currency and digits > 0) or (not currency and shown != shown.to_integral_value()):
            out["decimalSeparator"] = decimal
    if currency:
        symbol = _INTL_CURRENCY[lang].get(currency.upper(), currency.upper())
        if position == "suffix":
            out["suffix"] = f" {symbol}"
        else:
            out["prefix"] = f"{symbol} "
    else:
        name = _INTL_UNITS[lang].get(str(unit), str(unit))
        if isinstance(name, tuple):
            one = shown is not None and abs(shown) == 1
            name = name[0] if one else name[1]
        if position == "prefix":
            out["prefix"] = f"{name} "
        else:
            out["suffix"] = f" {name}"
    return out


_GROUPS = {"thousand": re.compile(r"(\d)(?=(\d{3})+(?!\d))"),
           "wan": re.compile(r"(\d)(?=(\d{4})+(?!\d))"),
           "lakh": re.compile(r"(\d+?)(?=(\d\d)+(\d)(?!\d))(\.\d+)?")}


def numeric_formatter(text: str, props: dict[str, Any]) -> str:
    """react-number-format's numericFormatter, on the text as stored."""
    if text in ("", "-"):
        return text
    scale = props.get("decimalScale")
    scale = scale if isinstance(scale, int) and not isinstance(scale, bool) else None
    fixed = bool(props.get("fixedDecimalScale"))
    prefix = str(props.get("prefix") or "")
    suffix = str(props.get("suffix") or "")
    allow_negative = props.get("allowNegative")
    decimal = props.get("decimalSeparator")
    decimal = "." if decimal is None else str(decimal)
    thousand = props.get("thousandSeparator")
    thousand = "," if thousand is True else (str(thousand) if thousand else "")
    has_decimal = (scale != 0 and "." in text) or bool(scale and fixed)
    negative = text.startswith("-") and allow_negative is not False
    parts = text.replace("-", "", 1).split(".")
    before, after = parts[0], parts[1] if len(parts) > 1 else ""
    if scale is not None:
        after = "".join(after[i] if i < len(after) else ("0" if fixed else "")
                        for i in range(scale))
    if thousand:
        style = props.get("thousandsGroupStyle")
        pattern = _GROUPS.get(style if isinstance(style, str) else "thousand", _GROUPS["thousand"])
        first = re.search(r"[1-9]", before)
        at = first.start() if first else len(before)
        before = before[:at] + pattern.sub(lambda m: m.group(1) + thousand, before[at:])
    before = ("-" if negative else "") + prefix + before
    return before + (decimal if has_decimal else "") + after + suffix


def pattern_formatter(text: str, props: dict[str, Any]) -> str:
    """react-number-format's patternFormatter: `#` in `format` takes the next character."""
    if text == "" and not props.get("allowEmptyFormatting"):
        return ""
    mask = props.get("mask", " ")
    char = str(props.get("patternChar") or "#")
    out, used = [], 0
    for c in str(props.get("format")):
        if c != char:
            out.append(c)
            continue
        if used < len(text):
            out.append(text[used])
        elif isinstance(mask, list):
            out.append(str(mask[used]) if used < len(mask) and mask[used] else " ")
        else:
            out.append(str(mask))
        used += 1
    return "".join(out)


def format_numeric_text(text: str, formatting: dict[str, Any] | None, lang: str) -> str:
    """The frontend's display of `text` with an Input's or Number's `formatting`
    (getMapToReactNumberConfig, then formatNumericText)."""
    formatting = formatting if isinstance(formatting, dict) else {}
    number = formatting.get("number") if isinstance(formatting.get("number"), dict) else None
    currency, unit = formatting.get("currency"), formatting.get("unit")
    if currency or unit:
        parts = intl_number_parts(text, lang, str(currency) if currency else None,
                                  None if currency else str(unit), formatting.get("position"))
        number = {**parts, **(number or {})}
    if not number:
        return text
    if "format" in number and number["format"] is not None:
        return pattern_formatter(text, number)
    return numeric_formatter(text, number)


OSLO = ZoneInfo("Europe/Oslo")


def oslo_time(value: datetime | None) -> str:
    """A moment as Norwegians read it: dd.mm.yyyy hh:mm in Oslo time (naive = UTC, as SQLite
    gives stored times back)."""
    if value is None:
        return ""
    if value.tzinfo is None:
        value = value.replace(tzinfo=ZoneInfo("UTC"))
    return value.astimezone(OSLO).strftime("%d.%m.%Y %H:%M")
