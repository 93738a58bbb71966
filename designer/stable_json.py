"""The one way the designer writes JSON: two-space indent, UTF-8 as is, object keys sorted (an
object's key order carries no meaning) with the conventional ones first (`$schema`, `id`,
`type`, `value`...), arrays kept in their order (layouts, option lists, page order carry it),
short arrays of plain values on one line (expressions read as they are written), and a file is
written only when its content changes, so a save of an untouched file changes no bytes."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from forms import jsonc

# These keys come first, in this order; the rest follow sorted.
_FIRST = ("$schema", "$id", "id", "type", "language", "value", "label", "title")
_INLINE_WIDTH = 100  # an array of plain values that fits is written on one line


def _key_order(key: str) -> tuple[int, str]:
    return (_FIRST.index(key), "") if key in _FIRST else (len(_FIRST), key)


def _plain(value: Any) -> bool:
    return not isinstance(value, dict) and (
        not isinstance(value, list) or all(_plain(v) for v in value))


def _scalar(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _write(value: Any, indent: int, sort: bool, out: list[str]) -> None:
    pad = "  " * indent
    if isinstance(value, dict):
        if not value:
            out.append("{}")
            return
        keys = sorted(value, key=_key_order) if sort else list(value)
        out.append("{\n")
        for i, key in enumerate(keys):
            out.append(f"{pad}  {_scalar(str(key))}: ")
            _write(value[key], indent + 1, sort, out)
            out.append(",\n" if i < len(keys) - 1 else "\n")
        out.append(pad + "}")
    elif isinstance(value, list):
        if not value:
            out.append("[]")
            return
        if _plain(value):
            inline = json.dumps(value, ensure_ascii=False, separators=(", ", ": "))
            if len(inline) + len(pad) <= _INLINE_WIDTH:
                out.append(inline)
                return
        out.append("[\n")
        for i, item in enumerate(value):
            out.append(pad + "  ")
            _write(item, indent + 1, sort, out)
            out.append(",\n" if i < len(value) - 1 else "\n")
        out.append(pad + "]")
    else:
        out.append(_scalar(value))


def dumps(value: Any, sort_keys: bool = True) -> str:
    """The stable text of `value`, ending in a newline. `sort_keys=False` keeps the object
    keys' order (a JSON Schema's properties are the data model's field order)."""
    out: list[str] = []
    _write(value, 0, sort_keys, out)
    return "".join(out) + "\n"


def same_json(a: Any, b: Any) -> bool:
    """Equal as JSON, with types (Python's 1 == True == 1.0 is not JSON's)."""
    if type(a) is not type(b) and not (isinstance(a, int | float) and isinstance(b, int | float)
                                       and not isinstance(a, bool) and not isinstance(b, bool)):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same_json(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same_json(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


def read(path: Path) -> Any:
    """A JSON file as the loader reads it (BOM, comments and trailing commas allowed)."""
    return jsonc.loads(path.read_text(encoding="utf-8-sig"))


def write_if_changed(path: Path, value: Any, sort_keys: bool = True) -> bool:
    """Write `value` to `path` in the stable form unless the file already holds the same JSON
    (however it is laid out); True if it was written. The write is atomic (a temporary file
    renamed over the old), so a reader never sees half a file."""
    if path.is_file():
        try:
            if same_json(read(path), value):
                return False
        except (ValueError, UnicodeDecodeError):
            pass  # a broken file is replaced
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as file:
            file.write(dumps(value, sort_keys))
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return True
