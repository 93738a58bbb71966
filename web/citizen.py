"""The citizen's pages: the start page with services and started instances, and filling in an
instance page by page. Every page is a real form post first; htmx only makes it feel instant by
swapping the main region (same template, one block) instead of loading the whole page. What
a subform entry's pages share with these is in web/filling.py; the entries in web/subforms.py."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from forms.definitions import AppDefinition, LayoutSet, Page
from forms.dynamics import Dynamics
from forms.render import PageView
from forms.validation import blocking, show_issues, validate
from forms.validation.navigation import navigation_issues
from integrations.register import Party
from process.engine import ProcessError, complete_task, form_data_types_for_task
from storage import repository
from storage.models import DataElement, Instance
from web.context import current_language, current_party, current_user, registry
from web.db import db_session
from web.filling import (
    go_to,
    instance_info,
    load_instance,
    save_post,
    show,
    target_page,
    view_state,
)
from web.live import live_update
from web.pages import redirect_page, render_page
from web.rows import row_action
from web.subforms import show_entries, subform_action

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
    instance, app = load_instance(party_id, instance_id)
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
    instance, app = load_instance(party_id, instance_id, for_update=posting)
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
    view_state(view)
    show_entries(view, instance)
    if not posting:
        if instance.last_page != page_name:
            instance.last_page = page_name
            session.commit()
        return render_page(view, instance)

    action = request.form.get("action", "save")
    if action == "live":
        return live_update(view, page, data, element, str(user.user_id))

    failed = save_post(view, page, data, element, str(user.user_id), instance)
    if failed is not None:
        return failed
    if action.startswith("row-") and not view.read_only:
        return row_action(view, action, data, element, str(user.user_id))
    if action.startswith("show:"):
        return show(view, action[5:], instance)
    if action.startswith("subform-") and not view.read_only:
        return subform_action(view, instance, action, str(user.user_id))

    if action == "submit" and not view.read_only:
        issues = validate(view, data_element_id=element.id if element else None)
        if blocking(issues):
            session.commit()
            show_issues(view, issues)
            return render_page(view, instance, status=422)
        try:
            complete_task(session, app, instance, str(user.user_id), issues=issues)
        except ProcessError as exc:
            session.rollback()
            abort(409, str(exc))
        session.commit()
        return redirect_page(url_for("citizen.resume", party_id=party_id, instance_id=instance_id))
    target = target_page(view, page, action)
    issues = navigation_issues(view, page, target, by_bar=action.startswith("page:"))
    if blocking(issues):  # the app asks for these pages to be right before moving on
        db_session().commit()
        show_issues(view, issues)
        return render_page(view, instance, status=422)
    return go_to(view, target, instance)


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
    instance, app = load_instance(party_id, instance_id)
    if instance.current_task is not None:
        return redirect(url_for("citizen.resume", party_id=party_id, instance_id=instance_id))
    return render_template("receipt.html", instance=instance, app=app, lang=current_language())
