"""Resolving properties that may be expressions (`hidden`, `required`, `readOnly`, texts).

Plain values are used as written. Expression arrays are Altinn's dynamics language, which the
expression engine evaluates; until it is wired in here, an expression falls back to the
property's default, exactly as Altinn's frontend does when an expression fails."""

from __future__ import annotations

from typing import Any


def is_expression(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and isinstance(value[0], str)


def resolve_bool(value: Any, default: bool) -> bool:
    if isinstance(value, bool):
        return value
    return default


def resolve_text(value: Any) -> str | None:
    """A text binding's key (or literal text); None when it cannot be resolved."""
    if isinstance(value, str):
        return value
    return None
