"""Option: the label of the option a value stands for, shown with its title."""

from __future__ import annotations

INLINE = [{"label": "Hello World", "value": "hello-world"}, {"label": "Annet", "value": "x"}]


def test_the_option_label_is_shown_for_the_value(render) -> None:  # noqa: ANN001
    html = render([{"id": "valg-vist", "type": "Option", "textResourceBindings": {
        "title": "Bare tekst"}, "value": "hello-world", "options": INLINE}])
    assert '<div class="display-value" id="valg-vist" data-component="Option">' in html
    assert "<dt>Bare tekst</dt>" in html
    assert "<dd>Hello World</dd>" in html


def test_options_from_a_file_and_a_value_from_the_data_model(render) -> None:  # noqa: ANN001
    html = render([{"id": "dyr-vist", "type": "Option", "textResourceBindings": {"title": "Dyr"},
                    "value": ["dataModel", "soker.navn"], "optionsId": "dyr"}],
                  data={"soker": {"navn": "dog"}},
                  options={"dyr": [{"value": "dog", "label": "dyr.hund"}]},
                  texts={"dyr.hund": "Hund"})
    assert "<dd>Hund</dd>" in html


def test_a_value_without_an_option_is_shown_as_it_is(render) -> None:  # noqa: ANN001
    html = render([{"id": "valg-vist", "type": "Option", "textResourceBindings": {
        "title": "Bare tekst"}, "value": "ukjent", "options": INLINE}])
    assert "<dd>ukjent</dd>" in html
