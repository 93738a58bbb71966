"""Choosing among options: RadioButtons, Checkboxes and Dropdown."""

from __future__ import annotations

from typing import Any

from forms.components.base import Component, Prop, register

OPTION_PROPS = (
    Prop("optionsId", "string", doc="Options file id (App/options/<id>.json)"),
    Prop("options", "array", doc="Inline option list"),
    Prop("preselectedOptionIndex", "integer"),
    Prop("sortOrder", "string", choices=("asc", "desc")),
    Prop("secure", "boolean", False, doc="Options from the app's code for this instance"),
    Prop("queryParameters", "object", doc="{query key: expression} for the app's provider"),
    Prop("mapping", "object", doc="{data path: query key} for the app's provider (older)"),
)


class OptionsComponent(Component):
    is_form_field = True
    binding_names = ("simpleBinding",)
    props_spec = OPTION_PROPS


@register
class RadioButtons(OptionsComponent):
    type_name = "RadioButtons"
    template = "components/radiobuttons.html"
    props_spec = OPTION_PROPS + (
        Prop("layout", "string", choices=("column", "row", "table")),
        Prop("showAsCard", "boolean", False),
    )


@register
class Checkboxes(OptionsComponent):
    """Checked values are stored comma-separated in one string, as Altinn stores them."""

    type_name = "Checkboxes"
    template = "components/checkboxes.html"
    comma_separated = True
    props_spec = OPTION_PROPS + (Prop("layout", "string", choices=("column", "row", "table")),)

    def read_post(self, form: Any) -> dict[str, str | None]:
        if not self.binding:
            return {}
        # Present even when nothing is checked, so that unchecking everything is saved.
        if form.get(f"{self.binding}.__present") is None and self.binding not in form:
            return {"simpleBinding": None}
        values = [v for v in form.getlist(self.binding) if v != ""]
        return {"simpleBinding": ",".join(values)}


@register
class Dropdown(OptionsComponent):
    type_name = "Dropdown"
    template = "components/dropdown.html"
    props_spec = OPTION_PROPS + (Prop("autocomplete", "string"),)
