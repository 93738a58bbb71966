"""The designer's own texts in nb, nn and en (not an app's texts). Each designer module adds
its texts with `add()` when it is imported, so each keeps its words beside its routes."""

from __future__ import annotations

from collections.abc import Callable

TEXTS: dict[str, dict[str, str]] = {"nb": {}, "nn": {}, "en": {}}


def add(texts: dict[str, dict[str, str]]) -> None:
    for lang, table in texts.items():
        TEXTS.setdefault(lang, {}).update(table)


def designer_text(key: str, lang: str, *args: object) -> str:
    """The text `key` in `lang` (else nb, else the key itself), with `{0}`... filled in."""
    text = TEXTS.get(lang, TEXTS["nb"]).get(key) or TEXTS["nb"].get(key) or key
    return text.format(*args) if args else text


def texts(lang: str) -> Callable[..., str]:
    """`tx('key', ...)` for templates."""
    return lambda key, *args: designer_text(key, lang, *args)
