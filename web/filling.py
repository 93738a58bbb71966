"""What every page a person fills in shares, a task's pages (web/citizen.py) and a subform
entry's pages (web/subforms.py) alike: finding the instance they may act for, its Altinn shape
for expressions, what the address asks to show, reading and saving a post, and moving on."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qsl, urlencode

from flask import abort, redirect, request
from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Response

from forms.calculation import calculate
from forms.components.list import list_states
from forms.components.repeatinggroup import ensure_row_ids
from forms.definitions import AppDefinition, Page
from forms.render import PageView
from forms.submission import apply_post
from storage import repository, shapes
from storage.models import DataElement, Instance
from web.context import current_party, current_user, register, registry
from web.db import db_session
from web.pages import render_page
from web.rows import row_action, row_state


def load_instance(party_id: int, instance_id: str, for_update: bool = False
                  ) -> tuple[Instance, AppDefinition]:
    """The instance, if the signed-in user may act for its owner; 404 otherwise (no hints).
    `for_update` locks the row, so two posts to one instance never interleave."""
    user, party = current_user(), current_party()
    if user is None:
        abort(401)
    instance = repository.get_instance(db_session(), instance_id, for_update=for_update)
    if instance is None or instance.instance_owner_party_id != party_id:
        abort(404)
    app = registry().for_instance(instance)
    if app is None:
        abort(503, "This service is not available right now.")
    if party is None or party.party_id != party_id:
        from web.signing_web import may_open_to_sign

        if not may_open_to_sign(app, instance, user):  # a required signee may open it to sign
            abort(404)
    return instance, app


def instance_info(instance: Instance) -> dict[str, Any]:
    """The instance in Altinn's shape, for `instanceContext` in expressions and texts."""
    return shapes.instance_info(instance, register().party(instance.instance_owner_party_id))


VIEW_PARAMS = ("edit", "editpage", "rowpage", "confirm", "list")  # what an address may ask


def view_state(view: PageView, args: Any = None) -> None:
    """What the address asks to show: the open row, a group's table page, a delete to confirm,
    a List's page and order."""
    args = request.args if args is None else args
    row_state(view, args)
    view.list_state = list_states(args.getlist("list"))


def show(view: PageView, wanted: str, instance: Instance) -> Response:
    """`show:<query>#<anchor>`: another page or order of a table on this page (a repeating
    group's or a List's). These are submit buttons, not links, so that what was typed is saved
    first, without JavaScript too; then the page is shown in the state asked for."""
    query, _, anchor = wanted.partition("#")
    anchor = anchor if re.fullmatch(r"[A-Za-z0-9_:.-]{1,200}", anchor) else ""
    args = MultiDict([(k, v) for k, v in parse_qsl(query) if k in VIEW_PARAMS])
    url = view.page_url(view.page.name)
    if args:
        url += "?" + urlencode(list(args.items(multi=True)), safe=":")
    db_session().commit()
    if not request.htmx:
        return redirect(url + (f"#{anchor}" if anchor else ""), 303)
    view_state(view, args)
    response = render_page(view, instance)
    response.headers["HX-Push-Url"] = url
    return response


def save_post(view: PageView, page: Page, data: dict[str, Any], element: DataElement | None,
              user_id: str, instance: Instance) -> Response | None:
    """Read the posted answers into `data` and save them; the page again (422) with what could
    not be read, else None."""
    if view.read_only:
        return None
    for group in (c for root in page.components for c in root.walk()
                  if c.type_name == "RepeatingGroup"):
        ensure_row_ids(group, data)
    update = apply_post(page, data, request.form, view.lang,
                        options=lambda c: {o.value for o in view.options(c)}
                        if view.has_option_list(c) else None,
                        hidden=view.hidden, read_only=view.is_read_only,
                        formatting=view.formatting)
    calculated = calculate(view)  # the app's derived answers, saved with the typed ones
    view.refresh()  # what is shown, required or hidden may follow from what was typed
    if (update.changed or calculated) and element is not None:
        repository.save_form_data(element, data, user_id)
    if update.errors:
        db_session().commit()  # keep what could be saved
        view.errors = {cid: view.ui(code) for cid, code in update.errors.items()}
        view.typed = update.typed
        return render_page(view, instance, status=422)
    return None


def target_page(view: PageView, page: Page, action: str) -> Page:
    """The page a navigation action (next, back, page:<name>) leads to; else this one."""
    visible = {p.name: p for p in view.pages()}
    if action == "next":
        return view.neighbour(+1) or page
    if action == "back":
        return view.neighbour(-1) or page
    if action.startswith("page:") and action[5:] in visible:
        return visible[action[5:]]
    return page


def go_to(view: PageView, target: Page, instance: Instance, remember: bool = True) -> Response:
    """Commit and show `target`: a redirect, or with htmx the page region and its address."""
    if remember:
        instance.last_page = target.name
    db_session().commit()
    url = view.page_url(target.name)
    if not request.htmx:
        return redirect(url, 303)
    view.page = target
    response = render_page(view, instance)
    response.headers["HX-Push-Url"] = url
    return response


def page_post(view: PageView, page: Page, data: dict[str, Any], element: DataElement | None,
              user_id: str, instance: Instance, action: str) -> Response | None:
    """What every page a person fills in does with a post before its own actions: a live
    update, saving what was typed (the page again when it cannot be read), a repeating
    group's row action, another page or order of a table. None: the action is the caller's
    (moving on, sending in, a subform's own)."""
    from web.live import live_update

    if action == "live":
        return live_update(view, page, data, element, user_id)
    failed = save_post(view, page, data, element, user_id, instance)
    if failed is not None:
        return failed
    if action.startswith("row-") and not view.read_only:
        return row_action(view, action, data, element, user_id)
    if action.startswith("show:"):
        return show(view, action[5:], instance)
    return None


def move(view: PageView, page: Page, action: str, instance: Instance,
         remember: bool = True) -> Response:
    """Next, back or a page of the NavigationBar: to where it leads, unless the app asks for
    pages to be right first (then this page again, with what is wrong)."""
    from forms.validation import blocking, show_issues
    from forms.validation.navigation import navigation_issues

    target = target_page(view, page, action)
    issues = navigation_issues(view, page, target, by_bar=action.startswith("page:"))
    if blocking(issues):
        db_session().commit()  # what was typed is kept
        show_issues(view, issues)
        return render_page(view, instance, status=422)
    return go_to(view, target, instance, remember=remember)
