"""An app's option lists (App/options/<id>.json) as the designer edits them: which lists there
are, how many options each has and which components use them; a new list; the rows of a list
changed, added, deleted and moved, checked (values present and unique, labels present) before
anything is written. A row keeps what the designer does not edit (helpText, a number or boolean
value that was not changed), so a save changes only what the admin changed.

No Flask here: web/designer_options.py reads the form and calls these."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field, replace
from typing import Any

from designer import stable_json
from designer.workspace import Workspace
from forms.definitions import AppDefinition
from forms.options import option_value

OPTIONS_ID = re.compile(r"^[A-Za-z0-9_-]+$")
MAX_ID_LENGTH = 100


@dataclass(frozen=True)
class Usage:
    """A component whose optionsId names the list."""

    layout_set: str
    page: str
    component: str
    type: str


@dataclass(frozen=True)
class ListSummary:
    id: str
    count: int
    used: list[Usage]


@dataclass(frozen=True)
class Row:
    """One option as the form shows it; `source` is its index in the file when drawn (None for
    a new row), so what the form does not show is kept."""

    value: str
    label: str
    description: str = ""
    source: int | None = None

    @property
    def blank(self) -> bool:
        return not (self.value.strip() or self.label.strip() or self.description.strip())


@dataclass
class Checked:
    """Rows after a check: errors by (row index, field) → designer text key and its args."""

    rows: list[Row]
    errors: dict[tuple[int, str], tuple[str, tuple[Any, ...]]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors


def list_ids(workspace: Workspace) -> list[str]:
    folder = workspace.path("options")
    return sorted(f.stem for f in folder.glob("*.json")) if folder.is_dir() else []


def usages(app: AppDefinition, options_id: str) -> list[Usage]:
    """The components of every layout set whose optionsId is `options_id`."""
    found: list[Usage] = []
    for layout_set in app.layout_sets.values():
        for component in layout_set.components.values():
            if component.raw.get("optionsId") == options_id:
                found.append(Usage(layout_set.id, component.page, component.id,
                                   component.type))
    return sorted(found, key=lambda u: (u.layout_set, u.page, u.component))


def summaries(workspace: Workspace, app: AppDefinition) -> list[ListSummary]:
    out = []
    for options_id in list_ids(workspace):
        rows = workspace.read_options(options_id)
        out.append(ListSummary(options_id, len(rows) if rows is not None else 0,
                               usages(app, options_id)))
    return out


def check_new_id(workspace: Workspace, options_id: str) -> str | None:
    """Why `options_id` cannot name a new list (a designer text key), or None."""
    if not options_id:
        return "options.error.id_empty"
    if len(options_id) > MAX_ID_LENGTH or not OPTIONS_ID.match(options_id):
        return "options.error.id_format"
    if workspace.path(Workspace.options_file(options_id)).exists() or any(
            i.lower() == options_id.lower() for i in list_ids(workspace)):
        return "options.error.id_taken"
    return None


def create(workspace: Workspace, options_id: str) -> None:
    workspace.write_options(options_id, [])


# ------------------------------------------------------------------------ the rows


def rows_of(raw: list[dict[str, Any]]) -> list[Row]:
    """The file's options as rows (anything that is not an object is shown empty)."""
    rows = []
    for i, item in enumerate(raw):
        item = item if isinstance(item, dict) else {}
        label, description = item.get("label"), item.get("description")
        rows.append(Row(option_value(item.get("value")),
                        label if isinstance(label, str) else "",
                        description if isinstance(description, str) else "", i))
    return rows


def fingerprint(raw: Any) -> str:
    """What the list was when the page was drawn, to tell on save whether someone else has
    changed it since (rows are matched by position, so their edits would otherwise mix)."""
    return hashlib.sha256(stable_json.dumps(raw).encode("utf-8")).hexdigest()[:32]


def act(rows: list[Row], action: str) -> list[Row]:
    """`delete-N`, `up-N`, `down-N` applied to the rows; anything else leaves them."""
    name, _, number = action.partition("-")
    if not number.isdigit() or int(number) >= len(rows):
        return rows
    i, rows = int(number), list(rows)
    if name == "delete":
        del rows[i]
    elif name == "up" and i > 0:
        rows[i - 1], rows[i] = rows[i], rows[i - 1]
    elif name == "down" and i < len(rows) - 1:
        rows[i], rows[i + 1] = rows[i + 1], rows[i]
    return rows


def check(rows: list[Row]) -> Checked:
    """Values must be there and unique (as Altinn compares them: as strings); labels must be
    there. Text is trimmed; nothing else changes."""
    trimmed = [replace(r, value=r.value.strip(), label=r.label.strip(),
                       description=r.description.strip()) for r in rows]
    checked = Checked(trimmed)
    first: dict[str, int] = {}
    for i, row in enumerate(trimmed):
        if not row.value:
            checked.errors[(i, "value")] = ("options.error.value_empty", ())
        elif row.value in first:
            checked.errors[(i, "value")] = ("options.error.value_taken",
                                            (row.value, first[row.value] + 1))
        else:
            first[row.value] = i
        if not row.label:
            checked.errors[(i, "label")] = ("options.error.label_empty", ())
    return checked


def to_json(rows: list[Row], raw: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The option list to write: each row over the file's option it came from (its other keys
    and, when the value is unchanged, its typed value kept)."""
    out = []
    for row in rows:
        before = raw[row.source] if row.source is not None and row.source < len(raw) else None
        item = dict(before) if isinstance(before, dict) else {}
        if not (before and option_value(item.get("value")) == row.value):
            item["value"] = row.value
        item["label"] = row.label
        if row.description:
            item["description"] = row.description
        else:
            item.pop("description", None)
        out.append(item)
    return out


def write(workspace: Workspace, options_id: str, rows: list[Row]) -> bool:
    raw = workspace.read_options(options_id) or []
    return workspace.write_options(options_id, to_json(rows, raw))
