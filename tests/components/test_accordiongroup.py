"""AccordionGroup: accordions together; a title becomes a heading above theirs."""

from __future__ import annotations

COMPONENTS = [
    {"id": "forste-trekk", "type": "Accordion", "children": ["forste-tekst"],
     "textResourceBindings": {"title": "Første"}},
    {"id": "andre-trekk", "type": "Accordion", "children": ["andre-tekst"],
     "textResourceBindings": {"title": "Andre"}},
    {"id": "forste-tekst", "type": "Paragraph", "textResourceBindings": {"title": "En"}},
    {"id": "andre-tekst", "type": "Paragraph", "textResourceBindings": {"title": "To"}},
]


def group(**props: object) -> dict[str, object]:
    return {"id": "trekkspill", "type": "AccordionGroup",
            "children": ["forste-trekk", "andre-trekk"], **props}


def test_the_accordions_are_inside_in_order(render) -> None:  # noqa: ANN001
    html = render([group(), *COMPONENTS])
    inside = html.split('<div class="accordion-group" id="trekkspill">')[1]
    assert inside.index('id="forste-trekk"') < inside.index('id="andre-trekk"')
    assert '<summary><h2 class="ds-heading accordion__title" data-size="xs">Første' in inside
    assert html.count('id="bk_c_forste-trekk"') == 1


def test_a_title_is_a_heading_and_the_accordions_go_one_level_down(render) -> None:  # noqa: ANN001
    html = render([group(textResourceBindings={"title": "Spørsmål og svar"}), *COMPONENTS])
    assert '<h2 class="ds-heading" data-size="sm">Spørsmål og svar</h2>' in html
    assert '<summary><h3 class="ds-heading accordion__title" data-size="xs">Første' in html
