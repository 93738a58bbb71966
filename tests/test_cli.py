"""`flask --app app db upgrade` brings an empty database (SQLite or PostgreSQL) to the newest
schema, as production deployments run it."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import inspect

from storage import db
from tests.conftest import make_app


def test_db_upgrade_command(tmp_path: Path, database_url: str) -> None:
    engine = db.make_engine(database_url)
    assert "instances" not in inspect(engine).get_table_names()
    # Local mode migrates at start; point the app elsewhere so this database stays empty.
    app = make_app(tmp_path)
    app.config["DATABASE_URL"] = database_url
    result = app.test_cli_runner().invoke(args=["db", "upgrade"])
    assert result.exit_code == 0, result.output
    assert "database at head" in result.output
    assert {"instances", "data_elements", "instance_events"} <= set(
        inspect(engine).get_table_names())
    assert not db.pending_migrations(engine)
    engine.dispose()
