"""Tabs: named parts of a page. Every tab is a section with its title as a heading, all shown
at once, so each works without JavaScript and a screen reader can jump between them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from forms.components.accordion import children_of, heading_level
from forms.components.base import Component, Prop, register

_SIZES = {"small": "xs", "medium": "sm", "large": "md"}


@dataclass(frozen=True)
class Tab:
    key: str  # for element ids: `<tabs id>__<key>`
    title: Any
    children: list[Component]


def _items(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


@register
class Tabs(Component):
    type_name = "Tabs"
    template = "components/tabs.html"
    text_names = ()
    props_spec = (
        Prop("tabs", "array", [], doc="[{id, title, icon, children}]"),
        Prop("defaultTab", "string", doc="Id of the tab shown first (with tabs in a browser)"),
        Prop("size", "string", "medium", choices=("small", "medium", "large")),
    )

    def child_refs(self) -> list[str]:
        return [child for tab in _items(self.props.get("tabs")) if isinstance(tab, dict)
                for child in _items(tab.get("children")) if isinstance(child, str)]

    def tab_items(self) -> list[Tab]:
        out = []
        for i, tab in enumerate(_items(self.props.get("tabs"))):
            if not isinstance(tab, dict):
                continue
            ident = tab.get("id")
            key = ident if isinstance(ident, str) and ident else f"tab{i}"
            out.append(Tab(key, tab.get("title"), children_of(self, _items(tab.get("children")))))
        return out

    @property
    def level(self) -> int:
        return heading_level(self)

    @property
    def ds_size(self) -> str:
        return _SIZES.get(str(self.props.get("size")), "sm")
