"""MultipleSelect: without JavaScript, a fieldset of checkboxes; stored comma-separated."""

from __future__ import annotations

import re
from pathlib import Path

from tests.components.conftest import build_app
from tests.conftest import login, make_app, start_instance
from tests.test_pages import stored_data

SELECT = {"id": "farger", "type": "MultipleSelect", "textResourceBindings": {"title": "Farger"},
          "dataModelBindings": {"simpleBinding": "farger"},
          "options": [{"value": "rod", "label": "Rød"}, {"value": "bla", "label": "Blå"},
                      {"value": "gul", "label": "Gul"}]}
SCHEMA = {"farger": {"type": "string"}}


def test_a_fieldset_of_labelled_checkboxes(render) -> None:  # noqa: ANN001
    html = render([SELECT], schema_properties=SCHEMA)
    assert re.search(r'<fieldset class="ds-fieldset[^"]*" data-component="MultipleSelect"', html)
    assert '<legend class="ds-label">Farger</legend>' in html
    assert '<input type="hidden" name="farger.__present" value="1">' in html
    assert re.search(r'<input class="ds-input" type="checkbox" id="farger" name="farger" '
                     r'value="rod"', html)
    assert '<label class="ds-label" for="farger">Rød</label>' in html
    assert '<label class="ds-label" for="farger__opt1">Blå</label>' in html


def test_a_summary_shows_the_chosen_labels(render) -> None:  # noqa: ANN001
    summary = {"id": "oppsummering", "type": "Summary", "componentRef": "farger"}
    html = render([SELECT, summary], data={"farger": "gul,rod"}, schema_properties=SCHEMA)
    assert "<dd>Rød, Gul</dd>" in html


def _client(tmp_path: Path):  # noqa: ANN202
    target = build_app(tmp_path, [SELECT], schema_properties=SCHEMA)
    client = make_app(tmp_path, BLANKETT_APPS_DIR=str(target.parent)).test_client()
    login(client)
    return client, start_instance(client)


def test_one_choice_and_no_choice_are_saved(tmp_path: Path) -> None:
    client, page = _client(tmp_path)
    client.post(page, data={"action": "save", "farger.__present": "1", "farger": "bla"})
    assert stored_data(client, page)["farger"] == "bla"
    assert re.search(r'value="bla" checked', client.get(page).get_data(as_text=True))
    client.post(page, data={"action": "save", "farger.__present": "1"})
    assert "farger" not in stored_data(client, page)


def test_several_choices_are_saved_comma_separated(tmp_path: Path) -> None:
    client, page = _client(tmp_path)
    response = client.post(page, data={"action": "save", "farger.__present": "1",
                                       "farger": ["rod", "gul"]})
    assert response.status_code == 303
    assert stored_data(client, page)["farger"] == "rod,gul"
    html = client.get(page).get_data(as_text=True)
    assert re.search(r'value="rod" checked', html) and re.search(r'value="gul" checked', html)
