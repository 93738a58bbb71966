"""SigningActions: the signee's buttons on a signing task's page: "Signer" (the process action
sign, a plain form post that works without JavaScript), a choice of on whose behalf when the
task requires organisations the user has a role for, and "Avvis" when the task declares
reject. A user who has signed, or whom the task does not need, gets no sign button."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from forms.components.base import Component, register
from forms.components.signing_common import request_register, request_user, signing_task


@dataclass(frozen=True)
class Choice:
    party_id: int | None  # None: for themselves
    name: str


@register
class SigningActions(Component):
    type_name = "SigningActions"
    template = "components/signingactions.html"
    text_names = ("title", "description", "help")

    def may_reject(self, view: Any) -> bool:
        return "reject" in view.task_actions

    def choices(self, view: Any, instance: Any = None) -> list[Choice]:
        """On whose behalf the user may still sign: themselves when the task requires them
        (or names nobody), and each required organisation they have a role for."""
        from process.signing import (
            SigningError,
            required_signees,
            signature_config,
            signatures,
        )

        task = signing_task(view, instance)
        user, reg = request_user(), request_register()
        if task is None or user is None or reg is None or "sign" not in view.task_actions:
            return []
        try:
            required = required_signees(view.app, instance, task)
        except SigningError:
            return []
        own = reg.party(user.party_id)
        ssn = own.ssn if own is not None else None
        done = signatures(instance, signature_config(task).signature_data_type)
        mine = [s for s in done if s.person_number == ssn]
        out: list[Choice] = []
        if ssn and not any(s.organisation_number is None for s in mine) and (
                not required or any(r.ssn == ssn for r in required)):
            out.append(Choice(None, view.ui("signing.myself")))
        wanted = {r.org_number for r in required if r.org_number}
        signed_orgs = {s.organisation_number for s in done}
        for party in reg.parties_for(user.user_id):
            if party.org_number in wanted and party.org_number not in signed_orgs:
                out.append(Choice(party.party_id, party.name))
        return out
