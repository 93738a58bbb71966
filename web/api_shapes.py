"""Instances and data elements in the JSON shapes of Altinn's app API (Instance, DataElement),
so an Altinn client reads Blankett's answers as it reads Altinn's."""

from __future__ import annotations

from datetime import UTC
from typing import Any

from flask import url_for

from storage.models import DataElement, Instance
from web.context import register


def _iso(moment: Any) -> str | None:
    """RFC 3339 in UTC; a naive time (SQLite keeps no zone) is UTC, as stored."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return str(moment.astimezone(UTC).isoformat().replace("+00:00", "Z"))


def data_element_json(instance: Instance, element: DataElement) -> dict[str, Any]:
    link = url_for("api.data_element", org=instance.app_id.split("/")[0],
                   app_name=instance.app_id.split("/")[1],
                   party_id=instance.instance_owner_party_id, instance_id=instance.id,
                   element_id=element.id, _external=True)
    return {
        "id": element.id, "instanceGuid": instance.id, "dataType": element.data_type,
        "filename": element.filename, "contentType": element.content_type,
        "blobStoragePath": f"{instance.app_id}/{instance.id}/data/{element.id}",
        "selfLinks": {"apps": link, "platform": link},
        "size": element.size, "locked": element.locked, "refs": [], "isRead": True,
        "tags": list(element.tags or []), "created": _iso(element.created),
        "createdBy": element.created_by, "lastChanged": _iso(element.last_changed),
        "lastChangedBy": element.last_changed_by,
    }


def instance_json(instance: Instance) -> dict[str, Any]:
    org, app_name = instance.app_id.split("/", 1)
    party_id = instance.instance_owner_party_id
    owner: dict[str, Any] = {"partyId": str(party_id)}
    party = register().party(party_id)
    if party is not None and party.party_type in ("organisation", "subUnit"):
        owner["organisationNumber"] = party.org_number
    elif party is not None and party.party_type == "person":
        owner["personNumber"] = party.ssn
    link = url_for("api.instance", org=org, app_name=app_name, party_id=party_id,
                   instance_id=instance.id, _external=True)
    ended = instance.current_task is None and bool((instance.process or {}).get("ended"))
    return {
        "id": f"{party_id}/{instance.id}", "instanceOwner": owner, "appId": instance.app_id,
        "org": org, "selfLinks": {"apps": link, "platform": link},
        "dueBefore": None, "visibleAfter": None, "title": None,
        "process": instance.process or None,
        "status": {"isArchived": instance.is_archived, "archived": _iso(instance.archived),
                   "isSoftDeleted": instance.soft_deleted is not None,
                   "softDeleted": _iso(instance.soft_deleted), "isHardDeleted": False,
                   "readStatus": "Read", "substatus": None},
        "completeConfirmations": ([{"stakeholderId": org,
                                    "confirmedOn": _iso(instance.completed_by_owner)}]
                                  if instance.completed_by_owner else []),
        "data": [data_element_json(instance, e) for e in instance.data_elements],
        "created": _iso(instance.created), "createdBy": instance.created_by,
        "lastChanged": _iso(instance.last_changed), "lastChangedBy": instance.last_changed_by,
        "isProcessEnded": ended,
    }
