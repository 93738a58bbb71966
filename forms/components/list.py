"""List: a table of rows from the app's data list (`dataListId`), one of which a person picks.

The rows come from the app's code (`@data_list` in `App/logic`, Blankett's IDataListProvider),
asked with the component's `mapping` and `queryParameters` in its own row; without a provider,
an options file of the same id (`options/<dataListId>.json`) serves as rows of value, label and
description. Each row has a radio button named by the row; picking one stores the row's fields
through `dataModelBindings` ({field in the row: data model path}), as Altinn does, and the row
whose fields are stored is shown picked. Blankett sorts (`sortableColumns`) and pages
(`pagination.alternatives` and `default`) the rows itself, with plain links that work without
JavaScript. `summaryBinding` (a binding key) or the older `bindingToShowInSummary` (a data
path) decides what a summary shows, else every bound value."""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import urlencode

from markupsafe import Markup

from forms.components.base import Component, Prop, register
from forms.options import option_value
from forms.texts import plain_text

ListState = tuple[int, int, str, str]  # page, rows per page (0: default), sort column, asc/desc
_FIELD_SUFFIX = ".__row"  # the post's field: `<first binding path>.__row` = the picked row


def list_states(values: list[str]) -> dict[str, ListState]:
    """`?list=<component id>:<page>:<rows per page>:<sort column>:<asc|desc>` (one per List
    whose table is not at its first page or default order)."""
    states: dict[str, ListState] = {}
    for value in values:
        parts = value.split(":")
        if len(parts) != 5 or not parts[0] or not parts[1].isdigit() or not parts[2].isdigit():
            continue
        direction = parts[4] if parts[4] in ("asc", "desc") else "asc"
        states[parts[0]] = (int(parts[1]), int(parts[2]), parts[3], direction)
    return states


@dataclass(frozen=True)
class ListColumn:
    key: str
    header: Markup
    sort: str | None = None  # aria-sort (ascending, descending, none); None: not sortable
    href: str = ""  # the link that sorts by this column (or turns the order round)


@dataclass(frozen=True)
class ListRow:
    key: str  # what the post sends for this row: its bound fields, as JSON
    cells: list[Markup]
    label: str  # "Navn: Kari, Alder: 30": the radio button's name
    selected: bool


@dataclass(frozen=True)
class ListTable:
    columns: list[ListColumn]
    rows: list[ListRow]  # those on the page shown
    field_name: str  # empty when nothing can be picked (no bindings)
    page: int = 1
    page_links: tuple[tuple[int, str], ...] = ()  # (page, href), when more than one page
    size: int = 0  # rows per page (0: all)
    size_links: tuple[tuple[int, str], ...] = ()  # (rows per page, href): the alternatives


_NORWEGIAN = str.maketrans({"æ": "z\x01", "ø": "z\x02", "å": "z\x03"})


def _sort_key(value: Any) -> tuple[int, Any]:
    """Numbers as numbers, texts as a Norwegian reader orders them (æ, ø, å last), empty last."""
    if value is None or value == "":
        return (2, "")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return (0, value)
    text = str(value)
    try:
        number = Decimal(text.replace(",", "."))
    except InvalidOperation:
        number = None
    if number is not None and number.is_finite():
        return (0, number)
    return (1, text.casefold().translate(_NORWEGIAN))


@register
class List(Component):
    type_name = "List"
    template = "components/list.html"
    is_form_field = True
    text_names = ("title", "description", "help", "summaryTitle", "requiredValidation")
    props_spec = (
        Prop("dataListId", "string", doc="The app's data list (@data_list in App/logic)"),
        Prop("tableHeaders", "object", {}, doc="{field: text key}: the columns"),
        Prop("sortableColumns", "array", []),
        Prop("pagination", "object", doc="{alternatives: [rows per page], default: rows}"),
        Prop("bindingToShowInSummary", "string"),
        Prop("summaryBinding", "string"),
        Prop("tableHeadersMobile", "array"),
        Prop("secure", "boolean", False),
        Prop("mapping", "object", doc="{data path: query key} for the provider"),
        Prop("queryParameters", "object", doc="{query key: expression} for the provider"),
    )

    # ---- picking ------------------------------------------------------------------------
    @property
    def field_name(self) -> str:
        """The form field of the picked row, named after the first binding so that a List in
        a repeating group row is posted as part of that row."""
        first = next(iter(self.bindings.values()), None)
        return f"{first}{_FIELD_SUFFIX}" if first else ""

    def row_key(self, row: dict[str, Any]) -> str:
        """A row as the post names it: the values of the bound fields, as strings."""
        return json.dumps([option_value(row.get(name)) for name in self.bindings],
                          ensure_ascii=False)

    def picked_key(self, posted: dict[str, str | None]) -> str:
        """The key of the row a post (as `read_post` read it) picks."""
        return json.dumps([posted.get(name) or "" for name in self.bindings], ensure_ascii=False)

    def read_post(self, form: Any) -> dict[str, str | None]:
        """The picked row's bound fields (checked against the rows by the page's post)."""
        text = form.get(self.field_name) if self.field_name else None
        if not text:
            return {}
        try:
            values = json.loads(text)
        except ValueError:
            return {}
        if not isinstance(values, list) or len(values) != len(self.bindings) or not all(
                isinstance(v, str) for v in values):
            return {}
        return dict(zip(self.bindings, values, strict=True))

    def selected_key(self, view: Any) -> str | None:
        """The key of the row whose fields are stored, None when nothing is picked."""
        values = [option_value(view.raw_value(self, name)) for name in self.bindings]
        return json.dumps(values, ensure_ascii=False) if any(values) else None

    def is_empty(self, view: Any) -> bool:
        return self.selected_key(view) is None

    def display(self, view: Any) -> str | None:
        """`summaryBinding`, else the binding `bindingToShowInSummary` names, else all."""
        key = self.props.get("summaryBinding")
        legacy = self.props.get("bindingToShowInSummary")
        raw = self.raw.get("dataModelBindings") or {}
        if not (isinstance(key, str) and key in self.bindings) and isinstance(legacy, str):
            key = next((k for k, path in raw.items() if path == legacy), None)
        names = [key] if isinstance(key, str) and key in self.bindings else list(self.bindings)
        values = [option_value(view.raw_value(self, name)) for name in names]
        return ", ".join(v for v in values if v)

    # ---- the table ----------------------------------------------------------------------
    def columns(self, rows: list[dict[str, Any]]) -> list[str]:
        """`tableHeaders`' fields that the rows have (all fields of the first row without
        headers); none means the headers name fields these rows do not have."""
        headers = self.props.get("tableHeaders")
        present = {name for row in rows for name in row}
        if isinstance(headers, dict) and headers:
            return [name for name in headers if name in present]
        return list(rows[0]) if rows else []

    def row_options(self, view: Any) -> list[Any]:
        """Every row (all pages) as an option: what a post may pick, and what a live update
        compares to tell whether the rows changed."""
        from forms.render import OptionView

        rows = view.data_rows(self) or []
        columns = self.columns(rows)
        return [OptionView(self.row_key(row), Markup.escape(self._label(view, row, columns)),
                           None, None) for row in rows]

    def table(self, view: Any) -> ListTable | None:
        """The rows on the page shown, sorted as asked; None when there are none to show."""
        rows = view.data_rows(self)
        if rows is None:
            return None
        columns = self.columns(rows)
        if rows and not columns:
            return None  # the headers name fields only some other provider knows
        page, size, sort, direction = view.list_state.get(self.id, (0, 0, "", "asc"))
        sortable = [c for c in self.props.get("sortableColumns") or [] if c in columns]
        if sort in sortable:
            rows = sorted(rows, key=lambda r: _sort_key(r.get(sort)), reverse=direction == "desc")
        else:
            sort = ""
        size = self._size(size)
        selected = self.selected_key(view)
        keys = [self.row_key(row) for row in rows]
        if size and not page and selected in keys:
            page = keys.index(selected) // size + 1  # the page with the picked row
        page_count = max(1, -(-len(rows) // size)) if size else 1
        page = min(max(1, page), page_count)
        shown = range((page - 1) * size, min(page * size, len(rows))) if size else range(
            len(rows))
        headers = self.props.get("tableHeaders") or {}

        def href(**change: Any) -> str:
            state = {"page": page, "size": size, "sort": sort, "direction": direction, **change}
            return self._href(view, (state["page"], state["size"], state["sort"],
                                     state["direction"]))

        table_columns = []
        for name in columns:
            header = view.html(headers[name]) if name in headers else Markup.escape(name)
            if name not in sortable:
                table_columns.append(ListColumn(name, header))
                continue
            current = "ascending" if direction == "asc" else "descending"
            turn = "desc" if name == sort and direction == "asc" else "asc"
            table_columns.append(ListColumn(name, header, current if name == sort else "none",
                                            href(page=1, sort=name, direction=turn)))
        table_rows = [ListRow(keys[i], [self._cell(view, rows[i].get(name)) for name in columns],
                              self._label(view, rows[i], columns), keys[i] == selected)
                      for i in shown]
        alternatives = self._alternatives()
        sizes = tuple((n, href(page=1, size=n)) for n in alternatives) if len(
            alternatives) > 1 and len(rows) > min(alternatives) else ()
        return ListTable(
            columns=table_columns, rows=table_rows, field_name=self.field_name, page=page,
            page_links=tuple((n, href(page=n)) for n in range(1, page_count + 1))
            if page_count > 1 else (),
            size=size, size_links=sizes)

    def _alternatives(self) -> list[int]:
        pagination = self.props.get("pagination")
        found = pagination.get("alternatives") if isinstance(pagination, dict) else None
        return [n for n in found or [] if isinstance(n, int) and not isinstance(n, bool)
                and n > 0]

    def _size(self, asked: int) -> int:
        """Rows per page: one of `pagination.alternatives` if asked for, else its `default`
        (no `pagination`: every row on one page)."""
        pagination = self.props.get("pagination")
        if not isinstance(pagination, dict):
            return 0
        alternatives = self._alternatives()
        if asked in alternatives:
            return asked
        default = pagination.get("default")
        if isinstance(default, int) and not isinstance(default, bool) and default > 0:
            return default
        return alternatives[0] if alternatives else 0

    def _href(self, view: Any, state: ListState) -> str:
        """This page with the table in `state`, other Lists, the open row and the groups'
        pages as they are."""
        params = [("list", f"{cid}:{p}:{n}:{s}:{d}") for cid, (p, n, s, d)
                  in view.list_state.items() if cid != self.id]
        params.append(("list", f"{self.id}:{state[0]}:{state[1]}:{state[2]}:{state[3]}"))
        params += [("edit", f"{group}:{row}") for group, row in view.open_rows.items()]
        params += [("rowpage", f"{group}:{n}") for group, n in view.row_pages.items()]
        params += [("editpage", f"{group}:{n}")
                   for group, n in getattr(view, "editor_pages", {}).items()]
        return f"{view.page_url(view.page.name)}?{urlencode(params, safe=':')}#bk_c_{self.id}"

    @staticmethod
    def _cell(view: Any, value: Any) -> Markup:
        """A text is a text key or text (as Altinn shows it); other values as they are."""
        if isinstance(value, str):
            return view.html(value)  # type: ignore[no-any-return]
        return Markup.escape(option_value(value))

    def _label(self, view: Any, row: dict[str, Any], columns: list[str]) -> str:
        """The row read out: "header: value" for each column, as Altinn names its radios."""
        headers = self.props.get("tableHeaders") or {}
        parts = []
        for name in columns:
            value = plain_text(self._cell(view, row.get(name)))
            if value:
                header = plain_text(view.html(headers[name])) if name in headers else name
                parts.append(f"{header}: {value}")
        return ", ".join(parts)
