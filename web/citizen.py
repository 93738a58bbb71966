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
from forms.validation import show_issues, validate
from integrations.register import Party
from process.actions import process_actions
from process.engine import ProcessError, ValidationFailed, process_next, start_instance
from storage import repository
from storage.models import DataElement, Instance
from web.context import (
    current_language,
    current_party,
    current_user,
    prefill_register,
    registry,
)
from web.db import db_session
from web.filling import instance_info, load_instance, move, page_post, view_state
from web.pages import redirect_page, render_page
from web.signing_web import page_actor
from web.subforms import show_entries, subform_action

bp = Blueprint("citizen", __name__)


@bp.get("/")
def start() -> str:
    user, party = current_user(), current_party()
    apps: list[AppDefinition] = []
    instances: list[tuple[Instance, AppDefinition | None]] = []
    to_sign: list[tuple[Instance, AppDefinition]] = []
    if user is not None:
        from web.signing_web import awaiting_signature

        to_sign = awaiting_signature(user)
    if party is not None:
        apps = [a for a in registry().apps.values() if _may_start(a, party)]
        instances = [(i, registry().for_instance(i))
                     for i in repository.instances_for_party(db_session(), party.party_id)]
    return render_template("start.html", user=user, party=party, apps=apps,
                           instances=instances, to_sign=to_sign, lang=current_language())


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
    session = db_session()
    on_entry = app.metadata.get("onEntry")
    if (isinstance(on_entry, dict) and on_entry.get("show") == "select-instance"
            and request.form.get("new") != "1"):
        active = [i for i in repository.instances_for_party(session, party.party_id)
                  if i.app_id == app.id and not i.is_archived]
        if active:  # Altinn's onEntry "select-instance": continue one, or start anew
            return current_app.response_class(render_template(
                "select_instance.html", app=app, instances=active, lang=current_language()))
    try:
        instance = start_instance(session, app, party_id=party.party_id,
                                  user_id=str(user.user_id), register=prefill_register(),
                                  language=current_language())
    except ProcessError as exc:
        session.rollback()
        abort(409, f"This service cannot be started: {exc}")
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
    if _step_kind(app, instance) is not None:
        return redirect(url_for("citizen.process_step", party_id=party_id,
                                instance_id=instance_id))
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
    if _step_kind(app, instance) is not None:  # the task has no pages: its own step page
        return redirect(url_for("citizen.process_step", party_id=party_id,
                                instance_id=instance_id), 303)
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
    task = app.process.nodes.get(instance.current_task or "")
    view.task_actions = process_actions(task) if task is not None else []  # ActionButtons
    if not posting:
        if instance.last_page != page_name:
            instance.last_page = page_name
            session.commit()
        return render_page(view, instance)

    action = request.form.get("action", "save")
    handled = page_post(view, page, data, element, str(user.user_id), instance, action)
    if handled is not None:
        return handled
    if action.startswith("subform-") and not view.read_only:
        return subform_action(view, instance, action, str(user.user_id))

    if (action == "submit" and not view.read_only) or action.startswith("process:"):
        # The page's submit button ends a data task; an ActionButton's action (confirm,
        # reject, sign, ...) moves the task it is shown in. Either is the process's next.
        process_action = action[8:] if action.startswith("process:") else None
        task = app.process.nodes.get(instance.current_task or "")
        data_task = task is not None and task.task_type == "data"
        try:
            moved = process_next(session, app, instance, str(user.user_id), process_action,
                                 register=prefill_register(), language=current_language(),
                                 actor=page_actor(user),  # who signs (web/signing_web.py)
                                 validate=lambda: validate(
                                     view, data_element_id=element.id if element else None)
                                 if data_task else [])
        except ValidationFailed as failed:
            session.commit()  # what was typed is kept
            show_issues(view, failed.issues)
            return render_page(view, instance, status=422)
        except ProcessError as exc:
            session.rollback()
            abort(409, str(exc))
        session.commit()
        if moved.answer.get("redirectUrl"):  # a payment (web/payments.py): to its page
            return redirect_page(str(moved.answer["redirectUrl"]))
        if process_action == "pay":  # nothing to pay, or paid already: on as if back
            return redirect_page(url_for("payment.returned", party_id=party_id,
                                         instance_id=instance_id))
        return redirect_page(url_for("citizen.resume", party_id=party_id, instance_id=instance_id))
    return move(view, page, action, instance)


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
    state = receipt_state(instance)
    template = "receipt_pdf.html" if request.headers.get("HX-Request") else "receipt.html"
    return render_template(template, instance=instance, app=app, lang=current_language(),
                           receipt=state)


def receipt_state(instance: Instance) -> dict[str, Any]:
    """The receipt PDFs made so far (and the app's other PDFs: a payment receipt, the
    signatures), and whether more receipts are on their way (a job that has not ended) or could
    not be made (a job that gave up and waits for the service owner)."""
    from jobs import RECEIPT_PDF
    from jobs.outbox import DEAD, DONE, jobs_for
    from jobs.task_pdf import APP_USER, PDF

    receipts = [j for j in jobs_for(db_session(), instance.id) if j.kind == RECEIPT_PDF]
    made = [d for d in instance.data_elements if d.content_type == PDF and d.created_by == APP_USER]
    return {"pdfs": [d for d in made if d.data_type == "ref-data-as-pdf"],
            "others": [d for d in made if d.data_type != "ref-data-as-pdf"],
            "coming": any(j.status not in (DONE, DEAD) for j in receipts),
            "failed": any(j.status == DEAD for j in receipts)}


def _step_kind(app: AppDefinition, instance: Instance) -> str | None:
    """How the current task is shown when it is not a form's pages: a confirmation without a
    layout set of its own (confirm), feedback, a stopped service task, or a type Blankett
    cannot show yet (unsupported). None: the task's pages."""
    task = app.process.nodes.get(instance.current_task or "")
    if (instance.process or {}).get("error"):
        return "stopped"
    if task is None:
        return "unsupported"
    if app.layout_set_for_task(task.id) is not None and not task.is_service_task:
        return None
    if task.task_type == "confirmation":
        return "confirm"
    if task.task_type == "feedback":
        return "feedback"
    return "unsupported"


def _render_step(app: AppDefinition, instance: Instance, kind: str, status: int = 200,
                 problem: str | None = None) -> Response:
    task = app.process.nodes.get(instance.current_task or "")
    body = render_template("process_step.html", app=app, instance=instance, kind=kind,
                           problem=problem, error=(instance.process or {}).get("error") or {},
                           task_type=task.task_type if task else instance.current_task,
                           lang=current_language())
    return current_app.response_class(body, status=status)


@bp.get("/instance/<int:party_id>/<instance_id>/step")
def process_step(party_id: int, instance_id: str) -> Response:
    instance, app = load_instance(party_id, instance_id)
    kind = _step_kind(app, instance) if instance.current_task is not None else None
    if kind is None:
        return redirect(url_for("citizen.resume", party_id=party_id, instance_id=instance_id))
    return _render_step(app, instance, kind, status=503 if kind == "stopped" else 200)


@bp.post("/instance/<int:party_id>/<instance_id>/step")
def process_action(party_id: int, instance_id: str) -> Response:
    """The confirm button of a confirmation step without pages of its own."""
    instance, app = load_instance(party_id, instance_id, for_update=True)
    user = current_user()
    assert user is not None
    if instance.current_task is None or _step_kind(app, instance) != "confirm":
        return redirect(url_for("citizen.resume", party_id=party_id, instance_id=instance_id),
                        303)
    session = db_session()
    try:
        process_next(session, app, instance, str(user.user_id),
                     request.form.get("action") or None, validate=list,
                     register=prefill_register(), language=current_language())
    except ProcessError as exc:
        session.rollback()
        return _render_step(app, instance, "confirm", status=409, problem=str(exc))
    session.commit()
    return redirect_page(url_for("citizen.resume", party_id=party_id, instance_id=instance_id))
