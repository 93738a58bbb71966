"""Subform: a table of entries, each its own data element of the data type of another layout
set (`layoutSet`, a set without tasks). Columns come from `tableColumns` (a header text and the
value at `cellContent.query` in the entry's data, or `cellContent.default`). Each row links to
its entry's first page and may be deleted; "Legg til" makes a new entry, up to the data type's
`maxCount` in the application metadata. The web layer puts the entries on the view
(`subform_entries`: data type → [(element id, data)]) and says where an entry's pages are
(`subform_url`), so nothing here needs Flask or the database.

Summaries show the entries as the table (Summary2 override `display: "table"`, the default) or
each entry's own summary under its name (`display: "full"`), from an entry view: a `PageView`
of the entry's layout set over its data, which the checks before submitting use too."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial
from typing import Any

from forms.components.base import Component, Prop, register
from forms.datamodel import BindingPathError, get_value


@dataclass(frozen=True)
class SubformRow:
    element_id: str
    name: str  # what the row's buttons, errors and summary headings are named by
    cells: list[str]
    data: dict[str, Any] = field(default_factory=dict, compare=False)


@dataclass
class EntrySummary:
    """One entry in a full summary: its row, its own view and its pages' summary sections."""

    row: SubformRow
    view: Any  # PageView of the entry's layout set
    sections: list[Any]  # SummarySection, one per visible page with something to show


@dataclass
class SubformSummary:
    """A Subform inside a summary: the table of entries, or with `full` each entry's summary."""

    component: Subform
    title: str
    full: bool
    headers: list[str]
    rows: list[SubformRow]
    entries: list[EntrySummary] = field(default_factory=list)


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

    def title(self, view: Any) -> str:
        return view.text(self.texts.get("title")) or self.id

    # ---- entries -------------------------------------------------------------------------
    def entries(self, view: Any) -> list[tuple[str, dict[str, Any]]]:
        return list(view.subform_entries.get(self.data_type(view.app) or "", []))

    def limits(self, view: Any) -> tuple[int, int]:
        """(minCount, maxCount) of the entries' data type; 0 means no limit, as in Altinn."""
        meta = view.app.data_type(self.data_type(view.app) or "") or {}
        least, most = meta.get("minCount"), meta.get("maxCount")
        return (least if isinstance(least, int) and least > 0 else 0,
                most if isinstance(most, int) and most > 0 else 0)

    def is_full(self, view: Any) -> bool:
        most = self.limits(view)[1]
        return bool(most) and len(self.entries(view)) >= most

    def _columns(self) -> list[dict[str, Any]]:
        return [c for c in self.props.get("tableColumns") or [] if isinstance(c, dict)]

    def headers(self, view: Any) -> list[str]:
        return [view.text(c.get("headerContent")) or "" for c in self._columns()]

    def rows(self, view: Any) -> list[SubformRow]:
        out = []
        for index, (element_id, data) in enumerate(self.entries(view)):
            cells = [self._cell(view, column, data) for column in self._columns()]
            name = view.ui("row_n", index + 1)
            if cells and cells[0]:
                name += f" ({cells[0]})"
            out.append(SubformRow(element_id, name, cells, data))
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

    # ---- what a person may do ------------------------------------------------------------
    def can_add(self, view: Any) -> bool:
        """The add button is shown: allowed, the page can change, and there is room left."""
        return (self.props.get("showAddButton") is not False and not view.is_read_only(self)
                and self.data_type(view.app) is not None and not self.is_full(view)
                and view.subform_url is not None)

    def says_full(self, view: Any) -> bool:
        """The add button is missing only because the entries reached `maxCount`: say so."""
        return (self.is_full(view) and self.props.get("showAddButton") is not False
                and not view.is_read_only(self) and view.subform_url is not None)

    def can_delete(self, view: Any) -> bool:
        return (self.props.get("showDeleteButton") is not False and not view.is_read_only(self)
                and view.subform_url is not None)

    def entry_url(self, view: Any, element_id: str) -> str | None:
        """The first page of an entry, where the web layer serves entries."""
        first = self.first_page(view.app)
        if view.subform_url is None or first is None:
            return None
        return str(view.subform_url(element_id, first))

    def error_key(self, element_id: str) -> str:
        """The error id of an entry that misses answers: its table row's element id."""
        return f"{self.id}__row_{element_id}"

    # ---- an entry as a page view ---------------------------------------------------------
    def entry_view(self, view: Any, row: SubformRow, read_only: bool = False) -> Any:
        """A `PageView` of the entry's layout set over its data (None without pages), for its
        checks and its summary (read-only there: no change links)."""
        from forms.render import PageView

        layout_set = self.layout_set(view.app)
        first = self.first_page(view.app)
        if layout_set is None or first is None:
            return None
        opens = view.subform_url is not None
        page_url = partial(view.subform_url, row.element_id) if opens else (lambda _name: "")
        return PageView(view.app, layout_set, layout_set.pages[first], row.data, view.lang,
                        page_url, show_unsupported=view.show_unsupported, read_only=read_only,
                        instance_info=view.instance_info)

    def summary(self, view: Any, overrides: dict[str, dict[str, Any]],
                hide_empty: bool = False) -> SubformSummary:
        """The entries for a summary: the table, or each entry's pages when the Summary2
        override for this component says `display: full` (its other overrides apply inside
        the entries too)."""
        rows = self.rows(view)
        full = overrides.get(self.id, {}).get("display") == "full"
        found = SubformSummary(self, self.title(view), full, self.headers(view), rows)
        for row in rows if full else []:  # change links only where entries can be opened
            entry = self.entry_view(view, row, view.read_only or view.subform_url is None)
            if entry is not None:
                sections = entry.page_summaries(entry.pages(), overrides, hide_empty)
                found.entries.append(EntrySummary(row, entry, sections))
        return found
