def test_render_builds_a_page_from_layout_json(render) -> None:  # noqa: ANN001
    html = render([{"id": "navn-felt", "type": "Input", "textResourceBindings": {"title": "Navn"},
                    "dataModelBindings": {"simpleBinding": "soker.navn"}}],
                  data={"soker": {"navn": "Kari"}})
    assert '<label class="ds-label" for="navn-felt">Navn</label>' in html
    assert 'value="Kari"' in html
