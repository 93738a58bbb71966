"""Free-text fields: Input, TextArea and Datepicker."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from forms.components.base import Component, Prop, register

_NORWEGIAN_DATE = re.compile(r"^\s*(\d{1,2})[./-](\d{1,2})[./-](\d{4})\s*$")


@register
class Input(Component):
    type_name = "Input"
    template = "components/input.html"
    is_form_field = True
    binding_names = ("simpleBinding",)
    text_names = ("title", "description", "help", "prefix", "suffix")
    props_spec = (
        Prop("maxLength", "integer", doc="Most characters allowed"),
        Prop("autocomplete", "string", doc="HTML autocomplete token"),
        Prop("formatting", "object", doc="Number, currency or unit formatting"),
        Prop("variant", "string", "text", choices=("text", "search")),
        Prop("saveWhileTyping", "any"),
    )


@register
class TextArea(Component):
    type_name = "TextArea"
    template = "components/textarea.html"
    is_form_field = True
    binding_names = ("simpleBinding",)
    props_spec = (
        Prop("maxLength", "integer", doc="Most characters allowed"),
        Prop("autocomplete", "string"),
        Prop("saveWhileTyping", "any"),
    )


def _resolve_limit(value: Any) -> str | None:
    if value == "today":
        return date.today().isoformat()
    if isinstance(value, str) and len(value) >= 10:
        try:
            return date.fromisoformat(value[:10]).isoformat()
        except ValueError:
            return None
    return None


@register
class Datepicker(Component):
    """A native date input; the value is stored as an ISO date (yyyy-mm-dd)."""

    type_name = "Datepicker"
    template = "components/datepicker.html"
    is_form_field = True
    binding_names = ("simpleBinding",)
    props_spec = (
        Prop("minDate", "string", doc='ISO date or "today"'),
        Prop("maxDate", "string", doc='ISO date or "today"'),
        Prop("timeStamp", "boolean", False),
        Prop("format", "string", "dd.MM.yyyy"),
        Prop("autocomplete", "string"),
    )

    @property
    def min(self) -> str | None:
        return _resolve_limit(self.props.get("minDate"))

    @property
    def max(self) -> str | None:
        return _resolve_limit(self.props.get("maxDate"))

    def read_post(self, form: Any) -> dict[str, str | None]:
        posted = super().read_post(form)
        text = posted.get("simpleBinding")
        if text:
            m = _NORWEGIAN_DATE.match(text)  # browsers without a date widget send typed text
            if m:
                day, month, year = (int(g) for g in m.groups())
                posted["simpleBinding"] = f"{year:04d}-{month:02d}-{day:02d}"
        return posted
