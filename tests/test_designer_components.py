"""A component's property panel in the designer: generated from the component declarations,
saving texts, bindings (to existing and new data model fields), hidden/required as values or
expressions and declared properties, refusing bad input field by field, checking expressions
with the runtime's engine, and leaving untouched files byte for byte as they were."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, ClassVar

import pytest
from flask import Flask
from flask.testing import FlaskClient

from forms.components.base import REGISTRY, Component, Prop, register
from tests.designer_support import app_root, as_admin, designer_app, read_json

BASE = "/designer/ekom/serveringsbevilling"
PAGE = f"{BASE}/form/soker"
CHECK = f"{BASE}/expression-check"


@pytest.fixture
def app(tmp_path: Path) -> Flask:
    return designer_app(tmp_path)


@pytest.fixture
def admin(client: FlaskClient) -> FlaskClient:
    as_admin(client)
    return client


class _Form(HTMLParser):
    """The values a browser would post from the page's first POST form, as shown."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.values: dict[str, str] = {}
        self._in_form = False
        self._done = False
        self._textarea: str | None = None
        self._text = ""
        self._select: str | None = None
        self._first_option: str | None = None
        self._chosen = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if self._done:
            return
        if tag == "form" and a.get("method") == "post":
            self._in_form = True
        if not self._in_form:
            return
        if tag == "input" and a.get("name"):
            kind = a.get("type", "text")
            if kind in ("radio", "checkbox"):
                if "checked" in a:
                    self.values[a["name"]] = a.get("value", "on")
            else:
                self.values[a["name"]] = a.get("value", "")
        elif tag == "textarea":
            self._textarea, self._text = a["name"], ""
        elif tag == "select":
            self._select, self._first_option, self._chosen = a["name"], None, False
        elif tag == "option" and self._select:
            if self._first_option is None:
                self._first_option = a.get("value", "")
            if "selected" in a:
                self.values[self._select] = a.get("value", "")
                self._chosen = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "form" and self._in_form:
            self._in_form, self._done = False, True
        elif tag == "textarea" and self._textarea:
            text = self._text[1:] if self._text.startswith("\n") else self._text
            self.values[self._textarea] = text.replace("\n", "\r\n")  # as browsers post it
            self._textarea = None
        elif tag == "select" and self._select:
            if not self._chosen:
                self.values[self._select] = self._first_option or ""
            self._select = None

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self._text += data


def form_of(client: FlaskClient, url: str) -> dict[str, str]:
    response = client.get(url)
    assert response.status_code == 200, response.data
    parser = _Form()
    parser.feed(response.get_data(as_text=True))
    return parser.values


def post(client: FlaskClient, url: str, **changes: str) -> Any:
    """Post the panel as shown, with `changes` (dots in names written as __)."""
    values = form_of(client, url)
    values.update({k.replace("__", "."): v for k, v in changes.items()})
    values["action"] = values.get("action", "save")
    return client.post(url, data=values)


def files(tmp_path: Path) -> dict[str, bytes]:
    root = app_root(tmp_path)
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*")
            if p.is_file()}


def page_json(tmp_path: Path, page: str = "soker") -> dict[str, Any]:
    data: dict[str, Any] = read_json(app_root(tmp_path) / f"ui/form/layouts/{page}.json")
    return data


def component(tmp_path: Path, component_id: str, page: str = "soker") -> dict[str, Any]:
    found: dict[str, Any] = next(c for c in page_json(tmp_path, page)["data"]["layout"]
                                 if c["id"] == component_id)
    return found


def texts(tmp_path: Path, lang: str) -> dict[str, str]:
    content = read_json(app_root(tmp_path) / f"config/texts/resource.{lang}.json")
    return {r["id"]: r["value"] for r in content["resources"]}


# ---- the panel is made from the declarations ------------------------------------------------


def test_the_panel_shows_each_types_declared_properties(admin: FlaskClient) -> None:
    page = admin.get(f"{PAGE}/components/soker-navn").get_data(as_text=True)
    assert "Egenskaper for «soker-navn»" in page
    for name in ("prop.maxLength", "prop.autocomplete", "prop.formatting", "prop.variant",
                 "flag.hidden.mode", "flag.required.mode", "flag.readOnly.mode",
                 "text.prefix.key", "binding.simpleBinding"):
        assert f'name="{name}"' in page, name
    assert '<option value="search">' in page  # a prop with choices is a select
    assert 'value="175"' in page  # maxLength as the file has it
    assert '<iframe title="Forhåndsvisning av siden soker"' in page
    assert "/preview/form/soker?lang=nb" in page
    header = admin.get(f"{PAGE}/components/soker-header").get_data(as_text=True)
    assert 'name="prop.size"' in header and 'name="flag.hidden.mode"' in header
    assert 'name="flag.required.mode"' not in header  # not a form field
    assert 'name="binding.' not in header
    group = admin.get(f"{PAGE}/components/kontaktperson-group").get_data(as_text=True)
    assert 'name="prop.children"' in group and "kontaktperson-telefon" in group
    assert '<option value="panel">' in group
    ids = re.findall(r'\sid="([^"]+)"', page)
    assert len(ids) == len(set(ids)), "duplicate ids"
    for field_id in re.findall(r'<(?:input|textarea|select)[^>]*\sid="([^"]+)"', page):
        assert f'for="{field_id}"' in page, f"{field_id} has no label"


def test_a_new_component_type_gets_a_panel_with_no_designer_code(tmp_path: Path) -> None:
    @register
    class Rating(Component):
        """A throwaway type, declared only in this test."""

        type_name = "TestRating"
        is_form_field = True
        binding_names = ("simpleBinding",)
        text_names = ("title",)
        props_spec: ClassVar[tuple[Prop, ...]] = (
            Prop("stars", "integer", doc="How many stars to show"),
            Prop("shape", "string", "star", choices=("star", "heart")),
        )

    try:
        app = designer_app(tmp_path)
        file = app_root(tmp_path) / "ui/form/layouts/soker.json"
        content = read_json(file)
        content["data"]["layout"].append({"id": "rating-test", "type": "TestRating"})
        file.write_text(json.dumps(content, indent=2, ensure_ascii=False), encoding="utf-8")
        client = app.test_client()
        as_admin(client)
        url = f"{PAGE}/components/rating-test"
        page = client.get(url).get_data(as_text=True)
        assert 'name="prop.stars"' in page and "How many stars to show" in page
        assert '<option value="heart">' in page and 'name="flag.required.mode"' in page
        refused = post(client, url, prop__stars="many")
        assert refused.status_code == 400
        assert "Skriv et heltall" in refused.get_data(as_text=True)
        assert post(client, url, prop__stars="5", prop__shape="heart").status_code == 303
        saved = component(tmp_path, "rating-test")
        assert saved == {"id": "rating-test", "type": "TestRating", "stars": 5,
                         "shape": "heart"}
    finally:
        REGISTRY.pop("TestRating", None)


# ---- saving ---------------------------------------------------------------------------------


def test_texts_are_saved_in_three_languages(admin: FlaskClient, tmp_path: Path) -> None:
    url = f"{PAGE}/components/soker-navn"
    response = post(admin, url, text__title__nb="Ditt navn", text__title__nn="Namnet ditt",
                    text__title__en="Your name", text__description__nb="Som i passet",
                    text__description__en="As in your passport")
    assert response.status_code == 303
    assert response.headers["Location"].endswith(url)
    nb, nn, en = texts(tmp_path, "nb"), texts(tmp_path, "nn"), texts(tmp_path, "en")
    assert (nb["soker.navn.title"], nn["soker.navn.title"], en["soker.navn.title"]) == (
        "Ditt navn", "Namnet ditt", "Your name")
    key = "soker.soker-navn.description"  # a new key, made for the component
    assert nb[key] == "Som i passet" and en[key] == "As in your passport" and key not in nn
    assert component(tmp_path, "soker-navn")["textResourceBindings"] == {
        "title": "soker.navn.title", "description": key}
    page = admin.get(url).get_data(as_text=True)
    assert "Mangler oversettelse" in page  # nn of the description
    assert "Endringen er lagret i utkastet." in page


def test_binding_to_an_existing_field(admin: FlaskClient, tmp_path: Path) -> None:
    schema_before = (app_root(tmp_path) / "models/model.schema.json").read_bytes()
    response = post(admin, f"{PAGE}/components/soker-navn",
                    binding__simpleBinding="kontaktperson.navn")
    assert response.status_code == 303
    assert component(tmp_path, "soker-navn")["dataModelBindings"] == {
        "simpleBinding": "kontaktperson.navn"}
    assert (app_root(tmp_path) / "models/model.schema.json").read_bytes() == schema_before


def test_binding_to_a_new_field_adds_it_to_the_schema(admin: FlaskClient,
                                                      tmp_path: Path) -> None:
    schema_file = app_root(tmp_path) / "models/model.schema.json"
    before = read_json(schema_file)
    response = post(admin, f"{PAGE}/components/soker-navn", binding__simpleBinding="__new__",
                    binding__simpleBinding__new_path="soker.mellomnavn",
                    binding__simpleBinding__new_type="text")
    assert response.status_code == 303, response.data
    after = read_json(schema_file)
    assert list(after) == list(before)  # key order kept
    soker = after["$defs"]["Soker"]["properties"]
    assert list(soker) == [*before["$defs"]["Soker"]["properties"], "mellomnavn"]
    assert soker["mellomnavn"] == {"type": "string"}
    assert component(tmp_path, "soker-navn")["dataModelBindings"] == {
        "simpleBinding": "soker.mellomnavn"}
    # A nested path makes the objects on the way.
    response = post(admin, f"{PAGE}/components/soker-telefon", binding__simpleBinding="__new__",
                    binding__simpleBinding__new_path="ekstra.antall",
                    binding__simpleBinding__new_type="integer")
    assert response.status_code == 303
    after = read_json(schema_file)
    assert list(after["properties"]) == [*before["properties"], "ekstra"]
    assert after["properties"]["ekstra"] == {"type": "object", "properties": {
        "antall": {"type": "integer"}}}
    page = admin.get(f"{PAGE}/components/soker-telefon").get_data(as_text=True)
    assert '<option value="ekstra.antall" selected>' in page


def test_a_new_field_that_exists_or_has_no_name_is_refused(admin: FlaskClient,
                                                           tmp_path: Path) -> None:
    before = files(tmp_path)
    url = f"{PAGE}/components/soker-navn"
    response = post(admin, url, binding__simpleBinding="__new__",
                    binding__simpleBinding__new_path="soker.telefon")
    assert response.status_code == 400
    assert "Feltet «soker.telefon» finnes allerede" in response.get_data(as_text=True)
    response = post(admin, url, binding__simpleBinding="__new__")
    assert "Skriv navnet på det nye feltet." in response.get_data(as_text=True)
    assert files(tmp_path) == before


def test_required_and_hidden_as_expressions(admin: FlaskClient, tmp_path: Path) -> None:
    expression = '["equals", ["component", "soker-sokertype"], "person"]'
    response = post(admin, f"{PAGE}/components/soker-epost", flag__required__mode="expr",
                    flag__required__expr=expression, flag__hidden__mode="yes")
    assert response.status_code == 303, response.data
    saved = component(tmp_path, "soker-epost")
    assert saved["required"] == ["equals", ["component", "soker-sokertype"], "person"]
    assert saved["hidden"] is True
    text = (app_root(tmp_path) / "ui/form/layouts/soker.json").read_text(encoding="utf-8")
    assert '"required": ["equals", ["component", "soker-sokertype"], "person"]' in text
    response = post(admin, f"{PAGE}/components/soker-epost", flag__required__mode="no",
                    flag__hidden__mode="no")
    saved = component(tmp_path, "soker-epost")
    assert "required" not in saved and "hidden" not in saved  # unset: left out of the file


def test_an_unset_prop_is_left_out_not_written_with_its_default(admin: FlaskClient,
                                                                tmp_path: Path) -> None:
    url = f"{PAGE}/components/soker-navn"
    assert post(admin, url, prop__maxLength="", prop__variant="search").status_code == 303
    saved = component(tmp_path, "soker-navn")
    assert "maxLength" not in saved and saved["variant"] == "search"
    assert "formatting" not in saved and "saveWhileTyping" not in saved


def test_bad_expression_and_bad_json_are_refused_field_by_field(admin: FlaskClient,
                                                                tmp_path: Path) -> None:
    before = files(tmp_path)
    url = f"{PAGE}/components/soker-navn"
    response = post(admin, url, flag__hidden__mode="expr",
                    flag__hidden__expr='["nosuchfunction", 1]', prop__formatting="{not json",
                    prop__maxLength="lots", text__title__nb="Kept while wrong")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Ugyldig uttrykk: Function &#34;nosuchfunction&#34; not implemented" in page
    assert "Ikke gyldig JSON" in page and "Skriv et heltall" in page
    assert 'href="#cp-flag-hidden-expr"' in page and 'href="#cp-prop-formatting"' in page
    assert re.search(r'id="cp-prop-maxLength"[^>]*aria-describedby="[^"]*cp-prop-maxLength-error'
                     r'"[^>]*aria-invalid="true"', page)
    assert 'id="cp-flag-hidden-expr-error"' in page
    assert "Kept while wrong" in page and "{not json" in page and 'value="lots"' in page
    assert files(tmp_path) == before
    # Wrong argument count, unknown component, a literal of the wrong type, not a list.
    for expression, message in (
        ('["equals", 1]', "Ugyldig uttrykk"),
        ('["equals", ["component", "no-such-thing"], 1]', "komponenter som ikke finnes"),
        ('["greaterThan", "abc", 1]', "Expected number"),
        ('true', "Et uttrykk er en liste"),
    ):
        response = post(admin, url, flag__hidden__mode="expr", flag__hidden__expr=expression)
        assert response.status_code == 400, expression
        assert message in response.get_data(as_text=True), expression
    assert files(tmp_path) == before


def test_renaming_an_id_updates_the_groups_children(admin: FlaskClient, tmp_path: Path) -> None:
    url = f"{PAGE}/components/kontaktperson-navn"
    response = post(admin, url, id="kontaktperson-fulltnavn")
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/components/kontaktperson-fulltnavn")
    assert component(tmp_path, "kontaktperson-group")["children"] == [
        "kontaktperson-fulltnavn", "kontaktperson-telefon", "kontaktperson-epost"]
    assert component(tmp_path, "kontaktperson-fulltnavn")["type"] == "Input"
    before = files(tmp_path)
    for bad, message in (("soker-navn", "allerede brukt"), ("bad id", "kan ikke brukes som id"),
                         ("ends-in-1", "kan ikke brukes som id")):
        response = post(admin, f"{PAGE}/components/kontaktperson-fulltnavn", id=bad)
        assert response.status_code == 400 and message in response.get_data(as_text=True)
    assert files(tmp_path) == before


def test_renaming_an_id_updates_the_expressions_that_name_it(admin: FlaskClient,
                                                             tmp_path: Path) -> None:
    layouts = tmp_path / "apps" / "serveringsbevilling" / "App" / "ui" / "form" / "layouts"
    others = {p.name: p.read_bytes() for p in layouts.iterdir() if p.name != "soker.json"}
    response = post(admin, f"{PAGE}/components/soker-sokertype", id="soker-hvem")
    assert response.status_code == 303
    text = (layouts / "soker.json").read_text(encoding="utf-8")
    assert "soker-sokertype" not in text
    assert text.count('["component", "soker-hvem"]') == 3
    # Pages that do not name it keep their bytes.
    assert {p.name: p.read_bytes() for p in layouts.iterdir() if p.name != "soker.json"} == others


@pytest.mark.parametrize("component_id", ["soker-navn", "soker-orgnr", "kontaktperson-group",
                                          "soker-header", "soker-sokertype", "soker-navbar"])
def test_saving_an_untouched_panel_changes_no_bytes(admin: FlaskClient, tmp_path: Path,
                                                    component_id: str) -> None:
    before = files(tmp_path)
    response = post(admin, f"{PAGE}/components/{component_id}")
    assert response.status_code == 303, response.data
    assert files(tmp_path) == before
    assert "Ingenting ble endret." in admin.get(response.headers["Location"]).get_data(
        as_text=True)


def test_a_save_changes_only_the_component_saved(admin: FlaskClient, tmp_path: Path) -> None:
    before = files(tmp_path)
    post(admin, f"{PAGE}/components/soker-navn", prop__maxLength="100")
    after = files(tmp_path)
    assert {name for name in after if after[name] != before.get(name)} == {
        "ui/form/layouts/soker.json"}
    assert component(tmp_path, "soker-navn")["maxLength"] == 100
    old = json.loads(before["ui/form/layouts/soker.json"])["data"]["layout"]
    new = page_json(tmp_path)["data"]["layout"]
    assert [c for c in new if c["id"] != "soker-navn"] == [c for c in old
                                                           if c["id"] != "soker-navn"]


# ---- checking expressions --------------------------------------------------------------------


def check(client: FlaskClient, expression: str, sample: str = "{}", **extra: str) -> str:
    response = client.post(CHECK, data={"expression": expression, "sample": sample,
                                        "set_id": "form", "page_name": "soker", **extra})
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_check_expression_gives_the_value_with_sample_data(admin: FlaskClient) -> None:
    expression = '["equals", ["dataModel", "soker.sokertype"], "person"]'
    assert "Gyldig uttrykk. Verdi med eksempeldata: true" in check(
        admin, expression, '{"soker": {"sokertype": "person"}}')
    assert "Verdi med eksempeldata: false" in check(
        admin, expression, '{"soker": {"sokertype": "organisasjon"}}')
    # A component's value, looked up in the layout as the runtime does.
    assert "Verdi med eksempeldata: true" in check(
        admin, '["equals", ["component", "soker-sokertype"], "person"]',
        '{"soker": {"sokertype": "person"}}', component_id="soker-navn")
    assert "<" not in check(admin, "")[:1]  # an empty field: no message


def test_check_expression_names_the_error(admin: FlaskClient) -> None:
    assert "Ikke gyldig JSON" in check(admin, '["equals", 1')
    assert "Ugyldig uttrykk: Function &#34;nope&#34; not implemented" in check(admin,
                                                                               '["nope"]')
    assert "Ugyldig uttrykk" in check(admin, '["not", true, false]')  # too many arguments
    assert "Expected number" in check(admin, '["greaterThan", "abc", 1]')  # wrong type
    assert "komponenter som ikke finnes: ghost" in check(admin, '["component", "ghost"]')
    assert "Et uttrykk er en liste" in check(admin, '"text"')
    assert "ikke et JSON-objekt" in check(admin, '["equals", 1, 1]', sample="[1")
    # The field the editor posts can be named, as htmx posts the whole panel.
    assert "Verdi med eksempeldata: true" in admin.post(CHECK, data={
        "expression_field": "flag.hidden.expr", "flag.hidden.expr": '["equals", 1, 1]',
        "set_id": "form"}).get_data(as_text=True)


def test_the_check_button_works_without_javascript(admin: FlaskClient, tmp_path: Path) -> None:
    before = files(tmp_path)
    response = post(admin, f"{PAGE}/components/soker-navn", action="check",
                    flag__hidden__expr='["equals", ["dataModel", "soker.sokertype"], "x"]',
                    sample='{"soker": {"sokertype": "x"}}')
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Gyldig uttrykk. Verdi med eksempeldata: true" in page
    assert "soker.sokertype&#34;], &#34;x&#34;]" in page  # the typed expression kept
    assert files(tmp_path) == before


def test_the_editor_is_wired_for_htmx_and_screen_readers(admin: FlaskClient) -> None:
    page = admin.get(f"{PAGE}/components/soker-navn").get_data(as_text=True)
    editor = re.search(r'<textarea[^>]*id="cp-flag-hidden-expr"[^>]*>', page, re.S)
    assert editor is not None
    tag = editor.group(0)
    assert f'hx-post="{CHECK}"' in tag and 'hx-trigger="input changed delay:400ms, load"' in tag
    assert 'hx-target="#cp-flag-hidden-expr-status"' in tag
    assert "cp-flag-hidden-expr-status" in tag.split("aria-describedby=")[1]
    assert 'id="cp-flag-hidden-expr-status" role="status" aria-live="polite"' in page
    assert 'formaction="' in page and "Sjekk uttrykket<span class=\"ds-sr-only\">" in page


def test_a_layout_set_without_a_data_model_says_so(tmp_path: Path) -> None:
    app = designer_app(tmp_path)
    sets = app_root(tmp_path) / "ui/layout-sets.json"
    content = read_json(sets)
    del content["sets"][0]["dataType"]
    sets.write_text(json.dumps(content), encoding="utf-8")
    client = app.test_client()
    as_admin(client)
    response = client.get(f"{PAGE}/components/soker-navn")
    if response.status_code == 404:  # the loader may refuse such an app; nothing to show
        pytest.skip("the app does not load without a data type")
    page = response.get_data(as_text=True)
    assert "Skjemaet har ingen datamodell" in page
    assert 'name="binding.simpleBinding" value="soker.navn"' in page


def test_a_text_written_in_the_component_gets_a_key_when_translated(tmp_path: Path) -> None:
    app = designer_app(tmp_path)
    file = app_root(tmp_path) / "ui/form/layouts/soker.json"
    content = read_json(file)
    header = next(c for c in content["data"]["layout"] if c["id"] == "soker-header")
    header["textResourceBindings"]["title"] = "Om deg"  # no text has this key
    file.write_text(json.dumps(content, indent=2, ensure_ascii=False), encoding="utf-8")
    client = app.test_client()
    as_admin(client)
    url = f"{PAGE}/components/soker-header"
    page = client.get(url).get_data(as_text=True)
    assert "Ingen tekst har denne nøkkelen" in page and "Mangler oversettelse" not in page
    before = files(tmp_path)
    assert post(client, url).status_code == 303
    assert files(tmp_path) == before  # untouched: still the text itself
    response = post(client, url, text__title__nb="Om deg", text__title__en="About you")
    assert response.status_code == 303
    key = "soker.soker-header.title"
    assert component(tmp_path, "soker-header")["textResourceBindings"]["title"] == key
    assert texts(tmp_path, "nb")[key] == "Om deg" and texts(tmp_path, "en")[key] == "About you"


def test_a_value_prop_takes_plain_values_and_expressions(admin: FlaskClient) -> None:
    assert "Verdi med eksempeldata: &#34;Hei&#34;" in check(admin, "Hei", as_type="any")
    assert "Verdi med eksempeldata: &#34;ab&#34;" in check(admin, '["concat", "a", "b"]',
                                                            as_type="any")


def test_every_component_of_a_real_altinn_app_round_trips_untouched(tmp_path: Path) -> None:
    """service-task has texts written in the components, expressions and containers."""
    import shutil

    from tests.conftest import SHARED_APPS, login, make_app
    from web.org_roles import ADMIN

    source = SHARED_APPS / "service-task"
    if not source.is_dir():
        pytest.skip("the shared Altinn apps are not here")
    shutil.copytree(source, tmp_path / "apps" / "service-task")
    app = make_app(tmp_path, BLANKETT_APPS_DIR=str(tmp_path / "apps"))
    client = app.test_client()
    login(client, ADMIN.local_user_id("ttd"))
    root = tmp_path / "apps" / "service-task" / "App"
    before = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
    urls = []
    for layouts in sorted(root.glob("ui/*/layouts")):
        for page_file in sorted(layouts.glob("*.json")):
            for item in read_json(page_file)["data"]["layout"]:
                urls.append(f"/designer/ttd/service-task/{layouts.parent.name}/"
                            f"{page_file.stem}/components/{item['id']}")
    assert len(urls) > 10
    for url in urls:
        assert post(client, url).status_code == 303, url
    assert {p: p.read_bytes() for p in root.rglob("*") if p.is_file()} == before


def test_an_unset_json_prop_shows_empty(admin: FlaskClient) -> None:
    page = admin.get(f"{PAGE}/components/soker-navbar").get_data(as_text=True)
    assert re.search(r'name="prop.validateOnForward"[^>]*>\s*</textarea>', page)
    assert 'id="cp-prop-compact-unset" name="prop.compact" value="" checked' in page


def test_rename_mentions_follows_summaries_and_leaves_other_strings() -> None:
    from designer.properties import rename_mentions

    page = {"data": {"layout": [
        {"id": "s1", "type": "Summary", "componentRef": "old"},
        {"id": "s2", "type": "Summary2", "target": {"type": "component", "id": "old"}},
        {"id": "p", "type": "Paragraph", "textResourceBindings": {"title": "old"},
         "hidden": ["equals", ["component", "old"], ["component", "other"]]},
    ]}}
    renamed = rename_mentions(page, "old", "new")["data"]["layout"]
    assert renamed[0]["componentRef"] == "new"
    assert renamed[1]["target"] == {"type": "component", "id": "new"}
    assert renamed[2]["hidden"] == ["equals", ["component", "new"], ["component", "other"]]
    assert renamed[2]["textResourceBindings"] == {"title": "old"}  # a text key, not an id
