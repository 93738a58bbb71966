"""Required answers: each visible, writable field marked `required` (static or by expression)
and left empty gets Altinn's message ("Du må fylle ut {shortName or the lowercased title}") or
the app's `requiredValidation` text; hidden components are never required. A repeating group
needs its `minCount` rows; a subform its data type's `minCount` entries, each complete."""

from __future__ import annotations

from forms.components.base import Component
from forms.render import PageView
from forms.validation.fields import FieldRef, Target
from forms.validation.issues import REQUIRED, Issue, Severity


def _empty(view: PageView, component: Component) -> bool:
    own = getattr(component, "is_empty", None)  # types with several bindings decide themselves
    if own is not None:
        return bool(own(view))
    value = view.raw_value(component)
    return value is None or value == "" or value == []


def check(target: Target) -> list[Issue]:
    view = target.view
    issues: list[Issue] = []
    for ref in target.fields:
        component = ref.component
        if view.is_read_only(component):  # nobody can fill it in here
            continue
        if component.type_name == "RepeatingGroup":
            least = component.props.get("minCount") or 0
            if least and view.row_count(component) < least:
                title = view.text(component.texts.get("title")) or component.id
                issues.append(_issue(target, ref, "minCount", view.ui("min_rows", least, title)))
            continue
        if component.type_name == "Subform":
            issues.extend(_subform_issues(target, ref))
            continue
        if view.required(component) and _empty(view, component):
            custom = component.texts.get("requiredValidation")
            if custom:
                message = view.text(custom)
            else:
                short = view.text(component.texts.get("shortName"))
                message = view.ui("required_error", short or view.label_text(component).lower())
            issues.append(_issue(target, ref, "required", message))
    return issues


def _issue(target: Target, ref: FieldRef, code: str, message: str) -> Issue:
    return Issue(Severity.ERROR, REQUIRED, code, message,
                 field=ref.component.bindings.get("simpleBinding")
                 or ref.component.bindings.get("group")
                 or next(iter(ref.component.bindings.values()), None),
                 component_id=ref.component.id, data_element_id=target.data_element_id,
                 link=target.link(ref))


def _subform_issues(target: Target, ref: FieldRef) -> list[Issue]:
    """Too few entries (linked to the add button when it is there), and each entry with an
    error (linked to that entry, whose own check shows which)."""
    from forms.validation.run import validate

    view, subform = target.view, ref.component
    issues: list[Issue] = []
    title = subform.title(view)  # type: ignore[attr-defined]
    rows = subform.rows(view)  # type: ignore[attr-defined]
    least = subform.limits(view)[0]  # type: ignore[attr-defined]
    if len(rows) < least:
        message = (view.ui("subform_min_one", title) if least == 1
                   else view.ui("subform_min_many", least, title))
        link = None
        if subform.can_add(view):  # type: ignore[attr-defined]
            here = subform.page == view.page.name
            link = f"{'' if here else view.page_url(subform.page)}#{subform.id}__add"
        issues.append(Issue(Severity.ERROR, REQUIRED, "minCount", message,
                            component_id=subform.id, link=link))
    for row in rows:
        entry = subform.entry_view(view, row)  # type: ignore[attr-defined]
        if entry is not None and any(i.blocks for i in validate(entry)):
            issues.append(Issue(
                Severity.ERROR, REQUIRED, "entryIncomplete",
                view.ui("subform_entry_incomplete", row.name, title),
                component_id=subform.error_key(row.element_id),  # type: ignore[attr-defined]
                data_element_id=row.element_id,
                link=subform.entry_url(view, row.element_id)))  # type: ignore[attr-defined]
    return issues
