"""RepeatingGroup: rows of the same fields over an array in the data model. Each row has a
stable row id (`altinnRowId`, as Altinn stores it), a table shows the rows, and one row at a
time is open for editing; adding, editing, saving and deleting are real form posts that htmx
makes instant."""

from __future__ import annotations

import hashlib
import re
import uuid
from typing import Any

from forms.components.base import Component, Prop, register

ROW_ID = "altinnRowId"


def new_row_id() -> str:
    return str(uuid.uuid4())


def row_key(row_id: str) -> str:
    """The row id as it goes into element ids: as stored when it is a plain id (a uuid), else
    a digest, so that ids stay valid HTML whatever a client sent as `altinnRowId`."""
    if re.fullmatch(r"[A-Za-z0-9_-]{1,64}", row_id):
        return row_id
    return hashlib.sha256(row_id.encode()).hexdigest()[:20]


@register
class RepeatingGroup(Component):
    type_name = "RepeatingGroup"
    template = "components/repeatinggroup.html"
    binding_names = ("group",)
    text_names = ("title", "description", "add_button", "add_button_full", "save_button",
                  "edit_button_open", "edit_button_close", "save_and_next_button",
                  "summaryTitle")
    props_spec = (
        Prop("children", "array", []),
        Prop("maxCount", "integer", 0, doc="Most rows (0: no limit)"),
        Prop("minCount", "integer", 0, doc="Fewest rows to submit"),
        Prop("tableHeaders", "array", doc="Component ids shown as table columns"),
        Prop("tableColumns", "object", {}),
        Prop("edit", "object", {}),
        Prop("hiddenRow", "expression"),
        Prop("pagination", "object"),
        Prop("rowsBefore", "array"),
        Prop("rowsAfter", "array"),
        Prop("validateOnSaveRow", "array"),
    )

    def child_refs(self) -> list[str]:
        """The row's children, then the components of rowsBefore/rowsAfter (shown once)."""
        return self._row_ids() + [i for i in self._extra_ids() if i not in self._row_ids()]

    def editor_page(self, component: Component) -> int:
        """With `edit.multiPage`, which page of the row editor a child is on (`"1:id"` → 1)."""
        base = getattr(component, "base_id", component.id)
        for ref in self.props.get("children") or []:
            if isinstance(ref, str) and ref.split(":", 1)[-1] == base:
                number = ref.split(":", 1)[0] if ":" in ref else "0"
                return int(number) if number.isdigit() else 0
        return 0

    @property
    def editor_page_count(self) -> int:
        """How many pages the row editor has (1 unless `edit.multiPage`)."""
        if self.edit.get("multiPage") is not True:
            return 1
        return max((self.editor_page(c) for c in self.row_children), default=0) + 1

    def _row_ids(self) -> list[str]:
        return [c.split(":", 1)[-1] for c in self.props.get("children") or []
                if isinstance(c, str)]

    def _extra_ids(self) -> list[str]:
        return [cell["component"] for key in ("rowsBefore", "rowsAfter")
                for row in self.props.get(key) or [] if isinstance(row, dict)
                for cell in row.get("cells") or []
                if isinstance(cell, dict) and isinstance(cell.get("component"), str)]

    @property
    def row_children(self) -> list[Component]:
        """The children repeated in every row (not those of rowsBefore/rowsAfter)."""
        ids = set(self._row_ids())
        return [c for c in self.children if getattr(c, "base_id", c.id) in ids]

    @property
    def extra_children(self) -> list[Component]:
        """The components of rowsBefore/rowsAfter: shown once, not per row."""
        rows = {id(c) for c in self.row_children}
        return [c for c in self.children if id(c) not in rows]

    def extra_rows(self, view: Any, key: str) -> list[Any]:
        """rowsBefore/rowsAfter as Grid rows (text, labels and components shown once)."""
        from forms.components.grid import Grid, GridRow

        children = {child.id: child for child in self.children}
        out = []
        for row in self.props.get(key) or []:
            if isinstance(row, dict):
                cells = [Grid._cell(view, cell, children) for cell in row.get("cells") or []]
                out.append(GridRow(row.get("header") is True, row.get("readOnly") is True, cells))
        return out

    def column(self, component: Component) -> dict[str, Any]:
        """`tableColumns` settings for a child (editInTable, showInExpandedEdit, alignText)."""
        columns = self.props.get("tableColumns")
        found = columns.get(getattr(component, "base_id", component.id)) if isinstance(
            columns, dict) else None
        return found if isinstance(found, dict) else {}

    @property
    def group_path(self) -> str | None:
        return self.bindings.get("group")

    @property
    def edit(self) -> dict[str, Any]:
        edit = self.props.get("edit")
        return edit if isinstance(edit, dict) else {}

    @property
    def columns(self) -> list[Component]:
        """The children shown in the table: `tableHeaders`, else every field."""
        headers = self.props.get("tableHeaders")
        if isinstance(headers, list) and headers:
            by_id = {c.id: c for c in self.row_children}
            return [by_id[h] for h in headers if h in by_id]
        return [c for c in self.row_children if c.is_form_field]


def row_instance(component: Component, group_path: str, row_path: str, rows: tuple[int, ...],
                 keys: tuple[str, ...], row_of: tuple[str, str] | None = None) -> Component:
    """`component` as it stands in one row: its own element id (made from the row ids, so it
    stays the same when rows before it are deleted), its bindings pointing into the row
    (`a.b` → `a[2].b`), and the row indices expressions are evaluated in."""
    instance = object.__new__(type(component))  # a shallow copy, cheaper than copy.copy
    instance.__dict__.update(component.__dict__)
    instance.base_id = getattr(component, "base_id", component.id)  # type: ignore[attr-defined]
    instance.id = f"{instance.base_id}__r{'_'.join(keys)}"  # type: ignore[attr-defined]
    instance.rows = rows  # type: ignore[attr-defined]
    instance.row_keys = keys  # type: ignore[attr-defined]
    instance.row_of = row_of  # type: ignore[attr-defined]  # (group element id, row id)
    instance.bindings = {
        key: row_path + path[len(group_path):] if path == group_path or path.startswith(
            group_path + ".") else path
        for key, path in component.bindings.items()
    }
    instance.props = dict(component.props)
    instance.children = [row_instance(child, group_path, row_path, rows, keys, row_of)
                         for child in component.children]
    return instance


def expand_rows(group: Component, data: Any, only: set[int] | None = None
                ) -> list[tuple[int, str, list[Component]]]:
    """The group's rows in the data: (index, row id, the children as they stand in that row);
    `only` limits it to those row indices."""
    from forms.datamodel import BindingPathError, get_value

    path = group.bindings.get("group")
    if not path:
        return []
    try:
        rows = get_value(data, path)
    except BindingPathError:
        return []
    if not isinstance(rows, list):
        return []
    outer: tuple[int, ...] = getattr(group, "rows", ())
    outer_keys: tuple[str, ...] = getattr(group, "row_keys", ())
    out = []
    for index, row in enumerate(rows):
        if only is not None and index not in only:
            continue
        row_id = row.get(ROW_ID) if isinstance(row, dict) else None
        rows_here = outer + (index,)
        row_id = str(row_id or f"i{index}")
        keys = outer_keys + (row_key(row_id),)
        children = getattr(group, "row_children", group.children)
        instances = [row_instance(child, path, f"{path}[{index}]", rows_here, keys,
                                  (group.id, row_id)) for child in children]
        out.append((index, row_id, instances))
    return out


def ensure_row_ids(group: Component, data: Any) -> bool:
    """Give every row a stable id (Altinn's `altinnRowId`); True if any was added."""
    from forms.datamodel import BindingPathError, get_value

    path = group.bindings.get("group")
    try:
        rows = get_value(data, path) if path else None
    except BindingPathError:
        return False
    added = False
    for row in rows if isinstance(rows, list) else []:
        if isinstance(row, dict) and not row.get(ROW_ID):
            row[ROW_ID] = new_row_id()
            added = True
    return added


def posted_rows(group: Component, keys: Any) -> set[int]:
    """The row indices of `group` that a post carries fields for (`path[3].x` → 3)."""
    path = group.bindings.get("group")
    if not path:
        return set()
    prefix = path + "["
    found = set()
    for key in keys:
        if key.startswith(prefix):
            index = key[len(prefix):].split("]", 1)[0]
            if index.isdigit():
                found.add(int(index))
    return found


def row_index(group: Component, data: Any, row_id: str) -> int | None:
    """Where the row with `row_id` is (ids like `i3` stand for rows that have none yet)."""
    from forms.datamodel import BindingPathError, get_value

    try:
        rows = get_value(data, group.bindings.get("group") or "")
    except BindingPathError:
        return None
    for index, row in enumerate(rows if isinstance(rows, list) else []):
        if (isinstance(row, dict) and row.get(ROW_ID) == row_id) or f"i{index}" == row_id:
            return index
    return None


def follow_row_ids(form: Any, data: Any) -> Any:
    """The post with its row fields moved to where their rows are now. Every row on a page
    posts `bk_row=<path>[<index>]=<row id>`; when rows before it were deleted since the page
    was drawn (in another tab, or by an htmx swap that left later rows as they were), its
    fields are read into the row with that id, and fields of a row that is gone are dropped.
    A post never edits the wrong row."""
    from werkzeug.datastructures import MultiDict

    from forms.datamodel import BindingPathError, get_value

    entries = [value.partition("=") for value in form.getlist("bk_row")] if hasattr(
        form, "getlist") else []
    if not entries:
        return form
    moves: dict[str, str | None] = {}  # the row path as drawn → where that row is now
    for drawn, _, row_id in sorted(entries, key=lambda entry: entry[0].count("[")):
        list_path, bracket, index = drawn.rpartition("[")
        if not bracket or not index.endswith("]") or not index[:-1].isdigit():
            continue
        current = _moved(list_path, moves)
        try:
            rows = get_value(data, current) if current is not None else None
        except BindingPathError:
            rows = None
        found = None
        for position, row in enumerate(rows if isinstance(rows, list) else []):
            if (isinstance(row, dict) and row.get(ROW_ID) == row_id) or f"i{position}" == row_id:
                found = position
                break
        moves[drawn] = f"{current}[{found}]" if found is not None else None
    out: MultiDict[str, Any] = MultiDict()
    for key, values in form.lists():
        target = _moved(key, moves)
        if target is not None:
            out.setlist(target, values)
    return out


def _moved(key: str, moves: dict[str, str | None]) -> str | None:
    """`key` with its longest drawn row path replaced by where that row is now (None: gone)."""
    end = len(key)
    while end > 0:
        end = key.rfind("]", 0, end)
        if end < 0:
            break
        prefix = key[:end + 1]
        if prefix in moves:
            now = moves[prefix]
            return None if now is None else now + key[end + 1:]
    return key
