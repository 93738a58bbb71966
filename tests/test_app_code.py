"""App code (`App/logic/*.py`): options from an app's own providers, asked with the component's
`queryParameters` and `mapping` as the data is now (in a repeating group row, that row's), the
instance for secure ones, posts checked against them, broken modules reported with file and
reason, and a provider that fails at request time never breaking the page."""

from __future__ import annotations

import json
import logging
import re
import shutil
import time
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient

from forms.app_code import AppCodeError, options
from forms.registry import AppRegistry
from tests.components.conftest import build_app
from tests.conftest import login, make_app, start_instance
from tests.test_pages import stored_data

LOGIC = '''
from forms.app_code import options

KOMMUNER = {"vestland": ["Bergen", "Voss"], "troms": ["Tromsø"]}


@options("kommuner")
def kommuner(language, query):
    return [{"value": k.lower(), "label": k} for k in KOMMUNER.get(query.get("fylke", ""), [])]


@options("fylker")
def fylker(language, query):
    names = {"nb": ("Vestland", "Troms"), "en": ("Vestland county", "Troms county")}[language]
    return [{"value": "vestland", "label": names[0]}, {"value": "troms", "label": names[1]}]


@options("mine-saker", secure=True)
def mine_saker(language, query, instance):
    return [{"value": instance.guid, "label": f"Sak for {instance.party_id}"}]


@options("spor")
def spor(language, query):
    return [{"value": "x", "label": "Spurt med " + ";".join(f"{k}={v}" for k, v in
                                                          sorted(query.items()))}]
'''

SCHEMA = {"sted": {"type": "object", "properties": {
    "fylke": {"type": "string"}, "kommune": {"type": "string"}, "sak": {"type": "string"},
    "spor": {"type": "string"}}},
    "rader": {"type": "array", "items": {"type": "object", "properties": {
        "altinnRowId": {"type": "string"}, "fylke": {"type": "string"},
        "kommune": {"type": "string"}}}}}


def dropdown(comp_id: str, path: str, options_id: str, **extra: Any) -> dict[str, Any]:
    return {"id": comp_id, "type": "Dropdown", "textResourceBindings": {"title": comp_id},
            "dataModelBindings": {"simpleBinding": path}, "optionsId": options_id, **extra}


FYLKE = dropdown("fylke", "sted.fylke", "fylker")
KOMMUNE = dropdown("kommune", "sted.kommune", "kommuner",
                   queryParameters={"fylke": ["dataModel", "sted.fylke"]})


def _client(tmp_path: Path, components: list[dict[str, Any]], logic: str = LOGIC
            ) -> tuple[FlaskClient, str]:
    target = build_app(tmp_path, components, schema_properties=SCHEMA,
                       logic={"options.py": logic})
    client = make_app(tmp_path, BLANKETT_APPS_DIR=str(target.parent)).test_client()
    login(client)
    return client, start_instance(client)


def _options(html: str, name: str) -> list[str]:
    """The option values of the select for data path `name`."""
    select = re.search(rf'<select[^>]* name="{re.escape(name)}"[^>]*>(.*?)</select>', html,
                       re.S)
    assert select, name
    return re.findall(r'<option value="([^"]+)"', select.group(1))


def test_provider_options_follow_the_data_they_are_asked_with(tmp_path: Path) -> None:
    client, page = _client(tmp_path, [FYLKE, KOMMUNE])
    html = client.get(page).get_data(as_text=True)
    assert _options(html, "sted.fylke") == ["vestland", "troms"]
    assert "Vestland</option>" in html
    assert _options(html, "sted.kommune") == []  # no fylke yet: the provider gets fylke=""
    client.post(page, data={"action": "save", "sted.fylke": "vestland"})
    html = client.get(page).get_data(as_text=True)
    assert _options(html, "sted.kommune") == ["bergen", "voss"]
    assert '<option value="vestland" selected>' in html


def test_options_are_asked_for_in_the_persons_language(tmp_path: Path) -> None:
    client, page = _client(tmp_path, [FYLKE])
    client.post("/language", data={"lang": "en", "next": page})
    assert "Vestland county</option>" in client.get(page).get_data(as_text=True)


def test_a_posted_value_the_provider_does_not_offer_is_refused(tmp_path: Path) -> None:
    client, page = _client(tmp_path, [FYLKE, KOMMUNE])
    response = client.post(page, data={"action": "next", "sted.fylke": "troms",
                                       "sted.kommune": "bergen"})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert re.search(r'id="kommune__error"><span class="ds-sr-only">Feil: </span>'
                     r'Velg et av alternativene\.', html)
    assert stored_data(client, page)["sted"] == {"fylke": "troms"}
    response = client.post(page, data={"action": "save", "sted.fylke": "troms",
                                       "sted.kommune": "tromsø"})
    assert response.status_code == 303
    assert stored_data(client, page)["sted"] == {"fylke": "troms", "kommune": "tromsø"}


def test_mapping_sends_the_values_that_are_there(tmp_path: Path) -> None:
    spor = dropdown("spor", "sted.spor", "spor", mapping={"sted.fylke": "f", "sted.sak": "s"},
                    queryParameters={"fast": "verdi"})
    client, page = _client(tmp_path, [FYLKE, spor])
    client.post(page, data={"action": "save", "sted.fylke": "vestland"})
    html = client.get(page).get_data(as_text=True)
    assert "Spurt med f=vestland;fast=verdi</option>" in html  # no sak: not sent at all


def test_in_a_repeating_group_row_the_query_reads_that_row(tmp_path: Path) -> None:
    group = {"id": "rader", "type": "RepeatingGroup", "children": ["rad-fylke", "rad-kommune"],
             "dataModelBindings": {"group": "rader"}, "edit": {"mode": "showAll"},
             "textResourceBindings": {"title": "Rader"}}
    components = [group, dropdown("rad-fylke", "rader.fylke", "fylker"),
                  dropdown("rad-kommune", "rader.kommune", "kommuner",
                           queryParameters={"fylke": ["dataModel", "rader.fylke"]}),
                  dropdown("rad-kommune-gammel", "rader.kommune", "kommuner",
                           mapping={"rader[{0}].fylke": "fylke"})]
    group["children"].append("rad-kommune-gammel")
    target = build_app(tmp_path, components, schema_properties=SCHEMA,
                       logic={"options.py": LOGIC})
    flask_app = make_app(tmp_path, BLANKETT_APPS_DIR=str(target.parent))
    client = flask_app.test_client()
    login(client)
    page = start_instance(client)
    _save_data(flask_app, page, {"rader": [
        {"altinnRowId": "a", "fylke": "troms"}, {"altinnRowId": "b", "fylke": "vestland"}]})
    html = client.get(page).get_data(as_text=True)
    selects = re.findall(r'<select[^>]* name="(rader\[\d\]\.kommune)"[^>]*>(.*?)</select>',
                         html, re.S)
    offered = [(name, re.findall(r'<option value="([^"]+)"', body)) for name, body in selects]
    assert offered == [("rader[0].kommune", ["tromsø"])] * 2 + [
        ("rader[1].kommune", ["bergen", "voss"])] * 2  # queryParameters, then mapping
    response = client.post(page, data={"action": "save", "rader[0].kommune": "voss",
                                       "rader[1].kommune": "voss"})
    assert response.status_code == 422
    assert "Velg et av alternativene." in response.get_data(as_text=True)
    assert stored_data(client, page)["rader"][1]["kommune"] == "voss"
    assert "kommune" not in stored_data(client, page)["rader"][0]


def _save_data(flask_app: Any, page: str, data: dict[str, Any]) -> None:
    from storage import repository
    from web.db import db_session

    with flask_app.app_context():
        instance = repository.get_instance(db_session(), page.split("/")[3])
        element = repository.form_data_element(instance, "model")
        repository.save_form_data(element, data, "12345")
        db_session().commit()


def test_a_secure_provider_gets_the_instance(tmp_path: Path) -> None:
    sak = dropdown("sak", "sted.sak", "mine-saker", secure=True)
    client, page = _client(tmp_path, [sak])
    instance_guid = page.split("/")[3]
    html = client.get(page).get_data(as_text=True)
    assert _options(html, "sted.sak") == [instance_guid]
    assert "Sak for 512345</option>" in html


def test_a_provider_that_fails_leaves_the_page_working(tmp_path: Path,
                                                       caplog: pytest.LogCaptureFixture) -> None:
    broken = LOGIC + '''

@options("feiler")
def feiler(language, query):
    raise RuntimeError("registeret svarer ikke")


@options("rart")
def rart(language, query):
    return [{"value": None, "label": "Ingen verdi"}]
'''
    radios = {"id": "feil", "type": "RadioButtons", "textResourceBindings": {"title": "Feil"},
              "dataModelBindings": {"simpleBinding": "sted.sak"}, "optionsId": "feiler"}
    client, page = _client(tmp_path, [radios, dropdown("rar", "sted.spor", "rart"), FYLKE],
                           logic=broken)
    with caplog.at_level(logging.ERROR):
        response = client.get(page)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert html.count("Valgene kan ikke hentes akkurat nå. Prøv igjen senere.") == 2
    assert re.search(r'<select[^>]* id="rar"[^>]* disabled>', html)  # nothing to post
    assert _options(html, "sted.fylke") == ["vestland", "troms"]  # the rest of the page works
    messages = [r.getMessage() for r in caplog.records]
    assert any("@options('feiler')" in m and "options.py" in m for m in messages)
    assert any("registeret svarer ikke" in (r.exc_text or "") for r in caplog.records)
    assert any("option 0 needs a 'value'" in (r.exc_text or "") for r in caplog.records)


def test_choosing_a_fylke_updates_the_kommune_list_live(tmp_path: Path) -> None:
    client, page = _client(tmp_path, [FYLKE, KOMMUNE])
    html = client.get(page).get_data(as_text=True)
    slot = html[html.index('id="bk_c_fylke"'):html.index('id="bk_c_kommune"')]
    assert 'value="update"' in slot  # without JavaScript: "Oppdater siden" after the fylke
    response = client.post(page, headers={"HX-Request": "true"},
                           data={"action": "live", "sted.fylke": "troms"})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert set(re.findall(r'id="bk_c_([^"]+)"[^>]*hx-swap-oob', html)) == {"kommune"}
    assert _options(html, "sted.kommune") == ["tromsø"]


def test_a_broken_logic_module_refuses_only_its_app(tmp_path: Path) -> None:
    good = build_app(tmp_path / "good", [FYLKE], schema_properties=SCHEMA,
                     logic={"options.py": LOGIC})
    bad = build_app(tmp_path / "bad", [FYLKE], schema_properties=SCHEMA, logic={
        "options.py": LOGIC, "zz_broken.py": "import json\n\nVALUE = json.loads('{')\n",
        "zz_twice.py": "from forms.app_code import options\n\n@options('fylker')\n"
                       "def again(language, query):\n    return []\n",
        "zz_signature.py": "from forms.app_code import data_list\n\n@data_list('x')\n"
                           "def rows(language):\n    return []\n"})
    apps = tmp_path / "apps"
    shutil.copytree(good, apps / "good")
    shutil.copytree(bad, apps / "bad")
    meta = apps / "bad" / "App" / "config" / "applicationmetadata.json"
    meta.write_text(json.dumps({**json.loads(meta.read_text()), "id": "ekom/bad"}))
    runner = make_app(tmp_path).test_cli_runner()
    result = runner.invoke(args=["apps", "check", str(apps)])
    assert result.exit_code == 1
    assert "ok      ekom/serveringsbevilling" in result.output
    assert f"REFUSED {apps / 'bad'}" in result.output
    assert ("error: App/logic/zz_broken.py line 3: could not load: JSONDecodeError: "
            "Expecting property name enclosed in double quotes") in result.output
    assert re.search(r"error: App/logic/zz_twice.py line 3: could not load: AppCodeError: "
                     r"@options\('fylker'\) is registered twice \(first at .*options.py:\d+\)",
                     result.output)
    assert ("App/logic/zz_signature.py line 3: could not load: AppCodeError: @data_list('x') "
            "must decorate a function taking (language, query)") in result.output


SHARED = """
from forms.app_code import options

from . import _shared


@options("valg")
def valg(language, query):
    return [{"value": "x", "label": _shared.LABEL}]
"""


def test_two_apps_modules_of_the_same_name_do_not_meet(tmp_path: Path) -> None:
    apps = tmp_path / "apps"
    for name, label in (("one", "En"), ("two", "To")):
        target = build_app(tmp_path / name, [dropdown("valg", "sted.fylke", "valg")],
                           schema_properties=SCHEMA, logic={
                               "options.py": SHARED, "_shared.py": f"LABEL = {label!r}\n"})
        shutil.copytree(target, apps / name)
        meta = apps / name / "App" / "config" / "applicationmetadata.json"
        meta.write_text(json.dumps({**json.loads(meta.read_text()), "id": f"ekom/{name}"}))
    registry = AppRegistry(apps)
    assert set(registry.apps) == {"ekom/one", "ekom/two"}, registry.refused
    labels = {app_id: app.code.find("options", "valg").function("nb", {})[0]["label"]
              for app_id, app in registry.apps.items()}
    assert labels == {"ekom/one": "En", "ekom/two": "To"}
    assert not list(apps.rglob("__pycache__"))  # no bytecode left in the app folders


def test_a_changed_module_is_loaded_again(tmp_path: Path) -> None:
    target = build_app(tmp_path, [FYLKE], schema_properties=SCHEMA,
                       logic={"options.py": LOGIC})
    registry = AppRegistry(target.parent, watch=True, interval=0)
    app = registry.get("ekom/serveringsbevilling")
    assert app is not None
    assert app.code.find("options", "fylker").function("nb", {})[0]["label"] == "Vestland"
    time.sleep(0.01)
    logic = target / "App" / "logic" / "options.py"
    logic.write_text(LOGIC.replace('("Vestland", "Troms")', '("Vestland fylke", "Troms")'))
    app = registry.get("ekom/serveringsbevilling")
    assert app is not None
    assert app.code.find("options", "fylker").function("nb", {})[0]["label"] == (
        "Vestland fylke")


def test_an_app_folder_without_its_app_level_has_its_logic_too(tmp_path: Path) -> None:
    target = build_app(tmp_path, [FYLKE], schema_properties=SCHEMA,
                       logic={"options.py": LOGIC})
    for item in (target / "App").iterdir():
        shutil.move(str(item), target / item.name)
    (target / "App").rmdir()
    app = AppRegistry(target.parent).get("ekom/serveringsbevilling")
    assert app is not None and app.code.find("options", "fylker") is not None


def test_the_decorators_register_only_while_an_app_is_loaded() -> None:
    with pytest.raises(AppCodeError, match="only while Blankett loads"):
        options("kommuner")(lambda language, query: [])
