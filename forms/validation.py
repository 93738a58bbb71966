"""Checks run before a task may end, and before a subform entry is closed. For now: required
fields on every visible page, with Altinn's message form ("Du må fylle ut …"); hidden components
are never required. A repeating group needs its `minCount` rows; a subform its data type's
`minCount` entries, each of them complete."""

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
            if component.type_name == "Subform":
                errors.update(_subform_errors(view, component))
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
        if component.is_form_field or component.type_name == "Subform":
            out.append((component, link))
        if component.type_name == "RepeatingGroup":
            least = component.props.get("minCount") or 0
            if least and view.row_count(component) < least:
                out.append((component, link))  # checked as a field: too few rows
            steps = component.editor_page_count  # type: ignore[attr-defined]
            for row in view.rows(component):
                if row.hidden:
                    continue
                row_link = f"{view.page_url(page)}?edit={component.id}:{row.row_id}"
                for step in range(steps):  # a multiPage editor opens on the field's page
                    here = [i for i in row.instances
                            if steps == 1 or component.editor_page(i) == step]  # type: ignore
                    step_link = row_link + (f"&editpage={component.id}:{step}" if step else "")
                    out.extend(_visible_fields(view, here, page, step_link))
            out.extend(_visible_fields(view, getattr(component, "extra_children", []), page,
                                       link))
        else:
            out.extend(_visible_fields(view, component.children, page, link))
    return out


def _subform_errors(view: PageView, subform: Component) -> dict[str, str]:
    """Too few entries (linked to the add button when it is there), and each entry with a
    required answer missing (linked to that entry, whose own check shows which)."""
    errors: dict[str, str] = {}
    title = subform.title(view)  # type: ignore[attr-defined]
    rows = subform.rows(view)  # type: ignore[attr-defined]
    least = subform.limits(view)[0]  # type: ignore[attr-defined]
    if len(rows) < least:
        errors[subform.id] = (view.ui("subform_min_one", title) if least == 1
                              else view.ui("subform_min_many", least, title))
        if subform.can_add(view):  # type: ignore[attr-defined]
            here = subform.page == view.page.name
            view.error_links[subform.id] = (
                f"{'' if here else view.page_url(subform.page)}#{subform.id}__add")
    for row in rows:
        entry = subform.entry_view(view, row)  # type: ignore[attr-defined]
        if entry is not None and required_errors(entry):
            key = subform.error_key(row.element_id)  # type: ignore[attr-defined]
            errors[key] = view.ui("subform_entry_incomplete", row.name, title)
            link = subform.entry_url(view, row.element_id)  # type: ignore[attr-defined]
            if link:
                view.error_links[key] = link
    return errors
