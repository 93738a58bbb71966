"""The designer's texts table: three languages side by side, search, the missing filter, pages
on the server, edits that write only what changed, conflicts, new texts and deletion."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from designer.workspace import Workspace
from tests.designer_support import app_root, as_admin, designer_app, read_json

URL = "/designer/ekom/serveringsbevilling/texts"



@pytest.fixture
def app(tmp_path: Path) -> Flask:
    flask_app = designer_app(tmp_path)
    return flask_app


@pytest.fixture
def admin(client: FlaskClient) -> FlaskClient:
    as_admin(client)
    return client


def texts_file(tmp_path: Path, lang: str) -> Path:
    return app_root(tmp_path) / "config" / "texts" / f"resource.{lang}.json"


def values(tmp_path: Path, lang: str) -> dict[str, str]:
    return {r["id"]: r["value"] for r in read_json(texts_file(tmp_path, lang))["resources"]}


def form_of(page: str) -> dict[str, str]:
    """The fields of the table's save form as the browser would post them."""
    form = page.split('class="texts-edit"', 1)[1].split("</form>", 1)[0]
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form))
    for name, value in re.findall(r'<textarea[^>]* name="([^"]+)"[^>]*>\n(.*?)</textarea>',
                                  form, re.S):
        fields[name] = value
    return {k: v.replace("&#34;", '"').replace("&amp;", "&").replace("&lt;", "<")
            .replace("&gt;", ">").replace("&#39;", "'") for k, v in fields.items()}


def row_index(form: dict[str, str], text_id: str) -> int:
    return next(int(k[3:]) for k, v in form.items() if k.startswith("id-") and v == text_id)


def add_keys(tmp_path: Path, count: int, skip_nn: set[int] | None = None) -> None:
    workspace = Workspace(tmp_path / "apps" / "serveringsbevilling")
    for lang in ("nb", "nn", "en"):
        resources = workspace.read_texts(lang)
        for i in range(count):
            if lang == "nn" and skip_nn and i in skip_nn:
                continue
            resources[f"bulk.{i:04d}"] = {"id": f"bulk.{i:04d}", "value": f"{lang} verdi {i}"}
        workspace.write_texts(lang, resources)


def test_the_table_shows_three_languages_and_marks_what_is_missing(
        admin: FlaskClient, tmp_path: Path) -> None:
    add_keys(tmp_path, 1, skip_nn={0})
    page = admin.get(URL + "?q=bulk.0000").get_data(as_text=True)
    assert "Bokmål (nb)" in page and "Nynorsk (nn)" in page and "Engelsk (en)" in page
    assert "nb verdi 0" in page and "en verdi 0" in page
    # the missing nynorsk is said in words, tied to its field
    assert '<span class="ds-tag" data-color="warning" id="text-0-nn-missing">Mangler</span>' \
        in page
    assert 'aria-describedby="text-0-nn-missing"' in page
    assert '<label class="ds-sr-only" for="text-0-nn">«bulk.0000» på nynorsk</label>' in page
    assert page.count("Mangler</span>") == 1


def test_search_in_ids_and_values_and_the_missing_filter(admin: FlaskClient,
                                                         tmp_path: Path) -> None:
    add_keys(tmp_path, 3, skip_nn={1})
    by_value = admin.get(URL + "?q=SERVERINGSLØYVE").get_data(as_text=True)
    assert "<code>appName</code>" in by_value and "<code>appOwner</code>" not in by_value
    by_id = admin.get(URL + "?q=felles.ja").get_data(as_text=True)
    assert "<code>felles.ja</code>" in by_id and "<code>felles.nei</code>" not in by_id
    missing = admin.get(URL + "?missing=1").get_data(as_text=True)
    assert re.findall(r"<th scope=\"row\"><code>([^<]+)</code>", missing) == [
        "bulk.0001"]
    assert "Viser 1–1 av 1 tekster" in missing
    none = admin.get(URL + "?q=finnes-ikke-noe-sted").get_data(as_text=True)
    assert "Ingen tekster passer til søket." in none


def test_pages_are_cut_on_the_server(admin: FlaskClient, tmp_path: Path) -> None:
    add_keys(tmp_path, 300)
    first = admin.get(URL + "?q=bulk").get_data(as_text=True)
    assert "Viser 1–50 av 300 tekster" in first
    assert first.count('<th scope="row">') == 50
    assert "Tekster, side 1 av 6" in first
    assert 'href="/designer/ekom/serveringsbevilling/texts?q=bulk&amp;page=2" rel="next"' \
        in first
    last = admin.get(URL + "?q=bulk&page=6").get_data(as_text=True)
    assert "Viser 251–300 av 300 tekster" in last and "<code>bulk.0299</code>" in last
    assert '<input type="hidden" name="page" value="6">' in last
    beyond = admin.get(URL + "?q=bulk&page=99").get_data(as_text=True)
    assert "Tekster, side 6 av 6" in beyond


def test_an_htmx_search_answers_with_only_the_results(admin: FlaskClient) -> None:
    response = admin.get(URL + "?q=felles&page=1", headers={"HX-Request": "true"})
    body = response.get_data(as_text=True)
    assert "<code>felles.navn</code>" in body
    assert "<nav" not in body and 'id="texts_q"' not in body  # no page around the results
    assert response.headers["HX-Push-Url"] == URL + "?q=felles"


def test_a_save_writes_only_the_values_that_changed(admin: FlaskClient,
                                                    tmp_path: Path) -> None:
    nn_before = texts_file(tmp_path, "nn").read_bytes()
    en_before = texts_file(tmp_path, "en").read_bytes()
    form = form_of(admin.get(URL + "?q=felles").get_data(as_text=True))
    n = row_index(form, "felles.navn")
    form[f"value-{n}-nb"] = "Fullt navn"
    response = admin.post(URL, data=form)
    assert response.status_code == 303
    assert response.headers["Location"] == URL + "?q=felles"  # the search is kept
    assert values(tmp_path, "nb")["felles.navn"] == "Fullt navn"
    assert values(tmp_path, "nb")["felles.telefon"] == "Telefonnummer"
    assert texts_file(tmp_path, "nn").read_bytes() == nn_before
    assert texts_file(tmp_path, "en").read_bytes() == en_before
    page = admin.get(response.headers["Location"]).get_data(as_text=True)
    assert "Endringen er lagret i utkastet." in page and "Fullt navn" in page


def test_a_value_changed_meanwhile_is_a_conflict_not_lost(admin: FlaskClient,
                                                          tmp_path: Path) -> None:
    form = form_of(admin.get(URL + "?q=felles").get_data(as_text=True))
    # someone edits the file after the admin opened the page
    workspace = Workspace(tmp_path / "apps" / "serveringsbevilling")
    resources = workspace.read_texts("nb")
    resources["felles.navn"]["value"] = "Navn (fra git)"
    workspace.write_texts("nb", resources)
    n, m = row_index(form, "felles.navn"), row_index(form, "felles.epost")
    form[f"value-{n}-nb"] = "Mitt navn"
    form[f"value-{m}-nb"] = "E-post"
    response = admin.post(URL, data=form)
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert values(tmp_path, "nb")["felles.navn"] == "Navn (fra git)"  # theirs kept
    assert values(tmp_path, "nb")["felles.epost"] == "E-post"  # the other cell saved
    assert "Noen andre endret denne teksten mens du arbeidet, til: «Navn (fra git)»" in page
    assert (f'id="text-{n}-nb" name="value-{n}-nb" rows="2" lang="nb" '
            f'aria-describedby="text-{n}-nb-error" aria-invalid="true"') in page
    assert "Mitt navn</textarea>" in page  # the admin's value is kept in the field
    # saving again overwrites knowingly
    again = form_of(page)
    assert admin.post(URL, data=again).status_code == 303
    assert values(tmp_path, "nb")["felles.navn"] == "Mitt navn"


def test_add_a_text_in_three_languages(admin: FlaskClient, tmp_path: Path) -> None:
    response = admin.post(URL + "/new", data={"new_id": "soker.alder", "new_nb": "Alder",
                                              "new_nn": "Alder", "new_en": "Age"})
    assert response.status_code == 303
    assert values(tmp_path, "nb")["soker.alder"] == "Alder"
    assert values(tmp_path, "en")["soker.alder"] == "Age"
    ids = [r["id"] for r in read_json(texts_file(tmp_path, "nn"))["resources"]]
    assert ids == sorted(ids)


@pytest.mark.parametrize("new_id, message", [
    ("", "Skriv en id for teksten."),
    ("ha mellomrom", "Id-en kan bare ha bokstaver"),
    ("felles.navn", "Det finnes allerede en tekst med denne id-en."),
])
def test_a_bad_new_id_is_refused_with_the_values_kept(
        admin: FlaskClient, tmp_path: Path, new_id: str, message: str) -> None:
    before = texts_file(tmp_path, "nb").read_bytes()
    response = admin.post(URL + "/new", data={"new_id": new_id, "new_nb": "Beholdt tekst",
                                              "new_nn": "", "new_en": "Kept"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert message in page
    assert 'id="texts_new_id" name="new_id" value="' + new_id + '"' in page
    assert 'aria-invalid="true"' in page and "texts_new_id_error" in page
    assert "Beholdt tekst</textarea>" in page and "Kept</textarea>" in page
    assert texts_file(tmp_path, "nb").read_bytes() == before


def test_a_new_text_needs_a_value(admin: FlaskClient) -> None:
    response = admin.post(URL + "/new", data={"new_id": "tom", "new_nb": " "})
    assert response.status_code == 400
    assert "Skriv teksten på minst ett språk." in response.get_data(as_text=True)


def test_delete_asks_first_then_deletes_in_every_language(admin: FlaskClient,
                                                          tmp_path: Path) -> None:
    add_keys(tmp_path, 1)
    confirm = admin.get(URL + "/delete?id=bulk.0000&q=bulk").get_data(as_text=True)
    assert "Vil du slette teksten «bulk.0000» på alle språk?" in confirm
    assert "Ja, slett «bulk.0000»" in confirm
    assert "bulk.0000" in values(tmp_path, "nb")  # nothing yet
    response = admin.post(URL + "/delete", data={"id": "bulk.0000", "q": "bulk"})
    assert response.status_code == 303 and response.headers["Location"] == URL + "?q=bulk"
    for lang in ("nb", "nn", "en"):
        assert "bulk.0000" not in values(tmp_path, lang)
    assert "Teksten «bulk.0000» er slettet." in admin.get(URL).get_data(as_text=True)


def test_delete_is_refused_while_the_app_uses_the_text(admin: FlaskClient,
                                                       tmp_path: Path) -> None:
    before = texts_file(tmp_path, "nb").read_bytes()
    page = admin.get(URL + "/delete?id=felles.ja").get_data(as_text=True)
    assert "kan ikke slettes, fordi tjenesten bruker den" in page
    assert "<code>options/yesno.json</code>" in page and "<code>$[0].label</code>" in page
    assert "Ja, slett" not in page
    response = admin.post(URL + "/delete", data={"id": "felles.ja"})
    assert response.status_code == 409
    assert texts_file(tmp_path, "nb").read_bytes() == before
    used_in_layout = admin.get(URL + "/delete?id=felles.navn").get_data(as_text=True)
    assert "ui/form/layouts/" in used_in_layout
    assert admin.get(URL + "/delete?id=finnes.ikke").status_code == 404


def test_a_texts_file_with_comments_is_read_and_saved(admin: FlaskClient,
                                                      tmp_path: Path) -> None:
    path = texts_file(tmp_path, "en")
    path.write_text('{\n  // written by hand\n  "language": "en",\n  "resources": [\n'
                    '    {"id": "felles.ja", "value": "Yes"},\n'
                    '    {"id": "felles.nei", "value": "No"},\n  ]\n}\n', encoding="utf-8")
    page = admin.get(URL + "?q=felles.ja").get_data(as_text=True)
    assert ">\nYes</textarea>" in page
    form = form_of(page)
    form[f"value-{row_index(form, 'felles.ja')}-en"] = "Yes, indeed"
    assert admin.post(URL, data=form).status_code == 303
    assert values(tmp_path, "en") == {"felles.ja": "Yes, indeed", "felles.nei": "No"}
