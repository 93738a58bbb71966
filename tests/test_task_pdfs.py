"""The PDFs a payment task and a signing task leave when they end: the payment receipt (order
lines, totals in Norwegian style, payment id, sealed) and "the signatures" (both signees, the
signed element's hash, person numbers masked, sealed), each a tagged PDF whose seal pyHanko
validates with the local seal certificate; and a signing task with no declared data type for
its PDF says so in the instance's events instead of making one up."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from pypdf import PdfReader

from integrations.standins.nets import serve_standin
from integrations.standins.serving import StandIn
from jobs.local import run_due
from jobs.outbox import jobs_for
from receipts.payment_receipt import nok
from receipts.signing_pdf import mask_person_number
from storage import repository
from tests.conftest import SHARED_APPS, make_app
from tests.test_api_auth import user_token
from tests.test_payment_task import back, hosted, make, pay, to_payment_task
from tests.test_receipts import pyhanko_validate
from tests.test_signing_task import FOUNDERS, SIGN_PAGE, _sign, _to_signing

NBSP = "\u00a0"


@pytest.fixture
def nets() -> Iterator[StandIn]:
    with serve_standin() as standin:
        yield standin


def text_of(pdf: bytes) -> str:
    reader = PdfReader(BytesIO(pdf))
    return "\n".join(page.extract_text() for page in reader.pages).replace(NBSP, " ")


def assert_tagged(pdf: bytes, lang: str) -> None:
    catalog = PdfReader(BytesIO(pdf)).root_object
    assert "/StructTreeRoot" in catalog  # the tag tree (PDF/UA)
    assert catalog["/Lang"] == lang


def assert_sealed(app: Flask, pdf: bytes, tmp_path: Path) -> None:
    trust = Path(app.instance_path) / "pdf-seal" / "seal-certificate.pem"
    file = tmp_path / "sealed.pdf"
    file.write_bytes(pdf)
    result = pyhanko_validate(file, trust)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "INTACT:TRUSTED,UNTOUCHED" in result.stdout


@dataclass(frozen=True)
class Stored:
    """A data element as stored, read out of its session."""
    id: str
    data_type: str
    content_type: str
    filename: str | None
    locked: bool
    sha256: str
    blob: bytes


def elements(app: Flask, instance_id: str, data_type: str | None = None) -> list[Stored]:
    with app.extensions["blankett.sessions"]() as session:
        instance = repository.get_instance(session, instance_id)
        assert instance is not None
        return [Stored(d.id, d.data_type, d.content_type, d.filename, d.locked, d.sha256,
                       d.blob) for d in instance.data_elements
                if data_type is None or d.data_type == data_type]


def event_types(app: Flask, instance_id: str) -> list[str]:
    with app.extensions["blankett.sessions"]() as session:
        instance = repository.get_instance(session, instance_id)
        assert instance is not None
        return [e.event_type for e in instance.events]


def job_kinds(app: Flask, instance_id: str) -> list[tuple[str, str]]:
    with app.extensions["blankett.sessions"]() as session:
        return [(j.kind, j.status) for j in jobs_for(session, instance_id)]


# ---- the payment receipt ---------------------------------------------------------------------
def test_nok_is_written_the_norwegian_way() -> None:
    assert nok("1250.5") == f"1{NBSP}250,50{NBSP}kr"
    assert nok(3326) == f"3{NBSP}326,00{NBSP}kr" and nok(0) == f"0,00{NBSP}kr"
    assert nok("-12.345") == f"-12,35{NBSP}kr"


def test_a_paid_payment_leaves_a_sealed_receipt(tmp_path: Path, nets: StandIn) -> None:
    app = make(tmp_path, nets)
    client = app.test_client()
    page_url, instance_id = to_payment_task(app, client)
    done = hosted(pay(client, page_url), "pay")
    assert back(client, done.headers["Location"]).status_code == 303
    assert ("payment_receipt_pdf", "pending") in job_kinds(app, instance_id)

    run_due(app)
    assert ("payment_receipt_pdf", "done") in job_kinds(app, instance_id)
    [element] = elements(app, instance_id, "paymentReceiptPdf")
    assert element.locked and element.content_type == "application/pdf"
    assert element.filename == "Betalingskvittering.pdf"
    assert element.sha256 == hashlib.sha256(element.blob).hexdigest()
    pdf = element.blob
    text = text_of(pdf)
    for expected in ("Kvittering for betaling", "Søknadsgebyr", "Per klasse",
                     "2 500,00 kr", "625,00 kr (25 %)", "3 125,00 kr",  # line 1
                     "2 stk", "100,50 kr", "201,00 kr",  # line 2
                     "Sum eks. mva.", "2 701,00 kr", "Totalt betalt", "3 326,00 kr",
                     "Betalt", instance_id.rsplit("-", 1)[-1]):
        assert expected in text, expected
    info = elements(app, instance_id, "paymentInformation")[0]
    payment_id = json.loads(info.blob)["paymentDetails"]["paymentId"]
    assert payment_id in text
    assert_tagged(pdf, "nb")
    assert_sealed(app, pdf, tmp_path)

    assert run_due(app) == 0  # done once; nothing runs again
    assert len(elements(app, instance_id, "paymentReceiptPdf")) == 1
    # The citizen's receipt page offers it beside the form's receipt.
    party = page_url.split("/instance/", 1)[1].split("/", 1)[0]
    receipt = client.get(f"/instance/{party}/{instance_id}/receipt").get_data(as_text=True)
    link = f"/instance/{party}/{instance_id}/attachments/{element.id}"
    assert "Last ned Betalingskvittering.pdf" in receipt and link in receipt
    assert client.get(link).data == pdf


# ---- the signing PDF -------------------------------------------------------------------------
def signing_client(tmp_path: Path, copy_app: Any, *, named: str | None = None,
                   declare: tuple[str, ...] = (), provider: bool = True) -> FlaskClient:
    """signing-test (as tests/test_signing_task.py sets it up) with Task_2 naming `named` as its
    signingPdfDataType, and the data types `declare` in applicationmetadata.json."""
    folder = copy_app(SHARED_APPS / "signing-test", "signing-test")
    root = folder / "App"
    bpmn = root / "config/process/process.bpmn"
    extra = "<altinn:signeeProviderId>founders</altinn:signeeProviderId>" if provider else ""
    if named:
        extra += f"<altinn:signingPdfDataType>{named}</altinn:signingPdfDataType>"
    bpmn.write_text(bpmn.read_text(encoding="utf-8").replace(
        "<altinn:signatureDataType>signature1</altinn:signatureDataType>",
        "<altinn:signatureDataType>signature1</altinn:signatureDataType>" + extra),
        encoding="utf-8")
    if provider:
        (root / "config/signees").mkdir(parents=True)
        (root / "config/signees/founders.json").write_text(json.dumps(FOUNDERS))
    metadata_file = root / "config/applicationmetadata.json"
    metadata = json.loads(metadata_file.read_text(encoding="utf-8-sig"))
    metadata["dataTypes"] += [{"id": d, "allowedContentTypes": ["application/pdf"],
                               "maxCount": 1, "minCount": 0} for d in declare]
    metadata_file.write_text(json.dumps(metadata), encoding="utf-8")
    (root / "ui/confirm1/layouts/Sign.json").write_text(json.dumps(SIGN_PAGE))
    (root / "ui/confirm1/Settings.json").write_text(
        json.dumps({"pages": {"order": ["Sign", "Confirm", "NoAccess"]}}))
    return make_app(tmp_path, BLANKETT_APPS_DIR=str(folder.parent),
                    BLANKETT_INSTANCE_DIR=str(tmp_path / "instance")).test_client()


def test_two_signees_leave_a_sealed_signing_pdf(tmp_path: Path, copy_app: Any) -> None:
    client = signing_client(tmp_path, copy_app, named="signingPdf", declare=("signingPdf",))
    app = client.application
    url, sophie = _to_signing(client)
    assert _sign(client, url, sophie).status_code == 200
    moved = _sign(client, url, user_token(client, 12345))
    assert moved.get_json()["currentTask"]["elementId"] == "Task_3"
    instance_id = url.rsplit("/", 1)[1]

    run_due(app)
    assert ("signing_pdf", "done") in job_kinds(app, instance_id)
    [element] = elements(app, instance_id, "signingPdf")
    assert element.locked and element.content_type == "application/pdf"
    assert element.filename == "Signaturer.pdf"
    [signed] = elements(app, instance_id, "data")
    text = text_of(element.blob)
    compact = "".join(text.split())  # a 64-digit hash may wrap
    for expected in ("Sophie Salt", "Ola Nordmann", "010390*****", "010175*****", signed.id):
        assert expected in text or expected in compact, expected
    assert hashlib.sha256(signed.blob).hexdigest() in compact
    for signature in elements(app, instance_id, "signature1"):
        assert hashlib.sha256(signature.blob).hexdigest() in compact
        assert json.loads(signature.blob)["dataElementSignatures"][0]["sha256Hash"] in compact
    assert "01039012345" not in compact and "01017512345" not in compact
    assert_tagged(element.blob, "nb")
    assert_sealed(app, element.blob, tmp_path)


def test_without_a_declared_data_type_the_signing_pdf_is_skipped(tmp_path: Path,
                                                                 copy_app: Any) -> None:
    client = signing_client(tmp_path, copy_app, provider=False)
    app = client.application
    url, token = _to_signing(client)
    assert _sign(client, url, token).get_json()["currentTask"]["elementId"] == "Task_3"
    instance_id = url.rsplit("/", 1)[1]
    assert "signingPdfSkipped" in event_types(app, instance_id)
    assert all(kind != "signing_pdf" for kind, _status in job_kinds(app, instance_id))
    run_due(app)
    assert all(d.content_type != "application/pdf" or d.data_type == "ref-data-as-pdf"
               for d in elements(app, instance_id))


def test_the_default_data_type_is_used_when_declared(tmp_path: Path, copy_app: Any) -> None:
    client = signing_client(tmp_path, copy_app, provider=False, declare=("signatures-pdf",))
    app = client.application
    url, token = _to_signing(client)
    assert _sign(client, url, token).status_code == 200
    run_due(app)
    [element] = elements(app, url.rsplit("/", 1)[1], "signatures-pdf")
    assert "Sophie Salt" in text_of(element.blob)


def test_person_numbers_keep_only_the_birth_date() -> None:
    assert mask_person_number("01039012345") == "010390*****"
    assert mask_person_number("") == "" and mask_person_number("123") == "***"
