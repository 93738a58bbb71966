"""The designer's option lists: the lists and where they are used, a new list, rows changed,
added, deleted and moved, bad rows refused with nothing lost, and the preview in a language."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.designer_support import app_root, as_admin, designer_app, read_json

URL = "/designer/ekom/serveringsbevilling/options"



@pytest.fixture
def app(tmp_path: Path) -> Flask:
    flask_app = designer_app(tmp_path)
    return flask_app


@pytest.fixture
def admin(client: FlaskClient) -> FlaskClient:
    as_admin(client)
    return client


def options_file(tmp_path: Path, options_id: str) -> Path:
    return app_root(tmp_path) / "options" / f"{options_id}.json"


def form_of(page: str) -> dict[str, str]:
    """The edit form's fields as the browser posts them (without a button)."""
    form = page.split('class="options-edit"', 1)[1].split("</form>", 1)[0]
    return dict(re.findall(r'<input (?:class="ds-input" )?type="(?:hidden|text)" '
                           r'(?:id="[^"]+" )?name="([^"]+)" value="([^"]*)"', form))


def test_the_lists_with_their_size_and_users(admin: FlaskClient) -> None:
    page = admin.get(URL).get_data(as_text=True)
    assert '<a class="ds-link" href="/designer/ekom/serveringsbevilling/options/stedstype">' \
        in page
    row = page.split("options/yesno")[1].split("</tr>")[0]
    assert "<td>2</td>" in row
    assert "styrer-etablererprove (RadioButtons) på siden styrer" in row


def test_create_a_list(admin: FlaskClient, tmp_path: Path) -> None:
    response = admin.post(URL, data={"new_id": "kommuner"})
    assert response.status_code == 303
    assert response.headers["Location"] == URL + "/kommuner"
    assert read_json(options_file(tmp_path, "kommuner")) == []
    assert "Lista har ingen valg ennå." in admin.get(URL + "/kommuner").get_data(as_text=True)


@pytest.mark.parametrize("new_id, message", [
    ("", "Skriv en id for lista."),
    ("ha/skråstrek", "Id-en kan bare ha bokstaver"),
    ("yesno", "Det finnes allerede en kodeliste med denne id-en."),
    ("YesNo", "Det finnes allerede en kodeliste med denne id-en."),
])
def test_a_bad_list_id_is_refused(admin: FlaskClient, new_id: str, message: str) -> None:
    response = admin.post(URL, data={"new_id": new_id})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert message in page
    assert f'name="new_id" value="{new_id}"' in page
    assert 'aria-invalid="true"' in page and 'options_new_id_error' in page


def test_edit_a_row_and_add_one(admin: FlaskClient, tmp_path: Path) -> None:
    form = form_of(admin.get(URL + "/serveringsform").get_data(as_text=True))
    form["label-0"] = "Mat og drikke"
    form.update({"value-new": "take-away", "label-new": "Ta med", "action": "save"})
    response = admin.post(URL + "/serveringsform", data=form)
    assert response.status_code == 303
    saved = read_json(options_file(tmp_path, "serveringsform"))
    assert [o["value"] for o in saved] == ["mat", "alkoholfritt", "alkohol", "take-away"]
    assert saved[0] == {"value": "mat", "label": "Mat og drikke"}
    assert saved[2]["description"] == "serveringsform.alkohol.description"  # kept
    assert saved[3] == {"value": "take-away", "label": "Ta med"}


def test_a_list_changed_meanwhile_is_not_overwritten_unseen(admin: FlaskClient,
                                                              tmp_path: Path) -> None:
    form = form_of(admin.get(URL + "/serveringsform").get_data(as_text=True))
    assert form["base"]
    file = options_file(tmp_path, "serveringsform")
    theirs = read_json(file)
    theirs.insert(0, {"value": "snacks", "label": "Snacks"})  # someone else, meanwhile
    file.write_text(json.dumps(theirs), encoding="utf-8")
    form.update({"label-0": "Mat og drikke", "action": "save"})
    response = admin.post(URL + "/serveringsform", data=form)
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "endret av noen andre" in page
    assert 'value="Mat og drikke"' in page  # what the admin typed is kept
    assert read_json(file) == theirs
    again = form_of(page)  # saving again, having seen it, replaces theirs on purpose
    assert admin.post(URL + "/serveringsform", data={**again, "action": "save"}
                      ).status_code == 303
    assert read_json(file)[0] == {"value": "mat", "label": "Mat og drikke"}


def test_an_untouched_save_changes_no_bytes(admin: FlaskClient, tmp_path: Path) -> None:
    before = options_file(tmp_path, "stedstype").read_bytes()
    form = form_of(admin.get(URL + "/stedstype").get_data(as_text=True))
    assert admin.post(URL + "/stedstype", data={**form, "action": "save"}).status_code == 303
    assert options_file(tmp_path, "stedstype").read_bytes() == before


def test_a_duplicate_value_is_refused_and_nothing_is_lost(admin: FlaskClient,
                                                          tmp_path: Path) -> None:
    before = options_file(tmp_path, "serveringsform").read_bytes()
    form = form_of(admin.get(URL + "/serveringsform").get_data(as_text=True))
    form["label-1"] = "Endret ledetekst"
    form.update({"value-new": "mat", "label-new": "Mat igjen", "action": "save"})
    response = admin.post(URL + "/serveringsform", data=form)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert options_file(tmp_path, "serveringsform").read_bytes() == before
    assert "Verdien «mat» er allerede brukt i valg 1." in page
    assert ('id="option-value-3" name="value-3" value="mat" '
            'aria-describedby="option-value-3-error" aria-invalid="true"') in page
    assert 'value="Mat igjen"' in page and 'value="Endret ledetekst"' in page
    assert 'href="#option-value-3"' in page  # the summary links to the field


def test_an_empty_value_or_label_is_refused(admin: FlaskClient) -> None:
    form = form_of(admin.get(URL + "/yesno").get_data(as_text=True))
    form.update({"value-0": " ", "label-1": ""})
    page = admin.post(URL + "/yesno", data={**form, "action": "save"}).get_data(as_text=True)
    assert "Skriv en verdi." in page and "Skriv en ledetekst." in page


def test_move_and_delete_rows(admin: FlaskClient, tmp_path: Path) -> None:
    page = admin.get(URL + "/serveringsform").get_data(as_text=True)
    assert ">Flytt «alkohol» opp</span>" in page and "Slett «mat»</button>" in page
    form = form_of(page)
    assert admin.post(URL + "/serveringsform",
                      data={**form, "action": "up-2"}).status_code == 303
    saved = read_json(options_file(tmp_path, "serveringsform"))
    assert [o["value"] for o in saved] == ["mat", "alkohol", "alkoholfritt"]
    assert saved[1]["description"] == "serveringsform.alkohol.description"
    form = form_of(admin.get(URL + "/serveringsform").get_data(as_text=True))
    form["label-1"] = "Sterk drikke"  # an edit made before pressing a button is kept
    assert admin.post(URL + "/serveringsform",
                      data={**form, "action": "delete-0"}).status_code == 303
    saved = read_json(options_file(tmp_path, "serveringsform"))
    assert [(o["value"], o["label"]) for o in saved] == [
        ("alkohol", "Sterk drikke"), ("alkoholfritt", "serveringsform.alkoholfritt")]


def test_labels_that_are_text_ids_show_their_texts(admin: FlaskClient) -> None:
    page = admin.get(URL + "/yesno").get_data(as_text=True)
    assert '<li lang="nb">nb: Ja</li>' in page and '<li lang="en">en: Yes</li>' in page
    assert 'aria-describedby="option-label-0-texts"' in page


def test_the_preview_shows_labels_in_the_chosen_language(admin: FlaskClient) -> None:
    def preview(lang: str) -> str:
        page = admin.get(URL + f"/serveringsform?preview={lang}").get_data(as_text=True)
        return page.split('class="options-preview"', 1)[1]

    english = preview("en")
    assert 'role="radiogroup"' in english and "<legend" in english
    assert re.search(r'type="radio" id="optionspreview" name="optionspreview" value="mat"',
                     english)
    assert '<label class="ds-label" for="optionspreview">Food</label>' in english
    assert "Alcoholic drinks" in english and "Also requires a separate alcohol licence" \
        in english
    assert '<label class="ds-label" for="optionspreview">Mat</label>' in preview("nb")
    assert "Alkoholhaldig drikke" in preview("nn")


def test_an_unknown_list_is_404(admin: FlaskClient) -> None:
    assert admin.get(URL + "/finnes-ikke").status_code == 404
    assert admin.get(URL + "/..%2Fconfig%2Fapplicationmetadata").status_code == 404
