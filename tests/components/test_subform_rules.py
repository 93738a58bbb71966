"""Subform rules through the page routes, on the real service-task app with a few additions: a
second entry page with a required field (hidden by an expression when property1 is "skip"),
`maxCount` 2 on the entries' data type (its `minCount` 1 is the app's own), and a summary page.

Closing an entry checks the required fields of its visible pages and keeps it open on errors;
"Legg til" stops at maxCount (409 for a direct post); submitting the main form needs minCount
entries, each complete; summaries show the entries as a table, or in full."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from flask.testing import FlaskClient

from tests.conftest import SHARED_APPS, login, make_app, start_instance

SUBFORM = "Subform-z8we7d"
MAIN_INPUT = "Input-cCz5h3"
SECOND = {"id": "Input-andre", "type": "Input", "required": True,
          "dataModelBindings": {"simpleBinding": "property2"},
          "textResourceBindings": {"title": "andre.title"}}
SUMMARIES = [
    {"id": "sumTable", "type": "Summary2", "target": {"type": "component", "id": SUBFORM}},
    {"id": "sumFull", "type": "Summary2", "target": {"type": "component", "id": SUBFORM},
     "overrides": [{"componentId": SUBFORM, "display": "full"}]},
    {"id": "sumAll", "type": "Summary2", "target": {"type": "layoutSet"}},
]


def _write(path: Path, value: Any) -> None:
    path.write_text(json.dumps(value, ensure_ascii=False), encoding="utf-8")


def _read(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8-sig"))


def _service(copy_app: Any) -> Path:
    target: Path = copy_app(SHARED_APPS / "service-task")
    ui = target / "App/ui"
    _write(ui / "TestSubform/layouts/Side2.json", {"data": {
        "hidden": ["equals", ["dataModel", "property1"], "skip"], "layout": [SECOND]}})
    _write(ui / "TestSubform/Settings.json", {"pages": {"order": ["Side1", "Side2"]}})
    _write(ui / "form/layouts/Oppsummering.json", {"data": {"layout": SUMMARIES}})
    _write(ui / "form/Settings.json", {"pages": {"order": ["Side1", "Oppsummering"]}})
    metadata_file = target / "App/config/applicationmetadata.json"
    metadata = _read(metadata_file)
    entry_type = next(t for t in metadata["dataTypes"] if t["id"] == "SubformModel")
    entry_type["maxCount"] = 2
    _write(metadata_file, metadata)
    texts_file = target / "App/config/texts/resource.nb.json"
    texts = _read(texts_file)
    texts["resources"].append({"id": "andre.title", "value": "Andre felt"})
    _write(texts_file, texts)
    return target


def _client(tmp_path: Path, copy_app: Any) -> tuple[FlaskClient, str]:
    target = _service(copy_app)
    client = make_app(tmp_path, BLANKETT_APPS_DIR=str(target.parent)).test_client()
    login(client)
    page = start_instance(client, "ttd/service-task")
    assert page.endswith("/page/Side1")
    return client, page


def _add(client: FlaskClient, page: str) -> str:
    response = client.post(page, data={"action": f"subform-add:{SUBFORM}"})
    assert response.status_code == 303, response.get_data(as_text=True)
    return str(response.headers["Location"])


def _entries(client: FlaskClient, page: str) -> list[tuple[str, dict[str, Any]]]:
    from storage import repository
    from web.db import db_session

    with client.application.app_context():
        instance = repository.get_instance(db_session(), page.split("/")[3])
        assert instance is not None
        return [(e.id, repository.read_form_data(e)) for e in instance.data_elements
                if e.data_type == "SubformModel"]


def _error_links(html: str) -> dict[str, str]:
    """The error summary's links: message → href."""
    summary = html[html.index('id="bk_errors"'):]
    summary = summary[:summary.index("</div>")]
    return {text: href for href, text in re.findall(r'<a class="ds-link" href="([^"]*)">([^<]*)',
                                                    summary)}


def test_closing_an_entry_shows_its_missing_answers_and_keeps_it_open(
        tmp_path: Path, copy_app: Any) -> None:
    client, page = _client(tmp_path, copy_app)
    entry = _add(client, page)
    side2 = entry.replace("/page/Side1", "/page/Side2")

    response = client.post(entry, data={"action": "close-subform", "property1": ""})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "<title>Feil:" in html and "data-autofocus" in html
    assert _error_links(html) == {"Du må fylle ut subform tekstfelt": "#Input-bYOAVi",
                                  "Du må fylle ut andre felt": f"{side2}#Input-andre"}
    assert 'id="Input-bYOAVi__error"' in html and f'action="{entry}"' in html

    # What was typed is kept; the other page's field still stops the entry from closing.
    response = client.post(entry, data={"action": "close-subform", "property1": "Første"})
    assert response.status_code == 422
    assert _error_links(response.get_data(as_text=True)) == {
        "Du må fylle ut andre felt": f"{side2}#Input-andre"}
    [(_id, data)] = _entries(client, page)
    assert data == {"property1": "Første"}

    response = client.post(side2, data={"action": "close-subform", "property2": "B"})
    assert response.status_code == 303
    assert response.headers["Location"] == f"{page}#{SUBFORM}"


def test_a_hidden_entry_page_is_not_checked_and_htmx_gets_the_errors_in_place(
        tmp_path: Path, copy_app: Any) -> None:
    client, page = _client(tmp_path, copy_app)
    entry = _add(client, page)
    headers = {"HX-Request": "true"}
    response = client.post(entry, data={"action": "close-subform"}, headers=headers)
    assert response.status_code == 422 and "HX-Redirect" not in response.headers
    html = response.get_data(as_text=True)
    assert html.lstrip().startswith("<title>") and 'id="bk_errors"' in html
    assert "Du må fylle ut subform tekstfelt" in html

    response = client.post(entry, data={"action": "close-subform", "property1": "skip"},
                           headers=headers)
    assert response.status_code == 204
    assert response.headers["HX-Redirect"] == f"{page}#{SUBFORM}"


def test_add_stops_at_max_count(tmp_path: Path, copy_app: Any) -> None:
    client, page = _client(tmp_path, copy_app)
    _add(client, page)
    _add(client, page)
    html = client.get(page).get_data(as_text=True)
    assert f"subform-add:{SUBFORM}" not in html
    assert "Du har lagt til så mange rader som er tillatt her." in html
    response = client.post(page, data={"action": f"subform-add:{SUBFORM}"})
    assert response.status_code == 409
    assert "Du kan ikke legge til flere rader i Subform-1. Grensen er 2." in (
        response.get_data(as_text=True))
    assert len(_entries(client, page)) == 2

    # Deleting one makes room again.
    element_id = _entries(client, page)[0][0]
    client.post(page, data={"action": f"subform-delete:{element_id}"})
    assert f"subform-add:{SUBFORM}" in client.get(page).get_data(as_text=True)


def test_submit_needs_min_count_entries_each_complete(tmp_path: Path,
                                                      copy_app: Any) -> None:
    client, page = _client(tmp_path, copy_app)
    response = client.post(page, data={"action": "submit", "property1": "x"})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert _error_links(html) == {
        "Du må legge til minst én rad i Subform-1": f"#{SUBFORM}__add"}
    assert (f'<p class="ds-validation-message" data-field="validation" id="{SUBFORM}__error">'
            '<span class="ds-sr-only">Feil: </span>'
            "Du må legge til minst én rad i Subform-1</p>") in html
    assert re.search(rf'id="{SUBFORM}__add" aria-describedby="{SUBFORM}__error"', html)

    entry = _add(client, page)
    client.post(entry, data={"action": "next", "property1": "Første"})
    [(element_id, _data)] = _entries(client, page)
    response = client.post(page, data={"action": "submit", "property1": "x"})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert _error_links(html) == {
        "Rad 1 (Første) i Subform-1 har felt som må fylles ut": entry}
    row = html[html.index(f'<tr id="{SUBFORM}__row_{element_id}">'):]
    assert "Rad 1 (Første) i Subform-1 har felt som må fylles ut" in row[:row.index("</tr>")]

    client.post(entry.replace("/page/Side1", "/page/Side2"),
                data={"action": "close-subform", "property2": "B"})
    response = client.post(page, data={"action": "submit", "property1": "x"})
    assert response.status_code == 303, response.get_data(as_text=True)
    assert "/page/" not in response.headers["Location"]  # the task ended: on to the next step


def test_messages_in_english(tmp_path: Path, copy_app: Any) -> None:
    client, page = _client(tmp_path, copy_app)
    client.post("/language", data={"lang": "en", "next": "/"})
    html = client.post(page, data={"action": "submit", "property1": "x"}).get_data(as_text=True)
    assert "You must add at least one row to Subform-1" in html


def test_summaries_show_the_entries_as_a_table_or_in_full(tmp_path: Path,
                                                          copy_app: Any) -> None:
    client, page = _client(tmp_path, copy_app)
    summary_page = page.replace("/page/Side1", "/page/Oppsummering")
    html = client.get(summary_page).get_data(as_text=True)
    assert html.count("Ingen rader er lagt til ennå.") == 3

    entry = _add(client, page)
    client.post(entry.replace("/page/Side1", "/page/Side2"),
                data={"action": "close-subform", "property2": "B"})
    client.post(entry, data={"action": "save", "property1": "Første"})
    html = client.get(summary_page).get_data(as_text=True)

    table = _part(html, 'id="sumTable"', '<div class="summary" id="sumFull"')
    assert re.search(r'<th scope="col">Subform tekstfelt</th>.*<td>Første</td>', table, re.S)
    assert "subform-delete" not in table and "Endre" not in table

    full = _part(html, 'id="sumFull"', '<div class="summary" id="sumAll"')
    assert "<table" not in full
    assert re.search(r"<h5 [^>]*>Rad 1 \(Første\)</h5>", full)
    assert re.search(r"<dt>Subform tekstfelt</dt>\s*<dd>Første</dd>", full)
    assert re.search(r"<dt>Andre felt</dt>\s*<dd>B</dd>", full)
    side2 = entry.replace("/page/Side1", "/page/Side2")
    assert f'href="{side2}#Input-andre">Endre' in full

    everything = _part(html, 'id="sumAll"', "</form>")  # the page with the Subform, in order
    assert everything.index(f"#{MAIN_INPUT}") < everything.index("<td>Første</td>")


def _part(html: str, start: str, end: str) -> str:
    part = html[html.index(start):]
    return part[:part.index(end)]


def test_the_summary_renders_from_a_page_view_alone(tmp_path: Path, copy_app: Any) -> None:
    """What a receipt or PDF does: a PageView with the entries and no web routes; the entries
    show in full, read-only (no change links)."""
    from flask import render_template

    from forms.loader import load_app
    from forms.render import PageView

    target = _service(copy_app)
    app, problems = load_app(target)
    assert app is not None, [str(p) for p in problems]
    layout_set = app.layout_sets["form"]
    view = PageView(app, layout_set, layout_set.pages["Oppsummering"], {"property1": "x"},
                    "nb", lambda name: f"/p/{name}", read_only=True)
    view.subform_entries = {"SubformModel": [("e1", {"property1": "Én", "property2": "To"})]}
    with make_app(tmp_path, BLANKETT_APPS_DIR=str(target.parent)).test_request_context("/"):
        html = render_template("form_page.html", view=view, instance=None, lang="nb")
    full = _part(html, 'id="sumFull"', '<div class="summary" id="sumAll"')
    assert re.search(r"<dt>Andre felt</dt>\s*<dd>To</dd>", full)
    assert "Endre" not in html and "subform-add" not in html


def test_the_entry_checks_need_no_web_layer(tmp_path: Path, copy_app: Any) -> None:
    """The same check a process step could run: an entry missing an answer is named, with its
    table row as the place to look when no route serves entries."""
    from forms.loader import load_app
    from forms.render import PageView
    from forms.validation import validate

    app, _problems = load_app(_service(copy_app))
    assert app is not None
    layout_set = app.layout_sets["form"]
    view = PageView(app, layout_set, layout_set.pages["Side1"], {"property1": "x"}, "nb",
                    lambda name: f"/p/{name}")
    view.subform_entries = {"SubformModel": [("e1", {"property1": "Én"}),
                                             ("e2", {"property1": "skip"})]}
    assert [(i.component_id, i.description, i.data_element_id) for i in validate(view)] == [
        (f"{SUBFORM}__row_e1", "Rad 1 (Én) i Subform-1 har felt som må fylles ut", "e1")]
