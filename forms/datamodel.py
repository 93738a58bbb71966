"""Form data shaped by the app's JSON Schema: read and write values by Altinn's dotted binding
paths (`a.b[2].c`), and turn what a person typed into the type the schema asks for."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

_PART = re.compile(r"^([^\[\]]+)((?:\[\d+\])*)$")


class BindingPathError(ValueError):
    """A binding path that cannot be read."""


def split_path(path: str) -> list[str | int]:
    """`a.b[2].c` → ["a", "b", 2, "c"]."""
    return list(_split_cached(path))


@lru_cache(maxsize=65536)
def _split_cached(path: str) -> tuple[str | int, ...]:
    parts: list[str | int] = []
    for piece in path.split("."):
        m = _PART.match(piece)
        if not m:
            raise BindingPathError(f"'{path}' is not a valid data model path")
        parts.append(m.group(1))
        parts.extend(int(i) for i in re.findall(r"\d+", m.group(2)))
    return tuple(parts)


def get_value(data: Any, path: str) -> Any:
    """The value at `path`, or None when any part of the way is missing."""
    node = data
    for part in _split_cached(path):
        if isinstance(part, int):
            if not isinstance(node, list) or part >= len(node):
                return None
        elif not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node


def set_value(data: dict[str, Any], path: str, value: Any) -> None:
    """Set `path` to `value`, creating objects and rows on the way; None removes the key."""
    parts = split_path(path)
    node: Any = data
    for i, part in enumerate(parts[:-1]):
        nxt = parts[i + 1]
        empty: Any = [] if isinstance(nxt, int) else {}
        if isinstance(part, int):
            while len(node) <= part:
                node.append({})
            if not isinstance(node[part], (dict, list)):
                node[part] = empty
        else:
            if not isinstance(node.get(part), (dict, list)):
                if value is None:
                    return
                node[part] = empty
        node = node[part]
    last = parts[-1]
    if isinstance(last, int):
        while len(node) <= last:
            node.append(None)
        node[last] = value
    elif value is None:
        node.pop(last, None)
    else:
        node[last] = value


@dataclass(frozen=True)
class FieldType:
    """What the schema says about one leaf field."""

    json_type: str = "string"  # string, integer, number, boolean
    format: str | None = None


STRING = FieldType()


class CoercionError(ValueError):
    """Typed text that does not fit the schema type; `code` picks the message shown."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _number(text: str, decimal_comma: bool) -> Decimal:
    """A typed number: spaces group digits; the decimal mark is "," in Norwegian (a "." is
    accepted too), while in English "," groups thousands."""
    cleaned = re.sub(r"[\s\u00a0\u202f]", "", text)
    cleaned = cleaned.replace(",", ".") if decimal_comma else cleaned.replace(",", "")
    if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d{1,2})?", cleaned):
        raise InvalidOperation
    number = Decimal(cleaned)
    if not number.is_finite() or abs(number) >= Decimal(10) ** 18:
        raise InvalidOperation
    return number


def coerce(text: str, field: FieldType, decimal_comma: bool = True) -> Any:
    """Turn submitted text into the schema's type. Empty text means no value (None)."""
    text = text.strip() if field.json_type != "string" else text
    if text == "":
        return None
    if field.json_type in ("integer", "number"):
        try:
            number = _number(text, decimal_comma)
        except InvalidOperation:
            raise CoercionError(f"not_{field.json_type}") from None
        whole = number == number.to_integral_value()
        if field.json_type == "integer":
            if not whole:
                raise CoercionError("not_integer")
            return int(number)
        return int(number) if whole else float(number)
    if field.json_type == "boolean":
        lowered = text.lower()
        if lowered in ("true", "1", "on", "yes"):
            return True
        if lowered in ("false", "0", "off", "no"):
            return False
        raise CoercionError("not_boolean")
    if field.format == "date":
        try:
            if not _ISO_DATE.match(text):
                raise ValueError(text)
            date.fromisoformat(text)
        except ValueError:
            raise CoercionError("not_date") from None
    return text


def resolve_ref(document: dict[str, Any], node: Any) -> dict[str, Any]:
    """Follow local `$ref`s to the node they name (the same object, so a caller may change
    it); {} for a reference that leads nowhere."""
    seen = 0
    while isinstance(node, dict) and "$ref" in node and seen < 32:
        ref = node["$ref"]
        if not isinstance(ref, str) or not ref.startswith("#/"):
            return {}
        target: Any = document
        for part in ref[2:].split("/"):
            part = part.replace("~1", "/").replace("~0", "~")
            if not isinstance(target, dict) or part not in target:
                return {}
            target = target[part]
        node = target
        seen += 1
    return node if isinstance(node, dict) else {}


def root_node(document: dict[str, Any], root_name: str | None = None) -> dict[str, Any]:
    """The model's root object. Older generated schemas wrap the model: the real root is the
    definition named by the data type's classRef (`root_name`) or `info.rootNode`, as
    Altinn's frontend finds it; and they often put the model under one property named after
    the root element with `oneOf`/`allOf`."""
    info = document.get("info")
    if isinstance(info, dict) and isinstance(info.get("rootNode"), str) and info["rootNode"]:
        return resolve_ref(document, {"$ref": info["rootNode"]})
    for defs in ("$defs", "definitions"):
        table = document.get(defs)
        if root_name and isinstance(table, dict) and root_name in table:
            return resolve_ref(document, table[root_name])
    root = resolve_ref(document, document)
    for key in ("oneOf", "anyOf", "allOf"):
        if "properties" not in root and isinstance(root.get(key), list) and root[key]:
            root = resolve_ref(document, root[key][0])
    return root


class Schema:
    """A data model's JSON Schema, with the leaf types of binding paths looked up once."""

    def __init__(self, document: dict[str, Any], root_name: str | None = None) -> None:
        self.document = document
        self.root_name = root_name
        self._types: dict[str, FieldType | None] = {}
        self.compiled: Any = None  # its validator, made on first use (validation/schema_validator)

    def _resolve(self, node: dict[str, Any]) -> dict[str, Any]:
        return resolve_ref(self.document, node)

    def _root(self) -> dict[str, Any]:
        return root_node(self.document, self.root_name)

    def node_at(self, path: str) -> dict[str, Any] | None:
        """The schema node for a binding path (row indices ignored), or None if absent."""
        try:
            parts = split_path(path)
        except BindingPathError:
            return None
        node = self._root()
        for part in parts:
            if isinstance(part, int):
                continue
            node = self._merge(node)
            if node.get("type") == "array" or "items" in node:
                node = self._merge(self._resolve(node.get("items", {})))
            props = node.get("properties")
            if not isinstance(props, dict) or part not in props:
                return None
            node = self._resolve(props[part])
        node = self._merge(node)
        return node

    def _merge(self, node: dict[str, Any], depth: int = 0) -> dict[str, Any]:
        """Fold `allOf` parts into one node (Altinn's XSD conversion uses them for restrictions)."""
        parts = node.get("allOf")
        if not isinstance(parts, list) or depth > 16:
            return {k: v for k, v in node.items() if k != "allOf"} if "allOf" in node else node
        merged = {k: v for k, v in node.items() if k != "allOf"}
        for part in parts:
            for k, v in self._merge(self._resolve(part), depth + 1).items():
                merged.setdefault(k, v)
        return merged

    def field_type(self, path: str) -> FieldType | None:
        if path not in self._types:
            self._types[path] = self._field_type(path)
        return self._types[path]

    def _field_type(self, path: str) -> FieldType | None:
        node = self.node_at(path)
        if node is None:
            return None
        kind = node.get("type", "string")
        if isinstance(kind, list):  # ["string", "null"]
            kind = next((k for k in kind if k != "null"), "string")
        if kind == "array" or "items" in node:
            return FieldType("array")
        if kind not in ("string", "integer", "number", "boolean", "object"):
            kind = "string"
        return FieldType(kind, node.get("format"))
