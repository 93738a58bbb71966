"""A component's properties in the designer: its id, texts in nb/nn/en, data model bindings
(with a new field made in the schema when asked), `hidden`/`required`/`readOnly` as a value or
an expression, and every declared property, in a panel made from the component declaration
(designer/properties.py), with the page's live preview beside it.

    GET  /designer/<org>/<app>/<set>/<page>/components/<id>   the panel
    POST /designer/<org>/<app>/<set>/<page>/components/<id>   save (or action=check: check
                                                              the expressions, save nothing)
    POST /designer/<org>/<app>/expression-check               an expression checked as it is
                                                              typed: a small HTML fragment

Without JavaScript the "Sjekk uttrykket" buttons post the whole panel and get it back with the
results; with htmx each expression is checked as the admin types."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from flask import (
    abort,
    get_template_attribute,
    redirect,
    request,
    session,
    url_for,
)
from werkzeug.routing import BuildError
from werkzeug.wrappers import Response

from designer import datamodel_edit, expression_check
from designer.properties import (
    NEW,
    Outcome,
    Panel,
    ReadContext,
    panel_from_form,
    panel_of,
    read_panel,
    rename_mentions,
    rename_references,
)
from designer.stable_json import same_json
from designer.workspace import Workspace
from forms.components import component_class
from forms.definitions import LayoutSet
from forms.texts import LANGUAGES
from web.context import current_language
from web.designer import DesignerApp, bp, designer_app, render, save
from web.designer_i18n import add, texts

_NB = {
    "title": "Egenskaper for «{0}»",
    "type": "Type: {0}",
    "unsupported": "Blankett viser ikke denne typen ennå. Her kan du endre id og synlighet; "
                   "resten endres i filen.",
    "back": "Tilbake til siden {0}",
    "save": "Lagre endringene",
    "section.id": "Id",
    "id_label": "Id for komponenten",
    "id_hint": "Bokstaver, tall og bindestrek; begynn med en bokstav eller et tall og slutt med "
               "en bokstav. Må være unik i skjemaet. Grupper på siden som inneholder "
               "komponenten, blir oppdatert.",
    "section.texts": "Tekster",
    "text_legend": "Tekst: {0}",
    "text_key": "Tekstnøkkel",
    "text_key_hint": "Står feltet tomt, lages nøkkelen {0}. Endrer du nøkkelen til en som "
                     "finnes, brukes tekstene som alt står der.",
    "text_value": "Tekst på {0}",
    "text_missing": "Mangler oversettelse",
    "text_expression": "Denne teksten er et uttrykk og endres i filen:",
    "text_literal": "Ingen tekst har denne nøkkelen, så den vises som den står. Skriver du "
                    "teksten på språkene under, får den en egen nøkkel.",
    "lang.nb": "bokmål", "lang.nn": "nynorsk", "lang.en": "engelsk",
    "section.bindings": "Datamodell",
    "binding_label": "Felt for {0}",
    "binding.simpleBinding": "svaret",
    "not_bound": "Ikke koblet",
    "new_field_option": "Lag et nytt felt …",
    "not_in_model_option": "{0} (finnes ikke i datamodellen)",
    "new_field_legend": "Nytt felt for {0}",
    "new_field_hint": "Brukes når du velger «Lag et nytt felt …». Feltet legges til i {0}.",
    "new_path": "Navn på feltet",
    "new_path_hint": "Punktum skiller nivåene, for eksempel soker.telefon.",
    "new_type": "Type",
    "ftype.text": "Tekst", "ftype.integer": "Heltall", "ftype.number": "Desimaltall",
    "ftype.boolean": "Ja/nei", "ftype.date": "Dato",
    "kind.string": "tekst", "kind.integer": "heltall", "kind.number": "desimaltall",
    "kind.boolean": "ja/nei", "kind.date": "dato", "kind.array": "liste",
    "no_model": "Skjemaet har ingen datamodell. Feltene virker likevel uten kobling; du kan "
                "skrive en sti i datamodellen om du vil.",
    "binding_path": "Sti i datamodellen for {0}",
    "section.rules": "Synlighet og regler",
    "flag.hidden": "Skjult", "flag.required": "Påkrevd", "flag.readOnly": "Skrivebeskyttet",
    "mode.no": "Nei", "mode.yes": "Ja", "mode.expr": "Når uttrykket er sant",
    "expr_label": "Uttrykk for «{0}»",
    "section.props": "Egenskaper",
    "no_props": "Denne typen har ingen flere egenskaper.",
    "not_set": "Ikke satt",
    "default": "Standard: {0}",
    "yes": "Ja", "no": "Nei",
    "json_hint": "Skriv JSON ({0}). Tomt felt: egenskapen tas ut av filen.",
    "json.object": "et objekt, for eksempel {\"a\": 1}",
    "json.array": "en liste, for eksempel [\"a\", \"b\"]",
    "json.any": "en verdi",
    "number_hint": "Et tall. Tomt felt: egenskapen tas ut av filen.",
    "value_hint": "En tekst, et tall, eller et uttrykk som JSON. Tomt felt: egenskapen tas ut "
                  "av filen.",
    "sample_label": "Eksempeldata (JSON)",
    "sample_hint": "Uttrykkene regnes ut med disse dataene. De er fylt ut fra datamodellen; "
                   "endre verdiene for å prøve.",
    "preview": "Forhåndsvisning",
    "preview_title": "Forhåndsvisning av siden {0}",
    "check": "Sjekk uttrykket",
    "expr_hint": "Skriv uttrykket som JSON, for eksempel "
                 "[\"equals\", [\"component\", \"soker-type\"], \"person\"].",
    "expr.valid": "Gyldig uttrykk. Verdi med eksempeldata: {0}",
    "expr.no_value": "Gyldig uttrykk, men med eksempeldataene gir det en feil (da teller det "
                     "som usant): {0}",
    "expr.sample": "Eksempeldataene er ikke et JSON-objekt: {0}",
    "err.not_json": "Ikke gyldig JSON: {0}",
    "err.not_expression": "Et uttrykk er en liste som begynner med navnet på en funksjon, for "
                          "eksempel [\"equals\", 1, 1].",
    "err.invalid": "Ugyldig uttrykk: {0}",
    "err.unknown_component": "Uttrykket viser til komponenter som ikke finnes: {0}",
    "err.expression_missing": "Skriv uttrykket, eller velg «Nei» eller «Ja».",
    "err.bad_id": "«{0}» kan ikke brukes som id. Bruk bokstaver, tall og bindestrek, begynn "
                  "med en bokstav eller et tall og slutt med en bokstav.",
    "err.id_taken": "Id-en «{0}» er allerede brukt i skjemaet.",
    "err.bad_text_key": "En tekstnøkkel kan ikke ha mellomrom: «{0}».",
    "err.bad_binding": "«{0}» er ikke en gyldig sti i datamodellen.",
    "err.not_in_model": "«{0}» finnes ikke i datamodellen.",
    "err.no_model": "Skjemaet har ingen datamodell å lage feltet i.",
    "err.new_path_missing": "Skriv navnet på det nye feltet.",
    "err.bad_new_path": "«{0}» kan ikke brukes som feltnavn. Bruk bokstaver, tall, _ og -, med "
                        "punktum mellom nivåene.",
    "err.field_exists": "Feltet «{0}» finnes allerede. Velg det i lista.",
    "err.bad_type": "Velg en type for feltet.",
    "err.not_integer": "Skriv et heltall, for eksempel 10.",
    "err.not_number": "Skriv et tall, for eksempel 2,5.",
    "err.bad_choice": "Velg et av alternativene.",
    "err.not_object": "Skriv et JSON-objekt, for eksempel {\"a\": 1}.",
    "err.not_array": "Skriv en JSON-liste, for eksempel [\"a\", \"b\"].",
}
_NN = {
    **_NB,
    "unsupported": "Blankett viser ikkje denne typen enno. Her kan du endre id og synlegheit; "
                   "resten blir endra i fila.",
    "save": "Lagre endringane",
    "id_hint": "Bokstavar, tal og bindestrek; byrj med ein bokstav eller eit tal og slutt med "
               "ein bokstav. Må vere unik i skjemaet. Grupper på sida som inneheld "
               "komponenten, blir oppdaterte.",
    "back": "Tilbake til sida {0}",
    "section.texts": "Tekstar",
    "text_key_hint": "Står feltet tomt, blir nøkkelen {0} laga. Endrar du nøkkelen til ein som "
                     "finst, blir tekstane som alt står der, brukte.",
    "text_missing": "Manglar omsetjing",
    "text_expression": "Denne teksten er eit uttrykk og blir endra i fila:",
    "text_literal": "Ingen tekst har denne nøkkelen, så han blir vist som han står. Skriv du "
                    "teksten på språka under, får han ein eigen nøkkel.",
    "binding_label": "Felt for {0}",
    "binding.simpleBinding": "svaret",
    "not_bound": "Ikkje kopla",
    "new_field_option": "Lag eit nytt felt …",
    "not_in_model_option": "{0} (finst ikkje i datamodellen)",
    "new_field_hint": "Blir brukt når du vel «Lag eit nytt felt …». Feltet blir lagt til i {0}.",
    "new_path": "Namn på feltet",
    "new_path_hint": "Punktum skil nivåa, til dømes soker.telefon.",
    "ftype.text": "Tekst", "ftype.integer": "Heiltal", "ftype.number": "Desimaltal",
    "kind.integer": "heiltal", "kind.number": "desimaltal",
    "no_model": "Skjemaet har ingen datamodell. Felta verkar likevel utan kopling; du kan "
                "skrive ein sti i datamodellen om du vil.",
    "section.rules": "Synlegheit og reglar",
    "flag.hidden": "Skjult", "flag.required": "Påkravd", "flag.readOnly": "Skriveverna",
    "mode.no": "Nei", "mode.yes": "Ja", "mode.expr": "Når uttrykket er sant",
    "section.props": "Eigenskapar",
    "title": "Eigenskapar for «{0}»",
    "no_props": "Denne typen har ingen fleire eigenskapar.",
    "not_set": "Ikkje sett",
    "json_hint": "Skriv JSON ({0}). Tomt felt: eigenskapen blir teken ut av fila.",
    "json.object": "eit objekt, til dømes {\"a\": 1}",
    "json.array": "ei liste, til dømes [\"a\", \"b\"]",
    "json.any": "ein verdi",
    "number_hint": "Eit tal. Tomt felt: eigenskapen blir teken ut av fila.",
    "value_hint": "Ein tekst, eit tal, eller eit uttrykk som JSON. Tomt felt: eigenskapen blir "
                  "teken ut av fila.",
    "sample_label": "Eksempeldata (JSON)",
    "sample_hint": "Uttrykka blir rekna ut med desse dataa. Dei er fylte ut frå datamodellen; "
                   "endra verdiane for å prøve.",
    "preview": "Førehandsvising",
    "preview_title": "Førehandsvising av sida {0}",
    "check": "Sjekk uttrykket",
    "expr_hint": "Skriv uttrykket som JSON, til dømes "
                 "[\"equals\", [\"component\", \"soker-type\"], \"person\"].",
    "expr.valid": "Gyldig uttrykk. Verdi med eksempeldata: {0}",
    "expr.no_value": "Gyldig uttrykk, men med eksempeldataa gir det ein feil (då tel det som "
                     "usant): {0}",
    "expr.sample": "Eksempeldataa er ikkje eit JSON-objekt: {0}",
    "err.not_json": "Ikkje gyldig JSON: {0}",
    "err.not_expression": "Eit uttrykk er ei liste som byrjar med namnet på ein funksjon, til "
                          "dømes [\"equals\", 1, 1].",
    "err.unknown_component": "Uttrykket viser til komponentar som ikkje finst: {0}",
    "err.expression_missing": "Skriv uttrykket, eller vel «Nei» eller «Ja».",
    "err.bad_id": "«{0}» kan ikkje brukast som id. Bruk bokstavar, tal og bindestrek, byrj "
                  "med ein bokstav eller eit tal og slutt med ein bokstav.",
    "err.id_taken": "Id-en «{0}» er alt brukt i skjemaet.",
    "err.bad_text_key": "Ein tekstnøkkel kan ikkje ha mellomrom: «{0}».",
    "err.bad_binding": "«{0}» er ikkje ein gyldig sti i datamodellen.",
    "err.not_in_model": "«{0}» finst ikkje i datamodellen.",
    "err.no_model": "Skjemaet har ingen datamodell å lage feltet i.",
    "err.new_path_missing": "Skriv namnet på det nye feltet.",
    "err.bad_new_path": "«{0}» kan ikkje brukast som feltnamn. Bruk bokstavar, tal, _ og -, "
                        "med punktum mellom nivåa.",
    "err.field_exists": "Feltet «{0}» finst alt. Vel det i lista.",
    "err.bad_type": "Vel ein type for feltet.",
    "err.not_integer": "Skriv eit heiltal, til dømes 10.",
    "err.not_number": "Skriv eit tal, til dømes 2,5.",
    "err.bad_choice": "Vel eitt av alternativa.",
    "err.not_object": "Skriv eit JSON-objekt, til dømes {\"a\": 1}.",
    "err.not_array": "Skriv ei JSON-liste, til dømes [\"a\", \"b\"].",
}
_EN = {
    "title": "Properties of «{0}»",
    "type": "Type: {0}",
    "unsupported": "Blankett does not show this type yet. Here you can change its id and "
                   "visibility; the rest is changed in the file.",
    "back": "Back to the page {0}",
    "save": "Save the changes",
    "section.id": "Id",
    "id_label": "Id of the component",
    "id_hint": "Letters, digits and hyphens; start with a letter or digit and end with a "
               "letter. Must be unique in the form. Groups on the page that hold the component "
               "are updated.",
    "section.texts": "Texts",
    "text_legend": "Text: {0}",
    "text_key": "Text key",
    "text_key_hint": "Left empty, the key {0} is made. If you change the key to one that "
                     "exists, the texts it already has are used.",
    "text_value": "Text in {0}",
    "text_missing": "Translation missing",
    "text_expression": "This text is an expression and is changed in the file:",
    "text_literal": "No text has this key, so it is shown as it stands. If you write the "
                    "text in the languages below, it gets a key of its own.",
    "lang.nb": "Bokmål", "lang.nn": "Nynorsk", "lang.en": "English",
    "section.bindings": "Data model",
    "binding_label": "Field for {0}",
    "binding.simpleBinding": "the answer",
    "not_bound": "Not bound",
    "new_field_option": "Create a new field …",
    "not_in_model_option": "{0} (not in the data model)",
    "new_field_legend": "New field for {0}",
    "new_field_hint": "Used when you choose «Create a new field …». The field is added to {0}.",
    "new_path": "Name of the field",
    "new_path_hint": "Dots separate the levels, for example applicant.phone.",
    "new_type": "Type",
    "ftype.text": "Text", "ftype.integer": "Whole number", "ftype.number": "Decimal number",
    "ftype.boolean": "Yes/no", "ftype.date": "Date",
    "kind.string": "text", "kind.integer": "whole number", "kind.number": "decimal number",
    "kind.boolean": "yes/no", "kind.date": "date", "kind.array": "list",
    "no_model": "The form has no data model. Fields still work unbound; you may write a data "
                "model path if you like.",
    "binding_path": "Data model path for {0}",
    "section.rules": "Visibility and rules",
    "flag.hidden": "Hidden", "flag.required": "Required", "flag.readOnly": "Read only",
    "mode.no": "No", "mode.yes": "Yes", "mode.expr": "When the expression is true",
    "expr_label": "Expression for «{0}»",
    "section.props": "Properties",
    "no_props": "This type has no more properties.",
    "not_set": "Not set",
    "default": "Default: {0}",
    "yes": "Yes", "no": "No",
    "json_hint": "Write JSON ({0}). Empty: the property is left out of the file.",
    "json.object": "an object, for example {\"a\": 1}",
    "json.array": "a list, for example [\"a\", \"b\"]",
    "json.any": "a value",
    "number_hint": "A number. Empty: the property is left out of the file.",
    "value_hint": "A text, a number, or an expression as JSON. Empty: the property is left "
                  "out of the file.",
    "sample_label": "Sample data (JSON)",
    "sample_hint": "The expressions are worked out with this data. It is filled in from the "
                   "data model; change the values to try.",
    "preview": "Preview",
    "preview_title": "Preview of the page {0}",
    "check": "Check the expression",
    "expr_hint": "Write the expression as JSON, for example "
                 "[\"equals\", [\"component\", \"applicant-type\"], \"person\"].",
    "expr.valid": "Valid expression. Value with the sample data: {0}",
    "expr.no_value": "Valid expression, but with the sample data it fails (and then counts as "
                     "false): {0}",
    "expr.sample": "The sample data is not a JSON object: {0}",
    "err.not_json": "Not valid JSON: {0}",
    "err.not_expression": "An expression is a list that starts with the name of a function, "
                          "for example [\"equals\", 1, 1].",
    "err.invalid": "Invalid expression: {0}",
    "err.unknown_component": "The expression refers to components that do not exist: {0}",
    "err.expression_missing": "Write the expression, or choose «No» or «Yes».",
    "err.bad_id": "«{0}» cannot be used as an id. Use letters, digits and hyphens, start with "
                  "a letter or digit and end with a letter.",
    "err.id_taken": "The id «{0}» is already used in the form.",
    "err.bad_text_key": "A text key cannot contain spaces: «{0}».",
    "err.bad_binding": "«{0}» is not a valid data model path.",
    "err.not_in_model": "«{0}» is not in the data model.",
    "err.no_model": "The form has no data model to add the field to.",
    "err.new_path_missing": "Write the name of the new field.",
    "err.bad_new_path": "«{0}» cannot be used as a field name. Use letters, digits, _ and -, "
                        "with dots between the levels.",
    "err.field_exists": "The field «{0}» already exists. Choose it in the list.",
    "err.bad_type": "Choose a type for the field.",
    "err.not_integer": "Write a whole number, for example 10.",
    "err.not_number": "Write a number, for example 2.5.",
    "err.bad_choice": "Choose one of the options.",
    "err.not_object": "Write a JSON object, for example {\"a\": 1}.",
    "err.not_array": "Write a JSON list, for example [\"a\", \"b\"].",
}
add({lang: {f"component.{key}": text for key, text in table.items()}
     for lang, table in (("nb", _NB), ("nn", _NN), ("en", _EN))})

_SAMPLE_LIMIT = 2000  # bytes of sample data remembered per app in the session


def field_id(name: str) -> str:
    """The HTML id of a panel field (its form name has dots, which CSS selectors dislike)."""
    return "cp-" + name.replace(".", "-").replace("_", "-")


# ---- the data model of a layout set ------------------------------------------------------


@dataclass
class Model:
    """The layout set's data model as the panel needs it; `file` None: there is none."""

    file: str | None
    document: dict[str, Any] | None
    root_name: str | None

    @property
    def fields(self) -> list[datamodel_edit.SchemaField]:
        if self.document is None:
            return []
        return datamodel_edit.fields(self.document, self.root_name)

    def sample(self) -> dict[str, Any]:
        if self.document is None:
            return {}
        return datamodel_edit.sample_data(self.document, self.root_name)


def model_of(target: DesignerApp, layout_set: LayoutSet) -> Model:
    data_type = layout_set.data_type
    if not data_type or data_type not in target.app.schemas:
        return Model(None, None, None)
    meta = target.app.data_type(data_type) or {}
    logic = meta.get("appLogic") if isinstance(meta.get("appLogic"), dict) else {}
    class_ref = str(logic.get("classRef") or "") or None
    candidates = [f"models/{data_type}.schema.json"]
    if class_ref:
        candidates.append(f"models/{class_ref.rsplit('.', 1)[-1]}.schema.json")
    existing = [c for c in candidates if target.workspace.path(c).is_file()]
    name = datamodel_edit.schema_file(existing, data_type, class_ref)
    document = target.workspace.read_json(name)
    if not isinstance(document, dict):
        return Model(None, None, None)
    return Model(name, document, class_ref.rsplit(".", 1)[-1] if class_ref else None)


# ---- the component -----------------------------------------------------------------------


def find_component(workspace: Workspace, layout_set: LayoutSet, page: str,
                   component_id: str) -> dict[str, Any] | None:
    """The component's JSON as its page file has it."""
    content = workspace.read_page(layout_set, page)
    data = content.get("data") if isinstance(content.get("data"), dict) else {}
    for item in data.get("layout") or []:
        if isinstance(item, dict) and item.get("id") == component_id:
            return item
    return None


def all_texts(workspace: Workspace) -> dict[str, dict[str, dict[str, Any]]]:
    return {lang: workspace.read_texts(lang) for lang in LANGUAGES}


def sample_text(target: DesignerApp, model: Model) -> str:
    """The admin's last sample data for this app, else one made from the data model."""
    remembered = session.get(f"designer.sample.{target.id}")
    if isinstance(remembered, str):
        return remembered
    return json.dumps(model.sample(), ensure_ascii=False, indent=2)


def remember_sample(target: DesignerApp, text: str) -> None:
    if text and len(text.encode("utf-8")) < _SAMPLE_LIMIT:
        session[f"designer.sample.{target.id}"] = text


def read_sample(text: str) -> tuple[dict[str, Any], str | None]:
    """Posted sample data; ({}, the problem) when it is not a JSON object."""
    if not text.strip():
        return {}, None
    try:
        value = json.loads(text)
    except ValueError as exc:
        return {}, str(exc)
    if not isinstance(value, dict):
        return {}, "{…}"
    return value, None


def _url(endpoints: tuple[str, ...], **values: Any) -> str:
    """The first of `endpoints` that exists (the page editor is another part's)."""
    for endpoint in endpoints:
        try:
            return url_for(endpoint, **values)
        except BuildError:
            continue
    return url_for("designer.index")


# ---- the page ----------------------------------------------------------------------------


@dataclass
class Place:
    """Where the component is: app, layout set, page, and its JSON and declaration."""

    target: DesignerApp
    layout_set: LayoutSet
    page_name: str
    raw: dict[str, Any]

    @property
    def cls(self) -> type:
        return component_class(str(self.raw.get("type", "")))

    @property
    def id(self) -> str:
        return str(self.raw.get("id", ""))


def locate(org: str, app_name: str, set_id: str, page_name: str, component_id: str) -> Place:
    target = designer_app(org, app_name)
    layout_set, _page = target.page(set_id, page_name)
    raw = find_component(target.workspace, layout_set, page_name, component_id)
    if raw is None:
        abort(404)
    return Place(target, layout_set, page_name, raw)


def show(place: Place, panel: Panel, model: Model, sample: str,
         errors: dict[str, str] | None = None,
         checks: dict[str, expression_check.Check] | None = None, status: int = 200
         ) -> tuple[str, int]:
    target, lang = place.target, current_language()
    here = {"org": target.app.org, "app_name": target.app.name}
    page_here = {**here, "set_id": place.layout_set.id, "page_name": place.page_name}
    return render(
        "designer/component.html", target, panel=panel, cls=place.cls, model=model,
        fields=model.fields, sample=sample, errors=errors or {}, checks=checks or {},
        set_id=place.layout_set.id, page_name=place.page_name, component_id=place.id,
        field_id=field_id, languages=LANGUAGES, new_field_types=datamodel_edit.NEW_FIELD_TYPES,
        NEW=NEW, panel_json=_panel_json,
        self_url=url_for("designer.component", **page_here, component_id=place.id),
        check_url=url_for("designer.check_expression", **here),
        back_url=_url(("designer.page_editor", "designer.app_home"), **page_here),
        preview_url=_url(("designer.preview",), **page_here, lang=lang),
    ), status


def _panel_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


@bp.get("/<org>/<app_name>/<set_id>/<page_name>/components/<component_id>")
def component(org: str, app_name: str, set_id: str, page_name: str, component_id: str
              ) -> tuple[str, int]:
    place = locate(org, app_name, set_id, page_name, component_id)
    model = model_of(place.target, place.layout_set)
    panel = panel_of(place.cls, place.raw, all_texts(place.target.workspace))
    return show(place, panel, model, sample_text(place.target, model))


@bp.post("/<org>/<app_name>/<set_id>/<page_name>/components/<component_id>")
def save_component(org: str, app_name: str, set_id: str, page_name: str, component_id: str
                   ) -> Response | tuple[str, int]:
    place = locate(org, app_name, set_id, page_name, component_id)
    target, lang = place.target, current_language()
    model = model_of(target, place.layout_set)
    known_texts = all_texts(target.workspace)
    shown = panel_of(place.cls, place.raw, known_texts)
    posted = panel_from_form(shown, request.form)
    sample = request.form.get("sample", "").replace("\r\n", "\n")
    remember_sample(target, sample)
    if request.form.get("action") == "check":
        return show(place, posted, model, sample, checks=check_all(place, posted, sample))
    outcome = read_panel(place.raw, shown, posted, ReadContext(
        page=page_name, taken_ids=set(place.layout_set.components) - {place.id},
        texts=known_texts, schema_paths={f.path for f in model.fields}
        if model.file else None, check_expression=checker(place)))
    tx = texts(lang)
    if not outcome.ok:
        errors = {name: tx(f"component.err.{code}", detail)
                  for name, (code, detail) in outcome.errors.items()}
        return show(place, posted, model, sample, errors=errors, status=400)
    changes = bool(outcome.texts or outcome.new_fields or not same_json(outcome.component,
                                                                         place.raw))
    saved = save(target, lambda workspace: write(workspace, place, model, outcome))
    if changes and not saved:  # refused: the problems are flashed; keep what was typed
        return show(place, posted, model, sample, status=400)
    new_id = outcome.renamed[1] if saved and outcome.renamed else place.id
    return redirect(url_for("designer.component", org=org, app_name=app_name, set_id=set_id,
                            page_name=page_name, component_id=new_id), 303)


def checker(place: Place) -> Any:
    """How read_panel checks an expression before it is saved: the runtime's compiler, the
    layout set's component ids, and a trial with no data (a literal of the wrong type)."""
    lang = current_language()

    def check(raw: Any, as_type: str) -> tuple[str, str] | None:
        found = expression_check.static_check(raw, set(place.layout_set.components))
        if found is not None:
            return found.error or "invalid", found.detail
        failure = expression_check.fails_always(place.target.app, place.layout_set, raw, lang,
                                                place.id, as_type)
        return ("invalid", failure) if failure else None

    return check


def write(workspace: Workspace, place: Place, model: Model, outcome: Outcome) -> None:
    """The saved panel into the files: the page (only when the component changed), each
    language's texts that changed, and the schema when a field was added."""
    if not same_json(outcome.component, place.raw):
        content = workspace.read_page(place.layout_set, place.page_name)
        layout = content.setdefault("data", {}).setdefault("layout", [])
        content["data"]["layout"] = layout = [outcome.component if isinstance(item, dict)
                                              and item.get("id") == place.id else item
                                              for item in layout]
        if outcome.renamed:
            rename_references(layout, *outcome.renamed)
        workspace.write_page(place.layout_set, place.page_name, content)
    if outcome.renamed:  # expressions and summaries on every page of the set follow the id
        for name in place.layout_set.pages:
            page = workspace.read_page(place.layout_set, name)
            workspace.write_page(place.layout_set, name, rename_mentions(page, *outcome.renamed))
    for lang, changes in outcome.texts.items():
        resources = workspace.read_texts(lang)
        for key, value in changes.items():
            if value is None:
                resources.pop(key, None)
            else:
                resources[key] = {**resources.get(key, {}), "id": key, "value": value}
        workspace.write_texts(lang, resources)
    if outcome.new_fields and model.file and model.document is not None:
        document = workspace.read_json(model.file)
        for path, field_type in outcome.new_fields:
            datamodel_edit.add_field(document, path, field_type, model.root_name)
        workspace.write_json(model.file, document, sort_keys=False)


# ---- checking expressions ----------------------------------------------------------------


def expression_fields(panel: Panel) -> list[tuple[str, str, str]]:
    """(form name, text, type it is cast to) of every expression in the panel."""
    out = [(f"flag.{f.key}.expr", f.expression, "boolean") for f in panel.flags
           if f.mode == "expr"]
    out += [(f"prop.{p.name}", p.value, "any") for p in panel.props
            if p.control == "expression" and p.value.lstrip().startswith("[")]
    return out


def check_all(place: Place, panel: Panel, sample: str) -> dict[str, expression_check.Check]:
    """The check of every expression in a posted panel (the no-JavaScript "check" button)."""
    data, _problem = read_sample(sample)
    return {name: check_text(place, text, data, as_type)
            for name, text, as_type in expression_fields(panel) if text.strip()}


def check_text(place: Place, text: str, data: dict[str, Any], as_type: str
               ) -> expression_check.Check:
    if as_type != "boolean" and not text.lstrip().startswith(("[", "{", '"')):
        raw, problem = expression_check.parse(text)  # a plain value: a number, true, a text
        return expression_check.Check(value=text if problem else raw, evaluated=True)
    raw, problem = expression_check.parse(text)
    if problem is not None:
        return expression_check.Check(error="not_json", detail=problem.split(":", 1)[1])
    return expression_check.check(place.target.app, place.layout_set, raw, data,
                                  current_language(), place.id if place.raw else None,
                                  as_type, must_be_expression=as_type == "boolean")


@bp.post("/<org>/<app_name>/expression-check")
def check_expression(org: str, app_name: str) -> str:
    """An expression checked as it is typed: an HTML fragment for the status region."""
    target = designer_app(org, app_name)
    form = request.form
    set_id = form.get("set_id") or next(iter(target.app.layout_sets), "")
    layout_set = target.layout_set(set_id)
    field = form.get("expression_field")
    text = form.get(field, "") if field and field != "expression" else form.get(
        "expression", "")
    as_type = form.get("as_type") if form.get("as_type") in ("boolean", "any") else "boolean"
    component_id = form.get("component_id") or ""
    if component_id not in layout_set.components:
        component_id = ""
    raw_component = layout_set.components[component_id].raw if component_id else {}
    place = Place(target, layout_set, form.get("page_name", ""), raw_component)
    sample = form.get("sample", "")
    remember_sample(target, sample)
    data, sample_problem = read_sample(sample)
    result = check_text(place, text, data, as_type) if text.strip() else None
    macro = get_template_attribute("designer/_expression_editor.html", "check_result")
    return str(macro(texts(current_language()), result, sample_problem))
