"""Grid: a real table; header rows are <th>; cells hold texts, labels or components (rendered
in their slots, claimed as the grid's children)."""

from __future__ import annotations

import re
from pathlib import Path

from tests.components.conftest import start_service
from tests.test_pages import stored_data

GRID = {"id": "gjeld", "type": "Grid",
        "textResourceBindings": {"title": "Fordeling av gjeld", "description": "Alle lån."},
        "rows": [
            {"header": True, "cells": [None, {"text": "Beløp"}, {"labelFrom": "studie-belop"}]},
            {"cells": [{"text": "Boliglån", "help": "Lån med sikkerhet i bolig."},
                       {"component": "bolig-belop"}, {}]},
            {"readOnly": True, "cells": [{"text": "Studielån", "alignText": "right"},
                                         {"component": "studie-belop"}, {}]},
        ]}
FIELDS = [
    {"id": "bolig-belop", "type": "Input", "textResourceBindings": {"title": "Boliglån i kr"},
     "dataModelBindings": {"simpleBinding": "gjeld.bolig"}},
    {"id": "studie-belop", "type": "Input", "textResourceBindings": {"title": "Studielån i kr"},
     "dataModelBindings": {"simpleBinding": "gjeld.studie"},
     "hidden": ["equals", ["dataModel", "gjeld.bolig"], "skjul"]},
]
SCHEMA = {"gjeld": {"type": "object", "properties": {
    "bolig": {"type": "string"}, "studie": {"type": "string"}}}}


def test_a_table_with_header_cells_texts_and_components(render) -> None:  # noqa: ANN001
    html = render([GRID, *FIELDS], schema_properties=SCHEMA)
    assert re.search(r'<table class="ds-table" data-border id="gjeld" '
                     r'aria-describedby="gjeld__description">\s*<caption>Fordeling av gjeld'
                     r'</caption>\s*<thead>', html)
    assert '<th scope="col">Beløp</th>' in html
    assert '<th scope="col">Studielån i kr</th>' in html  # labelFrom
    assert "<td></td>" in html  # empty cells stay <td>, never an empty header
    assert re.search(r"</thead>\s*<tbody>", html)
    assert re.search(r'<td>Boliglån<details class="ds-details', html)
    # The components render inside their cells, each once, labels and all.
    assert re.search(r'<td><div id="bk_c_bolig-belop" class="bk-slot">\s*<div class="ds-field',
                     html)
    assert html.count('id="bk_c_studie-belop"') == 1
    assert '<label class="ds-label" for="studie-belop">Studielån i kr</label>' in html


def test_a_row_whose_components_are_all_hidden_is_left_out(render) -> None:  # noqa: ANN001
    html = render([GRID, *FIELDS], data={"gjeld": {"bolig": "skjul"}}, schema_properties=SCHEMA)
    assert "Studielån</td>" not in html and "bk_c_studie-belop" not in html
    assert "Boliglån" in html


def test_fields_in_cells_are_saved_from_the_page(tmp_path: Path) -> None:
    client, page = start_service(tmp_path, [GRID, *FIELDS], schema_properties=SCHEMA)
    client.post(page, data={"action": "save", "gjeld.bolig": "2000000", "gjeld.studie": "5000"})
    assert stored_data(client, page)["gjeld"] == {"bolig": "2000000", "studie": "5000"}
