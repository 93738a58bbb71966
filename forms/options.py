"""Option lists for radio buttons, checkboxes and dropdowns: inline `options` or an app's
`options/<optionsId>.json`. Values are compared as strings, as Altinn does."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from forms import jsonc
from forms.problems import ProblemList


@dataclass(frozen=True)
class Option:
    value: str
    label: str  # a text key or literal text
    description: str | None = None
    help_text: str | None = None


def option_value(value: Any) -> str:
    """Altinn compares option values as strings: true → "true", 1.0 → "1", null → ""."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def parse_options(raw: Any, file: Path | str, path: str, problems: ProblemList) -> list[Option]:
    if not isinstance(raw, list):
        problems.error(file, path, "an option list must be an array")
        return []
    out: list[Option] = []
    for i, item in enumerate(raw):
        if not isinstance(item, dict) or "value" not in item:
            problems.error(file, f"{path}[{i}]", "an option needs a 'value'")
            continue
        label = item.get("label", option_value(item["value"]))
        description, help_text = item.get("description"), item.get("helpText")
        out.append(
            Option(
                value=option_value(item["value"]),
                label=str(label),
                description=description if isinstance(description, str) else None,
                help_text=help_text if isinstance(help_text, str) else None,
            )
        )
    return out


def load_option_files(folder: Path, problems: ProblemList) -> dict[str, list[Option]]:
    """Every `<optionsId>.json` in the app's options folder."""
    lists: dict[str, list[Option]] = {}
    if not folder.is_dir():
        return lists
    for file in sorted(folder.glob("*.json")):
        raw = jsonc.read_reporting(file, problems)
        if raw is not None:
            lists[file.stem] = parse_options(raw, file, "$", problems)
    return lists
