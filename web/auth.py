"""Signing in and choosing whom to act for. Local mode has Altinn localtest's test users on the
login page; the session is renewed at every sign-in."""

from __future__ import annotations

from urllib.parse import urlparse

from flask import Blueprint, abort, current_app, redirect, render_template, request, session, url_for
from werkzeug.wrappers import Response

from forms.texts import LANGUAGES
from web.context import LANGUAGE_COOKIE, current_language, current_party, current_user, register

bp = Blueprint("auth", __name__)


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
        abort(501, "ID-porten login is configured through OIDC_ISSUER; not available here.")
    users = register().users()
    return render_template("login.html", users=users, next=safe_next(request.args.get("next")),
                           lang=current_language())


@bp.post("/login")
def login_post() -> Response:
    if not current_app.config["LOCAL_MODE"]:
        abort(404)
    try:
        user = register().user(int(request.form.get("user_id", "")))
    except ValueError:
        user = None
    if user is None:
        abort(400, "Unknown test user")
    lang = session.get("lang")
    session.clear()
    session["user_id"] = user.user_id
    session["party_id"] = user.party_id
    if lang:
        session["lang"] = lang
    target = safe_next(request.form.get("next"))
    if len(register().parties_for(user.user_id)) > 1 and target == "/":
        return redirect(url_for("auth.choose_party"), 303)
    return redirect(target, 303)


@bp.post("/logout")
def logout() -> Response:
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang
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
