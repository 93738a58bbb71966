"""One page holding every component type Blankett renders, with data, for tests that check all
types at once (no placeholder left, axe at zero violations with and without JavaScript)."""

from __future__ import annotations

from typing import Any

OPTIONS = [{"value": "a", "label": "Alfa"}, {"value": "b", "label": "Beta"}]


def field(comp_id: str, kind: str, path: str, title: str, **extra: Any) -> dict[str, Any]:
    return {"id": comp_id, "type": kind, "textResourceBindings": {"title": title},
            "dataModelBindings": {"simpleBinding": path}, **extra}


COMPONENTS: list[dict[str, Any]] = [
    {"id": "sink-nav", "type": "NavigationBar"},
    {"id": "sink-header", "type": "Header", "size": "L",
     "textResourceBindings": {"title": "Alle komponenter"}},
    {"id": "sink-heading", "type": "Heading", "size": "M",
     "textResourceBindings": {"title": "Underoverskrift"}},
    {"id": "sink-paragraph", "type": "Paragraph",
     "textResourceBindings": {"title": "Tekst med **uthevet** ord."}},
    {"id": "sink-panel", "type": "Panel", "variant": "info",
     "textResourceBindings": {"title": "Panel", "body": "Innhold i panelet."}},
    {"id": "sink-alert", "type": "Alert", "severity": "warning",
     "textResourceBindings": {"title": "Varsel", "body": "Les dette."}},
    {"id": "sink-divider", "type": "Divider"},
    {"id": "sink-link", "type": "Link",
     "textResourceBindings": {"title": "Les mer", "target": "https://www.eksempel.no"}},
    {"id": "sink-image", "type": "Image", "image": {"src": {"nb": "data:image/gif;base64,"
                                                             "R0lGODlhAQABAAAAACw="}},
     "textResourceBindings": {"altTextImg": "Et lite bilde"}},
    field("sink-input", "Input", "sink.tekst", "Tekstfelt"),
    field("sink-textarea", "TextArea", "sink.lang", "Lang tekst"),
    field("sink-date", "Datepicker", "sink.dato", "Dato"),
    field("sink-time", "TimePicker", "sink.tid", "Klokkeslett"),
    field("sink-radio", "RadioButtons", "sink.radio", "Ett valg", options=OPTIONS),
    field("sink-checkboxes", "Checkboxes", "sink.boks", "Flere valg", options=OPTIONS),
    field("sink-dropdown", "Dropdown", "sink.nedtrekk", "Nedtrekk", options=OPTIONS),
    field("sink-multi", "MultipleSelect", "sink.multi", "Flervalg", options=OPTIONS),
    field("sink-map", "Map", "sink.kart", "Posisjon"),
    {"id": "sink-address", "type": "Address", "simplified": True,
     "textResourceBindings": {"title": "Adresse"},
     "dataModelBindings": {"address": "sink.gate", "zipCode": "sink.postnr",
                           "postPlace": "sink.poststed"}},
    {"id": "sink-likert", "type": "Likert", "options": OPTIONS,
     "textResourceBindings": {"title": "Spørsmål", "questions": "Spørsmål {0}"},
     "dataModelBindings": {"questions": "sporsmal", "answer": "sporsmal.svar"}},
    {"id": "sink-text", "type": "Text", "value": ["dataModel", "sink.tekst"],
     "textResourceBindings": {"title": "Visning av tekst"}},
    {"id": "sink-number", "type": "Number", "value": 1234.5,
     "textResourceBindings": {"title": "Tall"}},
    {"id": "sink-datevalue", "type": "Date", "value": "2030-05-17",
     "textResourceBindings": {"title": "Visning av dato"}},
    {"id": "sink-option", "type": "Option", "value": "b", "options": OPTIONS,
     "textResourceBindings": {"title": "Valgt"}},
    {"id": "sink-group", "type": "Group", "textResourceBindings": {"title": "Gruppe"},
     "children": ["sink-in-group"]},
    field("sink-in-group", "Input", "sink.gruppefelt", "Felt i gruppe"),
    {"id": "sink-accordion-group", "type": "AccordionGroup", "children": ["sink-accordion"]},
    {"id": "sink-accordion", "type": "Accordion", "textResourceBindings": {"title": "Trekkspill"},
     "children": ["sink-in-accordion"]},
    {"id": "sink-in-accordion", "type": "Paragraph",
     "textResourceBindings": {"title": "Inni trekkspillet."}},
    {"id": "sink-tabs", "type": "Tabs", "tabs": [
        {"id": "sink-tab-one", "title": "Første", "children": ["sink-in-tab"]}]},
    {"id": "sink-in-tab", "type": "Paragraph", "textResourceBindings": {"title": "I fanen."}},
    {"id": "sink-cards", "type": "Cards", "cards": [
        {"title": "Kort", "body": "Kortets tekst.", "children": ["sink-in-card"]}]},
    {"id": "sink-in-card", "type": "Paragraph", "textResourceBindings": {"title": "I kortet."}},
    {"id": "sink-grid", "type": "Grid", "rows": [
        {"header": True, "cells": [{"text": "Felt"}, {"text": "Verdi"}]},
        {"cells": [{"text": "Beløp"}, {"component": "sink-in-grid"}]}]},
    field("sink-in-grid", "Input", "sink.belop", "Beløp i rutenett"),
    {"id": "sink-repeating", "type": "RepeatingGroup", "dataModelBindings": {"group": "rader"},
     "textResourceBindings": {"title": "Rader"}, "children": ["sink-row-name"]},
    field("sink-row-name", "Input", "rader.navn", "Navn i rad"),
    {"id": "sink-list", "type": "List", "textResourceBindings": {"title": "Liste"},
     "dataListId": "sink-personer", "dataModelBindings": {"name": "sink.liste"},
     "tableHeaders": {"name": "Navn", "age": "Alder"}, "sortableColumns": ["age"],
     "pagination": {"alternatives": [2, 5], "default": 2}},
    {"id": "sink-list-missing", "type": "List", "textResourceBindings": {"title": "Ingen liste"},
     "dataListId": "ingen-liste"},
    {"id": "sink-info", "type": "InstanceInformation"},
    {"id": "sink-payment", "type": "Payment", "textResourceBindings": {"title": "Betaling"}},
    {"id": "sink-payment-details", "type": "PaymentDetails",
     "textResourceBindings": {"title": "Oversikt over betaling"}},
    {"id": "sink-sign-docs", "type": "SigningDocumentList"},
    {"id": "sink-signees", "type": "SigneeList"},
    {"id": "sink-sign-actions", "type": "SigningActions"},
    {"id": "sink-attachments", "type": "AttachmentList",
     "textResourceBindings": {"title": "Vedlegg"}},
    {"id": "sink-audio", "type": "Audio", "textResourceBindings": {
        "audio": "/static/none.mp3", "altText": "Lydklipp"}},
    {"id": "sink-video", "type": "Video", "textResourceBindings": {
        "video": "/static/none.mp4", "altText": "Videoklipp"}},
    {"id": "sink-iframe", "type": "IFrame", "textResourceBindings": {"title": "<p>Innebygd</p>"}},
    {"id": "sink-buttons", "type": "ButtonGroup", "children": ["sink-custom", "sink-print"]},
    {"id": "sink-custom", "type": "CustomButton", "actions": [
        {"type": "ClientAction", "id": "nextPage"}],
     "textResourceBindings": {"title": "Gå videre"}},
    {"id": "sink-print", "type": "PrintButton", "textResourceBindings": {"title": "Skriv ut"}},
    {"id": "sink-action", "type": "ActionButton", "action": "sign",
     "textResourceBindings": {"title": "Signer"}},
    {"id": "sink-instantiate", "type": "InstantiationButton",
     "textResourceBindings": {"title": "Start ny"}},
    {"id": "sink-summary", "type": "Summary", "componentRef": "sink-input"},
    {"id": "sink-summary2", "type": "Summary2", "target": {"type": "component",
                                                           "id": "sink-radio"}},
    {"id": "sink-submit", "type": "Button", "textResourceBindings": {"title": "Send inn"}},
    {"id": "sink-navbuttons", "type": "NavigationButtons", "showBackButton": True},
]

SCHEMA = {
    "sink": {"type": "object", "properties": {
        **{k: {"type": "string"} for k in (
            "tekst", "lang", "radio", "boks", "nedtrekk", "multi", "kart", "gate", "postnr",
            "poststed", "gruppefelt", "belop", "tid", "liste")},
        "dato": {"type": "string", "format": "date"}}},
    "sporsmal": {"type": "array", "items": {"type": "object", "properties": {
        "svar": {"type": "string"}}}},
    "rader": {"type": "array", "items": {"type": "object", "properties": {
        "altinnRowId": {"type": "string"}, "navn": {"type": "string"}}}},
}

# App code for the page: the rows of the List (build_app(..., logic=LOGIC)).
LOGIC = {"sink.py": """
from forms.app_code import data_list


@data_list("sink-personer")
def personer(language, query):
    return [{"name": "Kari", "age": 41}, {"name": "Ola", "age": 9}, {"name": "Åse", "age": 67}]
"""}

DATA = {"sink": {"tekst": "Hei", "radio": "a", "boks": "a,b", "dato": "2030-01-02",
                 "liste": "Ola"},
        "sporsmal": [{"svar": "a"}, {}],
        "rader": [{"altinnRowId": "r1", "navn": "Kari"}, {"altinnRowId": "r2", "navn": "Ola"}]}

NOT_HERE = {"LikertItem": "rendered by Likert", "FileUpload": "needs an instance: own tests",
            "FileUploadWithTag": "needs an instance: own tests",
            "Subform": "needs an instance and a layout set of its own: own tests"}
