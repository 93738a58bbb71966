"""Checks when a person moves between pages, as the app asks (Altinn's `validateOnNext` and
`validateOnPrevious` on NavigationButtons, `validateOnForward`/`validateOnBackward` on the
NavigationBar, else `pages.validationOnNavigation` in the layout set's Settings.json): which
pages (`current`, `currentAndPrevious`, `all`) and which kinds of issue (`show`). Without any
of these, moving on is never blocked, as in Altinn."""

from __future__ import annotations

from typing import Any

from forms.definitions import Page
from forms.render import PageView
from forms.validation.issues import (
    COMPONENT,
    CUSTOM,
    DATA_ELEMENT,
    EXPRESSION,
    REQUIRED,
    SCHEMA,
    Issue,
)
from forms.validation.run import validate

_ALL = {REQUIRED, SCHEMA, COMPONENT, EXPRESSION, CUSTOM, DATA_ELEMENT}
MASKS: dict[str, set[str]] = {
    "Schema": {SCHEMA}, "Component": {COMPONENT, DATA_ELEMENT}, "Expression": {EXPRESSION},
    "CustomBackend": {CUSTOM}, "Required": {REQUIRED},
    "AllExceptRequired": _ALL - {REQUIRED}, "All": _ALL,
}


def navigation_issues(view: PageView, page: Page, target: Page, by_bar: bool = False
                      ) -> list[Issue]:
    """The issues that stop a move from `page` to `target` (none: the move may go on), made
    with the NavigationButtons or, `by_bar`, the NavigationBar."""
    pages = [p.name for p in view.pages()]
    if target.name == page.name or page.name not in pages or target.name not in pages:
        return []
    forward = pages.index(target.name) > pages.index(page.name)
    rule = _rule(view, page, forward, by_bar)
    if not rule:
        return []
    scope = rule.get("page")
    if scope == "all":
        checked = None
    elif scope == "currentAndPrevious":
        checked = [p for p in view.pages() if pages.index(p.name) <= pages.index(page.name)]
    else:
        checked = [page]
    shown = rule.get("show")
    sources = set().union(*(MASKS.get(m, set()) for m in shown)) if isinstance(
        shown, list) and shown else _ALL
    return validate(view, checked, sources)


def _rule(view: PageView, page: Page, forward: bool, by_bar: bool) -> dict[str, Any] | None:
    kind, names = (("NavigationBar", ("validateOnForward", "validateOnBackward")) if by_bar
                   else ("NavigationButtons", ("validateOnNext", "validateOnPrevious")))
    for component in page.all_components:
        if component.type_name == kind and not view.hidden(component):
            found = component.props.get(names[0] if forward else names[1])
            if isinstance(found, dict):
                return found
    pages = view.layout_set.settings.get("pages")
    found = pages.get("validationOnNavigation") if isinstance(pages, dict) else None
    return found if isinstance(found, dict) else None
