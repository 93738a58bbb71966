"""Reading and writing instances. Everything here takes an open session; the caller owns the
transaction, so one user action is one commit."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session, joinedload

from storage.models import DataElement, Instance, InstanceEvent, utcnow

FORM_DATA_CONTENT_TYPE = "application/json"


def _encode(data: dict[str, Any]) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()


def create_instance(
    session: Session,
    *,
    app_id: str,
    party_id: int,
    user_id: str,
    task_id: str | None,
    form_data_types: list[str],
) -> Instance:
    """A new instance in `task_id`, with an empty form data element for each data type given."""
    org = app_id.split("/", 1)[0]
    now = utcnow()
    instance = Instance(
        app_id=app_id, org=org, instance_owner_party_id=party_id, current_task=task_id,
        process={"started": now.isoformat(), "currentTask": {"elementId": task_id}}
        if task_id else {},
        created=now, created_by=user_id, last_changed=now, last_changed_by=user_id,
    )
    session.add(instance)
    for data_type in form_data_types:
        add_form_data(session, instance, data_type, {}, user_id)
    add_event(session, instance, "Created", user_id, party_id).created = now
    if task_id:
        add_event(session, instance, "process_StartTask", user_id, party_id,
                  {"currentTask": {"elementId": task_id}})
    return instance


def add_form_data(
    session: Session, instance: Instance, data_type: str, data: dict[str, Any], user_id: str
) -> DataElement:
    blob = _encode(data)
    element = DataElement(
        instance=instance, data_type=data_type, content_type=FORM_DATA_CONTENT_TYPE,
        size=len(blob), sha256=hashlib.sha256(blob).hexdigest(), blob=blob,
        created_by=user_id, last_changed_by=user_id,
    )
    session.add(element)
    return element


def get_instance(session: Session, instance_id: str, for_update: bool = False) -> Instance | None:
    # One query: the instance and its data elements' metadata. File contents are loaded only
    # when read, since a page needs the metadata of every file but the contents of few.
    elements = joinedload(Instance.data_elements).defer(DataElement.blob)
    query = select(Instance).where(Instance.id == instance_id).options(elements)
    if for_update:  # the instance row only (PostgreSQL locks no outer-joined side)
        query = query.with_for_update(of=Instance)
        if session.get_bind().dialect.name == "sqlite":
            _take_sqlite_write_lock(session, instance_id)
    return session.scalars(query).unique().first()


def _take_sqlite_write_lock(session: Session, instance_id: str) -> None:
    """SQLite has no row locks and ignores FOR UPDATE. A write that changes nothing, before
    anything is read, takes its database write lock for the rest of the transaction, so two
    changes to an instance wait in turn (up to the busy timeout) instead of overwriting."""
    session.execute(update(Instance).where(Instance.id == instance_id)
                    .values(id=Instance.id).execution_options(synchronize_session=False))


def instances_for_party(session: Session, party_id: int) -> list[Instance]:
    return list(session.scalars(
        select(Instance).where(Instance.instance_owner_party_id == party_id,
                               Instance.soft_deleted.is_(None))
        .order_by(Instance.last_changed.desc())
    ))


def form_data_element(instance: Instance, data_type: str) -> DataElement | None:
    return next((d for d in instance.data_elements if d.data_type == data_type), None)


def read_form_data(element: DataElement) -> dict[str, Any]:
    data = json.loads(element.blob or b"{}")
    return data if isinstance(data, dict) else {}


class LockedError(Exception):
    """A data element of a task that has ended cannot be changed."""


def save_form_data(
    element: DataElement, data: dict[str, Any], user_id: str
) -> bool:
    """Store new form data; returns False when nothing changed."""
    if element.locked:
        raise LockedError(element.id)
    blob = _encode(data)
    digest = hashlib.sha256(blob).hexdigest()
    if digest == element.sha256:
        return False
    now = utcnow()
    element.blob, element.size, element.sha256 = blob, len(blob), digest
    element.last_changed, element.last_changed_by = now, user_id
    element.instance.last_changed, element.instance.last_changed_by = now, user_id
    return True


def add_event(
    session: Session, instance: Instance, event_type: str, user_id: str | None,
    party_id: int | None, process_info: dict[str, Any] | None = None,
) -> InstanceEvent:
    event = InstanceEvent(
        instance=instance, event_type=event_type, user_id=user_id, party_id=party_id,
        process_info=process_info,
    )
    session.add(event)
    return event


def add_attachment(
    session: Session, instance: Instance, data_type: str, *, filename: str, content_type: str,
    blob: bytes, user_id: str, tags: list[str] | None = None,
) -> DataElement:
    """A file attached to the instance, as a data element of `data_type` (Altinn: the id of the
    FileUpload component). The caller has checked name, size and content."""
    now = utcnow()
    element = DataElement(
        instance=instance, data_type=data_type, content_type=content_type, filename=filename,
        size=len(blob), sha256=hashlib.sha256(blob).hexdigest(), blob=blob, tags=tags,
        created=now, created_by=user_id, last_changed=now, last_changed_by=user_id,
    )
    session.add(element)
    instance.last_changed, instance.last_changed_by = now, user_id
    return element


def replace_attachment(element: DataElement, filename: str, content_type: str, blob: bytes,
                       user_id: str) -> None:
    """A file's new content (the caller has checked it); a locked one cannot change."""
    if element.locked:
        raise LockedError(element.id)
    now = utcnow()
    element.filename, element.content_type, element.blob = filename, content_type, blob
    element.size, element.sha256 = len(blob), hashlib.sha256(blob).hexdigest()
    element.last_changed, element.last_changed_by = now, user_id
    element.instance.last_changed, element.instance.last_changed_by = now, user_id


def attachments_for(instance: Instance, data_type: str) -> list[DataElement]:
    """The instance's files of one data type, oldest first."""
    return [d for d in instance.data_elements if d.data_type == data_type]


def delete_attachment(session: Session, element: DataElement, user_id: str) -> None:
    """Remove a file; a locked one (its task has ended) cannot be removed."""
    if element.locked:
        raise LockedError(element.id)
    instance = element.instance
    if element in instance.data_elements:
        instance.data_elements.remove(element)  # delete-orphan: gone at the next flush
    else:
        session.delete(element)
    instance.last_changed, instance.last_changed_by = utcnow(), user_id
