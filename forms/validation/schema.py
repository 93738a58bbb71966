"""Schema: the form data checked against the data type's JSON Schema, as Altinn's frontend does
with ajv, so limits in the model (maxLength, pattern, minimum, enum, format, ...) give the same
messages in Blankett (the validator: forms/validation/schema_validator.py).

As in Altinn:
- empty values (null, "") are never checked, and `required` in the schema is not an error
  (whether an answer is needed is the component's `required`); nor are errors about the
  data's shape (extra or missing properties), which no one filling in the form can change;
- the errors inside a `oneOf`/`anyOf` are reported, never the choice itself;
- a node's `errorMessage` (a text key of the app, or literal text) replaces the message, also
  when it sits on a property beside a `$ref`; else an app text with the default's id
  (`validation_errors.maxLength`, ...) does;
- only fields some component of the layout set is bound to give issues (the frontend shows
  schema errors on components only), and none of a read-only one: no one could fix them.
Blankett adds formats for Norwegian identifiers (forms/validation/norwegian.py), each with a
message that says what is wrong."""

from __future__ import annotations

import logging
import re
import weakref
from collections.abc import Iterable, Iterator
from typing import Any

from jsonschema import ValidationError
from referencing.exceptions import Unresolvable

from forms.definitions import LayoutSet
from forms.render import PageView
from forms.validation.fields import Target
from forms.validation.issues import SCHEMA, Issue, Severity
from forms.validation.messages import message
from forms.validation.norwegian import FORMATS as NORWEGIAN
from forms.validation.schema_validator import Compiled, compiled

log = logging.getLogger(__name__)

# Schema keywords Altinn does not show as errors: whether an answer is needed is the
# component's `required`, and the others are about the data's shape, which no one filling in
# the form can change.
_NOT_SHOWN = {"required", "dependentRequired", "dependencies", "additionalProperties",
              "unevaluatedProperties", "propertyNames", "minProperties", "maxProperties"}
# keyword → its message, Altinn's `validation_errors.<id>` (the limit fills {0})
_TEXTS = {"minimum": "min", "exclusiveMinimum": "min", "maximum": "max",
          "exclusiveMaximum": "max", "minLength": "minLength", "maxLength": "maxLength",
          "pattern": "pattern", "type": "pattern", "enum": "enum", "const": "enum",
          "multipleOf": "multipleOf", "minItems": "minItems", "maxItems": "maxItems"}
# Formats with a message of their own (else Altinn's `validation_errors.pattern`).
_FORMAT_TEXTS = {"date", "date-time", "time", "email"}


def _leaves(errors: Iterable[ValidationError]) -> Iterator[ValidationError]:
    """The errors to report: those inside `oneOf`/`anyOf` rather than the choice itself (as
    ajv with allErrors reports them, and Altinn skips the choice's own)."""
    for error in errors:
        if error.validator in ("oneOf", "anyOf"):
            yield from _leaves(error.context or ())
        else:
            yield error


def _path(parts: Iterable[Any]) -> str:
    """["a", "b", 2, "c"] → "a.b[2].c"."""
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


_bound: weakref.WeakKeyDictionary[LayoutSet, set[str]] = weakref.WeakKeyDictionary()


def _bound_paths(layout_set: LayoutSet) -> set[str]:
    """Every data model path a component of the layout set is bound to (rows left out)."""
    if layout_set not in _bound:
        _bound[layout_set] = {re.sub(r"\[\d+\]", "", path)
                              for component in layout_set.components.values()
                              for path in component.bindings.values()}
    return _bound[layout_set]


def check(target: Target) -> list[Issue]:
    view = target.view
    schema = view.app.schemas.get(view.layout_set.data_type or "")
    if schema is None:
        return []
    made = compiled(schema)
    bound = _bound_paths(view.layout_set)
    issues: list[Issue] = []
    try:
        for error in _leaves(made.validator.iter_errors(view.data)):
            issue = _issue(view, made, error, bound)
            shown = target.by_path.get(issue.field or "") if issue is not None else None
            if shown is not None and view.dynamics.read_only(shown.component):
                continue  # no one could change it here
            if issue is not None:
                issue.data_element_id = target.data_element_id
                issues.append(issue)
    except Unresolvable as exc:  # a $ref to nowhere: check what can be checked
        if not made.broken:
            made.broken = True
            log.warning("%s: the JSON Schema of '%s' has a reference that cannot be "
                        "followed: %s", view.app.id, view.layout_set.data_type, exc)
    return issues


def _issue(view: PageView, made: Compiled, error: ValidationError, bound: set[str]
           ) -> Issue | None:
    keyword = str(error.validator)
    value = error.instance
    if value is None or value == "" or keyword in _NOT_SHOWN:
        return None
    if keyword == "type" and error.validator_value in ("null", ["null"]):
        return None
    names = tuple(p for p in error.absolute_path if isinstance(p, str))
    if ".".join(names) not in bound:
        return None
    parts = list(error.absolute_path)
    while parts and isinstance(parts[-1], int):  # an item of a list bound as a whole
        parts.pop()
    path = _path(parts)
    own = error.schema.get("errorMessage") if isinstance(error.schema, dict) else None
    custom = own if isinstance(own, str) else made.property_message(names)
    if custom:
        return Issue(Severity.ERROR, SCHEMA, keyword, view.text(custom), field=path,
                     custom_text_key=custom)
    limit = error.validator_value
    if keyword == "format":
        return _format_issue(view, str(limit), value, path)
    shown: Any = limit
    if keyword == "enum" and isinstance(limit, list):
        shown = ", ".join(str(v) for v in limit)
    text, key = message(view, f"validation_errors.{_TEXTS.get(keyword, 'pattern')}",
                        [shown])
    return Issue(Severity.ERROR, SCHEMA, keyword, text, field=path, custom_text_key=key,
                 custom_text_parameters={"0": str(shown)} if keyword in _TEXTS else {})


def _format_issue(view: PageView, format_name: str, value: Any, path: str) -> Issue:
    """A format's own message (a Norwegian identifier says what is wrong with it); an app's
    `validation_errors.pattern` text, Altinn's for any format, comes before Blankett's own
    for the standard formats."""
    problem = NORWEGIAN.get(format_name)
    if problem is not None:
        key = problem(str(value)) or f"validation_errors.{format_name}"
        text, used = message(view, key)
    elif format_name in _FORMAT_TEXTS:
        text, used = message(view, f"validation_errors.format_{format_name}",
                             also=["validation_errors.pattern"])
    else:
        text, used = message(view, "validation_errors.pattern")
    return Issue(Severity.ERROR, SCHEMA, "format", text, field=path, custom_text_key=used)
