"""A data model's JSON Schema made ready to check form data with, once per Schema (kept on it):
jsonschema's Draft 2020-12 validator over a tidied copy of the document, with the model's
root found as Altinn's frontend finds it.

Tidying accepts what Altinn's generated (often draft-07) schemas hold: `definitions`, `items`
as a list, `@xsd*` keys, and values that would stop the validator (a maxLength of "4", an
unknown type, a pattern Python cannot read: left out, and logged once).

Fast enough for long repeating groups: the validator made for each subschema is kept (there is
one document and no `$id`, so every subschema resolves references the same way; dynamic
scopes, which Altinn's schemas do not use, are not tracked), `$ref`s are looked up once, and
a subschema of plain value keywords (type, lengths, pattern, format, enum, limits) first
tries a quick check that can only say "valid" when jsonschema would; anything
else, and every error, comes from jsonschema itself."""

from __future__ import annotations

import logging
import numbers
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker, ValidationError
from jsonschema.validators import extend
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from forms.datamodel import Schema
from forms.validation.norwegian import FORMATS as NORWEGIAN

log = logging.getLogger(__name__)

_BASE = "urn:blankett:model"

# ---- tidying -------------------------------------------------------------------------------

_SCHEMA_KEYS = ("items", "additionalProperties", "not", "if", "then", "else", "contains",
                "propertyNames", "unevaluatedItems", "unevaluatedProperties")
_SCHEMA_LISTS = ("allOf", "anyOf", "oneOf", "prefixItems")
_SCHEMA_MAPS = ("properties", "patternProperties", "$defs", "definitions", "dependentSchemas")
_NUMBERS = ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf",
            "minLength", "maxLength", "minItems", "maxItems", "minProperties",
            "maxProperties")
_TYPES = {"string", "number", "integer", "boolean", "object", "array", "null"}


def _number(value: Any) -> int | float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, str):
        try:
            number = float(value)
        except ValueError:
            return None
        return int(number) if number.is_integer() else number
    return None


def _compiles(pattern: str) -> bool:
    try:
        re.compile(pattern)
    except re.error:
        return False
    return True


def tidy(node: Any, dropped: list[str]) -> Any:
    """A copy of a schema node the validator can take; what had to go is added to
    `dropped`."""
    if isinstance(node, bool):
        return node
    if not isinstance(node, dict):
        return {}
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key.startswith("@xsd") or key in ("$schema", "$id", "additionalItems"):
            continue  # one document, one base; `additionalItems` goes with `items` below
        if key in _SCHEMA_MAPS:
            if isinstance(value, dict):
                out[key] = {name: tidy(sub, dropped) for name, sub in value.items()}
        elif key == "items" and isinstance(value, list):  # draft-07's tuple form
            out["prefixItems"] = [tidy(sub, dropped) for sub in value]
            if "additionalItems" in node:
                out["items"] = tidy(node["additionalItems"], dropped)
        elif key in _SCHEMA_KEYS:
            out[key] = tidy(value, dropped)
        elif key in _SCHEMA_LISTS:
            if isinstance(value, list):
                out[key] = [tidy(sub, dropped) for sub in value]
        elif key in _NUMBERS:
            number = _number(value)
            if number is not None:
                out[key] = number
            elif not isinstance(value, bool):  # draft-04's boolean exclusive limits: ignored
                dropped.append(f"{key}: {value!r}")
        elif key == "type":
            kinds = [value] if isinstance(value, str) else value if isinstance(
                value, list) else []
            known = [k for k in kinds if k in _TYPES]
            if known:
                out[key] = known[0] if isinstance(value, str) else known
        elif key == "pattern":
            if isinstance(value, str) and _compiles(value):
                out[key] = value
            else:
                dropped.append(f"pattern: {value!r}")
        elif key in ("enum", "required") and not isinstance(value, list):
            continue
        elif key == "format" and not isinstance(value, str):
            continue
        else:
            out[key] = value
    return out


def root_pointer(schema: Schema) -> str:
    """Where the model starts, as Altinn's frontend finds it (getRootElementPath):
    `info.rootNode`, SERES' `info.meldingsnavn`, the data type's classRef among the
    definitions, else the whole document."""
    document = schema.document
    info = document.get("info")
    if isinstance(info, dict):
        root = info.get("rootNode")
        if isinstance(root, str) and root.startswith("#"):
            return root
        name = info.get("meldingsnavn")
        properties = document.get("properties")
        node = properties.get(name) if isinstance(properties, dict) and isinstance(
            name, str) else None
        ref = node.get("$ref") if isinstance(node, dict) else None
        if isinstance(ref, str) and ref.startswith("#"):
            return ref
    for table in ("$defs", "definitions"):
        defs = document.get(table)
        if schema.root_name and isinstance(defs, dict) and schema.root_name in defs:
            name = schema.root_name.replace("~", "~0").replace("/", "~1")
            return f"#/{table}/{name}"
    return "#"


# ---- formats -------------------------------------------------------------------------------

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATE_TIME = re.compile(
    r"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([Zz]|[+-]\d{2}:?\d{2})?$")
_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d(:([0-5]\d|60)(\.\d+)?)?([Zz]|[+-]\d{2}:?\d{2})?$")
# The address form ajv-formats accepts as "email".
_EMAIL = re.compile(r"^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@"
                    r"(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$",
                    re.IGNORECASE)
_UUID = re.compile(r"^(?:urn:uuid:)?[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}$", re.I)


def _is_date(value: str) -> bool:
    if not _DATE.match(value):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _is_date_time(value: str) -> bool:
    """A date and time; the zone may be left out, as Altinn's backend often stores them."""
    if not _DATE_TIME.match(value):
        return False
    try:
        datetime.fromisoformat(value.replace("z", "Z").replace("t", "T"))
    except ValueError:
        return False
    return True


def _format_checker() -> FormatChecker:
    """The formats Altinn's frontend checks that people meet (ajv-formats, plus `year` and
    `year-month`), and Blankett's Norwegian identifiers. Other formats are not checked."""
    checker = FormatChecker(formats=())
    checks: dict[str, Callable[[str], Any]] = {
        "date": _is_date, "date-time": _is_date_time, "time": _TIME.match,
        "email": _EMAIL.match, "uuid": _UUID.match,
        "year": re.compile(r"^\d{4}$").match,
        "year-month": re.compile(r"^\d{4}-(0[1-9]|1[0-2])$").match,
    }
    for name, problem in NORWEGIAN.items():
        checks[name] = lambda value, problem=problem: problem(value) is None
    for name, check in checks.items():
        checker.checks(name)(lambda value, check=check: not isinstance(value, str) or bool(
            check(value)))
    return checker


FORMATS = _format_checker()

# ---- the validator -------------------------------------------------------------------------


def _length(value: str) -> int:
    """Characters as a person typed them: a browser sends a line break as CRLF."""
    return len(value.replace("\r\n", "\n"))


def _min_length(validator: Any, limit: Any, instance: Any, schema: Any
                ) -> Iterator[ValidationError]:
    if isinstance(instance, str) and _length(instance) < limit:
        yield ValidationError(f"shorter than {limit}")


def _max_length(validator: Any, limit: Any, instance: Any, schema: Any
                ) -> Iterator[ValidationError]:
    if isinstance(instance, str) and _length(instance) > limit:
        yield ValidationError(f"longer than {limit}")


# jsonschema's length keywords, counting characters as a person typed them.
LENGTHS = {"minLength": _min_length, "maxLength": _max_length}

_PLAIN = {"type", "minLength", "maxLength", "pattern", "format", "enum", "const", "minimum",
          "maximum", "exclusiveMinimum", "exclusiveMaximum"}
_NOTES = {"title", "description", "errorMessage", "default", "examples", "$comment",
          "readOnly", "writeOnly", "deprecated"}
_KIND_TESTS: dict[str, Callable[[Any], bool]] = {
    "string": lambda v: isinstance(v, str),
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "integer": lambda v: (isinstance(v, int) and not isinstance(v, bool)) or (
        isinstance(v, float) and v.is_integer()),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
    "array": lambda v: isinstance(v, list),
    "object": lambda v: isinstance(v, dict),
}


def _not_number(value: Any) -> bool | None:
    """True: not a number; False: an int or float; None: some other number (ask jsonschema)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Number):
        return True
    return False if isinstance(value, (int, float)) else None


_LIMITS: dict[str, Callable[[Any, Any], bool]] = {
    "minimum": lambda v, n: v >= n, "maximum": lambda v, n: v <= n,
    "exclusiveMinimum": lambda v, n: v > n, "exclusiveMaximum": lambda v, n: v < n}


def _within(holds: Callable[[Any, Any], bool], limit: Any) -> Callable[[Any], bool]:
    def test(value: Any) -> bool:
        other = _not_number(value)
        return bool(other) or (other is False and holds(value, limit))
    return test


def quick_check(schema: dict[str, Any]) -> Callable[[Any], bool] | None:
    """For a subschema of plain value keywords, a test that is True only when jsonschema would
    find nothing wrong (False: let jsonschema look); None for any other subschema."""
    keys = set(schema) - _NOTES
    if not keys <= _PLAIN:
        return None
    tests: list[Callable[[Any], bool]] = []
    kind = schema.get("type")
    if kind is not None:
        kinds = [_KIND_TESTS[k] for k in ([kind] if isinstance(kind, str) else kind)]
        tests.append(kinds[0] if len(kinds) == 1 else lambda v: any(t(v) for t in kinds))
    if "minLength" in schema:
        least = schema["minLength"]
        tests.append(lambda v: not isinstance(v, str) or _length(v) >= least)
    if "maxLength" in schema:
        most = schema["maxLength"]
        tests.append(lambda v: not isinstance(v, str) or _length(v) <= most)
    if "pattern" in schema:
        search = re.compile(schema["pattern"]).search
        tests.append(lambda v: not isinstance(v, str) or search(v) is not None)
    if "format" in schema:
        name = schema["format"]
        tests.append(lambda v: FORMATS.conforms(v, name))
    for key in ("enum", "const"):
        if key in schema:
            values = schema[key] if key == "enum" else [schema[key]]
            texts = {v for v in values if isinstance(v, str)}
            tests.append(lambda v, texts=texts: isinstance(v, str) and v in texts)
    for key, holds in _LIMITS.items():
        if key in schema:
            tests.append(_within(holds, schema[key]))

    def passes(value: Any) -> bool:
        for test in tests:
            if not test(value):
                return False
        return True

    return passes


@dataclass
class _Step:
    """A subschema, the validator made for it and its quick test."""

    schema: Any
    validator: Any
    quick: Callable[[Any], bool] | None


def _validator_class(registry: Registry) -> Any:
    """A validator class for one document: Draft 2020-12, lengths as typed, the kept
    validator per subschema and the `$ref`s looked up once."""
    steps: dict[int, _Step] = {}
    targets: dict[str, Any] = {}
    resolver = registry.resolver(base_uri=_BASE)

    def ref(validator: Any, pointer: str, instance: Any, schema: Any
            ) -> Iterator[ValidationError]:
        if pointer not in targets:
            targets[pointer] = resolver.lookup(pointer).contents  # raises Unresolvable
        yield from validator.descend(instance, targets[pointer])

    def descend(self: Any, instance: Any, schema: Any, path: Any = None,
                schema_path: Any = None, resolver: Any = None) -> Iterator[ValidationError]:
        step = steps.get(id(schema))
        if step is None or step.schema is not schema:
            if not isinstance(schema, dict):  # True or False
                yield from original(self, instance, schema, path, schema_path, resolver)
                return
            step = steps[id(schema)] = _Step(schema, self.evolve(schema=schema),
                                             quick_check(schema))
        if step.quick is not None and step.quick(instance):
            return
        for error in step.validator.iter_errors(instance):
            if path is not None:
                error.path.appendleft(path)
            if schema_path is not None:
                error.schema_path.appendleft(schema_path)
            yield error

    cls = extend(Draft202012Validator, {**LENGTHS, "$ref": ref})
    original = cls.descend
    cls.descend = descend
    return cls


@dataclass(eq=False)
class Compiled:
    """A schema made ready to check data with."""

    validator: Any
    document: dict[str, Any]  # tidied
    root: dict[str, Any]  # the model's root in it (references not followed)
    broken: bool = False  # a $ref could not be followed (logged once)
    _messages: dict[tuple[str, ...], str | None] = field(default_factory=dict)

    def property_message(self, names: tuple[str, ...]) -> str | None:
        """The `errorMessage` on the property a path ends in: Altinn asks for it there, beside
        a `$ref`, to cover what the referred definition finds wrong."""
        if names not in self._messages:
            self._messages[names] = self._find_message(names)
        return self._messages[names]

    def _find_message(self, names: tuple[str, ...]) -> str | None:
        node: Any = self.root
        for name in names:
            node = self._follow(node)
            while isinstance(node, dict) and "items" in node and "properties" not in node:
                node = self._follow(node["items"])
            props = node.get("properties") if isinstance(node, dict) else None
            if not isinstance(props, dict) or name not in props:
                return None
            node = props[name]
        found = node.get("errorMessage") if isinstance(node, dict) else None
        return found if isinstance(found, str) else None

    def _follow(self, node: Any) -> Any:
        for _ in range(16):
            if not isinstance(node, dict) or "$ref" not in node:
                break
            node = self.at(node["$ref"])
        if isinstance(node, dict) and "properties" not in node:
            for key in ("allOf", "oneOf", "anyOf"):
                parts = node.get(key)
                if isinstance(parts, list) and parts:
                    return self._follow(parts[0])
        return node

    def at(self, pointer: Any) -> Any:
        """The tidied node a local reference (`#/definitions/X`) points to, or None."""
        if not isinstance(pointer, str) or not pointer.startswith("#"):
            return None
        node: Any = self.document
        for part in pointer[1:].split("/")[1:]:
            part = part.replace("~1", "/").replace("~0", "~")
            if not isinstance(node, dict) or part not in node:
                return None
            node = node[part]
        return node


def compiled(schema: Schema) -> Compiled:
    """The validator for `schema`, made on first use and kept on it."""
    if isinstance(schema.compiled, Compiled):
        return schema.compiled
    dropped: list[str] = []
    document = tidy(schema.document, dropped)
    if dropped:
        log.warning("JSON Schema keywords left out (the validator cannot use them): %s",
                    "; ".join(dropped[:20]))
    registry = Registry().with_resource(_BASE, DRAFT202012.create_resource(document))
    pointer = root_pointer(schema)
    validator = _validator_class(registry)({"$ref": _BASE + pointer}, registry=registry,
                                           format_checker=FORMATS)
    made = Compiled(validator, document, {})
    root = made.at(pointer)
    made.root = root if isinstance(root, dict) else {}
    schema.compiled = made
    return made
