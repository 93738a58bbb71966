"""Who must sign (a signee provider) and who has signed (signee states).

A signing task with `altinn:signeeProviderId` names a provider; Blankett finds it as either

- app code: a function registered with `@signees("<providerId>")` (forms/app_code.py),
  `(instance: InstanceInfo, data: dict[data type id, form data]) -> iterable of signees`;
- a file `App/config/signees/<providerId>.json`:

      {
        "dataType": "model",
        "persons": [
          {"ssn": "01039012345", "name": "Sophie Salt"},
          {"forEach": "stiftere", "ssn": ["dataModel", "fnr"], "name": ["dataModel", "navn"]}
        ],
        "organisations": [
          {"orgnr": ["dataModel", "selskap.orgnr"], "name": ["dataModel", "selskap.navn"]}
        ]
      }

  Each value is a literal or an expression (Altinn's expression language) on the form data of
  `dataType` (default: the first form data type the task signs); with `forEach` (a path to a
  list in that data), one signee per row, its `dataModel` paths read from the row. A signee
  whose ssn/orgnr comes out empty (an empty row) is left out.

Either way a signee is a person `{"ssn", "name"}` or an organisation `{"orgnr", "name"}`
(Altinn's PersonSignee / OrganisationSignee); a person signs for themselves, anyone with a
role for an organisation (the register's party list) may sign for it."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from forms.app_code import AppCodeError, InstanceInfo
from forms.bpmn import FlowNode
from forms.definitions import AppDefinition
from forms.expressions import ExprError, evaluate
from forms.expressions.context import ExpressionContext
from forms.jsonc import load_file
from forms.loader import app_root
from integrations.register import Register
from process.signing.config import SignatureConfig, SignatureConfigError, signature_config
from process.signing.stored import StoredSignature, signatures
from storage.models import Instance
from storage.repository import read_form_data

SIGNEES_KIND = "signees"  # the app code kind registered by @signees
_SSN = re.compile(r"^\d{11}$")
_ORGNR = re.compile(r"^\d{9}$")


@dataclass(frozen=True)
class RequiredSignee:
    """A person (`ssn`) or an organisation (`org_number`) who must sign."""

    name: str
    ssn: str | None = None
    org_number: str | None = None

    @property
    def is_organisation(self) -> bool:
        return self.org_number is not None

    def signed_by(self, signature: StoredSignature) -> bool:
        """A person signs for themselves; an organisation by anyone signing on its behalf."""
        if self.org_number is not None:
            return signature.organisation_number == self.org_number
        return signature.organisation_number is None and signature.person_number == self.ssn


@dataclass(frozen=True)
class SigneeState:
    """One line of Altinn's `GET …/signing`: who (a person, or the organisation and the person
    who signed for it), their party when known, and when they signed (None: not yet)."""

    name: str | None
    organisation: str | None
    party_id: int | None
    signed_time: str | None
    person_number: str | None = None
    organisation_number: str | None = None
    user_id: str | None = None

    @property
    def has_signed(self) -> bool:
        return self.signed_time is not None


# ---- the provider ---------------------------------------------------------------------------
def provider_file(app: AppDefinition, provider_id: str) -> Path:
    return app_root(app.folder) / "config" / "signees" / f"{provider_id}.json"


def form_data(app: AppDefinition, instance: Instance) -> dict[str, dict[str, Any]]:
    """The instance's form data by data type (the JSON elements of types with app logic)."""
    out: dict[str, dict[str, Any]] = {}
    for element in instance.data_elements:
        data_type = app.data_type(element.data_type) or {}
        if isinstance(data_type.get("appLogic"), dict) and element.data_type not in out:
            try:
                out[element.data_type] = read_form_data(element)
            except ValueError:
                continue
    return out


def required_signees(app: AppDefinition, instance: Instance, task: FlowNode
                     ) -> list[RequiredSignee]:
    """The signees the task's provider names for this instance, in its order without repeats;
    [] when the task has no provider (anyone allowed to sign may). SignatureConfigError when
    the provider is missing or answers wrongly."""
    config = signature_config(task)
    provider_id = config.signee_provider_id
    if provider_id is None:
        return []
    data = form_data(app, instance)
    entry = app.code.find(SIGNEES_KIND, provider_id)
    file = provider_file(app, provider_id)
    if entry is not None and file.is_file():
        raise SignatureConfigError(f"the signee provider '{provider_id}' is both app code "
                                   f"({entry.where}) and a file ({file}); keep one")
    if entry is not None:
        info = InstanceInfo(id=f"{instance.instance_owner_party_id}/{instance.id}",
                            party_id=str(instance.instance_owner_party_id),
                            app_id=instance.app_id)
        try:
            raw = entry.function(info, {k: dict(v) for k, v in data.items()})
            found = [_signee(item, f"@signees('{provider_id}') at {entry.where}")
                     for item in _iterable(raw, provider_id)]
        except AppCodeError as exc:
            raise SignatureConfigError(str(exc)) from exc
    elif file.is_file():
        found = _from_file(file, config, data)
    else:
        raise SignatureConfigError(
            f"the signing task '{task.id}' uses the signee provider '{provider_id}', which the "
            f"app has neither as a file ({file}) nor as @signees('{provider_id}') app code")
    unique: dict[tuple[str | None, str | None], RequiredSignee] = {}
    for signee in found:
        unique.setdefault((signee.ssn, signee.org_number), signee)
    return list(unique.values())


def _iterable(raw: Any, provider_id: str) -> Iterable[Any]:
    if raw is None or isinstance(raw, (str, bytes, Mapping)) or not isinstance(raw, Iterable):
        raise AppCodeError(f"@signees('{provider_id}') must return a list of signees, not "
                           f"{type(raw).__name__}")
    return raw


def _signee(item: Any, where: str) -> RequiredSignee:
    """A provider's signee, checked: a person with an 11-digit ssn or an organisation with a
    9-digit organisation number, and a name."""
    if isinstance(item, RequiredSignee):
        ssn, orgnr, name = item.ssn, item.org_number, item.name
    elif isinstance(item, Mapping):
        ssn, orgnr, name = item.get("ssn"), item.get("orgnr"), item.get("name")
    else:
        raise AppCodeError(f"{where}: a signee must be a dict with ssn or orgnr, and name")
    if (ssn is None) == (orgnr is None):
        raise AppCodeError(f"{where}: a signee has either 'ssn' (a person) or 'orgnr' "
                           f"(an organisation): {item!r}")
    if ssn is not None and not _SSN.match(str(ssn)):
        raise AppCodeError(f"{where}: '{ssn}' is not a fødselsnummer (11 digits)")
    if orgnr is not None and not _ORGNR.match(str(orgnr)):
        raise AppCodeError(f"{where}: '{orgnr}' is not an organisation number (9 digits)")
    if not isinstance(name, str) or not name.strip():
        raise AppCodeError(f"{where}: the signee {ssn or orgnr} has no name")
    return RequiredSignee(name.strip(), None if ssn is None else str(ssn),
                          None if orgnr is None else str(orgnr))


_KEYS = {"persons": ("ssn", "name"), "organisations": ("orgnr", "name")}


def _from_file(file: Path, config: SignatureConfig, data: dict[str, dict[str, Any]]
               ) -> list[RequiredSignee]:
    try:
        raw = load_file(file)
    except (OSError, ValueError) as exc:
        raise SignatureConfigError(f"{file}: cannot be read: {exc}") from exc
    if not isinstance(raw, dict) or set(raw) - {"$schema", "dataType", *_KEYS}:
        raise SignatureConfigError(f"{file}: must be an object with 'persons' and/or "
                                   "'organisations' (and optionally 'dataType')")
    data_type = raw.get("dataType") or next(
        (t for t in config.data_types_to_sign if t in data), None) or next(iter(data), None)
    root = data.get(data_type or "", {})
    out: list[RequiredSignee] = []
    for group, (key, _name) in _KEYS.items():
        entries = raw.get(group) or []
        if not isinstance(entries, list):
            raise SignatureConfigError(f"{file}: '{group}' must be a list")
        for i, entry in enumerate(entries):
            where = f"{file}: {group}[{i}]"
            if not isinstance(entry, dict) or set(entry) - {key, "name", "forEach"}:
                raise SignatureConfigError(
                    f"{where} must be an object with '{key}', 'name' and optionally 'forEach'")
            rows: list[Any] = [root]
            if "forEach" in entry:
                found = _value(["dataModel", entry["forEach"]], root, data_type, data, where)
                rows = found if isinstance(found, list) else []
            for row in rows:
                ident = _value(entry.get(key), row, data_type, data, where)
                if ident in (None, ""):
                    continue  # an empty row: no one to sign
                name = _value(entry.get("name"), row, data_type, data, where)
                try:
                    out.append(_signee({key: str(ident), "name": name}, where))
                except AppCodeError as exc:
                    raise SignatureConfigError(str(exc)) from None
    return out


def _value(raw: Any, row: Any, data_type: str | None, data: dict[str, dict[str, Any]],
           where: str) -> Any:
    """A literal, or an expression on the form data (`dataModel` reads `row`)."""
    if not isinstance(raw, list):
        return raw
    context = ExpressionContext(data=row if isinstance(row, dict) else {},
                                default_data_type=data_type or "default",
                                other_data=dict(data))
    try:
        return evaluate(raw, context)
    except ExprError as exc:
        raise SignatureConfigError(f"{where}: the expression {raw} fails: {exc}") from None


# ---- who has signed -------------------------------------------------------------------------
def signee_states(app: AppDefinition, instance: Instance, task: FlowNode,
                  register: Register | None = None) -> list[SigneeState]:
    """Every required signee with their signature's time (None: not signed), or, without a
    provider, everyone who has signed. Names and parties of those who signed come from
    `register` when given."""
    config = signature_config(task)
    signed = signatures(instance, config.signature_data_type)
    required = required_signees(app, instance, task)
    if not required:
        return [_state(s, register) for s in signed]
    states = []
    for signee in required:
        match = next((s for s in signed if signee.signed_by(s)), None)
        if match is not None:
            state = _state(match, register)
            states.append(SigneeState(
                state.name if signee.is_organisation else signee.name,
                signee.name if signee.is_organisation else None,
                state.party_id, state.signed_time, match.person_number,
                match.organisation_number, match.user_id))
        elif signee.is_organisation:
            states.append(SigneeState(None, signee.name, None, None,
                                      organisation_number=signee.org_number))
        else:
            states.append(SigneeState(signee.name, None, None, None, person_number=signee.ssn))
    return states


def _state(signature: StoredSignature, register: Register | None) -> SigneeState:
    name = org_name = None
    party_id: int | None = None
    user_id = signature.user_id
    if register is not None and user_id is not None and user_id.isdigit():
        user = register.user(int(user_id))
        if user is not None:
            name, party_id = user.name, user.party_id
        if signature.organisation_number is not None:
            party = next((p for p in register.parties_for(int(user_id))
                          if p.org_number == signature.organisation_number), None)
            party_id = party.party_id if party is not None else None
            org_name = party.name if party is not None else None
    return SigneeState(name or signature.person_number, org_name, party_id,
                       signature.signed_time or None, signature.person_number,
                       signature.organisation_number, user_id)
