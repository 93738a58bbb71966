"""eFormidling: the app's settings, the message (SBD, arkivmelding.xml, file names), and the
client shipping it to the stand-in integration point over real HTTP on 127.0.0.1, including
failures, hangs, lost answers and restarts. Nothing is mocked."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import defusedxml.ElementTree as SafeET
import pytest
import requests

from forms.definitions import AppDefinition
from forms.loader import load_app
from integrations.eformidling import (
    ARKIVMELDING_FILE,
    EFormidlingConfig,
    EFormidlingConfigError,
    EFormidlingError,
    IntegrationPointClient,
    MessageFile,
    OutgoingMessage,
    build_arkivmelding,
    build_sbd,
    eformidling_config,
    eformidling_tasks,
    outgoing_message,
    ship,
    unique_names,
)
from integrations.eformidling.client import content_disposition
from integrations.eformidling.config import from_task_element
from integrations.standins.eformidling import StandIn, parse_content_disposition, serve_standin
from storage.models import DataElement, Instance
from tests.conftest import SHARED_APPS

AM = "{http://www.arkivverket.no/standarder/noark5/arkivmelding}"
XSI_TYPE = "{http://www.w3.org/2001/XMLSchema-instance}type"
PROCESS = "urn:no:difi:profile:arkivmelding:administrasjon:ver1.0"
STANDARD = "urn:no:difi:arkivmelding:xsd::arkivmelding"
SENDER = "991825827"

SERVICE_TASK = """
    <bpmn:serviceTask id="Task_Arkiv" name="Arkiv">
      <bpmn:extensionElements>
        <altinn:taskExtension>
          <altinn:taskType>eFormidling</altinn:taskType>
          <altinn:eFormidlingConfig>
            <altinn:disabled env="development">true</altinn:disabled>
            <altinn:receiver>910075918</altinn:receiver>
            <altinn:receiver env="tt02">986252932</altinn:receiver>
            <altinn:process>urn:no:difi:profile:arkivmelding:administrasjon:ver1.0</altinn:process>
            <altinn:standard>urn:no:difi:arkivmelding:xsd::arkivmelding</altinn:standard>
            <altinn:typeVersion>2.0</altinn:typeVersion>
            <altinn:type>arkivmelding</altinn:type>
            <altinn:securityLevel>3</altinn:securityLevel>
            <altinn:securityLevel env="production">4</altinn:securityLevel>
            <altinn:dpfShipmentType>altinn3.skjema</altinn:dpfShipmentType>
            <altinn:dataTypes>
              <altinn:dataType>model</altinn:dataType>
              <altinn:dataType>ref-data-as-pdf</altinn:dataType>
            </altinn:dataTypes>
            <altinn:dataTypes env="staging">
              <altinn:dataType>model</altinn:dataType>
            </altinn:dataTypes>
          </altinn:eFormidlingConfig>
        </altinn:taskExtension>
      </bpmn:extensionElements>
    </bpmn:serviceTask>
  </bpmn:process>"""

LEGACY = {
    "serviceId": "DPF", "dpfShipmentType": "altinn3.skjema", "receiver": "910075918",
    "sendAfterTaskId": "Task_Utfylling2", "process": PROCESS, "standard": STANDARD,
    "typeVersion": "2.0", "type": "arkivmelding", "securityLevel": 3,
    "dataTypes": ["model", "Model2"],
}


# --- apps -------------------------------------------------------------------------------------


def _copy_service_task(tmp_path: Path) -> Path:
    target = tmp_path / "apps" / "service-task"
    shutil.copytree(SHARED_APPS / "service-task", target)
    return target


def _load(folder: Path) -> AppDefinition:
    app, problems = load_app(folder)
    assert app is not None, [str(p) for p in problems]
    return app


@pytest.fixture
def task_app(tmp_path: Path) -> AppDefinition:
    """The service-task app with an eFormidling service task (Task_Arkiv) added."""
    folder = _copy_service_task(tmp_path)
    bpmn = folder / "App" / "config" / "process" / "process.bpmn"
    bpmn.write_text(bpmn.read_text().replace("</bpmn:process>", SERVICE_TASK, 1))
    return _load(folder)


@pytest.fixture
def legacy_app(tmp_path: Path) -> AppDefinition:
    """The service-task app with the legacy `eFormidling` section in its metadata."""
    folder = _copy_service_task(tmp_path)
    meta_file = folder / "App" / "config" / "applicationmetadata.json"
    metadata = json.loads(meta_file.read_text())
    metadata["eFormidling"] = LEGACY
    meta_file.write_text(json.dumps(metadata))
    return _load(folder)


def _config(**changes: Any) -> EFormidlingConfig:
    values: dict[str, Any] = dict(
        receivers=("910075918",), process=PROCESS, standard=STANDARD, type_version="2.0",
        type="arkivmelding", security_level=3, data_types=("model", "ref-data-as-pdf"),
        dpf_shipment_type="altinn3.skjema")
    values.update(changes)
    return EFormidlingConfig(**values)


# --- the stand-in and the client ---------------------------------------------------------------


@pytest.fixture
def standin() -> Iterator[StandIn]:
    running = serve_standin(deliver_after=0.1)
    yield running
    running.stop()


@pytest.fixture
def client(standin: StandIn) -> Iterator[IntegrationPointClient]:
    with IntegrationPointClient(standin.url, timeout=2.0) as ip:
        yield ip


def _message(message_id: str | None = None, files: list[MessageFile] | None = None,
             config: EFormidlingConfig | None = None) -> OutgoingMessage:
    message_id = message_id or str(uuid.uuid4())
    files = files if files is not None else [
        MessageFile("model.xml", "application/xml", b"<model><property1>Ja</property1></model>",
                    "model"),
        MessageFile("kvittering.pdf", "application/pdf", b"%PDF-1.7 kvittering", "Kvittering"),
    ]
    metadata = build_arkivmelding(files, message_id=message_id, title="Søknad")
    return OutgoingMessage(
        message_id, build_sbd(config or _config(), SENDER, message_id),
        (MessageFile(ARKIVMELDING_FILE, "application/xml", metadata), *files))


def _wait_for(client: IntegrationPointClient, message_id: str, status: str,
              seconds: float = 5.0) -> str | None:
    deadline = time.monotonic() + seconds
    found = client.status(message_id)
    while found != status and time.monotonic() < deadline:
        time.sleep(0.05)
        found = client.status(message_id)
    return found


def _listed(standin: StandIn, message_id: str) -> dict[str, Any]:
    listing = requests.get(f"{standin.url}/_standin/messages", timeout=5).json()
    return next(m for m in listing["messages"] if m["id"] == message_id)


# --- configuration ----------------------------------------------------------------------------


def test_config_from_the_service_task(task_app: AppDefinition) -> None:
    assert eformidling_tasks(task_app) == ["Task_Arkiv"]
    config = eformidling_config(task_app, "Task_Arkiv", "production")
    assert config == EFormidlingConfig(
        receivers=("910075918",), process=PROCESS, standard=STANDARD, type_version="2.0",
        type="arkivmelding", security_level=4, data_types=("model", "ref-data-as-pdf"),
        dpf_shipment_type="altinn3.skjema", disabled=False, task_id="Task_Arkiv")
    # Without a task id the app's one eFormidling task is found.
    assert eformidling_config(task_app, None, "production") == config


def test_config_env_variants(task_app: AppDefinition) -> None:
    local = eformidling_config(task_app, "Task_Arkiv", "local")  # Blankett's name: development
    assert local is not None and local.disabled and local.security_level == 3
    staging = eformidling_config(task_app, "Task_Arkiv", "tt02")  # Altinn's TT02 is staging
    assert staging is not None and not staging.disabled
    assert staging.receivers == ("986252932",) and staging.data_types == ("model",)
    other = eformidling_config(task_app, "Task_Arkiv", "somewhere-else")
    assert other is not None and other.receivers == ("910075918",)
    assert other.security_level == 3 and not other.disabled


def test_config_enabled_flag_and_its_env_variant() -> None:
    """Altinn's newer `enabled` (default true) works as well as the older `disabled`."""
    element = ET.fromstring(
        '<c:eFormidlingConfig xmlns:c="http://altinn.no/process">'
        '<c:enabled env="prod">false</c:enabled><c:receiver>0192:910075918</c:receiver>'
        f"<c:process>{PROCESS}</c:process><c:standard>{STANDARD}</c:standard>"
        "<c:typeVersion>2.0</c:typeVersion><c:type>arkivmelding</c:type>"
        "<c:securityLevel>3</c:securityLevel></c:eFormidlingConfig>")
    assert from_task_element(element, "production").disabled
    test = from_task_element(element, "tt02")
    assert not test.disabled and test.receivers == ("910075918",) and test.data_types == ()


def test_config_from_the_legacy_metadata_section(legacy_app: AppDefinition) -> None:
    config = eformidling_config(legacy_app, "Task_Utfylling2", "production")
    assert config is not None and config.source == "metadata"
    assert (config.receivers, config.service_id, config.data_types, config.security_level) == (
        ("910075918",), "DPF", ("model", "Model2"), 3)
    assert config.task_id == "Task_Utfylling2" and config.dpf_shipment_type == "altinn3.skjema"
    assert eformidling_config(legacy_app, None, "production") == config
    assert eformidling_config(legacy_app, "Task_Utfylling1", "production") is None


def test_legacy_section_is_off_when_the_app_settings_say_so(tmp_path: Path) -> None:
    folder = _copy_service_task(tmp_path)
    meta_file = folder / "App" / "config" / "applicationmetadata.json"
    metadata = json.loads(meta_file.read_text())
    metadata["eFormidling"] = LEGACY
    meta_file.write_text(json.dumps(metadata))
    (folder / "App" / "appsettings.json").write_text(
        json.dumps({"AppSettings": {"EnableEFormidling": False}}))
    config = eformidling_config(_load(folder), None, "production")
    assert config is not None and config.disabled


def test_an_app_without_eformidling_has_no_config() -> None:
    app = _load(SHARED_APPS / "service-task")
    assert eformidling_config(app, None, "production") is None
    assert eformidling_config(app, "Task_PDF_Auto", "production") is None


def test_incomplete_config_is_an_error(tmp_path: Path) -> None:
    folder = _copy_service_task(tmp_path)
    meta_file = folder / "App" / "config" / "applicationmetadata.json"
    metadata = json.loads(meta_file.read_text())
    metadata["eFormidling"] = {**LEGACY, "process": "", "receiver": "12345"}
    meta_file.write_text(json.dumps(metadata))
    with pytest.raises(EFormidlingConfigError, match="missing process"):
        eformidling_config(_load(folder), None, "production")
    metadata["eFormidling"] = {**LEGACY, "receiver": "12345"}
    meta_file.write_text(json.dumps(metadata))
    with pytest.raises(EFormidlingConfigError, match="12345"):
        eformidling_config(_load(folder), None, "production")


# --- the message --------------------------------------------------------------------------------


def test_the_sbd() -> None:
    now = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
    message_id = str(uuid.uuid4())
    sbd = build_sbd(_config(receivers=("910075918", "986252932")), SENDER, message_id, now=now)
    header = sbd["standardBusinessDocumentHeader"]
    assert header["headerVersion"] == "1.0"
    party = {"authority": "iso6523-actorid-upis", "value": f"0192:{SENDER}"}
    assert header["sender"] == [{"identifier": party}]
    assert [r["identifier"]["value"] for r in header["receiver"]] == [
        "0192:910075918", "0192:986252932"]
    assert header["documentIdentification"] == {
        "standard": STANDARD, "typeVersion": "2.0", "type": "arkivmelding",
        "instanceIdentifier": message_id, "creationDateAndTime": "2025-03-01T12:00:00Z"}
    (scope,) = header["businessScope"]["scope"]
    assert scope["type"] == "ConversationId" and scope["identifier"] == PROCESS
    assert scope["scopeInformation"] == [{"expectedResponseDateTime": "2025-03-01T14:00:00Z"}]
    # The conversation id is the same however often the message is built.
    again = build_sbd(_config(), SENDER, message_id, now=now + timedelta(hours=5))
    assert again["standardBusinessDocumentHeader"]["businessScope"]["scope"][0][
        "instanceIdentifier"] == scope["instanceIdentifier"]
    assert sbd["arkivmelding"] == {"sikkerhetsnivaa": 3,
                                   "dpf": {"forsendelseType": "altinn3.skjema"}}
    assert "dpf" not in build_sbd(_config(dpf_shipment_type=None), SENDER, message_id)[
        "arkivmelding"]


def test_the_arkivmelding() -> None:
    title = 'Søknad <om> "skjenkebevilling" & mer'
    files = [MessageFile("model.xml", "application/xml", b"<model/>", "model"),
             MessageFile("kvittering.pdf", "application/pdf", b"%PDF", "Kvittering"),
             MessageFile("vedlegg & <x>.png", "image/png", b"\x89PNG", "Bilde")]
    xml = build_arkivmelding(files, message_id="m-1", title=title, sender_name="Kari Nordmann",
                             now=datetime(2025, 3, 1, 12, 0, tzinfo=UTC))
    assert xml.startswith(b'<?xml version="1.0" encoding="utf-8"?>')
    root = SafeET.fromstring(xml)
    assert root.tag == f"{AM}arkivmelding"
    assert root.findtext(f"{AM}meldingId") == "m-1"
    assert root.findtext(f"{AM}antallFiler") == "3"
    folder = root.find(f"{AM}mappe")
    assert folder is not None and folder.get(XSI_TYPE) == "saksmappe"
    assert folder.findtext(f"{AM}tittel") == title
    entry = folder.find(f"{AM}basisregistrering")
    assert entry is not None and entry.get(XSI_TYPE) == "journalpost"
    assert entry.findtext(f"{AM}offentligTittel") == title
    assert entry.findtext(f"{AM}referanseForelderMappe") == folder.findtext(f"{AM}systemID")
    assert entry.findtext(f"{AM}journaldato") == "2025-03-01"
    assert entry.findtext(f"{AM}korrespondansepart/{AM}korrespondansepartNavn") == (
        "Kari Nordmann")
    documents = entry.findall(f"{AM}dokumentbeskrivelse")
    assert [d.findtext(f"{AM}dokumentobjekt/{AM}referanseDokumentfil") for d in documents] == [
        "model.xml", "kvittering.pdf", "vedlegg & <x>.png"]
    assert [d.findtext(f"{AM}tilknyttetRegistreringSom") for d in documents] == [
        "Vedlegg", "Hoveddokument", "Vedlegg"]  # the PDF is the main document
    assert [d.findtext(f"{AM}dokumentnummer") for d in documents] == ["1", "2", "3"]
    assert [d.findtext(f"{AM}tittel") for d in documents] == ["model", "Kvittering", "Bilde"]


def test_file_names_are_made_unique() -> None:
    assert unique_names(["model.xml", "model.xml", "Model.xml", "a.pdf", "arkivmelding.xml",
                         "README", "README"]) == [
        "model.xml", "model-1.xml", "Model-2.xml", "a.pdf", "arkivmelding-1.xml",
        "README", "README-1"]


def _instance(app: AppDefinition) -> Instance:
    """An instance of the service-task app with form data, a receipt PDF and attachments whose
    names clash, built in memory (the message builder reads only what is loaded)."""
    instance = Instance(id=str(uuid.uuid4()), app_id=app.id, org=app.org,
                        instance_owner_party_id=512345)
    start = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
    elements = [
        ("model", "application/json", None, b'{"property1": "Hei & <hallo>"}'),
        ("Model2", "application/json", None, b"{}"),  # not configured: left out
        ("ref-data-as-pdf", "application/pdf", "kvittering.pdf", b"%PDF-1.7 en"),
        ("ref-data-as-pdf", "application/pdf", "kvittering.pdf", b"%PDF-1.7 to"),
        ("ref-data-as-pdf", "application/pdf", "model.xml", b"%PDF-1.7 tre"),
        ("ref-data-as-pdf", "application/pdf", "arkivmelding.xml", b"%PDF-1.7 fire"),
        ("ref-data-as-pdf", "application/pdf", '../../"hemmelig"\n.pdf', b"%PDF-1.7 fem"),
        ("ref-data-as-pdf", "application/pdf", None, b"%PDF-1.7 seks"),
    ]
    for n, (data_type, content_type, filename, blob) in enumerate(elements):
        instance.data_elements.append(DataElement(
            id=str(uuid.uuid4()), data_type=data_type, content_type=content_type,
            filename=filename, blob=blob, size=len(blob), sha256="",
            created=start + timedelta(minutes=n)))
    return instance


def test_the_message_of_an_instance(task_app: AppDefinition) -> None:
    config = eformidling_config(task_app, "Task_Arkiv", "production")
    assert config is not None
    instance = _instance(task_app)
    message = outgoing_message(task_app, instance, config, SENDER, title="Serveringsbevilling")
    assert message.message_id == instance.id
    assert message.sbd["standardBusinessDocumentHeader"]["documentIdentification"][
        "instanceIdentifier"] == instance.id
    assert [f.name for f in message.files] == [
        "arkivmelding.xml", "model.xml", "kvittering.pdf", "kvittering-1.pdf", "model-1.xml",
        "arkivmelding-1.xml", "hemmelig.pdf", "ref-data-as-pdf.pdf"]
    form = message.file("model.xml")
    assert form is not None and form.content_type == "application/xml"
    root = SafeET.fromstring(form.data)  # the data model's XML, escaped
    assert root.tag == "model" and root.findtext("property1") == "Hei & <hallo>"
    assert message.file("kvittering-1.pdf").data == b"%PDF-1.7 to"  # type: ignore[union-attr]
    metadata = SafeET.fromstring(message.files[0].data)
    named = [e.text for e in metadata.iter(f"{AM}referanseDokumentfil")]
    assert named == [f.name for f in message.files[1:]]
    assert metadata.findtext(f"{AM}mappe/{AM}tittel") == "Serveringsbevilling"


def test_content_disposition_carries_any_file_name() -> None:
    header = content_disposition("søknad €.pdf", 'Søknad "1"')
    header.encode("latin-1")  # a header requests can send
    assert parse_content_disposition(header) == ("Soknad 1", "søknad €.pdf")
    assert parse_content_disposition("attachment; name=My PDF; filename=my.pdf") == (
        "My PDF", "my.pdf")


# --- shipping ---------------------------------------------------------------------------------


def test_ship_delivers_and_the_status_reaches_levert(
        task_app: AppDefinition, standin: StandIn, client: IntegrationPointClient) -> None:
    config = eformidling_config(task_app, "Task_Arkiv", "production")
    assert config is not None
    message = outgoing_message(task_app, _instance(task_app), config, SENDER)
    result = ship(client, config, message)
    assert result.sent_now and result.message_id == message.message_id
    assert _wait_for(client, message.message_id, "LEVERT") == "LEVERT"
    assert [s.status for s in client.statuses(message.message_id)] == [
        "OPPRETTET", "SENDT", "MOTTATT", "LEVERT"]
    listed = _listed(standin, message.message_id)
    assert listed["sendCount"] == 1
    assert [(f["name"], f["size"]) for f in listed["files"]] == [
        (f.name, len(f.data)) for f in message.files]
    assert listed["sbd"]["arkivmelding"]["sikkerhetsnivaa"] == 4
    kept = requests.get(f"{standin.url}/_standin/messages/{message.message_id}/files/model.xml",
                        timeout=5)
    assert kept.content == message.file("model.xml").data  # type: ignore[union-attr]


def test_shipping_twice_delivers_once(standin: StandIn, client: IntegrationPointClient) -> None:
    message = _message()
    assert ship(client, _config(), message).sent_now
    again = ship(client, _config(), message)
    assert not again.sent_now and again.status in ("SENDT", "MOTTATT", "LEVERT")
    assert _wait_for(client, message.message_id, "LEVERT") == "LEVERT"
    assert not ship(client, _config(), message).sent_now
    listed = _listed(standin, message.message_id)
    assert listed["sendCount"] == 1
    assert [s["status"] for s in listed["statuses"]].count("SENDT") == 1
    assert standin.app.requests["create"] == 1 and standin.app.requests["send"] == 1


def test_failures_are_retryable_until_the_stand_in_answers_again(
        standin: StandIn, client: IntegrationPointClient) -> None:
    answer = requests.post(f"{standin.url}/_standin/fail", params={"times": 3}, timeout=5)
    assert answer.ok
    message = _message()
    for _ in range(3):
        with pytest.raises(EFormidlingError) as failed:
            ship(client, _config(), message)
        assert failed.value.retryable and failed.value.status_code == 500
    assert ship(client, _config(), message).sent_now
    assert _wait_for(client, message.message_id, "LEVERT") == "LEVERT"
    assert _listed(standin, message.message_id)["sendCount"] == 1


def test_a_crash_between_create_and_send_is_finished_later(
        standin: StandIn, client: IntegrationPointClient) -> None:
    standin.app.fail(times=1, route="upload")
    message = _message()
    with pytest.raises(EFormidlingError) as failed:
        ship(client, _config(), message)  # created, then the first upload fails
    assert failed.value.retryable
    assert client.status(message.message_id) == "OPPRETTET"
    assert ship(client, _config(), message).sent_now  # found unsent: uploaded and sent
    listed = _listed(standin, message.message_id)
    assert listed["sendCount"] == 1 and standin.app.requests["create"] == 1
    assert [f["name"] for f in listed["files"]] == [f.name for f in message.files]


def test_a_send_whose_answer_is_lost_is_not_sent_again(
        standin: StandIn, client: IntegrationPointClient) -> None:
    standin.app.fail(times=1, route="send", when="after")  # sent, but the answer is a 500
    message = _message()
    with pytest.raises(EFormidlingError) as failed:
        ship(client, _config(), message)
    assert failed.value.retryable
    again = ship(client, _config(), message)
    assert not again.sent_now
    assert _wait_for(client, message.message_id, "LEVERT") == "LEVERT"
    assert _listed(standin, message.message_id)["sendCount"] == 1
    assert standin.app.requests["send"] == 1


def test_a_hang_times_out_as_a_retryable_error(standin: StandIn) -> None:
    requests.post(f"{standin.url}/_standin/hang", params={"seconds": 3}, timeout=5)
    message = _message()
    with IntegrationPointClient(standin.url, timeout=0.3) as impatient:
        started = time.monotonic()
        with pytest.raises(EFormidlingError, match="timed out") as failed:
            ship(impatient, _config(), message)
        assert failed.value.retryable and time.monotonic() - started < 2
        assert ship(impatient, _config(), message).sent_now  # the hang was only once


def test_a_create_that_times_out_and_lands_later_is_not_doubled(standin: StandIn) -> None:
    standin.app.hang(seconds=0.6, route="create")
    message = _message()
    with IntegrationPointClient(standin.url, timeout=0.2) as impatient:
        with pytest.raises(EFormidlingError) as failed:
            ship(impatient, _config(), message)
        assert failed.value.retryable
        assert ship(impatient, _config(), message).sent_now
    time.sleep(0.8)  # the hung create lands now, and is refused as a duplicate
    (listed,) = standin.app.messages()
    assert listed["id"] == message.message_id and listed["sendCount"] == 1


def test_a_refused_message_is_not_retryable(standin: StandIn,
                                            client: IntegrationPointClient) -> None:
    with pytest.raises(EFormidlingError) as failed:
        ship(client, _config(), _message(config=_config(receivers=())))  # no receiver
    assert failed.value.status_code == 400 and not failed.value.retryable
    assert "ReceiverException" in str(failed.value)
    # arkivmelding.xml naming a file that is not sent
    message = _message()
    missing = OutgoingMessage(message.message_id, message.sbd, message.files[:2])
    with pytest.raises(EFormidlingError, match="kvittering.pdf") as failed:
        ship(client, _config(), missing)
    assert failed.value.status_code == 400 and not failed.value.retryable


def test_creating_a_message_twice_says_it_already_exists(client: IntegrationPointClient) -> None:
    message = _message()
    stored = client.create_message(message.sbd)
    assert stored["standardBusinessDocumentHeader"]["documentIdentification"][
        "instanceIdentifier"] == message.message_id
    with pytest.raises(EFormidlingError) as failed:
        client.create_message(message.sbd)
    assert failed.value.already_exists and failed.value.retryable
    assert failed.value.status_code == 400
    assert client.get_message(message.message_id) is not None
    assert client.get_message(str(uuid.uuid4())) is None
    assert client.status(str(uuid.uuid4())) is None


def test_a_message_the_ip_reports_failed_is_not_retried(
        standin: StandIn, client: IntegrationPointClient) -> None:
    requests.post(f"{standin.url}/_standin/config", params={"deliver_after": "never"}, timeout=5)
    message = _message()
    ship(client, _config(), message)
    answer = requests.post(f"{standin.url}/_standin/messages/{message.message_id}/status",
                           params={"status": "FEIL", "description": "Mottaker avviste"},
                           timeout=5)
    assert answer.ok
    with pytest.raises(EFormidlingError, match="Mottaker avviste") as failed:
        ship(client, _config(), message)
    assert not failed.value.retryable and failed.value.ip_status == "FEIL"
    assert _listed(standin, message.message_id)["sendCount"] == 1


def test_a_disabled_config_ships_nothing(standin: StandIn,
                                         client: IntegrationPointClient) -> None:
    result = ship(client, _config(disabled=True), _message())
    assert result.disabled and not result.sent_now
    assert standin.app.messages() == []


def test_an_unreachable_ip_is_retryable(standin: StandIn) -> None:
    url = standin.url
    standin.stop()
    with IntegrationPointClient(url, timeout=1) as gone, pytest.raises(EFormidlingError) as e:
        gone.status(str(uuid.uuid4()))
    assert e.value.retryable and e.value.status_code is None


def test_the_stand_in_keeps_its_messages_across_restarts(tmp_path: Path) -> None:
    message = _message()
    first = serve_standin(folder=tmp_path / "ip", deliver_after=None)
    try:
        with IntegrationPointClient(first.url, timeout=2) as ip:
            assert ship(ip, _config(), message).sent_now
    finally:
        first.stop()
    second = serve_standin(folder=tmp_path / "ip", deliver_after=0.05)
    try:
        with IntegrationPointClient(second.url, timeout=2) as ip:
            assert not ship(ip, _config(), message).sent_now
            assert _wait_for(ip, message.message_id, "LEVERT") == "LEVERT"
        (listed,) = second.app.messages()
        assert listed["sendCount"] == 1
        assert second.app.file(message.message_id, "kvittering.pdf") == b"%PDF-1.7 kvittering"
        requests.post(f"{second.url}/_standin/reset", timeout=5)
        assert second.app.messages() == []
    finally:
        second.stop()


def test_the_stand_in_runs_on_its_own(tmp_path: Path) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "integrations.standins.eformidling", "--port", "0",
         "--folder", str(tmp_path / "ip")],
        cwd=Path(__file__).resolve().parent.parent, stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        url = line.split(" on ", 1)[1].split("/api/", 1)[0]
        with IntegrationPointClient(url, timeout=2) as ip:
            message = _message()
            assert ship(ip, _config(), message).sent_now
            assert _wait_for(ip, message.message_id, "LEVERT") == "LEVERT"
    finally:
        process.terminate()
        process.wait(timeout=10)
