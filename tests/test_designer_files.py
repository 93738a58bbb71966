"""The files stay first class: a developer's hand edits and the designer's saves work on the same
files, each keeps the other's work, and the designer rewrites only what it changes."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from designer import stable_json
from tests.designer_support import app_root, as_admin, designer_app

BASE = "/designer/ekom/serveringsbevilling"

HAND_WRITTEN = """{
  // Written by hand, in a developer's own style
  "$schema": "https://altinncdn.no/toolkits/altinn-app-frontend/4/schemas/json/layout/layout.schema.v1.json",
  "data": {"layout": [
    {"id": "vedlegg-tittel", "type": "Header", "size": "L",
     "textResourceBindings": {"title": "Vedlegg"}},
    {"id": "vedlegg-merknad", "type": "TextArea",
     "textResourceBindings": {"title": "Merknad til vedlegget"},
     "dataModelBindings": {"simpleBinding": "soker.navn"}},
  ]}
}
"""


@pytest.fixture
def app(tmp_path: Path) -> Flask:
    return designer_app(tmp_path)


def layouts(tmp_path: Path) -> Path:
    return app_root(tmp_path) / "ui" / "form" / "layouts"


def test_hand_edits_and_designer_saves_keep_each_other(app: Flask, client: FlaskClient,
                                                      tmp_path: Path) -> None:
    as_admin(client)
    # A developer adds a page by hand, with comments and their own layout...
    page_file = layouts(tmp_path) / "vedlegg.json"
    page_file.write_text(HAND_WRITTEN, encoding="utf-8")
    settings_file = app_root(tmp_path) / "ui" / "form" / "Settings.json"
    settings = stable_json.read(settings_file)
    settings["pages"]["order"].append("vedlegg")
    settings_file.write_text(stable_json.dumps(settings), encoding="utf-8")
    app.extensions["blankett.apps"].reload()  # local mode notices within a second by itself
    # ...and the designer shows it.
    editor = client.get(f"{BASE}/form/vedlegg").get_data(as_text=True)
    assert "Merknad til vedlegget" in editor

    # The designer changes another page: the hand-written file keeps every byte.
    others = {p.name: p.read_bytes() for p in layouts(tmp_path).iterdir()}
    response = client.post(f"{BASE}/pages/form/styrer/hidden", data={"hidden": "true"})
    assert response.status_code == 303
    after = {p.name: p.read_bytes() for p in layouts(tmp_path).iterdir()}
    assert [name for name in after if after[name] != others[name]] == ["styrer.json"]
    assert page_file.read_text(encoding="utf-8") == HAND_WRITTEN

    # A save of the hand-written page that changes nothing writes nothing.
    response = client.post(f"{BASE}/form/vedlegg/components/vedlegg-merknad", data={
        "action": "save", "set_id": "form", "page_name": "vedlegg",
        "component_id": "vedlegg-merknad", "id": "vedlegg-merknad"})
    assert response.status_code == 303
    assert page_file.read_text(encoding="utf-8") == HAND_WRITTEN

    # The designer changes the hand-written page: stable form, the developer's component kept.
    response = client.post(f"{BASE}/form/vedlegg/components/vedlegg-merknad", data={
        "action": "save", "set_id": "form", "page_name": "vedlegg",
        "component_id": "vedlegg-merknad", "id": "vedlegg-merknad", "flag.required.mode": "yes"})
    assert response.status_code == 303
    text = page_file.read_text(encoding="utf-8")
    assert text == stable_json.dumps(stable_json.read(page_file))
    layout = stable_json.read(page_file)["data"]["layout"]
    assert [c["id"] for c in layout] == ["vedlegg-tittel", "vedlegg-merknad"]
    assert layout[1]["required"] is True
    assert '    {\n        "id": "vedlegg-merknad",\n        "type": "TextArea",' in text

    # And the developer goes on by hand from the designer's file, then publishes from the
    # command line, as the designer's publish does.
    layout.append({"id": "vedlegg-fil", "type": "Paragraph",
                   "textResourceBindings": {"title": "Legg ved fila"}})
    page_file.write_text(stable_json.dumps({"data": {"layout": layout}}), encoding="utf-8")
    result = app.test_cli_runner().invoke(args=["apps", "publish", "ekom/serveringsbevilling"])
    assert result.exit_code == 0, result.output
    assert "version 2 published" in result.output  # 1 is the files before the designer's change


def test_a_broken_hand_edit_is_reported_and_nothing_is_lost(app: Flask, client: FlaskClient,
                                                            tmp_path: Path) -> None:
    as_admin(client)
    settings = app_root(tmp_path) / "ui" / "form" / "Settings.json"
    good = settings.read_bytes()
    settings.write_text('{"pages": {"order": ["intro", "mangler"]}}', encoding="utf-8")
    # The designer still opens the app, and says what is wrong when asked to save...
    assert client.get(f"{BASE}/form/soker").status_code == 200
    before = {p: p.read_bytes() for p in app_root(tmp_path).rglob("*.json")}
    response = client.post(f"{BASE}/pages/form/styrer/hidden", data={"hidden": "true"},
                           follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "Endringen ble ikke lagret" in page
    assert "App/ui/form/Settings.json" in page and "$.pages.order[1]" in page
    assert {p: p.read_bytes() for p in app_root(tmp_path).rglob("*.json")} == before
    # ...and once the developer mends the file, saves work again.
    settings.write_bytes(good)
    response = client.post(f"{BASE}/pages/form/styrer/hidden", data={"hidden": "true"})
    assert response.status_code == 303
    assert stable_json.read(layouts(tmp_path) / "styrer.json")["data"]["hidden"] is True
