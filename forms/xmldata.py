"""Form data between Altinn's XML and Blankett's JSON.

Altinn clients send and expect form data as the XML their app's XSD describes; Blankett keeps it
as JSON shaped by the app's JSON Schema. Both shapes come from the same XSD, so the JSON Schema
(with Altinn's `@xsd…` annotations) is enough to convert either way: properties are elements in
schema order, `"@xsdType": "XmlAttribute"` properties are attributes, and an
`XmlSimpleContentExtension` (or `XmlText`) property is the element's own text. Parsing goes
through defusedxml, so a document with a DTD, entities or external references is refused.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from decimal import Decimal, InvalidOperation
from typing import Any

import defusedxml
import defusedxml.ElementTree as SafeET

from forms.datamodel import Schema

XSI = "http://www.w3.org/2001/XMLSchema-instance"
_XSI_ALLOWED = {"nil", "schemaLocation", "noNamespaceSchemaLocation"}
_TEXT_KINDS = {"XmlText", "XmlSimpleContentExtension"}
_ROW_ID = "altinnRowId"
_MAX_DEPTH = 64  # far deeper than any generated model; stops runaway recursion
_INTEGER = re.compile(r"[+-]?\d+")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


class XmlDataError(ValueError):
    """XML form data that does not fit the data model; the message names the element path."""


# --- the schema, seen as XML ------------------------------------------------------------------


def root_element_name(schema: Schema) -> str:
    """The XML root element: `@xsdRootElement`, else the top-level property that wraps the
    model in older generated schemas (`"melding": {"$ref": "#/definitions/LikertSurvey"}`),
    else the classRef's name."""
    doc = schema.document
    named = doc.get("@xsdRootElement")
    if isinstance(named, str) and named:
        return named
    target = _root_ref(schema)
    props = doc.get("properties")
    if target and isinstance(props, dict):
        for key, prop in props.items():
            if isinstance(prop, dict) and prop.get("$ref") == target:
                return key
    if target:
        return target.rsplit("/", 1)[-1]
    if schema.root_name:
        return schema.root_name
    raise XmlDataError("the data model names no XML root element (@xsdRootElement)")


def _root_ref(schema: Schema) -> str | None:
    """The `$ref` of the model's root definition, when the schema wraps it."""
    info = schema.document.get("info")
    if isinstance(info, dict) and isinstance(info.get("rootNode"), str) and info["rootNode"]:
        return info["rootNode"]
    for defs in ("$defs", "definitions"):
        table = schema.document.get(defs)
        if schema.root_name and isinstance(table, dict) and schema.root_name in table:
            return f"#/{defs}/{schema.root_name}"
    return None


def target_namespace(schema: Schema) -> str | None:
    """The XSD's target namespace when the JSON Schema kept it (Altinn's generated schemas
    today keep none: then elements are written without a namespace)."""
    attrs = schema.document.get("@xsdSchemaAttributes")
    if isinstance(attrs, dict):
        for key, value in attrs.items():
            if key.lower() == "targetnamespace" and isinstance(value, str) and value:
                return value
    namespaces = schema.document.get("@xsdNamespaces")
    if isinstance(namespaces, dict) and isinstance(namespaces.get(""), str):
        return namespaces[""] or None
    return None


def _node(schema: Schema, raw: Any) -> dict[str, Any]:
    """A schema node with `$ref` followed and `allOf` folded in."""
    return schema._merge(schema._resolve(raw if isinstance(raw, dict) else {}))


def _xsd_kind(schema: Schema, raw: Any) -> str | None:
    """`@xsdType` of a property, which may sit beside its `$ref` or on the target."""
    if isinstance(raw, dict) and isinstance(raw.get("@xsdType"), str):
        return raw["@xsdType"]
    kind = _node(schema, raw).get("@xsdType")
    return kind if isinstance(kind, str) else None


def _is_array(node: dict[str, Any]) -> bool:
    return node.get("type") == "array" or "items" in node


def _is_object(node: dict[str, Any]) -> bool:
    return "properties" in node or node.get("type") == "object"


def _leaf_type(node: dict[str, Any]) -> str:
    kind = node.get("type", "string")
    if isinstance(kind, list):  # ["integer", "null"]
        kind = next((k for k in kind if k != "null"), "string")
    return kind if kind in ("integer", "number", "boolean") else "string"


class _Shape:
    """One object node's properties split the way XML sees them, in schema order."""

    def __init__(self, schema: Schema, node: dict[str, Any]) -> None:
        props = node.get("properties")
        props = props if isinstance(props, dict) else {}
        self.attributes: dict[str, dict[str, Any]] = {}
        self.elements: dict[str, Any] = {}
        self.text: tuple[str, dict[str, Any]] | None = None
        for name, raw in props.items():
            kind = _xsd_kind(schema, raw)
            if kind == "XmlAttribute":
                self.attributes[name] = _node(schema, raw)
            elif kind in _TEXT_KINDS:
                self.text = (name, _node(schema, raw))
            else:
                self.elements[name] = raw


# --- leaf values --------------------------------------------------------------------------------


def _parse_leaf(text: str, node: dict[str, Any], path: str) -> Any:
    """XML text → the schema's JSON type (int, int/float as Blankett's form data, bool, str)."""
    kind = _leaf_type(node)
    if kind == "string":
        return text
    value = text.strip()
    if value == "":
        return None  # an empty number or boolean is no value, as in typed form input
    if kind == "integer":
        if not _INTEGER.fullmatch(value):
            raise XmlDataError(f'{path}: "{text}" is not a whole number')
        return int(value)
    if kind == "number":
        return _parse_number(value, text, path)
    if value in ("true", "1"):
        return True
    if value in ("false", "0"):
        return False
    raise XmlDataError(f'{path}: "{text}" is not true or false')


def _parse_number(value: str, text: str, path: str) -> int | float:
    try:
        if not _NUMBER.fullmatch(value):
            raise InvalidOperation
        number = Decimal(value)
    except InvalidOperation:
        raise XmlDataError(f'{path}: "{text}" is not a number') from None
    return int(number) if number == number.to_integral_value() else float(number)


def _leaf_text(value: Any, node: dict[str, Any], path: str) -> str:
    """A JSON value → XML text; checked by reading it back, so output is always readable."""
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, (int, str)):
        text = str(value)
    elif isinstance(value, (float, Decimal)):
        text = _plain_decimal(value, path)
    else:
        raise XmlDataError(f"{path}: expected a single value, found {type(value).__name__}")
    if _leaf_type(node) != "string" and _parse_leaf(text, node, path) is None:
        raise XmlDataError(f"{path}: an empty text is no {_leaf_type(node)} value")
    bad = _NOT_XML.search(text)
    if bad is not None:
        raise XmlDataError(f"{path}: the character U+{ord(bad.group()):04X} cannot be written "
                           "in XML")
    return text


# What XML 1.0 cannot hold (its Char production): most control characters, lone surrogates and
# U+FFFE/U+FFFF. Refused, so stored form data can always be given, and handed off, as XML.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def without_non_xml(text: str) -> str:
    """`text` without the characters XML cannot hold (invisible in a browser anyway), for
    what people type or paste into a form."""
    return _NOT_XML.sub("", text)


def _plain_decimal(value: float | Decimal, path: str) -> str:
    """Numbers without exponent: xs:decimal has none."""
    number = Decimal(repr(value)) if isinstance(value, float) else value
    if not number.is_finite():
        raise XmlDataError(f"{path}: {value} is not a finite number")
    return format(number, "f")


# --- XML → JSON ---------------------------------------------------------------------------------


def to_json(xml: bytes, schema: Schema) -> dict[str, Any]:
    """Read Altinn XML form data into Blankett's JSON, checked against the data model."""
    root = _parse(xml)
    name = root_element_name(schema)
    namespace = target_namespace(schema)
    found_ns, local = _split(root.tag)
    if local != name or found_ns not in (None, namespace):
        raise XmlDataError(f"the root element is <{local}>, the data model's is <{name}>"
                           if local != name else
                           f"/{local}: namespace '{found_ns}' is not the data model's")
    return _read_object(root, schema, _node(schema, schema._root()), f"/{name}", namespace, 0)


def _parse(xml: bytes) -> ET.Element:
    try:
        return SafeET.fromstring(xml, forbid_dtd=True, forbid_entities=True,
                                 forbid_external=True)
    except defusedxml.DTDForbidden:
        raise XmlDataError("XML with a DTD (<!DOCTYPE …>) is refused") from None
    except defusedxml.EntitiesForbidden:
        raise XmlDataError("XML with entity declarations is refused") from None
    except defusedxml.ExternalReferenceForbidden:
        raise XmlDataError("XML with external references is refused") from None
    except ET.ParseError as error:
        raise XmlDataError(f"not well-formed XML: {error}") from None


def _split(tag: str) -> tuple[str | None, str]:
    if tag.startswith("{"):
        namespace, _, local = tag[1:].partition("}")
        return namespace, local
    return None, tag


def _is_nil(element: ET.Element) -> bool:
    return element.get(f"{{{XSI}}}nil", "").strip() in ("true", "1")


def _read_object(element: ET.Element, schema: Schema, node: dict[str, Any], path: str,
                 namespace: str | None, depth: int) -> dict[str, Any]:
    if depth > _MAX_DEPTH:
        raise XmlDataError(f"{path}: nested too deeply")
    shape = _Shape(schema, node)
    data: dict[str, Any] = {}
    _read_attributes(element, shape, path, data)
    _read_text(element, shape, path, data)
    counts: dict[str, int] = {}
    for child in element:
        _read_child(child, schema, shape, path, namespace, depth, counts, data)
    return data


def _read_attributes(element: ET.Element, shape: _Shape, path: str,
                     data: dict[str, Any]) -> None:
    for key, text in element.attrib.items():
        namespace, local = _split(key)
        if namespace == XSI and local in _XSI_ALLOWED:
            continue
        if namespace is not None or local not in shape.attributes:
            raise XmlDataError(f"{path}/@{local}: the data model has no such attribute")
        value = _parse_leaf(text, shape.attributes[local], f"{path}/@{local}")
        if value is not None:
            data[local] = value


def _read_text(element: ET.Element, shape: _Shape, path: str, data: dict[str, Any]) -> None:
    texts = [element.text or ""] + [child.tail or "" for child in element]
    if shape.text is not None:
        name, text_node = shape.text
        value = _parse_leaf("".join(texts), text_node, path)
        if value is not None:
            data[name] = value
    elif any(t.strip() for t in texts):
        raise XmlDataError(f"{path}: text is not allowed here, only elements")


def _read_child(child: ET.Element, schema: Schema, shape: _Shape, path: str,
                namespace: str | None, depth: int, counts: dict[str, int],
                data: dict[str, Any]) -> None:
    if not isinstance(child.tag, str):  # comments and processing instructions
        return
    found_ns, local = _split(child.tag)
    if local not in shape.elements:
        raise XmlDataError(f"{path}/{local}: the data model has no such element")
    if found_ns not in (None, namespace):
        raise XmlDataError(f"{path}/{local}: namespace '{found_ns}' is not the data model's")
    node = _node(schema, shape.elements[local])
    counts[local] = counts.get(local, 0) + 1
    if _is_array(node):
        item_path = f"{path}/{local}[{counts[local]}]"
        item = _node(schema, node.get("items", {}))
        data.setdefault(local, []).append(_read_value(child, schema, item, item_path,
                                                      namespace, depth))
        return
    if counts[local] > 1:
        raise XmlDataError(f"{path}/{local}: repeated, but the data model allows one")
    value = _read_value(child, schema, node, f"{path}/{local}", namespace, depth)
    if value is not None:
        data[local] = value


def _read_value(element: ET.Element, schema: Schema, node: dict[str, Any], path: str,
                namespace: str | None, depth: int) -> Any:
    """One element's value: None when nil, an object, or a converted leaf."""
    if _is_nil(element):
        if len(element) or (element.text or "").strip():
            raise XmlDataError(f'{path}: xsi:nil="true" but the element has content')
        return None
    if _is_array(node):
        raise XmlDataError(f"{path}: lists of lists cannot be written as XML")
    if _is_object(node):
        return _read_object(element, schema, node, path, namespace, depth + 1)
    if len(element):
        raise XmlDataError(f"{path}: expected a single value, found child elements")
    return _parse_leaf(element.text or "", node, path)


# --- JSON → XML ---------------------------------------------------------------------------------


def to_xml(data: dict[str, Any], schema: Schema) -> bytes:
    """Write Blankett's JSON form data as the XML Altinn clients expect (UTF-8, declared)."""
    name = root_element_name(schema)
    namespace = target_namespace(schema)
    root = ET.Element(_tag(name, namespace))
    _write_object(root, data, schema, _node(schema, schema._root()), f"/{name}", namespace, 0)
    if any(el.get(f"{{{XSI}}}nil") for el in root.iter()):
        ET.register_namespace("xsi", XSI)
    body = ET.tostring(root, encoding="unicode", default_namespace=namespace)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + body.encode("utf-8")


def _tag(name: str, namespace: str | None) -> str:
    return f"{{{namespace}}}{name}" if namespace else name


def _write_object(element: ET.Element, data: Any, schema: Schema, node: dict[str, Any],
                  path: str, namespace: str | None, depth: int) -> None:
    if not isinstance(data, dict):
        raise XmlDataError(f"{path}: expected an object, found {type(data).__name__}")
    if depth > _MAX_DEPTH:
        raise XmlDataError(f"{path}: nested too deeply")
    shape = _Shape(schema, node)
    known = set(shape.attributes) | set(shape.elements) | {shape.text[0] if shape.text else ""}
    for key in data:
        if key not in known and key != _ROW_ID:
            raise XmlDataError(f"{path}/{key}: the data model has no such property")
    for key, attr_node in shape.attributes.items():
        if data.get(key) is not None:
            element.set(key, _leaf_text(data[key], attr_node, f"{path}/@{key}"))
    if shape.text is not None and data.get(shape.text[0]) is not None:
        element.text = _leaf_text(data[shape.text[0]], shape.text[1], path)
    for key, raw in shape.elements.items():
        if data.get(key) is not None:
            _write_property(element, key, data[key], schema, _node(schema, raw), path,
                            namespace, depth)


def _write_property(parent: ET.Element, key: str, value: Any, schema: Schema,
                    node: dict[str, Any], path: str, namespace: str | None,
                    depth: int) -> None:
    if not _is_array(node):
        _write_value(parent, key, value, schema, node, f"{path}/{key}", namespace, depth)
        return
    if not isinstance(value, list):
        raise XmlDataError(f"{path}/{key}: expected a list, found {type(value).__name__}")
    item = _node(schema, node.get("items", {}))
    for index, entry in enumerate(value, start=1):
        _write_value(parent, key, entry, schema, item, f"{path}/{key}[{index}]", namespace,
                     depth)


def _write_value(parent: ET.Element, key: str, value: Any, schema: Schema,
                 node: dict[str, Any], path: str, namespace: str | None, depth: int) -> None:
    element = ET.SubElement(parent, _tag(key, namespace))
    if value is None:
        element.set(f"{{{XSI}}}nil", "true")
    elif _is_array(node):
        raise XmlDataError(f"{path}: lists of lists cannot be written as XML")
    elif _is_object(node):
        _write_object(element, value, schema, node, path, namespace, depth + 1)
    else:
        element.text = _leaf_text(value, node, path)
