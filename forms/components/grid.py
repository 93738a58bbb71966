"""Grid: a real table whose cells hold texts, other components' labels, or components (which
render in their own slots, labels and all, inside the cell)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup

from forms.components.base import Component, Prop, register


@dataclass(frozen=True)
class GridCell:
    kind: str  # "component", "text", "label" or "empty"
    component: Component | None = None
    text: Markup | None = None
    help: Markup | None = None
    align: str | None = None  # left, center or right, as written


@dataclass(frozen=True)
class GridRow:
    header: bool
    read_only: bool
    cells: list[GridCell] = field(default_factory=list)


def _cells(row: Any) -> list[Any]:
    cells = row.get("cells") if isinstance(row, dict) else None
    return cells if isinstance(cells, list) else []


@register
class Grid(Component):
    type_name = "Grid"
    template = "components/grid.html"
    props_spec = (Prop("rows", "array", [], doc="[{header, readOnly, cells: [...]}]"),)

    def child_refs(self) -> list[str]:
        return [cell["component"] for row in self.props.get("rows") or []
                for cell in _cells(row)
                if isinstance(cell, dict) and isinstance(cell.get("component"), str)]

    def table_rows(self, view: Any) -> list[GridRow]:
        """The rows to show: a row whose components are all hidden is left out, as in Altinn."""
        children = {child.id: child for child in self.children}
        out = []
        for row in self.props.get("rows") or []:
            if not isinstance(row, dict):
                continue
            cells = [self._cell(view, cell, children) for cell in _cells(row)]
            components = [cell.component for cell in cells if cell.component is not None]
            if components and all(view.hidden(c) for c in components):
                continue
            out.append(GridRow(row.get("header") is True, row.get("readOnly") is True, cells))
        return out

    @staticmethod
    def head_count(rows: list[GridRow]) -> int:
        """How many leading header rows form the table's `<thead>`."""
        count = 0
        while count < len(rows) and rows[count].header:
            count += 1
        return count

    @staticmethod
    def _cell(view: Any, cell: Any, children: dict[str, Component]) -> GridCell:
        if not isinstance(cell, dict):
            return GridCell("empty")
        align = cell.get("alignText") if cell.get("alignText") in (
            "left", "center", "right") else None
        if isinstance(cell.get("component"), str):
            child = children.get(cell["component"])
            return GridCell("component", child) if child is not None else GridCell("empty")
        if isinstance(cell.get("labelFrom"), str):
            target = view.layout_set.components.get(cell["labelFrom"])
            label = view.label(target) if target is not None else None
            return GridCell("label", text=label or None, align=align)
        if cell.get("text") is not None:
            text = view.html(cell.get("text"))
            help_text = view.html(cell["help"], inline=False) if cell.get("help") else None
            return GridCell("text", text=text, help=help_text, align=align)
        return GridCell("empty")
