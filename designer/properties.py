"""A component's property panel, made from its declaration (forms/components: `props_spec`,
`text_names`, `binding_names`, `is_form_field`), so a new component type gets a panel with no
designer code; and the posted panel read back into the component's JSON.

The rule that keeps files clean: every field is compared with what the panel showed, and a
field the admin did not change leaves the JSON exactly as it was (even a value written in a form
the panel would not write itself). A property set to nothing is left out of the file, never
written with its default. Problems come back per field (code, detail), nothing is saved then."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from designer import datamodel_edit
from designer.stable_json import same_json
from forms.components.base import ID_PATTERN, Component, Prop
from forms.datamodel import BindingPathError, split_path
from forms.texts import LANGUAGES

FLAGS = ("hidden", "required", "readOnly")  # hidden: every type; the others: form fields
NEW = "__new__"  # the binding select's "create a new field"
_TEXT_KEY = re.compile(r"^\S+$")
_INTEGER = re.compile(r"^[+-]?\d+$")

Error = tuple[str, str]  # (code, detail) for the designer's texts
# Checks an expression that is about to be saved: (code, detail) when it cannot be used.
ExpressionChecker = Callable[[Any, str], Error | None]


@dataclass
class TextRow:
    """One text binding: its resource key and the text in each language."""

    name: str
    key: str = ""
    values: dict[str, str] = field(default_factory=dict)
    expression: str | None = None  # the binding is an expression: shown, not edited here
    literal: bool = False  # the binding is the text itself (no resource has it as its key)


@dataclass
class BindingRow:
    name: str
    path: str = ""  # the bound path; NEW when a new field is asked for
    new_path: str = ""
    new_type: str = "text"


@dataclass
class FlagRow:
    """`hidden`, `required` or `readOnly`: no, yes, or when an expression is true."""

    key: str
    mode: str = "no"  # no, yes, expr
    expression: str = ""


@dataclass
class PropRow:
    prop: Prop
    control: str  # text, integer, number, boolean, choice, json, expression
    value: str = ""

    @property
    def name(self) -> str:
        return self.prop.name


@dataclass
class Panel:
    """Every field of the panel with the text it shows (or was posted with)."""

    type_name: str
    id: str
    texts: list[TextRow]
    bindings: list[BindingRow]
    flags: list[FlagRow]
    props: list[PropRow]


@dataclass
class ReadContext:
    """What reading a posted panel needs to know beyond the component."""

    page: str
    taken_ids: set[str]  # ids of the layout set's other components
    texts: dict[str, dict[str, dict[str, Any]]]  # lang → key → resource
    schema_paths: set[str] | None  # the data model's binding paths; None: no data model
    check_expression: ExpressionChecker


@dataclass
class Outcome:
    """The component as it would be saved, the texts and fields to write, or the errors."""

    component: dict[str, Any]
    texts: dict[str, dict[str, str | None]] = field(default_factory=dict)  # None: remove
    new_fields: list[tuple[str, str]] = field(default_factory=list)  # (path, type)
    errors: dict[str, Error] = field(default_factory=dict)  # form field name → error
    renamed: tuple[str, str] | None = None

    @property
    def ok(self) -> bool:
        return not self.errors


# ---- the panel of a component ------------------------------------------------------------


def control_of(prop: Prop) -> str:
    """Which input edits a property of this kind."""
    if prop.choices:
        return "choice"
    if prop.kind in ("string", "integer", "number", "boolean", "expression"):
        return "text" if prop.kind == "string" else prop.kind
    return "json"


def pretty(value: Any) -> str:
    """JSON as the admin edits it: short values on one line, larger ones indented."""
    short = json.dumps(value, ensure_ascii=False)
    return short if len(short) <= 60 else json.dumps(value, ensure_ascii=False, indent=2)


def _shown_prop(control: str, value: Any) -> str:
    if value is None and control != "json":
        return ""
    if control == "text" and isinstance(value, str):
        return value
    if control == "boolean":
        return "true" if value is True else "false" if value is False else pretty(value)
    if control == "choice":
        return str(value) if isinstance(value, (str, int, float)) else pretty(value)
    if control == "expression" and isinstance(value, str):
        return value if not value.lstrip().startswith(("[", "{", '"')) else pretty(value)
    return pretty(value)


def flag_names(cls: type[Component]) -> tuple[str, ...]:
    return FLAGS if cls.is_form_field else FLAGS[:1]


def _flag_row(key: str, value: Any) -> FlagRow:
    if value is None or value is False:
        return FlagRow(key, "no")
    if value is True:
        return FlagRow(key, "yes")
    return FlagRow(key, "expr", pretty(value))


def _binding_path(value: Any) -> str:
    if isinstance(value, dict) and isinstance(value.get("field"), str):
        return value["field"]
    return value if isinstance(value, str) else ""


def panel_of(cls: type[Component], raw: dict[str, Any],
             texts: dict[str, dict[str, dict[str, Any]]]) -> Panel:
    """The panel of a component as its files have it."""
    trb = raw.get("textResourceBindings")
    trb = trb if isinstance(trb, dict) else {}
    rows = []
    for name in cls.text_names:
        bound = trb.get(name)
        if isinstance(bound, str):
            values = {lang: str((texts.get(lang, {}).get(bound) or {}).get("value", ""))
                      for lang in LANGUAGES}
            literal = not any(bound in texts.get(lang, {}) for lang in LANGUAGES)
            rows.append(TextRow(name, bound, values, literal=literal))
        elif bound is None:
            rows.append(TextRow(name, "", dict.fromkeys(LANGUAGES, "")))
        else:
            rows.append(TextRow(name, "", {}, pretty(bound)))
    dmb = raw.get("dataModelBindings")
    dmb = dmb if isinstance(dmb, dict) else {}
    bindings = [BindingRow(name, _binding_path(dmb.get(name))) for name in cls.binding_names]
    flags = [_flag_row(key, raw.get(key)) for key in flag_names(cls)]
    props = [PropRow(p, control_of(p), _shown_prop(control_of(p), raw[p.name])
                     if p.name in raw else "") for p in cls.props_spec]
    return Panel(cls.type_name or str(raw.get("type", "")), str(raw.get("id", "")), rows,
                 bindings, flags, props)


def _text(form: Mapping[str, Any], name: str, default: str = "") -> str:
    """A posted text, with the browser's CRLF line ends as LF."""
    value = form.get(name)
    return default if value is None else str(value).replace("\r\n", "\n")


def panel_from_form(shown: Panel, form: Mapping[str, Any]) -> Panel:
    """The panel as posted (fields that were not posted keep what was shown)."""
    texts = []
    for row in shown.texts:
        if row.expression is not None:
            texts.append(row)
            continue
        texts.append(TextRow(row.name, _text(form, f"text.{row.name}.key", row.key).strip(),
                             {lang: _text(form, f"text.{row.name}.{lang}", row.values.get(lang, ""))
                              for lang in LANGUAGES}, literal=row.literal))
    bindings = [BindingRow(b.name, _text(form, f"binding.{b.name}", b.path).strip(),
                           _text(form, f"binding.{b.name}.new_path").strip(),
                           _text(form, f"binding.{b.name}.new_type", "text"))
                for b in shown.bindings]
    flags = [FlagRow(f.key, _text(form, f"flag.{f.key}.mode", f.mode),
                     _text(form, f"flag.{f.key}.expr", f.expression)) for f in shown.flags]
    props = [PropRow(p.prop, p.control, _text(form, f"prop.{p.name}", p.value))
             for p in shown.props]
    return Panel(shown.type_name, _text(form, "id", shown.id).strip(), texts, bindings, flags,
                 props)


# ---- reading a posted panel back ---------------------------------------------------------


def read_panel(raw: dict[str, Any], shown: Panel, posted: Panel, ctx: ReadContext) -> Outcome:
    """The component JSON with the admin's changes, or the errors by form field."""
    out = Outcome(dict(raw))
    new_id = _read_id(raw, posted.id, ctx, out)
    _read_texts(shown, posted, ctx, new_id, out)
    _read_bindings(shown, posted, ctx, out)
    for before, after in zip(shown.flags, posted.flags, strict=True):
        _read_flag(before, after, ctx, out)
    for before, after in zip(shown.props, posted.props, strict=True):
        _read_prop(before, after, ctx, out)
    return out


def _read_id(raw: dict[str, Any], new_id: str, ctx: ReadContext, out: Outcome) -> str:
    old = str(raw.get("id", ""))
    if new_id == old:
        return old
    if not ID_PATTERN.match(new_id):
        out.errors["id"] = ("bad_id", new_id)
    elif new_id in ctx.taken_ids:
        out.errors["id"] = ("id_taken", new_id)
    else:
        out.component["id"] = new_id
        out.renamed = (old, new_id)
        return new_id
    return old


def _set_in(out: Outcome, container: str, key: str, value: Any) -> None:
    """Set (or with None remove) `key` inside the object `container` of the component; an
    object left empty by a removal goes too."""
    current = out.component.get(container)
    inner = dict(current) if isinstance(current, dict) else {}
    if value is None:
        inner.pop(key, None)
    else:
        inner[key] = value
    if inner or isinstance(current, dict) and value is not None:
        out.component[container] = inner
    else:
        out.component.pop(container, None)


def _key_exists(ctx: ReadContext, key: str) -> bool:
    return any(key in ctx.texts.get(lang, {}) for lang in LANGUAGES)


def _read_texts(shown: Panel, posted: Panel, ctx: ReadContext, component_id: str,
                out: Outcome) -> None:
    for before, after in zip(shown.texts, posted.texts, strict=True):
        if before.expression is not None:
            continue
        values = after.values
        key = after.key
        if not key and not any(v.strip() for v in values.values()):
            if before.key:
                _set_in(out, "textResourceBindings", before.name, None)
            continue
        if before.literal and key == before.key:
            if values == before.values:
                continue  # the text written in the component itself, untouched
            key = ""  # texts written for it: they get a key of their own
        if not key:
            key = f"{ctx.page}.{component_id}.{before.name}"
        elif key != before.key and not _TEXT_KEY.match(key):
            out.errors[f"text.{before.name}.key"] = ("bad_text_key", key)
            continue
        known = key == before.key or _key_exists(ctx, key)
        for lang in LANGUAGES:
            value = values.get(lang, "")
            changed = value != before.values.get(lang, "")
            if known and not changed or not known and not value.strip():
                continue
            current = (ctx.texts.get(lang, {}).get(key) or {}).get("value")
            wanted = value if value.strip() else None
            if wanted != current:
                out.texts.setdefault(lang, {})[key] = wanted
        if key != before.key:
            _set_in(out, "textResourceBindings", before.name, key)


def _read_bindings(shown: Panel, posted: Panel, ctx: ReadContext, out: Outcome) -> None:
    adding: set[str] = set()
    for before, after in zip(shown.bindings, posted.bindings, strict=True):
        name = f"binding.{before.name}"
        if after.path == before.path:
            continue
        if after.path == NEW:
            path = _new_field(before.name, after, ctx, adding, out)
            if path is None:
                continue
        elif after.path:
            path = after.path
            try:
                split_path(path)
            except BindingPathError:
                out.errors[name] = ("bad_binding", path)
                continue
            if ctx.schema_paths is not None and path not in ctx.schema_paths:
                out.errors[name] = ("not_in_model", path)
                continue
        else:
            path = None
        _set_in(out, "dataModelBindings", before.name, path)


def _new_field(name: str, row: BindingRow, ctx: ReadContext, adding: set[str],
               out: Outcome) -> str | None:
    """A field to add to the data model for a binding; None (and an error) if it cannot be."""
    where = f"binding.{name}.new_path"
    if ctx.schema_paths is None:
        out.errors[f"binding.{name}"] = ("no_model", "")
        return None
    try:
        datamodel_edit.check_new_path(row.new_path)
    except datamodel_edit.FieldError:
        out.errors[where] = ("bad_new_path" if row.new_path else "new_path_missing",
                             row.new_path)
        return None
    if row.new_path in ctx.schema_paths or row.new_path in adding or any(
            p.startswith(row.new_path + ".") for p in ctx.schema_paths):
        out.errors[where] = ("field_exists", row.new_path)
        return None
    if row.new_type not in datamodel_edit.NEW_FIELD_TYPES:
        out.errors[f"binding.{name}.new_type"] = ("bad_type", row.new_type)
        return None
    adding.add(row.new_path)
    out.new_fields.append((row.new_path, row.new_type))
    return row.new_path


def _read_flag(before: FlagRow, after: FlagRow, ctx: ReadContext, out: Outcome) -> None:
    if after.mode == before.mode and (after.mode != "expr"
                                      or after.expression.strip() == before.expression.strip()):
        return
    if after.mode == "no":
        out.component.pop(before.key, None)
    elif after.mode == "yes":
        out.component[before.key] = True
    elif after.mode == "expr":
        value = _read_expression(f"flag.{before.key}.expr", after.expression, ctx, out,
                                 must_be_list=True)
        if value is not None:
            out.component[before.key] = value
    else:
        out.errors[f"flag.{before.key}.mode"] = ("bad_choice", after.mode)


def _read_expression(name: str, text: str, ctx: ReadContext, out: Outcome,
                     must_be_list: bool, as_type: str = "boolean") -> Any:
    """An expression typed as JSON: checked with the runtime's engine; None on error."""
    if not text.strip():
        out.errors[name] = ("expression_missing", "")
        return None
    try:
        value = json.loads(text)
    except ValueError as exc:
        out.errors[name] = ("not_json", str(exc))
        return None
    if must_be_list and not isinstance(value, list):
        out.errors[name] = ("not_expression", "")
        return None
    problem = ctx.check_expression(value, as_type) if isinstance(value, list) else None
    if problem is not None:
        out.errors[name] = problem
        return None
    return value


def _read_prop(before: PropRow, after: PropRow, ctx: ReadContext, out: Outcome) -> None:
    text = after.value
    if text == before.value or after.control == "json" and _same_json_text(text, before.value):
        return
    name = f"prop.{before.name}"
    if not text.strip():
        out.component.pop(before.name, None)
        return
    try:
        value = _parse_prop(after, text, ctx, out)
    except ValueError as exc:
        out.errors[name] = (str(exc), text)
        return
    if name not in out.errors:
        out.component[before.name] = value


def _same_json_text(a: str, b: str) -> bool:
    try:
        return same_json(json.loads(a), json.loads(b))
    except ValueError:
        return False


def _parse_prop(row: PropRow, text: str, ctx: ReadContext, out: Outcome) -> Any:
    """The value of one property from its text; ValueError(code) when it does not fit."""
    control, kind = row.control, row.prop.kind
    if control == "text":
        return text
    if control == "integer":
        if not _INTEGER.match(text.strip()):
            raise ValueError("not_integer")
        return int(text.strip())
    if control == "number":
        try:
            number = Decimal(text.strip().replace(",", ".").replace(" ", ""))
        except InvalidOperation:
            raise ValueError("not_number") from None
        if not number.is_finite():
            raise ValueError("not_number")
        return int(number) if number == number.to_integral_value() else float(number)
    if control == "boolean":
        if text not in ("true", "false"):
            raise ValueError("bad_choice")
        return text == "true"
    if control == "choice":
        for choice in row.prop.choices:
            if str(choice) == text:
                return choice
        raise ValueError("bad_choice")
    if control == "expression":
        if not text.lstrip().startswith(("[", "{", '"')):
            try:
                return json.loads(text)  # a number or true/false
            except ValueError:
                return text  # plain text
        return _read_expression(f"prop.{row.name}", text, ctx, out, must_be_list=False,
                                as_type="any")
    try:
        value = json.loads(text)
    except ValueError:
        raise ValueError("not_json") from None
    if kind == "object" and not isinstance(value, dict):
        raise ValueError("not_object")
    if kind == "array" and not isinstance(value, list):
        raise ValueError("not_array")
    return value


# ---- renaming ----------------------------------------------------------------------------


def rename_references(layout: list[Any], old: str, new: str) -> None:
    """Point the containers on a page at a renamed component: `children` (also "0:id" in
    multi-page groups), tabs' and cards' children, and grid rows' cells."""
    for component in layout:
        if not isinstance(component, dict):
            continue
        component_children = component.get("children")
        if isinstance(component_children, list):
            component["children"] = [_renamed(c, old, new) for c in component_children]
        for key in ("tabs", "cards"):
            for item in component.get(key) or []:
                if isinstance(item, dict) and isinstance(item.get("children"), list):
                    item["children"] = [_renamed(c, old, new) for c in item["children"]]
        for key in ("rows", "rowsBefore", "rowsAfter"):
            for row in component.get(key) or []:
                for cell in (row.get("cells") or []) if isinstance(row, dict) else []:
                    if isinstance(cell, dict) and cell.get("component") == old:
                        cell["component"] = new


def rename_mentions(value: Any, old: str, new: str) -> Any:
    """`value` (any part of a layout file) with what names a component by id pointed at its new
    id: expressions' `["component", id]`, Summary's `componentRef` and Summary2's
    `{"type": "component", "id": ...}` target. Other strings equal to the id are left alone."""
    if isinstance(value, list):
        if len(value) == 2 and value[0] == "component" and value[1] == old:
            return ["component", new]
        return [rename_mentions(item, old, new) for item in value]
    if isinstance(value, dict):
        renamed = {key: rename_mentions(item, old, new) for key, item in value.items()}
        if renamed.get("componentRef") == old:
            renamed["componentRef"] = new
        if renamed.get("type") == "component" and renamed.get("id") == old:
            renamed["id"] = new
        return renamed
    return value


def _renamed(child: Any, old: str, new: str) -> Any:
    if child == old:
        return new
    if isinstance(child, str) and ":" in child and child.split(":", 1)[1] == old:
        return f"{child.split(':', 1)[0]}:{new}"
    return child
