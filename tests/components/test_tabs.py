"""Tabs: without JavaScript every tab is a section with its title as a heading, all usable."""

from __future__ import annotations

TABS = {"id": "faner", "type": "Tabs", "tabs": [
    {"id": "tab-1", "title": "Nytt mellomnavn", "children": ["mellomnavn-felt"]},
    {"id": "tab-2", "title": "tab.etternavn", "children": ["etternavn-felt"]}]}
FIELDS = [
    {"id": "mellomnavn-felt", "type": "Input", "textResourceBindings": {"title": "Mellomnavn"},
     "dataModelBindings": {"simpleBinding": "soker.navn"}},
    {"id": "etternavn-felt", "type": "Input", "textResourceBindings": {"title": "Etternavn"},
     "dataModelBindings": {"simpleBinding": "soker.epost"}},
]


def test_every_tab_is_a_section_with_a_heading_and_its_fields(render) -> None:  # noqa: ANN001
    html = render([TABS, *FIELDS], texts={"tab.etternavn": "Nytt etternavn"})
    first = html.split('<section class="tabs__panel" id="faner__tab-1">')[1].split("</section>")[0]
    second = html.split('<section class="tabs__panel" id="faner__tab-2">')[1].split("</section>")[0]
    assert '<h2 class="ds-heading" data-size="sm">Nytt mellomnavn</h2>' in first
    assert '<label class="ds-label" for="mellomnavn-felt">Mellomnavn</label>' in first
    assert '<h2 class="ds-heading" data-size="sm">Nytt etternavn</h2>' in second
    assert '<label class="ds-label" for="etternavn-felt">Etternavn</label>' in second
    assert html.count('id="bk_c_etternavn-felt"') == 1
    assert 'role="tab' not in html  # no tab widget that would need a script


def test_a_tab_with_nothing_visible_is_left_out(render) -> None:  # noqa: ANN001
    html = render([TABS, FIELDS[0], {**FIELDS[1], "hidden": True}])
    assert 'id="faner__tab-1"' in html
    assert 'id="faner__tab-2"' not in html


def test_headings_inside_go_one_level_down(render) -> None:  # noqa: ANN001
    html = render([{**TABS, "tabs": [{"id": "tab-1", "title": "Mer", "children": ["info"]}],
                    "size": "large"},
                   {"id": "info", "type": "Accordion", "children": [],
                    "textResourceBindings": {"title": "Detaljer"}}])
    assert '<h2 class="ds-heading" data-size="md">Mer</h2>' in html
    assert '<summary><h3 class="ds-heading accordion__title" data-size="xs">Detaljer' in html
