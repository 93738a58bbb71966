"""The tables, shaped after Altinn Storage: an instance owned by a party, its data elements
(form data as JSON, attachments as blobs) and its events. And, for production, the people who
have signed in through ID-porten."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    ForeignKey,
    Identity,
    Index,
    Integer,
    LargeBinary,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def utcnow() -> datetime:
    return datetime.now(UTC)


def new_id() -> str:
    return str(uuid.uuid4())


# People's ids start here, far above Altinn localtest's test users (12345, ...) and parties
# (512345, 50001337, ...), so an id never means two things.
PERSON_ID_START = 60_000_000


class Base(DeclarativeBase):
    type_annotation_map = {dict[str, Any]: JSON}


class Instance(Base):
    __tablename__ = "instances"
    __table_args__ = (Index("ix_instances_owner_app", "instance_owner_party_id", "app_id"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    app_id: Mapped[str] = mapped_column(String(200))
    org: Mapped[str] = mapped_column(String(100))
    instance_owner_party_id: Mapped[int] = mapped_column(Integer)
    current_task: Mapped[str | None] = mapped_column(String(200))
    process: Mapped[dict[str, Any]] = mapped_column(default=dict)
    # The page the person last saw, so coming back resumes there.
    last_page: Mapped[str | None] = mapped_column(String(200))
    is_archived: Mapped[bool] = mapped_column(Boolean, default=False)
    created: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    created_by: Mapped[str | None] = mapped_column(String(100))
    last_changed: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_changed_by: Mapped[str | None] = mapped_column(String(100))
    archived: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    soft_deleted: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # When the app owner confirmed it has what it needs (Altinn's `complete`)
    completed_by_owner: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # The published version of the app it started on (storage/app_versions.py), which it keeps
    # to its end; None: the app's files as they are (an app never published in the designer).
    app_version: Mapped[int | None] = mapped_column(Integer)

    data_elements: Mapped[list[DataElement]] = relationship(
        back_populates="instance", cascade="all, delete-orphan", order_by="DataElement.created"
    )
    events: Mapped[list[InstanceEvent]] = relationship(
        back_populates="instance", cascade="all, delete-orphan", order_by="InstanceEvent.created"
    )


class DataElement(Base):
    __tablename__ = "data_elements"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    instance_id: Mapped[str] = mapped_column(
        ForeignKey("instances.id", ondelete="CASCADE"), index=True
    )
    data_type: Mapped[str] = mapped_column(String(200))
    content_type: Mapped[str] = mapped_column(String(200))
    filename: Mapped[str | None] = mapped_column(String(500))
    size: Mapped[int] = mapped_column(Integer, default=0)
    sha256: Mapped[str] = mapped_column(String(64))
    blob: Mapped[bytes] = mapped_column(LargeBinary)
    locked: Mapped[bool] = mapped_column(Boolean, default=False)
    # An attachment's tags (FileUploadWithTag), as Altinn Storage keeps them; None otherwise.
    tags: Mapped[list[str] | None] = mapped_column(JSON)
    created: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    created_by: Mapped[str | None] = mapped_column(String(100))
    last_changed: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_changed_by: Mapped[str | None] = mapped_column(String(100))

    instance: Mapped[Instance] = relationship(back_populates="data_elements")


class InstanceEvent(Base):
    __tablename__ = "instance_events"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    instance_id: Mapped[str] = mapped_column(
        ForeignKey("instances.id", ondelete="CASCADE"), index=True
    )
    event_type: Mapped[str] = mapped_column(String(100))
    created: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    user_id: Mapped[str | None] = mapped_column(String(100))
    party_id: Mapped[int | None] = mapped_column(Integer)
    data_id: Mapped[str | None] = mapped_column(String(36))
    process_info: Mapped[dict[str, Any] | None] = mapped_column(JSON)

    instance: Mapped[Instance] = relationship(back_populates="events")


class OutboxJob(Base):
    """Work that must happen after a commit (a receipt PDF, a hand-off), written in the same
    transaction as the step that causes it, so it is never lost and never runs for a step that
    was rolled back (the transactional outbox). jobs/ hands it to workers and keeps its state:

    pending → (queued →) running → done; a failed attempt goes back to pending with a later
    `run_after`, and to dead when its retries run out (an admin may send it back to pending)."""

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_due", "status", "run_after"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    kind: Mapped[str] = mapped_column(String(100))  # the handler's name (jobs/handlers.py)
    instance_id: Mapped[str] = mapped_column(
        ForeignKey("instances.id", ondelete="CASCADE"), index=True)
    payload: Mapped[dict[str, Any]] = mapped_column(default=dict)
    status: Mapped[str] = mapped_column(String(20), default="pending")
    # Another job that must be done first (the PDF before the hand-off that carries it).
    after_id: Mapped[str | None] = mapped_column(String(36))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    run_after: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # Retries stop this long (JOB_RETRY_HOURS) after this: the job's creation, or the moment a
    # person sent it again.
    retrying_since: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    claimed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_error: Mapped[str | None] = mapped_column(String(2000))
    # What the handler reports (e.g. the hand-off's status at the receiver), shown to people.
    result: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    created: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    finished: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class JobAttempt(Base):
    """One try of an outbox job, kept so case workers see what happened and when."""

    __tablename__ = "job_attempts"

    id: Mapped[int] = mapped_column(Integer, Identity(), primary_key=True)
    job_id: Mapped[str] = mapped_column(ForeignKey("outbox.id", ondelete="CASCADE"), index=True)
    started: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    ended: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    outcome: Mapped[str] = mapped_column(String(20))  # done, retry, waiting, dead
    error: Mapped[str | None] = mapped_column(String(2000))


class Person(Base):
    """Someone who has signed in through ID-porten (production mode). Their id is both
    Blankett's user id and the id of their own party (a person acts for themselves), made on
    their first login and found again by their identifier on every later one.

    `ssn` is the fødselsnummer from ID-porten's `pid` claim; with a provider that has no `pid`
    (see web/oidc.py) it holds the provider's `sub` instead."""

    __tablename__ = "people"
    __table_args__ = (UniqueConstraint("ssn", name="uq_people_ssn"),)

    id: Mapped[int] = mapped_column(
        Integer, Identity(start=PERSON_ID_START), primary_key=True)
    ssn: Mapped[str] = mapped_column(String(255))
    name: Mapped[str | None] = mapped_column(String(500))
    created: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_login: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class LoginSession(Base):
    """A signed-in session. The browser's cookie holds a random token; only its SHA-256 is kept
    here, so logging out (or an administrator) can end a session on the server (ASVS 7.4.1)."""

    __tablename__ = "login_sessions"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(Integer, index=True)
    created: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_seen: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    ended: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class AppVersion(Base):
    """A published version of an app: every file of its definition, as a zip of Altinn's
    folder layout, frozen. New instances use an app's newest version; each instance keeps the
    version it started on (Instance.app_version). Written by the designer's publish."""

    __tablename__ = "app_versions"
    __table_args__ = (UniqueConstraint("app_id", "version", name="uq_app_versions"),)

    id: Mapped[int] = mapped_column(Integer, Identity(), primary_key=True)
    app_id: Mapped[str] = mapped_column(String(200))
    version: Mapped[int] = mapped_column(Integer)
    files: Mapped[bytes] = mapped_column(LargeBinary)  # a zip, paths under App/
    sha256: Mapped[str] = mapped_column(String(64))  # of the files, to tell versions apart
    note: Mapped[str | None] = mapped_column(String(500))
    created: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    created_by: Mapped[str | None] = mapped_column(String(100))


class UnpublishedApp(Base):
    """An app made in the designer that has not been published yet: its files exist, but
    citizens must not see it until its first version."""

    __tablename__ = "unpublished_apps"

    app_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    created: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    created_by: Mapped[str | None] = mapped_column(String(100))
