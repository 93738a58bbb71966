"""The signing task on the citizen's pages: the actor of a page's process action (the
signed-in user with their person number, on behalf of the organisation the SigningActions
choice names), and who besides the owner's representatives may open an instance: a required
signee of its current signing task."""

from __future__ import annotations

from flask import abort, request
from sqlalchemy import or_, select

from forms.definitions import AppDefinition
from integrations.register import User
from process.signing_task import is_required_signee, signing_actor
from process.task_types import Actor
from storage.models import Instance
from web.context import register, registry
from web.db import db_session

# How many instances in signing tasks the start page looks through for the user's signature.
SIGNING_LOOKUP_LIMIT = 200


def page_actor(user: User) -> Actor:
    """The signed-in user as the engine's actor; `on_behalf_of` from the form must be an
    organisation they have a role for (403 otherwise; the signing refuses it too)."""
    raw = (request.form.get("on_behalf_of") or "").strip()
    on_behalf_of = None
    if raw:
        if not raw.isdigit() or not register().may_act_for(user.user_id, int(raw)):
            abort(403, "You may not sign on behalf of that party.")
        on_behalf_of = int(raw)
    return signing_actor(user, register(), on_behalf_of)


def may_open_to_sign(app: AppDefinition, instance: Instance, user: User) -> bool:
    return is_required_signee(app, instance, user, register())


def awaiting_signature(user: User) -> list[tuple[Instance, AppDefinition]]:
    """Instances of any party waiting in a signing task for `user` to sign (in person, or for
    an organisation they have a role for), newest first: Altinn lists them in the signee's
    inbox. Only instances in a signing task are looked at, at most SIGNING_LOOKUP_LIMIT."""
    from process.signing import signee_states

    tasks = {app.id: [t.id for t in app.process.tasks if t.task_type == "signing"]
             for app in registry().apps.values()}
    wanted = [(Instance.app_id == app_id) & Instance.current_task.in_(ids)
              for app_id, ids in tasks.items() if ids]
    if not wanted:
        return []
    found = db_session().scalars(
        select(Instance).where(or_(*wanted), Instance.soft_deleted.is_(None))
        .order_by(Instance.last_changed.desc()).limit(SIGNING_LOOKUP_LIMIT))
    own = register().party(user.party_id)
    waiting = []
    for instance in found:
        app = registry().for_instance(instance)
        if app is None or not is_required_signee(app, instance, user, register()):
            continue
        task = app.process.nodes[instance.current_task or ""]
        mine = [s for s in signee_states(app, instance, task, register())
                if s.person_number and own is not None and s.person_number == own.ssn]
        if not any(s.has_signed for s in mine):
            waiting.append((instance, app))
    return waiting
