"""TimePicker: a labelled native time input; typed times are stored as HH:mm."""

from __future__ import annotations

from pathlib import Path

from tests.components.conftest import start_service
from tests.test_pages import stored_data

PICKER = [{"id": "klokka", "type": "TimePicker", "textResourceBindings": {
    "title": "Åpner klokka", "description": "Timer og minutter"},
    "dataModelBindings": {"simpleBinding": "soker.navn"}, "minTime": "06:00"}]


def test_renders_a_labelled_time_input(render) -> None:  # noqa: ANN001
    html = render(PICKER, data={"soker": {"navn": "08:30"}})
    assert '<label class="ds-label" for="klokka">Åpner klokka</label>' in html
    assert 'type="time" value="08:30"' in html and 'min="06:00"' in html
    assert 'aria-describedby="klokka__description"' in html


def test_typed_times_are_stored_as_hh_mm(tmp_path: Path) -> None:
    client, page = start_service(tmp_path, PICKER)
    client.post(page, data={"action": "save", "soker.navn": "7.05"})
    assert stored_data(client, page)["soker"]["navn"] == "07:05"
