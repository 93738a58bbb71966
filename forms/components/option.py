"""Option: the label of one option (from `optionsId` or `options`) for a value, shown with its
title."""

from __future__ import annotations

from typing import Any

from forms.components.base import Prop, register
from forms.components.text import DISPLAY_PROPS, DisplayComponent
from forms.options import option_value

OPTION_PROPS = (
    Prop("optionsId", "string", doc="Options file id (App/options/<id>.json)"),
    Prop("options", "array", doc="Inline option list"),
    Prop("secure", "boolean", False),
    Prop("sortOrder", "string", choices=("asc", "desc")),
    Prop("queryParameters", "object"),
    Prop("mapping", "object"),
)


@register
class Option(DisplayComponent):
    type_name = "Option"
    template = "components/option.html"
    props_spec = DISPLAY_PROPS + OPTION_PROPS

    def display(self, view: Any) -> str:
        value = self.resolved(view)
        if value is None or isinstance(value, (dict, list)):
            return ""
        return view.option_label(self, option_value(value))
