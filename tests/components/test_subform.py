"""Subform through the page routes, on the real service-task app: a table of entries (each its
own data element), "Legg til" opens a new entry's page, "Ferdig" (closeSubform) saves it and
goes back, the row shows the column values, "Slett" removes it. Works without JavaScript;
another party gets 404."""

from __future__ import annotations

import re
from pathlib import Path

from flask.testing import FlaskClient

from tests.conftest import SHARED_APPS, login, make_app, start_instance

APP_ID = "ttd/service-task"


def _client(tmp_path: Path) -> tuple[FlaskClient, str]:
    app = make_app(tmp_path, BLANKETT_APPS_DIR=str(SHARED_APPS))
    client = app.test_client()
    login(client)
    first = start_instance(client, APP_ID)
    assert first.endswith("/page/Side1")
    return client, first


def _entries(client: FlaskClient, page: str) -> list[tuple[str, dict]]:
    from storage import repository
    from web.db import db_session

    with client.application.app_context():
        instance = repository.get_instance(db_session(), page.split("/")[3])
        assert instance is not None
        return [(e.id, repository.read_form_data(e)) for e in instance.data_elements
                if e.data_type == "SubformModel"]


def _add(client: FlaskClient, page: str) -> str:
    response = client.post(page, data={"action": "subform-add:Subform-z8we7d"})
    assert response.status_code == 303, response.get_data(as_text=True)
    entry = response.headers["Location"]
    assert re.search(r"/subform/[^/]+/page/Side1$", entry), entry
    return entry


def test_add_fill_close_show_and_delete_an_entry(tmp_path: Path) -> None:
    client, page = _client(tmp_path)
    html = client.get(page).get_data(as_text=True)
    assert 'class="unsupported"' not in html
    assert "Subform-1" in html and "Ingen rader er lagt til ennå." in html
    assert 'name="action" value="subform-add:Subform-z8we7d"' in html

    entry = _add(client, page)
    [(element_id, data)] = _entries(client, page)
    assert data == {} and f"/subform/{element_id}/" in entry

    html = client.get(entry).get_data(as_text=True)
    assert '<label class="ds-label" for="Input-bYOAVi">Subform tekstfelt' in html
    assert f'action="{entry}"' in html
    assert re.search(r'<button[^>]*type="submit" name="action" value="close-subform"'
                     r'[^>]*>Ferdig</button>', html), html

    response = client.post(entry, data={"action": "close-subform", "property1": "Første"})
    assert response.status_code == 303
    assert response.headers["Location"] == page + "#Subform-z8we7d"
    assert _entries(client, page) == [(element_id, {"property1": "Første"})]

    html = client.get(page).get_data(as_text=True)
    table = html[html.index('<table class="ds-table subform__table"'):]
    table = table[:table.index("</table>")]
    assert '<th scope="col">Subform tekstfelt</th>' in table
    assert "<td>Første</td>" in table
    assert (f'href="{entry}">Endre<span class="ds-sr-only"> Rad 1 (Første)</span></a>'
            in table)
    assert (f'value="subform-delete:{element_id}">Slett<span class="ds-sr-only"> Rad 1 '
            f'(Første)</span></button>') in table

    # The entry opens again with its answer; the parent's answers stay apart.
    assert 'value="Første"' in client.get(entry).get_data(as_text=True)

    response = client.post(page, data={"action": f"subform-delete:{element_id}"})
    assert response.status_code == 303
    assert response.headers["Location"] == page + "#Subform-z8we7d"
    assert _entries(client, page) == []
    assert client.get(entry).status_code == 404
    assert "Ingen rader er lagt til ennå." in client.get(page).get_data(as_text=True)


def test_with_htmx_add_and_close_load_the_next_page_whole(tmp_path: Path) -> None:
    client, page = _client(tmp_path)
    headers = {"HX-Request": "true"}
    response = client.post(page, data={"action": "subform-add:Subform-z8we7d"},
                           headers=headers)
    assert response.status_code == 204
    entry = response.headers["HX-Redirect"]
    response = client.post(entry, data={"action": "close-subform", "property1": "x"},
                           headers=headers)
    assert response.status_code == 204
    assert response.headers["HX-Redirect"] == page + "#Subform-z8we7d"
    [(element_id, _data)] = _entries(client, page)
    response = client.post(page, data={"action": f"subform-delete:{element_id}"},
                           headers=headers)
    assert response.status_code == 200
    assert response.headers["HX-Push-Url"] == page
    assert "Ingen rader er lagt til ennå." in response.get_data(as_text=True)


def test_only_subform_entries_are_served_and_unknown_actions_refused(tmp_path: Path) -> None:
    client, page = _client(tmp_path)
    base = page.rsplit("/page/", 1)[0]
    assert client.get(f"{base}/subform/nope/page/Side1").status_code == 404
    with client.application.app_context():
        from storage import repository
        from web.db import db_session

        instance = repository.get_instance(db_session(), page.split("/")[3])
        assert instance is not None
        model = repository.form_data_element(instance, "model")
        assert model is not None
        model_id = model.id
    # The task's own form data is not a subform entry.
    assert client.get(f"{base}/subform/{model_id}/page/Side1").status_code == 404
    assert client.post(page, data={"action": f"subform-delete:{model_id}"}).status_code == 404
    assert client.post(page, data={"action": "subform-add:Input-cCz5h3"}).status_code == 400
    entry = _add(client, page)
    assert client.get(entry.replace("/page/Side1", "/page/Nope")).status_code == 404


def test_another_party_gets_404(tmp_path: Path) -> None:
    client, page = _client(tmp_path)
    entry = _add(client, page)
    [(element_id, _data)] = _entries(client, page)
    other = client.application.test_client()
    login(other, 2002)  # Kari Nordvik, who does not act for this party
    assert other.get(entry).status_code == 404
    assert other.post(entry, data={"action": "close-subform", "property1": "x"}
                      ).status_code == 404
    assert other.post(page, data={"action": f"subform-delete:{element_id}"}).status_code == 404
    assert _entries(client, page) == [(element_id, {})]
