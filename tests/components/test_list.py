"""List: Blankett has no data-list provider; an options file of the same id is shown as a table,
otherwise a note says the list is not available."""

from __future__ import annotations

LIST = {"id": "personer", "type": "List", "textResourceBindings": {"title": "Hvem gjelder saken?"},
        "dataListId": "personer", "dataModelBindings": {"name": "valgt.navn"}}


def test_without_data_a_clear_note(render) -> None:  # noqa: ANN001
    html = render([LIST])
    assert '<p class="ds-label">Hvem gjelder saken?</p>' in html
    assert "Listen kan ikke vises her ennå." in html and "<table" not in html


def test_columns_only_the_apps_provider_knows_are_not_guessed(render) -> None:  # noqa: ANN001
    html = render([{**LIST, "tableHeaders": {"name": "Navn", "age": "Alder"}}],
                  options={"personer": [{"value": "kari", "label": "Kari"}]})
    assert "Listen kan ikke vises her ennå." in html


def test_static_rows_as_a_table(render) -> None:  # noqa: ANN001
    html = render([{**LIST, "tableHeaders": {"label": "Navn", "description": "Rolle"}}],
                  options={"personer": [
                      {"value": "kari", "label": "Kari", "description": "Søker"},
                      {"value": "ola", "label": "Ola"}]})
    assert '<caption>Hvem gjelder saken?</caption>' in html
    assert '<th scope="col">Navn</th><th scope="col">Rolle</th>' in html
    assert "<tr><td>Kari</td><td>Søker</td></tr>" in html
    assert "<tr><td>Ola</td><td></td></tr>" in html
