"""Text: a value shown with its title, as a term and its description (not a form field). The
value may be an expression. Number, Date and Option build on it."""

from __future__ import annotations

from typing import Any

from forms.components.base import Component, Prop, register
from forms.options import option_value

DISPLAY_PROPS = (
    Prop("value", "expression", doc="The value shown; may be an expression"),
    Prop("direction", "string", "horizontal", choices=("horizontal", "vertical")),
    Prop("icon", "string", doc="URL of an icon shown before the value"),
)


class DisplayComponent(Component):
    """A read-only value with a title; `display(view)` says how the value reads."""

    template = "components/text.html"
    text_names = ("title", "description", "help")
    props_spec = DISPLAY_PROPS

    def resolved(self, view: Any) -> Any:
        """`value`, with any expression evaluated for this component."""
        return view.dynamics.resolve_values(self.props.get("value"), self)

    def display(self, view: Any) -> str:
        value = self.resolved(view)
        return "" if isinstance(value, (dict, list)) else option_value(value)


@register
class Text(DisplayComponent):
    type_name = "Text"
