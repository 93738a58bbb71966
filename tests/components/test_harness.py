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


def test_summary2_overrides(tmp_path, copy_app) -> None:  # noqa: ANN001
    """Hide a component or a page from a Summary2, or say what an empty answer shows."""
    import json

    from tests.conftest import SAMPLE_APPS, login, make_app, start_instance

    target = copy_app(SAMPLE_APPS / "serveringsbevilling")
    file = target / "App/ui/form/layouts/oppsummering.json"
    layout = json.loads(file.read_text(encoding="utf-8"))
    for component in layout["data"]["layout"]:
        if component["type"] == "Summary2":
            component["overrides"] = [
                {"componentId": "soker-adresse", "hidden": True},
                {"componentId": "soker-telefon", "emptyFieldText": "Ikke oppgitt telefon"},
                {"pageId": "styrer", "hidden": True}]
    file.write_text(json.dumps(layout), encoding="utf-8")
    app = make_app(tmp_path, BLANKETT_APPS_DIR=str(target.parent))
    client = app.test_client()
    login(client)
    page = start_instance(client).rsplit("/", 1)[0] + "/oppsummering"
    html = client.get(page).get_data(as_text=True)
    assert "Postadresse" not in html  # hidden component
    assert "Ikke oppgitt telefon" in html  # its own empty text
    assert "Styrer (daglig leder)" not in html and "Fødselsdato" not in html  # hidden page
    assert "Serveringssted" in html  # the rest is there


def test_an_unknown_type_is_a_marked_placeholder_in_local_mode_only(tmp_path) -> None:  # noqa: ANN001
    from flask import render_template

    from forms.loader import load_app
    from forms.render import PageView
    from tests.components.conftest import build_app
    from tests.conftest import make_app

    components = [{"id": "nytt-felt", "type": "FancyWidget", "children": ["inni-felt"]},
                  {"id": "inni-felt", "type": "Paragraph",
                   "textResourceBindings": {"title": "Barnet vises likevel"}}]
    target = build_app(tmp_path, components)
    app, _ = load_app(target)
    assert app is not None
    layout_set = app.layout_sets["form"]
    flask_app = make_app(tmp_path, BLANKETT_APPS_DIR=str(target.parent))
    with flask_app.test_request_context("/"):
        for local in (True, False):
            view = PageView(app, layout_set, layout_set.pages["test"], {}, "nb",
                            lambda name: name, show_unsupported=local)
            html = render_template("form_page.html", view=view, instance=None, lang="nb")
            assert ('«FancyWidget» er ikke støttet ennå' in html) is local
            assert "Barnet vises likevel" in html  # its children render either way
