"""Cards: each card with its title as a heading, its text, media and own components."""

from __future__ import annotations

CARDS = {"id": "kort", "type": "Cards", "color": "subtle", "cards": [
    {"title": "Varemerke", "description": "Et **merke**", "media": "merke-bilde"},
    {"title": "Andre", "body": "Kryss av her", "children": ["kake-felt"], "footer": "Takk"}]}
IMAGE = {"id": "merke-bilde", "type": "Image", "image": {"src": {"nb": "/static/x.png"}},
         "textResourceBindings": {"altTextImg": "Logoen"}}
FIELD = {"id": "kake-felt", "type": "Input", "textResourceBindings": {"title": "Kake"},
         "dataModelBindings": {"simpleBinding": "soker.navn"}}


def cards(html: str) -> list[str]:
    return html.split('<div class="ds-card cards__card" data-variant="tinted">')[1:]


def test_each_card_has_a_heading_text_and_its_components(render) -> None:  # noqa: ANN001
    html = render([CARDS, IMAGE, FIELD])
    first, second = cards(html)
    assert '<h2 class="ds-heading" data-size="xs">Varemerke</h2>' in first
    assert "<strong>merke</strong>" in first
    assert 'alt="Logoen"' in first
    assert first.index('alt="Logoen"') < first.index("Varemerke")  # media on top
    assert '<h2 class="ds-heading" data-size="xs">Andre</h2>' in second
    assert "Kryss av her" in second
    assert '<label class="ds-label" for="kake-felt">Kake</label>' in second
    assert "Takk" in second
    assert html.count('id="bk_c_merke-bilde"') == 1  # media and children are claimed
    assert html.count('id="bk_c_kake-felt"') == 1


def test_media_at_the_bottom(render) -> None:  # noqa: ANN001
    html = render([{**CARDS, "mediaPosition": "bottom"}, IMAGE, FIELD])
    first = cards(html)[0]
    assert first.index("Varemerke") < first.index('alt="Logoen"')


def test_headings_below_an_enclosing_heading(render) -> None:  # noqa: ANN001
    html = render([{"id": "mer", "type": "Accordion", "children": ["kort"],
                    "textResourceBindings": {"title": "Mer"}}, CARDS, IMAGE, FIELD])
    assert '<h3 class="ds-heading" data-size="xs">Varemerke</h3>' in html
