"""What publishing and moving apps around need, without HTTP: the difference between two sets of
an app's files (per file, as unified-diff lines an admin reads before publishing or in the
history), and the checks on a zip uploaded for import (it is untrusted: a zip bomb, a path out
of the folder or a file of another org must be refused before anything is written)."""

from __future__ import annotations

import difflib
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from forms import jsonc
from storage.app_versions import MAX_APP_BYTES

MAX_ZIP_BYTES = 20 * 1024 * 1024  # an uploaded zip, packed
MAX_ZIP_ENTRIES = 10_000
METADATA = "config/applicationmetadata.json"
# What storage.app_versions.app_files leaves out of an app, so an imported app holds exactly
# what an export of it would.
_SKIPPED_PARTS = {"__pycache__", ".git", "bin", "obj", "node_modules"}
_APP_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$")
_ORG = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$")


# --- differences between two sets of files ---


@dataclass
class DiffLine:
    """One line of a unified diff: kind is 'add', 'del', 'context' or 'hunk' (the @@ line)."""

    kind: str
    text: str

    @property
    def sign(self) -> str:
        return {"add": "+", "del": "-", "context": " "}.get(self.kind, "")


@dataclass
class FileDiff:
    """How one file changed: status 'added', 'removed' or 'changed'; lines empty when the file
    is not text (a binary file is only said to have changed)."""

    name: str
    status: str
    lines: list[DiffLine] = field(default_factory=list)
    binary: bool = False

    @property
    def added(self) -> int:
        return sum(1 for line in self.lines if line.kind == "add")

    @property
    def removed(self) -> int:
        return sum(1 for line in self.lines if line.kind == "del")


def _text(content: bytes | None) -> list[str] | None:
    """The file's lines, or None if it is not UTF-8 text."""
    if content is None:
        return []
    try:
        return content.decode("utf-8-sig").splitlines()
    except UnicodeDecodeError:
        return None


def diff_file(name: str, before: bytes | None, after: bytes | None,
              context: int = 3) -> FileDiff:
    """The unified diff of one file; None on a side means the file is not there."""
    status = "added" if before is None else "removed" if after is None else "changed"
    old, new = _text(before), _text(after)
    if old is None or new is None:
        return FileDiff(name, status, binary=True)
    lines: list[DiffLine] = []
    for raw in difflib.unified_diff(old, new, lineterm="", n=context):
        if raw.startswith(("---", "+++")) and not lines:
            continue  # the file header; the file's name is shown instead
        if raw.startswith("@@"):
            lines.append(DiffLine("hunk", raw))
        elif raw.startswith("+"):
            lines.append(DiffLine("add", raw[1:]))
        elif raw.startswith("-"):
            lines.append(DiffLine("del", raw[1:]))
        else:
            lines.append(DiffLine("context", raw[1:]))
    return FileDiff(name, status, lines)


def diff_files(before: dict[str, bytes], after: dict[str, bytes]) -> list[FileDiff]:
    """Every file that differs between two sets (by path under App/), in path order."""
    return [diff_file(name, before.get(name), after.get(name))
            for name in sorted(before.keys() | after.keys())
            if before.get(name) != after.get(name)]


# --- zips uploaded for import ---


class ImportRefused(Exception):
    """The zip cannot be imported; the message says why, for the admin."""

    def __init__(self, key: str, *args: object) -> None:
        super().__init__(key, *args)
        self.key = key
        self.args_ = args


@dataclass
class ImportedApp:
    """The files of an uploaded app (by path under App/) and who it says it is."""

    files: dict[str, bytes]
    metadata: dict[str, Any]
    org: str
    name: str

    @property
    def id(self) -> str:
        return f"{self.org}/{self.name}"


def _unsafe(name: str) -> bool:
    """An entry that would land outside the folder it is unpacked into."""
    if name.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", name):
        return True
    return any(part == ".." for part in re.split(r"[/\\]", name))


def _prefix(names: list[str]) -> str:
    """Where the app's `App/` folder is in the zip: at the top, or under one top folder (as
    GitHub and Altinn Studio downloads are)."""
    if any(n.startswith("App/") for n in names):
        return "App/"
    tops = {n.split("/", 1)[0] for n in names}
    if len(tops) == 1:
        top = tops.pop()
        if any(n.startswith(f"{top}/App/") for n in names):
            return f"{top}/App/"
    raise ImportRefused("import.no_app_folder")


def _kept(name: str) -> bool:
    parts = PurePosixPath(name).parts
    return bool(parts) and not name.endswith(".pyc") and not any(
        p in _SKIPPED_PARTS or p.startswith(".") for p in parts)


def read_app_zip(blob: bytes) -> ImportedApp:
    """The app in an uploaded zip, after every check that needs no database: a zip by its
    content, not too big packed or unpacked (summed from the directory before anything is
    unpacked), no absolute or `..` paths, an `App/` folder with application metadata that
    names an 'org/app' id. Raises ImportRefused."""
    if len(blob) > MAX_ZIP_BYTES:
        raise ImportRefused("import.too_big", MAX_ZIP_BYTES // (1024 * 1024))
    if not zipfile.is_zipfile(io.BytesIO(blob)):
        raise ImportRefused("import.not_zip")
    try:
        with zipfile.ZipFile(io.BytesIO(blob)) as archive:
            infos = [i for i in archive.infolist() if not i.is_dir()]
            if len(infos) > MAX_ZIP_ENTRIES:
                raise ImportRefused("import.too_many", MAX_ZIP_ENTRIES)
            if sum(i.file_size for i in infos) > MAX_APP_BYTES:
                raise ImportRefused("import.too_big_unpacked", MAX_APP_BYTES // (1024 * 1024))
            unsafe = next((i.filename for i in infos if _unsafe(i.filename)), None)
            if unsafe is not None:
                raise ImportRefused("import.unsafe_path", unsafe)
            prefix = _prefix([i.filename for i in infos])
            files = {i.filename.removeprefix(prefix): archive.read(i) for i in infos
                     if i.filename.startswith(prefix)
                     and _kept(i.filename.removeprefix(prefix))}
    except (zipfile.BadZipFile, zipfile.LargeZipFile, RuntimeError, NotImplementedError,
            EOFError, OSError, ValueError) as exc:
        raise ImportRefused("import.broken_zip", str(exc)) from exc
    return _identified(files)


def new_code(files: dict[str, bytes], existing: dict[str, bytes] | None = None) -> list[str]:
    """The app code (Python, run by the server when the app loads: App/logic/*.py) in `files`
    that is not byte for byte what the existing app already has. Code comes to Blankett only
    with the app's own files, from its developers; an import may carry it unchanged, never
    add or change it, or an admin's zip would run on the server."""
    existing = existing or {}
    return sorted(name for name, content in files.items()
                  if name.endswith(".py") and existing.get(name) != content)


def _identified(files: dict[str, bytes]) -> ImportedApp:
    if METADATA not in files:
        raise ImportRefused("import.no_metadata")
    try:
        metadata = jsonc.loads(files[METADATA].decode("utf-8-sig"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise ImportRefused("import.bad_metadata", str(exc)) from exc
    app_id = metadata.get("id") if isinstance(metadata, dict) else None
    if not isinstance(app_id, str) or app_id.count("/") != 1:
        raise ImportRefused("import.bad_id")
    org, name = app_id.split("/")
    if not _ORG.match(org) or not _APP_NAME.match(name):
        raise ImportRefused("import.bad_id")
    assert isinstance(metadata, dict)
    return ImportedApp(files, metadata, org, name)
