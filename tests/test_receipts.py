"""PDF receipts (receipts/): what the sealed PDF says and leaves out, that it is tagged and in
the person's language, that the seal validates with `pyhanko sign validate` until a byte
changes, that the local seal is made once, and that drawing one never fetches a URL.

Instances are stored with storage/repository.py, as the process leaves them at the end; the
PDFs are read back with pypdf."""

from __future__ import annotations

import json
import shutil
import stat
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import BytesIO
from pathlib import Path
from typing import Any, cast

import pytest
from cryptography.hazmat.primitives import serialization
from flask import Flask
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from forms.definitions import AppDefinition
from integrations.register import LocalRegister
from receipts import (
    NoSuchTask,
    SealConfigError,
    html_to_pdf,
    local_sealer,
    make_receipt,
    receipt_filename,
    render_receipt_html,
    render_receipt_pdf,
    seal_pdf,
    sealer_from_env,
)
from receipts.assets import FONTS, BundleFetcher, RefusedURL
from receipts.filename import safe_filename
from storage import repository
from storage.models import Instance
from tests.conftest import SAMPLE_APPS, SHARED_APPS, make_app, sample_form_data

SAMPLE = "ekom/serveringsbevilling"
SUBMITTED = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)  # 13:00 in Oslo (winter time)


@contextmanager
def stored(flask_app: Flask, app_id: str, task_id: str, data: dict[str, Any],
           files: tuple[tuple[str, str, str, bytes], ...] = (),
           more_data: dict[str, dict[str, Any]] | None = None,
           ) -> Iterator[tuple[AppDefinition, Instance]]:
    """An ended instance of `app_id` for Ola Nordmann (party 512345) with `data` as the form
    data of `task_id`'s layout set, `files` as (data type, name, content type, bytes) and
    `more_data` as further form data elements by data type; open in a session."""
    with flask_app.app_context(), flask_app.extensions["blankett.sessions"]() as session:
        definition = flask_app.extensions["blankett.apps"].get(app_id)
        assert definition is not None
        layout_set = definition.layout_set_for_task(task_id)
        assert layout_set is not None and layout_set.data_type
        instance = repository.create_instance(
            session, app_id=app_id, party_id=512345, user_id="12345", task_id=task_id,
            form_data_types=[layout_set.data_type])
        session.flush()
        element = repository.form_data_element(instance, layout_set.data_type)
        assert element is not None
        repository.save_form_data(element, data, "12345")
        for data_type, extra in (more_data or {}).items():
            repository.add_form_data(session, instance, data_type, extra, "12345")
        for data_type, name, content_type, blob in files:
            repository.add_attachment(session, instance, data_type, filename=name,
                                      content_type=content_type, blob=blob, user_id="12345")
        instance.current_task, instance.is_archived, instance.archived = None, True, SUBMITTED
        session.commit()
        yield definition, instance


def text_of(pdf: bytes) -> str:
    reader = PdfReader(BytesIO(pdf))
    return "\n".join(page.extract_text() for page in reader.pages)


@pytest.fixture
def sample_app(tmp_path: Path) -> Flask:
    return make_app(tmp_path)


@pytest.fixture
def shared_app(tmp_path: Path) -> Flask:
    return make_app(tmp_path, BLANKETT_APPS_DIR=str(SHARED_APPS))


def sample_data(flask_app: Flask, **changes: Any) -> dict[str, Any]:
    """The sample service filled in by a person, with `changes` ("group.field": value)."""
    data = sample_form_data(flask_app)
    for path, value in changes.items():
        group, name = path.split(".")
        data.setdefault(group, {})[name] = value
    return data


# ---- what the receipt says -------------------------------------------------------------------
def test_the_sample_receipt_has_the_answers_and_not_the_hidden_ones(sample_app: Flask) -> None:
    data = sample_data(sample_app, **{"soker.orgnavn": "Skjult Foretak AS",
                                      "soker.orgnr": "987654321",
                                      "serveringssted.sitteplasserInne": 1250})
    with stored(sample_app, SAMPLE, "Task_1", data) as (app, instance):
        text = text_of(render_receipt_pdf(app, instance, "nb"))
        reference = instance.id.rsplit("-", 1)[-1]
    for expected in (
        "Eksempel kommune", "Søknad om serveringsbevilling",  # owner and app name
        "Ola Nordmann", "15.01.2026 13:00", reference,  # sender, submitted (Oslo), reference
        "Kari", "Torget 2", "Kafé", "En privatperson",  # answers and option labels
        "1 250", "01.01.2030",  # numbers and dates formatted as on the summary page
        "Søker", "Serveringssted", "Styrer (daglig leder)", "Stedfortreder",  # headings
    ):
        assert expected in text, expected
    # The organisation fields are hidden for a person: their answers are not on paper.
    assert "Skjult Foretak AS" not in text and "987654321" not in text


def test_pages_hidden_by_expressions_and_hidden_rows_are_left_out(shared_app: Flask) -> None:
    data = {"ForceShowPets": True, "PetsUseOptionComponent": False, "HiddenPets": "b",
            "Pets": [{"UniqueId": "a", "Name": "Fido", "Species": "Hund", "Age": 3},
                     {"UniqueId": "b", "Name": "Skjultkatt", "Species": "Katt", "Age": 5}]}
    with stored(shared_app, "ttd/frontend-test", "Task_3", data) as (app, instance):
        html = render_receipt_html(app, instance, "nb")
    assert "Fido" in html and "Skjultkatt" not in html  # `hiddenRow` of the repeating group
    data["HiddenPets"] = ""
    with stored(shared_app, "ttd/frontend-test", "Task_3", data) as (app, instance):
        assert "Skjultkatt" in render_receipt_html(app, instance, "nb")

    answers = {"MapData": {"Location": "59.9139,10.7522"}, "neverValidatedInput": "ALDRI VIST"}
    with stored(shared_app, "ttd/frontend-test", "Task_2", answers) as (app, instance):
        text = text_of(render_receipt_pdf(app, instance, "nb"))
    assert "59.9139" not in text  # the map page is hidden unless chosen
    assert "ALDRI VIST" not in text  # a page outside the order is never shown


def test_exclude_from_pdf_and_pdf_layout_name(tmp_path: Path, copy_app: Callable[..., Path]
                                               ) -> None:
    target = copy_app(SAMPLE_APPS / "serveringsbevilling")
    settings_file = target / "App/ui/form/Settings.json"
    settings = json.loads(settings_file.read_text())
    settings["pages"]["excludeFromPdf"] = ["styrer"]
    settings["components"] = {"excludeFromPdf": ["soker-telefon"]}
    settings_file.write_text(json.dumps(settings))
    flask_app = make_app(tmp_path, BLANKETT_APPS_DIR=str(target.parent))
    data = sample_data(flask_app, **{"soker.telefon": "40404040", "styrer.navn": "Ola Styrer"})
    with stored(flask_app, SAMPLE, "Task_1", data) as (app, instance):
        text = text_of(render_receipt_pdf(app, instance, "nb"))
    assert "Kari" in text and "Torget 2" in text
    assert "40404040" not in text  # components.excludeFromPdf
    assert "Ola Styrer" not in text and "Styrer (daglig leder)" not in text  # the page

    # pdfLayoutName: only that page, with a Summary2 of one page of the set.
    (target / "App/ui/form/layouts/kvittering.json").write_text(json.dumps({"data": {"layout": [
        {"id": "kv-header", "type": "Header", "size": "L",
         "textResourceBindings": {"title": "Egen kvittering"}},
        {"id": "kv-info", "type": "InstanceInformation"},
        {"id": "kv-summary", "type": "Summary2", "target": {"type": "page", "id": "soker"}},
        {"id": "kv-button", "type": "Button", "textResourceBindings": {"title": "Trykk her"}},
    ]}}))
    settings["pages"]["pdfLayoutName"] = "kvittering"
    settings_file.write_text(json.dumps(settings))
    (tmp_path / "again").mkdir()
    flask_app = make_app(tmp_path / "again", BLANKETT_APPS_DIR=str(target.parent))
    with stored(flask_app, SAMPLE, "Task_1", data) as (app, instance):
        text = text_of(render_receipt_pdf(app, instance, "nb"))
    assert "Egen kvittering" in text and "Ola Nordmann" in text and "Kari" in text
    assert "Torget 2" not in text  # the serveringssted page is not in that summary
    assert "Trykk her" not in text  # nothing to press on paper
    assert "40404040" not in text  # still excluded


def test_hide_app_name_in_pdf(tmp_path: Path, copy_app: Callable[..., Path]) -> None:
    target = copy_app(SAMPLE_APPS / "serveringsbevilling")
    settings_file = target / "App/ui/form/Settings.json"
    settings = json.loads(settings_file.read_text())
    settings["pages"]["hideAppNameInPdf"] = ["equals", ["dataModel", "soker.navn"], "Kari"]
    settings_file.write_text(json.dumps(settings))
    flask_app = make_app(tmp_path, BLANKETT_APPS_DIR=str(target.parent))
    with stored(flask_app, SAMPLE, "Task_1", sample_data(flask_app)) as (app, instance):
        hidden = render_receipt_html(app, instance, "nb")
        reader = PdfReader(BytesIO(render_receipt_pdf(app, instance, "nb")))
    assert "<h1>" not in hidden and "Søknad om serveringsbevilling" not in hidden
    assert reader.metadata is not None and reader.metadata.title
    assert reader.metadata.title.startswith("Kvittering")  # a title all the same (PDF/UA)
    data = sample_data(flask_app, **{"soker.navn": "Per"})
    with stored(flask_app, SAMPLE, "Task_1", data) as (app, instance):
        assert "<h1>Søknad om serveringsbevilling</h1>" in render_receipt_html(app, instance,
                                                                               "nb")


def test_attachments_are_listed(shared_app: Flask) -> None:
    files = (("fileUpload-changename", "bevis.pdf", "application/pdf", b"%PDF-1.4\n" * 300),
             ("ref-data-as-pdf", "tidligere.pdf", "application/pdf", b"%PDF-1.4\n"))
    answers = {"NyttNavn-grp-9313": {"NyttNavn-grp-9314": {
        "PersonFornavnNytt-datadef-34758": {"value": "Nyfornavn"}}}}
    with stored(shared_app, "ttd/frontend-test", "Task_2", answers, files) as (app, instance):
        text = text_of(render_receipt_pdf(app, instance, "nb"))
    assert "Nyfornavn" in text
    assert "Vedlegg" in text and "bevis.pdf" in text and "PDF" in text and "2,6 kB" in text
    assert "tidligere.pdf" not in text  # an earlier PDF receipt is no attachment


def test_an_attachment_without_an_upload_field_is_listed(sample_app: Flask) -> None:
    files = (("vedlegg", "plantegning.png", "image/png", b"\x89PNG" + b"0" * 2000),)
    with stored(sample_app, SAMPLE, "Task_1", sample_data(sample_app), files) as (app, instance):
        text = text_of(render_receipt_pdf(app, instance, "en"))
    assert "Attachments" in text and "plantegning.png" in text and "PNG" in text
    assert "2.0 kB" in text  # English number format


def test_the_language_is_the_one_asked_for(sample_app: Flask) -> None:
    with stored(sample_app, SAMPLE, "Task_1", sample_data(sample_app)) as (app, instance):
        norwegian = text_of(render_receipt_pdf(app, instance, "nb"))
        english = text_of(render_receipt_pdf(app, instance, "en"))
    assert "Søknad om serveringsbevilling" in norwegian and "Dato sendt" in norwegian
    assert "En privatperson" in norwegian and "Oppsummering" in norwegian
    assert "Application for a serving licence" in english and "Date sent" in english
    assert "A private individual" in english and "Summary" in english
    assert "Søknad om serveringsbevilling" not in english
    with stored(sample_app, SAMPLE, "Task_1", sample_data(sample_app)) as (app, instance):
        nynorsk = render_receipt_html(app, instance, "nn")
        unknown = render_receipt_html(app, instance, "de")
    assert '<html lang="nn">' in nynorsk and "Avsendar" in nynorsk
    assert '<html lang="nb">' in unknown and "Avsender" in unknown


def test_answers_are_text_never_markup(sample_app: Flask) -> None:
    data = sample_data(sample_app, **{"serveringssted.beskrivelse":
                                      '<b>fet</b> & <img src="http://127.0.0.1:9/x.png">'})
    with stored(sample_app, SAMPLE, "Task_1", data) as (app, instance):
        html = render_receipt_html(app, instance, "nb")
        text = text_of(render_receipt_pdf(app, instance, "nb"))
    assert "&lt;b&gt;fet&lt;/b&gt; &amp; &lt;img" in html and "<b>fet" not in html
    assert "<b>fet</b> &" in text  # shown as typed


def test_the_pdf_is_tagged_with_language_and_title(sample_app: Flask) -> None:
    with stored(sample_app, SAMPLE, "Task_1", sample_data(sample_app)) as (app, instance):
        for lang in ("nb", "en"):
            reader = PdfReader(BytesIO(render_receipt_pdf(app, instance, lang)))
            catalog = reader.root_object
            assert "/StructTreeRoot" in catalog  # the tag tree (PDF/UA)
            assert bool(cast(DictionaryObject, catalog["/MarkInfo"])["/Marked"])
            assert catalog["/Lang"] == lang
            assert reader.metadata is not None and reader.metadata.title
            assert app.title(lang) in reader.metadata.title
            preferences = cast(DictionaryObject, catalog["/ViewerPreferences"])
            assert bool(preferences["/DisplayDocTitle"])


def test_the_footer_is_on_every_page(sample_app: Flask) -> None:
    long_text = "\n".join(f"Linje {i} av konseptet." for i in range(120))
    data = sample_data(sample_app, **{"serveringssted.beskrivelse": long_text})
    with stored(sample_app, SAMPLE, "Task_1", data) as (app, instance):
        reader = PdfReader(BytesIO(render_receipt_pdf(app, instance, "nb")))
        reference = instance.id.rsplit("-", 1)[-1]
    assert len(reader.pages) > 2
    for number, page in enumerate(reader.pages, start=1):
        text = page.extract_text()
        assert f"Søknad om serveringsbevilling · 15.01.2026 13:00 · Referanse {reference}" in text
        assert f"{number} / {len(reader.pages)}" in text


def test_a_receipt_can_be_made_without_a_flask_app_context(sample_app: Flask) -> None:
    with stored(sample_app, SAMPLE, "Task_1", sample_data(sample_app)) as (app, instance):
        pass  # the session is closed: the instance is detached, its data loaded
    with sample_app.extensions["blankett.sessions"]() as session:
        found = repository.get_instance(session, instance.id)
        assert found is not None
        html = render_receipt_html(app, found, "nb", register=LocalRegister())
        bare = render_receipt_html(app, found, "nb")  # no register: no sender's name
    assert "Ola Nordmann" in html and "Kari" in html
    assert "Ola Nordmann" not in bare and "Kari" in bare


# ---- pdf service tasks -----------------------------------------------------------------------
def test_pdf_service_tasks_of_the_service_task_app(shared_app: Flask) -> None:
    more = {"Model2": {"property1": "Svar i oppgave to"},
            "SubformModel": {"property1": "Svar i underskjema"}}
    with stored(shared_app, "ttd/service-task", "Task_Utfylling1",
                {"property1": "Svar i oppgave en"}, more_data=more) as (app, instance):
        auto = text_of(render_receipt_pdf(app, instance, "nb", "Task_PDF_Auto"))
        layout = text_of(render_receipt_pdf(app, instance, "nb", "Task_PDF_Layout"))
        names = (receipt_filename(app, instance, "nb", "Task_PDF_Auto"),
                 receipt_filename(app, instance, "nb", "Task_PDF_Layout"),
                 receipt_filename(app, instance, "nb"))
        with pytest.raises(NoSuchTask):
            render_receipt_html(app, instance, "nb", "Task_Nonexistent")
    # autoPdfTaskIds: both tasks one after another, the subform entry in full
    assert "Utfylling 1" in auto and "Utfylling 2" in auto
    assert auto.index("Svar i oppgave en") < auto.index("Svar i oppgave to")
    assert "Svar i underskjema" in auto
    # pdfLayoutName with Summary2 targets by taskId; its override hides the subform
    assert "Svar i oppgave en" in layout and "Svar i oppgave to" in layout
    assert "Svar i underskjema" not in layout
    assert names == ("Autogenerert PDF av Task_Utfylling1 og Task_Utfylling2.pdf",
                     "PDF basert på layout-set.pdf", "service-task.pdf")


def test_file_names_are_safe() -> None:
    assert safe_filename("../../etc/passwd") == "etc passwd.pdf"
    assert safe_filename("Søknad: «kafé»?.PDF") == "Søknad «kafé».pdf"
    assert safe_filename(" .. \x00 ", fallback="serveringsbevilling") == (
        "serveringsbevilling.pdf")
    assert safe_filename("x" * 500).endswith("x.pdf") and len(safe_filename("x" * 500)) == 124


# ---- the seal --------------------------------------------------------------------------------
def pyhanko_validate(pdf: Path, trust: Path) -> subprocess.CompletedProcess[str]:
    command = Path(sys.executable).parent / "pyhanko"
    if not command.exists():
        found = shutil.which("pyhanko")
        assert found, "the `pyhanko` command is missing: pip install -e '.[test]' (pyhanko-cli)"
        command = Path(found)
    return subprocess.run([str(command), "sign", "validate", "--trust", str(trust), str(pdf)],
                          capture_output=True, text=True, timeout=120, check=False)


def test_the_seal_validates_and_breaks_when_a_byte_changes(sample_app: Flask,
                                                          tmp_path: Path) -> None:
    sealer = local_sealer(tmp_path / "seal")
    with stored(sample_app, SAMPLE, "Task_1", sample_data(sample_app)) as (app, instance):
        unsealed = render_receipt_pdf(app, instance, "nb")
        sealed = make_receipt(app, instance, "nb", sealer)
    assert seal_pdf(unsealed, sealer).startswith(unsealed)  # an incremental update
    assert "Kari" in text_of(sealed)
    trust = tmp_path / "seal" / "seal-certificate.pem"
    good = tmp_path / "kvittering.pdf"
    good.write_bytes(sealed)
    result = pyhanko_validate(good, trust)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "INTACT:TRUSTED,UNTOUCHED" in result.stdout

    # One byte of a page's content stream changed: the digest no longer matches.
    at = sealed.index(b"stream\n", sealed.index(b"/Type /Page")) + 40
    changed = tmp_path / "endret.pdf"
    changed.write_bytes(sealed[:at] + bytes([sealed[at] ^ 0x01]) + sealed[at + 1:])
    result = pyhanko_validate(changed, trust)
    assert result.returncode != 0
    assert "INVALID" in result.stdout and "INTACT" not in result.stdout


def test_the_local_seal_is_made_once_and_kept(tmp_path: Path) -> None:
    folder = tmp_path / "instance" / "seal"
    first = local_sealer(folder)
    cert, key = folder / "seal-certificate.pem", folder / "seal-key.pem"
    made = (cert.read_bytes(), key.read_bytes(), cert.stat().st_mtime_ns)
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    again = local_sealer(folder)
    assert (cert.read_bytes(), key.read_bytes(), cert.stat().st_mtime_ns) == made
    assert again.certificate == first.certificate
    assert "local" in first.subject
    key.unlink()  # half a seal is an error, never silently replaced
    with pytest.raises(SealConfigError):
        local_sealer(folder)


def test_sealing_works_beside_a_running_event_loop(tmp_path: Path) -> None:
    """pyHanko signs through asyncio.run(); a worker thread that runs an event loop (as a
    browser driver or an async server does) still gets its seal."""
    import asyncio

    sealer = local_sealer(tmp_path)
    pdf = html_to_pdf('<html lang="nb"><head><title>T</title></head><body>Hei</body></html>')

    async def seal_inside_a_loop() -> bytes:
        return seal_pdf(pdf, sealer)

    found: list[bytes] = []  # a thread of its own: this one may run a loop already
    thread = threading.Thread(target=lambda: found.append(asyncio.run(seal_inside_a_loop())))
    thread.start()
    thread.join()
    sealed = found[0]
    assert PdfReader(BytesIO(sealed)).trailer["/Root"]["/AcroForm"]["/Fields"]


def test_the_production_seal_comes_from_the_environment(tmp_path: Path) -> None:
    assert sealer_from_env({}) is None
    local = local_sealer(tmp_path / "made")  # a certificate and key to configure
    cert = tmp_path / "made" / "seal-certificate.pem"
    key_file = tmp_path / "key.pem"
    key = serialization.load_pem_private_key((tmp_path / "made" / "seal-key.pem").read_bytes(),
                                             None)
    key_file.write_bytes(key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(b"hemmelig passord")))
    environ = {"PDF_SEAL_CERT_FILE": str(cert), "PDF_SEAL_KEY_FILE": str(key_file),
               "PDF_SEAL_KEY_PASSWORD": "hemmelig passord"}
    sealer = sealer_from_env(environ)
    assert sealer is not None and sealer.certificate == local.certificate

    with pytest.raises(SealConfigError) as wrong:
        sealer_from_env({**environ, "PDF_SEAL_KEY_PASSWORD": "feil passord"})
    assert "passord" not in str(wrong.value)  # never echo a secret
    with pytest.raises(SealConfigError, match="PDF_SEAL_KEY_FILE"):
        sealer_from_env({"PDF_SEAL_CERT_FILE": str(cert)})
    with pytest.raises(SealConfigError, match="PDF_SEAL_CERT_FILE"):
        sealer_from_env({**environ, "PDF_SEAL_CERT_FILE": str(tmp_path / "missing.pem")})


# ---- nothing is fetched ----------------------------------------------------------------------
@pytest.fixture
def counting_server() -> Iterator[tuple[str, list[str]]]:
    """An HTTP server on 127.0.0.1 that answers everything and counts what it is asked."""
    hits: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            hits.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", hits
    finally:
        server.shutdown()
        server.server_close()


def test_a_receipt_never_fetches_a_url(counting_server: tuple[str, list[str]],
                                       sample_app: Flask, tmp_path: Path,
                                       copy_app: Callable[..., Path]) -> None:
    base, hits = counting_server
    html = f"""<!DOCTYPE html><html lang="nb"><head><title>T</title>
      <link rel="stylesheet" href="{base}/style.css">
      <style>@import url("{base}/import.css"); body {{ background: url({base}/bg.png) }}
      @font-face {{ font-family: X; src: url({base}/font.woff2) }}</style></head>
      <body><p style="font-family: X">Hei</p><img src="{base}/img.png" alt="bilde">
      <img src="file:///etc/hostname" alt="fil"><img src="data:image/png;base64,iVBORw0KGgo="
      alt="data"><svg><image href="{base}/svg.png"/></svg></body></html>"""
    assert html_to_pdf(html).startswith(b"%PDF")

    # An app text with a Markdown image, an answer with an <img>: neither is fetched.
    target = copy_app(SAMPLE_APPS / "serveringsbevilling")
    texts_file = target / "App/config/texts/resource.nb.json"
    texts = json.loads(texts_file.read_text(encoding="utf-8-sig"))
    for resource in texts["resources"]:
        if resource["id"] == "soker":
            resource["value"] = f"Søker ![logo]({base}/logo.png)"
    texts_file.write_text(json.dumps(texts), encoding="utf-8")
    (tmp_path / "app").mkdir()
    flask_app = make_app(tmp_path / "app", BLANKETT_APPS_DIR=str(target.parent))
    data = sample_data(flask_app, **{"soker.navn": f'<img src="{base}/answer.png">'})
    with stored(flask_app, SAMPLE, "Task_1", data) as (app, instance):
        render_receipt_pdf(app, instance, "nb")
    assert hits == []


def test_the_fetcher_serves_only_the_bundle(tmp_path: Path) -> None:
    fetcher = BundleFetcher()
    font = fetcher.fetch(FONTS[0].as_uri())
    assert font.read()[:4] == b"wOF2"
    outside = tmp_path / "secret.txt"
    outside.write_text("hemmelig")
    sneaky = FONTS[0].parent.as_uri() + "/../../../" + str(outside.relative_to("/"))
    for url in ("http://127.0.0.1:9/x.png", "https://example.invalid/x.css", outside.as_uri(),
                sneaky, "data:text/css,body{}", "ftp://127.0.0.1/x"):
        with pytest.raises(RefusedURL):
            fetcher.fetch(url)
