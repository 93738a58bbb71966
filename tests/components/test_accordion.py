"""Accordion: a `<details>` whose summary holds the title as a heading; its children inside."""

from __future__ import annotations

PARAGRAPH = {"id": "mer-tekst", "type": "Paragraph", "textResourceBindings": {"title": "Inni"}}
FIELD = {"id": "navn-felt", "type": "Input", "textResourceBindings": {"title": "Navn"},
         "dataModelBindings": {"simpleBinding": "soker.navn"}}


def accordion(**props: object) -> dict[str, object]:
    return {"id": "mer-info", "type": "Accordion", "children": ["mer-tekst"],
            "textResourceBindings": {"title": "Mer informasjon"}, **props}


def test_a_closed_details_with_the_title_as_a_heading(render) -> None:  # noqa: ANN001
    html = render([accordion(), PARAGRAPH])
    assert '<details class="ds-details accordion" id="mer-info">' in html
    assert ('<summary><h2 class="ds-heading accordion__title" data-size="xs">Mer informasjon'
            "</h2></summary>") in html
    inside = html.split('id="mer-info"')[1].split("</details>")[0]
    assert '<div id="bk_c_mer-tekst" class="bk-slot">' in inside
    assert html.count('id="bk_c_mer-tekst"') == 1  # claimed: not also at the page's root


def test_open_by_default_and_heading_level(render) -> None:  # noqa: ANN001
    html = render([accordion(openByDefault=True, headingLevel=4), PARAGRAPH])
    assert '<details class="ds-details accordion" id="mer-info" open>' in html
    assert '<summary><h4 class="ds-heading accordion__title"' in html


def test_a_field_inside_with_an_error_opens_it(render, monkeypatch) -> None:  # noqa: ANN001
    from forms.render import PageView

    original = PageView.error
    monkeypatch.setattr(PageView, "error", lambda self, c: "Skriv inn navn" if c.id ==
                        "navn-felt" else original(self, c))
    html = render([accordion(children=["navn-felt"]), FIELD])
    assert '<details class="ds-details accordion" id="mer-info" open>' in html
    assert 'aria-invalid="true"' in html


def test_hidden_children_are_empty_slots(render) -> None:  # noqa: ANN001
    html = render([accordion(), {**PARAGRAPH, "hidden": True}])
    assert '<div id="bk_c_mer-tekst" class="bk-slot" hidden></div>' in html
