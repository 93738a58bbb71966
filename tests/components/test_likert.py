"""Likert: a table of radio groups (a question per row, an option per column), each radio
named by its question and option; posting saves each row's answer in its row."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from flask.testing import FlaskClient

from tests.components.conftest import build_app, start_service
from tests.conftest import make_app
from tests.test_pages import stored_data

OPTIONS = [{"value": "1", "label": "Alltid"}, {"value": "2", "label": "Ofte"},
           {"value": "3", "label": "Sjelden"}]
SCHEMA = {"sporsmal": {"type": "array", "items": {"type": "object", "properties": {
    "tekst": {"type": "string"}, "svar": {"type": "string"}}}}}
QUESTIONS = {"sporsmal": [{"tekst": "Jeg trives"}, {"tekst": "Jeg lærer"},
                          {"tekst": "Jeg blir sett"}]}


def _likert(**extra: Any) -> dict[str, Any]:
    return {"id": "skole", "type": "Likert",
            "textResourceBindings": {"title": "Skolearbeid", "questions": "likert.rad"},
            "dataModelBindings": {"questions": "sporsmal", "answer": "sporsmal.svar"},
            "options": OPTIONS, **extra}


def test_a_table_of_radio_groups_named_by_question_and_option(render) -> None:  # noqa: ANN001
    data = {"sporsmal": [{"tekst": "Jeg trives", "svar": "2"}, {"tekst": "Jeg lærer"}]}
    html = render([_likert(textResourceBindings={"title": "Skolearbeid",
                                                 "questions": "Påstand"})],
                  data=data, schema_properties=SCHEMA)
    assert re.search(r'<fieldset class="ds-fieldset[^"]*" data-component="Likert"', html)
    assert '<legend class="ds-label">Skolearbeid</legend>' in html
    assert '<th scope="col" id="skole__opt0">Alltid</th>' in html
    assert '<th scope="row"><span id="skole__q1">Påstand</span></th>' in html
    # The first radio carries the component's id, so error links land on it.
    assert re.search(r'<input class="ds-input" type="radio" id="skole" name="sporsmal\[0\].svar" '
                     r'value="1" aria-labelledby="skole__q0 skole__opt0">', html)
    assert re.search(r'id="skole__q0__o1" name="sporsmal\[0\].svar" value="2" '
                     r'aria-labelledby="skole__q0 skole__opt1" checked>', html)
    assert 'id="skole__q1__o2" name="sporsmal[1].svar" value="3"' in html


def test_question_texts_read_each_row_and_filter_picks_rows(tmp_path: Path) -> None:
    """`{0}` variables in the question text are read in each row; filter shows rows 1 and 2."""
    from flask import render_template

    from forms.loader import load_app
    from forms.render import PageView

    likert = _likert(filter=[{"key": "start", "value": "1"}, {"key": "stop", "value": 3}])
    target = build_app(tmp_path, [likert], schema_properties=SCHEMA)
    texts = target / "App/config/texts/resource.nb.json"
    resources = json.loads(texts.read_text(encoding="utf-8"))
    resources["resources"].append({"id": "likert.rad", "value": "Påstand: {0}", "variables": [
        {"key": "sporsmal[{0}].tekst", "dataSource": "dataModel.default"}]})
    texts.write_text(json.dumps(resources, ensure_ascii=False), encoding="utf-8")
    app, problems = load_app(target)
    assert app is not None, [str(p) for p in problems]
    layout_set = app.layout_sets["form"]
    with make_app(tmp_path, BLANKETT_APPS_DIR=str(target.parent)).test_request_context("/"):
        view = PageView(app, layout_set, layout_set.pages["test"], QUESTIONS, "nb",
                        lambda name: f"/page/{name}")
        html = render_template("form_page.html", view=view, instance=None, lang="nb")
    assert "Jeg trives" not in html and "skole__q0" not in html
    assert '<span id="skole__q1">Påstand: Jeg lærer</span>' in html
    assert '<span id="skole__q2">Påstand: Jeg blir sett</span>' in html
    assert 'id="skole" name="sporsmal[1].svar"' in html


def test_no_rows_says_so(render) -> None:  # noqa: ANN001
    html = render([_likert()], schema_properties=SCHEMA)
    assert "Det er ingen spørsmål å svare på her." in html and "<table" not in html


def _client(tmp_path: Path, texts: dict[str, str]) -> tuple[FlaskClient, str]:
    client, page = start_service(tmp_path, [_likert()], schema_properties=SCHEMA, texts=texts)
    _store(client, page, QUESTIONS)
    return client, page


def _store(client: FlaskClient, page: str, data: dict[str, Any]) -> None:
    from storage import repository
    from web.db import db_session

    with client.application.app_context():
        instance = repository.get_instance(db_session(), page.split("/")[3])
        assert instance is not None
        element = repository.form_data_element(instance, "model")
        assert element is not None
        repository.save_form_data(element, data, "test")
        db_session().commit()


def test_posting_saves_each_rows_answer_in_its_row(tmp_path: Path) -> None:
    client, page = _client(tmp_path, {"likert.rad": "Påstand"})
    response = client.post(page, data={"action": "save", "sporsmal[0].svar": "3",
                                       "sporsmal[2].svar": "1"})
    assert response.status_code == 303
    rows = stored_data(client, page)["sporsmal"]
    assert [row.get("svar") for row in rows] == ["3", None, "1"]
    assert rows[0]["tekst"] == "Jeg trives"  # the rest of the row is kept
    html = client.get(page).get_data(as_text=True)
    assert 'name="sporsmal[0].svar" value="3" aria-labelledby="skole__q0 skole__opt2" checked' \
        in html


def test_rows_beyond_the_data_limit_are_not_written(tmp_path: Path) -> None:
    client, page = _client(tmp_path, {"likert.rad": "Påstand"})
    client.post(page, data={"action": "save", "sporsmal[5000].svar": "1"})
    assert len(stored_data(client, page)["sporsmal"]) == 3


def test_a_summary_lists_each_question_with_its_answer(render) -> None:  # noqa: ANN001
    summary = {"id": "oppsummering", "type": "Summary", "componentRef": "skole"}
    data = {"sporsmal": [{"tekst": "Jeg trives", "svar": "1"}, {"tekst": "Jeg lærer"}]}
    html = render([_likert(textResourceBindings={"title": "Skolearbeid", "questions": "rad"}),
                   summary], data=data, schema_properties=SCHEMA,
                  texts={"rad": "Påstand"})
    assert "Påstand: Alltid\nPåstand: Ikke besvart" in html
