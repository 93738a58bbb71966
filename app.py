"""Blankett's application factory: settings, extensions, blueprints and commands, nothing else.

    flask --app app run           # local mode: SQLite, test login, the sample service
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from flask import Flask, Response, current_app
from flask_wtf.csrf import CSRFProtect
from htmx_flask import Htmx

from forms.registry import AppRegistry
from integrations.register import LocalRegister
from storage import db
from storage.app_versions import PublishedVersions
from web import (
    api,
    app_resources,
    attachments,
    auth,
    citizen,
    cli,
    designer,
    inbox,
    openapi,
    payments,
    preview,
    subforms,
    tokens,
)
from web.db import close_session
from web.settings import load_settings
from web.templating import init_templating

csrf = CSRFProtect()


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    # The instance folder (local SQLite, secret, seal certificate, stand-in messages):
    # BLANKETT_INSTANCE_DIR, or instance/ beside the code.
    instance_dir = (test_config or {}).get("BLANKETT_INSTANCE_DIR") or os.environ.get(
        "BLANKETT_INSTANCE_DIR")
    app = Flask(__name__, instance_relative_config=True,
                instance_path=str(Path(instance_dir).resolve()) if instance_dir else None)
    settings = load_settings(os.environ, test_config, Path(app.instance_path))
    app.config.update(settings)
    app.config.update(
        MAX_CONTENT_LENGTH=25 * 1024 * 1024,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=not settings["LOCAL_MODE"],
        WTF_CSRF_TIME_LIMIT=None,  # long forms: the token lives as long as the session
        TEMPLATES_AUTO_RELOAD=settings["LOCAL_MODE"] and not settings.get("TESTING"),
    )
    csrf.init_app(app)
    Htmx(app)

    engine = db.make_engine(app.config["DATABASE_URL"])
    if settings["LOCAL_MODE"] and db.pending_migrations(engine):
        db.upgrade(app.config["DATABASE_URL"])
    app.extensions["blankett.engine"] = engine
    app.extensions["blankett.sessions"] = db.session_factory(engine)
    app.extensions["blankett.apps"] = AppRegistry(
        Path(app.config["BLANKETT_APPS_DIR"]), watch=settings["LOCAL_MODE"],
        published=PublishedVersions(app.extensions["blankett.sessions"],
                                    Path(app.instance_path) / "app-versions"))
    app.extensions["blankett.register"] = LocalRegister()
    app.teardown_appcontext(close_session)

    app.register_blueprint(auth.bp)
    app.register_blueprint(citizen.bp)
    app.register_blueprint(inbox.bp)  # the case workers' inbox (web/org_roles.py)
    app.register_blueprint(subforms.bp)
    app.register_blueprint(designer.bp)  # the admins' designer (web/designer.py)
    app.register_blueprint(preview.bp)
    app.register_blueprint(attachments.bp)
    app.register_blueprint(api.bp)  # with web.api_data's routes
    csrf.exempt(api.bp)  # bearer tokens; a cookie never authorises a change (web/access.py)
    app.register_blueprint(app_resources.bp)
    app.register_blueprint(tokens.bp)  # local mode's test tokens; 404 in production
    app.register_blueprint(openapi.bp)  # the API's OpenAPI document
    app.register_blueprint(payments.bp)  # the payer's return from the payment page
    app.register_blueprint(payments.api_bp)  # GET …/payment and Nets' webhook listener
    csrf.exempt(payments.api_bp)  # bearer tokens, and Nets' own Authorization value
    payments.init_payments(app)  # the provider; logs what production lacks
    cli.register(app)
    init_templating(app)
    app.after_request(_security_headers)

    if app.config.get("RUN_JOBS_IN_PROCESS",
                      not settings.get("REDIS_URL") and not settings.get("TESTING")):
        from jobs.local import start_with_first_request

        start_with_first_request(app)  # no Redis: this process runs the jobs, none to start
    if not settings["LOCAL_MODE"] and not settings.get("REGISTER_URL"):
        prefilling = sorted(a.id for a in app.extensions["blankett.apps"].apps.values()
                            if any(c.needs_register for c in a.prefill.values()))
        if prefilling:  # each refuses to start an instance until REGISTER_URL is set
            app.logger.error("These apps prefill from the register, and REGISTER_URL is not "
                             "set, so they cannot start instances: %s", ", ".join(prefilling))
    if not settings["LOCAL_MODE"] and not settings.get("EFORMIDLING_URL"):
        from integrations.eformidling import eformidling_tasks

        handing_off = sorted(a.id for a in app.extensions["blankett.apps"].apps.values()
                             if eformidling_tasks(a) or a.metadata.get("eFormidling"))
        if handing_off:  # their hand-offs wait in the outbox until EFORMIDLING_URL is set
            app.logger.error("These apps hand submissions off with eFormidling, and "
                             "EFORMIDLING_URL is not set, so the hand-offs wait: %s",
                             ", ".join(handing_off))
    if settings["LOCAL_MODE"] and not settings.get("TESTING"):
        apps = app.extensions["blankett.apps"]
        app.logger.warning(
            "Blankett runs in LOCAL MODE: SQLite at %s, built-in test login, apps from %s "
            "(%d serving, %d refused). Not for production.",
            app.config["DATABASE_URL"], app.config["BLANKETT_APPS_DIR"],
            len(apps.apps), len(apps.refused))
    return app


def _security_headers(response: Response) -> Response:
    response.headers.setdefault(
        "Content-Security-Policy",
        "default-src 'self'; img-src 'self' data: https:; style-src 'self'; script-src 'self'; "
        "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
    )
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("X-Frame-Options", "DENY")
    if not current_app.config["LOCAL_MODE"]:
        response.headers.setdefault("Strict-Transport-Security",
                                    "max-age=31536000; includeSubDomains")
    return response
