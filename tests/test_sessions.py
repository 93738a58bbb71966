"""Logging out ends the session on the server: a copy of the cookie taken before is worthless,
and a session left idle too long ends by itself."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from flask import Flask

from tests.conftest import login, make_app, start_instance


def _cookie(client) -> str:  # type: ignore[no-untyped-def]
    cookie = client.get_cookie("session")
    assert cookie is not None
    return str(cookie.value)


def test_a_cookie_copied_before_logout_does_not_work_after(app: Flask) -> None:
    client = app.test_client()
    login(client)
    first = start_instance(client)
    stolen = _cookie(client)
    client.post("/logout")
    thief = app.test_client()
    thief.set_cookie("session", stolen)
    assert thief.get(first).status_code == 401
    assert "Logg inn" in thief.get("/").get_data(as_text=True)


def test_a_new_login_gets_a_new_session(app: Flask) -> None:
    client = app.test_client()
    login(client)
    before = _cookie(client)
    login(client, 2002)
    other = app.test_client()
    other.set_cookie("session", before)
    assert "Ola Nordmann" not in other.get("/").get_data(as_text=True)


def test_an_idle_session_ends(tmp_path: Path) -> None:
    app = make_app(tmp_path, SESSION_IDLE_MINUTES=30)
    client = app.test_client()
    login(client)
    first = start_instance(client)
    assert client.get(first).status_code == 200
    from storage.models import LoginSession
    from web.db import db_session

    with app.app_context():
        db = db_session()
        for row in db.query(LoginSession):
            row.last_seen = datetime.now(UTC) - timedelta(minutes=31)
        db.commit()
    assert client.get(first).status_code == 401
