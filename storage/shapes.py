"""A stored instance in the shapes the form pages and receipts read it in: Altinn's instance
JSON for expressions and texts (`instanceContext`, InstanceInformation, file lists), and the
entries of subform data types. Shared by the web pages and the receipt worker, which has no
request."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Protocol

from storage.models import Instance
from storage.repository import read_form_data


class PartyLike(Protocol):
    @property
    def name(self) -> str: ...
    @property
    def party_type(self) -> str: ...
    @property
    def org_number(self) -> str | None: ...
    @property
    def ssn(self) -> str | None: ...


def instance_info(instance: Instance, party: PartyLike | None) -> dict[str, Any]:
    """The instance in Altinn's shape, with its owner `party` (None: not known)."""
    owner: dict[str, Any] = {"partyId": str(instance.instance_owner_party_id)}
    if party is not None:
        owner["party"] = {"name": party.name}
        if party.party_type in ("organisation", "subUnit"):
            owner["organisationNumber"] = party.org_number
        elif party.party_type == "person":
            owner["personNumber"] = party.ssn
        else:
            owner["username"] = party.name
    data = [{"id": e.id, "dataType": e.data_type, "filename": e.filename, "size": e.size,
             "contentType": e.content_type, "tags": list(e.tags or []), "locked": e.locked,
             "created": e.created.isoformat() if e.created else None}
            for e in instance.data_elements]
    changed = instance.archived or instance.last_changed
    return {"id": f"{instance.instance_owner_party_id}/{instance.id}",
            "appId": instance.app_id, "instanceOwner": owner, "data": data,
            "lastChanged": changed.isoformat() if changed else None}


def entries_of(instance: Instance, data_types: Iterable[str]
               ) -> dict[str, list[tuple[str, dict[str, Any]]]]:
    """The form data elements of each data type (subform entries): data type → [(element id,
    data)], oldest first."""
    return {data_type: [(e.id, read_form_data(e)) for e in instance.data_elements
                        if e.data_type == data_type]
            for data_type in dict.fromkeys(data_types)}
