"""RepeatingGroup through the page routes: add, fill, save, open, delete rows; rows keep
stable ids; a table with headers; actions named by their row; works without JavaScript."""

from __future__ import annotations

import re
from pathlib import Path

from flask.testing import FlaskClient

from tests.components.conftest import build_app
from tests.conftest import login, make_app, start_instance
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
    target = build_app(tmp_path, GROUP, schema_properties=SCHEMA)
    app = make_app(tmp_path, BLANKETT_APPS_DIR=str(target.parent))
    client = app.test_client()
    login(client)
    first = start_instance(client)
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
    assert '<legend class="ds-label">Rad 1</legend>' in html
    assert 'name="ansatte[0].navn"' in html and 'id="ansatt-navn__r0"' in html
    assert '<label class="ds-label" for="ansatt-navn__r0">Navn' in html

    row_id = opened.split(":", 1)[1].split("#")[0]
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
    assert '<span class="ds-sr-only"> Rad 1</span>' in table  # which row the action acts on

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
    html = client.get(second).get_data(as_text=True)
    assert 'id="ansatt-alder__r1"' in html  # the new row's age field shows
    html = client.get(page + f"?edit=ansatte:{row_id}").get_data(as_text=True)
    assert 'id="ansatt-alder__r0"' not in html  # hidden in the row whose name is "Skjult"


def test_required_fields_in_rows_are_checked_on_submit(tmp_path: Path) -> None:
    client, page = _client(tmp_path)
    opened = client.post(page, data={"action": "row-add:ansatte"}).headers["Location"]
    row_id = opened.split(":", 1)[1].split("#")[0]
    summary = page.rsplit("/", 1)[0] + "/oppsummering"
    html = client.post(summary, data={"action": "submit"}).get_data(as_text=True)
    assert f'href="{page}?edit=ansatte:{row_id}#ansatt-navn__r0"' in html
    html = client.get(page + f"?edit=ansatte:{row_id}").get_data(as_text=True)
    assert 'id="ansatt-navn__r0"' in html  # the link opens the row with the field
