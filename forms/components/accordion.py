"""Accordion: a titled part of the page that opens and closes, as a native `<details>` with the
title as a heading inside its `<summary>`, so it works without JavaScript and shows up in a
screen reader's list of headings."""

from __future__ import annotations

from typing import Any

from forms.components.base import Component, Prop, register

# Container types that give their content a heading (the level below theirs).
_HEADED = ("Accordion", "AccordionGroup", "Tabs", "Cards")


def heading_level(component: Component) -> int:
    """The heading level of a component's own heading: an explicit `headingLevel` (2–6), else
    one below the nearest container that has a heading, else 2 (the page's title is the h1)."""
    explicit = component.props.get("headingLevel")
    if isinstance(explicit, int) and not isinstance(explicit, bool) and 2 <= explicit <= 6:
        return explicit
    parent = component.parent
    while parent is not None and not _gives_heading(parent):
        parent = parent.parent
    return 2 if parent is None else min(heading_level(parent) + 1, 6)


def _gives_heading(component: Component) -> bool:
    if component.type_name == "AccordionGroup":
        return bool(component.texts.get("title"))
    return component.type_name in _HEADED


def children_of(component: Component, ids: list[Any]) -> list[Component]:
    """The claimed children with these ids, in this order (ids the loader refused are left
    out)."""
    by_id = {child.id: child for child in component.children}
    return [by_id[i] for i in ids if isinstance(i, str) and i in by_id]


@register
class Accordion(Component):
    type_name = "Accordion"
    template = "components/accordion.html"
    text_names = ("title",)
    props_spec = (
        Prop("children", "array", [], doc="Ids of the components inside"),
        Prop("openByDefault", "boolean", False, doc="Open when the page is shown"),
        Prop("headingLevel", "integer", choices=(2, 3, 4, 5, 6),
             doc="Level of the title's heading (default: below the enclosing heading)"),
    )

    def child_refs(self) -> list[str]:
        return [c for c in self.props.get("children") or [] if isinstance(c, str)]

    @property
    def level(self) -> int:
        return heading_level(self)

    def is_open(self, view: Any) -> bool:
        """Open by default, or because a field inside has an error the person must reach."""
        return bool(self.props.get("openByDefault")) or any(
            view.error(c) for c in self.walk() if c is not self)
