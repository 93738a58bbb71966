"""Altinn's app API for instances (`/{org}/{app}/instances/...`): create, read, list the active
ones, delete, validate, move along the process, and the app owner's `complete`. Every route
asks web/access.py who may do what; answers have Altinn's shapes (web/api_shapes.py) and
refusals are ProblemDetails. Data elements are in web/api_data.py."""

from __future__ import annotations

import json
from typing import Any

from flask import Blueprint, jsonify, request
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response

from forms.definitions import AppDefinition
from forms.render import PageView
from forms.validation import Issue, validate
from process.engine import (
    ActionNotAllowed,
    InvalidPrefill,
    ProcessError,
    ValidationFailed,
    next_elements,
    process_next,
    start_instance,
    start_process,
)
from process.state import process_history
from storage import repository
from storage.models import Instance
from web.access import (
    READ,
    WRITE,
    OrgCaller,
    UserCaller,
    api_caller,
    authorise_instance,
    authorise_party,
    http_problem,
    is_app_owner,
    json_body,
    problem,
)
from web.api_shapes import instance_json
from web.citizen import _page_url
from web.context import current_language, prefill_register
from web.db import db_session
from web.filling import instance_info
from web.subforms import show_entries

bp = Blueprint("api", __name__)
bp.register_error_handler(HTTPException, http_problem)
INSTANCES = "/<org>/<app_name>/instances"
ONE = INSTANCES + "/<int:party_id>/<instance_id>"


def caller_name() -> str:
    """Who a change is recorded as: the user's id, or the organisation's code."""
    caller = api_caller()
    if isinstance(caller, UserCaller):
        return str(caller.user_id)
    return str(caller.org or caller.org_number or "org")


def _language() -> str:
    lang = request.args.get("language") or current_language()
    return lang if lang in ("nb", "nn", "en") else "nb"


def task_issues(app: AppDefinition, instance: Instance, lang: str) -> list[Issue]:
    """Every issue of the current task's form data, as its pages show it."""
    layout_set = app.layout_set_for_task(instance.current_task)
    pages = layout_set.navigable_pages() if layout_set is not None else []
    if layout_set is None or not pages:
        return []
    element = repository.form_data_element(instance, layout_set.data_type or "")
    data = repository.read_form_data(element) if element else {}
    view = PageView(app, layout_set, pages[0], data, lang,
                    _page_url(instance.instance_owner_party_id, instance.id),
                    instance_info=instance_info(instance))
    show_entries(view, instance)
    return validate(view, data_element_id=element.id if element else None)


@bp.get(ONE + "/validate")
def validate_instance(org: str, app_name: str, party_id: int, instance_id: str) -> Response:
    instance, app = authorise_instance(org, app_name, party_id, instance_id)
    if instance.current_task is None:
        problem(409, "The process has ended: there is nothing to validate.")
    return jsonify([issue.wire() for issue in task_issues(app, instance, _language())])


# ---- instances -----------------------------------------------------------------------------
def _created(instance: Instance) -> Response:
    response = jsonify(instance_json(instance))
    response.status_code = 201
    response.headers["Location"] = instance_json(instance)["selfLinks"]["apps"]
    return response


def _owner_party(body: Any) -> int | None:
    owner = body.get("instanceOwner") if isinstance(body, dict) else None
    party = owner.get("partyId") if isinstance(owner, dict) else None
    return int(party) if isinstance(party, (int, str)) and str(party).isdigit() else None


def _start(org: str, app_name: str, party_id: int | None,
           prefill: dict[str, Any] | None = None) -> Instance:
    if party_id is None:
        problem(400, "Say whose instance this is: instanceOwnerPartyId, or "
                "instanceOwner.partyId in the body.")
    app = authorise_party(org, app_name, party_id)
    from web.citizen import _may_start
    from web.context import register

    party = register().party(party_id)
    if party is None:
        problem(400, f"There is no party {party_id}.")
    if not _may_start(app, party):
        problem(403, f"This service is not for a party of type {party.party_type}.")
    try:
        instance = start_instance(db_session(), app, party_id=party_id, user_id=caller_name(),
                                  register=prefill_register(), prefill=prefill or None,
                                  language=_language())
    except InvalidPrefill as exc:
        db_session().rollback()
        problem(400, str(exc))
    except ProcessError as exc:
        db_session().rollback()
        problem(409, str(exc))
    return instance


@bp.post(INSTANCES)
def create_instance(org: str, app_name: str) -> Response:
    """`POST instances?instanceOwnerPartyId=`: with a JSON Instance template, or multipart
    with an `instance` part and one part per data type (form data as JSON or XML)."""
    from web.api_data import store_part

    body: Any = None
    parts = []
    if request.mimetype == "multipart/form-data":
        for name, file in request.files.items(multi=True):
            if name == "instance":
                try:
                    body = json.loads(file.read() or b"{}")
                except (ValueError, RecursionError):
                    problem(400, "The instance part is not JSON.")
            else:
                parts.append((name, file))
    elif request.data:
        body = json_body()
        if body is None:
            problem(400, "The body must be an Instance template in JSON.")
    party_id = request.args.get("instanceOwnerPartyId", type=int) or _owner_party(body)
    instance = _start(org, app_name, party_id)
    app = authorise_party(org, app_name, instance.instance_owner_party_id)
    for name, file in parts:
        store_part(app, instance, name, file.read(), file.mimetype, file.filename,
                   replace=True)
    db_session().commit()
    return _created(instance)


@bp.post(INSTANCES + "/create")
def create_instance_with_prefill(org: str, app_name: str) -> Response:
    """`POST instances/create`: `{"instanceOwner": {"partyId": ...}, "prefill": {path: value}}`."""
    body = json_body()
    if not isinstance(body, dict):
        problem(400, "The body must be a JSON object with instanceOwner (and prefill).")
    prefill = body.get("prefill")
    if prefill is not None and not isinstance(prefill, dict):
        problem(400, "prefill must be an object of data model path → value.")
    instance = _start(org, app_name, _owner_party(body), prefill)
    db_session().commit()
    return _created(instance)


@bp.get(ONE, endpoint="instance")
def get_instance(org: str, app_name: str, party_id: int, instance_id: str) -> Response:
    instance, _app = authorise_instance(org, app_name, party_id, instance_id)
    return jsonify(instance_json(instance))


@bp.delete(ONE)
def delete_instance(org: str, app_name: str, party_id: int, instance_id: str) -> Response:
    """Soft delete (the instance stays, marked), or `?hard=true` (gone)."""
    instance, _app = authorise_instance(org, app_name, party_id, instance_id, WRITE,
                                        for_update=True)
    session = db_session()
    if request.args.get("hard", "").lower() == "true":
        shape = instance_json(instance)
        session.delete(instance)
        session.commit()
        shape["status"]["isHardDeleted"] = True
        return jsonify(shape)
    from storage.models import utcnow

    instance.soft_deleted = instance.last_changed = utcnow()
    instance.last_changed_by = caller_name()
    session.commit()
    return jsonify(instance_json(instance))


@bp.get(INSTANCES + "/<int:party_id>/active")
def active_instances(org: str, app_name: str, party_id: int) -> Response:
    """The party's instances of this app that are still under way (newest first)."""
    app = authorise_party(org, app_name, party_id, READ)
    found = [i for i in repository.instances_for_party(db_session(), party_id)
             if i.app_id == app.id and i.current_task is not None]
    return jsonify([{"id": f"{i.instance_owner_party_id}/{i.id}", "presentationTexts": {},
                     "dueBefore": None, "lastChanged": instance_json(i)["lastChanged"],
                     "lastChangedBy": i.last_changed_by} for i in found])


@bp.post(ONE + "/complete")
def complete(org: str, app_name: str, party_id: int, instance_id: str) -> Response:
    """The app owner confirms it has what it needs from an ended instance."""
    instance, app = authorise_instance(org, app_name, party_id, instance_id, WRITE,
                                       for_update=True)
    caller = api_caller()
    if not isinstance(caller, OrgCaller) or not is_app_owner(caller, app.id):
        problem(403, "Only the app owner confirms an instance complete.")
    from storage.models import utcnow

    instance.completed_by_owner = utcnow()
    db_session().commit()
    return jsonify(instance_json(instance))


# ---- process --------------------------------------------------------------------------------
@bp.get(ONE + "/process")
def get_process(org: str, app_name: str, party_id: int, instance_id: str) -> Response:
    instance, _app = authorise_instance(org, app_name, party_id, instance_id)
    return jsonify(instance.process or {})


@bp.post(ONE + "/process/start")
def process_start_route(org: str, app_name: str, party_id: int, instance_id: str) -> Response:
    """Altinn's `process/start` (`?startEvent=`): only for an instance whose process has not
    started; every instance made through this API has, so that is 409."""
    instance, app = authorise_instance(org, app_name, party_id, instance_id, WRITE,
                                       for_update=True)
    session = db_session()
    try:
        start_process(session, app, instance, caller_name(), request.args.get("startEvent"),
                      register=prefill_register(), language=_language())
    except ProcessError as exc:
        session.rollback()
        problem(409, str(exc))
    session.commit()
    return jsonify(instance.process or {})


@bp.get(ONE + "/process/next")
def get_next_elements(org: str, app_name: str, party_id: int, instance_id: str) -> Response:
    """Altinn's `GET process/next`: the tasks and end events the current task may lead to."""
    instance, app = authorise_instance(org, app_name, party_id, instance_id)
    try:
        return jsonify(next_elements(app, instance))
    except ProcessError as exc:
        problem(409, str(exc))


@bp.put(ONE + "/process/next")
def process_next_route(org: str, app_name: str, party_id: int, instance_id: str) -> Response:
    """Altinn's `process/next` with `?action=` or `{"action": ...}`: 409 with the validation
    issues while an error stands, 403 for an action the task does not take."""
    instance, app = authorise_instance(org, app_name, party_id, instance_id, WRITE,
                                       for_update=True, signee=True)
    body = json_body()
    action = request.args.get("action") or (body.get("action") if isinstance(body, dict)
                                            else None)
    _step(app, instance, action, body)
    db_session().commit()
    return jsonify(instance.process or {})


@bp.put(ONE + "/process/completeProcess")
def complete_process(org: str, app_name: str, party_id: int, instance_id: str) -> Response:
    """Altinn's `completeProcess`: each task in turn with its default action until the end;
    the first that refuses stops it (the tasks before stay done, as separate moves)."""
    instance, app = authorise_instance(org, app_name, party_id, instance_id, WRITE,
                                       for_update=True)
    for _ in range(len(app.process.nodes) + 1):  # a process without an end cannot loop
        if instance.current_task is None:
            break
        _step(app, instance, None)
        db_session().commit()
    return jsonify(instance.process or {})


def _step(app: AppDefinition, instance: Instance, action: str | None,
          body: Any = None) -> None:
    """One move of the process, refused as ProblemDetails (rolled back). The caller is its
    actor (web/api_signing.py): who signs a signing task."""
    task = (instance.process or {}).get("currentTask") or {}
    if task.get("altinnTaskType") == "feedback" and not is_app_owner(api_caller(), app.id):
        problem(403, "A feedback step is moved on by the app owner.")
    signing = task.get("altinnTaskType") == "signing" and action in (None, "sign")
    actor = api_signing.api_actor(body, signing)
    lang = _language()
    session = db_session()
    try:
        process_next(session, app, instance, caller_name(), action,
                     validate=lambda: task_issues(app, instance, lang),
                     register=prefill_register(), language=lang, actor=actor)
    except ValidationFailed as failed:
        session.rollback()
        problem(409, "The task has errors; fix them before moving on.",
                validationIssues=[i.wire() for i in failed.issues])
    except ActionNotAllowed as exc:
        session.rollback()
        problem(403, str(exc))
    except ProcessError as exc:
        session.rollback()
        problem(409, str(exc))


@bp.get(ONE + "/process/history")
def get_process_history(org: str, app_name: str, party_id: int, instance_id: str
                        ) -> Response:
    instance, _app = authorise_instance(org, app_name, party_id, instance_id)
    return jsonify(process_history(instance))


# The data element and signing routes, on this blueprint.
from web import api_data, api_signing  # noqa: E402, F401
