"""Checks run before a task may end. For now: required fields on every visible page, with
Altinn's message form ("Du må fylle ut …"); hidden components are never required."""

from __future__ import annotations

from forms.components.base import Component
from forms.render import PageView


def _empty(view: PageView, component: Component) -> bool:
    own = getattr(component, "is_empty", None)  # types with several bindings decide themselves
    if own is not None:
        return bool(own(view))
    value = view.raw_value(component)
    return value is None or value == "" or value == []


def required_errors(view: PageView) -> dict[str, str]:
    """Component id → message, for each required field left empty, in page order. A field in
    a repeating group row is linked to its page with that row open (`view.error_links`)."""
    errors: dict[str, str] = {}
    for page in view.pages():
        for component, link in _visible_fields(view, page.components, page.name):
            if view.is_read_only(component):  # nobody can fill it in here
                continue
            if component.type_name == "RepeatingGroup":
                least = component.props.get("minCount") or 0
                if view.row_count(component) < least:
                    title = view.text(component.texts.get("title")) or component.id
                    errors[component.id] = view.ui("min_rows", least, title)
                continue
            if view.required(component) and _empty(view, component):
                short = view.text(component.texts.get("shortName"))
                custom = component.texts.get("requiredValidation")
                if custom:
                    errors[component.id] = view.text(custom)
                else:
                    name = short or view.label_text(component).lower()
                    errors[component.id] = view.ui("required_error", name)
                if link:
                    view.error_links[component.id] = f"{link}#{component.id}"
    return errors


def _visible_fields(view: PageView, components: list[Component], page: str,
                    link: str | None = None) -> list[tuple[Component, str | None]]:
    """Visible fields with, for those inside a row, the link that opens their row."""
    out: list[tuple[Component, str | None]] = []
    for component in view.visible(components):
        if component.is_form_field:
            out.append((component, link))
        if component.type_name == "RepeatingGroup":
            least = component.props.get("minCount") or 0
            if least and view.row_count(component) < least:
                out.append((component, link))  # checked as a field: too few rows
            for row in view.rows(component):
                if not row.hidden:
                    row_link = f"{view.page_url(page)}?edit={component.id}:{row.row_id}"
                    out.extend(_visible_fields(view, row.instances, page, row_link))
            out.extend(_visible_fields(view, getattr(component, "extra_children", []), page,
                                       link))
        else:
            out.extend(_visible_fields(view, component.children, page, link))
    return out
