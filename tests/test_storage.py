"""The storage layer against SQLite and the real PostgreSQL server."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect

from storage import db, repository
from storage.models import Instance


@pytest.fixture
def sessions(database_url: str):  # type: ignore[no-untyped-def]
    db.upgrade(database_url)
    engine = db.make_engine(database_url)
    yield db.session_factory(engine)
    engine.dispose()


def test_migrations_create_the_tables(database_url: str) -> None:
    engine = db.make_engine(database_url)
    assert db.pending_migrations(engine)
    db.upgrade(database_url)
    assert not db.pending_migrations(engine)
    tables = set(inspect(engine).get_table_names())
    assert {"instances", "data_elements", "instance_events", "alembic_version"} <= tables
    engine.dispose()


def test_instance_with_form_data_round_trip(sessions) -> None:  # noqa: ANN001
    with sessions() as session:
        instance = repository.create_instance(
            session, app_id="ekom/serveringsbevilling", party_id=512345, user_id="12345",
            task_id="Task_1", form_data_types=["model"])
        session.commit()
        instance_id = instance.id

    with sessions() as session:
        instance = repository.get_instance(session, instance_id)
        assert instance is not None
        assert instance.org == "ekom"
        element = repository.form_data_element(instance, "model")
        assert element is not None and repository.read_form_data(element) == {}
        data = {"soker": {"navn": "Åse Ærlig", "antall": 12}}
        assert repository.save_form_data(element, data, "12345")
        assert not repository.save_form_data(element, data, "12345")  # unchanged
        session.commit()

    with sessions() as session:
        instance = repository.get_instance(session, instance_id)
        assert instance is not None
        element = repository.form_data_element(instance, "model")
        assert element is not None
        assert repository.read_form_data(element) == {"soker": {"navn": "Åse Ærlig", "antall": 12}}
        assert element.size == len(element.blob)
        assert len(element.sha256) == 64
        assert [e.event_type for e in instance.events] == ["Created", "process_StartTask"]


def test_locked_data_cannot_change(sessions) -> None:  # noqa: ANN001
    with sessions() as session:
        instance = repository.create_instance(
            session, app_id="a/b", party_id=1, user_id="1", task_id="Task_1",
            form_data_types=["model"])
        element = repository.form_data_element(instance, "model")
        assert element is not None
        element.locked = True
        with pytest.raises(repository.LockedError):
            repository.save_form_data(element, {"x": 1}, "1")


def test_instances_are_listed_per_party(sessions) -> None:  # noqa: ANN001
    with sessions() as session:
        for party in (1, 1, 2):
            repository.create_instance(session, app_id="a/b", party_id=party, user_id="u",
                                       task_id="Task_1", form_data_types=[])
        session.commit()
        assert len(repository.instances_for_party(session, 1)) == 2
        assert all(isinstance(i, Instance) for i in repository.instances_for_party(session, 2))
