"""`displayValue`: a component's value as a person reads it, by component type, following what
Altinn's frontend (app-frontend-react) shows: option labels, numbers with the component's
`formatting`, dates in the component's format, file names, joined address parts.

Values are read the frontend's way (JavaScript's `String(value)`), and an empty value is shown
as "". A component type the frontend cannot show a value for is an error, as there.

Not followed: options from `source` (a repeating group in the data), `optionFilter` and
options fetched with query parameters; such a component shows the stored value (or, for
Checkboxes and MultipleSelect, the values that the known options name)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from forms.datamodel import get_value
from forms.expressions import dates
from forms.expressions.values import ExprError, plain_number, to_number, to_string
from forms.formatting import format_numeric_text, js_parse_float

if TYPE_CHECKING:
    from forms.expressions.context import ExpressionContext
    from forms.expressions.layout import LayoutNode

# The frontend's short date format (date-fns `formatLong.date({width: 'short'})`) by language;
# other languages read as nb, as there.
_SHORT_DATE = {"nb": "dd.MM.y", "nn": "dd.MM.y", "en": "MM/dd/yyyy"}
# Formats written the old (Moment) way, which the frontend still accepts.
_LEGACY_DATE_FORMATS = {"DD.MM.YYYY": "dd.MM.yyyy", "DD/MM/YYYY": "dd/MM/yyyy",
                        "YYYY-MM-DD": "yyyy-MM-dd"}
# The number formatting properties that may be expressions.
_FORMATTING_EXPRESSIONS = ("format", "thousandSeparator", "decimalSeparator", "prefix", "suffix")
_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
# The person lookup's bindings, in both of the frontend's namings.
_PERSON_SSN = ("person_lookup_ssn", "ssn")
_PERSON_NAME = ("person_lookup_name", "fullName")
_PERSON_NAME_PARTS = (("person_lookup_first_name", "firstName"),
                      ("person_lookup_middle_name", "middleName"),
                      ("person_lookup_last_name", "lastName"))


def display_value(node: LayoutNode, ctx: ExpressionContext) -> Any:
    show = _BY_TYPE.get(node.type)
    if show is None:
        raise ExprError(f"Component with identifier {node.id} does not have a displayValue")
    return show(node, ctx)


# ---- reading values ---------------------------------------------------------------------------
def js_string(value: Any) -> str:
    """JavaScript's String(value), with null and undefined as "" (as `?? ''` gives)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float, Decimal)):
        return plain_number(Decimal(str(value)))
    if isinstance(value, list):
        return ",".join(js_string(v) for v in value)
    if isinstance(value, dict):
        return "[object Object]"
    return str(value)


def _binding(node: LayoutNode, ctx: ExpressionContext, key: str) -> Any:
    """The value bound to `key`, read in the rows the caller sees the component in."""
    path = (ctx.layout.binding_from(node, key, ctx.node) if ctx.layout is not None
            else node.bindings.get(key))
    if path is None:
        return None
    return get_value(ctx.data_for(node.binding_types.get(key)), path)


def _form_data(node: LayoutNode, ctx: ExpressionContext) -> list[Any]:
    """Every binding's value, in the order the layout declares them."""
    return [_binding(node, ctx, key) for key in node.bindings]


def _text(node: LayoutNode, ctx: ExpressionContext) -> str:
    return js_string(_binding(node, ctx, "simpleBinding"))


def _property(node: LayoutNode, ctx: ExpressionContext, name: str, cast: Callable[[Any], Any]
              ) -> Any:
    """A component property that may be an expression, evaluated for the component and cast;
    a property that cannot be evaluated counts as absent, as in the frontend."""
    from forms.expressions.engine import compile_expression

    raw = node.raw.get(name)
    if raw is None:
        return None
    try:
        return cast(compile_expression(raw).evaluate(ctx.at(node)))
    except ExprError:
        return None


# ---- options ----------------------------------------------------------------------------------
def _options(node: LayoutNode, ctx: ExpressionContext) -> list[dict[str, Any]]:
    options_id = node.raw.get("optionsId")
    if isinstance(options_id, str):
        found = ctx.option_lists.get(options_id)
    else:
        found = node.raw.get("options")
    return [o for o in found if isinstance(o, dict)] if isinstance(found, list) else []


def _option_value(option: dict[str, Any]) -> str:
    """Option values compare as strings (castOptionsToStrings): null is "null"."""
    if "value" not in option:
        return ""
    value = option["value"]
    return "null" if value is None else js_string(value)


def _label_key(options: list[dict[str, Any]], value: str) -> str:
    for option in options:
        if _option_value(option) == value:
            label = option.get("label")
            return label if isinstance(label, str) else ""
    return ""


def _selected_label(node: LayoutNode, ctx: ExpressionContext, value: str) -> str:
    """The label of the option with this value; the value itself when no option has one."""
    key = _label_key(_options(node, ctx), value)
    if not key:
        return value
    return ctx.at(node).text(key) or value


def _single_choice(node: LayoutNode, ctx: ExpressionContext) -> str:
    return _selected_label(node, ctx, _text(node, ctx))


def _multiple_choice(node: LayoutNode, ctx: ExpressionContext) -> str:
    if "group" in node.bindings:
        return ", ".join(js_string(v) for v in _group_rows(node, ctx, "simpleBinding"))
    value = _text(node, ctx)
    options = _options(node, ctx)
    labels: dict[str, str] = {}
    for part in value.split(","):
        if not part.strip():
            continue
        key = _label_key(options, part)
        if key:
            labels[part] = ctx.at(node).text(key) or part
    return ", ".join(labels[k] for k in _js_key_order(labels))


def _js_key_order(keys: dict[str, Any]) -> list[str]:
    """The order a JavaScript object lists its keys in: array indices ("0", "12") ascending
    first, then the other keys as they were added."""
    def is_index(key: str) -> bool:
        return key.isascii() and key.isdigit() and (key == "0" or not key.startswith("0")) \
            and int(key) < 2 ** 32 - 1
    indices = sorted((k for k in keys if is_index(k)), key=int)
    return indices + [k for k in keys if not is_index(k)]


def _group_rows(node: LayoutNode, ctx: ExpressionContext, key: str) -> list[Any]:
    """Choices saved as rows of a group: each checked row's value of the `key` binding (the
    whole row as true when there is no such binding)."""
    rows = _binding(node, ctx, "group")
    if not isinstance(rows, list):
        return []
    group = node.raw_bindings.get("group", "")
    checked = _relative(node.raw_bindings.get("checked"), group)
    field = _relative(node.raw_bindings.get(key), group)
    out = []
    for row in rows:
        if checked is not None and _pick(row, checked) is not True:
            continue
        out.append(True if field is None else _pick(row, field))
    return out


def _relative(path: str | None, group: str) -> str | None:
    if path is None:
        return None
    return path.replace(f"{group}.", "", 1) if group else path


def _pick(row: Any, path: str) -> Any:
    return get_value(row, path) if isinstance(row, (dict, list)) else None


# ---- component types --------------------------------------------------------------------------
def _plain(node: LayoutNode, ctx: ExpressionContext) -> str:
    return _text(node, ctx)


def _input(node: LayoutNode, ctx: ExpressionContext) -> str:
    text = _text(node, ctx)
    if not text:
        return ""
    return format_numeric_text(text, _formatting(node, ctx), ctx.language())


def _formatting(node: LayoutNode, ctx: ExpressionContext) -> dict[str, Any] | None:
    """The component's `formatting`, with expressions in it evaluated for the component."""
    from forms.expressions.engine import compile_expression

    formatting = node.raw.get("formatting")
    if not isinstance(formatting, dict):
        return None

    def resolve(key: str, value: Any) -> Any:
        if key not in _FORMATTING_EXPRESSIONS or not isinstance(value, list):
            return value
        try:
            return compile_expression(value).evaluate(ctx.at(node))
        except ExprError:
            return None

    out = dict(formatting)
    number = formatting.get("number")
    if isinstance(number, dict):
        out["number"] = {k: resolve(k, v) for k, v in number.items()}
        separator = out["number"].get("thousandSeparator", None)
        if "thousandSeparator" in number and not isinstance(separator, (str, bool)):
            out["number"]["thousandSeparator"] = False
    return out


def _number(node: LayoutNode, ctx: ExpressionContext) -> str:
    number = _property(node, ctx, "value", to_number)
    if number is None:
        return ""
    return format_numeric_text(plain_number(number), _formatting(node, ctx), ctx.language())


def _text_component(node: LayoutNode, ctx: ExpressionContext) -> str:
    return _property(node, ctx, "value", to_string) or ""


def _option_component(node: LayoutNode, ctx: ExpressionContext) -> str:
    return _selected_label(node, ctx, _property(node, ctx, "value", to_string) or "")


def _date_component(node: LayoutNode, ctx: ExpressionContext) -> str:
    value = _property(node, ctx, "value", to_string)
    if not value:
        return ""
    try:
        parsed = dates.parse_date(value)
    except ExprError:
        parsed = None
    if parsed is None:
        return "Ugyldig format"
    fmt = node.raw.get("format")
    if isinstance(fmt, str) and fmt:
        return dates.format_date(value, fmt, "en") or ""
    when = parsed.value if parsed.is_local else parsed.value.astimezone()
    return _date_string(when)


def _date_string(when: datetime) -> str:
    """JavaScript's Date.toDateString(): "Fri Jul 21 2023"."""
    return (f"{_WEEKDAYS[when.weekday()]} {_MONTHS[when.month - 1]} {when.day:02d} "
            f"{when.year:04d}")


def _datepicker(node: LayoutNode, ctx: ExpressionContext) -> str:
    data = _text(node, ctx)
    if not data:
        return ""
    fmt = node.raw.get("format")
    if isinstance(fmt, str) and fmt:
        pattern = _LEGACY_DATE_FORMATS.get(fmt, fmt)
    else:
        pattern = _SHORT_DATE.get(ctx.language(), _SHORT_DATE["nb"])
    try:
        dates.parse_date(data)
    except ExprError:
        return data  # not a date: shown as stored
    # The frontend formats without a locale, so month and day names are English.
    return dates.format_date(data, pattern, "en") or data


def _address(node: LayoutNode, ctx: ExpressionContext) -> str:
    return " ".join(js_string(v) for v in _form_data(node, ctx))


def _joined(node: LayoutNode, ctx: ExpressionContext) -> str:
    return ", ".join(js_string(v) for v in _form_data(node, ctx))


def _person_lookup(node: LayoutNode, ctx: ExpressionContext) -> str:
    def first(keys: tuple[str, ...]) -> str:
        key = next((k for k in keys if k in node.bindings), None)
        return js_string(_binding(node, ctx, key)) if key else ""

    parts = []
    ssn = first(_PERSON_SSN)
    if ssn:
        parts.append(ssn)
    name = first(_PERSON_NAME)
    if not name:
        name = " ".join(p for p in (first(keys) for keys in _PERSON_NAME_PARTS) if p)
    if name:
        parts.append(name)
    return ", ".join(parts)


def _map(node: LayoutNode, ctx: ExpressionContext) -> str:
    """A marker's "latitude,longitude" shown as "latitude, longitude" (numbers as read)."""
    coordinates = _text(node, ctx).split(",")
    if len(coordinates) != 2:
        return ""
    numbers = [js_parse_float(c) for c in coordinates]
    if None in numbers:
        return ""
    return ", ".join(plain_number(n) for n in numbers if n is not None)


def _list(node: LayoutNode, ctx: ExpressionContext) -> str:
    summary = node.raw.get("summaryBinding")
    legacy = node.raw.get("bindingToShowInSummary")
    if "group" in node.bindings:
        if isinstance(summary, str) and summary in node.bindings:
            return ", ".join(js_string(v) for v in _group_rows(node, ctx, summary))
        return ""
    if isinstance(summary, str) and node.bindings:
        return js_string(_binding(node, ctx, summary)) if summary in node.bindings else ""
    if isinstance(legacy, str):
        for key, field in node.raw_bindings.items():
            if field == legacy:
                return js_string(_binding(node, ctx, key))
    return ""


def _attachments(node: LayoutNode, ctx: ExpressionContext) -> str:
    """The names of the files uploaded with this component (data elements of its data type);
    inside a repeating group, the ones the row's binding holds the ids of."""
    files = [e for e in ctx.data_elements
             if isinstance(e, dict) and e.get("dataType") == node.id]
    if "simpleBinding" in node.bindings:
        wanted = {js_string(_binding(node, ctx, "simpleBinding"))}
        files = [e for e in files if e.get("id") in wanted]
    elif "list" in node.bindings:
        ids = _binding(node, ctx, "list")
        wanted = {js_string(i) for i in ids} if isinstance(ids, list) else set()
        files = [e for e in files if e.get("id") in wanted]
    return ", ".join(js_string(e.get("filename")) for e in files)


_BY_TYPE: dict[str, Callable[[LayoutNode, ExpressionContext], Any]] = {
    "Input": _input,
    "TextArea": _plain,
    "TimePicker": _plain,
    "Datepicker": _datepicker,
    "Checkboxes": _multiple_choice,
    "MultipleSelect": _multiple_choice,
    "RadioButtons": _single_choice,
    "Dropdown": _single_choice,
    "LikertItem": _single_choice,
    "Address": _address,
    "Custom": _joined,
    "CustomReact": _joined,
    "OrganisationLookup": _joined,
    "PersonLookup": _person_lookup,
    "List": _list,
    "Map": _map,
    "FileUpload": _attachments,
    "FileUploadWithTag": _attachments,
    "ImageUpload": _attachments,
    "Number": _number,
    "Text": _text_component,
    "Date": _date_component,
    "Option": _option_component,
}
