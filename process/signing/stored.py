"""Signature documents as they are stored: one JSON data element of the task's
`signatureDataType` per signature, in Altinn Storage's shape (SignDocument). Read back here
for checking, for signee states and for refusing a second signature by the same signee."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from storage.models import DataElement, Instance


@dataclass(frozen=True)
class SignedElement:
    data_element_id: str
    sha256: str


@dataclass(frozen=True)
class StoredSignature:
    element: DataElement  # the signature's own data element
    id: str
    signed_time: str
    user_id: str | None
    person_number: str | None
    organisation_number: str | None
    signed: tuple[SignedElement, ...]

    def by(self, user_id: str | None, person_number: str | None) -> bool:
        """Made by this user (the same user id, or the same person number)."""
        return (user_id is not None and self.user_id == user_id) or (
            person_number is not None and self.person_number == person_number)


class BadSignature(ValueError):
    """A signature element that is not a SignDocument (so it proves nothing)."""


def blob_sha256(element: DataElement) -> str:
    """The hash of what is stored now, never the `sha256` column (which a change to the blob
    outside the repository would not update)."""
    return hashlib.sha256(element.blob or b"").hexdigest()


def _str(value: Any) -> str | None:
    return None if value is None or value == "" else str(value)


def parse_signature(element: DataElement) -> StoredSignature:
    try:
        raw = json.loads(element.blob or b"")
    except (ValueError, UnicodeDecodeError) as exc:
        raise BadSignature(f"not JSON: {exc}") from None
    if not isinstance(raw, dict):
        raise BadSignature("not a JSON object")
    info = raw.get("signeeInfo")
    items = raw.get("dataElementSignatures")
    if not isinstance(info, dict) or not isinstance(items, list):
        raise BadSignature("no signeeInfo or dataElementSignatures")
    signed = []
    for item in items:
        if not (isinstance(item, dict) and isinstance(item.get("dataElementId"), str)
                and isinstance(item.get("sha256Hash"), str) and item.get("signed") is True):
            raise BadSignature("a dataElementSignature without dataElementId, sha256Hash "
                               "and signed: true")
        signed.append(SignedElement(item["dataElementId"], item["sha256Hash"].lower()))
    return StoredSignature(element, str(raw.get("id") or element.id),
                           str(raw.get("signedTime") or ""), _str(info.get("userId")),
                           _str(info.get("personNumber")), _str(info.get("organisationNumber")),
                           tuple(signed))


def signature_elements(instance: Instance, data_types: tuple[str, ...] | str
                       ) -> list[DataElement]:
    types = (data_types,) if isinstance(data_types, str) else data_types
    return [d for d in instance.data_elements if d.data_type in types]


def signatures(instance: Instance, data_types: tuple[str, ...] | str) -> list[StoredSignature]:
    """The readable signatures of these data types, oldest first (bad ones left out: the
    checks at task end report them)."""
    out = []
    for element in signature_elements(instance, data_types):
        try:
            out.append(parse_signature(element))
        except BadSignature:
            continue
    return out
