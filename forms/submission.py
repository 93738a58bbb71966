"""Applying a page post to the form data: read each visible, editable field of the page, turn the
text into the schema's type, and report what could not be read, keeping what was typed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from forms.components.base import Component
from forms.datamodel import CoercionError, coerce, set_value
from forms.definitions import Page
from forms.formatting import NumberFormat


class FormInput(Protocol):
    def get(self, key: str, default: Any = None) -> Any: ...
    def getlist(self, key: str) -> list[str]: ...
    def __contains__(self, key: object) -> bool: ...
    def keys(self) -> Any: ...


@dataclass
class PageUpdate:
    changed: bool = False
    errors: dict[str, str] = field(default_factory=dict)  # component id → message code
    typed: dict[str, str] = field(default_factory=dict)  # component id → text kept


Flag = Callable[[Component], bool]


def editable_fields(components: list[Component], hidden: Flag, read_only: Flag,
                    data: Any = None, posted: Any = None) -> list[Component]:
    """The visible, writable form fields among `components` and their descendants; the fields
    of a repeating group once per row of `data` (each bound into its row). With `posted` (the
    submitted keys), only the rows the post carries fields for."""
    from forms.components.repeatinggroup import expand_rows, posted_rows

    out: list[Component] = []
    for component in components:
        if hidden(component):
            continue
        if component.is_form_field and not read_only(component):
            out.append(component)
        if component.type_name == "RepeatingGroup":
            only = posted_rows(component, posted) if posted is not None else None
            for _index, _row_id, instances in expand_rows(component, data, only):
                out.extend(editable_fields(instances, hidden, read_only, data, posted))
            out.extend(editable_fields(getattr(component, "extra_children", []), hidden,
                                       read_only, data, posted))
        else:
            out.extend(editable_fields(component.children, hidden, read_only, data, posted))
    return out


def _never(component: Component) -> bool:
    return False


OptionValues = Callable[[Component], "set[str] | None"]


def apply_post(page: Page, data: dict[str, Any], form: FormInput, lang: str,
               options: OptionValues | None = None, hidden: Flag | None = None,
               read_only: Flag | None = None,
               formatting: Callable[[Component], dict[str, Any] | None] | None = None
               ) -> PageUpdate:
    """Read the page's visible, writable fields from `form` into `data`. `options` gives a
    choice component's allowed values (None: not known here, accept what comes); `hidden` and
    `read_only` decide which fields are taken (by default: none hidden, none read-only)."""
    from forms.components.repeatinggroup import follow_row_ids
    from forms.xmldata import without_non_xml

    update = PageUpdate()
    form = follow_row_ids(form, data)
    keys = list(form.keys()) if hasattr(form, "keys") else None
    for component in editable_fields(page.components, hidden or _never, read_only or _never,
                                     data, keys):
        allowed = options(component) if options is not None else None
        posted = component.read_post(form)
        picked_key = getattr(component, "picked_key", None)  # a List: the row as a whole
        if allowed is not None and picked_key is not None and posted:
            if picked_key(posted) not in allowed:
                update.errors[component.id] = "not_option"
                continue
            allowed = None
        for binding, text in posted.items():
            path = component.bindings.get(binding)
            if path is None:
                continue
            if text is None:
                continue  # not part of this post: leave the stored value alone
            if allowed is not None and text and (binding == "simpleBinding"
                                                 or component.type_name == "Likert"):
                chosen = text.split(",") if component.comma_separated else [text]
                if any(v not in allowed for v in chosen):
                    update.errors[component.id] = "not_option"
                    continue
            text = without_non_xml(text)
            number_format = (formatting(component) if formatting is not None
                             else component.props.get("formatting"))
            if number_format:
                text = NumberFormat(number_format, lang).unformat(text)
            try:
                value = coerce(text, component.field_type(binding), decimal_comma=lang != "en")
            except CoercionError as exc:
                update.errors[component.id] = exc.code
                update.typed[component.id] = text
                continue
            set_value(data, path, value)
            update.changed = True
    return update
