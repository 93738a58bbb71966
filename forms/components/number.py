"""Number: a number shown with its title, laid out by `formatting` (currency, unit,
separators) as Altinn's frontend shows it."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from forms.components.base import Prop, register
from forms.components.text import DISPLAY_PROPS, DisplayComponent
from forms.formatting import format_numeric_text


def number_text(value: Any) -> str:
    """A number as JavaScript writes it (2000, 20000.2); text is kept as it is."""
    if value is None or isinstance(value, (bool, dict, list)):
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value).strip()


@register
class Number(DisplayComponent):
    type_name = "Number"
    template = "components/number.html"
    props_spec = DISPLAY_PROPS + (
        Prop("formatting", "object", doc="Number, currency or unit formatting, as for Input"),
    )

    def display(self, view: Any) -> str:
        text = number_text(self.resolved(view))
        return format_numeric_text(text, view.formatting(self), view.lang) if text else ""
