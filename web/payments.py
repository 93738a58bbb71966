"""The payment task's web side: the provider the hooks use (process/payment.py), Altinn's
`GET …/payment`, Nets' webhook listener, and where the payer's browser comes back to.

Settings: NETS_SECRET_KEY, NETS_BASE_URL, NETS_TERMS_URL; NETS_WEBHOOK_AUTHORIZATION (the value
Nets sends back in the webhook's Authorization header; generated and kept in the instance folder
when not given; never the API key). Local mode without NETS_SECRET_KEY and NETS_BASE_URL starts
a stand-in Nets (integrations/standins/nets.py) on loopback the first time a payment needs it.

The browser's return (`…/payment/return`) reads the payment back and, once Paid (or Skipped),
confirms the task, as Altinn's frontend does on coming back; the webhook only brings the
stored status up to date. Both lock the instance row, so however many arrive, a status change
is written once (process/payment.refresh)."""

from __future__ import annotations

import logging
import secrets
import threading
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    Flask,
    current_app,
    flash,
    g,
    has_request_context,
    jsonify,
    redirect,
    request,
    url_for,
)
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response

import process.payment as payment
from forms.definitions import AppDefinition
from integrations.payments import (
    NetsEasyClient,
    PaymentError,
    PaymentProvider,
    PaymentUrls,
    Webhook,
    check_webhook,
)
from integrations.payments.nets import webhook_payment
from process.engine import ProcessError, ValidationFailed, process_next
from process.task_types import Actor
from storage import repository
from storage.models import Instance
from web.access import READ, authorise_instance, http_problem, problem
from web.context import current_language, current_user, prefill_register, registry
from web.db import db_session
from web.filling import load_instance

log = logging.getLogger(__name__)

api_bp = Blueprint("payment_api", __name__)
api_bp.register_error_handler(HTTPException, http_problem)
bp = Blueprint("payment", __name__)
ONE = "/<org>/<app_name>/instances/<int:party_id>/<instance_id>"
WEBHOOK_FILE = "nets_webhook_authorization"
WEBHOOK_USER = "nets-webhook"


# ---- the setup the hooks use -------------------------------------------------------------------
class NetsSetup:
    """Nets Easy from the app's settings, or (local mode without them) a stand-in."""

    def __init__(self, flask_app: Flask) -> None:
        self.flask_app = flask_app
        self._client: PaymentProvider | None = None
        self._lock = threading.Lock()

    def provider(self) -> PaymentProvider:
        with self._lock:
            if self._client is None:
                self._client = self._make_client()
            return self._client

    def _make_client(self) -> PaymentProvider:
        config = self.flask_app.config
        key, base = config.get("NETS_SECRET_KEY"), config.get("NETS_BASE_URL")
        if not key and not base and config.get("LOCAL_MODE"):
            from integrations.standins.nets import DEFAULT_SECRET_KEY, serve_standin

            standin = serve_standin(
                folder=Path(self.flask_app.instance_path) / "nets-standin")
            self.flask_app.extensions["blankett.nets_standin"] = standin
            log.warning("Payments go to the local Nets stand-in at %s", standin.url)
            key, base = DEFAULT_SECRET_KEY, standin.url
        try:
            return NetsEasyClient.from_env({"NETS_SECRET_KEY": key or "",
                                            "NETS_BASE_URL": base or "",
                                            "NETS_TERMS_URL": config.get("NETS_TERMS_URL") or ""})
        except ValueError as exc:
            raise ProcessError(f"payments are not set up: {exc}") from exc

    def urls(self, app: AppDefinition, instance: Instance, actor: Actor) -> PaymentUrls:
        party = instance.instance_owner_party_id
        back = url_for("payment.returned", party_id=party, instance_id=instance.id,
                       _external=True)
        cancel = url_for("payment.cancelled", party_id=party, instance_id=instance.id,
                         _external=True)
        terms = self.flask_app.config.get("NETS_TERMS_URL") or url_for("citizen.start",
                                                                        _external=True)
        return PaymentUrls(actor.return_url or back,
                           str(actor.extra.get("cancel_url") or actor.return_url or cancel),
                           terms)

    def webhook(self, app: AppDefinition) -> Webhook | None:
        if not has_request_context():
            return None
        org, name = app.id.split("/", 1)
        return Webhook(url_for("payment_api.nets_webhook", org=org, app_name=name,
                                       _external=True), webhook_authorization(self.flask_app))


CHECKOUT_ORIGINS = {  # where Nets' hosted payment page is, by API
    "https://test.api.dibspayment.eu": "https://test.checkout.dibspayment.eu",
    "https://api.dibspayment.eu": "https://checkout.dibspayment.eu",
}


def _page_origin(provider: PaymentProvider) -> str | None:
    base = str(getattr(provider, "base_url", "") or "")
    if not base:
        return None
    if base in CHECKOUT_ORIGINS:
        return CHECKOUT_ORIGINS[base]
    parts = urlsplit(base)
    return f"{parts.scheme}://{parts.netloc}"


def _allow_payment_page(response: Response) -> Response:
    """A page with a Betal button posts a form that ends on the provider's page: the
    Content-Security-Policy's form-action must allow that origin, or the browser stops it."""
    if not g.get("blankett_payment_page"):
        return response
    policy = response.headers.get("Content-Security-Policy")
    try:
        origin = _page_origin(current_app.extensions["blankett.payments"].provider())
    except ProcessError:
        return response
    if policy and origin and "form-action 'self'" in policy:
        response.headers["Content-Security-Policy"] = policy.replace(
            "form-action 'self'", f"form-action 'self' {origin}")
    return response


def webhook_authorization(flask_app: Flask) -> str:
    """NETS_WEBHOOK_AUTHORIZATION, or a value made once and kept in the instance folder (Nets
    takes 8 to 32 letters and digits)."""
    given = flask_app.config.get("NETS_WEBHOOK_AUTHORIZATION")
    if given:
        return str(given)
    file = Path(flask_app.instance_path) / WEBHOOK_FILE
    if file.is_file():
        return file.read_text().strip()
    file.parent.mkdir(parents=True, exist_ok=True)
    value = secrets.token_hex(16)
    file.write_text(value)
    file.chmod(0o600)
    return value


def init_payments(flask_app: Flask) -> None:
    """Give the hooks their setup, and say at start what production lacks."""
    flask_app.extensions.setdefault("blankett.payments", NetsSetup(flask_app))
    flask_app.after_request(_allow_payment_page)  # runs after the security headers
    config = flask_app.config
    if config.get("LOCAL_MODE") or config.get("NETS_SECRET_KEY"):
        return
    paying = sorted(a.id for a in flask_app.extensions["blankett.apps"].apps.values()
                    if any(n.task_type == "payment" for n in a.process.nodes.values()))
    if paying:
        flask_app.logger.error("These apps have payment tasks, and NETS_SECRET_KEY is not set, "
                               "so nobody can pay: %s", ", ".join(paying))


def _payment_task(app: AppDefinition, instance: Instance) -> Any:
    task = app.process.nodes.get(instance.current_task or "")
    return task if task is not None and task.task_type == "payment" else None


# ---- the API -----------------------------------------------------------------------------------
@api_bp.get(ONE + "/payment")
def get_payment(org: str, app_name: str, party_id: int, instance_id: str) -> Response:
    """Altinn's PaymentInformation of the current payment task, read back from the provider."""
    instance, app = authorise_instance(org, app_name, party_id, instance_id, READ,
                                       for_update=True)
    task = _payment_task(app, instance)
    if task is None:
        problem(409, "The instance is not in a payment task.")
    try:
        config = payment.payment_config(task)
        info = payment.refresh(db_session(), instance, config, WEBHOOK_USER)
    except ProcessError as exc:
        db_session().rollback()
        problem(503, str(exc))
    db_session().commit()
    if info is None:
        problem(404, "The payment task has no payment information yet.")
    return jsonify(info)


@api_bp.post("/<org>/<app_name>/payment/nets-webhook-listener")
def nets_webhook(org: str, app_name: str) -> Response:
    """Nets' payment.checkout.completed: 401 unless it carries our Authorization value; the
    status is then read back from Nets, so a forged or replayed body changes nothing."""
    expected = webhook_authorization(current_app)  # type: ignore[arg-type]
    if not check_webhook(request.headers.get("Authorization"), expected):
        problem(401, "The webhook's Authorization is not the one registered.")
    app = registry().get(f"{org}/{app_name}")
    if app is None:
        problem(404, f"There is no app {org}/{app_name} here.")
    body = request.get_json(silent=True)
    _event, payment_id = webhook_payment(body)
    data = body.get("data") if isinstance(body, dict) else None
    order = data.get("order") if isinstance(data, dict) else None
    reference = order.get("reference") if isinstance(order, dict) else None
    if not payment_id:
        problem(400, "The webhook names no payment (data.paymentId).")
    if not isinstance(reference, str) or not reference:
        reference = _reference_from_provider(payment_id)
    instance = repository.get_instance(db_session(), reference, for_update=True) \
        if reference else None
    task = _payment_task(app, instance) if instance is not None else None
    if instance is None or instance.app_id != app.id or task is None:
        return jsonify({"handled": False})  # not ours, or no longer waiting: 200, no retries
    try:
        config = payment.payment_config(task)
        stored = payment.payment_information(instance, config) or {}
        if (stored.get("paymentDetails") or {}).get("paymentId") != payment_id:
            return jsonify({"handled": False})
        info = payment.refresh(db_session(), instance, config, WEBHOOK_USER)
    except ProcessError as exc:
        db_session().rollback()
        problem(503, str(exc))
    db_session().commit()
    return jsonify({"handled": True, "status": (info or {}).get("status")})


def _reference_from_provider(payment_id: str) -> str | None:
    try:
        state = current_app.extensions["blankett.payments"].provider().get_payment(payment_id)
    except (PaymentError, ProcessError):
        return None
    raw = state.raw
    details = raw.get("orderDetails") if isinstance(raw.get("orderDetails"), dict) else {}
    found = raw.get("myReference") or details.get("reference")
    return str(found) if found else None


# ---- the payer's browser comes back ------------------------------------------------------------
@bp.get("/instance/<int:party_id>/<instance_id>/payment/return")
def returned(party_id: int, instance_id: str) -> Response:
    """Back from the hosted payment page: read the payment back; once Paid (or Skipped) the
    task is confirmed and the next step shown, otherwise the payment page again."""
    instance, app = load_instance(party_id, instance_id, for_update=True)
    resume = url_for("citizen.resume", party_id=party_id, instance_id=instance_id)
    task = _payment_task(app, instance)
    user = current_user()
    if task is None or user is None:
        return redirect(resume, 303)
    session = db_session()
    lang = current_language()
    try:
        info = payment.refresh(session, instance, payment.payment_config(task),
                               str(user.user_id)) or {}
        if info.get("status") in (payment.PAID, payment.SKIPPED):
            process_next(session, app, instance, str(user.user_id), "confirm", validate=list,
                         register=prefill_register(), language=lang,
                         actor=Actor(str(user.user_id)))
        else:
            flash("not_paid", "payment")
    except ValidationFailed:
        session.rollback()
        flash("not_paid", "payment")
        return redirect(resume, 303)
    except ProcessError as exc:
        session.rollback()
        log.warning("instance %s: after payment: %s", instance_id, exc)
        flash("unavailable", "payment")
        return redirect(resume, 303)
    session.commit()
    return redirect(resume, 303)


@bp.get("/instance/<int:party_id>/<instance_id>/payment/cancelled")
def cancelled(party_id: int, instance_id: str) -> Response:
    """The payer gave up on the hosted page: the payment page again, saying so. The open
    payment is terminated when the payer pays again or goes back (reject)."""
    load_instance(party_id, instance_id)
    flash("cancelled", "payment")
    return redirect(url_for("citizen.resume", party_id=party_id, instance_id=instance_id), 303)
