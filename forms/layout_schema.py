"""A JSON Schema for layout files, generated from the component declarations, so editors (and
the designer) check layouts with the same rules Blankett reads them by. Properties Blankett does
not declare are allowed: Altinn's format has more than any one type uses."""

from __future__ import annotations

from typing import Any

from forms.components import REGISTRY
from forms.components.base import ID_PATTERN, Component, Prop

_KINDS: dict[str, Any] = {
    "string": {"type": "string"},
    "integer": {"type": "integer"},
    "number": {"type": "number"},
    "boolean": {"type": "boolean"},
    "object": {"type": "object"},
    "array": {"type": "array"},
    "expression": {"$ref": "#/$defs/expressionOrValue"},
    "any": {},
}


def _prop(prop: Prop) -> dict[str, Any]:
    schema = dict(_KINDS.get(prop.kind, {}))
    if prop.choices:
        schema = {"enum": list(prop.choices)}
    if prop.default is not None and prop.default not in ([], {}):
        schema["default"] = prop.default
    if prop.doc:
        schema["description"] = prop.doc
    return schema


def component_schema(cls: type[Component], name: str | None = None) -> dict[str, Any]:
    properties: dict[str, Any] = {
        "id": {"type": "string", "pattern": ID_PATTERN.pattern},
        "type": {"const": name or cls.type_name},
        "hidden": {"$ref": "#/$defs/booleanExpression"},
    }
    if cls.is_form_field:
        properties["required"] = {"$ref": "#/$defs/booleanExpression"}
        properties["readOnly"] = {"$ref": "#/$defs/booleanExpression"}
    if cls.text_names:
        properties["textResourceBindings"] = {
            "type": "object",
            "properties": {name: {"$ref": "#/$defs/text"} for name in cls.text_names},
        }
    if cls.binding_names:
        properties["dataModelBindings"] = {
            "type": "object",
            "properties": {name: {"$ref": "#/$defs/binding"} for name in cls.binding_names},
        }
    for prop in cls.props_spec:
        properties[prop.name] = _prop(prop)
    return {"type": "object", "required": ["id", "type"], "properties": properties,
            "description": (cls.__doc__ or cls.type_name).strip().splitlines()[0]}


def layout_schema() -> dict[str, Any]:
    """The schema of one layout page file (`App/ui/<set>/layouts/<page>.json`)."""
    types = dict(REGISTRY)  # aliases (Heading for Header) included
    defs: dict[str, Any] = {
        "expression": {"type": "array", "minItems": 1, "prefixItems": [{"type": "string"}]},
        "expressionOrValue": {},
        "booleanExpression": {"anyOf": [{"type": "boolean"}, {"$ref": "#/$defs/expression"}]},
        "text": {"anyOf": [{"type": "string"}, {"$ref": "#/$defs/expression"}]},
        "binding": {"anyOf": [{"type": "string"}, {
            "type": "object", "required": ["field"],
            "properties": {"field": {"type": "string"}, "dataType": {"type": "string"}}}]},
    }
    branches = []
    for name, cls in sorted(types.items()):
        defs[name] = component_schema(cls, name)
        branches.append({"if": {"properties": {"type": {"const": name}}, "required": ["type"]},
                         "then": {"$ref": f"#/$defs/{name}"}})
    defs["component"] = {"type": "object", "required": ["id", "type"],
                         "properties": {"id": {"type": "string"}, "type": {"type": "string"}},
                         "allOf": branches}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Blankett layout page",
        "type": "object",
        "required": ["data"],
        "properties": {"data": {"type": "object", "required": ["layout"], "properties": {
            "hidden": {"$ref": "#/$defs/booleanExpression"},
            "layout": {"type": "array", "items": {"$ref": "#/$defs/component"}},
        }}},
        "$defs": defs,
    }
