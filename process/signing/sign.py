"""Signing, as Altinn Storage's `sign` does it: one JSON data element of the task's
`signatureDataType` (a SignDocument) that names the signee and holds the SHA-256 of every data
element of `dataTypesToSign`, hashed from the stored bytes at the moment of signing, plus a
`Signed` instance event. Refused before anything is written when the signature would prove
nothing or the wrong thing."""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from forms.bpmn import FlowNode
from forms.definitions import AppDefinition
from integrations.register import Party, Register
from process.signing.config import SigningError, signature_config
from process.signing.signees import RequiredSignee, required_signees
from process.signing.stored import blob_sha256, signatures
from process.state import iso
from storage.models import DataElement, Instance, new_id, utcnow
from storage.repository import add_attachment, add_event, delete_attachment

SIGNATURE_CONTENT_TYPE = "application/json"


class SigningRefused(SigningError):
    """This signee may not sign this instance now; the message says why."""


@dataclass(frozen=True)
class Signee:
    """Who signs: the signed-in user (their user id and fødselsnummer), and, when they sign for
    an organisation, that organisation by number and/or party id (`on_behalf_of`)."""

    user_id: str
    person_number: str
    organisation_number: str | None = None
    on_behalf_of: int | None = None  # the organisation's party id
    name: str | None = None

    @property
    def for_organisation(self) -> bool:
        return self.organisation_number is not None or self.on_behalf_of is not None


def sign(session: Session, app: AppDefinition, instance: Instance, task: FlowNode,
         signee: Signee, now: datetime | None = None, *,
         register: Register | None = None) -> DataElement:
    """Sign every data element of the task's `dataTypesToSign` as `signee` and return the new
    signature element (not flushed: the caller commits). SigningRefused when the instance is
    not in `task`, there is nothing to sign, the signee has signed for the same party already
    (or, with `uniqueFromSignaturesInDataTypes`, in those), is not one the task's provider
    requires, or signs for an organisation the register gives them no role for (checked only
    with `register`; without it signing for an organisation is refused)."""
    config = signature_config(task, app)
    if instance.current_task != task.id:
        raise SigningRefused(f"the instance is not in the signing task '{task.id}'")
    signee = _checked_signee(signee, register)
    to_sign = [d for d in instance.data_elements if d.data_type in config.data_types_to_sign]
    if not to_sign:
        raise SigningRefused("there is nothing to sign: the instance has no data of "
                             + ", ".join(f"'{t}'" for t in config.data_types_to_sign))
    for earlier in signatures(instance, config.signature_data_type):
        if earlier.by(signee.user_id, signee.person_number) and (
                earlier.organisation_number == signee.organisation_number):
            whom = (f"for the organisation {signee.organisation_number}"
                    if signee.organisation_number else "for themselves")
            raise SigningRefused(f"the user {signee.user_id} has already signed {whom}")
    if config.unique_from_signatures_in and any(
            s.by(signee.user_id, signee.person_number)
            for s in signatures(instance, config.unique_from_signatures_in)):
        raise SigningRefused(f"the user {signee.user_id} has signed in "
                             + ", ".join(config.unique_from_signatures_in)
                             + " and may not sign here too")
    required = required_signees(app, instance, task)
    if required and not any(_is(r, signee) for r in required):
        whom = (f"the organisation {signee.organisation_number}" if signee.for_organisation
                else f"the user {signee.user_id}")
        raise SigningRefused(f"{whom} is not among those who are to sign this")
    moment = now or utcnow()
    element_id = new_id()
    document: dict[str, Any] = {
        "id": element_id,
        "instanceGuid": instance.id,
        "signedTime": iso(moment),
        "signeeInfo": {"userId": signee.user_id, "personNumber": signee.person_number,
                       "organisationNumber": signee.organisation_number},
        "dataElementSignatures": [
            {"dataElementId": d.id, "sha256Hash": blob_sha256(d), "signed": True}
            for d in to_sign],
    }
    blob = json.dumps(document, ensure_ascii=False, indent=2).encode()
    element = add_attachment(session, instance, config.signature_data_type,
                             filename=f"{config.signature_data_type}.json",
                             content_type=SIGNATURE_CONTENT_TYPE, blob=blob,
                             user_id=signee.user_id)
    element.id = element_id
    element.created = element.last_changed = moment
    event = add_event(session, instance, "Signed", signee.user_id,
                      instance.instance_owner_party_id)
    event.data_id, event.created = element_id, moment
    return element


def discard_signatures(session: Session, app: AppDefinition, instance: Instance,
                       task: FlowNode, user_id: str) -> int:
    """Remove the task's signatures (how many): for the engine to call when a signing task
    starts, so a signature from an earlier visit (before a reject sent the instance back to
    change its data) never counts as, or blocks, a signature of what is there now. The task's
    elements are unlocked when it starts; a locked one raises storage's LockedError."""
    config = signature_config(task, app)
    found = [d for d in instance.data_elements if d.data_type == config.signature_data_type]
    for element in found:
        delete_attachment(session, element, user_id)
    return len(found)


def _is(required: RequiredSignee, signee: Signee) -> bool:
    if required.org_number is not None:
        return signee.organisation_number == required.org_number
    return not signee.for_organisation and signee.person_number == required.ssn


def _checked_signee(signee: Signee, register: Register | None) -> Signee:
    """The signee with their organisation filled in (number and party), once the register says
    they may act for it; and, with a register, their person number must be the user's."""
    if not str(signee.user_id).strip() or not str(signee.person_number).strip():
        raise SigningRefused("a signee needs a user id and a person number")
    signee = dataclasses.replace(signee, user_id=str(signee.user_id).strip(),
                                 person_number=str(signee.person_number).strip())
    user_id = int(signee.user_id) if signee.user_id.isdigit() else None
    if register is not None and user_id is not None:
        user = register.user(user_id)
        own = register.party(user.party_id) if user is not None else None
        if own is not None and own.ssn and own.ssn != signee.person_number:
            raise SigningRefused(f"the person number given is not that of the user "
                                 f"{signee.user_id}")
    if not signee.for_organisation:
        return signee
    if register is None or user_id is None:
        raise SigningRefused("signing on behalf of an organisation needs the register to "
                             "check the signee's role for it")
    party = _organisation(register, user_id, signee)
    if party is None:
        what = signee.organisation_number or f"party {signee.on_behalf_of}"
        raise SigningRefused(f"the user {signee.user_id} has no role for the organisation "
                             f"{what} and may not sign on its behalf")
    return dataclasses.replace(signee, organisation_number=party.org_number,
                               on_behalf_of=party.party_id)


def _organisation(register: Register, user_id: int, signee: Signee) -> Party | None:
    """The organisation in the user's party list (their roles) that the signee names."""
    for party in register.parties_for(user_id):
        if not party.org_number:
            continue
        if signee.on_behalf_of is not None and party.party_id != signee.on_behalf_of:
            continue
        if (signee.organisation_number is not None
                and party.org_number != signee.organisation_number):
            continue
        if register.may_act_for(user_id, party.party_id):
            return party
    return None
