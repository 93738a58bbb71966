"""Live updates: a changed answer is saved, and only the components whose state follows from
it are sent back as out-of-band swaps. Nothing is validated here, so people are not interrupted
while they fill in."""

from __future__ import annotations

import copy
from typing import Any

from flask import current_app, render_template, request
from werkzeug.wrappers import Response

from forms.calculation import calculate
from forms.components.base import Component
from forms.definitions import Page
from forms.dynamics import changed_fields, dependency_index
from forms.expressions.dependencies import normalise
from forms.render import PageView
from forms.submission import apply_post
from forms.validation import show_issues, validate
from storage import repository
from storage.models import DataElement
from web.db import db_session


def live_update(view: PageView, page: Page, data: dict[str, Any],
                 element: DataElement | None, user_id: str) -> Response:
    """A field changed (htmx, on `change`): save what can be read, then answer with only the
    components whose visibility, required marker or texts changed, as out-of-band swaps.
    Fields are not judged here, so people are not interrupted while they fill in; only those
    already showing an error are checked again."""
    if view.read_only or element is None:
        return current_app.response_class(status=204)
    index = dependency_index(view.app, view.layout_set)
    watched = []
    for component in page.all_components:
        if component.id in index.always or any(component.id in ids for ids in
                                               index.watch.values()):
            # Inside a repeating group the rows are what is shown: watch the group.
            outer = outer_group(component) or component
            if outer not in watched:
                watched.append(outer)
    before_states = {c.id: view.state(c) for c in watched}
    before_pages = [p.name for p in view.pages()]
    before_data = copy.deepcopy(data)
    update = apply_post(page, data, request.form, view.lang,
                        options=lambda c: {o.value for o in view.options(c)}
                        if view.has_option_list(c) else None,
                        hidden=view.hidden, read_only=view.is_read_only,
                        formatting=view.formatting)
    calculated = calculate(view)
    if update.changed or calculated:
        repository.save_form_data(element, data, user_id)
    db_session().commit()
    view.refresh()
    changed_paths = changed_fields(before_data, data)
    components, _pages = index.affected(changed_paths)
    affected = {(outer_group(layout_component) or layout_component).id
                for layout_component in page.all_components if layout_component.id in components}
    changed = [c for c in watched if c.id in affected and view.state(c) != before_states[c.id]]
    changed += [c for c in calculated_fields(page, calculated) if c not in changed]
    pages_changed = [p.name for p in view.pages()] != before_pages
    if pages_changed:  # the page list moved: navigation shows it
        changed += [c for c in page.all_components
                    if c.type_name in ("NavigationBar", "NavigationButtons")]
    rechecked, summary_changed = recheck(view, update.errors, update.typed)
    changed += [c for c in rechecked if c not in changed]
    swaps = outermost(changed)
    if not swaps and not pages_changed and not summary_changed:
        return current_app.response_class(status=204)
    body = render_template("live_update.html", view=view, changed=swaps,
                           pages_changed=pages_changed, errors_changed=summary_changed,
                           lang=view.lang)
    return current_app.response_class(body)


def recheck(view: PageView, unreadable: dict[str, str], typed: dict[str, str]
            ) -> tuple[list[Component], bool]:
    """The fields that showed an error when the page was drawn (`bk_shown`: id|message),
    checked again: an error goes as soon as it is fixed, and a changed one is said anew. No
    other field is judged here. The fields whose message changed, to draw again (a field
    whose message stays is left alone, so nothing a person is typing is swapped away)."""
    shown = dict(value.partition("|")[::2] for value in request.form.getlist("bk_shown"))
    if not shown:
        return [], False
    whole_form = any(cid.startswith("bk_issue_") for cid in shown)  # errors about it all
    issues = [i for i in validate(view) if i.component_id in shown
              or (whole_form and i.component_id is None)]
    show_issues(view, issues)
    for cid, code in unreadable.items():  # still not a number, a date...: say so again
        if cid in shown:
            view.errors[cid] = view.ui(code)
            view.typed[cid] = typed.get(cid, "")
    moved = [cid for cid, before in shown.items() if view.errors.get(cid, "") != before
             and not cid.startswith("bk_issue_")]
    found = [view.find_instance(cid) for cid in sorted(moved)]
    summary_changed = sorted(shown.values()) != sorted(view.errors.values())
    return [c for c in found if c is not None], summary_changed


def calculated_fields(page: Page, calculated: set[str]) -> list[Component]:
    """The page's components bound to a field a calculation changed (rows unindexed; in a
    repeating group, the group), to draw again with the new value."""
    out: list[Component] = []
    for component in page.all_components:
        if calculated & {normalise(path) for path in component.bindings.values()}:
            target = outer_group(component) or component
            if target not in out:
                out.append(target)
    return out


def outer_group(component: Component) -> Component | None:
    found, parent = None, component.parent
    while parent is not None:
        if parent.type_name == "RepeatingGroup":
            found = parent
        parent = parent.parent
    return found


def outermost(components: list[Component]) -> list[Component]:
    """Drop components inside another one in the list: the container is re-rendered whole."""
    ids = {c.id for c in components}
    out = []
    for component in components:
        parent, inside = component.parent, False
        while parent is not None:
            if parent.id in ids:
                inside = True
                break
            parent = parent.parent
        if not inside and component not in out:
            out.append(component)
    return out
