"""List: the app's data list (`@data_list` in App/logic, else an options file of the same id)
as a table with a radio button per row; picking a row stores its fields through the bindings,
with and without JavaScript; sorting and pages are plain links; the summary shows the binding
the app names; a List left empty when required gets the normal message."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from flask.testing import FlaskClient

from tests.components.conftest import build_app
from tests.conftest import login, make_app, start_instance
from tests.test_pages import stored_data

LIST = {"id": "personer", "type": "List", "textResourceBindings": {"title": "Hvem gjelder saken?"},
        "dataListId": "personer", "dataModelBindings": {"name": "valgt.navn"}}

PEOPLE = '''
from forms.app_code import data_list

PEOPLE = [
    {"name": "Kari", "age": 41, "profession": "Lege"},
    {"name": "Ola", "age": 9, "profession": "Elev"},
    {"name": "Åse", "age": 67, "profession": "Pensjonist"},
    {"name": "Per", "age": 30, "profession": "Snekker"},
    {"name": "Ærlige Eva", "age": 25, "profession": "Lege"},
]


@data_list("personer")
def personer(language, query):
    search = query.get("search", "").lower()
    return [p for p in PEOPLE if search in p["name"].lower()]
'''
PICKED = {**LIST, "required": True, "dataModelBindings": {
              "name": "valgt.navn", "profession": "valgt.yrke"},
          "tableHeaders": {"name": "Navn", "age": "Alder", "profession": "Yrke"},
          "bindingToShowInSummary": "valgt.yrke"}
SCHEMA = {"valgt": {"type": "object", "properties": {
    "navn": {"type": "string"}, "yrke": {"type": "string"}, "sok": {"type": "string"}}}}


def _key(*values: str) -> str:
    """A row's radio value: its bound fields as JSON, as it stands in the HTML."""
    return "[" + ", ".join(f"&#34;{v}&#34;" for v in values) + "]"


def _posted(*values: str) -> str:
    return "[" + ", ".join(f'"{v}"' for v in values) + "]"


def _names(html: str) -> list[str]:
    """The names in the table's rows, in order."""
    return re.findall(r'<label class="ds-sr-only" for="[^"]+">Navn: ([^,<]+)', html)


def _client(tmp_path: Path, components: list[dict[str, Any]]) -> tuple[FlaskClient, str]:
    target = build_app(tmp_path, components, schema_properties=SCHEMA,
                       logic={"people.py": PEOPLE})
    client = make_app(tmp_path, BLANKETT_APPS_DIR=str(target.parent)).test_client()
    login(client)
    return client, start_instance(client)


def test_without_data_a_clear_note(render) -> None:  # noqa: ANN001
    html = render([LIST])
    assert '<p class="ds-label">Hvem gjelder saken?</p>' in html
    assert "Listen kan ikke vises her ennå." in html and "<table" not in html


def test_columns_no_row_has_are_not_guessed(render) -> None:  # noqa: ANN001
    html = render([{**LIST, "tableHeaders": {"name": "Navn", "age": "Alder"}}],
                  options={"personer": [{"value": "kari", "label": "Kari"}]})
    assert "Listen kan ikke vises her ennå." in html


def test_an_options_file_serves_as_rows(render) -> None:  # noqa: ANN001
    html = render([{**LIST, "dataModelBindings": {"value": "valgt.navn"},
                    "tableHeaders": {"label": "Navn", "description": "Rolle"}}],
                  options={"personer": [
                      {"value": "kari", "label": "Kari", "description": "Søker"},
                      {"value": "ola", "label": "Ola"}]}, schema_properties=SCHEMA)
    assert '<th scope="col">Navn</th><th scope="col">Rolle</th>' in html
    assert "<td>Kari</td><td>Søker</td>" in html and "<td>Ola</td><td></td>" in html
    assert f'name="valgt.navn.__row" value="{_key("kari")}"' in html


def test_a_table_of_the_apps_rows_with_a_labelled_radio_per_row(render) -> None:  # noqa: ANN001
    html = render([PICKED], schema_properties=SCHEMA, logic={"people.py": PEOPLE})
    fieldset = re.search(r'<fieldset class="ds-fieldset field data-list"[^>]*>', html)
    assert fieldset and 'role="radiogroup"' in fieldset.group(0)
    assert 'aria-required="true"' in fieldset.group(0)
    assert re.search(r'<legend class="ds-label">Hvem gjelder saken\?<span class="required-mark"',
                     html)
    assert ('<th scope="col" class="data-list__pick"><span class="ds-sr-only">Velg</span></th>'
            '\n      <th scope="col">Navn</th><th scope="col">Alder</th>'
            '<th scope="col">Yrke</th>') in html
    assert re.search(r'<input class="ds-input" type="radio" id="personer" '
                     rf'name="valgt.navn.__row" value="{re.escape(_key("Kari", "Lege"))}">'
                     r'<label class="ds-sr-only" for="personer">Navn: Kari, Alder: 41, '
                     r'Yrke: Lege</label>', html)
    assert 'for="personer__row1">Navn: Ola, Alder: 9, Yrke: Elev</label>' in html
    assert "<td>Kari</td><td>41</td><td>Lege</td>" in html


def test_a_picked_row_is_saved_through_the_bindings_and_shown_picked(tmp_path: Path) -> None:
    client, page = _client(tmp_path, [PICKED])
    response = client.post(page, data={"action": "save",
                                       "valgt.navn.__row": _posted("Ola", "Elev")})
    assert response.status_code == 303
    assert stored_data(client, page)["valgt"] == {"navn": "Ola", "yrke": "Elev"}
    html = client.get(page).get_data(as_text=True)
    assert f'value="{_key("Ola", "Elev")}" checked>' in html
    assert html.count(" checked>") == 1
    assert '<tr class="data-list__row--selected">' in html
    # With htmx, a change posts the page live; the new row is saved on the way.
    response = client.post(page, headers={"HX-Request": "true"}, data={
        "action": "live", "valgt.navn.__row": _posted("Per", "Snekker")})
    assert response.status_code in (200, 204)
    assert stored_data(client, page)["valgt"] == {"navn": "Per", "yrke": "Snekker"}
    # A post without the list (another page of it shown, say) leaves the choice alone.
    client.post(page, data={"action": "save"})
    assert stored_data(client, page)["valgt"] == {"navn": "Per", "yrke": "Snekker"}


def test_a_row_the_list_does_not_have_is_refused(tmp_path: Path) -> None:
    client, page = _client(tmp_path, [PICKED])
    response = client.post(page, data={"action": "next",
                                       "valgt.navn.__row": _posted("Kari", "Snekker")})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert re.search(r'id="personer__error"><span class="ds-sr-only">Feil: </span>'
                     r'Velg et av alternativene\.', html)
    assert 'aria-invalid="true"' in html
    assert "valgt" not in stored_data(client, page)


def test_a_required_list_left_empty_gets_the_normal_message(tmp_path: Path) -> None:
    client, page = _client(tmp_path, [PICKED])
    response = client.post(page, data={"action": "submit"})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert re.search(r'<a [^>]*href="#personer"[^>]*>Du må fylle ut hvem gjelder saken\?</a>',
                     html)
    assert ('id="personer__error"><span class="ds-sr-only">Feil: </span>'
            'Du må fylle ut hvem gjelder saken?</p>') in html


def test_the_summary_shows_the_binding_the_app_names(render) -> None:  # noqa: ANN001
    summary = {"id": "oppsummering", "type": "Summary", "componentRef": "personer"}
    data = {"valgt": {"navn": "Kari", "yrke": "Lege"}}
    html = render([PICKED, summary], data=data, schema_properties=SCHEMA,
                  logic={"people.py": PEOPLE})
    assert "<dd>Lege</dd>" in html
    html = render([{**PICKED, "summaryBinding": "name"}, summary], data=data,
                  schema_properties=SCHEMA, logic={"people.py": PEOPLE})
    assert "<dd>Kari</dd>" in html


def _show(client: FlaskClient, page: str, html: str, pattern: str, **fields: str) -> str:
    """Press the table button whose `show:` value matches `pattern` (a post that saves the
    page's fields first, then shows the table as asked); the page it leads to."""
    found = re.search(r'<button type="submit" class="link-button" name="action" '
                      r'value="(show:[^"]*' + pattern + r'[^"]*)"', html)
    assert found, pattern
    response = client.post(page, data={"action": found.group(1).replace("&amp;", "&"),
                                       **fields})
    assert response.status_code == 303
    return response.headers["Location"]


def test_pages_of_rows_are_buttons_that_save_first(tmp_path: Path) -> None:
    paged = {**PICKED, "pagination": {"alternatives": [2, 5], "default": 2}}
    client, page = _client(tmp_path, [paged])
    html = client.get(page).get_data(as_text=True)
    assert _names(html) == ["Kari", "Ola"]
    nav = re.search(r'<nav class="ds-pagination data-list__pages" '
                    r'aria-label="Sider i Hvem gjelder saken\?">(.*?)</nav>', html, re.S)
    assert nav and '<span aria-current="page" class="data-list__current">1</span>' in nav.group(1)
    second = _show(client, page, nav.group(1), "list=personer:2:2::asc")
    assert second.startswith(page + "?list=personer:2:2::asc") and second.endswith(
        "#bk_c_personer")
    html = client.get(second).get_data(as_text=True)
    assert _names(html) == ["Åse", "Per"]
    sizes = re.search(r'<p class="data-list__sizes">Rader per side:(.*?)</p>', html, re.S)
    assert sizes and '<span aria-current="true" class="data-list__current">2</span>' in (
        sizes.group(1))
    html = client.get(_show(client, page, sizes.group(1), "list=personer:1:5::asc")).get_data(
        as_text=True)
    assert len(_names(html)) == 5 and "data-list__pages" not in html
    # With a row picked, the list opens at the page that shows it.
    client.post(page, data={"action": "save", "valgt.navn.__row": _posted("Ærlige Eva", "Lege")})
    html = client.get(page).get_data(as_text=True)
    assert _names(html) == ["Ærlige Eva"] and " checked>" in html
    # Moving the table keeps what was picked on the way (the post is saved first).
    _show(client, page, html, "list=personer:1:2::asc",
          **{"valgt.navn.__row": _posted("Kari", "Lege")})
    html = client.get(page).get_data(as_text=True)
    assert _names(html) == ["Kari", "Ola"] and " checked>" in html


def test_sortable_columns_sort_with_buttons(tmp_path: Path) -> None:
    client, page = _client(tmp_path, [{**PICKED, "sortableColumns": ["age", "name"]}])
    html = client.get(page).get_data(as_text=True)
    assert re.search(r'<th scope="col" aria-sort="none"><button type="submit" '
                     r'class="link-button" name="action" '
                     r'value="show:[^"]*list=personer:1:0:age:asc#bk_c_personer">Alder</button>'
                     r'</th>', html)
    assert '<th scope="col">Yrke</th>' in html  # not sortable
    html = client.get(_show(client, page, html, "list=personer:1:0:age:asc")).get_data(
        as_text=True)
    assert _names(html) == ["Ola", "Ærlige Eva", "Per", "Kari", "Åse"]
    assert re.search(r'aria-sort="ascending"><button[^>]*value="show:[^"]*'
                     r'list=personer:1:0:age:desc', html)
    html = client.get(f"{page}?list=personer:1:0:age:desc").get_data(as_text=True)
    assert _names(html) == ["Åse", "Kari", "Per", "Ærlige Eva", "Ola"]
    html = client.get(f"{page}?list=personer:1:0:name:asc").get_data(as_text=True)
    assert _names(html) == ["Kari", "Ola", "Per", "Ærlige Eva", "Åse"]  # æ, ø, å last
    html = client.get(f"{page}?list=personer:1:0:profession:asc").get_data(as_text=True)
    assert _names(html) == ["Kari", "Ola", "Åse", "Per", "Ærlige Eva"]  # not sortable: as given


def test_the_rows_follow_the_search_field_they_are_asked_with(tmp_path: Path) -> None:
    search = {"id": "sok", "type": "Input", "textResourceBindings": {"title": "Søk"},
              "dataModelBindings": {"simpleBinding": "valgt.sok"}}
    client, page = _client(tmp_path, [search, {**PICKED, "mapping": {"valgt.sok": "search"}}])
    client.post(page, data={"action": "save", "valgt.sok": "e"})
    html = client.get(page).get_data(as_text=True)
    assert _names(html) == ["Åse", "Per", "Ærlige Eva"]
    response = client.post(page, headers={"HX-Request": "true"},
                           data={"action": "live", "valgt.sok": "ol"})
    html = response.get_data(as_text=True)
    assert set(re.findall(r'id="bk_c_([^"]+)"[^>]*hx-swap-oob', html)) == {"personer"}
    assert _names(html) == ["Ola"]


def test_a_failing_provider_is_said_to_be_unavailable(tmp_path: Path) -> None:
    failing = PEOPLE + '\n\n@data_list("feil")\ndef feil(language, query):\n    return [1]\n'
    target = build_app(tmp_path, [{**PICKED, "dataListId": "feil"}], schema_properties=SCHEMA,
                       logic={"people.py": failing})
    client = make_app(tmp_path, BLANKETT_APPS_DIR=str(target.parent)).test_client()
    login(client)
    response = client.get(start_instance(client))
    assert response.status_code == 200
    assert "Listen kan ikke hentes akkurat nå. Prøv igjen senere." in response.get_data(
        as_text=True)
