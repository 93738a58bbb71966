"""TimePicker: a native time input; the value is stored as `HH:mm` (or `HH:mm:ss`)."""

from __future__ import annotations

import re
from typing import Any

from forms.components.base import Component, Prop, register

_TIME = re.compile(r"^\s*([01]?\d|2[0-3])[:.]([0-5]\d)(?:[:.]([0-5]\d))?\s*$")


@register
class TimePicker(Component):
    type_name = "TimePicker"
    template = "components/timepicker.html"
    is_form_field = True
    binding_names = ("simpleBinding",)
    props_spec = (
        Prop("format", "string", "HH:mm", choices=("HH:mm", "HH:mm:ss", "hh:mm a", "hh:mm:ss a")),
        Prop("minTime", "string", doc="Earliest time, HH:mm"),
        Prop("maxTime", "string", doc="Latest time, HH:mm"),
        Prop("autocomplete", "string"),
    )

    @property
    def with_seconds(self) -> bool:
        return ":ss" in str(self.props.get("format") or "")

    def read_post(self, form: Any) -> dict[str, str | None]:
        posted = super().read_post(form)
        text = posted.get("simpleBinding")
        if text:
            m = _TIME.match(text)  # browsers without a time widget send typed text
            if m:
                hours, minutes, seconds = int(m.group(1)), m.group(2), m.group(3) or "00"
                posted["simpleBinding"] = (f"{hours:02d}:{minutes}:{seconds}" if self.with_seconds
                                           else f"{hours:02d}:{minutes}")
        return posted
