"""Expressions on real pages: fields shown or hidden by what was answered, required only when
shown, texts from expressions, failing expressions logged and defaulted."""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path

from flask.testing import FlaskClient

from tests.conftest import SAMPLE_APPS, login, make_app, start_instance
from tests.test_pages import page_url, stored_data


def test_answers_show_and_hide_fields(client: FlaskClient) -> None:
    login(client)
    first = start_instance(client)
    soker = page_url(first, "soker")
    client.post(soker, data={"action": "save", "soker.sokertype": "person"})
    html = client.get(soker).get_data(as_text=True)
    assert 'id="soker-navn"' in html and 'id="soker-orgnr"' not in html
    client.post(soker, data={"action": "save", "soker.sokertype": "organisasjon"})
    html = client.get(soker).get_data(as_text=True)
    assert 'id="soker-navn"' not in html and 'id="soker-orgnr"' in html


def test_hidden_fields_are_not_saved_and_not_required(client: FlaskClient) -> None:
    login(client)
    first = start_instance(client)
    soker = page_url(first, "soker")
    client.post(soker, data={"action": "save", "soker.sokertype": "person",
                             "soker.organisasjonsnummer": "123456789"})
    assert "organisasjonsnummer" not in stored_data(client, first)["soker"]
    html = client.post(page_url(first, "oppsummering"),
                       data={"action": "submit"}).get_data(as_text=True)
    assert "#soker-navn" in html  # the person's name is required...
    assert "#soker-orgnr" not in html  # ...the hidden organisation number is not


def test_a_failing_expression_is_logged_and_defaults(tmp_path: Path, copy_app,  # noqa: ANN001
                                                     caplog) -> None:  # noqa: ANN001
    target = copy_app(SAMPLE_APPS / "serveringsbevilling")
    file = target / "App/ui/form/layouts/soker.json"
    layout = json.loads(file.read_text())
    for component in layout["data"]["layout"]:
        if component["id"] == "soker-adresse":
            component["hidden"] = ["equals", ["divide", 1, 0], 1]
        if component["id"] == "soker-poststed":
            component["textResourceBindings"]["title"] = [
                "concat", "Poststed for ", ["component", "soker-navn"]]
    file.write_text(json.dumps(layout))
    app = make_app(tmp_path, BLANKETT_APPS_DIR=str(target.parent))
    client = app.test_client()
    login(client)
    first = start_instance(client)
    client.post(page_url(first, "soker"), data={
        "action": "save", "soker.sokertype": "person", "soker.navn": "Kari"})
    with caplog.at_level(logging.WARNING):
        html = client.get(page_url(first, "soker")).get_data(as_text=True)
    assert 'id="soker-adresse"' in html  # hidden fell back to false
    assert "Poststed for Kari" in html  # a text from an expression
    assert any("ekom/serveringsbevilling" in r.getMessage() and "soker-adresse" in r.getMessage()
               and "divide by 0" in r.getMessage() for r in caplog.records)


def test_a_live_update_swaps_only_what_changed(client: FlaskClient) -> None:
    login(client)
    first = start_instance(client)
    soker = page_url(first, "soker")
    headers = {"HX-Request": "true"}
    response = client.post(soker, headers=headers, data={
        "action": "live", "soker.sokertype": "organisasjon", "soker.adresse": "Gata 1"})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    swapped = set(re.findall(r'id="bk_c_([^"]+)"[^>]*hx-swap-oob', html))
    assert swapped == {"soker-navn", "soker-orgnavn", "soker-orgnr"}
    assert re.search(r'<div id="bk_c_soker-navn" class="bk-slot" hidden hx-swap-oob', html)
    assert 'id="soker-orgnr"' in html  # the organisation number field, now shown
    assert stored_data(client, first)["soker"]["adresse"] == "Gata 1"  # saved on the way
    # A change that nothing depends on: nothing to swap.
    response = client.post(soker, headers=headers, data={
        "action": "live", "soker.sokertype": "organisasjon", "soker.adresse": "Gata 2"})
    assert response.status_code == 204


def test_without_javascript_an_update_button_follows_fields_others_depend_on(
        client: FlaskClient) -> None:
    login(client)
    first = start_instance(client)
    html = client.get(page_url(first, "soker")).get_data(as_text=True)
    assert html.count('value="update"') == 1
    slot = html[html.index('id="bk_c_soker-sokertype"'):html.index('id="bk_c_soker-navn"')]
    assert "<noscript>" in slot and "Oppdater siden" in slot
    response = client.post(page_url(first, "soker"),
                           data={"action": "update", "soker.sokertype": "organisasjon"})
    assert response.headers["Location"] == page_url(first, "soker")
    assert 'id="soker-orgnr"' in client.get(page_url(first, "soker")).get_data(as_text=True)


def test_option_filter_keeps_only_options_the_expression_allows() -> None:
    """frontend-test's filter drops foods.grape (by its label key) and the value 5."""
    from forms.loader import load_app
    from forms.render import PageView
    from tests.conftest import SHARED_APPS

    app, _ = load_app(SHARED_APPS / "frontend-test")
    assert app is not None
    layout_set = app.layout_sets["changename"]
    page = layout_set.pages["filtered-options"]
    view = PageView(app, layout_set, page, {}, "nb", lambda name: name)
    values = [o.value for o in view.options(layout_set.components["dislikes"])]
    assert "1" not in values and "5" not in values
    assert {"2", "3", "4", "6"} <= set(values)


def test_hidden_answers_are_removed_when_the_task_ends_if_the_app_asks(
        tmp_path: Path, copy_app) -> None:  # noqa: ANN001
    target = copy_app(SAMPLE_APPS / "serveringsbevilling")
    (target / "App/appsettings.json").write_text('{"AppSettings": {"RemoveHiddenData": true}}')
    app = make_app(tmp_path, BLANKETT_APPS_DIR=str(target.parent))
    client = app.test_client()
    login(client)
    first = start_instance(client)
    # Answered as an organisation first, then changed to a person: the organisation's
    # number is now hidden and must not be handed in.
    client.post(page_url(first, "soker"), data={"action": "update",
                                                 "soker.sokertype": "organisasjon"})
    client.post(page_url(first, "soker"), data={
        "action": "save", "soker.sokertype": "organisasjon", "soker.organisasjonsnummer":
        "123456789", "soker.organisasjonsnavn": "Fjord AS"})
    client.post(page_url(first, "soker"), data={"action": "save", "soker.sokertype": "person"})
    assert stored_data(client, first)["soker"]["organisasjonsnummer"] == "123456789"
    fill = {"soker.navn": "Kari", "soker.adresse": "Gata 1", "soker.postnummer": "0155",
            "soker.poststed": "Oslo", "soker.epost": "k@example.no", "soker.telefon": "12345678"}
    client.post(page_url(first, "soker"), data={"action": "save", **fill})
    client.post(page_url(first, "serveringssted"), data={
        "action": "save", "serveringssted.navn": "Kafé", "serveringssted.adresse": "Torget 2",
        "serveringssted.postnummer": "0150", "serveringssted.poststed": "Oslo",
        "serveringssted.type": "kafe", "serveringssted.serveringsform.__present": "1",
        "serveringssted.serveringsform": "mat", "serveringssted.sitteplasserInne": "40",
        "serveringssted.planlagtApning": "2030-01-01"})
    client.post(page_url(first, "styrer"), data={
        "action": "save", "styrer.navn": "Per", "styrer.fodselsdato": "1980-01-01",
        "styrer.telefon": "87654321", "styrer.epost": "p@example.no",
        "styrer.etablererprove": "true", "stedfortreder.navn": "Pål",
        "stedfortreder.fodselsdato": "1985-05-05"})
    client.post(page_url(first, "erklaering"), data={
        "action": "save", "erklaering.bekreftet.__present": "1",
        "erklaering.bekreftet": "bekreftet", "erklaering.innsenderNavn": "Kari"})
    assert client.post(page_url(first, "oppsummering"),
                       data={"action": "submit"}).status_code == 303
    soker = stored_data(client, first)["soker"]
    assert "organisasjonsnummer" not in soker and "organisasjonsnavn" not in soker
    assert soker["navn"] == "Kari"


def test_options_from_a_repeating_group(tmp_path: Path, copy_app) -> None:  # noqa: ANN001
    """`source`: one option per row; the label a text with the row's variables or an
    expression evaluated in the row."""
    from forms.loader import load_app
    from forms.render import PageView

    target = copy_app(SAMPLE_APPS / "serveringsbevilling")
    file = target / "App/ui/form/layouts/styrer.json"
    layout = json.loads(file.read_text())
    layout["data"]["layout"].append({
        "id": "hvem-velges", "type": "RadioButtons",
        "textResourceBindings": {"title": "Hvem?"},
        "dataModelBindings": {"simpleBinding": "styrer.navn"},
        "source": {"group": "personer", "value": "personer[{0}].id",
                   "label": ["concat", ["dataModel", "personer.navn"], " (",
                             ["dataModel", "personer.alder"], ")"]}})
    file.write_text(json.dumps(layout))
    app, problems = load_app(target)
    assert app is not None, problems
    layout_set = app.layout_sets["form"]
    data = {"personer": [{"id": "a", "navn": "Kari", "alder": 40},
                         {"id": "b", "navn": "Ola", "alder": 17}, {"navn": "Uten id"}]}
    view = PageView(app, layout_set, layout_set.pages["styrer"], data, "nb", lambda n: n)
    options = view.options(layout_set.components["hvem-velges"])
    assert [(o.value, str(o.label)) for o in options] == [("a", "Kari (40)"), ("b", "Ola (17)")]


def test_a_hidden_field_can_be_forced_into_the_summary(client: FlaskClient, tmp_path: Path,
                                                       copy_app) -> None:  # noqa: ANN001
    target = copy_app(SAMPLE_APPS / "serveringsbevilling")
    file = target / "App/ui/form/layouts/soker.json"
    layout = json.loads(file.read_text())
    for component in layout["data"]["layout"]:
        if component["id"] == "soker-orgnr":
            component["forceShowInSummary"] = ["equals", ["dataModel", "soker.navn"], "Kari"]
    file.write_text(json.dumps(layout))
    app = make_app(tmp_path, BLANKETT_APPS_DIR=str(target.parent))
    client = app.test_client()
    login(client)
    first = start_instance(client)
    client.post(page_url(first, "soker"), data={"action": "save", "soker.sokertype": "person",
                                                 "soker.navn": "Kari"})
    summary = client.get(page_url(first, "oppsummering")).get_data(as_text=True)
    assert "Organisasjonsnummer" in summary  # hidden on its page, forced into the summary
    assert "Navn på foretaket" not in summary  # hidden and not forced


def test_a_display_value_follows_the_answer_live(tmp_path: Path) -> None:
    from tests.components.conftest import start_service

    components = [
        {"id": "svar", "type": "Input", "textResourceBindings": {"title": "Svar"},
         "dataModelBindings": {"simpleBinding": "soker.navn"}},
        {"id": "vis", "type": "Text", "textResourceBindings": {"title": "Du svarte"},
         "value": ["concat", "Hei ", ["dataModel", "soker.navn"]]},
    ]
    client, page = start_service(tmp_path, components)
    response = client.post(page, headers={"HX-Request": "true"},
                           data={"action": "live", "soker.navn": "Kari"})
    html = response.get_data(as_text=True)
    assert 'id="bk_c_vis"' in html and "Hei Kari" in html
