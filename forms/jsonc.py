"""Read JSON the way Altinn does: a UTF-8 BOM, `//` and `/* */` comments and trailing commas
are tolerated, because real app definitions contain all three.

Comments and trailing commas are blanked out (replaced by spaces, newlines kept) so that the
line and column of a syntax error still point into the original file.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from forms.problems import ProblemList


class JsonSyntaxError(ValueError):
    """A file that is not JSON even after comments and trailing commas are allowed."""

    def __init__(self, message: str, line: int, column: int) -> None:
        super().__init__(f"line {line}, column {column}: {message}")
        self.reason = message
        self.line = line
        self.column = column


def _blank(chars: list[str], start: int, end: int) -> None:
    for i in range(start, end):
        if chars[i] != "\n":
            chars[i] = " "


def strip_jsonc(text: str) -> str:
    """Return `text` with comments and trailing commas replaced by white space."""
    if text.startswith("\ufeff"):
        text = " " + text[1:]
    chars = list(text)
    n = len(text)
    i = 0
    last_comma: int | None = None  # index of a comma that may turn out to be trailing
    while i < n:
        c = text[i]
        if c == '"':
            last_comma = None
            i += 1
            while i < n and text[i] != '"':
                i += 2 if text[i] == "\\" else 1
            i += 1
            continue
        if c == "/" and i + 1 < n and text[i + 1] == "/":
            end = text.find("\n", i)
            end = n if end == -1 else end
            _blank(chars, i, end)
            i = end
            continue
        if c == "/" and i + 1 < n and text[i + 1] == "*":
            end = text.find("*/", i + 2)
            end = n if end == -1 else end + 2
            _blank(chars, i, end)
            i = end
            continue
        if c == ",":
            last_comma = i
        elif c in "]}":
            if last_comma is not None:
                chars[last_comma] = " "
            last_comma = None
        elif not c.isspace():
            last_comma = None
        i += 1
    return "".join(chars)


def loads(text: str) -> Any:
    """Parse JSON with comments, trailing commas and a BOM. Plain JSON (most files) is read
    by the json module directly; only a file it refuses goes through the slower stripping."""
    try:
        return json.loads(text.lstrip("\ufeff"))
    except (json.JSONDecodeError, ValueError, RecursionError):
        pass
    try:
        return json.loads(strip_jsonc(text))
    except json.JSONDecodeError as exc:
        raise JsonSyntaxError(exc.msg, exc.lineno, exc.colno) from None
    except (ValueError, RecursionError) as exc:  # absurd numbers, nesting too deep
        raise JsonSyntaxError(str(exc).split("\n")[0] or "cannot be read", 1, 1) from None


def load_file(path: Path) -> Any:
    """Parse a JSONC file; raises `JsonSyntaxError` or `UnicodeDecodeError`."""
    return loads(path.read_text(encoding="utf-8-sig"))


def read_reporting(file: Path, problems: ProblemList) -> Any:
    """Parse a definition file; on failure report where and why, and return None."""
    try:
        return load_file(file)
    except JsonSyntaxError as exc:
        problems.error(file, f"line {exc.line}, column {exc.column}", exc.reason)
    except UnicodeDecodeError:
        problems.error(file, "$", "not UTF-8 text")
    except OSError as exc:
        problems.error(file, "$", f"cannot be read: {exc.strerror}")
    return None
