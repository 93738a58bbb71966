"""Subform: a table of entries, each its own data element of the data type of another layout
set (`layoutSet`, a set without tasks). Columns come from `tableColumns` (a header text and the
value at `cellContent.query` in the entry's data, or `cellContent.default`). Each row links to
its entry's first page and may be deleted; "Legg til" makes a new entry. The web layer puts the
entries on the view (`subform_entries`: data type → [(element id, data)]), so nothing here needs
Flask or the database."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from forms.components.base import Component, Prop, register
from forms.datamodel import BindingPathError, get_value


@dataclass(frozen=True)
class SubformRow:
    element_id: str
    name: str  # what the row's buttons are named by
    cells: list[str]


@register
class Subform(Component):
    type_name = "Subform"
    template = "components/subform.html"
    text_names = ("title", "description", "addButton")
    props_spec = (
        Prop("layoutSet", "string", doc="The layout set of each entry (a set without tasks)"),
        Prop("tableColumns", "array", [], doc="[{headerContent, cellContent{query, default}}]"),
        Prop("showAddButton", "boolean", True),
        Prop("showDeleteButton", "boolean", True),
    )

    def layout_set(self, app: Any) -> Any:
        return app.layout_sets.get(self.props.get("layoutSet") or "")

    def data_type(self, app: Any) -> str | None:
        layout_set = self.layout_set(app)
        return layout_set.data_type if layout_set is not None else None

    def first_page(self, app: Any) -> str | None:
        layout_set = self.layout_set(app)
        pages = layout_set.navigable_pages() if layout_set is not None else []
        return pages[0].name if pages else None

    def _columns(self) -> list[dict[str, Any]]:
        return [c for c in self.props.get("tableColumns") or [] if isinstance(c, dict)]

    def headers(self, view: Any) -> list[str]:
        return [view.text(c.get("headerContent")) or "" for c in self._columns()]

    def rows(self, view: Any) -> list[SubformRow]:
        out = []
        for index, (element_id, data) in enumerate(
                view.subform_entries.get(self.data_type(view.app) or "", [])):
            cells = [self._cell(view, column, data) for column in self._columns()]
            name = view.ui("row_n", index + 1)
            if cells and cells[0]:
                name += f" ({cells[0]})"
            out.append(SubformRow(element_id, name, cells))
        return out

    @staticmethod
    def _cell(view: Any, column: dict[str, Any], data: dict[str, Any]) -> str:
        content = column.get("cellContent")
        content = content if isinstance(content, dict) else {}
        query = content.get("query")
        value = None
        if isinstance(query, str) and query:
            try:
                value = get_value(data, query)
            except BindingPathError:
                value = None
        if value is None or value == "" or isinstance(value, (dict, list)):
            default = content.get("default")
            return view.text(default) if default else ""
        return str(value).lower() if isinstance(value, bool) else str(value)

    def can_add(self, view: Any) -> bool:
        return (self.props.get("showAddButton") is not False and not view.is_read_only(self)
                and self.data_type(view.app) is not None)

    def can_delete(self, view: Any) -> bool:
        return self.props.get("showDeleteButton") is not False and not view.is_read_only(self)

    def instance_ref(self, view: Any) -> tuple[int, str] | None:
        """(party id, instance id) of the instance the page belongs to, for the entry links."""
        party, _, guid = str((view.instance_info or {}).get("id") or "").partition("/")
        return (int(party), guid) if party.isdigit() and guid else None
