"""Map without tiles: a labelled text field for "latitude,longitude", the format described."""

from __future__ import annotations

from pathlib import Path

import pytest

from forms.components.map import normalise_position
from tests.components.conftest import start_service
from tests.test_pages import stored_data

MAP = {"id": "sted", "type": "Map", "textResourceBindings": {"title": "Velg lokasjon",
                                                             "description": "Der du bor."},
       "dataModelBindings": {"simpleBinding": "kart.punkt", "geometries": "kart.geo"},
       "centerLocation": {"latitude": 59.9, "longitude": 10.8}, "zoom": 6}
SCHEMA = {"kart": {"type": "object", "properties": {"punkt": {"type": "string"},
                                                    "geo": {"type": "string"}}}}


def test_a_labelled_field_with_the_format_explained(render) -> None:  # noqa: ANN001
    html = render([MAP], data={"kart": {"punkt": "59.91,10.75"}}, schema_properties=SCHEMA)
    assert '<label class="ds-label" for="sted">Velg lokasjon</label>' in html
    assert '<div data-field="description" id="sted__format">Skriv breddegrad og' in html
    assert 'name="kart.punkt" type="text" value="59.91,10.75"' in html
    assert 'aria-describedby="sted__description sted__format"' in html


@pytest.mark.parametrize(("typed", "stored"), [
    ("59.91, 10.75", "59.91,10.75"), ("59.91 10.75", "59.91,10.75"),
    ("-33.9;+18.4", "-33.9,18.4"), ("Oslo", "Oslo")])
def test_positions_are_stored_as_lat_comma_lon(typed: str, stored: str) -> None:
    assert normalise_position(typed) == stored


def test_posting_the_page_saves_the_position(tmp_path: Path) -> None:
    client, page = start_service(tmp_path, [MAP], schema_properties=SCHEMA)
    client.post(page, data={"action": "save", "kart.punkt": "59.91, 10.75"})
    assert stored_data(client, page)["kart"] == {"punkt": "59.91,10.75"}
