"""Subform entries: each entry is a data element of its own, filled in on the pages of the
Subform's layout set at `/instance/<party>/<id>/subform/<element>/page/<page>`. From the page
with the Subform, "Legg til" makes an entry (up to the data type's `maxCount`) and opens it, and
a row's delete button removes it. "Ferdig" (closeSubform) saves the entry and goes back, once
its required answers are there; otherwise the entry's page shows what is missing (422), with
and without JavaScript."""

from __future__ import annotations

from functools import partial
from typing import Any

from flask import Blueprint, abort, current_app, redirect, request, url_for
from werkzeug.wrappers import Response

from forms.components.base import Component
from forms.definitions import AppDefinition, LayoutSet
from forms.render import PageView
from forms.validation import blocking, show_issues, validate
from storage import repository
from storage.models import Instance
from storage.shapes import entries_of
from web.context import current_language, current_user
from web.db import db_session
from web.filling import instance_info, load_instance, move, page_post, view_state
from web.pages import redirect_page, render_page

bp = Blueprint("subforms", __name__)


def _subforms(layout_set: LayoutSet) -> list[Component]:
    return [c for c in layout_set.components.values() if c.type_name == "Subform"]


def entry_url(party_id: int, instance_id: str, element_id: str, page_name: str) -> str:
    return url_for("subforms.entry_page", party_id=party_id, instance_id=instance_id,
                   element_id=element_id, page_name=page_name)


def show_entries(view: PageView, instance: Instance) -> None:
    """Put the entries of the layout set's Subform components on `view` (data type →
    [(element id, data)]) and say where their pages are, for tables, summaries and checks."""
    data_types = [subform.data_type(view.app)  # type: ignore[attr-defined]
                  for subform in _subforms(view.layout_set)]
    view.subform_entries = entries_of(instance, [t for t in data_types if t])
    view.subform_url = partial(entry_url, instance.instance_owner_party_id, instance.id)


def _subform_for(app: AppDefinition, data_type: str, layout_set: LayoutSet | None = None
                 ) -> Component | None:
    """A Subform component whose entries are of `data_type` (in `layout_set`, else anywhere in
    the app); entries have a layout set of their own, without tasks."""
    sets = [layout_set] if layout_set is not None else list(app.layout_sets.values())
    for candidate in sets:
        for subform in _subforms(candidate):
            entry_set = subform.layout_set(app)  # type: ignore[attr-defined]
            if entry_set is not None and not entry_set.tasks and (
                    entry_set.data_type == data_type):
                return subform
    return None


def subform_action(view: PageView, instance: Instance, action: str, user_id: str) -> Response:
    """Add an entry (and open its first page) or delete one, from the page with the Subform.
    A direct post past `maxCount` is refused with 409 and says why."""
    kind, _, ident = action.partition(":")
    if kind == "subform-add":
        return _add(view, instance, ident, user_id)
    if kind != "subform-delete":
        abort(400, "Unknown action")
    deletable = {s.data_type(view.app): s for s in _subforms(view.layout_set)  # type: ignore
                 if s.page == view.page.name and s.can_delete(view)}  # type: ignore
    element = next((e for e in instance.data_elements
                    if e.id == ident and e.data_type in deletable), None)
    if element is None:
        abort(404)
    if element.locked:
        abort(409, "This entry can no longer be changed.")
    subform = deletable[element.data_type]
    session = db_session()
    repository.delete_attachment(session, element, user_id)
    session.commit()
    url = view.page_url(view.page.name)
    if not request.htmx:
        return redirect(f"{url}#{subform.id}", 303)
    show_entries(view, instance)
    response = render_page(view, instance)
    response.headers["HX-Push-Url"] = url
    return response


def _add(view: PageView, instance: Instance, subform_id: str, user_id: str) -> Response:
    subform = view.find_instance(subform_id)
    if subform is None or subform.type_name != "Subform" or view.hidden(subform):
        abort(400, "Unknown subform")
    if subform.is_full(view):  # type: ignore[attr-defined]
        most = subform.limits(view)[1]  # type: ignore[attr-defined]
        abort(409, view.ui("subform_max", subform.title(view), most))  # type: ignore
    if not subform.can_add(view):  # type: ignore[attr-defined]
        abort(400, "Entries cannot be added here.")
    first = subform.first_page(view.app)  # type: ignore[attr-defined]
    if first is None:
        abort(501, "This subform has no pages.")
    session = db_session()
    data_type = subform.data_type(view.app)  # type: ignore[attr-defined]
    element = repository.add_form_data(session, instance, data_type, {}, user_id)
    session.flush()
    instance.last_page = view.page.name
    session.commit()
    return redirect_page(entry_url(instance.instance_owner_party_id, instance.id, element.id,
                                   first))


@bp.route("/instance/<int:party_id>/<instance_id>/subform/<element_id>/page/<page_name>",
          methods=["GET", "POST"])
def entry_page(party_id: int, instance_id: str, element_id: str, page_name: str) -> Any:
    """A page of one subform entry: its own data element, shown with the subform's layout set;
    `closeSubform` saves it and goes back to the page with the Subform when nothing required
    is missing on the entry's visible pages."""
    posting = request.method == "POST"
    instance, app = load_instance(party_id, instance_id, for_update=posting)
    if instance.current_task is None:
        return redirect(url_for("citizen.receipt", party_id=party_id, instance_id=instance_id),
                        303)
    element = next((e for e in instance.data_elements if e.id == element_id), None)
    subform = _subform_for(app, element.data_type) if element is not None else None
    if element is None or subform is None or element.locked:
        abort(404)
    layout_set = subform.layout_set(app)  # type: ignore[attr-defined]
    page = layout_set.pages.get(page_name)
    if page is None:
        abort(404)
    user = current_user()
    assert user is not None
    data = repository.read_form_data(element)
    view = PageView(app, layout_set, page, data, current_language(),
                    partial(entry_url, party_id, instance_id, element_id),
                    show_unsupported=current_app.config["LOCAL_MODE"],
                    instance_info=instance_info(instance))
    if page_name not in {p.name for p in view.pages()}:
        abort(404)
    view_state(view)
    if not posting:
        return render_page(view, instance)
    action = request.form.get("action", "save")
    handled = page_post(view, page, data, element, str(user.user_id), instance, action)
    if handled is not None:
        return handled
    if action == "close-subform":
        db_session().commit()  # what was typed is kept, whether or not the entry may close
        issues = validate(view, data_element_id=element.id)
        if blocking(issues):
            show_issues(view, issues)
            return render_page(view, instance, status=422)
        return redirect_page(_parent_url(app, instance, element.data_type))
    return move(view, page, action, instance, remember=False)


def _parent_url(app: AppDefinition, instance: Instance, data_type: str) -> str:
    """The page of the current step with the Subform of these entries (else the step)."""
    party_id = instance.instance_owner_party_id
    layout_set = app.layout_set_for_task(instance.current_task) if instance.current_task else None
    subform = _subform_for(app, data_type, layout_set) if layout_set is not None else None
    if subform is None:
        return url_for("citizen.resume", party_id=party_id, instance_id=instance.id)
    return url_for("citizen.page", party_id=party_id, instance_id=instance.id,
                   page_name=subform.page) + f"#{subform.id}"
