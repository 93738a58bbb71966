"""Map: the static, accessible fallback (no tile server, no JavaScript): a labelled text field
for the marker's position as "latitude,longitude", with a description of the format."""

from __future__ import annotations

import re
from typing import Any

from forms.components.base import Component, Prop, register

_NUMBER = r"[-+]?\d{1,3}(?:\.\d+)?"
_POSITION = re.compile(rf"^\s*({_NUMBER})\s*[,;]?\s+({_NUMBER})\s*$|^\s*({_NUMBER})\s*[,;]\s*"
                       rf"({_NUMBER})\s*$")


def normalise_position(text: str) -> str:
    """"59.91, 10.75" (or "59.91 10.75", "59.91;10.75") → "59.91,10.75"; else as typed."""
    match = _POSITION.match(text)
    if not match:
        return text.strip()
    lat, lon = [g for g in match.groups() if g is not None]
    return f"{lat.lstrip('+')},{lon.lstrip('+')}"


@register
class Map(Component):
    type_name = "Map"
    template = "components/map.html"
    is_form_field = True
    binding_names = ("simpleBinding", "geometries")
    props_spec = (
        Prop("layers", "array"),
        Prop("centerLocation", "object"),
        Prop("zoom", "integer"),
        Prop("geometryType", "string", choices=("GeoJSON", "WKT")),
        Prop("toolbar", "object"),
    )

    def read_post(self, form: Any) -> dict[str, str | None]:
        posted = super().read_post(form)  # the position only; geometries are not edited here
        text = posted.get("simpleBinding")
        if text:
            posted["simpleBinding"] = normalise_position(text)
        return posted
