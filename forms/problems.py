"""Problems found in an app definition, each pinned to a file, a JSON path and a reason.

An app with at least one error is refused; warnings are shown to developers but the app serves.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    file: str
    path: str
    reason: str
    severity: Severity = "error"

    def __str__(self) -> str:
        where = f"{self.file} {self.path}".strip()
        return f"{self.severity}: {where}: {self.reason}"


@dataclass
class ProblemList:
    """Collects problems while one app is loaded; `root` makes file names relative."""

    root: Path
    items: list[Problem] = field(default_factory=list)

    def _name(self, file: Path | str) -> str:
        p = Path(file)
        try:
            return str(p.relative_to(self.root))
        except ValueError:
            return str(p)

    def error(self, file: Path | str, path: str, reason: str) -> None:
        self.items.append(Problem(self._name(file), path, reason, "error"))

    def warning(self, file: Path | str, path: str, reason: str) -> None:
        self.items.append(Problem(self._name(file), path, reason, "warning"))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.items if p.severity == "warning"]
