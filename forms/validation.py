"""Checks run before a task may end. For now: required fields on every visible page, with
Altinn's message form ("Du må fylle ut …"); hidden components are never required."""

from __future__ import annotations

from forms.components.base import Component
from forms.render import PageView


def _empty(view: PageView, component: Component) -> bool:
    value = view.raw_value(component)
    return value is None or value == "" or value == []


def required_errors(view: PageView) -> dict[str, str]:
    """Component id → message, for each required field left empty, in page order."""
    errors: dict[str, str] = {}
    for page in view.pages():
        for component in _visible_fields(view, page.components):
            if view.is_read_only(component):  # nobody can fill it in here
                continue
            if view.required(component) and _empty(view, component):
                short = view.text(component.texts.get("shortName"))
                custom = component.texts.get("requiredValidation")
                if custom:
                    errors[component.id] = view.text(custom)
                else:
                    name = short or view.label_text(component).lower()
                    errors[component.id] = view.ui("required_error", name)
    return errors


def _visible_fields(view: PageView, components: list[Component]) -> list[Component]:
    out: list[Component] = []
    for component in view.visible(components):
        if component.is_form_field:
            out.append(component)
        out.extend(_visible_fields(view, component.children))
    return out
