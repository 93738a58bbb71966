"""Which data each expression reads, worked out once when an app is loaded, so that a change to
one field re-evaluates only the components whose state can follow from it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

_INDEX = re.compile(r"\[\d+\]")

ANY = "*"  # a dependency that cannot be known in advance (a computed path or id)


def normalise(path: str) -> str:
    """`a[1].b[0].c` → `a.b.c`: dependencies are per field, whatever the row."""
    return _INDEX.sub("", path)


@dataclass
class References:
    paths: set[str] = field(default_factory=set)
    components: set[str] = field(default_factory=set)
    texts: set[str] = field(default_factory=set)

    def merge(self, other: References) -> None:
        self.paths |= other.paths
        self.components |= other.components
        self.texts |= other.texts


def references(raw: Any) -> References:
    """The data paths, component ids and text keys an expression reads (`*` when computed)."""
    found = References()
    _walk(raw, found)
    return found


def _walk(raw: Any, found: References) -> None:
    if not isinstance(raw, list) or not raw or not isinstance(raw[0], str):
        return
    name, args = raw[0], raw[1:]
    if name == "dataModel":
        if args and isinstance(args[0], str):
            found.paths.add(normalise(args[0]))
        else:
            found.paths.add(ANY)
    elif name in ("component", "displayValue"):
        if args and isinstance(args[0], str):
            found.components.add(args[0])
        else:
            found.components.add(ANY)
    elif name == "text":
        if args and isinstance(args[0], str):
            found.texts.add(args[0])
        else:
            found.paths.add(ANY)
    elif name == "argv":
        found.paths.add(ANY)
    for arg in args:
        _walk(arg, found)
