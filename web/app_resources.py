"""Altinn's app resource routes under `/{org}/{app}/api/`: what a client reads to know the app
(application metadata, layout sets, layouts and their settings, JSON Schemas, texts, options).
They show the app definition as loaded, so a client sees what Blankett serves; none of them
reads an instance, so none needs a token (as in Altinn)."""

from __future__ import annotations

import logging
from typing import Any

from flask import Blueprint, abort, jsonify, request
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response

from forms.definitions import AppDefinition
from forms.options import Option
from forms.texts import LANGUAGES
from web.access import http_problem
from web.context import registry

log = logging.getLogger(__name__)
bp = Blueprint("app_resources", __name__, url_prefix="/<org>/<app_name>/api")
bp.register_error_handler(HTTPException, http_problem)  # errors as ProblemDetails


def _app(org: str, app_name: str) -> AppDefinition:
    app = registry().get(f"{org}/{app_name}")
    if app is None:
        abort(404)
    return app


@bp.get("/v1/applicationmetadata")
def application_metadata(org: str, app_name: str) -> Response:
    return jsonify(_app(org, app_name).metadata)


@bp.get("/layoutsets")
def layout_sets(org: str, app_name: str) -> Response:
    app = _app(org, app_name)
    sets = [{"id": s.id, "dataType": s.data_type, "tasks": s.tasks}
            for s in app.layout_sets.values() if s.tasks or s.data_type]
    out: dict[str, Any] = {"sets": sets}
    if app.ui_settings:
        out["uiSettings"] = app.ui_settings
    return jsonify(out)


@bp.get("/layouts/<set_id>")
def layouts(org: str, app_name: str, set_id: str) -> Response:
    layout_set = _app(org, app_name).layout_sets.get(set_id)
    if layout_set is None:
        abort(404)
    return jsonify({name: {"data": page.raw} for name, page in layout_set.pages.items()})


@bp.get("/layoutsettings/<set_id>")
def layout_settings(org: str, app_name: str, set_id: str) -> Response:
    layout_set = _app(org, app_name).layout_sets.get(set_id)
    if layout_set is None:
        abort(404)
    return jsonify(layout_set.settings)


@bp.get("/jsonschema/<data_type>")
def json_schema(org: str, app_name: str, data_type: str) -> Response:
    schema = _app(org, app_name).schemas.get(data_type)
    if schema is None:
        abort(404)
    return jsonify(schema.document)


@bp.get("/v1/texts/<lang>")
def texts(org: str, app_name: str, lang: str) -> Response:
    app = _app(org, app_name)
    if lang not in LANGUAGES or lang not in app.texts.by_language:
        abort(404)
    resources = []
    for key, text in app.texts.by_language[lang].items():
        item: dict[str, Any] = {"id": key, "value": text.value}
        if text.variables:
            item["variables"] = [{"key": v.key, "dataSource": v.data_source,
                                  **({"defaultValue": v.default} if v.default is not None
                                     else {})} for v in text.variables]
        resources.append(item)
    return jsonify({"language": lang, "resources": resources})


@bp.get("/options/<options_id>")
def options(org: str, app_name: str, options_id: str) -> Response:
    """An options file, or the app's (non-secure) provider asked with the query's parameters
    (`language` apart), as Altinn's options endpoint."""
    from forms.app_code import call, checked_options

    app = _app(org, app_name)
    lang = request.args.get("language") or "nb"
    query = {k: v for k, v in request.args.items() if k != "language"}
    entry = app.code.find("options", options_id, False)
    found: list[Option] | None = app.options.get(options_id)
    if entry is not None:
        try:
            found = checked_options(call(entry, lang, query, None))
        except Exception:  # the app's code failed: logged, and said so
            log.exception("options provider %s of %s failed for %s", options_id, app.id, query)
            abort(503, "The options could not be fetched right now.")
    if found is None:
        abort(404)
    return jsonify([_option(o) for o in found])


def _option(option: Option) -> dict[str, Any]:
    """As Altinn answers: the label (and description, help text) as text keys or texts."""
    out: dict[str, Any] = {"value": option.value, "label": option.label}
    if option.description:
        out["description"] = option.description
    if option.help_text:
        out["helpText"] = option.help_text
    return out
