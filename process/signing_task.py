"""The signing task type's hooks for the process engine (process/task_types.py), so a signing
task signs, waits for every required signee, and never ends with a missing or broken signature:

- start: signatures from an earlier visit are discarded (the task starts again after a reject,
  and the data may have changed);
- act "sign": signs as the actor (process/signing/sign.py) and STAYs while a required signee
  has not signed, MOVEs when this signature completes the set (or the task has no provider);
- issues: `signing_issues` (MissingSignatures, InvalidSignatureHash, ...).

Who signs comes in the engine's `Actor`: `signing_actor` builds it from a register user, with
the register in `actor.extra["register"]`, which `sign` needs to check the person number and
roles for an organisation. An actor without a person number (the engine's default, a service
owner's system) signs nothing: "sign" then only ends the task, if `issues` let it.

- end: a job (jobs/signing_pdf.py) makes the sealed signing PDF, into the data type
  process/signing/pdf.py chooses; with none declared, a `signingPdfSkipped` event says so.

Left for later: delegation and notifications to the signees a provider names."""

from __future__ import annotations

from typing import Any

from integrations.register import Register, User
from jobs import SIGNING_PDF
from process.signing import (
    Signee,
    SigningError,
    discard_signatures,
    required_signees,
    sign,
    signature_config,
    signatures,
    signee_states,
    signing_issues,
)
from process.signing.config import SIGNING
from process.signing.pdf import signing_pdf_data_type
from process.task_types import MOVE, STAY, Actor, TaskContext, TaskHooks, task_type
from storage.models import Instance

REGISTER = "register"  # the key of the register in Actor.extra
SIGN = "sign"
SIGNING_PDF_SKIPPED = "signingPdfSkipped"  # the instance event when no data type is declared


def signing_actor(user: User, register: Register, on_behalf_of: int | None = None) -> Actor:
    """The actor for a signed-in user (their own person number from the register), signing
    for themselves or, with `on_behalf_of`, for that organisation party."""
    own = register.party(user.party_id)
    return Actor(str(user.user_id), person_number=own.ssn if own is not None else None,
                 on_behalf_of=on_behalf_of, name=user.name, extra={REGISTER: register})


def actor_register(actor: Actor) -> Register | None:
    found: Any = actor.extra.get(REGISTER)
    return found if found is not None else None


def _start(ctx: TaskContext) -> None:
    discarded = discard_signatures(ctx.session, ctx.app, ctx.instance, ctx.task,
                                   ctx.actor.user_id)
    if discarded:
        ctx.session.flush()


def _act(ctx: TaskContext, action: str) -> str:
    """Sign as the actor; STAY while someone the task requires has not signed."""
    if action != SIGN:
        return MOVE
    actor = ctx.actor
    if not actor.person_number:
        return MOVE  # no person signs: the move only ends the task if its signatures are there
    signee = Signee(actor.user_id, actor.person_number, on_behalf_of=actor.on_behalf_of,
                    name=actor.name)
    register = actor_register(actor)
    sign(ctx.session, ctx.app, ctx.instance, ctx.task, signee, register=register)
    ctx.session.flush()
    states = signee_states(ctx.app, ctx.instance, ctx.task, register)
    return STAY if any(not s.has_signed for s in states) else MOVE


def _issues(ctx: TaskContext) -> list[Any]:
    return signing_issues(ctx.app, ctx.instance, ctx.task, ctx.language)


def _end(ctx: TaskContext) -> None:
    """The signing PDF of the signatures the task ends with (their ids, so a later visit's
    signatures never slip into this one's PDF), made by a job committed with the move."""
    data_type, why = signing_pdf_data_type(ctx.app, ctx.task)
    if data_type is None:
        ctx.record(SIGNING_PDF_SKIPPED, {"taskId": ctx.task.id, "reason": why})
        return
    config = signature_config(ctx.task)
    ctx.add_job(SIGNING_PDF, {"task_id": ctx.task.id, "data_type": data_type, "signature_ids": [
        s.element.id for s in signatures(ctx.instance, config.signature_data_type)]})


HOOKS = task_type(SIGNING)(TaskHooks(start=_start, act=_act, actions=frozenset({SIGN}),
                                     issues=_issues, end=_end))


def is_required_signee(app: Any, instance: Instance, user: User, register: Register) -> bool:
    """Whether `user` is someone the current signing task's provider requires, in person or by
    a role for a required organisation: such a user may open the instance to sign it, though
    they do not act for its owner."""
    task = app.process.nodes.get(instance.current_task or "")
    if task is None or task.task_type != SIGNING:
        return False
    try:
        required = required_signees(app, instance, task)
    except SigningError:  # a broken provider lets nobody in
        return False
    if not required:
        return False
    own = register.party(user.party_id)
    orgs = {p.org_number for p in register.parties_for(user.user_id) if p.org_number}
    return any((r.ssn is not None and own is not None and r.ssn == own.ssn)
               or (r.org_number is not None and r.org_number in orgs) for r in required)
