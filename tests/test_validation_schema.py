"""Schema validation: the form data against the data type's JSON Schema, with Altinn's messages
in nb, nn and en, `errorMessage` and app texts overriding them, Norwegian identifiers as
formats, and the schema shapes Altinn's tools generate. Through the pages (submit shows the
errors), through `validate(view)`, and on Altinn's own frontend-test app."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from jsonschema.validators import extend

from forms.datamodel import Schema
from forms.loader import load_app
from forms.render import PageView
from forms.validation import Issue, validate
from forms.validation.norwegian import (
    fodselsnummer_problem,
    kontonummer_problem,
    organisasjonsnummer_problem,
)
from forms.validation.schema import _leaves
from forms.validation.schema_validator import FORMATS as CHECKED_FORMATS
from forms.validation.schema_validator import LENGTHS, compiled, quick_check
from tests.components.conftest import build_app
from tests.conftest import SHARED_APPS, login, make_app, start_instance
from tests.test_pages import page_url


def _input(cid: str, path: str, title: str = "Felt", **props: Any) -> dict[str, Any]:
    return {"id": cid, "type": "Input", "textResourceBindings": {"title": title},
            "dataModelBindings": {"simpleBinding": path}, **props}


def _texts(target: Path, lang: str, texts: dict[str, str]) -> None:
    file = target / f"App/config/texts/resource.{lang}.json"
    resources = json.loads(file.read_text(encoding="utf-8"))
    resources["resources"] += [{"id": k, "value": v} for k, v in texts.items()]
    file.write_text(json.dumps(resources, ensure_ascii=False), encoding="utf-8")


def _view(tmp_path: Path, components: list[dict[str, Any]], schema: dict[str, Any],
          data: dict[str, Any], lang: str = "nb",
          texts: dict[str, dict[str, str]] | None = None) -> PageView:
    target = build_app(tmp_path, components, schema_properties=schema)
    for text_lang, items in (texts or {}).items():
        _texts(target, text_lang, items)
    app, problems = load_app(target)
    assert app is not None, [str(p) for p in problems]
    layout_set = app.layout_sets["form"]
    return PageView(app, layout_set, layout_set.pages["test"], data, lang, lambda n: f"/p/{n}")


def _schema_issues(view: PageView) -> list[Issue]:
    return [i for i in validate(view) if i.source == "Schema"]


def _said(view: PageView) -> dict[str, str]:
    return {i.component_id or "": i.description for i in _schema_issues(view)}


# ---- through the pages -------------------------------------------------------------------

def test_limits_in_the_model_are_shown_when_submitting(client: FlaskClient) -> None:
    login(client)
    first = start_instance(client)
    soker = page_url(first, "soker")
    response = client.post(soker, data={
        "action": "save", "soker.navn": "Kari", "soker.postnummer": "12345",
        "soker.epost": "kari@", "soker.telefon": "ring meg"})
    assert response.status_code == 303
    response = client.post(page_url(first, "oppsummering"), data={"action": "submit"})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    summary = html[html.index('id="bk_errors"'):]
    summary = summary[:summary.index("</div>")]
    assert f'<a class="ds-link" href="{soker}#soker-postnr">Bruk 4 eller færre tegn</a>' \
        in summary
    assert (f'href="{soker}#soker-epost">Skriv en gyldig e-postadresse, for eksempel '
            "navn@eksempel.no.</a>") in summary
    assert f'href="{soker}#soker-telefon">Feil format eller verdi</a>' in summary
    assert "Kari" not in summary  # a valid answer gives nothing


def test_an_error_shows_at_its_field_on_the_page_submitted(tmp_path: Path) -> None:
    target = build_app(tmp_path, [_input("kode", "kode", "Kode")],
                       schema_properties={"kode": {"type": "string", "pattern": "^[A-Z]+$",
                                                   "errorMessage": "kode.feil"}},
                       texts={"kode.feil": "Koden kan bare ha store bokstaver"})
    client = make_app(tmp_path, BLANKETT_APPS_DIR=str(target.parent)).test_client()
    login(client)
    page = start_instance(client)
    client.post(page, data={"action": "save", "kode": "abc"})
    html = client.post(page, data={"action": "submit"}).get_data(as_text=True)
    field = html[html.index('id="kode__error"'):]
    assert field[:field.index("</p>")].endswith("Koden kan bare ha store bokstaver")


# ---- messages ------------------------------------------------------------------------------

LIMITS = {
    "kort": {"type": "string", "maxLength": 5},
    "lang": {"type": "string", "minLength": 3},
    "alder": {"type": "integer", "minimum": 18, "maximum": 67},
    "farge": {"type": "string", "enum": ["rod", "gronn"]},
    "kode": {"type": "string", "pattern": "^[0-9]+$"},
    "rader": {"type": "array", "items": {"type": "string"}, "maxItems": 2},
}
FIELDS = [_input("kort", "kort"), _input("lang", "lang"), _input("alder", "alder"),
          _input("farge", "farge"), _input("kode", "kode"),
          {"id": "rader", "type": "MultipleSelect", "dataModelBindings": {
              "simpleBinding": "rader"}, "options": [{"value": "a", "label": "A"}]}]
BAD = {"kort": "abcdefg", "lang": "ab", "alder": 12, "farge": "bla", "kode": "12a",
       "rader": ["a", "b", "c"]}


@pytest.mark.parametrize("lang, expected", [
    ("nb", {"kort": "Bruk 5 eller færre tegn", "lang": "Bruk 3 eller flere tegn",
            "alder": "Minste gyldig tall er 18", "farge": "Kun verdiene rod, gronn er tillatt",
            "kode": "Feil format eller verdi", "rader": "Maks 2 rader er tillatt"}),
    ("nn", {"kort": "Bruk 5 eller færre teikn", "lang": "Bruk 3 eller fleire teikn",
            "alder": "Minste gyldige tal er 18", "farge": "Kun verdiane rod, gronn er tillatne",
            "kode": "Feil format eller verdi", "rader": "Maks 2 radar er tillatne"}),
    ("en", {"kort": "Use 5 or fewer characters", "lang": "Use 3 or more characters",
            "alder": "Minimum valid number is 18",
            "farge": "Only the values rod, gronn are permitted",
            "kode": "Wrong format or value", "rader": "A maximum of 2 rows are permitted"}),
])
def test_altinns_messages_in_each_language(tmp_path: Path, lang: str,
                                           expected: dict[str, str]) -> None:
    view = _view(tmp_path, FIELDS, LIMITS, BAD, lang)
    assert _said(view) == expected
    issues = {i.component_id: i for i in _schema_issues(view)}
    assert issues["kort"].code == "maxLength" and issues["kort"].field == "kort"
    assert issues["alder"].code == "minimum" and issues["farge"].code == "enum"
    assert issues["kort"].custom_text_key == "validation_errors.maxLength"
    assert all(i.blocks and i.wire()["source"] == "Schema" for i in issues.values())


def test_an_item_of_a_list_is_shown_on_the_field_of_the_list(tmp_path: Path) -> None:
    schema = {"rader": {"type": "array", "items": {"type": "string", "maxLength": 1}}}
    view = _view(tmp_path, FIELDS[-1:], schema, {"rader": ["a", "bb"]})
    assert [(i.component_id, i.field, i.code) for i in _schema_issues(view)] == [
        ("rader", "rader", "maxLength")]


def test_valid_empty_and_missing_values_give_nothing(tmp_path: Path) -> None:
    good = {"kort": "abc", "lang": "abcd", "alder": 30, "farge": "rod", "kode": "12",
            "rader": ["a"]}
    assert _said(_view(tmp_path, FIELDS, LIMITS, good)) == {}
    assert _said(_view(tmp_path, FIELDS, LIMITS, {"kort": "", "lang": "", "kode": ""})) == {}


def test_schema_required_is_left_to_the_component(tmp_path: Path) -> None:
    schema = {"person": {"type": "object", "required": ["navn", "alder"], "properties": {
        "navn": {"type": "string"}, "alder": {"type": "integer"}}}}
    view = _view(tmp_path, [_input("navn", "person.navn")], schema, {"person": {"alder": 3}})
    assert _schema_issues(view) == []


def test_a_stored_value_of_the_wrong_type(tmp_path: Path) -> None:
    """Values a person types are turned into the schema's type when posted; data stored
    through the API can still be of the wrong type."""
    view = _view(tmp_path, FIELDS, LIMITS, {"alder": "tolv"})
    [issue] = _schema_issues(view)
    assert (issue.code, issue.component_id, issue.description) == (
        "type", "alder", "Feil format eller verdi")


def test_error_message_in_the_schema_wins(tmp_path: Path) -> None:
    schema = {"kode": {"type": "string", "maxLength": 3, "errorMessage": "kode.feil"},
              "fritt": {"type": "string", "pattern": "^a", "errorMessage": "Må starte med a"},
              "postnr": {"$ref": "#/$defs/Postnummer", "errorMessage": "postnr.feil"}}
    target_defs = {"Postnummer": {"type": "string", "pattern": "^[0-9]{4}$"}}
    components = [_input("kode", "kode"), _input("fritt", "fritt"), _input("postnr", "postnr")]
    target = build_app(tmp_path, components, schema_properties=schema)
    schema_file = target / "App/models/model.schema.json"
    document = json.loads(schema_file.read_text(encoding="utf-8"))
    document["$defs"].update(target_defs)
    schema_file.write_text(json.dumps(document), encoding="utf-8")
    _texts(target, "nb", {"kode.feil": "Koden har tre tegn", "postnr.feil": "Fire siffer"})
    _texts(target, "en", {"kode.feil": "The code has three characters"})
    app, _ = load_app(target)
    assert app is not None
    layout_set = app.layout_sets["form"]
    data = {"kode": "abcd", "fritt": "b", "postnr": "12"}
    said = {}
    for lang in ("nb", "en"):
        view = PageView(app, layout_set, layout_set.pages["test"], data, lang, lambda n: n)
        said[lang] = _said(view)
    assert said["nb"] == {"kode": "Koden har tre tegn", "fritt": "Må starte med a",
                          "postnr": "Fire siffer"}
    assert said["en"]["kode"] == "The code has three characters"


def test_an_app_text_with_altinns_id_replaces_the_default(tmp_path: Path) -> None:
    texts = {"nb": {"validation_errors.maxLength": "Høyst {0} tegn her"},
             "en": {"validation_errors.maxLength": "At most {0} characters here"}}
    assert _said(_view(tmp_path, FIELDS, LIMITS, {"kort": "abcdefg"}, "nb", texts)) == {
        "kort": "Høyst 5 tegn her"}
    assert _said(_view(tmp_path, FIELDS, LIMITS, {"kort": "abcdefg"}, "en", texts)) == {
        "kort": "At most 5 characters here"}


# ---- formats -------------------------------------------------------------------------------

FORMATS = {"dato": {"type": "string", "format": "date"},
           "epost": {"type": "string", "format": "email"},
           "fnr": {"type": "string", "format": "fodselsnummer"},
           "orgnr": {"type": "string", "format": "organisasjonsnummer"},
           "konto": {"type": "string", "format": "kontonummer"},
           "rar": {"type": "string", "format": "ipv4"}}
FORMAT_FIELDS = [_input(name, name) for name in FORMATS]


def test_formats_say_what_is_wrong(tmp_path: Path) -> None:
    bad = {"dato": "2024-02-30", "epost": "kari@", "fnr": "15108695077", "orgnr": "98807791",
           "konto": "86011117949", "rar": "hva som helst"}
    assert _said(_view(tmp_path, FORMAT_FIELDS, FORMATS, bad)) == {
        "dato": "Datoen er ikke gyldig.",
        "epost": "Skriv en gyldig e-postadresse, for eksempel navn@eksempel.no.",
        "fnr": "Fødselsnummeret er ikke gyldig. Sjekk at du har skrevet det riktig.",
        "orgnr": "Organisasjonsnummeret må ha 9 siffer.",
        "konto": "Kontonummeret er ikke gyldig. Sjekk at du har skrevet det riktig.",
    }  # formats Blankett does not check are left alone, as unknown formats
    said = _said(_view(tmp_path, FORMAT_FIELDS, FORMATS, {"fnr": "1510869", "orgnr": "1"},
                       "en"))
    assert said == {"fnr": "The national identity number must have 11 digits.",
                    "orgnr": "The organisation number must have 9 digits."}
    good = {"dato": "2024-02-29", "epost": "kari@example.no", "fnr": "151086 95088",
            "orgnr": "988 077 917", "konto": "8601.11.17947"}
    assert _said(_view(tmp_path, FORMAT_FIELDS, FORMATS, good)) == {}


def test_an_apps_pattern_text_covers_the_standard_formats(tmp_path: Path) -> None:
    texts = {"nb": {"validation_errors.pattern": "Sjekk formatet"}}
    said = _said(_view(tmp_path, FORMAT_FIELDS, FORMATS,
                       {"dato": "i går", "fnr": "15108695077"}, "nb", texts))
    assert said == {"dato": "Sjekk formatet",  # Altinn's text for any format
                    "fnr": "Fødselsnummeret er ikke gyldig. Sjekk at du har skrevet det riktig."}


def test_norwegian_identifiers() -> None:
    assert fodselsnummer_problem("15108695088") is None
    assert fodselsnummer_problem("55108695071") is None  # a D-number (day + 40)
    assert fodselsnummer_problem("08829698278") is None  # synthetic (month + 80), Altinn's tests
    assert fodselsnummer_problem("15108695077") == "validation_errors.fodselsnummer"
    assert fodselsnummer_problem("1510869508") == "validation_errors.fodselsnummer_length"
    assert fodselsnummer_problem("1510869508x") == "validation_errors.fodselsnummer_length"
    assert organisasjonsnummer_problem("988077917") is None
    assert organisasjonsnummer_problem("988077918") == "validation_errors.organisasjonsnummer"
    assert kontonummer_problem("8601 11 17947") is None
    assert kontonummer_problem("8601 11 1794") == "validation_errors.kontonummer_length"
    assert kontonummer_problem("86011117949") == "validation_errors.kontonummer"


# ---- which fields ------------------------------------------------------------------------

def test_only_fields_a_visible_writable_component_shows_give_issues(tmp_path: Path) -> None:
    schema = {"synlig": {"type": "string", "maxLength": 2},
              "skjult": {"type": "string", "maxLength": 2},
              "ubundet": {"type": "string", "maxLength": 2}}
    components = [_input("synlig", "synlig"),
                  _input("skjult", "skjult", hidden=["equals", 1, 1]),
                  _input("les", "les", readOnly=True)]
    schema["les"] = {"type": "string", "maxLength": 2}
    view = _view(tmp_path, components, schema,
                 {"synlig": "abc", "skjult": "abc", "ubundet": "abc", "les": "abc"})
    assert [(i.component_id, i.field) for i in _schema_issues(view)] == [("synlig", "synlig")]


def test_rows_of_a_repeating_group(tmp_path: Path) -> None:
    group = [{"id": "ansatte", "type": "RepeatingGroup", "dataModelBindings": {
        "group": "ansatte"}, "children": ["ansatt-navn"]},
        _input("ansatt-navn", "ansatte.navn", "Navn")]
    schema = {"ansatte": {"type": "array", "maxItems": 5, "items": {
        "type": "object", "properties": {"altinnRowId": {"type": "string"},
                                         "navn": {"type": "string", "maxLength": 3}}}}}
    rows = [{"altinnRowId": "r0", "navn": "Ola"}, {"altinnRowId": "r1", "navn": "Kari Nordmann"}]
    view = _view(tmp_path, group, schema, {"ansatte": rows})
    [issue] = _schema_issues(view)
    assert (issue.field, issue.component_id, issue.description) == (
        "ansatte[1].navn", "ansatt-navn__rr1", "Bruk 3 eller færre tegn")
    assert issue.link == "/p/test?edit=ansatte:r1#ansatt-navn__rr1"


# ---- the schemas Altinn's tools make ------------------------------------------------------

def _errors(document: dict[str, Any], data: Any, root: str | None = None) -> list[tuple]:
    """(path, keyword) of each error reported (inside a oneOf rather than the oneOf)."""
    validator = compiled(Schema(document, root)).validator
    return sorted((".".join(str(p) for p in e.absolute_path), e.validator)
                  for e in _leaves(validator.iter_errors(data)))


def test_the_root_as_altinn_finds_it() -> None:
    definitions = {"Skjema": {"type": "object", "properties": {
        "navn": {"$ref": "#/definitions/Tekst"}}},
        "Tekst": {"type": "string", "maxLength": 2}}
    seven = {"$schema": "http://json-schema.org/draft-07/schema#", "$id": "schema.json",
             "type": "object", "properties": {"Skjema": {"$ref": "#/definitions/Skjema"}},
             "definitions": definitions}
    assert _errors(seven, {"navn": "abc"}, "Skjema") == [("navn", "maxLength")]  # classRef
    assert _errors({**seven, "info": {"rootNode": "#/definitions/Skjema"}},
                   {"navn": "abc"}) == [("navn", "maxLength")]
    seres = {**seven, "info": {"meldingsnavn": "Skjema"}}
    assert _errors(seres, {"navn": "abc"}) == [("navn", "maxLength")]
    wrapped = {"oneOf": [{"$ref": "#/$defs/Skjema"}], "$defs": {
        "Skjema": {"type": "object", "properties": {"navn": {"type": "string",
                                                             "maxLength": 2}}}}}
    assert _errors(wrapped, {"navn": "abc"}) == [("navn", "maxLength")]


def test_what_the_validator_cannot_take_is_tidied(caplog: pytest.LogCaptureFixture) -> None:
    document = {"type": "object", "@xsdNamespaces": {}, "properties": {
        "a": {"type": "string", "maxLength": "4", "@xsdType": "string"},
        "b": {"type": "decimal", "minimum": "0"},
        "c": {"type": "string", "pattern": "^\\p{L}+$"},
        "d": {"type": "array", "items": [{"type": "string"}], "additionalItems": False}}}
    assert _errors(document, {"a": "abcde", "b": -1, "c": "x", "d": ["x", "y"]}) == [
        ("a", "maxLength"), ("b", "minimum"), ("d", "items")]
    assert "pattern: '^\\\\p{L}+$'" in caplog.text


_KINDS = ["string", "number", "integer", "boolean", "null", "array", "object"]
_PLAIN_SCHEMAS = st.fixed_dictionaries({}, optional={
    "type": st.one_of(st.sampled_from(_KINDS), st.lists(st.sampled_from(_KINDS), min_size=1,
                                                        max_size=3)),
    "minLength": st.integers(0, 4), "maxLength": st.integers(0, 4),
    "pattern": st.sampled_from(["^a", "[0-9]", "^$", "b$"]),
    "format": st.sampled_from(["date", "email", "fodselsnummer", "ukjent"]),
    "enum": st.lists(st.one_of(st.text(max_size=2), st.integers(-2, 2), st.booleans(),
                               st.none()), max_size=3),
    "const": st.one_of(st.text(max_size=2), st.integers(-2, 2), st.booleans()),
    "minimum": st.integers(-3, 3), "maximum": st.integers(-3, 3),
    "exclusiveMinimum": st.floats(-3, 3), "exclusiveMaximum": st.floats(-3, 3),
    "errorMessage": st.just("x")})
_VALUES = st.one_of(st.none(), st.booleans(), st.integers(-5, 5),
                    st.floats(-5, 5, allow_nan=False), st.text(max_size=6),
                    st.sampled_from(["2024-02-29", "a@b.no", "15108695088", "a\r\nb", "1"]),
                    st.lists(st.integers(), max_size=2),
                    st.dictionaries(st.text(max_size=2), st.integers(), max_size=2))
_PLAIN_JSONSCHEMA = extend(Draft202012Validator, LENGTHS)  # without the quick checks


@settings(max_examples=400, deadline=None)
@given(_PLAIN_SCHEMAS, _VALUES)
def test_the_quick_check_only_passes_what_jsonschema_passes(schema: dict[str, Any],
                                                           value: Any) -> None:
    quick = quick_check(schema)
    assert quick is not None
    if quick(value):
        plain = _PLAIN_JSONSCHEMA(schema, format_checker=CHECKED_FORMATS)
        assert list(plain.iter_errors(value)) == []


def test_the_validator_is_made_once_per_schema() -> None:
    schema = Schema({"type": "object"})
    assert compiled(schema) is compiled(schema) is schema.compiled


def test_a_reference_to_nowhere_is_logged_not_raised(tmp_path: Path,
                                                     caplog: pytest.LogCaptureFixture) -> None:
    view = _view(tmp_path, [_input("x", "x")], {"x": {"$ref": "#/$defs/Finnes-ikke"}},
                 {"x": "a"})
    assert _schema_issues(view) == []
    assert "cannot be followed" in caplog.text


# ---- Altinn's frontend-test app ----------------------------------------------------------

def test_frontend_test_app(tmp_path: Path) -> None:
    """The changename layout set: its model has maxLength, minLength and a pattern with an
    `errorMessage` ("client side validering") on the definitions of its names."""
    app, problems = load_app(SHARED_APPS / "frontend-test")
    assert app is not None, [str(p) for p in problems]
    layout_set = app.layout_sets["changename"]
    page = layout_set.pages["form"]
    names = "NyttNavn-grp-9313.NyttNavn-grp-9314"
    signer = "Innledning-grp-9309.Signerer-grp-9320"
    data = {"NyttNavn-grp-9313": {"NyttNavn-grp-9314": {
        "PersonFornavnNytt-datadef-34758": {"value": "client"},
        "PersonEtternavnNytt-datadef-34757": {"value": "N" * 51}}},
        "Innledning-grp-9309": {"Signerer-grp-9320": {
            "SignererEkstraMobiltelefonsnummer-datadef-34750": {"value": "1" * 16}}},
        "Tilknytning-grp-9315": {"TilknytningTilNavnet-grp-9316": {  # hidden: not checked
            "TilknytningEtternavn1-grp-9350": {
                "PersonEtternavnForsteTilknyttetPersonsFodselsnummer-datadef-34899": {
                    "value": "123"}}}}}
    for lang, too_long in (("nb", "Bruk 15 eller færre tegn"),
                           ("en", "Use 15 or fewer characters")):
        view = PageView(app, layout_set, page, data, lang, lambda n: f"/p/{n}")
        found = [(i.component_id, i.code, i.description, i.field)
                 for i in validate(view, [page], sources=["Schema"])]
        assert found == [
            ("newFirstName", "pattern", "client side validering",
             f"{names}.PersonFornavnNytt-datadef-34758.value"),
            # the property's own maxLength, beside its $ref (no errorMessage there)
            ("newFirstName", "maxLength", too_long.replace("15", "4"),
             f"{names}.PersonFornavnNytt-datadef-34758.value"),
            ("newLastName", "maxLength", "client side validering",
             f"{names}.PersonEtternavnNytt-datadef-34757.value"),
            ("mobilnummer", "maxLength", too_long,
             f"{signer}.SignererEkstraMobiltelefonsnummer-datadef-34750.value"),
        ]
