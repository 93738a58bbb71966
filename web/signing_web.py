"""The signing task on the citizen's pages: the actor of a page's process action (the
signed-in user with their person number, on behalf of the organisation the SigningActions
choice names), and who besides the owner's representatives may open an instance: a required
signee of its current signing task."""

from __future__ import annotations

from flask import abort, request

from forms.definitions import AppDefinition
from integrations.register import User
from process.signing_task import is_required_signee, signing_actor
from process.task_types import Actor
from storage.models import Instance
from web.context import register


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
