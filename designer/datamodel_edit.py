"""A data model's JSON Schema as the designer offers it: its fields as binding paths with their
types (for the binding select and the sample data of the expression editor), and adding a
field, so an admin can bind a new component without leaving the browser. The schema is changed
in place, keeping its key order (the order of `properties` is the model's field order)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from forms.datamodel import resolve_ref, root_node

# The types an admin may give a new field, and their JSON Schema.
NEW_FIELD_TYPES: dict[str, dict[str, Any]] = {
    "text": {"type": "string"},
    "integer": {"type": "integer"},
    "number": {"type": "number"},
    "boolean": {"type": "boolean"},
    "date": {"type": "string", "format": "date"},
}
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")
_MAX_DEPTH = 12


@dataclass(frozen=True)
class SchemaField:
    """One binding path of the model: a leaf (string, integer, number, boolean, date) or a
    list of rows (array), which a repeating group binds to."""

    path: str
    kind: str  # string, integer, number, boolean, date, array
    enum: tuple[Any, ...] = ()


class FieldError(ValueError):
    """A new field that cannot be added; `code` names the reason for the message."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def schema_file(files: list[str], data_type: str, class_ref: str | None) -> str:
    """The schema file of a data type as the loader finds it: `<id>.schema.json`, or the one
    named after its classRef; `models/<id>.schema.json` when there is neither."""
    wanted = f"models/{data_type}.schema.json"
    if wanted in files or not class_ref:
        return wanted
    by_class = f"models/{class_ref.rsplit('.', 1)[-1]}.schema.json"
    return by_class if by_class in files else wanted


# ---- reading -----------------------------------------------------------------------------


def _properties(document: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    """A node's properties, with those of its `allOf` parts."""
    found: dict[str, Any] = {}
    for part in node.get("allOf") or []:
        found.update(_properties(document, resolve_ref(document, part)))
    props = node.get("properties")
    if isinstance(props, dict):
        found.update(props)
    return found


def _kind(document: dict[str, Any], node: dict[str, Any]) -> str:
    for part in node.get("allOf") or []:
        resolved = resolve_ref(document, part)
        if "type" not in node and "type" in resolved:
            node = {**resolved, **node}
    kind = node.get("type", "object" if "properties" in node else "string")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "string")
    if kind == "array" or "items" in node:
        return "array"
    if kind == "string" and node.get("format") == "date":
        return "date"
    return kind if kind in ("string", "integer", "number", "boolean", "object") else "string"


def fields(document: dict[str, Any], root_name: str | None = None) -> list[SchemaField]:
    """Every binding path of the model in the schema's order (rows' fields without indices)."""
    out: list[SchemaField] = []
    _walk_fields(document, root_node(document, root_name), "", out, 0)
    return out


def _walk_fields(document: dict[str, Any], node: dict[str, Any], prefix: str,
                 out: list[SchemaField], depth: int) -> None:
    if depth > _MAX_DEPTH:
        return
    for name, child in _properties(document, node).items():
        if not isinstance(name, str) or name.startswith("@"):
            continue
        path = f"{prefix}.{name}" if prefix else name
        resolved = resolve_ref(document, child)
        kind = _kind(document, resolved)
        if kind == "object":
            _walk_fields(document, resolved, path, out, depth + 1)
            continue
        enum = resolved.get("enum")
        out.append(SchemaField(path, kind, tuple(enum) if isinstance(enum, list) else ()))
        if kind == "array":
            items = resolve_ref(document, resolved.get("items", {}))
            if _kind(document, items) == "object":
                _walk_fields(document, items, path, out, depth + 1)


def sample_data(document: dict[str, Any], root_name: str | None = None) -> dict[str, Any]:
    """Data with a typical value in every field (one row in each list), for trying
    expressions out before anyone has filled in the form."""
    return _sample_object(document, root_node(document, root_name), 0)


_TYPICAL: dict[str, Any] = {"string": "tekst", "integer": 1, "number": 1.5, "boolean": True,
                            "date": "2024-01-31"}


def _sample_object(document: dict[str, Any], node: dict[str, Any], depth: int
                   ) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if depth > _MAX_DEPTH:
        return out
    for name, child in _properties(document, node).items():
        if not isinstance(name, str) or name.startswith("@"):
            continue
        resolved = resolve_ref(document, child)
        kind = _kind(document, resolved)
        if kind == "object":
            out[name] = _sample_object(document, resolved, depth + 1)
        elif kind == "array":
            items = resolve_ref(document, resolved.get("items", {}))
            out[name] = ([_sample_object(document, items, depth + 1)]
                         if _kind(document, items) == "object" else [])
        else:
            enum = resolved.get("enum")
            out[name] = enum[0] if isinstance(enum, list) and enum else _TYPICAL[kind]
    return out


# ---- changing ----------------------------------------------------------------------------


def check_new_path(path: str) -> list[str]:
    """The parts of a new field's path ("a.b"); FieldError when it is not a plain path."""
    parts = path.strip().split(".")
    if not path.strip() or not all(_NAME.match(part) for part in parts):
        raise FieldError("bad_path")
    return parts


def add_field(document: dict[str, Any], path: str, field_type: str,
              root_name: str | None = None) -> None:
    """Add the field `path` of `field_type` (a key of NEW_FIELD_TYPES) to the schema, making
    the objects on the way ("a.b" makes `a` an object); the other keys keep their order."""
    if field_type not in NEW_FIELD_TYPES:
        raise FieldError("bad_type")
    parts = check_new_path(path)
    node = root_node(document, root_name)
    for part in parts[:-1]:
        existing = _properties(document, node).get(part)
        if existing is None:
            child: dict[str, Any] = {"type": "object", "properties": {}}
            node.setdefault("properties", {})[part] = child
            node = child
            continue
        resolved = resolve_ref(document, existing)
        kind = _kind(document, resolved)
        if kind == "array":
            resolved = resolve_ref(document, resolved.get("items", {}))
            kind = _kind(document, resolved)
        if kind != "object":
            raise FieldError("not_object")
        node = resolved
    if parts[-1] in _properties(document, node):
        raise FieldError("exists")
    if not isinstance(node.get("properties"), dict):
        node["properties"] = {}
    node["properties"][parts[-1]] = dict(NEW_FIELD_TYPES[field_type])
