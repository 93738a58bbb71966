"""Repeating-group rows through the page route: open, save, add and delete a row. Without
JavaScript each is a post and a redirect; with htmx the answer swaps only the rows that changed
(out of band), whatever the number of rows."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote, urlencode

from flask import abort, current_app, redirect, render_template, request
from werkzeug.wrappers import Response

from forms.calculation import calculate
from forms.components.base import Component
from forms.components.fileupload import FileUpload
from forms.components.repeatinggroup import ROW_ID, new_row_id, row_index, row_key
from forms.datamodel import get_value, set_value
from forms.render import PageView
from forms.validation import Issue, blocking, show_issues, validate
from storage import repository
from storage.models import DataElement
from web.db import db_session
from web.pages import render_page


def open_rows(*values: str | None) -> dict[str, str]:
    """`?edit=<group>:<row id>` (once per group; a nested group's row inside its outer row):
    the rows open for editing (without JavaScript too)."""
    out = {}
    for value in values:
        if value and ":" in value:
            group, row_id = value.split(":", 1)
            out[group] = row_id
    return out


def enclosing_rows(view: PageView, group: Component) -> tuple[dict[str, str], dict[str, int]]:
    """The rows a nested group stands in (they stay open while one of its rows is worked
    on), and the page of each of those rows' editors that shows it."""
    opened: dict[str, str] = {}
    steps: dict[str, int] = {}
    inner: Component | None = group
    while inner is not None and getattr(inner, "row_of", None):
        group_id, row_id = inner.row_of  # type: ignore[attr-defined]
        outer = view.find_instance(group_id)
        if outer is None:
            break
        opened[group_id] = row_id
        step = outer.editor_page(inner)  # type: ignore[attr-defined]
        if step:
            steps[group_id] = step
        inner = outer
    return opened, steps


def state_query(open_rows: dict[str, str], editor_pages: dict[str, int]) -> str:
    """The address's query for these open rows and editor pages ("" for none)."""
    params = [("edit", f"{g}:{r}") for g, r in open_rows.items()]
    params += [("editpage", f"{g}:{n}") for g, n in editor_pages.items() if n]
    return "?" + urlencode(params, safe=":") if params else ""


def row_pages(value: str | None) -> dict[str, int]:
    """`?rowpage=<group>:<n>`: which page of a long group's table to show."""
    group, _, number = (value or "").rpartition(":")
    return {group: int(number)} if group and number.isdigit() else {}


def row_state(view: PageView, args: Any) -> None:
    """What the address asks to show: the open row (and the page of its editor), a group's
    table page, a delete to confirm."""
    view.open_rows = open_rows(*args.getlist("edit"))
    view.row_pages = row_pages(args.get("rowpage"))
    view.editor_pages = {group: step for value in args.getlist("editpage")
                         for group, step in row_pages(value).items()}
    confirm = open_rows(args.get("confirm"))
    view.confirm_delete = next(iter(confirm.items()), None)


def row_action(view: PageView, action: str, data: dict[str, Any],
                element: DataElement | None, user_id: str) -> Response:
    """Add, open, save or delete a row of a repeating group, then show the page again with
    the right row open."""
    kind, _, rest = action.partition(":")
    group_id, _, row_id = rest.partition(":")
    group = view.find_instance(group_id)
    if group is None or group.type_name != "RepeatingGroup" or view.is_read_only(group):
        abort(400, "Unknown group")
    path = group.bindings.get("group") or ""
    rows = get_value(data, path)
    rows = rows if isinstance(rows, list) else []
    open_rows, editor_pages = enclosing_rows(view, group)
    had_rows = bool(rows)
    deleted_at: int | None = None
    if kind == "row-add":
        if not view.can_add(group):
            abort(409, view.ui("max_rows"))
        new_id = new_row_id()
        rows.append({ROW_ID: new_id})
        set_value(data, path, rows)
        open_rows[group.id] = new_id
    elif kind == "row-save" and group.props.get("validateOnSaveRow"):
        refused = _row_issues(view, group, row_id)
        if refused:  # the row stays open, with what is wrong in it
            db_session().commit()
            open_rows[group.id] = row_id
            view.open_rows, view.editor_pages = open_rows, editor_pages
            show_issues(view, refused)
            return render_page(view, None, status=422)
    elif kind == "row-edit":
        open_rows[group.id] = row_id
    elif kind == "row-page":  # another page of a multiPage row editor
        row_id, _, number = row_id.rpartition(":")
        open_rows[group.id] = row_id
        editor_pages[group.id] = int(number) if number.isdigit() else 0
    elif kind == "row-delete" and view.asks_before_delete(group):
        view.confirm_delete = (group.id, row_id)
        db_session().commit()
        query = state_query(open_rows, editor_pages)
        url = view.page_url(view.page.name) + (query + "&" if query else "?") + (
            "confirm=" + quote(f"{group.id}:{row_id}", safe=":"))
        if not request.htmx:
            return redirect(url + f"#{group.id}__row_{row_key(row_id)}", 303)
        view.refresh()
        view.confirm_delete = (group.id, row_id)
        view.open_rows, view.editor_pages = open_rows, editor_pages
        current = view.row(group, row_id)
        if current is None:
            abort(404)
        body = render_template("row_swap.html", view=view, group=group, changed_rows=[current],
                               appended=[], lang=view.lang)
        return current_app.response_class(body, headers={"HX-Reswap": "none"})
    elif kind in ("row-delete", "row-delete-confirmed"):
        deleted_at = row_index(group, data, row_id)
        if deleted_at is not None:
            _delete_row_files(view, group, row_id, element, user_id)
            del rows[deleted_at]
            set_value(data, path, rows)
    calculated: set[str] = set()
    if element is not None and kind in ("row-add", "row-delete", "row-delete-confirmed"):
        calculated = calculate(view)  # sums over the rows and the like
        repository.save_form_data(element, data, user_id)
    db_session().commit()
    url = view.page_url(view.page.name) + state_query(open_rows, editor_pages)
    if not request.htmx:
        anchor = (f"#{group.id}__edit_{row_key(open_rows[group.id])}" if group.id in open_rows
                  else f"#{group.id}")
        return redirect(url + anchor, 303)
    view.refresh()
    view.open_rows, view.editor_pages = open_rows, editor_pages
    if calculated:  # the app's calculations changed more than the row: draw the page
        swap = None
    elif deleted_at is not None:
        swap = delete_swap(view, group, row_id, deleted_at)
    else:
        swap = row_swap(view, group, kind, row_id, open_rows, had_rows)
    response = swap if swap is not None else render_page(view, None)
    response.headers["HX-Push-Url"] = url
    return response


def row_swap(view: PageView, group: Component, kind: str, row_id: str,
              open_rows: dict[str, str], had_rows: bool) -> Response | None:
    """With htmx, opening, saving or adding a row swaps just those rows (and the add button),
    whatever the number of rows; anything else re-renders the page region."""
    if view.edit_mode(group) != "showTable" or kind.startswith("row-delete") or (
            kind == "row-add" and not had_rows):
        return None
    prev_row = _was_open(group)
    prev_group = group.id if prev_row else ""
    changed, appended = [], []
    if prev_group == group.id and prev_row and prev_row != open_rows.get(group.id):
        closed = view.row(group, prev_row)
        if closed is not None:
            changed.append(closed)
    if kind == "row-add":
        added = view.row(group, open_rows[group.id])
        appended = [added] if added is not None else []
    else:
        current = view.row(group, row_id)
        if current is None:
            return None
        changed.append(current)
    body = render_template("row_swap.html", view=view, group=group, changed_rows=changed,
                           appended=appended, lang=view.lang)
    headers = {"HX-Reswap": "none"}
    if open_rows.get(group.id):  # move focus into the row just opened
        target = f"#{group.id}__edit_{row_key(open_rows[group.id])}"
        headers["HX-Trigger-After-Swap"] = json.dumps({"bk-focus": target})
    return current_app.response_class(body, headers=headers)


def _row_issues(view: PageView, group: Component, row_id: str) -> list[Issue]:
    """`validateOnSaveRow`: the issues of the kinds it names in the row being saved, if any
    blocks; else none."""
    from forms.validation.navigation import MASKS

    row = view.row(group, row_id)
    masks = group.props.get("validateOnSaveRow")
    if row is None or not isinstance(masks, list):
        return []
    sources = set().union(*(MASKS.get(m, set()) for m in masks))
    inside = {c.id for instance in row.instances for c in _expanded(view, instance)}
    issues = [i for i in validate(view, [view.page], sources) if i.component_id in inside]
    return issues if blocking(issues) else []


def _expanded(view: PageView, component: Component) -> list[Component]:
    """`component` and what is inside it, the rows of nested groups included."""
    out = [component]
    if component.type_name == "RepeatingGroup":
        for row in view.rows(component):
            for instance in row.instances:
                out.extend(_expanded(view, instance))
    for child in component.children:
        out.extend(_expanded(view, child))
    return out


def _delete_row_files(view: PageView, group: Component, row_id: str,
                      element: DataElement | None, user_id: str) -> None:
    """A row's uploaded files go with it (its file uploads hold their ids)."""
    row = view.row(group, row_id)
    if row is None or element is None:
        return
    ids = _file_ids(view, row.instances)
    for attachment in list(element.instance.data_elements):
        if attachment.id in ids and not attachment.locked:
            repository.delete_attachment(db_session(), attachment, user_id)


def _file_ids(view: PageView, components: list[Component]) -> set[str]:
    """The ids of the files that the file uploads among `components` hold, in the rows of
    nested groups too."""
    ids: set[str] = set()
    for component in components:
        if isinstance(component, FileUpload):
            ids |= component.row_file_ids(view.data) or set()
        if component.type_name == "RepeatingGroup":
            for row in view.rows(component):
                ids |= _file_ids(view, row.instances)
        else:
            ids |= _file_ids(view, component.children)
    return ids


def _was_open(group: Component) -> str:
    """The row of `group` that was open when the post was made ("" for none)."""
    for value in request.form.getlist("bk_open"):
        group_id, _, row_id = value.partition(":")
        if group_id == group.id:
            return row_id
    return ""


def delete_swap(view: PageView, group: Component, row_id: str, deleted_at: int
                ) -> Response | None:
    """With htmx, a deleted row of a table is taken out of the page and nothing else of the
    group is drawn again: later rows keep their element ids and names (both follow row ids),
    the row that was open is closed, and the add button, rowsBefore/rowsAfter and components
    elsewhere that read the group are sent again. Focus goes to the next row, else the one
    before. None (the page region again) when the group looks different as a whole: another
    edit mode, a paged table, no rows left, or a row opened by default."""
    from forms.dynamics import dependency_index

    rows = view.row_count(group)
    if (view.edit_mode(group) != "showTable" or view.rows_per_page(group) or rows == 0
            or group.edit.get("openByDefault")):  # type: ignore[attr-defined]
        return None
    prev_row = _was_open(group)
    prev_group = group.id if prev_row else ""
    changed = []
    if prev_group == group.id and prev_row and prev_row != row_id:
        closed = view.row(group, prev_row)
        if closed is not None:
            changed.append(closed)
    neighbour = view.rows(group, {min(deleted_at, rows - 1)})
    others = _readers(view, group, dependency_index(view.app, view.layout_set))
    if others is None:
        return None
    body = render_template("row_swap.html", view=view, group=group, changed_rows=changed,
                           appended=[], deleted=row_key(row_id), extra=True, others=others,
                           status=view.ui("row_deleted"), lang=view.lang)
    headers = {"HX-Reswap": "none"}
    if neighbour:
        target = f"#{group.id}__row_{neighbour[0].key}"
        headers["HX-Trigger-After-Swap"] = json.dumps({"bk-focus": target})
    return current_app.response_class(body, headers=headers)


def _readers(view: PageView, group: Component, index: Any) -> list[Component] | None:
    """The page's components outside `group` whose state reads the group's data, and its
    summaries; None when one of them stands in the rows of a repeating group (the group is
    then drawn again)."""
    from forms.expressions.dependencies import normalise
    from web.live import outer_group, outermost

    path = normalise(group.bindings.get("group") or "")
    changed = {p for p in index.watch if p == path or p.startswith(path + ".")} | {path}
    components, _pages = index.affected(changed)
    inside = {getattr(c, "base_id", c.id) for c in group.walk()}
    found = []
    for root in view.page.components:
        for component in root.walk():
            summary = component.type_name in ("Summary", "Summary2")
            if (component.id not in components and not summary) or component.id in inside:
                continue
            if outer_group(component) is not None:
                return None
            found.append(component)
    return outermost(found)
