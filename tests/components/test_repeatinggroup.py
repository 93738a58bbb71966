"""RepeatingGroup through the page routes: add, fill, save, open, delete rows; rows keep
stable ids; a table with headers; actions named by their row; works without JavaScript."""

from __future__ import annotations

import re
from pathlib import Path

from flask.testing import FlaskClient

from tests.components.conftest import start_service
from tests.test_pages import stored_data

GROUP = [
    {"id": "ansatte", "type": "RepeatingGroup", "dataModelBindings": {"group": "ansatte"},
     "textResourceBindings": {"title": "Ansatte"}, "children": ["ansatt-navn", "ansatt-alder"],
     "maxCount": 3},
    {"id": "ansatt-navn", "type": "Input", "textResourceBindings": {"title": "Navn"},
     "dataModelBindings": {"simpleBinding": "ansatte.navn"}, "required": True},
    {"id": "ansatt-alder", "type": "Input", "textResourceBindings": {"title": "Alder"},
     "dataModelBindings": {"simpleBinding": "ansatte.alder"},
     "hidden": ["equals", ["component", "ansatt-navn"], "Skjult"]},
]
SCHEMA = {"ansatte": {"type": "array", "items": {"type": "object", "properties": {
    "altinnRowId": {"type": "string"}, "navn": {"type": "string"},
    "alder": {"type": "integer"}}}}}


def _client(tmp_path: Path) -> tuple[FlaskClient, str]:
    client, first = start_service(tmp_path, GROUP, schema_properties=SCHEMA)
    assert first.endswith("/page/test")
    return client, first


def test_add_fill_save_edit_and_delete_rows(tmp_path: Path) -> None:
    client, page = _client(tmp_path)
    html = client.get(page).get_data(as_text=True)
    assert "Ingen rader er lagt til ennå." in html

    response = client.post(page, data={"action": "row-add:ansatte"})
    assert response.status_code == 303
    opened = response.headers["Location"]
    assert "?edit=ansatte:" in opened
    html = client.get(opened).get_data(as_text=True)
    row_id = opened.split(":", 1)[1].split("#")[0]
    assert '<legend class="ds-label">Rad 1</legend>' in html
    # names say where the row is now; element ids follow the row id, so they stay put
    assert 'name="ansatte[0].navn"' in html and f'id="ansatt-navn__r{row_id}"' in html
    assert f'<label class="ds-label" for="ansatt-navn__r{row_id}">Navn' in html
    response = client.post(page, data={"action": f"row-save:ansatte:{row_id}",
                                       "ansatte[0].navn": "Kari", "ansatte[0].alder": "41"})
    assert response.headers["Location"] == page + "#ansatte"
    rows = stored_data(client, page)["ansatte"]
    assert rows == [{"altinnRowId": row_id, "navn": "Kari", "alder": 41}]

    html = client.get(page).get_data(as_text=True)
    table = html[html.index("<table"):html.index("</table>")]
    assert re.search(r'<th scope="col">Navn</th>\s*<th scope="col">Alder</th>', table)
    assert "<td>Kari</td>" in table and "<td>41</td>" in table
    assert 'value="row-edit:ansatte:' + row_id + '"' in table
    assert '<span class="ds-sr-only"> Kari</span>' in table  # which row the action acts on

    client.post(page, data={"action": "row-add:ansatte"})
    client.post(page, data={"action": "row-add:ansatte"})
    html = client.get(page).get_data(as_text=True)
    assert 'value="row-add:ansatte"' not in html  # maxCount reached
    assert client.post(page, data={"action": "row-add:ansatte"}).status_code == 409

    client.post(page, data={"action": f"row-delete:ansatte:{row_id}"})
    rows = stored_data(client, page)["ansatte"]
    assert len(rows) == 2 and all(r["altinnRowId"] != row_id for r in rows)


def test_expressions_are_evaluated_in_each_row(tmp_path: Path) -> None:
    client, page = _client(tmp_path)
    first = client.post(page, data={"action": "row-add:ansatte"}).headers["Location"]
    row_id = first.split(":", 1)[1].split("#")[0]
    client.post(page, data={"action": f"row-save:ansatte:{row_id}", "ansatte[0].navn": "Skjult"})
    second = client.post(page, data={"action": "row-add:ansatte"}).headers["Location"]
    second_id = second.split(":", 1)[1].split("#")[0]
    html = client.get(second).get_data(as_text=True)
    assert f'id="ansatt-alder__r{second_id}"' in html  # the new row's age field shows
    html = client.get(page + f"?edit=ansatte:{row_id}").get_data(as_text=True)
    assert f'id="ansatt-alder__r{row_id}"' not in html  # hidden in the row named "Skjult"


def test_required_fields_in_rows_are_checked_on_submit(tmp_path: Path) -> None:
    client, page = _client(tmp_path)
    opened = client.post(page, data={"action": "row-add:ansatte"}).headers["Location"]
    row_id = opened.split(":", 1)[1].split("#")[0]
    summary = page.rsplit("/", 1)[0] + "/oppsummering"
    html = client.post(summary, data={"action": "submit"}).get_data(as_text=True)
    assert f'href="{page}?edit=ansatte:{row_id}#ansatt-navn__r{row_id}"' in html
    html = client.get(page + f"?edit=ansatte:{row_id}").get_data(as_text=True)
    assert f'id="ansatt-navn__r{row_id}"' in html  # the link opens the row with the field


def test_a_long_group_is_paginated(tmp_path: Path) -> None:
    layout = [dict(GROUP[0], maxCount=0, pagination={"rowsPerPage": 2}), *GROUP[1:]]
    client, page = start_service(tmp_path, layout, schema_properties=SCHEMA)
    for name in ("A", "B", "C", "D", "E"):
        opened = client.post(page, data={"action": "row-add:ansatte"}).headers["Location"]
        index = len(stored_data(client, page)["ansatte"]) - 1
        row_id = opened.split(":", 1)[1].split("#")[0]
        client.post(page, data={"action": f"row-save:ansatte:{row_id}",
                                f"ansatte[{index}].navn": name})
    html = client.get(page).get_data(as_text=True)
    table = html[html.index("<table"):html.index("</table>")]
    assert "<td>A</td>" in table and "<td>B</td>" in table and "<td>C</td>" not in table
    assert '<span aria-current="page" class="repeating-group__page--current">1</span>' in html
    # The other pages are buttons: what was typed is saved before the table moves.
    assert 'name="action" value="show:rowpage=ansatte:3#ansatte">3<' in html
    moved = client.post(page, data={"action": "show:rowpage=ansatte:3#ansatte",
                                    "bk_row": f"ansatte[4]={row_id}", "ansatte[4].navn": "E2"})
    assert moved.headers["Location"] == page + "?rowpage=ansatte:3#ansatte"
    assert stored_data(client, page)["ansatte"][4]["navn"] == "E2"
    client.post(page, data={"action": f"row-save:ansatte:{row_id}", "ansatte[4].navn": "E"})
    html = client.get(page + "?rowpage=ansatte:3").get_data(as_text=True)
    table = html[html.index("<table"):html.index("</table>")]
    assert "<td>E</td>" in table and "<td>A</td>" not in table
    assert '<span class="ds-sr-only"> E</span>' in table  # buttons named by the row's answer


def test_delete_asks_first_when_the_app_says_so(tmp_path: Path) -> None:
    layout = [dict(GROUP[0], edit={"alertOnDelete": True}), *GROUP[1:]]
    client, page = start_service(tmp_path, layout, schema_properties=SCHEMA)
    opened = client.post(page, data={"action": "row-add:ansatte"}).headers["Location"]
    row_id = opened.split(":", 1)[1].split("#")[0]
    asked = client.post(page, data={"action": f"row-delete:ansatte:{row_id}"})
    assert "?confirm=ansatte:" in asked.headers["Location"]
    html = client.get(asked.headers["Location"].split("#")[0]).get_data(as_text=True)
    assert "Er du sikker på at du vil slette rad 1?" in html
    assert len(stored_data(client, page)["ansatte"]) == 1  # nothing deleted yet
    client.post(page, data={"action": f"row-delete-confirmed:ansatte:{row_id}"})
    assert stored_data(client, page)["ansatte"] == []


def test_too_few_rows_block_submit(tmp_path: Path) -> None:
    layout = [dict(GROUP[0], minCount=2), *GROUP[1:]]
    client, page = start_service(tmp_path, layout, schema_properties=SCHEMA)
    summary = page.rsplit("/", 1)[0] + "/oppsummering"
    html = client.post(summary, data={"action": "submit"}).get_data(as_text=True)
    assert "Du må legge til minst 2 rader i Ansatte" in html


def test_the_summary_lists_each_rows_answers(tmp_path: Path) -> None:
    client, page = _client(tmp_path)
    opened = client.post(page, data={"action": "row-add:ansatte"}).headers["Location"]
    row_id = opened.split(":", 1)[1].split("#")[0]
    client.post(page, data={"action": f"row-save:ansatte:{row_id}", "ansatte[0].navn": "Kari"})
    summary = client.get(page.rsplit("/", 1)[0] + "/oppsummering").get_data(as_text=True)
    assert "<dt>Rad 1: Navn</dt>" in summary and "<dd>Kari</dd>" in summary
    assert f'href="{page}?edit=ansatte:{row_id}#ansatt-navn__r{row_id}"' in summary


def test_edit_in_table_and_rows_after(tmp_path: Path) -> None:
    layout = [dict(GROUP[0], edit={"mode": "onlyTable"}, tableColumns={
        "ansatt-navn": {"editInTable": True}}, rowsAfter=[
        {"header": True, "cells": [{"text": "Sum"}, {"component": "ansatte-sum"}]}]),
        *GROUP[1:],
        {"id": "ansatte-sum", "type": "Input", "textResourceBindings": {"title": "Sum"},
         "dataModelBindings": {"simpleBinding": "soker.navn"}}]
    client, page = start_service(tmp_path, layout, schema_properties=SCHEMA)
    from storage import repository
    from web.db import db_session

    with client.application.app_context():
        instance = repository.get_instance(db_session(), page.split("/")[3])
        element = repository.form_data_element(instance, "model")
        repository.save_form_data(element, {"ansatte": [{"altinnRowId": "a", "navn": "Kari"}]},
                                  "12345")
        db_session().commit()
    html = client.get(page).get_data(as_text=True)
    table = html[html.index("<table"):html.index("</table>")]
    assert 'name="ansatte[0].navn"' in table and 'value="Kari"' in table  # edited in the table
    assert '<th scope="row">Sum</th>' in table and 'name="soker.navn"' in table  # rowsAfter
    assert html.count('id="bk_c_ansatte-sum"') == 1  # shown once, not also on the page
    client.post(page, data={"action": "save", "ansatte[0].navn": "Karianne",
                            "soker.navn": "Til sammen"})
    data = stored_data(client, page)
    assert data["ansatte"][0]["navn"] == "Karianne" and data["soker"]["navn"] == "Til sammen"


def _store_rows(client: FlaskClient, page: str, names: list[str]) -> list[str]:
    """Put rows straight into the instance's data; their row ids."""
    from storage import repository
    from web.db import db_session

    ids = [f"00000000-0000-4000-8000-{i:012d}" for i in range(len(names))]
    with client.application.app_context():
        instance = repository.get_instance(db_session(), page.split("/")[3])
        assert instance is not None
        element = repository.form_data_element(instance, "model")
        assert element is not None
        repository.save_form_data(element, {"ansatte": [
            {"altinnRowId": i, "navn": n} for i, n in zip(ids, names, strict=True)]}, "test")
        db_session().commit()
    return ids


def _many(tmp_path: Path, **group: object) -> tuple[FlaskClient, str]:
    layout = [dict(GROUP[0], maxCount=0, **group), *GROUP[1:]]
    return start_service(tmp_path, layout, schema_properties=SCHEMA)


def test_a_post_from_a_page_drawn_before_a_delete_edits_the_right_row(tmp_path: Path) -> None:
    client, page = _many(tmp_path)
    a, b, c = _store_rows(client, page, ["A", "B", "C"])
    html = client.get(page + f"?edit=ansatte:{c}").get_data(as_text=True)
    assert f'name="bk_row" value="ansatte[2]={c}"' in html and 'name="ansatte[2].navn"' in html
    client.post(page, data={"action": f"row-delete:ansatte:{a}"})  # e.g. in another tab
    # The editor drawn before the delete still says ansatte[2]: the row id decides.
    client.post(page, data={"action": f"row-save:ansatte:{c}", "bk_row": f"ansatte[2]={c}",
                            "ansatte[2].navn": "C2"})
    assert [r["navn"] for r in stored_data(client, page)["ansatte"]] == ["B", "C2"]
    # Fields of a row that is gone are dropped, not written into whatever row is there now.
    client.post(page, data={"action": "save", "bk_row": f"ansatte[0]={a}",
                            "ansatte[0].navn": "A2"})
    assert [r["navn"] for r in stored_data(client, page)["ansatte"]] == ["B", "C2"]


def test_an_htmx_delete_takes_out_one_row_whatever_the_number_of_rows(tmp_path: Path) -> None:
    sizes = {}
    for count in (5, 200):
        client, page = _many(tmp_path / str(count))
        ids = _store_rows(client, page, [f"Person {i}" for i in range(count)])
        response = client.post(page, data={"action": f"row-delete:ansatte:{ids[1]}"},
                               headers={"HX-Request": "true"})
        assert response.status_code == 200 and response.headers["HX-Reswap"] == "none"
        body = response.get_data(as_text=True)
        assert f'<tbody id="ansatte__row_{ids[1]}" hx-swap-oob="delete"></tbody>' in body
        assert "Person 2" not in body  # later rows are not drawn again
        assert f'"#ansatte__row_{ids[2]}"' in response.headers["HX-Trigger-After-Swap"]
        assert len(stored_data(client, page)["ansatte"]) == count - 1
        sizes[count] = len(body)
    assert sizes[5] == sizes[200]


def test_a_delete_sends_again_what_reads_the_group(tmp_path: Path) -> None:
    layout = [dict(GROUP[0], maxCount=0), *GROUP[1:],
              {"id": "antall", "type": "Paragraph", "textResourceBindings": {
                  "title": ["concat", "Antall: ", ["dataModel", "ansatte[0].navn"]]}}]
    client, page = start_service(tmp_path, layout, schema_properties=SCHEMA)
    a, b = _store_rows(client, page, ["A", "B"])
    body = client.post(page, data={"action": f"row-delete:ansatte:{a}"},
                       headers={"HX-Request": "true"}).get_data(as_text=True)
    assert 'id="bk_c_antall"' in body and "Antall: B" in body


def test_a_multipage_row_editor_shows_one_page_at_a_time(tmp_path: Path) -> None:
    layout = [dict(GROUP[0], children=["0:ansatt-navn", "1:ansatt-alder"],
                   edit={"multiPage": True}), GROUP[1], dict(GROUP[2], hidden=False)]
    client, page = start_service(tmp_path, layout, schema_properties=SCHEMA)
    opened = client.post(page, data={"action": "row-add:ansatte"}).headers["Location"]
    row_id = opened.split(":", 1)[1].split("#")[0]
    html = client.get(opened).get_data(as_text=True)
    assert "Del 1 av 2" in html
    assert 'name="ansatte[0].navn"' in html and 'name="ansatte[0].alder"' not in html
    assert f'value="row-page:ansatte:{row_id}:1">Neste</button>' in html
    assert "row-page:ansatte:" + row_id + ":-1" not in html  # no way back from the first
    response = client.post(page, data={"action": f"row-page:ansatte:{row_id}:1",
                                       "bk_row": f"ansatte[0]={row_id}",
                                       "ansatte[0].navn": "Kari"})
    assert response.headers["Location"] == (
        f"{page}?edit=ansatte:{row_id}&editpage=ansatte:1#ansatte__edit_{row_id}")
    html = client.get(response.headers["Location"].split("#")[0]).get_data(as_text=True)
    assert "Del 2 av 2" in html
    assert 'name="ansatte[0].alder"' in html and 'name="ansatte[0].navn"' not in html
    assert f'value="row-page:ansatte:{row_id}:0">Tilbake</button>' in html
    client.post(page, data={"action": f"row-save:ansatte:{row_id}",
                            "bk_row": f"ansatte[0]={row_id}", "ansatte[0].alder": "41"})
    assert stored_data(client, page)["ansatte"] == [
        {"altinnRowId": row_id, "navn": "Kari", "alder": 41}]
    # With htmx, moving between the editor's pages swaps just that row.
    response = client.post(page, data={"action": f"row-page:ansatte:{row_id}:1"},
                           headers={"HX-Request": "true"})
    body = response.get_data(as_text=True)
    assert response.headers["HX-Reswap"] == "none" and "Del 2 av 2" in body


def test_an_error_on_a_later_editor_page_links_to_that_page(tmp_path: Path) -> None:
    layout = [dict(GROUP[0], children=["0:ansatt-alder", "1:ansatt-navn"],
                   edit={"multiPage": True}), GROUP[1], dict(GROUP[2], hidden=False)]
    client, page = start_service(tmp_path, layout, schema_properties=SCHEMA)
    opened = client.post(page, data={"action": "row-add:ansatte"}).headers["Location"]
    row_id = opened.split(":", 1)[1].split("#")[0]
    summary = page.rsplit("/", 1)[0] + "/oppsummering"
    html = client.post(summary, data={"action": "submit"}).get_data(as_text=True)
    link = f"{page}?edit=ansatte:{row_id}&amp;editpage=ansatte:1#ansatt-navn__r{row_id}"
    assert f'href="{link}"' in html


def test_a_delete_sends_the_summaries_again_and_says_so(tmp_path: Path) -> None:
    layout = [dict(GROUP[0], maxCount=0), *GROUP[1:],
              {"id": "sum", "type": "Summary2", "target": {"type": "component",
                                                           "id": "ansatte"}}]
    client, page = start_service(tmp_path, layout, schema_properties=SCHEMA)
    a, _b = _store_rows(client, page, ["Alfa", "Beta"])
    body = client.post(page, data={"action": f"row-delete:ansatte:{a}"},
                       headers={"HX-Request": "true"}).get_data(as_text=True)
    summary = body[body.index('id="bk_c_sum"'):]
    assert "Beta" in summary and "Alfa" not in summary
    assert 'role="status" hx-swap-oob="true">Raden er slettet.</p>' in body


def test_a_table_button_with_a_broken_anchor_still_saves_and_shows(tmp_path: Path) -> None:
    client, page = _many(tmp_path)
    response = client.post(page, data={"action": "show:rowpage=ansatte:2#x\r\nSet-Cookie: a=b"})
    assert response.status_code == 303
    assert response.headers["Location"] == page + "?rowpage=ansatte:2"


def test_a_nested_groups_rows_open_inside_their_outer_row(tmp_path: Path) -> None:
    layout = [
        {"id": "bygg", "type": "RepeatingGroup", "dataModelBindings": {"group": "bygg"},
         "textResourceBindings": {"title": "Bygg"}, "children": ["0:bygg-navn", "1:rom"],
         "edit": {"multiPage": True}},
        {"id": "bygg-navn", "type": "Input", "textResourceBindings": {"title": "Bygg"},
         "dataModelBindings": {"simpleBinding": "bygg.navn"}},
        {"id": "rom", "type": "RepeatingGroup", "dataModelBindings": {"group": "bygg.rom"},
         "textResourceBindings": {"title": "Rom"}, "children": ["rom-navn"]},
        {"id": "rom-navn", "type": "Input", "textResourceBindings": {"title": "Romnavn"},
         "dataModelBindings": {"simpleBinding": "bygg.rom.navn"}},
    ]
    schema = {"bygg": {"type": "array", "items": {"type": "object", "properties": {
        "altinnRowId": {"type": "string"}, "navn": {"type": "string"},
        "rom": {"type": "array", "items": {"type": "object", "properties": {
            "altinnRowId": {"type": "string"}, "navn": {"type": "string"}}}}}}}}
    client, page = start_service(tmp_path, layout, schema_properties=schema)
    outer = client.post(page, data={"action": "row-add:bygg"}).headers["Location"]
    outer_id = outer.split(":", 1)[1].split("#")[0]
    inner_group = f"rom__r{outer_id}"
    added = client.post(page, data={"action": f"row-add:{inner_group}"}).headers["Location"]
    # The outer row stays open, on the editor page that holds the inner group.
    assert f"edit=bygg:{outer_id}" in added and "editpage=bygg:1" in added
    inner_id = added.split(f"edit={inner_group}:", 1)[1].split("#")[0].split("&")[0]
    html = client.get(added.split("#")[0]).get_data(as_text=True)
    assert 'name="bygg[0].rom[0].navn"' in html
    client.post(page, data={"action": f"row-save:{inner_group}:{inner_id}",
                            "bk_row": [f"bygg[0]={outer_id}", f"bygg[0].rom[0]={inner_id}"],
                            "bygg[0].rom[0].navn": "Stue"})
    assert stored_data(client, page)["bygg"][0]["rom"] == [
        {"altinnRowId": inner_id, "navn": "Stue"}]
