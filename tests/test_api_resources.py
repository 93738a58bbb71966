"""The app resource routes of Altinn's app API (`/{org}/{app}/api/...`) on Altinn's own
frontend-test app: what a client reads is the app as Blankett loaded it."""

from __future__ import annotations

import json
from pathlib import Path

from flask.testing import FlaskClient

from tests.components.conftest import build_app
from tests.conftest import SHARED_APPS, make_app

APP = SHARED_APPS / "frontend-test" / "App"
BASE = "/ttd/frontend-test/api"


def _client(tmp_path: Path) -> FlaskClient:
    return make_app(tmp_path, BLANKETT_APPS_DIR=str(SHARED_APPS)).test_client()


def _file(path: str) -> dict:
    return json.loads((APP / path).read_text(encoding="utf-8-sig"))


def test_metadata_layout_sets_layouts_and_settings(tmp_path: Path) -> None:
    client = _client(tmp_path)
    metadata = client.get(f"{BASE}/v1/applicationmetadata").get_json()
    assert metadata["id"] == "ttd/frontend-test"
    assert metadata["dataTypes"] == _file("config/applicationmetadata.json")["dataTypes"]
    sets = client.get(f"{BASE}/layoutsets").get_json()["sets"]
    assert {"id": "group", "dataType": "nested-group", "tasks": ["Task_3"]} in sets
    layouts = client.get(f"{BASE}/layouts/group").get_json()
    files = sorted(p.stem for p in (APP / "ui/group/layouts").glob("*.json"))
    assert sorted(layouts) == files
    assert layouts["repeating"]["data"]["layout"][0]["id"] == (
        _file("ui/group/layouts/repeating.json")["data"]["layout"][0]["id"])
    settings = client.get(f"{BASE}/layoutsettings/group").get_json()
    assert settings["pages"]["order"] == _file("ui/group/Settings.json")["pages"]["order"]
    assert client.get(f"{BASE}/layouts/nope").status_code == 404
    assert client.get("/ttd/nope/api/layoutsets").status_code == 404


def test_schemas_texts_and_options(tmp_path: Path) -> None:
    client = _client(tmp_path)
    schema = client.get(f"{BASE}/jsonschema/nested-group").get_json()
    assert schema == _file("models/nested-group.schema.json")
    texts = client.get(f"{BASE}/v1/texts/nb").get_json()
    assert texts["language"] == "nb"
    by_id = {t["id"]: t for t in texts["resources"]}
    assert by_id["fileupload-doctype"]["value"] == "Last opp alle vedlegg med kilde {0} her:"
    assert client.get(f"{BASE}/v1/texts/de").status_code == 404
    colors = client.get(f"{BASE}/options/colors").get_json()
    assert [o["value"] for o in colors] == [str(o["value"]) if not isinstance(
        o["value"], str) else o["value"] for o in _file("options/colors.json")]
    assert client.get(f"{BASE}/options/nope").status_code == 404


def test_options_from_the_apps_code_get_the_query(tmp_path: Path) -> None:
    logic = {"kommuner.py": (
        "from forms.app_code import options\n"
        "@options('kommuner')\n"
        "def kommuner(language, query):\n"
        "    fylke = query.get('fylke', '')\n"
        "    return [{'value': f'{fylke}-1', 'label': f'{language}: første i {fylke}'}]\n")}
    target = build_app(tmp_path, [], logic=logic)
    client = make_app(tmp_path, BLANKETT_APPS_DIR=str(target.parent)).test_client()
    found = client.get("/ekom/serveringsbevilling/api/options/kommuner?language=en&fylke=46")
    assert found.get_json() == [{"value": "46-1", "label": "en: første i 46"}]
