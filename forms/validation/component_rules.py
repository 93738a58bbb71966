"""Component: the rules a component's own properties set, checked on what is stored (answers
and files can also arrive through the API, past the page's own checks):
- Input and TextArea `maxLength` ("Bruk {0} eller færre tegn");
- Datepicker: a value that is not a date, or one before `minDate` / after `maxDate` (an ISO
  date, or "today", "yesterday", "tomorrow", "oneYearAgo", "oneYearFromNow"; Altinn's
  defaults 1900-01-01 and 2100-01-01 when not set);
- FileUpload and FileUploadWithTag: more files than the component takes, a file over the size
  limit, a file type that is not allowed (fewer files than needed is a Required issue).
Read-only components are skipped: no one could change them here."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import PurePosixPath
from typing import Any
from zoneinfo import ZoneInfo

from forms.components.base import Component
from forms.components.fileupload import FileUpload, Limits, StoredFile, normalise_type
from forms.formatting import format_date
from forms.render import PageView
from forms.validation.fields import FieldRef, Target
from forms.validation.issues import COMPONENT, Issue, Severity
from forms.validation.messages import message

OSLO = ZoneInfo("Europe/Oslo")
_EARLIEST, _LATEST = date(1900, 1, 1), date(2100, 1, 1)  # Altinn's minDate / maxDate defaults
_LEGACY_FORMATS = {"DD.MM.YYYY": "dd.MM.yyyy", "DD/MM/YYYY": "dd/MM/yyyy",
                   "YYYY-MM-DD": "yyyy-MM-dd"}  # Moment's tokens, which Altinn still accepts


def check(target: Target) -> list[Issue]:
    view = target.view
    issues: list[Issue] = []
    for ref in target.fields:
        component = ref.component
        if view.dynamics.read_only(component):
            continue
        if component.type_name in ("Input", "TextArea"):
            found = _too_long(view, component)
        elif component.type_name == "Datepicker":
            found = _date_problems(view, component)
        elif isinstance(component, FileUpload):
            found = _file_problems(view, component)
        else:
            continue
        issues.extend(_placed(target, ref, found))
    return issues


def _placed(target: Target, ref: FieldRef, found: list[Issue]) -> list[Issue]:
    for issue in found:
        issue.component_id = ref.component.id
        issue.field = ref.component.bindings.get("simpleBinding")
        issue.link = target.link(ref)
        issue.data_element_id = target.data_element_id
    return found


def _issue(code: str, text_and_key: tuple[str, str], **params: Any) -> Issue:
    text, key = text_and_key
    return Issue(Severity.ERROR, COMPONENT, code, text, custom_text_key=key,
                 custom_text_parameters={k: str(v) for k, v in params.items()})


# ---- text ----------------------------------------------------------------------------------

def _too_long(view: PageView, component: Component) -> list[Issue]:
    limit = component.props.get("maxLength")
    value = view.raw_value(component)
    if not isinstance(limit, int) or isinstance(limit, bool) or limit <= 0 or not isinstance(
            value, str):
        return []
    if len(value.replace("\r\n", "\n")) <= limit:  # a browser sends a line break as CRLF
        return []
    return [_issue("maxLength", message(view, "validation_errors.maxLength", [limit]),
                   **{"0": limit})]


# ---- dates ---------------------------------------------------------------------------------

def today() -> date:
    """Today in Norway, which `today` and the other keywords count from."""
    return datetime.now(OSLO).date()


def date_limit(value: Any, now: date | None = None) -> date | None:
    """A Datepicker's `minDate`/`maxDate`: an ISO date (a time after it is ignored) or one of
    Altinn's keywords; None when it is neither."""
    now = now or today()
    keywords = {"today": now, "yesterday": date.fromordinal(now.toordinal() - 1),
                "tomorrow": date.fromordinal(now.toordinal() + 1),
                "oneYearAgo": _years_from(now, -1), "oneYearFromNow": _years_from(now, 1)}
    if isinstance(value, str) and value in keywords:
        return keywords[value]
    return stored_date(value)


def _years_from(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February → 28 February (1 March in JavaScript; close enough)
        return day.replace(year=day.year + years, day=28)


def stored_date(value: Any) -> date | None:
    """The date of a stored value: an ISO date, or a date and time (the date part counts);
    None for anything else."""
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        day = date.fromisoformat(value[:10])
        if len(value) > 10:
            datetime.fromisoformat(value.replace("z", "Z"))
    except ValueError:
        return None
    return day


def _display_format(component: Component) -> str:
    wanted = str(component.props.get("format") or "dd.MM.yyyy")
    return _LEGACY_FORMATS.get(wanted, wanted)


def _date_problems(view: PageView, component: Component) -> list[Issue]:
    value = view.raw_value(component)
    if value is None or value == "":
        return []
    shape = _display_format(component)
    day = stored_date(value)
    if day is None:
        pattern = shape.lower().replace("yyyy", "åååå" if view.lang != "en" else "yyyy")
        return [_issue("dateFormat", message(view, "date_picker.invalid_date_message",
                                             [pattern]), **{"0": pattern})]
    earliest = date_limit(component.props.get("minDate")) or _EARLIEST
    latest = date_limit(component.props.get("maxDate")) or _LATEST
    if day < earliest:
        shown = format_date(earliest.isoformat(), shape)
        return [_issue("minDate", message(view, "date_picker.min_date_exceeded", [shown],
                                          also=["date_picker.min_date_exeeded"]),
                       **{"0": shown})]
    if day > latest:
        shown = format_date(latest.isoformat(), shape)
        return [_issue("maxDate", message(view, "date_picker.max_date_exceeded", [shown],
                                          also=["date_picker.max_date_exeeded"]),
                       **{"0": shown})]
    return []


# ---- files ---------------------------------------------------------------------------------

def allowed_type(file: StoredFile, limits: Limits) -> bool:
    """True when the file's ending and content type are among those the component takes."""
    return limits.allows(normalise_type(file.content_type),
                         PurePosixPath(file.filename).suffix.lower())


def _file_problems(view: PageView, component: FileUpload) -> list[Issue]:
    limits = component.limits(view)
    files = component.files(view)
    issues: list[Issue] = []
    if limits.max_count and len(files) > limits.max_count:
        issues.append(_issue("maxNumberOfAttachments", message(
            view, "data_element.too_many", [len(files), limits.max_count]),
            **{"0": len(files), "1": limits.max_count}))
    mb = limits.max_mb if view.lang == "en" else limits.max_mb.replace(".", ",")
    types = ", ".join(limits.type_names())
    for file in files:
        if limits.max_bytes is not None and file.size > limits.max_bytes:
            issues.append(_issue("DataElementTooLarge", message(
                view, "fileupload.too_big", [file.filename, mb],
                also=["backend.validation_errors.file_too_large", "DataElementTooLarge"],
                named={"filename": file.filename, "maxSize": mb}),
                filename=file.filename, maxSize=mb))
        if not allowed_type(file, limits):
            issues.append(_issue("ContentTypeNotAllowed", message(
                view, "fileupload.wrong_type", [file.filename, types],
                also=["altinn.standard_validation.file_content_type_not_allowed"],
                named={"filename": file.filename, "contentType": file.content_type,
                       "allowedContentTypes": types}),
                filename=file.filename, contentType=file.content_type,
                allowedContentTypes=types))
    return issues
