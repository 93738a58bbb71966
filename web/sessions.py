"""Signed-in sessions that the server can end. Flask's session is a signed cookie, which a copy
taken before logout would keep using; so a sign-in also records a random token in the database,
and every request checks that its token is still open and has not been idle too long."""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime, timedelta

from flask import current_app, session

from integrations.register import User
from storage.models import LoginSession
from web.db import db_session

TOKEN_KEY = "sid"
_TOUCH_EVERY = timedelta(minutes=1)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def sign_in(user: User) -> None:
    """A new session for `user`: the old cookie's contents are dropped (fixation, ASVS 7.2.4),
    the chosen language is kept."""
    lang = session.get("lang")
    end()
    session.clear()
    token = secrets.token_urlsafe(32)
    db = db_session()
    db.add(LoginSession(token_hash=_hash(token), user_id=user.user_id))
    db.commit()
    session[TOKEN_KEY] = token
    session["user_id"] = user.user_id
    session["party_id"] = user.party_id
    if lang:
        session["lang"] = lang


def end() -> None:
    """End the current session on the server too, and forget it in the cookie."""
    token = session.get(TOKEN_KEY)
    if token:
        db = db_session()
        row = db.get(LoginSession, _hash(str(token)))
        if row is not None and row.ended is None:
            row.ended = datetime.now(UTC)
            db.commit()
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang


def signed_in_user_id() -> int | None:
    """The user id of a session that is still open, else None."""
    token, user_id = session.get(TOKEN_KEY), session.get("user_id")
    if not token or user_id is None:
        return None
    db = db_session()
    row = db.get(LoginSession, _hash(str(token)))
    now = datetime.now(UTC)
    idle = timedelta(minutes=int(current_app.config.get("SESSION_IDLE_MINUTES", 60)))
    longest = timedelta(hours=int(current_app.config.get("SESSION_MAX_HOURS", 12)))
    if (row is None or row.ended is not None or row.user_id != int(user_id)
            or now - _aware(row.last_seen) > idle or now - _aware(row.created) > longest):
        return None
    if now - _aware(row.last_seen) > _TOUCH_EVERY:
        row.last_seen = now
        db.commit()
    return int(user_id)
