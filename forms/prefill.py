"""Prefill configuration: `models/<dataType>.prefill.json`, read and checked when the app loads.

Altinn's format (prefill.schema.v1.json):

    {"allowOverwrite": true,
     "ER": {"OrgNumber": "form.orgNumber"},          # register field → data model path
     "DSF": {"FirstName": "person.firstName"},
     "UserProfile": {"Email": "contact.email"},
     "QueryParameters": {...}}                       # stateless apps only: not used here

ER is the instance owner's organisation (Enhetsregisteret), DSF the owner's person
(Folkeregisteret), UserProfile the signed-in user's Altinn profile. The register fields are
Altinn's (the lists below, from its prefill schema and docs); what fills them at runtime is
integrations/prefill.py."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from forms import jsonc
from forms.datamodel import BindingPathError, Schema, split_path
from forms.problems import ProblemList

ER_FIELDS = (
    "OrgNumber", "Name", "UnitType", "TelephoneNumber", "MobileNumber", "FaxNumber",
    "EMailAddress", "InternetAddress", "MailingAddress", "MailingPostalCode",
    "MailingPostalCity", "BusinessAddress", "BusinessPostalCode", "BusinessPostalCity",
    "UnitStatus",
)
DSF_FIELDS = (
    "SSN", "Name", "FirstName", "MiddleName", "LastName", "TelephoneNumber", "MobileNumber",
    "MailingAddress", "MailingPostalCode", "MailingPostalCity", "AddressMunicipalNumber",
    "AddressMunicipalName", "AddressStreetName", "AddressHouseNumber", "AddressHouseLetter",
    "AddressPostalCode", "AddressCity",
)
_PARTY_FIELDS = (
    "PartyId", "PartyUuid", "PartyTypeName", "OrgNumber", "SSN", "UnitType", "Name",
    "IsDeleted", "OnlyHierarchyElementWithNoAccess",
)
USER_PROFILE_FIELDS = (
    "UserId", "UserUuid", "UserName", "PhoneNumber", "Email", "PartyId", "UserType",
    "ProfileSettingPreference.Language", "ProfileSettingPreference.PreSelectedPartyId",
    "ProfileSettingPreference.DoNotPromptForParty",
    "ProfileSettingsPreference.DoNotPromptForParty",  # sic: the spelling in Altinn's schema
    *(f"Party.{name}" for name in _PARTY_FIELDS),
    *(f"Party.Person.{name}" for name in DSF_FIELDS),
    *(f"Party.Organization.{name}" for name in ER_FIELDS),
)
SOURCES: dict[str, tuple[str, tuple[str, ...]]] = {
    "ER": ("Enhetsregisteret: the owner organisation", ER_FIELDS),
    "DSF": ("Folkeregisteret: the owner person", DSF_FIELDS),
    "UserProfile": ("the signed-in user's profile", USER_PROFILE_FIELDS),
}
_KNOWN_KEYS = {"$schema", "allowOverwrite", "QueryParameters", *SOURCES}


@dataclass(frozen=True)
class PrefillConfig:
    """One data type's prefill: per source, (register field, data model path) pairs."""

    data_type: str
    file: str
    allow_overwrite: bool = False
    sources: dict[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)

    @property
    def needs_party(self) -> bool:
        return bool(self.sources.get("ER") or self.sources.get("DSF"))

    @property
    def needs_register(self) -> bool:
        return any(self.sources.values())


def _fold(name: str) -> str:
    return name.replace(".", "\0").lower()


def load_prefill(folder: Path, data_types: list[Any], schemas: dict[str, Schema],
                 problems: ProblemList) -> dict[str, PrefillConfig]:
    """Every `models/<dataType>.prefill.json`, checked: a file that is not Altinn's shape is an
    error (Altinn would fail every instantiation); an unknown register field, or a data model
    path the schema does not have, is a warning (the entry is left out)."""
    known_types = {t.get("id") for t in data_types if isinstance(t, dict)}
    out: dict[str, PrefillConfig] = {}
    for file in sorted(folder.glob("*.prefill.json")):
        data_type = file.name.removesuffix(".prefill.json")
        raw = jsonc.read_reporting(file, problems)
        if raw is None:
            continue
        if not isinstance(raw, dict):
            problems.error(file, "$", "must be a JSON object")
            continue
        if data_type not in known_types:
            problems.warning(file, "$", f"the app has no data type '{data_type}' "
                             "(applicationmetadata.json), so this prefill never runs")
        overwrite = raw.get("allowOverwrite", False)
        if not isinstance(overwrite, bool):
            problems.error(file, "$.allowOverwrite", "must be true or false")
            overwrite = False
        for key in raw:
            if key not in _KNOWN_KEYS:
                problems.warning(file, f"$.{key}", f"'{key}' is not a prefill source "
                                 f"({', '.join(SOURCES)}); ignored")
        query = raw.get("QueryParameters")
        if query:
            problems.warning(file, "$.QueryParameters", "query parameter prefill is for "
                             "stateless apps, which Blankett does not serve; ignored")
        schema = schemas.get(data_type)
        sources: dict[str, tuple[tuple[str, str], ...]] = {}
        for source, (what, fields) in SOURCES.items():
            entries = raw.get(source)
            if entries is None:
                continue
            if not isinstance(entries, dict):
                problems.error(file, f"$.{source}",
                               "must be an object of register field → data model path")
                continue
            known = {_fold(f) for f in fields}
            kept = []
            for register_field, target in entries.items():
                where = f"$.{source}.{register_field}"
                if not isinstance(target, str) or not target.strip():
                    problems.error(file, where, "must be a data model path (a string)")
                    continue
                if _fold(register_field) not in known:
                    problems.warning(file, where, f"'{register_field}' is not a field of "
                                     f"{source} ({what}) that Altinn fills; it stays empty "
                                     "unless the register has it")
                target = target.replace("-", "")  # as Altinn's prefill does
                try:
                    split_path(target)
                except BindingPathError as exc:
                    problems.warning(file, where, f"{exc}; ignored")
                    continue
                if schema is not None and schema.field_type(target) is None:
                    problems.warning(file, where, f"'{target}' is not in the data model "
                                     f"'{data_type}'; ignored")
                    continue
                kept.append((register_field, target))
            sources[source] = tuple(kept)
        out[data_type] = PrefillConfig(data_type, f"models/{file.name}", overwrite, sources)
    return out
