"""The citizen's pages: the start page with services and started instances, and filling in an
instance page by page. Every page is a real form post first; htmx only makes it feel instant by
swapping the main region (same template, one block) instead of loading the whole page."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from forms.components.base import Component
from forms.components.repeatinggroup import ensure_row_ids
from forms.definitions import AppDefinition, LayoutSet, Page
from forms.dynamics import Dynamics
from forms.render import PageView
from forms.submission import apply_post
from forms.validation import required_errors
from integrations.register import Party
from process.engine import ProcessError, complete_task, form_data_types_for_task
from storage import repository
from storage.models import DataElement, Instance
from web.context import current_language, current_party, current_user, register, registry
from web.db import db_session
from web.live import live_update
from web.pages import redirect_page, render_page
from web.rows import open_rows, row_action, row_pages

bp = Blueprint("citizen", __name__)


@bp.get("/")
def start() -> str:
    user, party = current_user(), current_party()
    apps: list[AppDefinition] = []
    instances: list[tuple[Instance, AppDefinition | None]] = []
    if party is not None:
        apps = [a for a in registry().apps.values() if _may_start(a, party)]
        instances = [(i, registry().get(i.app_id))
                     for i in repository.instances_for_party(db_session(), party.party_id)]
    return render_template("start.html", user=user, party=party, apps=apps,
                           instances=instances, lang=current_language())


def _may_start(app: AppDefinition, party: Party) -> bool:
    """Altinn's partyTypesAllowed; self-identified users may use apps open to everyone."""
    allowed = app.party_types_allowed
    if party.party_type == "selfIdentified":
        return all(allowed.values())
    return allowed.get(party.party_type, False)


@bp.post("/instances")
def create_instance() -> Response:
    user, party = current_user(), current_party()
    if user is None or party is None:
        return redirect(url_for("auth.login"), 303)
    app = registry().get(request.form.get("app_id", ""))
    if app is None:
        abort(404)
    if not _may_start(app, party):
        abort(403, "This service is not available for the party you act for.")
    task = app.process.first_task()
    if task is None:
        abort(409, "This service has no process to start.")
    session = db_session()
    instance = repository.create_instance(
        session, app_id=app.id, party_id=party.party_id, user_id=str(user.user_id),
        task_id=task.id, form_data_types=form_data_types_for_task(app, task.id))
    session.commit()
    return redirect(url_for("citizen.resume", party_id=party.party_id,
                            instance_id=instance.id), 303)


def _load(party_id: int, instance_id: str, for_update: bool = False
          ) -> tuple[Instance, AppDefinition]:
    """The instance, if the signed-in user may act for its owner; 404 otherwise (no hints).
    `for_update` locks the row, so two posts to one instance never interleave."""
    user, party = current_user(), current_party()
    if user is None:
        abort(401)
    instance = repository.get_instance(db_session(), instance_id, for_update=for_update)
    if (instance is None or instance.instance_owner_party_id != party_id or party is None
            or party.party_id != party_id):
        abort(404)
    app = registry().get(instance.app_id)
    if app is None:
        abort(503, "This service is not available right now.")
    return instance, app


def _task_layout(app: AppDefinition, instance: Instance) -> LayoutSet:
    layout_set = app.layout_set_for_task(instance.current_task)
    if layout_set is None:
        abort(501, f"The step '{instance.current_task}' of this service cannot be shown yet.")
    return layout_set


def _page_url(party_id: int, instance_id: str) -> Any:
    def page_url(name: str) -> str:
        return url_for("citizen.page", party_id=party_id, instance_id=instance_id,
                       page_name=name)
    return page_url


@bp.get("/instance/<int:party_id>/<instance_id>")
def resume(party_id: int, instance_id: str) -> Response:
    instance, app = _load(party_id, instance_id)
    if instance.current_task is None:
        return redirect(url_for("citizen.receipt", party_id=party_id, instance_id=instance_id))
    layout_set = _task_layout(app, instance)
    names = [p.name for p in _visible_pages(app, layout_set, instance)]
    target = instance.last_page if instance.last_page in names else (names[0] if names else None)
    if target is None:
        abort(501, "This step has no pages.")
    return redirect(_page_url(party_id, instance_id)(target))


def _visible_pages(app: AppDefinition, layout_set: LayoutSet, instance: Instance) -> list[Page]:
    element = repository.form_data_element(instance, layout_set.data_type or "")
    data = repository.read_form_data(element) if element else {}
    return Dynamics.for_data(app, layout_set, data, current_language(),
                             instance_info(instance)).visible_pages()


@bp.route("/instance/<int:party_id>/<instance_id>/page/<page_name>", methods=["GET", "POST"])
def page(party_id: int, instance_id: str, page_name: str) -> Any:
    posting = request.method == "POST"
    instance, app = _load(party_id, instance_id, for_update=posting)
    if instance.current_task is None:
        return redirect(url_for("citizen.receipt", party_id=party_id, instance_id=instance_id),
                        303)
    layout_set = _task_layout(app, instance)
    page = layout_set.pages.get(page_name)
    if page is None:
        abort(404)
    session = db_session()
    user = current_user()
    assert user is not None
    element = _form_data(app, instance, layout_set, str(user.user_id))
    data = repository.read_form_data(element) if element else {}
    lang = current_language()
    view = PageView(app, layout_set, page, data, lang, _page_url(party_id, instance_id),
                    show_unsupported=current_app.config["LOCAL_MODE"],
                    read_only=element is None or element.locked,
                    instance_info=instance_info(instance))
    if page_name not in {p.name for p in view.pages()}:
        abort(404)  # hidden pages and pages outside the order are not served
    _view_state(view)
    view.subform_entries = _subform_entries(app, instance, layout_set)
    if not posting:
        if instance.last_page != page_name:
            instance.last_page = page_name
            session.commit()
        return render_page(view, instance)

    action = request.form.get("action", "save")
    if action == "live":
        return live_update(view, page, data, element, str(user.user_id))

    failed = _save_post(view, page, data, element, str(user.user_id), instance)
    if failed is not None:
        return failed
    if action.startswith("row-") and not view.read_only:
        return row_action(view, action, data, element, str(user.user_id))
    if action.startswith("subform-") and not view.read_only:
        return _subform_action(view, instance, action, str(user.user_id))

    if action == "submit" and not view.read_only:
        missing = required_errors(view)
        if missing:
            session.commit()
            view.errors = missing
            return render_page(view, instance, status=422)
        try:
            complete_task(session, app, instance, str(user.user_id))
        except ProcessError as exc:
            session.rollback()
            abort(409, str(exc))
        session.commit()
        return redirect_page(url_for("citizen.resume", party_id=party_id, instance_id=instance_id))
    return _go_to(view, _target(view, page, action), instance)


def _view_state(view: PageView) -> None:
    """What the address asks to show: the open row, a group's table page, a delete to confirm."""
    view.open_rows = open_rows(request.args.get("edit"))
    view.row_pages = row_pages(request.args.get("rowpage"))
    confirm = open_rows(request.args.get("confirm"))
    view.confirm_delete = next(iter(confirm.items()), None)


def _save_post(view: PageView, page: Page, data: dict[str, Any], element: DataElement | None,
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
    view.refresh()  # what is shown, required or hidden may follow from what was typed
    if update.changed and element is not None:
        repository.save_form_data(element, data, user_id)
    if update.errors:
        db_session().commit()  # keep what could be saved
        view.errors = {cid: view.ui(code) for cid, code in update.errors.items()}
        view.typed = update.typed
        return render_page(view, instance, status=422)
    return None


def _target(view: PageView, page: Page, action: str) -> Page:
    """The page a navigation action (next, back, page:<name>) leads to; else this one."""
    visible = {p.name: p for p in view.pages()}
    if action == "next":
        return view.neighbour(+1) or page
    if action == "back":
        return view.neighbour(-1) or page
    if action.startswith("page:") and action[5:] in visible:
        return visible[action[5:]]
    return page


def _go_to(view: PageView, target: Page, instance: Instance, remember: bool = True
           ) -> Response:
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


# ---- subforms ------------------------------------------------------------------------------
def _subforms(layout_set: LayoutSet) -> list[Component]:
    return [c for c in layout_set.components.values() if c.type_name == "Subform"]


def _subform_entries(app: AppDefinition, instance: Instance, layout_set: LayoutSet
                     ) -> dict[str, list[tuple[str, dict[str, Any]]]]:
    """The entries of the layout set's Subform components: data type → [(element id, data)]."""
    out: dict[str, list[tuple[str, dict[str, Any]]]] = {}
    for subform in _subforms(layout_set):
        data_type = subform.data_type(app)  # type: ignore[attr-defined]
        if data_type and data_type not in out:
            out[data_type] = [(e.id, repository.read_form_data(e))
                              for e in instance.data_elements if e.data_type == data_type]
    return out


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


def _subform_page_url(party_id: int, instance_id: str, element_id: str) -> Any:
    def page_url(name: str) -> str:
        return url_for("citizen.subform_page", party_id=party_id, instance_id=instance_id,
                       element_id=element_id, page_name=name)
    return page_url


def _subform_action(view: PageView, instance: Instance, action: str, user_id: str
                    ) -> Response:
    """Add an entry (and open its first page) or delete one, from the page with the Subform."""
    kind, _, ident = action.partition(":")
    session = db_session()
    if kind == "subform-add":
        subform = view.find_instance(ident)
        if subform is None or subform.type_name != "Subform" or not (
                subform.can_add(view)):  # type: ignore[attr-defined]
            abort(400, "Unknown subform")
        data_type = subform.data_type(view.app)  # type: ignore[attr-defined]
        first = subform.first_page(view.app)  # type: ignore[attr-defined]
        if first is None:
            abort(501, "This subform has no pages.")
        limit = (view.app.data_type(data_type) or {}).get("maxCount")
        count = sum(1 for e in instance.data_elements if e.data_type == data_type)
        if isinstance(limit, int) and limit > 0 and count >= limit:
            abort(409, view.ui("max_rows"))
        element = repository.add_form_data(session, instance, data_type, {}, user_id)
        session.flush()
        instance.last_page = view.page.name
        session.commit()
        return redirect_page(url_for("citizen.subform_page",
                                 party_id=instance.instance_owner_party_id,
                                 instance_id=instance.id, element_id=element.id,
                                 page_name=first))
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
    repository.delete_attachment(session, element, user_id)
    session.commit()
    url = view.page_url(view.page.name)
    if not request.htmx:
        return redirect(f"{url}#{subform.id}", 303)
    view.subform_entries = _subform_entries(view.app, instance, view.layout_set)
    response = render_page(view, instance)
    response.headers["HX-Push-Url"] = url
    return response


@bp.route("/instance/<int:party_id>/<instance_id>/subform/<element_id>/page/<page_name>",
          methods=["GET", "POST"])
def subform_page(party_id: int, instance_id: str, element_id: str, page_name: str) -> Any:
    """A page of one subform entry: its own data element, shown with the subform's layout set;
    `closeSubform` saves it and goes back to the page with the Subform."""
    posting = request.method == "POST"
    instance, app = _load(party_id, instance_id, for_update=posting)
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
                    _subform_page_url(party_id, instance_id, element_id),
                    show_unsupported=current_app.config["LOCAL_MODE"],
                    instance_info=instance_info(instance))
    if page_name not in {p.name for p in view.pages()}:
        abort(404)
    _view_state(view)
    if not posting:
        return render_page(view, instance)
    action = request.form.get("action", "save")
    if action == "live":
        return live_update(view, page, data, element, str(user.user_id))
    failed = _save_post(view, page, data, element, str(user.user_id), instance)
    if failed is not None:
        return failed
    if action.startswith("row-"):
        return row_action(view, action, data, element, str(user.user_id))
    if action == "close-subform":
        db_session().commit()
        return redirect_page(_parent_url(app, instance, element.data_type))
    return _go_to(view, _target(view, page, action), instance, remember=False)


def _parent_url(app: AppDefinition, instance: Instance, data_type: str) -> str:
    """The page of the current step with the Subform of these entries (else the step)."""
    party_id = instance.instance_owner_party_id
    layout_set = app.layout_set_for_task(instance.current_task) if instance.current_task else None
    subform = _subform_for(app, data_type, layout_set) if layout_set is not None else None
    if subform is None:
        return url_for("citizen.resume", party_id=party_id, instance_id=instance.id)
    return url_for("citizen.page", party_id=party_id, instance_id=instance.id,
                   page_name=subform.page) + f"#{subform.id}"


def instance_info(instance: Instance) -> dict[str, Any]:
    """The instance in Altinn's shape, for `instanceContext` in expressions and texts."""
    party = register().party(instance.instance_owner_party_id)
    owner: dict[str, Any] = {"partyId": str(instance.instance_owner_party_id)}
    if party is not None:
        owner["party"] = {"name": party.name}
        if party.party_type in ("organisation", "subUnit"):
            owner["organisationNumber"] = party.org_number
        elif party.party_type == "person":
            owner["personNumber"] = party.ssn
        else:
            owner["username"] = party.name
    data = [{"id": e.id, "dataType": e.data_type, "filename": e.filename, "size": e.size,
             "contentType": e.content_type, "tags": list(e.tags or []), "locked": e.locked,
             "created": e.created.isoformat() if e.created else None}
            for e in instance.data_elements]
    return {"id": f"{instance.instance_owner_party_id}/{instance.id}",
            "appId": instance.app_id, "instanceOwner": owner, "data": data}


def _form_data(app: AppDefinition, instance: Instance, layout_set: LayoutSet,
               user_id: str) -> DataElement | None:
    """The task's form data element, made if the app declares the type but it is missing."""
    data_type = layout_set.data_type or ""
    element = repository.form_data_element(instance, data_type)
    if element is None and app.data_type(data_type) is not None:
        element = repository.add_form_data(db_session(), instance, data_type, {}, user_id)
        db_session().flush()
    return element


@bp.get("/instance/<int:party_id>/<instance_id>/receipt")
def receipt(party_id: int, instance_id: str) -> str | Response:
    instance, app = _load(party_id, instance_id)
    if instance.current_task is not None:
        return redirect(url_for("citizen.resume", party_id=party_id, instance_id=instance_id))
    return render_template("receipt.html", instance=instance, app=app, lang=current_language())
