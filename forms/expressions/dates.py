"""Dates in expressions: parsing the forms Altinn accepts, comparing them (`compare` with
isBefore, isBeforeEq, isAfter, isAfterEq, isSameDay) and `formatDate` with Unicode (LDML) tokens.

Altinn's two engines (app-frontend-react and app-lib-dotnet) share conformance tests; where
the tests leave room and the engines differ, this follows the frontend unless noted:

- Only strings (and null) are dates. Numbers and booleans are errors in both engines, and a bare
  year such as "2020" is "Unknown format".
- A value without zone is "local"; one with Z or an offset is "zoned". Local and zoned values
  cannot be compared. isSameDay also refuses two different offsets, and compares the calendar
  date in that (shared) offset, as the backend does.
- formatDate shows zoned values in the server's local time zone (TZ; Altinn runs its tests
  with TZ=UTC) unless a zone is given, and local values as they are.
- A format is split into runs of letters and digits (tokens) between runs of other characters
  (kept as written). The tokens are G-GGGGG, y-yyyy, u-uuuu, M-MMMMM, d, dd, E-EEEEE, a, h, hh,
  H, HH, m, mm, s, ss and S-SSS; any other is an error, as in the frontend. A format may begin
  or end with separators (the frontend errors there, the backend does not).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from decimal import Decimal
from typing import Any

from forms.expressions.values import ExprError, describe

# Altinn's pattern, with [0-9] (Python's \d also matches other scripts' digits, '৪') and
# matched in full (Python's $ would allow a trailing newline).
_DATE = re.compile(
    r"([0-9]{4})-([0-9]{2})-([0-9]{2})"
    r"(?:[ Tt]([0-9]{2}):([0-9]{2})(?::([0-9]{2})(?:\.([0-9]{1,9}))?)?"
    r"([Zz]|[+-][0-9]{2}:[0-9]{2})?)?"
)

LOCAL = "local"
ZONE_UTC = "utc"

COMPARE_OPS = ("isBefore", "isBeforeEq", "isAfter", "isAfterEq", "isSameDay")


@dataclass(frozen=True)
class ExprDate:
    """A parsed date: `value` is naive when `zone` is "local", otherwise aware with the offset
    it was written with. `zone` is "local", "utc" (Z, +00:00 or -00:00) or the offset text."""

    raw: str
    value: datetime
    zone: str

    @property
    def is_local(self) -> bool:
        return self.zone == LOCAL


def _unknown(raw: str) -> ExprError:
    return ExprError(f'Unable to parse date "{raw}": Unknown format')


def _invalid(raw: str) -> ExprError:
    return ExprError(f'Unable to parse date "{raw}": Format was recognized, but the date/time '
                     "is invalid")


def parse_date(raw: str) -> ExprDate | None:
    """Parse a date string; blank strings are null. Raises ExprError with Altinn's messages."""
    match = _DATE.fullmatch(raw)
    if match is None:
        if raw.strip() == "":
            return None
        raise _unknown(raw)
    year, month, day, hour, minute, second, fraction, offset = match.groups()
    micro = int(fraction[:6].ljust(6, "0")) if fraction else 0
    try:
        value = datetime(int(year), int(month), int(day), int(hour or 0), int(minute or 0),
                         int(second or 0), micro)
    except ValueError:  # day 30 in February, month 13, hour 24, second 60 (leap seconds)...
        raise _invalid(raw) from None
    if offset is None:
        return ExprDate(raw, value, LOCAL)
    if offset in ("Z", "z"):
        return ExprDate(raw, value.replace(tzinfo=UTC), ZONE_UTC)
    hours, minutes = int(offset[1:3]), int(offset[4:6])
    if hours >= 24 or minutes >= 60:
        raise _invalid(raw)
    delta = timedelta(hours=hours, minutes=minutes)
    zoned = value.replace(tzinfo=timezone(-delta if offset[0] == "-" else delta))
    try:
        zoned.astimezone(UTC)  # 0001-01-01T00:00+01:00 is before the first instant
    except OverflowError:
        raise _invalid(raw) from None
    return ExprDate(raw, zoned, ZONE_UTC if not delta else offset)


def to_date(value: Any) -> ExprDate | None:
    """Cast an expression value to a date, as Altinn casts arguments of type date."""
    if value is None or value == "null":
        return None
    if isinstance(value, ExprDate):
        return value
    if isinstance(value, str):
        return parse_date(value)
    if isinstance(value, bool):
        raise ExprError("Expected argument to be date, got boolean")
    if isinstance(value, (int, float, Decimal)):
        raise ExprError("Expected argument to be date, got number")
    raise ExprError(f"Expected date, got value {describe(value)}")


def compare(op: str, left: Any, right: Any) -> bool:
    """`["compare", left, op, right]` for the date operators; null on either side is false."""
    if op not in COMPARE_OPS:
        raise ExprError(f'Invalid operator "{op}"')
    a, b = to_date(left), to_date(right)
    if a is None or b is None:
        return False
    if a.zone != b.zone and (a.is_local or b.is_local):
        raise ExprError("Can not compare timestamps where only one specify timezone")
    if op == "isSameDay":
        if a.zone != b.zone:
            raise ExprError(
                "Can not figure out if timestamps in different timezones are in the same day")
        return a.value.date() == b.value.date()
    x, y = a.value, b.value
    if op == "isBefore":
        return x < y
    if op == "isBeforeEq":
        return x <= y
    if op == "isAfter":
        return x > y
    return x >= y


# ---- formatDate --------------------------------------------------------------------------


@dataclass(frozen=True)
class _Names:
    months_short: tuple[str, ...]
    months_long: tuple[str, ...]
    days_short: tuple[str, ...]  # Monday first, as date.weekday()
    days_long: tuple[str, ...]
    days_narrow: tuple[str, ...]
    era_short: str
    era_long: str
    era_narrow: str
    am: str
    pm: str
    default_format: str


_NB_MONTHS_LONG = ("januar", "februar", "mars", "april", "mai", "juni", "juli", "august",
                   "september", "oktober", "november", "desember")
_NB_MONTHS_SHORT = ("jan", "feb", "mar", "apr", "mai", "jun", "jul", "aug", "sep", "okt",
                    "nov", "des")

_NAMES = {
    "nb": _Names(
        _NB_MONTHS_SHORT, _NB_MONTHS_LONG,
        ("man", "tir", "ons", "tor", "fre", "lør", "søn"),
        ("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag"),
        ("M", "T", "O", "T", "F", "L", "S"),
        "e.Kr.", "etter Kristus", "e.Kr.", "a.m.", "p.m.", "dd.MM.yyyy"),
    "nn": _Names(
        _NB_MONTHS_SHORT, _NB_MONTHS_LONG,
        ("mån", "tys", "ons", "tor", "fre", "lau", "søn"),
        ("måndag", "tysdag", "onsdag", "torsdag", "fredag", "laurdag", "søndag"),
        ("M", "T", "O", "T", "F", "L", "S"),
        "e.Kr.", "etter Kristus", "e.Kr.", "a.m.", "p.m.", "dd.MM.yyyy"),
    "en": _Names(
        ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
        ("January", "February", "March", "April", "May", "June", "July", "August",
         "September", "October", "November", "December"),
        ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
        ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
        ("M", "T", "W", "T", "F", "S", "S"),
        "AD", "Anno Domini", "A", "AM", "PM", "M/d/yy"),
}


def _names(lang: str | None) -> _Names:
    """nb and nn by name; any other language falls back to English (as the backend does)."""
    return _NAMES.get((lang or "nb").lower(), _NAMES["en"])


def _token(token: str, when: datetime, names: _Names) -> str | None:
    letter, width = token[0], len(token)
    if token != letter * width:
        return None
    if letter == "G" and width <= 5:
        return (names.era_short, names.era_short, names.era_short, names.era_long,
                names.era_narrow)[width - 1]
    if letter == "y" and width <= 4:
        if width == 2:
            return f"{when.year % 100:02d}"
        return str(when.year).zfill(1 if width == 1 else width)
    if letter == "u" and width <= 4:
        return str(when.year).zfill(width)
    if letter == "M" and width <= 5:
        if width <= 2:
            return str(when.month).zfill(width)
        if width == 5:
            return names.months_long[when.month - 1][0].upper()
        return (names.months_short if width == 3 else names.months_long)[when.month - 1]
    if letter == "E" and width <= 5:
        if width == 5:
            return names.days_narrow[when.weekday()]
        return (names.days_long if width == 4 else names.days_short)[when.weekday()]
    if token == "a":
        return names.am if when.hour < 12 else names.pm
    numbers = {"d": when.day, "H": when.hour, "h": when.hour % 12 or 12, "m": when.minute,
               "s": when.second}
    if letter in numbers and width <= 2:
        return str(numbers[letter]).zfill(width)
    if letter == "S" and width <= 3:
        return f"{when.microsecond:06d}"[:width]
    return None


_SEPARATORS = re.compile(r"([^a-zA-Z0-9]+)")


def format_date(value: Any, pattern: str | None, lang: str,
                tz: tzinfo | None = None) -> str | None:
    """`["formatDate", value, pattern?]`: null gives null; no (or an empty) pattern gives the
    language's short date. Zoned values are shown in `tz`, by default the local time zone."""
    parsed = to_date(value)
    if parsed is None:
        return None
    when = parsed.value
    if not parsed.is_local:
        try:
            when = when.astimezone(tz) if tz is not None else when.astimezone()
        except (OverflowError, OSError, ValueError):
            when = when.astimezone(UTC)
    names = _names(lang)
    fmt = pattern or names.default_format
    out: list[str] = []
    for i, part in enumerate(_SEPARATORS.split(fmt)):
        if i % 2:  # a separator, kept as written
            out.append(part)
        elif part:
            text = _token(part, when, names)
            if text is None:
                raise ExprError(f"Unsupported date format token in '{fmt}'")
            out.append(text)
    return "".join(out)

