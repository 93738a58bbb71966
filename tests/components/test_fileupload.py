"""FileUpload and FileUploadWithTag through the Flask client: files are checked on the server
(by content, not by name), stored as data elements of the component's data type, listed,
downloaded as attachments, deleted, and kept from other parties; submitting locks them."""

from __future__ import annotations

import io
import json
import re
import struct
import zipfile
import zlib
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient

from tests.components.conftest import build_app
from tests.conftest import SAMPLE_ANSWERS, login, make_app, start_instance
from tests.test_pages import page_url

COMPONENTS = [
    {"id": "vedlegg", "type": "FileUpload",
     "textResourceBindings": {"title": "Vedlegg", "description": "Plantegning eller bilde"},
     "maxFileSizeInMB": 1, "maxNumberOfAttachments": 2, "minNumberOfAttachments": 1,
     "displayMode": "list", "hasCustomFileEndings": True, "validFileEndings": [".pdf", ".png"]},
    {"id": "kun-pdf", "type": "FileUpload", "textResourceBindings": {"title": "Kun PDF"},
     "displayMode": "simple", "alertOnDelete": True},
    {"id": "dokumenter", "type": "FileUploadWithTag",
     "textResourceBindings": {"title": "Dokumenter", "tagTitle": "Dokumenttype"},
     "options": [{"value": "kontrakt", "label": "Kontrakt"}, {"value": "annet", "label": "Annet"}]},
    {"id": "navn", "type": "Input", "textResourceBindings": {"title": "Navn"},
     "dataModelBindings": {"simpleBinding": "fil.navn"}},
]
SCHEMA = {"fil": {"type": "object", "properties": {"navn": {"type": "string"}}}}
DATA_TYPES = [
    {"id": "vedlegg", "allowedContentTypes": ["application/pdf", "image/png"], "maxSize": 5,
     "maxCount": 3, "minCount": 0, "taskId": "Task_1"},
    {"id": "kun-pdf", "allowedContentTypes": ["application/pdf"], "maxCount": 0,
     "taskId": "Task_1"},
    {"id": "dokumenter", "maxCount": 0, "taskId": "Task_1"},
]


def png_bytes() -> bytes:
    """A real 1×1 PNG."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(
            ">I", zlib.crc32(kind + body) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + chunk(b"IEND", b""))


def pdf_bytes() -> bytes:
    return (b"%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n"
            b"2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\n"
            b"trailer <</Root 1 0 R>>\n%%EOF\n")


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def make_service(tmp_path: Path) -> Path:
    target = build_app(tmp_path, COMPONENTS, schema_properties=SCHEMA)
    metadata_file = target / "App/config/applicationmetadata.json"
    metadata = json.loads(metadata_file.read_text(encoding="utf-8"))
    metadata["dataTypes"] += DATA_TYPES
    metadata_file.write_text(json.dumps(metadata), encoding="utf-8")
    return target


def _client(tmp_path: Path, **config: Any) -> tuple[FlaskClient, str]:
    target = make_service(tmp_path)
    app = make_app(tmp_path, BLANKETT_APPS_DIR=str(target.parent), **config)
    client = app.test_client()
    login(client)
    page = start_instance(client)
    assert page.endswith("/page/test")
    return client, page


def upload(client: FlaskClient, page: str, component: str, content: bytes | None,
           name: str = "", **fields: str) -> Any:
    data: dict[str, Any] = dict(fields)
    data[f"{component}__file"] = (io.BytesIO(content or b""), name)
    return client.post(f"{page}/upload/{component}", data=data,
                       content_type="multipart/form-data")


def elements(client: FlaskClient, page: str, data_type: str) -> list[Any]:
    from storage import repository
    from web.db import db_session

    with client.application.app_context():
        instance = repository.get_instance(db_session(), page.split("/")[3])
        assert instance is not None
        return repository.attachments_for(instance, data_type)


def test_upload_list_download_and_delete(tmp_path: Path) -> None:
    client, page = _client(tmp_path)
    html = client.get(page).get_data(as_text=True)
    assert '<label class="ds-label" for="vedlegg">Vedlegg' in html
    assert re.search(r'<input class="ds-input" type="file" id="vedlegg" name="vedlegg__file" '
                     r'accept="\.pdf,\.png" aria-describedby="vedlegg__description '
                     r'vedlegg__rules">', html)
    assert ("Du må laste opp minst én fil. Du kan laste opp opptil 2 filer. "
            "Hver fil kan være høyst 1 MB. Tillatte filtyper: PDF, PNG.") in html
    button = re.search(r'<button[^>]*formaction="([^"]+)"[^>]*>Last opp', html)
    assert button and button.group(1) == f"{page}/upload/vedlegg"
    assert 'formenctype="multipart/form-data"' in button.group(0)
    assert f'hx-post="{page}/upload/vedlegg"' in button.group(0)
    assert 'hx-encoding="multipart/form-data"' in button.group(0)
    assert "Ingen filer er lastet opp ennå." in html

    # The rest of the page's form is saved with the upload (nothing typed is lost).
    response = upload(client, page, "vedlegg", png_bytes(), "bilde.png", **{"fil.navn": "Kari"})
    assert response.status_code == 303
    assert response.headers["Location"] == page + "#vedlegg"
    response = upload(client, page, "vedlegg", pdf_bytes(), "tegning.pdf")
    assert response.status_code == 303
    stored = elements(client, page, "vedlegg")
    assert [(e.filename, e.content_type, e.size) for e in stored] == [
        ("bilde.png", "image/png", len(png_bytes())),
        ("tegning.pdf", "application/pdf", len(pdf_bytes()))]
    assert not stored[0].locked

    html = client.get(page).get_data(as_text=True)
    assert 'value="Kari"' in html
    table = html[html.index('id="vedlegg__files"'):]
    table = table[:table.index("</table>")]
    assert '<th scope="col">Filnavn</th>' in table and '<th scope="col">Størrelse</th>' in table
    download = f"/instance/512345/{page.split('/')[3]}/attachments/{stored[0].id}"
    assert f'<a class="ds-link" href="{download}">bilde.png</a>' in table
    assert "<td>69 B</td>" in table
    assert 'Slett<span class="ds-sr-only"> bilde.png</span></button>' in table
    assert 'Slett<span class="ds-sr-only"> tegning.pdf</span></button>' in table
    # The maximum is reached: no more file input, a plain note instead.
    assert 'name="vedlegg__file"' not in html
    assert "Du har lastet opp så mange filer som er tillatt her." in html

    response = client.get(download)
    assert response.status_code == 200
    assert response.data == png_bytes()
    assert response.headers["Content-Type"] == "image/png"
    assert response.headers["Content-Disposition"] == "attachment; filename=bilde.png"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response.headers["Content-Security-Policy"]

    delete = f"{page}/attachments/{stored[0].id}/delete"
    response = client.post(delete, data={"fil.navn": "Kari"})
    assert response.status_code == 303 and response.headers["Location"] == page + "#vedlegg"
    assert [e.filename for e in elements(client, page, "vedlegg")] == ["tegning.pdf"]
    assert client.get(download).status_code == 404
    assert client.post(delete).status_code == 404


def test_a_file_is_checked_by_its_content_size_count_and_presence(tmp_path: Path) -> None:
    client, page = _client(tmp_path)

    def refused(component: str, content: bytes | None, name: str) -> str:
        response = upload(client, page, component, content, name)
        assert response.status_code == 422
        html = response.get_data(as_text=True)
        assert f'<a class="ds-link" href="#{component}">' in html  # in the error summary
        error = re.search(rf'<p class="ds-validation-message" data-field="validation" '
                          rf'id="{component}__error"><span class="ds-sr-only">Feil: </span>'
                          r'([^<]+)</p>', html)
        assert error, html
        return error.group(1)

    # A PNG renamed .pdf where only PDF is allowed: the content decides.
    assert refused("kun-pdf", png_bytes(), "bilde.pdf") == (
        "Innholdet i filen «bilde.pdf» er ikke en gyldig PDF-fil.")
    assert refused("kun-pdf", b"hei", "notat.txt") == (
        "Filen «notat.txt» har en filtype som ikke er tillatt her. Tillatte filtyper: PDF.")
    # A PDF with an ending the component does not list.
    assert refused("vedlegg", docx_bytes(), "brev.docx").startswith(
        "Filen «brev.docx» har en filtype som ikke er tillatt her.")
    too_big = png_bytes() + b"\x00" * (1024 * 1024)
    assert refused("vedlegg", too_big, "stor.png") == (
        "Filen «stor.png» er for stor. Hver fil kan være høyst 1 MB.")
    assert refused("vedlegg", b"", "tom.png") == "Filen «tom.png» er tom."
    assert refused("vedlegg", None, "") == "Velg en fil å laste opp."
    assert elements(client, page, "vedlegg") == []

    assert upload(client, page, "vedlegg", png_bytes(), "a.png").status_code == 303
    assert upload(client, page, "vedlegg", png_bytes(), "b.png").status_code == 303
    assert refused("vedlegg", png_bytes(), "c.png") == (
        "Du kan ikke laste opp flere filer her. Grensen er 2.")
    assert len(elements(client, page, "vedlegg")) == 2
    # Unknown component ids, and components not on the page, are not upload targets.
    assert upload(client, page, "navn", png_bytes(), "a.png").status_code == 404
    assert upload(client, page, "finnes-ikke", png_bytes(), "a.png").status_code == 404


def test_names_are_cleaned_and_office_files_checked_by_their_parts(tmp_path: Path) -> None:
    from web.attachments import clean_filename, content_matches

    assert clean_filename("C:\\Users\\kari\\..\\rapport.pdf") == "rapport.pdf"
    assert clean_filename("../../etc/passwd") == "passwd"
    assert clean_filename("faktura\u202efdp.exe") == "fakturafdp.exe"  # no RTL override
    assert clean_filename('a"b;c.pdf') == "a_b_c.pdf"
    assert clean_filename("   ") == "vedlegg"
    assert content_matches(".docx", docx_bytes())
    assert not content_matches(".xlsx", docx_bytes())
    assert not content_matches(".docx", png_bytes())
    assert content_matches(".txt", "Blåbær og æsj\n".encode())
    assert not content_matches(".txt", png_bytes())
    assert content_matches(".jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 20)
    assert content_matches(".gif", b"GIF89a" + b"\x00" * 20)

    client, page = _client(tmp_path)
    response = upload(client, page, "dokumenter", docx_bytes(), "../søknad\u202e.docx",
                      **{"dokumenter__tag": "kontrakt"})
    assert response.status_code == 303
    [element] = elements(client, page, "dokumenter")
    assert element.filename == "søknad.docx"
    assert element.content_type.endswith("wordprocessingml.document")
    response = client.get(f"/instance/512345/{page.split('/')[3]}/attachments/{element.id}")
    assert response.headers["Content-Disposition"] == (
        "attachment; filename=soknad.docx; filename*=UTF-8''s%C3%B8knad.docx")
    assert response.headers["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document")


def test_tags_are_chosen_with_the_file_and_shown(tmp_path: Path) -> None:
    client, page = _client(tmp_path)
    html = client.get(page).get_data(as_text=True)
    assert '<label class="ds-label" for="dokumenter__tag">Dokumenttype</label>' in html
    response = upload(client, page, "dokumenter", pdf_bytes(), "avtale.pdf")
    assert response.status_code == 422
    assert "Du må velge dokumenttype for filen." in response.get_data(as_text=True)
    response = upload(client, page, "dokumenter", pdf_bytes(), "avtale.pdf",
                      **{"dokumenter__tag": "ukjent"})
    assert "Velg et av alternativene." in response.get_data(as_text=True)
    response = upload(client, page, "dokumenter", pdf_bytes(), "avtale.pdf",
                      **{"dokumenter__tag": "kontrakt"})
    assert response.status_code == 303
    assert [e.tags for e in elements(client, page, "dokumenter")] == [["kontrakt"]]
    html = client.get(page).get_data(as_text=True)
    table = html[html.index('id="dokumenter__files"'):]
    assert '<th scope="col">Dokumenttype</th>' in table
    assert "<td>Kontrakt</td>" in table[:table.index("</table>")]


def test_alert_on_delete_asks_first(tmp_path: Path) -> None:
    client, page = _client(tmp_path)
    upload(client, page, "kun-pdf", pdf_bytes(), "skjema.pdf")
    [element] = elements(client, page, "kun-pdf")
    delete = f"{page}/attachments/{element.id}/delete"
    response = client.post(delete)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "Vil du slette «skjema.pdf»?" in html
    assert re.search(r'name="confirmed" value="1" formaction="' + re.escape(delete), html)
    assert len(elements(client, page, "kun-pdf")) == 1
    assert client.post(delete, data={"confirmed": "1"}).status_code == 303
    assert elements(client, page, "kun-pdf") == []


def test_with_htmx_the_page_region_comes_back_with_a_note(tmp_path: Path) -> None:
    client, page = _client(tmp_path)
    response = client.post(f"{page}/upload/vedlegg", data={
        "vedlegg__file": (io.BytesIO(png_bytes()), "bilde.png")},
        content_type="multipart/form-data", headers={"HX-Request": "true"})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert html.lstrip().startswith("<title>") and '<main id="bk_main"' in html
    assert "<html" not in html
    assert re.search(r'id="vedlegg__status" tabindex="-1" data-autofocus>«bilde.png» er lastet '
                     r'opp.</p>', html)
    [element] = elements(client, page, "vedlegg")
    response = client.post(f"{page}/attachments/{element.id}/delete",
                           headers={"HX-Request": "true"})
    assert "«bilde.png» er slettet." in response.get_data(as_text=True)
    response = client.post(f"{page}/upload/vedlegg", data={}, headers={"HX-Request": "true"})
    assert response.status_code == 422
    assert "Velg en fil å laste opp." in response.get_data(as_text=True)


def test_another_party_cannot_download_upload_or_delete(tmp_path: Path) -> None:
    client, page = _client(tmp_path)
    upload(client, page, "vedlegg", png_bytes(), "bilde.png")
    [element] = elements(client, page, "vedlegg")
    download = f"/instance/512345/{page.split('/')[3]}/attachments/{element.id}"
    other = client.application.test_client()
    login(other, 2002)  # Kari Nordvik, who does not act for party 512345
    assert other.get(download).status_code == 404
    assert other.post(f"{page}/attachments/{element.id}/delete").status_code == 404
    assert upload(other, page, "vedlegg", png_bytes(), "x.png").status_code == 404
    assert other.get(download.replace("/512345/", "/512002/")).status_code == 404
    assert len(elements(client, page, "vedlegg")) == 1
    # Her own instance does not reach the file either.
    own = start_instance(other)
    own_download = f"/instance/{own.split('/')[2]}/{own.split('/')[3]}/attachments/{element.id}"
    assert other.get(own_download).status_code == 404
    assert client.application.test_client().get(download).status_code == 401


def test_too_large_a_body_gets_the_friendly_error_page(tmp_path: Path) -> None:
    client, page = _client(tmp_path)
    client.application.config.update(WTF_CSRF_ENABLED=True, MAX_CONTENT_LENGTH=10_000)
    response = client.post(f"{page}/upload/vedlegg", data={
        "vedlegg__file": (io.BytesIO(b"\x89PNG" + b"\x00" * 20_000), "stor.png")},
        content_type="multipart/form-data")
    assert response.status_code == 413
    html = response.get_data(as_text=True)
    assert '<h1 class="ds-heading" data-size="lg" tabindex="-1">Filen er for stor</h1>' in html


def test_csrf_token_is_required_for_uploads(tmp_path: Path) -> None:
    client, page = _client(tmp_path)
    client.application.config["WTF_CSRF_ENABLED"] = True
    html = client.get(page).get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert token
    assert upload(client, page, "vedlegg", png_bytes(), "a.png").status_code == 400
    response = upload(client, page, "vedlegg", png_bytes(), "a.png", csrf_token=token.group(1))
    assert response.status_code == 303


FILL = SAMPLE_ANSWERS


def test_min_files_block_submit_and_submitting_locks_them(tmp_path: Path) -> None:
    client, page = _client(tmp_path)
    for name, data in FILL.items():
        assert client.post(page_url(page, name), data={"action": "save", **data}
                           ).status_code == 303
    summary = page_url(page, "oppsummering")
    response = client.post(summary, data={"action": "submit"})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert f'<a class="ds-link" href="{page}#vedlegg">Du må fylle ut vedlegg</a>' in html

    upload(client, page, "vedlegg", pdf_bytes(), "tegning.pdf")
    html = client.get(summary).get_data(as_text=True)
    assert "tegning.pdf" in html  # the summary names the files
    response = client.post(summary, data={"action": "submit"})
    assert response.status_code == 303
    [element] = elements(client, page, "vedlegg")
    assert element.locked
    assert client.post(f"{page}/attachments/{element.id}/delete").status_code == 409
    response = upload(client, page, "vedlegg", pdf_bytes(), "mer.pdf")
    assert response.status_code == 409
    assert "Filene kan ikke endres etter at skjemaet er sendt inn." in response.get_data(
        as_text=True)
    download = f"/instance/512345/{page.split('/')[3]}/attachments/{element.id}"
    assert client.get(download).status_code == 200  # still the person's to read


@pytest.mark.parametrize("lang,expected", [
    ("nn", "Innhaldet i fila «bilde.pdf» er ikkje ei gyldig PDF-fil."),
    ("en", "The content of the file “bilde.pdf” is not a valid PDF file."),
])
def test_messages_in_nynorsk_and_english(tmp_path: Path, lang: str, expected: str) -> None:
    client, page = _client(tmp_path)
    client.post("/language", data={"lang": lang, "next": "/"})
    html = upload(client, page, "kun-pdf", png_bytes(), "bilde.pdf").get_data(as_text=True)
    assert expected in html


ROW_GROUP = [
    {"id": "bygg", "type": "RepeatingGroup", "dataModelBindings": {"group": "bygg"},
     "textResourceBindings": {"title": "Bygg"}, "children": ["bygg-navn", "bygg-tegning"]},
    {"id": "bygg-navn", "type": "Input", "textResourceBindings": {"title": "Navn"},
     "dataModelBindings": {"simpleBinding": "bygg.navn"}},
    {"id": "bygg-tegning", "type": "FileUpload", "textResourceBindings": {"title": "Tegning"},
     "dataModelBindings": {"list": "bygg.tegninger"}, "maxNumberOfAttachments": 1},
]
ROW_SCHEMA = {"bygg": {"type": "array", "items": {"type": "object", "properties": {
    "altinnRowId": {"type": "string"}, "navn": {"type": "string"},
    "tegninger": {"type": "array", "items": {"type": "string"}}}}}}


def _row_service(tmp_path: Path, layout: list[dict[str, Any]] | None = None,
                 schema: dict[str, Any] | None = None, max_count: int = 0, rows: int = 2
                 ) -> tuple[FlaskClient, str, list[str]]:
    """A page with a repeating group whose rows have a file upload; its row ids."""
    target = build_app(tmp_path, layout or ROW_GROUP, schema_properties=schema or ROW_SCHEMA)
    metadata_file = target / "App/config/applicationmetadata.json"
    metadata = json.loads(metadata_file.read_text(encoding="utf-8"))
    metadata["dataTypes"].append({"id": "bygg-tegning", "maxCount": max_count,
                                  "taskId": "Task_1"})
    metadata_file.write_text(json.dumps(metadata), encoding="utf-8")
    client = make_app(tmp_path, BLANKETT_APPS_DIR=str(target.parent)).test_client()
    login(client)
    page = start_instance(client)
    ids = []
    for _ in range(rows):
        opened = client.post(page, data={"action": "row-add:bygg"}).headers["Location"]
        ids.append(opened.split(":", 1)[1].split("#")[0])
    return client, page, ids


def test_each_row_of_a_repeating_group_has_its_own_files(tmp_path: Path) -> None:
    from tests.test_pages import stored_data

    client, page, (first, second) = _row_service(tmp_path)
    field = f"bygg-tegning__r{first}"
    response = upload(client, page, field, pdf_bytes(), "laave.pdf",
                      **{"bk_row": f"bygg[0]={first}", "bygg[0].navn": "Låve"})
    assert response.status_code == 303  # back to the page with the row still open
    assert response.headers["Location"] == f"{page}?edit=bygg:{first}#{field}"
    stored = elements(client, page, "bygg-tegning")
    assert [e.filename for e in stored] == ["laave.pdf"]
    data = stored_data(client, page)["bygg"]
    assert data[0]["navn"] == "Låve" and data[0]["tegninger"] == [stored[0].id]
    assert not data[1].get("tegninger")

    html = client.get(f"{page}?edit=bygg:{first}").get_data(as_text=True)
    assert "laave.pdf" in html and f'type="file" id="{field}"' not in html  # its one file
    html = client.get(f"{page}?edit=bygg:{second}").get_data(as_text=True)
    editor = html[html.index(f'id="bygg__edit_{second}"'):]
    assert "laave.pdf" not in editor[:editor.index("</fieldset>")]  # the other row has none
    assert f'type="file" id="bygg-tegning__r{second}"' in html  # and may upload its own

    # A row's limit is its own: the second row still takes a file.
    assert upload(client, page, f"bygg-tegning__r{second}", pdf_bytes(),
                  "stabbur.pdf").status_code == 303
    # Deleting a row deletes its files; the other row's file stays.
    client.post(page, data={"action": f"row-delete:bygg:{first}"})
    assert [e.filename for e in elements(client, page, "bygg-tegning")] == ["stabbur.pdf"]
    # Deleting a file takes its id out of the row.
    remaining = elements(client, page, "bygg-tegning")[0]
    response = client.post(f"{page}/attachments/{remaining.id}/delete")
    assert response.status_code == 303
    assert elements(client, page, "bygg-tegning") == []
    assert stored_data(client, page)["bygg"][0]["tegninger"] == []


def test_a_file_in_a_row_is_deleted_from_its_own_row(tmp_path: Path) -> None:
    layout = [*ROW_GROUP[:2], dict(ROW_GROUP[2], alertOnDelete=True)]
    client, page, (first, second) = _row_service(tmp_path, layout)
    upload(client, page, f"bygg-tegning__r{first}", pdf_bytes(), "a.pdf")
    stored = elements(client, page, "bygg-tegning")[0]
    html = client.post(f"{page}/attachments/{stored.id}/delete").get_data(as_text=True)
    # The question is asked in the row that holds the file (that row is open).
    assert f'id="bygg__edit_{first}"' in html and f'id="bygg__edit_{second}"' not in html
    assert "Vil du slette «a.pdf»?" in html


def test_a_single_file_field_in_a_row_takes_one_file(tmp_path: Path) -> None:
    layout = [*ROW_GROUP[:2], {**ROW_GROUP[2], "maxNumberOfAttachments": 0,
                               "dataModelBindings": {"simpleBinding": "bygg.tegning"}}]
    schema = {"bygg": {"type": "array", "items": {"type": "object", "properties": {
        "altinnRowId": {"type": "string"}, "navn": {"type": "string"},
        "tegning": {"type": "string"}}}}}
    client, page, (first, _second) = _row_service(tmp_path, layout, schema)
    field = f"bygg-tegning__r{first}"
    assert upload(client, page, field, pdf_bytes(), "1.pdf").status_code == 303
    refused = upload(client, page, field, pdf_bytes(), "2.pdf")
    assert refused.status_code == 422 and "Grensen er 1" in refused.get_data(as_text=True)
    assert [e.filename for e in elements(client, page, "bygg-tegning")] == ["1.pdf"]


def test_the_data_types_max_count_holds_for_all_rows_together(tmp_path: Path) -> None:
    client, page, (first, second) = _row_service(tmp_path, max_count=1)
    assert upload(client, page, f"bygg-tegning__r{first}", pdf_bytes(), "1.pdf"
                  ).status_code == 303
    refused = upload(client, page, f"bygg-tegning__r{second}", pdf_bytes(), "2.pdf")
    assert refused.status_code == 422
    assert [e.filename for e in elements(client, page, "bygg-tegning")] == ["1.pdf"]


def test_files_in_a_nested_row_go_with_the_outer_row(tmp_path: Path) -> None:
    layout = [
        {"id": "bygg", "type": "RepeatingGroup", "dataModelBindings": {"group": "bygg"},
         "textResourceBindings": {"title": "Bygg"}, "children": ["bygg-navn", "rom"]},
        ROW_GROUP[1],
        {"id": "rom", "type": "RepeatingGroup", "dataModelBindings": {"group": "bygg.rom"},
         "textResourceBindings": {"title": "Rom"}, "children": ["bygg-tegning"]},
        {**ROW_GROUP[2], "dataModelBindings": {"list": "bygg.rom.tegninger"}},
    ]
    schema = {"bygg": {"type": "array", "items": {"type": "object", "properties": {
        "altinnRowId": {"type": "string"}, "navn": {"type": "string"},
        "rom": {"type": "array", "items": {"type": "object", "properties": {
            "altinnRowId": {"type": "string"},
            "tegninger": {"type": "array", "items": {"type": "string"}}}}}}}}}
    client, page, (outer,) = _row_service(tmp_path, layout, schema, rows=1)
    from storage import repository
    from web.db import db_session

    with client.application.app_context():  # a room with a file, as the upload leaves it
        instance = repository.get_instance(db_session(), page.split("/")[3])
        assert instance is not None
        element = repository.add_attachment(
            db_session(), instance, "bygg-tegning", filename="rom.pdf",
            content_type="application/pdf", blob=pdf_bytes(), user_id="12345")
        db_session().flush()
        form = repository.form_data_element(instance, "model")
        assert form is not None
        repository.save_form_data(form, {"bygg": [{"altinnRowId": outer, "rom": [
            {"altinnRowId": "rom-1", "tegninger": [element.id]}]}]}, "12345")
        db_session().commit()
    client.post(page, data={"action": f"row-delete:bygg:{outer}"})
    assert elements(client, page, "bygg-tegning") == []
