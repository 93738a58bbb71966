"""Text: a title and a value (plain or an expression), read as a term and its description."""

from __future__ import annotations

TITLED = {"id": "fornavn-tekst", "type": "Text", "textResourceBindings": {"title": "Fornavn"}}


def test_a_titled_value_is_a_term_and_its_description(render) -> None:  # noqa: ANN001
    html = render([{**TITLED, "value": "Kari"}])
    assert '<div class="display-value" id="fornavn-tekst" data-component="Text">' in html
    assert "<dt>Fornavn</dt>" in html
    assert "<dd>Kari</dd>" in html
    assert "<label" not in html.split('id="fornavn-tekst"')[1].split("</dl>")[0]  # not a field
    assert 'name="' not in html.split('id="fornavn-tekst"')[1].split("</dl>")[0]


def test_the_value_may_be_an_expression(render) -> None:  # noqa: ANN001
    html = render([{**TITLED, "value": ["dataModel", "soker.navn"]}],
                  data={"soker": {"navn": "Ola"}})
    assert "<dd>Ola</dd>" in html
    html = render([{**TITLED, "value": ["concat", "Hei, ", ["dataModel", "soker.navn"]]}],
                  data={"soker": {"navn": "Ola"}})
    assert "<dd>Hei, Ola</dd>" in html


def test_an_empty_value_says_so(render) -> None:  # noqa: ANN001
    html = render([{**TITLED, "value": ["dataModel", "soker.navn"]}])
    assert '<dd><span class="summary__empty">Ikke besvart</span></dd>' in html


def test_without_a_title_only_the_value_is_shown(render) -> None:  # noqa: ANN001
    html = render([{"id": "bare-tekst", "type": "Text", "value": "Mitt etternavn"}])
    assert ('<p class="ds-paragraph display-value" id="bare-tekst" data-component="Text">'
            "Mitt etternavn</p>") in html
    assert "<dl" not in html.split('id="bare-tekst"')[1].split("</p>")[0]


def test_description_and_help_follow_the_pair(render) -> None:  # noqa: ANN001
    html = render([{**TITLED, "value": "Kari",
                    "textResourceBindings": {"title": "Fornavn", "description": "Som i passet",
                                             "help": "Hjelpetekst"}}])
    assert 'id="fornavn-tekst__description">Som i passet</div>' in html
    assert '<summary>Hjelp<span class="ds-sr-only">: Fornavn</span></summary>' in html


def test_markup_in_the_value_is_escaped(render) -> None:  # noqa: ANN001
    html = render([{**TITLED, "value": "<b>fet</b>"}])
    assert "<dd>&lt;b&gt;fet&lt;/b&gt;</dd>" in html
