"""Date: a date (or date and time) shown with its title, laid out by `format` with the
Unicode tokens Altinn's frontend (date-fns) reads: `dd.MM.yyyy`, `dd/MM/yyyy HH:mm`..."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from forms.components.base import Prop, register
from forms.components.text import DISPLAY_PROPS, DisplayComponent

OSLO = ZoneInfo("Europe/Oslo")
_TOKENS = re.compile(r"'(?:[^']|'')*'|yyyy|yy|y|MMMM|MMM|MM|M|dd|d|HH|H|hh|h|mm|m|ss|s|SSS|a")
_MONTHS = {
    "nb": "januar februar mars april mai juni juli august september oktober november desember",
    "nn": "januar februar mars april mai juni juli august september oktober november desember",
    "en": "January February March April May June July August September October November "
          "December",
}


def parse_datetime(value: Any) -> datetime | None:
    """An ISO date or date-time (`2022-09-27`, `2022-09-27 18:00:00.000`, `...T18:00Z`); times
    with a zone are shown in Norwegian time."""
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, date):
        moment = datetime(value.year, value.month, value.day)
    elif isinstance(value, str) and value.strip():
        try:
            moment = datetime.fromisoformat(value.strip())
        except ValueError:
            return None
    else:
        return None
    return moment.astimezone(OSLO).replace(tzinfo=None) if moment.tzinfo else moment


def format_datetime(moment: datetime, pattern: str, lang: str = "nb") -> str:
    """`moment` laid out by a date-fns pattern (day, month, year, hours, minutes, seconds)."""
    months = _MONTHS.get(lang, _MONTHS["nb"]).split()
    hour12 = moment.hour % 12 or 12

    def token(m: re.Match[str]) -> str:
        t = m.group(0)
        if t.startswith("'"):
            return t[1:-1].replace("''", "'")
        return {
            "yyyy": f"{moment.year:04d}", "yy": f"{moment.year % 100:02d}", "y": str(moment.year),
            "MMMM": months[moment.month - 1], "MMM": months[moment.month - 1][:3],
            "MM": f"{moment.month:02d}", "M": str(moment.month),
            "dd": f"{moment.day:02d}", "d": str(moment.day),
            "HH": f"{moment.hour:02d}", "H": str(moment.hour),
            "hh": f"{hour12:02d}", "h": str(hour12),
            "mm": f"{moment.minute:02d}", "m": str(moment.minute),
            "ss": f"{moment.second:02d}", "s": str(moment.second),
            "SSS": f"{moment.microsecond // 1000:03d}",
            "a": "AM" if moment.hour < 12 else "PM",
        }[t]

    return _TOKENS.sub(token, pattern)


@register
class Date(DisplayComponent):
    type_name = "Date"
    template = "components/date.html"
    props_spec = DISPLAY_PROPS + (
        Prop("format", "string", "dd.MM.yyyy", doc="date-fns pattern, e.g. dd.MM.yyyy HH:mm"),
    )

    def display(self, view: Any) -> str:
        value = self.resolved(view)
        moment = parse_datetime(value)
        if moment is None:  # not a date: shown as it is rather than hidden
            return "" if value is None or isinstance(value, (dict, list)) else str(value)
        return format_datetime(moment, str(self.props.get("format") or "dd.MM.yyyy"),
                               view.lang)
