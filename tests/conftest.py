"""Shared fixtures: an app on a fresh database, a test client, a CLI runner, a signed-in client.

Storage tests run on SQLite and on the PostgreSQL server at 127.0.0.1:5432 (database `test`),
each PostgreSQL test in a schema of its own that is dropped afterwards."""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SHARED_APPS = SHARED / "altinn" / "apps"
SAMPLE_APPS = ROOT / "layouts"
POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


@contextmanager
def postgres_schema(migrated: bool = False) -> Iterator[str]:
    """The URL of a new schema of its own on the PostgreSQL server (migrated to the newest
    revision if asked), dropped afterwards."""
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(POSTGRES_URL)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = f"{POSTGRES_URL}?options=-csearch_path%3D{schema}"
    try:
        if migrated:
            from storage import db

            db.upgrade(url)
        yield url
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database: a SQLite file, or a new schema on the PostgreSQL server."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'blankett.db'}"
        return
    with postgres_schema() as url:
        yield url


@pytest.fixture
def session(database_url: str) -> Iterator[Session]:
    """A session on a freshly migrated database (SQLite and PostgreSQL); a test module may
    define its own `session` instead."""
    from storage import db

    db.upgrade(database_url)
    engine = db.make_engine(database_url)
    with db.session_factory(engine)() as opened:
        yield opened
    engine.dispose()


def make_app(tmp_path: Path, **overrides: Any) -> Flask:
    from app import create_app

    config = {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'blankett.db'}",
        "BLANKETT_APPS_DIR": str(SAMPLE_APPS),
        "WTF_CSRF_ENABLED": False,
    }
    config.update(overrides)
    return create_app(config)


@pytest.fixture
def app(tmp_path: Path) -> Flask:
    return make_app(tmp_path)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    return app.test_cli_runner()


def login(client: FlaskClient, user_id: int = 12345) -> None:
    response = client.post("/login", data={"user_id": str(user_id), "next": "/"})
    assert response.status_code == 303


def start_instance(client: FlaskClient, app_id: str = "ekom/serveringsbevilling") -> str:
    """Start an instance and return the URL of its first page."""
    response = client.post("/instances", data={"app_id": app_id})
    assert response.status_code == 303, response.data
    response = client.get(response.headers["Location"])
    assert response.status_code == 302
    return str(response.headers["Location"])


@pytest.fixture
def copy_app(tmp_path: Path):  # type: ignore[no-untyped-def]
    """Copy an app folder into a fresh apps folder, to change it without touching the original."""

    def _copy(source: Path, name: str | None = None) -> Path:
        target = tmp_path / "apps" / (name or source.name)
        shutil.copytree(source, target)
        return target

    return _copy


# Answers that complete every page of the sample service (a person applying), by page.
SAMPLE_ANSWERS: dict[str, dict[str, str]] = {
    "soker": {"soker.sokertype": "person", "soker.navn": "Kari", "soker.adresse": "Gata 1",
              "soker.postnummer": "0155", "soker.poststed": "Oslo",
              "soker.epost": "kari@example.no", "soker.telefon": "12345678"},
    "serveringssted": {"serveringssted.navn": "Kafé", "serveringssted.adresse": "Torget 2",
                       "serveringssted.postnummer": "0150", "serveringssted.poststed": "Oslo",
                       "serveringssted.type": "kafe",
                       "serveringssted.serveringsform.__present": "1",
                       "serveringssted.serveringsform": "mat",
                       "serveringssted.sitteplasserInne": "40",
                       "serveringssted.planlagtApning": "2030-01-01"},
    "styrer": {"styrer.navn": "Per", "styrer.fodselsdato": "1980-01-01",
               "styrer.telefon": "87654321", "styrer.epost": "per@example.no",
               "styrer.etablererprove": "true", "stedfortreder.navn": "Pål",
               "stedfortreder.fodselsdato": "1985-05-05"},
    "erklaering": {"erklaering.bekreftet.__present": "1", "erklaering.bekreftet": "bekreftet",
                   "erklaering.innsenderNavn": "Kari"},
}


def sample_form_data(app: Flask) -> dict[str, Any]:
    """SAMPLE_ANSWERS as the sample service's form data JSON, typed by its schema (what an
    API client would PUT)."""
    from forms.datamodel import coerce, set_value

    schema = app.extensions["blankett.apps"].get("ekom/serveringsbevilling").schemas["model"]
    data: dict[str, Any] = {}
    for answers in SAMPLE_ANSWERS.values():
        for path, typed in answers.items():
            if not path.endswith(".__present"):
                field = schema.field_type(path)
                set_value(data, path, coerce(typed, field) if field is not None else typed)
    return data
