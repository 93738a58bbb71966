"""Altinn's app API for the instances a person may act for. For now the validation endpoint,
which answers the same check that ends a task: every issue of the current task's data in
Altinn's wire format (ValidationIssueWithSource)."""

from __future__ import annotations

from flask import Blueprint, jsonify, request
from werkzeug.wrappers import Response

from forms.definitions import AppDefinition
from forms.render import PageView
from forms.validation import Issue, validate
from storage import repository
from storage.models import Instance
from web.access import authorise_instance, problem
from web.citizen import _page_url
from web.context import current_language
from web.filling import instance_info
from web.subforms import show_entries

bp = Blueprint("api", __name__)


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


@bp.get("/<org>/<app_name>/instances/<int:party_id>/<instance_id>/validate")
def validate_instance(org: str, app_name: str, party_id: int, instance_id: str) -> Response:
    instance, app = authorise_instance(org, app_name, party_id, instance_id)
    if instance.current_task is None:
        problem(409, "The process has ended: there is nothing to validate.")
    lang = request.args.get("language") or current_language()
    issues = task_issues(app, instance, lang if lang in ("nb", "nn", "en") else "nb")
    return jsonify([issue.wire() for issue in issues])
