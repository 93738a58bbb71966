"""Validation messages as Altinn lets apps word them: Blankett's built-in text for an issue, unless
the app has a text resource with the same id or with one of Altinn's ids for the same message
(`validation_errors.maxLength`, `date_picker.min_date_exeeded`,
`backend.validation_errors.file_too_large`, ...). Altinn's backend texts use named
parameters (`{maxSize}`) and the frontend's numbered ones (`{0}`): both are filled."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from forms.render import PageView
from forms.ui_texts import ui_text


def message(view: PageView, key: str, args: Iterable[Any] = (), *, also: Iterable[str] = (),
            named: dict[str, Any] | None = None) -> tuple[str, str]:
    """(the text, the id it came from) for Blankett's text `key`; an app text for `key` or,
    in order, for one of the ids in `also` wins (in the person's language, or one the app
    falls back to)."""
    source = next((k for k in (key, *also) if view.app.texts.find(k, view.lang)), None)
    text = view.app.texts.resolve(source, view.lang) if source else ui_text(key, view.lang)
    return fill(text, args, named), source or key


def fill(text: str, args: Iterable[Any] = (), named: dict[str, Any] | None = None) -> str:
    for i, arg in enumerate(args):
        text = text.replace(f"{{{i}}}", str(arg))
    for name, value in (named or {}).items():
        text = text.replace(f"{{{name}}}", str(value))
    return text
