"""Check and publish, history with diffs, rollback and export: an admin publishes the draft as
a new version; new instances start on it while running ones keep theirs."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import login, start_instance
from tests.designer_support import app_root, as_admin, designer_app

BASE = "/designer/ekom/serveringsbevilling"
OLD_TITLE = "Søknad om serveringsbevilling"
NEW_TITLE = "Søknad om skjenkebevilling"


def publishing_app(tmp_path: Path, **overrides: Any) -> Flask:
    """The designer's test app, with published versions unpacked under tmp_path: the
    registry's cache is keyed by app id and version only, so a cache shared between tests
    (the default, in Flask's instance folder) would serve one test's version 2 to another."""
    made = designer_app(tmp_path, **overrides)
    made.extensions["blankett.apps"].published.cache_dir = tmp_path / "app-versions"
    return made


@pytest.fixture
def app(tmp_path: Path) -> Flask:
    return publishing_app(tmp_path)


@pytest.fixture
def admin(app: Flask) -> FlaskClient:
    client = app.test_client()
    as_admin(client)
    return client


def _set_app_name(tmp_path: Path, value: str) -> None:
    """Change the nb appName text in the files, as a developer would in an editor."""
    path = app_root(tmp_path) / "config" / "texts" / "resource.nb.json"
    texts = json.loads(path.read_text(encoding="utf-8"))
    for resource in texts["resources"]:
        if resource["id"] == "appName":
            resource["value"] = value
    path.write_text(json.dumps(texts, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def _publish(admin: FlaskClient, note: str = "") -> str:
    response = admin.post(f"{BASE}/publish", data={"note": note})
    assert response.status_code == 303, response.get_data(as_text=True)
    assert response.headers["Location"] == f"{BASE}/history"
    return admin.get(response.headers["Location"]).get_data(as_text=True)


def test_the_publish_page_shows_the_check_and_the_changes(admin: FlaskClient,
                                                          tmp_path: Path) -> None:
    page = admin.get(f"{BASE}/publish").get_data(as_text=True)
    assert "Ingen feil funnet." in page
    assert "tjenesten er ikke publisert før" in page  # every file is new
    assert "config/applicationmetadata.json" in page
    _publish(admin, "Første")
    _set_app_name(tmp_path, NEW_TITLE)
    page = admin.get(f"{BASE}/publish").get_data(as_text=True)
    assert "Endringer siden versjon 1" in page
    assert "config/texts/resource.nb.json" in page
    assert f'<del class="diff-del">-      &#34;value&#34;: &#34;{OLD_TITLE}&#34;' in page
    assert f'<ins class="diff-add">+      &#34;value&#34;: &#34;{NEW_TITLE}&#34;' in page
    assert "ui/form/layouts/soker.json" not in page  # only what changed


def test_publish_is_refused_while_the_app_has_errors(admin: FlaskClient, tmp_path: Path) -> None:
    settings = app_root(tmp_path) / "ui" / "form" / "Settings.json"
    content = json.loads(settings.read_text(encoding="utf-8"))
    content["pages"]["order"].append("finnes-ikke")
    settings.write_text(json.dumps(content), encoding="utf-8")
    page = admin.get(f"{BASE}/publish").get_data(as_text=True)
    assert "kan ikke publiseres" in page
    assert "<td><code>App/ui/form/Settings.json</code></td>" in page
    assert "<td><code>$.pages.order[6]</code></td>" in page
    assert "page &#39;finnes-ikke&#39; has no file layouts/finnes-ikke.json" in page
    assert 'name="note"' not in page  # no publish button
    response = admin.post(f"{BASE}/publish", data={"note": "x"})
    assert response.status_code == 400
    assert "Tjenesten ble ikke publisert." in response.get_data(as_text=True)
    assert admin.get(f"{BASE}/history").get_data(as_text=True).count("<th scope=\"row\">") == 0


def test_a_too_long_note_is_refused_and_kept(admin: FlaskClient) -> None:
    response = admin.post(f"{BASE}/publish", data={"note": "x" * 501})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "høyst 500 tegn" in page
    assert 'aria-invalid="true"' in page and "x" * 501 in page


def test_publish_makes_the_next_version(admin: FlaskClient, tmp_path: Path) -> None:
    page = _publish(admin, "Første versjon")
    assert "Versjon 1 er publisert." in page
    assert "Første versjon" in page
    assert "Administrator" in page  # who, by name
    # Nothing changed: nothing to publish.
    response = admin.post(f"{BASE}/publish", data={})
    assert response.status_code == 303
    assert "ingenting å publisere" in admin.get(response.headers["Location"]).get_data(
        as_text=True)
    _set_app_name(tmp_path, NEW_TITLE)
    page = _publish(admin, "Ny tittel")
    assert "Versjon 2 er publisert." in page
    assert page.index('<th scope="row">2</th>') < page.index('<th scope="row">1</th>')


def test_a_designer_save_then_publish_comes_after_the_baseline(app: Flask, admin: FlaskClient,
                                                                tmp_path: Path) -> None:
    """The designer's first change of an app served from its files makes the files as they
    were version 1 (web.designer.ensure_baseline); the publish after it is version 2."""
    from flask import g

    from web.designer import designer_app as target_of
    from web.designer import save
    from web.org_roles import ADMIN

    with app.test_request_context():
        from web.context import known_user

        g.user = known_user(ADMIN.local_user_id("ekom"))
        g.admin_orgs = frozenset({"ekom"})
        target = target_of("ekom", "serveringsbevilling")

        def rename(workspace):  # type: ignore[no-untyped-def]
            texts = workspace.read_texts("nb")
            texts["appName"] = {**texts["appName"], "value": NEW_TITLE}
            workspace.write_texts("nb", texts)

        assert save(target, rename)
    history = admin.get(f"{BASE}/history").get_data(as_text=True)
    assert "baseline" in history and '<th scope="row">1</th>' in history
    page = admin.get(f"{BASE}/publish").get_data(as_text=True)
    assert "Endringer siden versjon 1" in page and NEW_TITLE in page
    assert "Versjon 2 er publisert." in _publish(admin)


def test_new_instances_get_the_new_version_running_ones_keep_theirs(
        app: Flask, admin: FlaskClient, tmp_path: Path) -> None:
    _publish(admin, "Første")
    citizen = app.test_client()
    login(citizen)
    old_page = start_instance(citizen)
    assert OLD_TITLE in citizen.get(old_page).get_data(as_text=True)

    _set_app_name(tmp_path, NEW_TITLE)
    assert OLD_TITLE in citizen.get(old_page).get_data(as_text=True)  # the draft is not live
    _publish(admin, "Ny tittel")

    assert OLD_TITLE in citizen.get(old_page).get_data(as_text=True)
    assert NEW_TITLE not in citizen.get(old_page).get_data(as_text=True)
    new_page = start_instance(citizen)
    assert new_page != old_page
    assert NEW_TITLE in citizen.get(new_page).get_data(as_text=True)


def test_a_version_shows_its_changes(admin: FlaskClient, tmp_path: Path) -> None:
    _publish(admin)
    _set_app_name(tmp_path, NEW_TITLE)
    _publish(admin)
    page = admin.get(f"{BASE}/history/2").get_data(as_text=True)
    assert "Endringer fra versjon 1" in page
    assert "config/texts/resource.nb.json" in page
    assert f'<ins class="diff-add">+      &#34;value&#34;: &#34;{NEW_TITLE}&#34;' in page
    assert "resource.en.json" not in page
    first = admin.get(f"{BASE}/history/1").get_data(as_text=True)
    assert "Første versjon: alle filene er nye." in first
    assert "ui/form/layouts/soker.json" in first
    assert admin.get(f"{BASE}/history/9").status_code == 404


def test_rollback_restores_the_files_and_publishes_a_new_version(admin: FlaskClient,
                                                                  tmp_path: Path) -> None:
    root = app_root(tmp_path)
    original = {p.relative_to(root).as_posix(): p.read_bytes()
                for p in root.rglob("*") if p.is_file()}
    _publish(admin)
    _set_app_name(tmp_path, NEW_TITLE)
    (root / "options" / "ekstra.json").write_text('[{"value": "a", "label": "A"}]',
                                                  encoding="utf-8")
    _publish(admin)

    confirm = admin.get(f"{BASE}/history/1/rollback").get_data(as_text=True)
    assert "Upubliserte endringer i utkastet blir erstattet" in confirm
    assert "Ja, gå tilbake til versjon 1" in confirm

    response = admin.post(f"{BASE}/history/1/rollback")
    assert response.status_code == 303
    page = admin.get(response.headers["Location"]).get_data(as_text=True)
    assert "Versjon 3 er publisert." in page
    assert "Tilbake til versjon 1" in page
    now = {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}
    assert now == original  # byte for byte, the extra file gone
    undone = admin.get(f"{BASE}/history/3").get_data(as_text=True)
    assert "Endringer fra versjon 2" in undone
    assert f'<del class="diff-del">-      &#34;value&#34;: &#34;{NEW_TITLE}&#34;' in undone
    assert "options/ekstra.json</code></a></th><td>fjernet" in undone


def test_export_gives_the_draft_or_a_version_as_a_zip(admin: FlaskClient,
                                                      tmp_path: Path) -> None:
    _publish(admin)
    _set_app_name(tmp_path, NEW_TITLE)
    response = admin.get(f"{BASE}/export.zip")
    assert response.status_code == 200
    assert response.mimetype == "application/zip"
    assert 'filename=serveringsbevilling.zip' in response.headers["Content-Disposition"]
    with zipfile.ZipFile(io.BytesIO(response.data)) as archive:
        names = archive.namelist()
        assert "App/config/applicationmetadata.json" in names
        assert NEW_TITLE in archive.read("App/config/texts/resource.nb.json").decode()
    response = admin.get(f"{BASE}/export.zip?version=1")
    with zipfile.ZipFile(io.BytesIO(response.data)) as archive:
        assert OLD_TITLE in archive.read("App/config/texts/resource.nb.json").decode()
    assert admin.get(f"{BASE}/export.zip?version=7").status_code == 404
    assert admin.get(f"{BASE}/export.zip?version=x").status_code == 404


def test_other_people_do_not_reach_publishing(app: Flask) -> None:
    citizen = app.test_client()
    login(citizen)
    assert citizen.get(f"{BASE}/publish").status_code == 404
    assert citizen.post(f"{BASE}/publish").status_code == 404
    assert citizen.get(f"{BASE}/export.zip").status_code == 404
    assert app.test_client().post(f"{BASE}/history/1/rollback").status_code == 302
