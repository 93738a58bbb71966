"""The signing task in the app API: who signs a `process/next` with action sign (the user of
the token, for themselves or on behalf of an organisation they have a role for), and Altinn's
`GET …/signing` with the task's signee states. An organisation's token signs nothing (403)."""

from __future__ import annotations

from typing import Any

from flask import jsonify
from werkzeug.wrappers import Response

from process.signing import SigningError, signature_config, signee_states
from process.signing_task import signing_actor
from process.task_types import Actor
from web.access import UserCaller, api_caller, authorise_instance, problem
from web.api import ONE, bp
from web.context import register


def _on_behalf_of(body: Any, user_id: int) -> int | None:
    """The organisation party the body names: Altinn's `actionOnBehalfOf` (an organisation
    number), or `onBehalfOf` as `{"partyId": …}`, a party id or an organisation number; 403
    when the user has no role for it."""
    if not isinstance(body, dict):
        return None
    raw = body.get("actionOnBehalfOf") or body.get("onBehalfOf")
    if raw in (None, ""):
        return None
    if isinstance(raw, dict):
        raw = raw.get("partyId") or raw.get("organisationNumber") or raw.get("orgNumber")
    wanted = str(raw).strip()
    for party in register().parties_for(user_id):
        if party.org_number and wanted in (party.org_number, str(party.party_id)):
            return party.party_id
    problem(403, f"You may not sign on behalf of {wanted}.")


def api_actor(body: Any, signing: bool) -> Actor | None:
    """The actor of a process move through the API: the token's user with their person number
    (signing_actor); None for an organisation, which may not sign a signing task (403)."""
    caller = api_caller()
    if not isinstance(caller, UserCaller):
        if signing:
            problem(403, "Only a person signs; an organisation's token cannot sign.")
        return None
    user = register().user(caller.user_id)
    if user is None:
        problem(403, "The token's user is not known here.")
    return signing_actor(user, register(),
                         _on_behalf_of(body, user.user_id) if signing else None)


@bp.get(ONE + "/signing")
def signing_state(org: str, app_name: str, party_id: int, instance_id: str) -> Response:
    """Altinn's signing state of the current signing task: `{"signeeStates": [...]}`."""
    instance, app = authorise_instance(org, app_name, party_id, instance_id, signee=True)
    task = app.process.nodes.get(instance.current_task or "")
    if task is None or task.task_type != "signing":
        problem(409, "The instance is not in a signing task.")
    try:
        signature_config(task, app)
        states = signee_states(app, instance, task, register())
    except SigningError as exc:
        problem(409, str(exc))
    return jsonify({"signeeStates": [
        {"name": s.name, "organization": s.organisation, "delegationSuccessful": True,
         "notificationStatus": {"hasSent": False}, "partyId": s.party_id or 0,
         "signedTime": s.signed_time} for s in states]})
