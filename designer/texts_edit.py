"""An app's texts as the designer's table shows them: one row per text id with its nb, nn and
en values side by side, searched, filtered and cut into pages here (not in the browser), so an
app with thousands of keys stays quick. Edits carry the value the admin started from, so a value
someone else changed meanwhile is reported as a conflict instead of being overwritten.

No Flask here: the web layer (web/designer_texts.py) reads the form and calls these."""

from __future__ import annotations

import math
import os
import re
from dataclasses import dataclass, field
from typing import Any

from designer import stable_json
from designer.workspace import Workspace
from forms.texts import LANGUAGES

PER_PAGE = 50
TEXT_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._\-]*$")
MAX_ID_LENGTH = 200
# Texts the app uses without naming them in a file (forms/definitions.py AppDefinition.title).
_IMPLICIT = ("appName",)


def normalise(value: str | None) -> str:
    """Browsers post line breaks as CRLF; the files keep LF. Absent and empty are the same."""
    return (value or "").replace("\r\n", "\n").replace("\r", "\n")


@dataclass(frozen=True)
class TextRow:
    """One text id and its value in each language (None: the language lacks it)."""

    id: str
    values: dict[str, str | None]

    def value(self, lang: str) -> str:
        return self.values.get(lang) or ""

    def is_missing(self, lang: str) -> bool:
        return not (self.values.get(lang) or "").strip()

    @property
    def missing(self) -> list[str]:
        return [lang for lang in LANGUAGES if self.is_missing(lang)]

    def matches(self, needle: str) -> bool:
        """`needle` (already lower case) in the id or any value."""
        return needle in self.id.lower() or any(
            needle in (v or "").lower() for v in self.values.values())


@dataclass(frozen=True)
class TextPage:
    """The rows of one page of a search, and where that page lies in the whole."""

    rows: list[TextRow]
    page: int
    pages: int
    total: int  # rows that match the search
    all_keys: int  # rows in the app
    missing_keys: int  # rows of the app lacking a language

    @property
    def first(self) -> int:
        return (self.page - 1) * PER_PAGE + 1 if self.rows else 0

    @property
    def last(self) -> int:
        return self.first + len(self.rows) - 1 if self.rows else 0


def read_all(workspace: Workspace) -> dict[str, dict[str, dict[str, Any]]]:
    """Every language's resources, by language then id."""
    return {lang: workspace.read_texts(lang) for lang in LANGUAGES}


# The rows of recent apps, by app folder, with the files' signature they were read from.
_ROWS: dict[str, tuple[tuple[Any, ...], list[TextRow]]] = {}
_ROWS_KEPT = 16


def _signature(workspace: Workspace) -> tuple[Any, ...]:
    """What changes when any texts file is written (written by a rename: a new inode)."""
    out: list[Any] = []
    for lang in LANGUAGES:
        try:
            stat = os.stat(workspace.path(Workspace.texts_file(lang)))
            out.append((stat.st_ino, stat.st_mtime_ns, stat.st_size))
        except FileNotFoundError:
            out.append(None)
    return tuple(out)


def all_rows(workspace: Workspace) -> list[TextRow]:
    """Every row of the app, read again only when a texts file changed, so paging and
    searching a large app does not parse three big files on every request."""
    key = str(workspace.root)
    signature = _signature(workspace)
    cached = _ROWS.get(key)
    if cached is not None and cached[0] == signature:
        return cached[1]
    rows = rows_of(read_all(workspace))
    if len(_ROWS) >= _ROWS_KEPT:
        _ROWS.pop(next(iter(_ROWS)))
    _ROWS[key] = (signature, rows)
    return rows


def rows_of(resources: dict[str, dict[str, dict[str, Any]]]) -> list[TextRow]:
    """One row per id found in any language, sorted by id (as the files are)."""
    ids = sorted({key for table in resources.values() for key in table})
    return [TextRow(key, {lang: _value(resources[lang].get(key)) for lang in LANGUAGES})
            for key in ids]


def _value(resource: dict[str, Any] | None) -> str | None:
    if resource is None:
        return None
    value = resource.get("value")
    return value if isinstance(value, str) else None if value is None else str(value)


def find(rows: list[TextRow], query: str = "", missing_only: bool = False) -> list[TextRow]:
    """The rows whose id or a value contains `query` (any case), optionally only those that
    lack a language."""
    needle = query.strip().lower()
    return [row for row in rows if (not needle or row.matches(needle))
            and (not missing_only or row.missing)]


def page_of(rows: list[TextRow], found: list[TextRow], page: int,
            per_page: int = PER_PAGE) -> TextPage:
    """Page `page` (clamped to the pages there are) of `found`."""
    pages = max(1, math.ceil(len(found) / per_page))
    page = min(max(1, page), pages)
    start = (page - 1) * per_page
    return TextPage(found[start:start + per_page], page, pages, len(found), len(rows),
                    sum(1 for row in rows if row.missing))


def search(workspace: Workspace, query: str = "", missing_only: bool = False,
           page: int = 1) -> TextPage:
    rows = all_rows(workspace)
    return page_of(rows, find(rows, query, missing_only), page)


# --------------------------------------------------------------------------- editing


@dataclass(frozen=True)
class CellEdit:
    """A value as posted, with the value the admin saw when the page was drawn."""

    id: str
    lang: str
    original: str
    new: str

    @property
    def changed(self) -> bool:
        return normalise(self.new) != normalise(self.original)


@dataclass(frozen=True)
class Conflict:
    """Someone changed this value in the files after the admin opened the page."""

    id: str
    lang: str
    mine: str
    theirs: str


@dataclass
class EditResult:
    changed: list[tuple[str, str]] = field(default_factory=list)  # (id, lang)
    conflicts: list[Conflict] = field(default_factory=list)


def apply_edits(workspace: Workspace, edits: list[CellEdit]) -> EditResult:
    """Write the values that changed; a cell whose file value is no longer the one the admin
    started from is left alone and reported. A language's file is written only if one of its
    values changed; a resource's other fields (variables) are kept."""
    result = EditResult()
    by_lang: dict[str, list[CellEdit]] = {}
    for edit in edits:
        if edit.lang in LANGUAGES and edit.changed:
            by_lang.setdefault(edit.lang, []).append(edit)
    for lang, lang_edits in by_lang.items():
        resources = workspace.read_texts(lang)
        touched = False
        for edit in lang_edits:
            now = normalise(_value(resources.get(edit.id)))
            if now != normalise(edit.original):
                if now != normalise(edit.new):
                    result.conflicts.append(Conflict(edit.id, lang, edit.new, now))
                continue
            resource = dict(resources.get(edit.id) or {"id": edit.id})
            resource["value"] = normalise(edit.new)
            resources[edit.id] = resource
            result.changed.append((edit.id, lang))
            touched = True
        if touched:
            workspace.write_texts(lang, resources)
    return result


def check_new_id(workspace: Workspace, text_id: str) -> str | None:
    """Why `text_id` cannot be a new text's id (a designer text key), or None."""
    if not text_id:
        return "texts.error.id_empty"
    if len(text_id) > MAX_ID_LENGTH or not TEXT_ID.match(text_id):
        return "texts.error.id_format"
    if exists(workspace, text_id):
        return "texts.error.id_taken"
    return None


def add_text(workspace: Workspace, text_id: str, values: dict[str, str]) -> None:
    """Add `text_id` to each language it has a value in (checked with check_new_id first)."""
    for lang in LANGUAGES:
        value = normalise(values.get(lang))
        if value.strip():
            resources = workspace.read_texts(lang)
            resources[text_id] = {"id": text_id, "value": value}
            workspace.write_texts(lang, resources)


@dataclass(frozen=True)
class Usage:
    """A place in the app's files that names a text: file (under App/) and JSON path; `kind`
    "page" is a page titled by the text, "app" the app's title."""

    file: str
    path: str
    kind: str = "value"


def usages(workspace: Workspace, text_id: str) -> list[Usage]:
    """Where the app refers to `text_id`: any JSON file (but the texts themselves) holding it
    as a string, a page named like it (its title) and the texts the app uses by name."""
    found: list[Usage] = []
    texts_folder = workspace.path("config/texts")
    for file in sorted(workspace.root.rglob("*.json")):
        if file.is_relative_to(texts_folder) or not file.is_file():
            continue
        try:
            content = stable_json.read(file)
        except (OSError, ValueError, UnicodeDecodeError):
            continue
        name = workspace.name_of(file)
        found.extend(Usage(name, path) for path in _paths_of(content, text_id, "$"))
        if file.parent.name == "layouts" and file.stem == text_id:
            found.append(Usage(name, "", "page"))
    if text_id in _IMPLICIT:
        found.append(Usage("config/applicationmetadata.json", "", "app"))
    return found


def _paths_of(value: Any, wanted: str, path: str) -> list[str]:
    """JSON paths in `value` of strings equal to `wanted`."""
    if isinstance(value, str):
        return [path] if value == wanted else []
    if isinstance(value, dict):
        return [p for key, item in value.items() for p in _paths_of(item, wanted,
                                                                    f"{path}.{key}")]
    if isinstance(value, list):
        return [p for i, item in enumerate(value) for p in _paths_of(item, wanted,
                                                                     f"{path}[{i}]")]
    return []


def delete_text(workspace: Workspace, text_id: str) -> bool:
    """Remove `text_id` from every language; False if no language had it."""
    removed = False
    for lang in LANGUAGES:
        resources = workspace.read_texts(lang)
        if resources.pop(text_id, None) is not None:
            workspace.write_texts(lang, resources)
            removed = True
    return removed


def exists(workspace: Workspace, text_id: str) -> bool:
    return any(row.id == text_id for row in all_rows(workspace))
