"""Published versions: new instances start on the newest, running ones keep theirs, an app made
in the designer waits for its first publication, and the files stay the draft. On SQLite and
PostgreSQL."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from flask import Flask

from storage import app_versions, db
from storage.app_versions import read_files, unzip_files, zip_files
from tests.conftest import SAMPLE_APPS, login, make_app, start_instance

APP_ID = "ekom/serveringsbevilling"


@pytest.fixture
def app(tmp_path: Path, database_url: str) -> Flask:
    db.upgrade(database_url)
    shutil.copytree(SAMPLE_APPS, tmp_path / "apps")
    return make_app(tmp_path, DATABASE_URL=database_url,
                    BLANKETT_APPS_DIR=str(tmp_path / "apps"))


def texts_file(tmp_path: Path) -> Path:
    return tmp_path / "apps" / "serveringsbevilling" / "App" / "config" / "texts" / \
        "resource.nb.json"


def set_app_name(tmp_path: Path, name: str) -> None:
    file = texts_file(tmp_path)
    content = json.loads(file.read_text(encoding="utf-8"))
    for resource in content["resources"]:
        if resource["id"] == "appName":
            resource["value"] = name
    file.write_text(json.dumps(content, ensure_ascii=False), encoding="utf-8")


def publish_files(app: Flask, tmp_path: Path, note: str | None = None) -> int:
    with app.extensions["blankett.sessions"]() as session:
        version = app_versions.publish(session, APP_ID, read_files(
            tmp_path / "apps" / "serveringsbevilling" / "App"), "test", note)
        session.commit()
        number = version.version
    app.extensions["blankett.apps"].published_changed()
    return number


def test_the_same_files_zip_to_the_same_bytes(tmp_path: Path) -> None:
    files = read_files(SAMPLE_APPS / "serveringsbevilling" / "App")
    assert zip_files(files) == zip_files(dict(reversed(list(files.items()))))
    assert unzip_files(zip_files(files)) == files
    assert "config/applicationmetadata.json" in files


def test_instances_keep_the_version_they_started_on(app: Flask, tmp_path: Path) -> None:
    client = app.test_client()
    login(client)
    assert publish_files(app, tmp_path) == 1
    first = start_instance(client)
    set_app_name(tmp_path, "Ny tittel på tjenesten")
    app.extensions["blankett.apps"].reload()
    # The files are the draft: citizens still get version 1 until it is published.
    assert "Ny tittel på tjenesten" not in client.get("/").get_data(as_text=True)
    assert publish_files(app, tmp_path, "ny tittel") == 2
    assert "Ny tittel på tjenesten" in client.get("/").get_data(as_text=True)
    second = start_instance(client)
    assert "Ny tittel på tjenesten" not in client.get(first).get_data(as_text=True)
    assert "Ny tittel på tjenesten" in client.get(second).get_data(as_text=True)
    with app.extensions["blankett.sessions"]() as session:
        history = app_versions.history(session, APP_ID)
        assert [(v.version, v.note) for v in history] == [(2, "ny tittel"), (1, None)]


def test_an_app_made_in_the_designer_waits_for_its_first_version(app: Flask,
                                                                  tmp_path: Path) -> None:
    client = app.test_client()
    login(client)
    with app.extensions["blankett.sessions"]() as session:
        app_versions.mark_unpublished(session, APP_ID, "test")
        session.commit()
    app.extensions["blankett.apps"].published_changed()
    assert "Søknad om serveringsbevilling" not in client.get("/").get_data(as_text=True)
    assert client.post("/instances", data={"app_id": APP_ID}).status_code == 404
    publish_files(app, tmp_path)
    assert "Søknad om serveringsbevilling" in client.get("/").get_data(as_text=True)
    start_instance(client)


def test_another_process_sees_a_publication(app: Flask, tmp_path: Path,
                                            database_url: str) -> None:
    other = make_app(tmp_path / "other", DATABASE_URL=database_url,
                     BLANKETT_APPS_DIR=str(tmp_path / "apps"))
    other.extensions["blankett.apps"].published_interval = 0
    assert other.extensions["blankett.apps"].get(APP_ID).version is None
    publish_files(app, tmp_path)
    served = other.extensions["blankett.apps"].get(APP_ID)
    assert served.version == 1
    cached = list((Path(other.instance_path) / "app-versions" / APP_ID).glob("1-*"))
    assert len(cached) == 1 and (cached[0] / "App").is_dir()


def test_apps_publish_on_the_command_line(app: Flask, tmp_path: Path) -> None:
    result = app.test_cli_runner().invoke(args=["apps", "publish", APP_ID, "--note", "fra git"])
    assert result.exit_code == 0, result.output
    assert "version 1 published" in result.output
    broken = tmp_path / "apps" / "serveringsbevilling" / "App" / "ui" / "layout-sets.json"
    broken.write_text("{", encoding="utf-8")
    result = app.test_cli_runner().invoke(args=["apps", "publish", APP_ID])
    assert result.exit_code == 1
    assert "layout-sets.json" in result.output
