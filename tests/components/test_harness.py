def test_render_builds_a_page_from_layout_json(render) -> None:  # noqa: ANN001
    html = render([{"id": "navn-felt", "type": "Input", "textResourceBindings": {"title": "Navn"},
                    "dataModelBindings": {"simpleBinding": "soker.navn"}}],
                  data={"soker": {"navn": "Kari"}})
    assert '<label class="ds-label" for="navn-felt">Navn</label>' in html
    assert 'value="Kari"' in html


def test_preselected_option_until_something_is_chosen(render) -> None:  # noqa: ANN001
    radios = [{"id": "valget", "type": "RadioButtons", "textResourceBindings": {"title": "Velg"},
               "dataModelBindings": {"simpleBinding": "soker.navn"},
               "options": [{"value": "a", "label": "A"}, {"value": "b", "label": "B"}],
               "preselectedOptionIndex": 1}]
    assert 'value="b" checked' in render(radios)
    html = render(radios, data={"soker": {"navn": "a"}})
    assert 'value="a" checked' in html and 'value="b" checked' not in html
