"""Data elements through Altinn's app API: form data as JSON or XML (converted by the data
model's schema), changed whole (PUT) or by RFC 6902 JSON Patch (PATCH, whose `test`
operations make it safe against lost updates: 409 when one fails), and attachments, checked
by their content as the web upload is. A data element of an ended task is locked."""

from __future__ import annotations

import json
from typing import Any

import jsonpatch
from flask import current_app, jsonify, request
from werkzeug.wrappers import Response

from forms.components.fileupload import MB, normalise_type
from forms.definitions import AppDefinition
from storage import repository
from storage.models import DataElement, Instance
from web.access import WRITE, authorise_instance, json_body, problem
from web.api import ONE, _language, bp, caller_name, task_issues
from web.api_shapes import data_element_json, instance_json
from web.attachments import clean_filename, content_matches, type_for_ending
from web.db import db_session

XML_TYPES = ("application/xml", "text/xml")
MAX_DEPTH = 64  # form data nests no deeper: deeper data would exhaust the recursion of a copy


def _too_deep(value: Any, limit: int = MAX_DEPTH) -> bool:
    """Whether lists and objects nest deeper than `limit` (walked without recursion)."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, (dict, list)):
            if depth > limit:
                return True
            stack.extend((v, depth + 1) for v in (item.values() if isinstance(item, dict)
                                                  else item))
    return False


def _form_type(app: AppDefinition, data_type: str) -> bool:
    """A data type of form data (it has app logic: a data model), not attachments."""
    meta = app.data_type(data_type) or {}
    return isinstance(meta.get("appLogic"), dict)


def read_form(app: AppDefinition, data_type: str, body: bytes, content_type: str
              ) -> dict[str, Any]:
    """Form data from a request body: JSON, or XML converted by the data type's schema."""
    if normalise_type(content_type) in XML_TYPES or body.lstrip().startswith(b"<"):
        from forms.xmldata import XmlDataError, to_json

        schema = app.schemas.get(data_type)
        if schema is None:
            problem(415, f"There is no data model for '{data_type}' to read XML by.")
        try:
            return to_json(body, schema)
        except XmlDataError as exc:
            problem(400, str(exc))
    try:
        data = json.loads(body or b"{}")
    except ValueError as exc:
        problem(400, f"The body is not JSON: {exc}")
    except RecursionError:
        problem(400, "The JSON body is nested too deeply.")
    if not isinstance(data, dict):
        problem(400, "Form data must be a JSON object.")
    if _too_deep(data):
        problem(400, f"Form data nests deeper than {MAX_DEPTH} levels.")
    fits_model(app, data_type, data)
    return data


def fits_model(app: AppDefinition, data_type: str, data: dict[str, Any]) -> None:
    """400 unless the data has the data model's shape and types (no unknown properties, no
    text where a number goes): what the XML form of it checks, so data stored from JSON can
    always be given as XML too."""
    from forms.xmldata import XmlDataError, to_xml

    schema = app.schemas.get(data_type)
    if schema is None:
        return
    try:
        to_xml(data, schema)
    except XmlDataError as exc:
        problem(400, f"The form data does not fit the data model: {exc}")


def _writable(instance: Instance, app: AppDefinition, data_type: str) -> None:
    """Data of the current task only, while the process runs."""
    if instance.current_task is None:
        problem(409, "The process has ended: the data can no longer be changed.")
    meta = app.data_type(data_type)
    if meta is None:
        problem(400, f"The app has no data type '{data_type}'.")
    if meta.get("taskId") not in (None, instance.current_task):
        problem(409, f"'{data_type}' belongs to the step '{meta.get('taskId')}', not the "
                f"current one.")


def _attachment(app: AppDefinition, data_type: str, filename: str, blob: bytes,
                declared: str) -> tuple[str, str]:
    """The cleaned file name and the content type found; 400/413/415 with a reason."""
    meta = app.data_type(data_type) or {}
    name = clean_filename(filename or "")
    max_size = meta.get("maxSize")
    if isinstance(max_size, (int, float)) and max_size > 0 and len(blob) > max_size * MB:
        problem(413, f"The file is larger than {max_size} MB.")
    if not blob:
        problem(400, "The file is empty.")
    ending = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    found = type_for_ending(ending) if ending else None
    if found is not None and not content_matches(ending, blob):
        problem(415, f"The content of '{name}' is not what its ending {ending} says.")
    content_type = found or normalise_type(declared or "application/octet-stream")
    allowed = meta.get("allowedContentTypes")
    if isinstance(allowed, list) and allowed and not any(
            a in ("application/octet-stream", "*/*") for a in allowed):
        wanted = {normalise_type(a) for a in allowed if isinstance(a, str)}
        if content_type not in wanted:
            problem(415, f"'{content_type}' is not allowed for '{data_type}' "
                    f"(allowed: {', '.join(sorted(wanted))}).")
    return name, content_type


def store_part(app: AppDefinition, instance: Instance, data_type: str, body: bytes,
               content_type: str, filename: str | None, replace: bool = False
               ) -> DataElement:
    """Keep one posted part: form data into the task's form element (`replace`: the one the
    process made; else a second one is refused), a file as an attachment."""
    _writable(instance, app, data_type)
    if _form_type(app, data_type):
        data = read_form(app, data_type, body, content_type)
        element = repository.form_data_element(instance, data_type)
        if element is not None and not replace:
            problem(409, f"The instance already has its '{data_type}' form data: PUT it.")
        if element is None:
            element = repository.add_form_data(db_session(), instance, data_type, data,
                                               caller_name())
        else:
            repository.save_form_data(element, data, caller_name())
        return element
    meta = app.data_type(data_type) or {}
    count = len(repository.attachments_for(instance, data_type))
    if isinstance(meta.get("maxCount"), int) and meta["maxCount"] and count >= meta["maxCount"]:
        problem(409, f"'{data_type}' takes at most {meta['maxCount']} files.")
    name, found = _attachment(app, data_type, filename or "", body, content_type)
    return repository.add_attachment(db_session(), instance, data_type, filename=name,
                                     content_type=found, blob=body, user_id=caller_name())


def _filename() -> str:
    disposition = request.headers.get("Content-Disposition", "")
    for part in disposition.split(";"):
        key, _, value = part.strip().partition("=")
        if key.lower() in ("filename", "filename*"):
            return value.strip('"').split("''")[-1]
    return ""


def _element(instance: Instance, element_id: str) -> DataElement:
    for element in instance.data_elements:
        if element.id == element_id:
            return element
    problem(404, "There is no such data element.")


@bp.post(ONE + "/data")
def add_data(org: str, app_name: str, party_id: int, instance_id: str) -> Response:
    instance, app = authorise_instance(org, app_name, party_id, instance_id, WRITE,
                                       for_update=True)
    data_type = request.args.get("dataType", "")
    element = store_part(app, instance, data_type, request.get_data(),
                         request.content_type or "", _filename())
    db_session().commit()
    response = jsonify(data_element_json(instance, element))
    response.status_code = 201
    return response


@bp.get(ONE + "/data/<element_id>", endpoint="data_element")
def get_data(org: str, app_name: str, party_id: int, instance_id: str, element_id: str
             ) -> Response:
    instance, app = authorise_instance(org, app_name, party_id, instance_id)
    element = _element(instance, element_id)
    if not _form_type(app, element.data_type):
        response = current_app.response_class(element.blob, mimetype=normalise_type(
            element.content_type) or "application/octet-stream")
        response.headers["Content-Disposition"] = "attachment"
        response.headers["X-Content-Type-Options"] = "nosniff"
        return response
    data = repository.read_form_data(element)
    if request.accept_mimetypes.best_match(["application/json", *XML_TYPES]) in XML_TYPES:
        from forms.xmldata import XmlDataError, to_xml

        schema = app.schemas.get(element.data_type)
        if schema is None:
            problem(406, "There is no data model to write XML by.")
        try:
            xml = to_xml(data, schema)
        except XmlDataError as exc:  # JSON data the model cannot express in XML
            problem(406, f"This form data cannot be given as XML: {exc}")
        return current_app.response_class(xml, mimetype="application/xml")
    return jsonify(data)


@bp.put(ONE + "/data/<element_id>")
def put_data(org: str, app_name: str, party_id: int, instance_id: str, element_id: str
             ) -> Response:
    instance, app = authorise_instance(org, app_name, party_id, instance_id, WRITE,
                                       for_update=True)
    element = _element(instance, element_id)
    _writable(instance, app, element.data_type)
    if element.locked:
        problem(409, "This data element is locked: its step has ended.")
    if _form_type(app, element.data_type):
        data = read_form(app, element.data_type, request.get_data(), request.content_type or "")
        repository.save_form_data(element, data, caller_name())
    else:
        name, found = _attachment(app, element.data_type, _filename() or element.filename
                                  or "", request.get_data(), request.content_type or "")
        repository.replace_attachment(element, name, found, request.get_data(), caller_name())
    db_session().commit()
    return jsonify(data_element_json(instance, element))


@bp.patch(ONE + "/data/<element_id>")
def patch_data(org: str, app_name: str, party_id: int, instance_id: str, element_id: str
               ) -> Response:
    """`{"patch": [RFC 6902 operations], "ignoredValidators": [...]}` → the new data model
    and the task's validation issues by source, as Altinn answers."""
    instance, app = authorise_instance(org, app_name, party_id, instance_id, WRITE,
                                       for_update=True)
    element = _element(instance, element_id)
    _writable(instance, app, element.data_type)
    if element.locked or not _form_type(app, element.data_type):
        problem(409, "Only unlocked form data can be patched.")
    body = json_body()
    operations = body.get("patch") if isinstance(body, dict) else None
    if isinstance(operations, dict):  # {"operations": [...]} as some clients send it
        operations = operations.get("operations")
    if not isinstance(operations, list):
        problem(400, "The body must be {\"patch\": [JSON Patch operations]}.")
    if _too_deep(operations):
        problem(400, f"The patch nests deeper than {MAX_DEPTH} levels.")
    data = repository.read_form_data(element)
    try:
        patched = jsonpatch.JsonPatch(operations).apply(data)
    except jsonpatch.JsonPatchTestFailed as exc:
        problem(409, f"A test operation failed: {exc}")
    except (jsonpatch.JsonPatchException, jsonpatch.JsonPointerException) as exc:
        problem(422, f"The patch cannot be applied: {exc}")
    if not isinstance(patched, dict):
        problem(422, "The patch must leave the form data an object.")
    fits_model(app, element.data_type, patched)
    repository.save_form_data(element, patched, caller_name())
    db_session().commit()
    ignored = body.get("ignoredValidators") if isinstance(body, dict) else None
    by_source: dict[str, list[dict[str, Any]]] = {}
    for issue in task_issues(app, instance, _language()):
        if not (isinstance(ignored, list) and issue.source in ignored):
            by_source.setdefault(issue.source, []).append(issue.wire())
    return jsonify({"newDataModel": patched, "validationIssues": by_source,
                    "instance": instance_json(instance)})


@bp.delete(ONE + "/data/<element_id>")
def delete_data(org: str, app_name: str, party_id: int, instance_id: str, element_id: str
                ) -> Response:
    instance, app = authorise_instance(org, app_name, party_id, instance_id, WRITE,
                                       for_update=True)
    element = _element(instance, element_id)
    _writable(instance, app, element.data_type)
    if _form_type(app, element.data_type):
        problem(409, "Form data belongs to its step and is not deleted on its own.")
    try:
        repository.delete_attachment(db_session(), element, caller_name())
    except repository.LockedError:
        problem(409, "This file is locked: its step has ended.")
    db_session().commit()
    return current_app.response_class(status=200)
