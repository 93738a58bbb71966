"""Component rules (Input/TextArea maxLength, Datepicker dates and limits, FileUpload files as
stored) and the data types' minCount/maxCount of attachments, with their messages in nb, nn
and en and the texts an app may replace them with. Through the pages and `validate(view)`."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from forms.components.fileupload import MB
from forms.loader import load_app
from forms.render import PageView
from forms.validation import Issue, validate
from forms.validation.component_rules import date_limit, today
from tests.components.conftest import build_app
from tests.conftest import login, make_app, start_instance
from tests.test_pages import page_url

SCHEMA = {"navn": {"type": "string"}, "tekst": {"type": "string"},
          "dato": {"type": "string"}, "fra": {"type": "string"},
          "ansatte": {"type": "array", "items": {"type": "object", "properties": {
              "altinnRowId": {"type": "string"}, "vedlegg": {"type": "string"}}}}}
FIELDS = [
    {"id": "navn", "type": "Input", "textResourceBindings": {"title": "Navn"},
     "dataModelBindings": {"simpleBinding": "navn"}, "maxLength": 5},
    {"id": "tekst", "type": "TextArea", "textResourceBindings": {"title": "Tekst"},
     "dataModelBindings": {"simpleBinding": "tekst"}, "maxLength": 5},
    {"id": "dato", "type": "Datepicker", "textResourceBindings": {"title": "Dato"},
     "dataModelBindings": {"simpleBinding": "dato"}, "minDate": "2020-01-01",
     "maxDate": "2030-12-31T12:00:00Z"},
    {"id": "fra", "type": "Datepicker", "textResourceBindings": {"title": "Fra"},
     "dataModelBindings": {"simpleBinding": "fra"}, "minDate": "today",
     "format": "DD/MM/YYYY"},
]
UPLOADS = [
    {"id": "vedlegg", "type": "FileUpload", "textResourceBindings": {"title": "Vedlegg"},
     "maxFileSizeInMB": 1, "maxNumberOfAttachments": 2},
    {"id": "bilder", "type": "FileUploadWithTag", "textResourceBindings": {"title": "Bilder"},
     "hasCustomFileEndings": True, "validFileEndings": [".png"],
     "options": [{"value": "a", "label": "A"}]},
]
DATA_TYPES = [
    {"id": "vedlegg", "allowedContentTypes": ["application/pdf", "image/*"], "maxSize": 5,
     "maxCount": 3, "minCount": 0, "taskId": "Task_1"},
    {"id": "bilder", "minCount": 2, "maxCount": 0, "taskId": "Task_1"},
    {"id": "bilag", "minCount": 1, "taskId": "Task_1"},  # no component: uploaded by API
    {"id": "annen-oppgave", "minCount": 1, "taskId": "Task_2"},
    {"id": "signatur", "minCount": 1, "taskId": "Task_1",
     "allowedContributors": ["app:owned"]},
]


def _service(tmp_path: Path, components: list[dict[str, Any]],
             data_types: list[dict[str, Any]] | None = None,
             texts: dict[str, dict[str, str]] | None = None) -> Path:
    target = build_app(tmp_path, components, schema_properties=SCHEMA)
    if data_types:
        file = target / "App/config/applicationmetadata.json"
        metadata = json.loads(file.read_text(encoding="utf-8"))
        metadata["dataTypes"] += data_types
        file.write_text(json.dumps(metadata), encoding="utf-8")
    for lang, items in (texts or {}).items():
        file = target / f"App/config/texts/resource.{lang}.json"
        resources = json.loads(file.read_text(encoding="utf-8"))
        resources["resources"] += [{"id": k, "value": v} for k, v in items.items()]
        file.write_text(json.dumps(resources, ensure_ascii=False), encoding="utf-8")
    return target


def _view(target: Path, data: dict[str, Any], lang: str = "nb",
          files: list[dict[str, Any]] | None = None) -> PageView:
    app, problems = load_app(target)
    assert app is not None, [str(p) for p in problems]
    layout_set = app.layout_sets["form"]
    info = {"id": "512345/abc", "data": files or []}
    return PageView(app, layout_set, layout_set.pages["test"], data, lang, lambda n: f"/p/{n}",
                    instance_info=info)


def _issues(view: PageView, *sources: str) -> list[Issue]:
    return [i for i in validate(view) if i.source in (sources or ("Component",))]


def _said(view: PageView, *sources: str) -> list[tuple[str | None, str, str]]:
    return [(i.component_id, i.code, i.description) for i in _issues(view, *sources)]


def _file(data_type: str, name: str, size: int = 100, content_type: str = "application/pdf",
          element_id: str | None = None) -> dict[str, Any]:
    return {"id": element_id or f"{data_type}-{name}", "dataType": data_type,
            "filename": name, "size": size, "contentType": content_type}


# ---- text ----------------------------------------------------------------------------------

def test_max_length_when_submitting(tmp_path: Path) -> None:
    target = _service(tmp_path, FIELDS)
    client = make_app(tmp_path, BLANKETT_APPS_DIR=str(target.parent)).test_client()
    login(client)
    page = start_instance(client)
    # A browser sends a line break as CRLF: it is one character, as the person typed it.
    client.post(page, data={"action": "save", "navn": "Kari Nordmann", "tekst": "ab\r\ncd"})
    response = client.post(page_url(page, "oppsummering"), data={"action": "submit"})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    summary = html[html.index('id="bk_errors"'):]
    summary = summary[:summary.index("</div>")]
    assert f'<a class="ds-link" href="{page}#navn">Bruk 5 eller færre tegn</a>' in summary
    assert f'{page}#tekst"' not in summary


@pytest.mark.parametrize("lang, text", [("nb", "Bruk 5 eller færre tegn"),
                                        ("nn", "Bruk 5 eller færre teikn"),
                                        ("en", "Use 5 or fewer characters")])
def test_max_length_in_each_language(tmp_path: Path, lang: str, text: str) -> None:
    view = _view(_service(tmp_path, FIELDS), {"navn": "Kari Nordmann", "tekst": "123456"},
                 lang)
    issues = _issues(view)
    assert [(i.component_id, i.code, i.description) for i in issues] == [
        ("navn", "maxLength", text), ("tekst", "maxLength", text)]
    assert issues[0].field == "navn" and issues[0].blocks


def test_read_only_fields_are_not_judged(tmp_path: Path) -> None:
    fields = [dict(FIELDS[0], readOnly=True)]
    assert _said(_view(_service(tmp_path, fields), {"navn": "Kari Nordmann"})) == []


# ---- dates ---------------------------------------------------------------------------------

def test_dates_stored_outside_their_limits(tmp_path: Path) -> None:
    target = _service(tmp_path, FIELDS)
    assert _said(_view(target, {"dato": "2019-12-31"})) == [
        ("dato", "minDate", "Datoen kan ikke være tidligere enn 01.01.2020.")]
    assert _said(_view(target, {"dato": "2031-01-01T10:00:00Z"}, "nn")) == [
        ("dato", "maxDate", "Datoen kan ikkje vere seinare enn 31.12.2030.")]
    assert _said(_view(target, {"dato": "2020-01-01", "fra": today().isoformat()})) == []
    yesterday = date.fromordinal(today().toordinal() - 1)
    shown = today().strftime("%d/%m/%Y")  # the component's own format
    assert _said(_view(target, {"fra": yesterday.isoformat()}, "en")) == [
        ("fra", "minDate", f"The date cannot be earlier than {shown}.")]


def test_a_stored_value_that_is_not_a_date(tmp_path: Path) -> None:
    target = _service(tmp_path, FIELDS)
    assert _said(_view(target, {"dato": "2024-02-30", "fra": "i morgen"})) == [
        ("dato", "dateFormat", "Datoen er ikke gyldig. Bruk formatet dd.mm.åååå."),
        ("fra", "dateFormat", "Datoen er ikke gyldig. Bruk formatet dd/mm/åååå.")]
    assert _said(_view(target, {"dato": "2024-02-30"}, "en")) == [
        ("dato", "dateFormat", "The date is not valid. Use the format dd.mm.yyyy.")]


def test_a_date_typed_on_the_page_and_saved_as_text(tmp_path: Path) -> None:
    """A Datepicker bound to a plain string keeps what the browser sent; the check happens
    when the form is submitted."""
    target = _service(tmp_path, FIELDS)
    client = make_app(tmp_path, BLANKETT_APPS_DIR=str(target.parent)).test_client()
    login(client)
    page = start_instance(client)
    client.post(page, data={"action": "save", "dato": "31.02.2024"})
    html = client.post(page, data={"action": "submit"}).get_data(as_text=True)
    message = html[html.index('id="dato__error"'):]
    assert message[:message.index("</p>")].endswith(
        "Datoen er ikke gyldig. Bruk formatet dd.mm.åååå.")


def test_altinns_date_texts_replace_blanketts(tmp_path: Path) -> None:
    texts = {"nb": {"date_picker.min_date_exeeded": "For tidlig (tidligst {0})"}}
    view = _view(_service(tmp_path, FIELDS, texts=texts), {"dato": "2000-01-01"})
    assert _said(view) == [("dato", "minDate", "For tidlig (tidligst 01.01.2020)")]


def test_date_limits_as_altinn_names_them() -> None:
    now = date(2024, 2, 29)
    assert date_limit("today", now) == now
    assert date_limit("yesterday", now) == date(2024, 2, 28)
    assert date_limit("tomorrow", now) == date(2024, 3, 1)
    assert date_limit("oneYearAgo", now) == date(2023, 2, 28)
    assert date_limit("oneYearFromNow", now) == date(2025, 2, 28)
    assert date_limit("2100-01-01T12:00:00.000Z", now) == date(2100, 1, 1)
    assert date_limit("snart", now) is None and date_limit(None, now) is None


def test_altinns_default_limits(tmp_path: Path) -> None:
    fields = [{"id": "dato", "type": "Datepicker", "dataModelBindings": {
        "simpleBinding": "dato"}}]
    said = _said(_view(_service(tmp_path, fields), {"dato": "1899-12-31"}))
    assert said == [("dato", "minDate", "Datoen kan ikke være tidligere enn 01.01.1900.")]


# ---- files ---------------------------------------------------------------------------------

def test_stored_files_against_the_components_limits(tmp_path: Path) -> None:
    target = _service(tmp_path, UPLOADS, DATA_TYPES)
    files = [_file("vedlegg", "plan.pdf"), _file("vedlegg", "stor.pdf", 2 * MB),
             _file("vedlegg", "notat.txt", content_type="text/plain"),
             _file("vedlegg", "bilde.jpg", content_type="image/jpeg"),
             _file("bilder", "a.png", content_type="image/png"),
             _file("bilder", "b.gif", content_type="image/gif")]
    issues = _issues(_view(target, {}, files=files))
    assert [(i.component_id, i.code, i.description) for i in issues] == [
        ("vedlegg", "maxNumberOfAttachments",
         "Det er 4 filer her, men grensen er 2. Slett filene du ikke trenger."),
        ("vedlegg", "DataElementTooLarge",
         "Filen «stor.pdf» er for stor. Hver fil kan være høyst 1 MB."),
        ("vedlegg", "ContentTypeNotAllowed",
         "Filen «notat.txt» har en filtype som ikke er tillatt her. "
         "Tillatte filtyper: PDF, image/*."),
        ("bilder", "ContentTypeNotAllowed",
         "Filen «b.gif» har en filtype som ikke er tillatt her. Tillatte filtyper: PNG."),
    ]
    assert issues[1].custom_text_parameters == {"filename": "stor.pdf", "maxSize": "1"}
    en = _said(_view(target, {}, "en", files=files[:2]))
    assert en == [("vedlegg", "DataElementTooLarge",
                   "The file “stor.pdf” is too large. Each file can be at most 1 MB.")]


def test_a_file_that_came_through_the_api_blocks_submitting(tmp_path: Path) -> None:
    target = _service(tmp_path, UPLOADS[:1], DATA_TYPES[:1])
    client = make_app(tmp_path, BLANKETT_APPS_DIR=str(target.parent)).test_client()
    login(client)
    page = start_instance(client)
    from storage import repository
    from web.db import db_session

    with client.application.app_context():
        instance = repository.get_instance(db_session(), page.split("/")[3])
        assert instance is not None
        repository.add_attachment(db_session(), instance, "vedlegg", filename="stor.pdf",
                                  content_type="application/pdf",
                                  blob=b"%PDF-" + b"0" * (MB + 10), user_id="12345")
        db_session().commit()
    response = client.post(page_url(page, "oppsummering"), data={"action": "submit"})
    assert response.status_code == 422
    assert (f'href="{page}#vedlegg">Filen «stor.pdf» er for stor. Hver fil kan være høyst '
            "1 MB.</a>") in response.get_data(as_text=True)


def test_one_file_per_row(tmp_path: Path) -> None:
    """A FileUpload in a row keeps its file's id in the row's field: one file fits there."""
    components = [{"id": "ansatte", "type": "RepeatingGroup", "dataModelBindings": {
        "group": "ansatte"}, "children": ["cv"]},
        {"id": "cv", "type": "FileUpload", "dataModelBindings": {
            "simpleBinding": "ansatte.vedlegg"}}]
    target = _service(tmp_path, components, [{"id": "cv", "taskId": "Task_1", "maxSize": 1}])
    rows = [{"altinnRowId": "r0", "vedlegg": "cv-a"}, {"altinnRowId": "r1", "vedlegg": "cv-b"}]
    files = [_file("cv", "a.pdf", element_id="cv-a"),
             _file("cv", "b.pdf", 3 * MB, element_id="cv-b")]
    [issue] = _issues(_view(target, {"ansatte": rows}, files=files))
    assert (issue.component_id, issue.field, issue.code) == (
        "cv__rr1", "ansatte[1].vedlegg", "DataElementTooLarge")
    assert issue.link == "/p/test?edit=ansatte:r1#cv__rr1"


# ---- data types ----------------------------------------------------------------------------

def test_attachment_counts_of_the_task(tmp_path: Path) -> None:
    target = _service(tmp_path, UPLOADS, DATA_TYPES)
    files = [_file("vedlegg", f"{n}.pdf") for n in "abcd"] + [
        _file("bilder", "a.png", content_type="image/png")]
    issues = _issues(_view(target, {}, files=files), "DataElement")
    assert [(i.component_id, i.field, i.code, i.description) for i in issues] == [
        ("vedlegg", "vedlegg", "TooManyDataElementsOfType",
         "Det er 4 filer her, men grensen er 3. Slett filene du ikke trenger."),
        ("bilder", "bilder", "TooFewDataElementsOfType", "Du må laste opp minst 2 filer."),
        # no component for it: about the data type, kept when the whole set is checked
        (None, "bilag", "TooFewDataElementsOfType", "Du må laste opp minst én fil."),
    ]
    assert issues[0].custom_text_parameters == {"maxCount": "3", "dataType": "vedlegg"}
    view = _view(target, {}, files=files)
    only_page = [i for i in validate(view, [view.page]) if i.source == "DataElement"]
    assert [i.field for i in only_page] == ["vedlegg", "bilder"]  # "bilag": whole set only
    fine = files[:3] + files[4:] + [_file("bilder", "b.png", content_type="image/png"),
                                    _file("bilag", "x.pdf")]
    assert _issues(_view(target, {}, files=fine), "DataElement") == []


def test_a_hidden_upload_asks_for_nothing(tmp_path: Path) -> None:
    hidden = [dict(UPLOADS[1], hidden=True)]
    issues = _issues(_view(_service(tmp_path, hidden, DATA_TYPES[1:2]), {}), "DataElement")
    assert issues == []


def test_counts_texts_in_each_language_and_altinns_ids(tmp_path: Path) -> None:
    target = _service(tmp_path / "plain", UPLOADS[1:], DATA_TYPES[1:2])
    assert _said(_view(target, {}, "nn"), "DataElement") == [
        ("bilder", "TooFewDataElementsOfType", "Du må laste opp minst 2 filer.")]
    assert _said(_view(target, {}, "en"), "DataElement") == [
        ("bilder", "TooFewDataElementsOfType", "You must upload at least 2 files.")]
    texts = {"en": {"backend.validation_errors.too_few_data_elements":
                    "Add {minCount} files of type {dataType}"}}
    target = _service(tmp_path / "own", UPLOADS[1:], DATA_TYPES[1:2], texts)
    assert _said(_view(target, {}, "en"), "DataElement") == [
        ("bilder", "TooFewDataElementsOfType", "Add 2 files of type bilder")]
