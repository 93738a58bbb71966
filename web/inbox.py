"""The case workers' inbox: a service owner's people see, search and open the instances of their
org's apps, download what was sent in, and see and retry the background hand-offs.

    GET  /inbox                              the org's instances: search, filters, pages
    GET  /inbox/jobs?status=dead             the org's jobs with a status (dead by default)
    GET  /inbox/<instance>                   answers, files, events, jobs and their attempts
    GET  /inbox/<instance>/data/<element>    a file as it was stored
    GET  /inbox/<instance>/data/<element>/xml | /json   form data as XML or JSON
    POST /inbox/jobs/<job>/send-again        a dead job, or a hand-off, once more

Who: web/org_roles.py. Nobody signed in is sent to log in; a signed-in user who works for
no org gets 403; an instance, file or job of an org the case worker does not work for is 404,
exactly as one that does not exist. Everything works without JavaScript; htmx only swaps the
results region of a search."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any, NoReturn

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    has_request_context,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from jinja2_fragments.flask import render_blocks
from sqlalchemy import select
from werkzeug.wrappers import Response

from forms.components.fileupload import human_size
from forms.definitions import AppDefinition
from jobs import EFORMIDLING_SEND
from jobs.outbox import DEAD, DONE, attempts_of, jobs_for, send_again
from storage import repository
from storage.models import DataElement, Instance, OutboxJob
from web.context import (
    case_worker_orgs,
    current_language,
    current_user,
    register,
    registry,
)
from web.db import db_session
from web.downloads import attachment
from web.inbox_files import (
    content_type,
    download_name,
    form_data_name,
    reference,
)
from web.inbox_query import (
    HANDOFFS,
    JOB_STATUSES,
    STATUSES,
    InboxSearch,
    handoff_of,
    inbox_page,
    jobs_page,
)
from web.inbox_summary import form_summaries
from web.inbox_texts import inbox_text
from web.inbox_views import (
    event_rows,
    file_rows,
    instance_status,
    is_form_data,
    org_names,
    party_facts,
    texts,
)

bp = Blueprint("inbox", __name__, url_prefix="/inbox")


@bp.app_context_processor
def _inbox_link() -> dict[str, Any]:
    """base.html shows the inbox in the header to those who work in one."""
    if not has_request_context():
        return {}
    return {"works_in_inbox": current_user() is not None and bool(case_worker_orgs())}


@bp.app_template_filter("iso_utc")
def iso_utc(value: datetime | None) -> str:
    """A moment for `<time datetime>`: ISO 8601 in UTC (SQLite gives back naive UTC)."""
    if value is None:
        return ""
    return (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(UTC).isoformat(
        timespec="seconds")


# ------------------------------------------------------------------------- who and what


def _orgs() -> frozenset[str]:
    """The signed-in case worker's orgs. Nobody signed in: to the login page (or 401 for a
    post); anyone else who works for no org: 403."""
    if current_user() is None:
        if request.method == "GET":
            _stop(redirect(url_for("auth.login", next=request.full_path.rstrip("?"))))
        abort(401)
    orgs = case_worker_orgs()
    if not orgs:
        abort(403)
    return orgs


def _stop(response: Response) -> NoReturn:
    abort(response)
    raise AssertionError("abort returned")


def _instance(instance_id: str, orgs: frozenset[str]) -> Instance:
    """The instance, if it belongs to one of `orgs` and is not deleted; 404 otherwise."""
    instance = repository.get_instance(db_session(), instance_id)
    if instance is None or instance.org not in orgs or instance.soft_deleted is not None:
        abort(404)
    return instance


def _element(instance_id: str, element_id: str) -> tuple[Instance, DataElement]:
    instance = _instance(instance_id, _orgs())
    element = next((e for e in instance.data_elements if e.id == element_id), None)
    if element is None:
        abort(404)
    return instance, element


def _app_title(app: AppDefinition | None, instance: Instance, lang: str) -> str:
    return app.title(lang) if app is not None else instance.app_id


def _page(body: str, status: int = 200) -> Response:
    response = make_response(body, status)
    response.headers["Vary"] = "HX-Request"
    response.headers["Cache-Control"] = "private, no-store"
    return response


# ------------------------------------------------------------------------- the list


@bp.get("")
def inbox() -> Response:
    orgs = _orgs()
    lang = current_language()
    apps = sorted((a for a in registry().apps.values() if a.org in orgs),
                  key=lambda a: a.title(lang).casefold())
    search = InboxSearch.from_args(request.args, [a.id for a in apps])
    found = inbox_page(db_session(), register(), orgs, search)
    titles = {a.id: a.title(lang) for a in apps}
    context = {
        "lang": lang, "tx": texts(lang), "orgs": org_names(orgs, lang), "apps": apps,
        "search": search, "result": found, "statuses": STATUSES, "handoffs": HANDOFFS,
        "titles": titles, "reference": reference, "status_of": instance_status,
        "parties": {party_id: party_facts(party_id) for party_id in
                    {r.instance.instance_owner_party_id for r in found.rows}},
        "page_url": lambda n: url_for("inbox.inbox", **search.args(page=n)),
        "partial": bool(request.htmx) and not request.htmx.history_restore_request,
    }
    if context["partial"]:
        response = _page(render_blocks("inbox/list.html", ["title", "results"], **context))
        response.headers["HX-Push-Url"] = url_for("inbox.inbox", **search.args())  # no blanks
        return response
    return _page(render_template("inbox/list.html", **context))


@bp.get("/jobs")
def jobs() -> Response:
    orgs = _orgs()
    lang = current_language()
    status = request.args.get("status", DEAD)
    status = status if status in JOB_STATUSES else DEAD
    try:
        page = int(request.args.get("page") or 1)
    except ValueError:
        page = 1
    found = jobs_page(db_session(), orgs, status, page)
    titles = {a.id: a.title(lang) for a in registry().apps.values() if a.org in orgs}
    return _page(render_template(
        "inbox/jobs.html", lang=lang, tx=texts(lang), orgs=org_names(orgs, lang),
        status=status, statuses=JOB_STATUSES, result=found, titles=titles,
        reference=reference, may_send_again=may_send_again,
        parties={party_id: party_facts(party_id) for party_id in
                 {i.instance_owner_party_id for _job, i in found.rows}},
        page_url=lambda n: url_for("inbox.jobs", status=status, page=n)))


# ------------------------------------------------------------------------- one instance


@bp.get("/<instance_id>", endpoint="instance")
def show_instance(instance_id: str) -> Response:
    instance = _instance(instance_id, _orgs())
    lang = current_language()
    app = registry().for_instance(instance)
    session = db_session()
    jobs = [(job, attempts_of(session, job.id)) for job in jobs_for(session, instance.id)]
    return _page(render_template(
        "inbox/instance.html", lang=lang, tx=texts(lang), instance=instance, app=app,
        title=_app_title(app, instance, lang), ref=reference(instance),
        party=party_facts(instance.instance_owner_party_id), status=instance_status(instance),
        handoff=handoff_of(session, instance.id),
        summaries=form_summaries(app, instance, lang) if app is not None else [],
        files=file_rows(app, instance, lang), events=event_rows(instance, lang), jobs=jobs,
        may_send_again=may_send_again, human_size=lambda size: human_size(size, lang)))


# ------------------------------------------------------------------------- downloads


@bp.get("/<instance_id>/data/<element_id>")
def download(instance_id: str, element_id: str) -> Response:
    instance, element = _element(instance_id, element_id)
    return attachment(element.blob, content_type(element), download_name(instance, element))


def _form_data(instance_id: str, element_id: str
               ) -> tuple[Instance, DataElement, AppDefinition | None]:
    instance, element = _element(instance_id, element_id)
    app = registry().for_instance(instance)
    if not is_form_data(app, element):
        abort(404)
    return instance, element, app


@bp.get("/<instance_id>/data/<element_id>/xml")
def form_data_xml(instance_id: str, element_id: str) -> Response:
    from forms.xmldata import XmlDataError, to_xml

    instance, element, app = _form_data(instance_id, element_id)
    schema = app.schemas.get(element.data_type) if app is not None else None
    if schema is None:
        abort(404)
    try:
        body = to_xml(repository.read_form_data(element), schema)
    except XmlDataError as error:
        abort(409, f"This form data cannot be written as XML: {error}")
    return attachment(body, "application/xml", form_data_name(instance, element, "xml"))


@bp.get("/<instance_id>/data/<element_id>/json")
def form_data_json(instance_id: str, element_id: str) -> Response:
    instance, element, _app = _form_data(instance_id, element_id)
    body = json.dumps(repository.read_form_data(element), ensure_ascii=False, indent=2)
    return attachment(body.encode("utf-8"), "application/json",
                      form_data_name(instance, element, "json"))


# ------------------------------------------------------------------------- send again


def may_send_again(job: OutboxJob) -> bool:
    """A job that gave up, or a hand-off that ended (to send it once more: the integration
    point knows the message by the instance id, so nothing is delivered twice). A job that is
    waiting or running is left alone: it is on its way already."""
    return job.status == DEAD or (job.kind == EFORMIDLING_SEND and job.status == DONE)


@bp.post("/jobs/<job_id>/send-again")
def send_job_again(job_id: str) -> Response:
    orgs = _orgs()
    session = db_session()
    job = session.scalars(select(OutboxJob).where(OutboxJob.id == job_id)
                          .with_for_update()).first()
    if job is None:
        abort(404)
    instance = _instance(job.instance_id, orgs)
    lang = current_language()
    if not may_send_again(job):
        session.rollback()
        abort(409, inbox_text("cannot_send_again", lang))
    send_again(session, job)
    user = current_user()
    repository.add_event(session, instance, "jobSentAgain",
                         str(user.user_id) if user else None, instance.instance_owner_party_id,
                         {"jobId": job.id, "kind": job.kind})
    session.commit()
    current_app.logger.info("inbox: user %s sent job %s (%s) of instance %s again",
                            user.user_id if user else None, job.id, job.kind, instance.id)
    flash(inbox_text("sent_again", lang, inbox_text(f"kind.{job.kind}", lang)), "success")
    if request.form.get("back") == "jobs":
        status = request.form.get("status")
        return redirect(url_for("inbox.jobs", status=status if status in JOB_STATUSES
                                else DEAD), 303)
    return redirect(url_for("inbox.instance", instance_id=instance.id) + "#jobs", 303)
