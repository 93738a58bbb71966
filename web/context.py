"""Per-request facts every page needs: the language, the signed-in user and the party they act
for, and the app registry."""

from __future__ import annotations

from typing import cast

from flask import current_app, g, request, session

from forms.registry import AppRegistry
from forms.texts import DEFAULT_LANGUAGE, LANGUAGES
from integrations.register import (
    HttpRegister,
    LocalRegister,
    NoRegister,
    Party,
    PersonRegister,
    PrefillRegister,
    Register,
    User,
)
from web.db import db_session
from web.org_roles import ADMIN, CASE_WORKER, local_role_user
from web.sessions import signed_in_user_id

LANGUAGE_COOKIE = "blankett_lang"


def registry() -> AppRegistry:
    return cast(AppRegistry, current_app.extensions["blankett.apps"])


def register() -> Register:
    """Local mode: Altinn localtest's test users and parties (`blankett.register`, set in
    app.py). Production: the people who signed in through ID-porten, from the database, unless
    app.py set a register other than the local one."""
    configured = current_app.extensions["blankett.register"]
    if current_app.config["LOCAL_MODE"] or not isinstance(configured, LocalRegister):
        return cast(Register, configured)
    people = current_app.extensions.get("blankett.person_register")
    if people is None:
        people = current_app.extensions["blankett.person_register"] = PersonRegister(db_session)
    return cast(Register, people)


def prefill_register() -> PrefillRegister:
    """What prefill reads: the register service at REGISTER_URL when set; else, in local
    mode, the localtest data; in production without it, a register that refuses with a clear
    error (so an app that prefills cannot start an instance, and says why)."""
    found = current_app.extensions.get("blankett.prefill_register")
    if found is None:
        url = current_app.config.get("REGISTER_URL")
        configured = current_app.extensions["blankett.register"]
        if url:
            found = HttpRegister(str(url))
        elif current_app.config["LOCAL_MODE"] and isinstance(configured, LocalRegister):
            found = configured
        else:
            found = NoRegister()
        current_app.extensions["blankett.prefill_register"] = found
    return cast(PrefillRegister, found)


def person_register() -> PersonRegister:
    """The production register, to sign people in."""
    found = register()
    if not isinstance(found, PersonRegister):
        raise RuntimeError("People sign in through ID-porten only in production mode")
    return found


def local_register() -> LocalRegister:
    """The local register, for the test login's list of users."""
    found = register()
    if not isinstance(found, LocalRegister):
        raise RuntimeError("The test users exist only in local mode")
    return found


def current_language() -> str:
    """Chosen by the person (session or cookie), else their profile language, else nb, as
    Altinn does; the browser's Accept-Language is not used, so a service is predictable."""
    lang = session.get("lang") or request.cookies.get(LANGUAGE_COOKIE)
    if lang in LANGUAGES:
        return str(lang)
    user = current_user()
    if user and user.language in LANGUAGES:
        return user.language
    return DEFAULT_LANGUAGE


def current_user() -> User | None:
    if "user" not in g:
        user_id = signed_in_user_id()
        g.user = known_user(user_id) if user_id is not None else None
    return cast(User | None, g.user)


def known_user(user_id: int) -> User | None:
    """A user of the register, or in local mode one of the test case workers and admins."""
    found = register().user(user_id)
    if found is None and current_app.config["LOCAL_MODE"]:
        role_user = local_role_user(registry(), user_id)
        found = role_user[1] if role_user else None
    return found


def case_worker_orgs() -> frozenset[str]:
    """The orgs whose inbox the signed-in user works in (web/org_roles.py); empty for
    everyone else."""
    if "case_worker_orgs" not in g:
        user = current_user()
        g.case_worker_orgs = frozenset() if user is None else CASE_WORKER.orgs_of(
            user, register(), registry(), current_app.config)
    return cast(frozenset[str], g.case_worker_orgs)


def admin_orgs() -> frozenset[str]:
    """The orgs whose services the signed-in user builds in the designer; empty for everyone
    else."""
    if "admin_orgs" not in g:
        user = current_user()
        g.admin_orgs = frozenset() if user is None else ADMIN.orgs_of(
            user, register(), registry(), current_app.config)
    return cast(frozenset[str], g.admin_orgs)


def current_party() -> Party | None:
    user = current_user()
    party_id = session.get("party_id")
    if user is None or party_id is None:
        return None
    if not register().may_act_for(user.user_id, int(party_id)):
        return None
    return register().party(int(party_id))


def is_admin() -> bool:
    user = current_user()
    admins = {a.strip() for a in str(current_app.config.get("BLANKETT_ADMINS", "")).split(",")}
    return user is not None and str(user.user_id) in admins
