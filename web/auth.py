"""Signing in and choosing whom to act for. Local mode has Altinn localtest's test users on the
login page; production signs people in through ID-porten (OpenID Connect, see web/oidc.py). The
session is renewed at every sign-in."""

from __future__ import annotations

from typing import NoReturn, cast
from urllib.parse import urlparse

from flask import (
    Blueprint,
    Flask,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from werkzeug.wrappers import Response

from forms.texts import LANGUAGES
from web import sessions
from web.context import (
    LANGUAGE_COOKIE,
    current_language,
    current_party,
    current_user,
    known_user,
    local_register,
    person_register,
    register,
    registry,
)
from web.oidc import LoginFailed, finish_login, init_oidc, start_login
from web.org_roles import ADMIN, CASE_WORKER, local_role_user

bp = Blueprint("auth", __name__)
# The ID-porten client is registered when app.py registers this blueprint (production only).
bp.record_once(lambda state: init_oidc(cast(Flask, state.app)))

_LOGIN_FAILED = {
    "nb": {
        "refused": "Innloggingen ble avbrutt eller avvist i ID-porten. Prøv å logge inn igjen.",
        "state": "Innloggingen kunne ikke fullføres fordi den var utløpt eller startet i en annen"
                 " nettleser. Prøv å logge inn igjen.",
        "token": "ID-porten godtok ikke innloggingen. Prøv å logge inn igjen.",
        "id_token": "Svaret fra ID-porten kunne ikke bekreftes. Prøv å logge inn igjen.",
        "identity": "ID-porten sendte ikke fødselsnummeret ditt, så du kan ikke logge inn.",
        "unavailable": "ID-porten svarer ikke akkurat nå. Prøv igjen om litt.",
    },
    "nn": {
        "refused": "Innlogginga vart avbroten eller avvist i ID-porten. Prøv å logge inn igjen.",
        "state": "Innlogginga kunne ikkje fullførast fordi ho var utgått eller starta i ein anna"
                 " nettlesar. Prøv å logge inn igjen.",
        "token": "ID-porten godtok ikkje innlogginga. Prøv å logge inn igjen.",
        "id_token": "Svaret frå ID-porten kunne ikkje stadfestast. Prøv å logge inn igjen.",
        "identity": "ID-porten sende ikkje fødselsnummeret ditt, så du kan ikkje logge inn.",
        "unavailable": "ID-porten svarar ikkje akkurat no. Prøv igjen om litt.",
    },
    "en": {
        "refused": "The login was cancelled or refused in ID-porten. Please try logging in again.",
        "state": "The login could not be completed because it had expired or was started in"
                 " another browser. Please try logging in again.",
        "token": "ID-porten did not accept the login. Please try logging in again.",
        "id_token": "The answer from ID-porten could not be verified. Please try logging in again.",
        "identity": "ID-porten did not send your national identity number, so you cannot log in.",
        "unavailable": "ID-porten is not answering right now. Please try again in a moment.",
    },
}


def _login_failed(failure: LoginFailed) -> NoReturn:
    current_app.logger.warning("ID-porten login failed (%s): %s", failure.reason, failure.detail)
    abort(failure.status, _LOGIN_FAILED[current_language()][failure.reason])
    raise AssertionError("abort returned")  # for type checkers; abort always raises


def safe_next(target: str | None, default: str = "/") -> str:
    """Only same-site paths, so a crafted link cannot send people elsewhere after login."""
    if not target:
        return default
    parsed = urlparse(target)
    if parsed.scheme or parsed.netloc or not target.startswith("/") or target.startswith("//"):
        return default
    return target


@bp.get("/login")
def login() -> str | Response:
    if not current_app.config["LOCAL_MODE"]:
        try:
            return start_login(safe_next(request.args.get("next")))
        except LoginFailed as failure:
            _login_failed(failure)
    users = local_register().users()
    return render_template("login.html", users=users, next=safe_next(request.args.get("next")),
                           case_workers=CASE_WORKER.local_user_list(registry()),
                           admins=ADMIN.local_user_list(registry()),
                           lang=current_language())


@bp.get("/auth/callback")
def callback() -> Response:
    """Where ID-porten sends the person back with a code (production)."""
    if current_app.config["LOCAL_MODE"]:
        abort(404)
    try:
        signed_in = finish_login()
    except LoginFailed as failure:
        _login_failed(failure)
    user = person_register().sign_in(signed_in.identifier, signed_in.name)
    sessions.sign_in(user)  # a new session, against session fixation (ASVS 7.2.4)
    return redirect(safe_next(signed_in.next), 303)


@bp.post("/login")
def login_post() -> Response:
    if not current_app.config["LOCAL_MODE"]:
        abort(404)
    try:
        user = known_user(int(request.form.get("user_id", "")))
    except ValueError:
        user = None
    if user is None:
        abort(400, "Unknown test user")
    sessions.sign_in(user)
    target = safe_next(request.form.get("next"))
    role_user = local_role_user(registry(), user.user_id)
    if target == "/" and role_user is not None:  # a test case worker has only the inbox,
        home = "inbox.inbox" if role_user[0] is CASE_WORKER else "designer.index"
        return redirect(url_for(home), 303)  # a test admin only the designer
    if len(register().parties_for(user.user_id)) > 1 and target == "/":
        return redirect(url_for("auth.choose_party"), 303)
    return redirect(target, 303)


@bp.post("/logout")
def logout() -> Response:
    """Ends the session here, on the server too; ID-porten's own session is left alone."""
    sessions.end()
    return redirect(url_for("citizen.start"), 303)


@bp.get("/party")
def choose_party() -> str | Response:
    user = current_user()
    if user is None:
        return redirect(url_for("auth.login", next=request.path))
    return render_template("party.html", parties=register().parties_for(user.user_id),
                           current=current_party(), lang=current_language())


@bp.post("/party")
def choose_party_post() -> Response:
    user = current_user()
    if user is None:
        return redirect(url_for("auth.login"), 303)
    try:
        party_id = int(request.form.get("party_id", ""))
    except ValueError:
        abort(400)
    if not register().may_act_for(user.user_id, party_id):
        abort(403)
    session["party_id"] = party_id
    return redirect(url_for("citizen.start"), 303)


@bp.post("/language")
def set_language() -> Response:
    lang = request.form.get("lang")
    response = redirect(safe_next(request.form.get("next")), 303)
    if lang in LANGUAGES:
        session["lang"] = lang
        response.set_cookie(LANGUAGE_COOKIE, lang, max_age=365 * 24 * 3600, samesite="Lax",
                            httponly=True, secure=not current_app.config["LOCAL_MODE"])
    return response
