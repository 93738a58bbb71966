"""The form the repeating-group benchmarks measure: a group `personer` of five text fields."""

from __future__ import annotations

from typing import Any

FIELDS = ["navn", "rolle", "epost", "telefon", "alder"]


def person_group(required: bool = False, max_length: int | None = None
                 ) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """The group's components and its schema properties (each field a string, with
    `maxLength` when given)."""
    components: list[dict[str, Any]] = [
        {"id": "personer", "type": "RepeatingGroup", "dataModelBindings": {"group": "personer"},
         "textResourceBindings": {"title": "Personer"},
         "children": [f"person-{f}" for f in FIELDS]}]
    components += [{"id": f"person-{f}", "type": "Input", "required": required,
                    "textResourceBindings": {"title": f.capitalize()},
                    "dataModelBindings": {"simpleBinding": f"personer.{f}"}} for f in FIELDS]
    text: dict[str, Any] = {"type": "string"}
    if max_length is not None:
        text["maxLength"] = max_length
    schema = {"personer": {"type": "array", "items": {"type": "object", "properties": {
        "altinnRowId": {"type": "string"}, **{f: dict(text) for f in FIELDS}}}}}
    return components, schema
