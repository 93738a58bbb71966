"""The designer's pages, the components on a page, the palette and the live preview, driven as an
admin drives them (form posts) and checked in the HTML and in the files written."""

from __future__ import annotations

import json
import re
import shutil
from html import unescape
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from designer import stable_json
from tests.conftest import SHARED_APPS, login
from tests.designer_support import app_root, as_admin, designer_app, read_json

BASE = "/designer/ekom/serveringsbevilling"



def _app(tmp_path: Path, **overrides: Any) -> Flask:
    app = designer_app(tmp_path, **overrides)
    return app


@pytest.fixture
def app(tmp_path: Path) -> Flask:
    return _app(tmp_path)


@pytest.fixture
def admin(client: FlaskClient) -> FlaskClient:
    as_admin(client)
    return client


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return app_root(tmp_path)


def layouts(root: Path) -> Path:
    return root / "ui" / "form" / "layouts"


def order(root: Path) -> list[str]:
    return list(read_json(root / "ui" / "form" / "Settings.json")["pages"]["order"])


def layout(root: Path, page: str) -> list[dict[str, Any]]:
    return list(read_json(layouts(root) / f"{page}.json")["data"]["layout"])


def ids(root: Path, page: str) -> list[str]:
    return [c["id"] for c in layout(root, page)]


def component(root: Path, page: str, component_id: str) -> dict[str, Any]:
    return next(c for c in layout(root, page) if c["id"] == component_id)


def texts(root: Path, lang: str = "nb") -> dict[str, str]:
    resources = read_json(root / "config" / "texts" / f"resource.{lang}.json")["resources"]
    return {r["id"]: r["value"] for r in resources}


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}


def html_of(response: Any) -> str:
    return str(response.get_data(as_text=True))


# --- the app's pages ----------------------------------------------------------------------

def test_the_app_home_lists_pages_in_their_order_with_their_actions(admin: FlaskClient) -> None:
    response = admin.get(f"{BASE}/")
    assert response.status_code == 200
    html = html_of(response)
    titles = ["Introduksjon", "Søker", "Serveringssted", "Styrer", "Erklæring", "Send inn"]
    positions = [html.index(f">{t}</a>") for t in titles]
    assert positions == sorted(positions)
    assert f'href="{BASE}/form/soker"' in html
    assert 'Flytt opp<span class="ds-sr-only"> «Søker»</span>' in html
    assert 'Flytt ned<span class="ds-sr-only"> «Søker»</span>' in html
    assert 'Flytt opp<span class="ds-sr-only"> «Introduksjon»</span>' not in html  # first
    assert f'href="{BASE}/pages/form/soker/delete"' in html
    assert '<label class="ds-label" for="form--hidden-soker">' in html
    ids_in_page = re.findall(r'\bid="([^"]+)"', html)
    assert len(ids_in_page) == len(set(ids_in_page))


def test_add_a_page(admin: FlaskClient, root: Path) -> None:
    response = admin.post(f"{BASE}/pages/form/add", data={"name": "vedlegg", "title": "Vedlegg"})
    assert response.status_code == 303
    assert order(root)[-1] == "vedlegg"
    page = layout(root, "vedlegg")
    assert page == [{"id": "vedlegg-header1", "type": "Header", "size": "L",
                     "textResourceBindings": {"title": "vedlegg"}},
                    {"id": "vedlegg-buttons1", "type": "NavigationButtons",
                     "showBackButton": True}]
    assert texts(root)["vedlegg"] == "Vedlegg"
    html = html_of(admin.get(f"{BASE}/"))
    assert ">Vedlegg</a>" in html
    assert "Endringen er lagret i utkastet." in html
    preview = html_of(admin.get(f"{BASE}/preview/form/vedlegg?lang=nb"))
    assert "Vedlegg" in preview


@pytest.mark.parametrize(("name", "title", "field", "message"), [
    ("ny side", "Ny", "form--name", "Navnet kan bare ha bokstaver (a–z), tall, - og _."),
    ("../x", "Ny", "form--name", "Navnet kan bare ha bokstaver"),
    ("Soker", "Ny", "form--name", "Det finnes allerede en side som heter «Soker»."),
    ("", "Ny", "form--name", "Skriv et navn på siden."),
    ("ny", " ", "form--title", "Skriv en overskrift for siden."),
])
def test_a_bad_new_page_is_refused_beside_its_field(admin: FlaskClient, root: Path, name: str,
                                                     title: str, field: str,
                                                     message: str) -> None:
    before = snapshot(root)
    response = admin.post(f"{BASE}/pages/form/add", data={"name": name, "title": title})
    assert response.status_code == 400
    html = html_of(response)
    assert message in html
    assert f'id="{field}-error"' in html
    assert re.search(rf'id="{field}"[^>]*aria-describedby="[^"]*{field}-error"'
                     rf'[^>]* aria-invalid="true"', html)
    assert f'value="{title}"' in html  # what was typed is kept
    assert snapshot(root) == before


def test_rename_a_page_updates_the_order_texts_and_summaries(admin: FlaskClient,
                                                             root: Path) -> None:
    summary = {"id": "oppsummering-styrer", "type": "Summary2",
               "target": {"type": "page", "id": "styrer"}}
    content = read_json(layouts(root) / "oppsummering.json")
    content["data"]["layout"].append(summary)
    (layouts(root) / "oppsummering.json").write_text(json.dumps(content, indent=2))
    untouched = (layouts(root) / "soker.json").read_bytes()

    response = admin.post(f"{BASE}/pages/form/styrer/rename", data={"new_name": "daglig_leder"})
    assert response.status_code == 303
    assert not (layouts(root) / "styrer.json").exists()
    assert ids(root, "daglig_leder")[0] == "styrer-navbar"
    assert order(root) == ["intro", "soker", "serveringssted", "daglig_leder", "erklaering",
                           "oppsummering"]
    assert component(root, "oppsummering", "oppsummering-styrer")["target"] == {
        "type": "page", "id": "daglig_leder"}
    assert texts(root)["daglig_leder"] == "Styrer"
    assert texts(root, "en")["daglig_leder"] == texts(root, "en")["styrer"]
    assert (layouts(root) / "soker.json").read_bytes() == untouched
    assert admin.get(f"{BASE}/form/daglig_leder").status_code == 200


def test_rename_to_a_taken_name_is_refused(admin: FlaskClient, root: Path) -> None:
    before = snapshot(root)
    response = admin.post(f"{BASE}/pages/form/styrer/rename", data={"new_name": "soker"})
    assert response.status_code == 400
    html = html_of(response)
    assert "Det finnes allerede en side som heter «soker»." in html
    assert 'id="form--rename-styrer-error"' in html
    assert snapshot(root) == before


def test_reorder_pages_with_buttons(admin: FlaskClient, root: Path) -> None:
    admin.post(f"{BASE}/pages/form/styrer/move", data={"direction": "up"})
    assert order(root)[2:4] == ["styrer", "serveringssted"]
    admin.post(f"{BASE}/pages/form/intro/move", data={"direction": "down"})
    assert order(root)[:2] == ["soker", "intro"]
    admin.post(f"{BASE}/pages/form/soker/move", data={"direction": "up"})  # first already
    assert order(root)[:2] == ["soker", "intro"]


def test_delete_a_page_after_confirming(admin: FlaskClient, root: Path) -> None:
    page = html_of(admin.get(f"{BASE}/pages/form/styrer/delete"))
    assert "Slette siden «Styrer»?" in page
    assert "Ja, slett siden" in page
    assert (layouts(root) / "styrer.json").exists()  # asking deletes nothing
    response = admin.post(f"{BASE}/pages/form/styrer/delete")
    assert response.status_code == 303
    assert not (layouts(root) / "styrer.json").exists()
    assert "styrer" not in order(root)
    assert admin.get(f"{BASE}/form/styrer").status_code == 404


def test_hide_a_page_with_an_expression(admin: FlaskClient, root: Path) -> None:
    expression = '["equals", ["dataModel", "soker.sokertype"], "person"]'
    response = admin.post(f"{BASE}/pages/form/styrer/hidden", data={"hidden": expression})
    assert response.status_code == 303
    data = read_json(layouts(root) / "styrer.json")["data"]
    assert data["hidden"] == ["equals", ["dataModel", "soker.sokertype"], "person"]
    assert "Når uttrykket er sant" in html_of(admin.get(f"{BASE}/"))
    admin.post(f"{BASE}/pages/form/styrer/hidden", data={"hidden": "true"})
    assert read_json(layouts(root) / "styrer.json")["data"]["hidden"] is True
    admin.post(f"{BASE}/pages/form/styrer/hidden", data={"hidden": ""})
    assert "hidden" not in read_json(layouts(root) / "styrer.json")["data"]


@pytest.mark.parametrize(("typed", "message"), [
    ('["equals", ["dataModel", "a"]', "Dette er ikke gyldig JSON"),
    ('"ja"', "Skriv true, false eller et uttrykk"),
    ('["nosuchfunction", 1]', 'Uttrykket virker ikke: Function "nosuchfunction" not implemented'),
    ('["equals", 1]', "Uttrykket virker ikke"),
])
def test_a_bad_hiding_expression_is_refused(admin: FlaskClient, root: Path, typed: str,
                                            message: str) -> None:
    before = snapshot(root)
    response = admin.post(f"{BASE}/pages/form/styrer/hidden", data={"hidden": typed})
    assert response.status_code == 400
    html = html_of(response)
    assert message in unescape(html)
    assert 'id="form--hidden-styrer-error"' in html
    assert "<details class=\"designer-pages-details\" open>" in html
    assert snapshot(root) == before


# --- components on a page -----------------------------------------------------------------

def test_the_page_editor_nests_components_in_their_groups(admin: FlaskClient) -> None:
    response = admin.get(f"{BASE}/form/styrer")
    assert response.status_code == 200
    html = html_of(response)
    group = html.index('id="component-styrer-group"')
    child = html.index('id="component-styrer-navn"')
    assert group < child
    assert html.index("</ul>", group) > child  # the child's list is inside the group's item
    assert "Flytt ut av «" in html
    assert '<label class="ds-label" for="target_page-styrer-navn">' in html
    assert '<iframe src="/designer/ekom/serveringsbevilling/preview/form/styrer?lang=nb"' in html
    assert 'title="Forhåndsvisning av siden «Styrer» (Bokmål)"' in html
    ids_in_page = re.findall(r'\bid="([^"]+)"', html)
    assert len(ids_in_page) == len(set(ids_in_page))


def test_the_palette_lists_every_supported_type_once(admin: FlaskClient) -> None:
    from forms.components import REGISTRY

    html = html_of(admin.get(f"{BASE}/form/styrer"))
    select = html[html.index('id="palette-type"'):]
    select = select[:select.index("</select>")]
    offered = re.findall(r'<option value="([^"]+)"', select)
    expected = sorted({cls.type_name for cls in REGISTRY.values() if cls.supported},
                      key=str.lower)
    assert offered == expected
    assert "Heading" not in offered  # an alias of Header
    assert "Group – A labelled set of components" in select


def test_add_an_unbound_input_and_see_it_in_the_preview(admin: FlaskClient,
                                                        root: Path) -> None:
    response = admin.post(f"{BASE}/pages/form/styrer/components",
                          data={"type": "Input", "component_id": "styrer-kallenavn",
                                "label": "Kallenavn"})
    assert response.status_code == 303
    assert component(root, "styrer", "styrer-kallenavn") == {
        "id": "styrer-kallenavn", "type": "Input",
        "textResourceBindings": {"title": "styrer.styrer-kallenavn.title"}}
    assert ids(root, "styrer")[-1] == "styrer-kallenavn"
    assert texts(root)["styrer.styrer-kallenavn.title"] == "Kallenavn"
    preview = admin.get(f"{BASE}/preview/form/styrer?lang=nb")
    assert preview.status_code == 200
    html = html_of(preview)
    assert re.search(r'<label[^>]*for="styrer-kallenavn"[^>]*>\s*Kallenavn', html)
    editor = html_of(admin.get(f"{BASE}/form/styrer"))
    assert "Rediger «Kallenavn»" in editor


def test_add_a_component_into_a_group_with_a_proposed_id(admin: FlaskClient,
                                                         root: Path) -> None:
    editor = html_of(admin.get(f"{BASE}/form/styrer"))
    proposed = re.search(r'id="palette-component_id" name="component_id" value="([^"]+)"',
                         editor)
    assert proposed is not None and proposed.group(1) == "styrer-field1"
    admin.post(f"{BASE}/pages/form/styrer/components",
               data={"type": "TextArea", "component_id": proposed.group(1),
                     "label": "Merknad", "group": "styrer-group"})
    assert component(root, "styrer", "styrer-group")["children"][-1] == "styrer-field1"
    admin.post(f"{BASE}/pages/form/styrer/components",
               data={"type": "Divider", "component_id": "", "label": ""})
    assert component(root, "styrer", "divider1") == {"id": "divider1", "type": "Divider"}


@pytest.mark.parametrize(("form", "field", "message"), [
    ({"type": "Input", "component_id": "soker-navn", "label": "X"}, "palette-component_id",
     "Id-en «soker-navn» er allerede brukt på siden «soker»."),
    ({"type": "Input", "component_id": "navn-1", "label": "X"}, "palette-component_id",
     "ikke slutte på - og et tall"),
    ({"type": "Input", "component_id": "ny-ting", "label": ""}, "palette-label",
     "Skriv en ledetekst."),
    ({"type": "Heading", "component_id": "ny-ting", "label": "X"}, "palette-type",
     "Velg en type fra listen."),
    ({"type": "Input", "component_id": "ny-ting", "label": "X", "group": "styrer-navn"},
     "palette-group", "Velg en gruppe på siden."),
])
def test_a_bad_new_component_is_refused(admin: FlaskClient, root: Path, form: dict[str, str],
                                        field: str, message: str) -> None:
    before = snapshot(root)
    response = admin.post(f"{BASE}/pages/form/styrer/components", data=form)
    assert response.status_code == 400
    html = html_of(response)
    assert message in html
    assert f'id="{field}-error"' in html
    assert f'value="{form["component_id"]}"' in html
    assert snapshot(root) == before


def test_move_components_within_their_lists(admin: FlaskClient, root: Path) -> None:
    url = f"{BASE}/pages/form/styrer/components"
    admin.post(f"{url}/styrer-paragraph/move", data={"action": "up"})
    assert ids(root, "styrer")[:3] == ["styrer-navbar", "styrer-paragraph", "styrer-header"]
    admin.post(f"{url}/styrer-header/move", data={"action": "down"})
    # the next top-level component is the group; its children stay where they are listed
    assert ids(root, "styrer")[1:4] == ["styrer-paragraph", "styrer-group", "styrer-header"]
    admin.post(f"{url}/styrer-telefon/move", data={"action": "up"})
    assert component(root, "styrer", "styrer-group")["children"][:3] == [
        "styrer-navn", "styrer-telefon", "styrer-fodselsdato"]


def test_move_into_and_out_of_a_group(admin: FlaskClient, root: Path) -> None:
    url = f"{BASE}/pages/form/styrer/components"
    admin.post(f"{url}/styrer-navn/move", data={"action": "out"})
    assert "styrer-navn" not in component(root, "styrer", "styrer-group")["children"]
    listed = ids(root, "styrer")
    assert listed.index("styrer-navn") == listed.index("styrer-group") + 1
    admin.post(f"{url}/styrer-paragraph/move", data={"action": "into-group",
                                                     "group": "styrer-group"})
    assert component(root, "styrer", "styrer-group")["children"][-1] == "styrer-paragraph"
    before = snapshot(root)
    response = admin.post(f"{url}/styrer-group/move", data={"action": "into-group",
                                                            "group": "styrer-group"})
    assert response.status_code == 400
    assert "En gruppe kan ikke legges i seg selv." in html_of(response)
    assert snapshot(root) == before


def test_move_a_group_to_another_page_with_its_children(admin: FlaskClient,
                                                        root: Path) -> None:
    response = admin.post(f"{BASE}/pages/form/styrer/components/styrer-group/move",
                          data={"action": "to-page", "target_page": "erklaering"})
    assert response.status_code == 303
    moved = ids(root, "erklaering")
    assert "styrer-group" in moved and "styrer-navn" in moved
    assert not set(ids(root, "styrer")) & {"styrer-group", "styrer-navn", "styrer-epost"}


def test_delete_a_component_after_confirming(admin: FlaskClient, root: Path) -> None:
    url = f"{BASE}/pages/form/styrer/components/styrer-telefon/delete"
    page = html_of(admin.get(url))
    assert "Ja, slett komponenten" in page
    assert "styrer-telefon" in ids(root, "styrer")
    assert admin.post(url).status_code == 303
    assert "styrer-telefon" not in ids(root, "styrer")
    assert "styrer-telefon" not in component(root, "styrer", "styrer-group")["children"]


def test_delete_a_group_deletes_what_it_holds(admin: FlaskClient, root: Path) -> None:
    url = f"{BASE}/pages/form/styrer/components/styrer-group/delete"
    assert "styrer-navn" in html_of(admin.get(url))
    admin.post(url)
    assert not set(ids(root, "styrer")) & {"styrer-group", "styrer-navn", "styrer-epost"}


def test_multipage_group_children_keep_their_page_numbers(tmp_path: Path) -> None:
    apps = tmp_path / "apps"
    shutil.copytree(SHARED_APPS / "frontend-test", apps / "frontend-test")
    app = _app(tmp_path, APP_ADMINS="ttd:12345")
    client = app.test_client()
    login(client, 12345)
    base = "/designer/ttd/frontend-test"
    file = apps / "frontend-test" / "App" / "ui" / "group" / "layouts" / "repeating.json"

    def children() -> list[str]:
        raw = stable_json.read(file)["data"]["layout"]
        return next(c for c in raw if c["id"] == "mainGroup")["children"]

    before = children()
    assert "1:mainUploaderSingle" in before
    editor = client.get(f"{base}/group/repeating")
    assert editor.status_code == 200
    assert 'id="component-mainUploaderSingle"' in html_of(editor)
    client.post(f"{base}/pages/group/repeating/components/mainUploaderSingle/move",
                data={"action": "up"})
    after = children()
    assert after.index("1:mainUploaderSingle") == before.index("1:mainUploaderSingle") - 1
    client.post(f"{base}/pages/group/repeating/components/mainUploaderMulti/delete")
    assert "1:mainUploaderMulti" not in children()


# --- the preview ------------------------------------------------------------------------------

def test_the_preview_may_be_framed_by_the_designer_only(admin: FlaskClient) -> None:
    response = admin.get(f"{BASE}/preview/form/soker?lang=en")
    assert response.status_code == 200
    assert response.headers["X-Frame-Options"] == "SAMEORIGIN"
    policy = response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'self'" in policy and "'none'" not in policy.split(
        "frame-ancestors")[1]
    assert "script-src 'self'" in policy
    html = html_of(response)
    assert '<html lang="en"' in html
    assert f'action="{BASE}/preview/form/soker?lang=en"' in html  # links stay in the preview
    editor = admin.get(f"{BASE}/form/soker")
    assert "frame-ancestors 'none'" in editor.headers["Content-Security-Policy"]


def test_the_preview_buttons_move_between_preview_pages(admin: FlaskClient) -> None:
    response = admin.post(f"{BASE}/preview/form/soker?lang=nn", data={"action": "next"})
    assert response.status_code == 303
    assert response.headers["Location"] == f"{BASE}/preview/form/serveringssted?lang=nn"


def test_the_preview_language_is_chosen_apart_from_the_editor(admin: FlaskClient) -> None:
    html = html_of(admin.get(f"{BASE}/form/soker?preview_lang=en"))
    assert '<html lang="nb"' in html
    assert 'src="/designer/ekom/serveringsbevilling/preview/form/soker?lang=en"' in html
    assert "(Engelsk)" in html


# --- who, and untouched bytes ----------------------------------------------------------------

def test_an_admin_of_another_org_gets_404(tmp_path: Path, root: Path) -> None:
    app = _app(tmp_path, APP_ADMINS="ttd:12345")
    client = app.test_client()
    login(client, 12345)  # admin for ttd only
    before = snapshot(root)
    assert client.get(f"{BASE}/").status_code == 404
    assert client.get(f"{BASE}/form/soker").status_code == 404
    assert client.get(f"{BASE}/preview/form/soker").status_code == 404
    assert client.post(f"{BASE}/pages/form/add",
                       data={"name": "x", "title": "X"}).status_code == 404
    assert client.post(f"{BASE}/pages/form/soker/components/soker-navn/delete"
                       ).status_code == 404
    assert snapshot(root) == before


def test_a_change_to_one_page_leaves_every_other_file_byte_for_byte(admin: FlaskClient,
                                                                    root: Path) -> None:
    hand_made = ('// written by hand\n{"data": {"layout": [\n'
                 '  {"id": "styrer-navbar", "type": "NavigationBar"}, // the bar\n'
                 '  {"type": "Header", "id": "styrer-header", "size": "L",\n'
                 '   "textResourceBindings": {"title": "styrer.header.title"}},\n'
                 ']}}\n')
    (layouts(root) / "styrer.json").write_text(hand_made, encoding="utf-8")
    before = snapshot(root)
    admin.post(f"{BASE}/pages/form/soker/components/soker-paragraph/move", data={"action": "up"})
    after = snapshot(root)
    changed = {name for name in after if after[name] != before.get(name)}
    assert changed == {"ui/form/layouts/soker.json"}
    # a save that changes nothing writes nothing, hand formatting and comments included
    admin.post(f"{BASE}/pages/form/styrer/components/styrer-navbar/move", data={"action": "up"})
    admin.post(f"{BASE}/pages/form/styrer/hidden", data={"hidden": ""})
    admin.post(f"{BASE}/pages/form/intro/move", data={"direction": "up"})
    assert snapshot(root) == after
    assert (layouts(root) / "styrer.json").read_text(encoding="utf-8") == hand_made


def test_rename_in_a_real_altinn_app_updates_its_settings(tmp_path: Path) -> None:
    apps = tmp_path / "apps"
    shutil.copytree(SHARED_APPS / "frontend-test", apps / "frontend-test")
    client = _app(tmp_path, APP_ADMINS="ttd:12345").test_client()
    login(client, 12345)
    group = apps / "frontend-test" / "App" / "ui" / "group"
    response = client.post("/designer/ttd/frontend-test/pages/group/summary/rename",
                           data={"new_name": "oversikt"})
    assert response.status_code == 303
    settings = stable_json.read(group / "Settings.json")
    assert settings["pages"]["order"][-1] == "oversikt"
    assert settings["pages"]["excludeFromPdf"] == ["oversikt"]
    assert settings["components"] == {"excludeFromPdf": []}
    assert (group / "layouts" / "oversikt.json").is_file()
    assert client.get("/designer/ttd/frontend-test/group/oversikt").status_code == 200
