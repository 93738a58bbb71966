"""Applying a page post to the form data: read each visible, editable field of the page, turn the
text into the schema's type, and report what could not be read, keeping what was typed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from forms.components.base import Component
from forms.datamodel import CoercionError, coerce, set_value
from forms.definitions import Page
from forms.dynamics import resolve_bool
from forms.formatting import NumberFormat


class FormInput(Protocol):
    def get(self, key: str, default: Any = None) -> Any: ...
    def getlist(self, key: str) -> list[str]: ...
    def __contains__(self, key: object) -> bool: ...


@dataclass
class PageUpdate:
    changed: bool = False
    errors: dict[str, str] = field(default_factory=dict)  # component id → message code
    typed: dict[str, str] = field(default_factory=dict)  # component id → text kept


def editable_fields(components: list[Component]) -> list[Component]:
    """The visible, writable form fields among `components` and their descendants."""
    out: list[Component] = []
    for component in components:
        if resolve_bool(component.hidden, False):
            continue
        if component.is_form_field and not resolve_bool(component.read_only, False):
            out.append(component)
        out.extend(editable_fields(component.children))
    return out


OptionValues = Callable[[Component], "set[str] | None"]


def apply_post(page: Page, data: dict[str, Any], form: FormInput, lang: str,
               options: OptionValues | None = None) -> PageUpdate:
    """Read the page's fields from `form` into `data`. `options` gives a choice component's
    allowed values (None: not known here, accept what comes)."""
    update = PageUpdate()
    for component in editable_fields(page.components):
        allowed = options(component) if options is not None else None
        for binding, text in component.read_post(form).items():
            path = component.bindings.get(binding)
            if path is None:
                continue
            if text is None:
                continue  # not part of this post: leave the stored value alone
            if allowed is not None and binding == "simpleBinding" and text:
                chosen = text.split(",") if component.type_name == "Checkboxes" else [text]
                if any(v not in allowed for v in chosen):
                    update.errors[component.id] = "not_option"
                    continue
            formatting = component.props.get("formatting")
            if formatting:
                text = NumberFormat(formatting, lang).unformat(text)
            try:
                value = coerce(text, component.field_type(binding), decimal_comma=lang != "en")
            except CoercionError as exc:
                update.errors[component.id] = exc.code
                update.typed[component.id] = text
                continue
            set_value(data, path, value)
            update.changed = True
    return update
