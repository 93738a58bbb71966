"""Dates in expressions: Altinn's shared conformance tests for formatDate and the date operators
of `compare` (both copies, frontend and backend), run with TZ=UTC as Altinn runs them, plus
properties of our own."""

from __future__ import annotations

import json
import os
import time
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

os.environ["TZ"] = "UTC"
time.tzset()

from forms.datamodel import get_value  # noqa: E402
from forms.expressions import ExprError, compile_expression, dates  # noqa: E402
from forms.expressions.values import to_json  # noqa: E402

SUITES = Path(__file__).resolve().parent.parent.parent / "shared" / "altinn" / "expression-tests"
COPIES = (
    "app-frontend-react/src/features/expressions/shared-tests/functions",
    "app-lib-dotnet/test/Altinn.App.Core.Tests/LayoutExpressions/CommonTests/shared-tests/functions",
)
FOLDERS = ("formatDate", "compare-isAfter", "compare-isAfterEq", "compare-isBefore",
           "compare-isBeforeEq", "compare-isSameDay", "compare-error", "compare-equals")


class DateContext:
    """Just enough of an expression context for these tests: the language and the data model."""

    def __init__(self, spec: dict[str, Any]) -> None:
        self._language = (spec.get("profileSettings") or {}).get("language") or "nb"
        self._data = spec.get("dataModel") or {}

    def language(self) -> str:
        return self._language

    def data_model(self, path: str, data_type: str | None = None) -> Any:
        value = get_value(self._data, path)
        return value if isinstance(value, (str, int, float, bool)) else None


def _cases() -> list[Any]:
    params = []
    for copy in COPIES:
        for folder in FOLDERS:
            files = sorted((SUITES / copy / folder).glob("*.json"))
            assert files, f"no tests in {copy}/{folder}"
            for file in files:
                spec = json.loads(file.read_text(encoding="utf-8"))
                rel = file.relative_to(SUITES).as_posix()
                cases = [spec] + list(spec.get("testCases") or [])
                for index, case in enumerate(cases):
                    params.append(pytest.param(spec, case, id=f"{rel}#{index}"))
    return params


@pytest.mark.parametrize(("spec", "case"), _cases())
def test_shared_conformance(spec: dict[str, Any], case: dict[str, Any]) -> None:
    ctx = DateContext(spec)
    if "expectsFailure" in case:
        with pytest.raises(ExprError) as error:
            compile_expression(case["expression"]).evaluate(ctx)
        assert case["expectsFailure"] in str(error.value)
        return
    got = to_json(compile_expression(case["expression"]).evaluate(ctx))
    expected = case["expects"]
    assert got == expected
    assert type(got) is type(expected)


def test_both_copies_are_run() -> None:
    ids = [p.id for p in _cases()]
    for copy in COPIES:
        for folder in FOLDERS:
            assert any(i.startswith(f"{copy.split('/')[0]}/") and f"/{folder}/" in i for i in ids)


# ---- our own cases -----------------------------------------------------------------------


@pytest.mark.parametrize(("value", "pattern", "lang", "expected"), [
    ("2023-03-04T12:00:00Z", "a", "en", "PM"),  # noon is PM (the backend says AM)
    ("2023-03-04T00:05:00", "h:mm a", "nb", "12:05 a.m."),
    ("2023-03-04T00:05:00", "H HH m s", "nb", "0 00 5 0"),
    ("2023-03-04", "MMMMM EEEEE", "en", "M S"),
    ("2023-03-06", "EEE EEEE", "nn", "mån måndag"),
    ("2023-12-24", "EEE d. MMM MMMM", "nb", "søn 24. des desember"),
    ("0999-01-02", "y yy yyy yyyy u uuuu", "nb", "999 99 999 0999 999 0999"),
    ("2023-03-04", "", "nb", "04.03.2023"),
    ("2023-03-04", None, "nn", "04.03.2023"),
    ("2023-03-04", None, "de", "3/4/23"),
    ("2023-03-04", "'yyyy'.", "nb", "'2023'."),  # separators at either end are kept
    ("2023-03-04T05:06:07.9999999+01:00", "HH:mm:ss.SSS", "nb", "04:06:07.999"),
    ("  ", "yyyy", "nb", None),
    ("null", "yyyy", "nb", None),
])
def test_format_date(value: str, pattern: str | None, lang: str, expected: str | None) -> None:
    assert dates.format_date(value, pattern, lang) == expected


def test_format_date_in_a_given_zone() -> None:
    from zoneinfo import ZoneInfo

    oslo = ZoneInfo("Europe/Oslo")
    assert dates.format_date("2023-07-01T22:30Z", "dd.MM HH:mm", "nb", oslo) == "02.07 00:30"
    assert dates.format_date("2023-07-01T22:30", "dd.MM HH:mm", "nb", oslo) == "01.07 22:30"


@pytest.mark.parametrize("pattern", ["yyyyMMdd", "D", "YYYY", "e", "yyyyy", "MMMMMM", "HHH",
                                     "SSSS", "k", "Z", "d1"])
def test_unknown_tokens_are_errors(pattern: str) -> None:
    with pytest.raises(ExprError, match="Unsupported date format token in"):
        dates.format_date("2023-03-04", pattern, "nb")


@pytest.mark.parametrize(("value", "message"), [
    (2020, "Expected argument to be date, got number"),
    (True, "Expected argument to be date, got boolean"),
    ("2020", 'Unable to parse date "2020": Unknown format'),
    ("2023-03-04\n", "Unknown format"),
    ("2023-03-04T24:00", "Format was recognized, but the date/time is invalid"),
    ("2023-03-04T10:00+05:60", "Format was recognized, but the date/time is invalid"),
    ("0001-01-01T00:00+01:00", "Format was recognized, but the date/time is invalid"),
    ("0000-01-01", "Format was recognized, but the date/time is invalid"),
])
def test_not_dates(value: Any, message: str) -> None:
    with pytest.raises(ExprError, match=message):
        dates.compare("isBefore", value, "2023-01-01")


def test_null_and_blank_compare_false_but_bad_dates_still_fail() -> None:
    assert dates.compare("isSameDay", None, "2023-01-01") is False
    assert dates.compare("isAfter", "2023-01-01", " ") is False
    with pytest.raises(ExprError, match="Unknown format"):
        dates.compare("isAfter", "yesterday", None)


def test_zones() -> None:
    assert dates.compare("isBefore", "2023-01-01T10:00+02:00", "2023-01-01T09:00Z")
    assert dates.compare("isSameDay", "2023-01-01T23:30+02:00", "2023-01-01T00:10+02:00")
    assert dates.compare("isSameDay", "2023-01-01T10:00-00:00", "2023-01-01T11:00Z")
    with pytest.raises(ExprError, match="only one specify timezone"):
        dates.compare("isAfter", "2023-01-01T10:00", "2023-01-01T09:00Z")


# ---- properties --------------------------------------------------------------------------

_local = st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31, 23, 59, 59))
_offsets = st.integers(min_value=-(24 * 60 - 1), max_value=24 * 60 - 1)


def _text(when: datetime, offset_minutes: int | None = None) -> str:
    text = when.isoformat(timespec="microseconds")
    if offset_minutes is None:
        return text
    sign = "-" if offset_minutes < 0 else "+"
    hours, minutes = divmod(abs(offset_minutes), 60)
    return f"{text}{sign}{hours:02d}:{minutes:02d}"


@given(_local, _local)
def test_local_order_is_consistent(a: datetime, b: datetime) -> None:
    x, y = _text(a), _text(b)
    assert dates.compare("isBefore", x, y) == dates.compare("isAfter", y, x) == (a < b)
    assert dates.compare("isBeforeEq", x, y) == (not dates.compare("isAfter", x, y))
    assert dates.compare("isAfterEq", x, y) == dates.compare("isBeforeEq", y, x)
    assert dates.compare("isSameDay", x, y) == (a.date() == b.date())


@given(st.dates(), st.sampled_from(["nb", "nn", "en"]))
def test_format_round_trips_the_date(day: date, lang: str) -> None:
    assert dates.format_date(day.isoformat(), "yyyy-MM-dd", lang) == day.isoformat()
    assert dates.format_date(day.isoformat(), "d.M.y", lang) == f"{day.day}.{day.month}.{day.year}"


@given(st.datetimes(min_value=datetime(2, 1, 1), max_value=datetime(9998, 12, 31)), _offsets,
       _offsets)
def test_one_instant_in_two_offsets(when: datetime, first: int, second: int) -> None:
    utc = when.replace(tzinfo=UTC)
    a = _text(utc.astimezone(timezone(timedelta(minutes=first))).replace(tzinfo=None), first)
    b = _text(utc.astimezone(timezone(timedelta(minutes=second))).replace(tzinfo=None), second)
    assert dates.compare("isBeforeEq", a, b) and dates.compare("isAfterEq", a, b)
    assert not dates.compare("isBefore", a, b) and not dates.compare("isAfter", a, b)
    # shown in local time (UTC here), every spelling of the instant reads the same
    shown = utc.replace(tzinfo=None).isoformat(" ", timespec="milliseconds")
    assert dates.format_date(a, "yyyy-MM-dd HH:mm:ss.SSS", "nb") == shown
    if first != second:
        with pytest.raises(ExprError, match="different timezones are in the same day"):
            dates.compare("isSameDay", a, b)


@given(st.from_regex(r"\A[0-9]{4}-[0-9]{2}-[0-9]{2}([ Tt][0-9]{2}:[0-9]{2}(:[0-9]{2}"
                     r"(\.[0-9]{1,9})?)?([Zz]|[+-][0-9]{2}:[0-9]{2})?)?\Z"))
def test_recognised_forms_parse_or_are_invalid(text: str) -> None:
    try:
        parsed = dates.parse_date(text)
    except ExprError as error:
        assert str(error) == (f'Unable to parse date "{text}": Format was recognized, but the '
                              "date/time is invalid")
    else:
        assert parsed is not None and parsed.raw == text


@given(st.text())
def test_anything_else_is_null_or_unknown(text: str) -> None:
    try:
        parsed = dates.parse_date(text)
    except ExprError as error:
        assert "Unable to parse date" in str(error)
    else:
        assert parsed is None or parsed.value.year >= 1
