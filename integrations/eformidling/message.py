"""What one hand-off carries: the Standard Business Document (SBD) that addresses it, the
`arkivmelding.xml` that tells the receiver's archive what the files are, and the files.

The message id is the instance's guid (as in Altinn), so the integration point itself tells
whether an instance was already handed off (see ship.py)."""

from __future__ import annotations

import re
import unicodedata
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from forms.definitions import AppDefinition
from forms.xmldata import to_xml
from integrations.eformidling.config import EFormidlingConfig
from storage.models import Instance
from storage.repository import read_form_data

ARKIVMELDING_FILE = "arkivmelding.xml"
ARKIVMELDING_NS = "http://www.arkivverket.no/standarder/noark5/arkivmelding"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
AUTHORITY = "iso6523-actorid-upis"
ORG_PREFIX = "0192:"  # ISO 6523 ICD of the Norwegian organisation number register
SYSTEM = "Blankett"
DEFAULT_TTL = timedelta(hours=2)  # Altinn's expectedResponseDateTime: two hours after sending
MAX_NAME = 200  # file names are kept well under the IP's limit
# Names for stable ids derived from the message id (uuid5), so a message built again after a
# crash is the same message.
_IDS = uuid.UUID("5b3c4f0e-8a61-4d6e-9f5a-b1a4e7c2d9f0")
_EXTENSIONS = {"application/pdf": ".pdf", "application/xml": ".xml", "text/xml": ".xml",
               "application/json": ".json", "text/plain": ".txt", "image/png": ".png",
               "image/jpeg": ".jpg"}


@dataclass(frozen=True)
class MessageFile:
    name: str  # the file name in the message (unique within it)
    content_type: str
    data: bytes
    title: str | None = None  # what the archive shows; the name when not given


@dataclass(frozen=True)
class OutgoingMessage:
    message_id: str  # the instance guid
    sbd: dict[str, Any]
    files: tuple[MessageFile, ...]  # arkivmelding.xml first, then the data in created order

    def file(self, name: str) -> MessageFile | None:
        return next((f for f in self.files if f.name == name), None)


# --- file names ---------------------------------------------------------------------------------


def safe_file_name(name: str, fallback: str = "file") -> str:
    """A name that survives a Content-Disposition header and an archive's file system: no
    folders, quotes, backslashes or control characters."""
    base = re.split(r"[\\/]", name)[-1]
    base = "".join(c for c in base if unicodedata.category(c)[0] != "C" and c not in '"')
    base = re.sub(r"\s+", " ", base).strip(" .")
    if len(base) > MAX_NAME:
        stem, dot, ext = base.rpartition(".")
        base = (stem[: MAX_NAME - len(ext) - 1] + "." + ext) if dot and len(ext) < 10 \
            else base[:MAX_NAME]
    return base or fallback


class FileNamer:
    """Hands out unique names: the second `model.xml` is `model-1.xml`, then `model-2.xml`
    (as Altinn). Names are compared without regard to case, since archives often do."""

    def __init__(self, taken: Iterable[str] = ()) -> None:
        self._taken = {n.lower() for n in taken}

    def __call__(self, wanted: str) -> str:
        name = wanted
        stem, dot, ext = wanted.rpartition(".")
        if not dot or not stem:
            stem, ext = wanted, ""
        counter = 1
        while name.lower() in self._taken:
            name = f"{stem}-{counter}{'.' + ext if ext else ''}"
            counter += 1
        self._taken.add(name.lower())
        return name


def unique_names(names: Iterable[str], taken: Iterable[str] = (ARKIVMELDING_FILE,)
                 ) -> list[str]:
    namer = FileNamer(taken)
    return [namer(n) for n in names]


# --- the Standard Business Document -------------------------------------------------------------


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _party(org_number: str) -> dict[str, Any]:
    return {"identifier": {"authority": AUTHORITY,
                           "value": f"{ORG_PREFIX}{org_number.removeprefix(ORG_PREFIX)}"}}


def conversation_id(message_id: str) -> str:
    """Altinn draws a new one each time; derived here, so every build of a message agrees."""
    return str(uuid.uuid5(_IDS, f"conversation:{message_id}"))


def build_sbd(config: EFormidlingConfig, sender_org: str, message_id: str, *,
              now: datetime | None = None, ttl: timedelta = DEFAULT_TTL) -> dict[str, Any]:
    """The SBD as the integration point's REST API takes it (POST /api/messages/out)."""
    now = now or datetime.now(UTC)
    business: dict[str, Any] = {"sikkerhetsnivaa": config.security_level}
    if config.dpf_shipment_type:
        # Digdir's and Altinn's JSON name (Altinn's C# property is ForsendelsesType).
        business["dpf"] = {"forsendelseType": config.dpf_shipment_type}
    return {
        "standardBusinessDocumentHeader": {
            "headerVersion": "1.0",
            "sender": [_party(sender_org)],
            "receiver": [_party(r) for r in config.receivers],
            "documentIdentification": {
                "standard": config.standard,
                "typeVersion": config.type_version,
                "type": config.type,
                "instanceIdentifier": message_id,
                "creationDateAndTime": _iso(now),
            },
            "businessScope": {"scope": [{
                "type": "ConversationId",
                "identifier": config.process,
                "instanceIdentifier": conversation_id(message_id),
                "scopeInformation": [{"expectedResponseDateTime": _iso(now + ttl)}],
            }]},
        },
        config.type: business,
    }


# --- arkivmelding.xml ---------------------------------------------------------------------------


def _id(message_id: str, what: str) -> str:
    return str(uuid.uuid5(_IDS, f"{what}:{message_id}"))


def _add(parent: ET.Element, tag: str, text: str | int | None = None,
         xsi_type: str | None = None) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ARKIVMELDING_NS}}}{tag}")
    if xsi_type:
        element.set(f"{{{XSI_NS}}}type", xsi_type)
    if text is not None:
        element.text = str(text)
    return element


def main_document(files: Sequence[MessageFile]) -> MessageFile | None:
    """The receipt PDF when there is one (what a case worker opens first), else the first."""
    return next((f for f in files if f.content_type == "application/pdf"),
                files[0] if files else None)


def build_arkivmelding(files: Sequence[MessageFile], *, message_id: str, title: str,
                       sender_name: str | None = None, now: datetime | None = None) -> bytes:
    """Noark 5 arkivmelding: one case folder (saksmappe) with one incoming registry entry
    (journalpost) describing each file (dokumentbeskrivelse → dokumentobjekt →
    referanseDokumentfil), the shape of Digdir's examples and Altinn's apps. Written with
    ElementTree, so titles and names are escaped whatever they hold."""
    now = now or datetime.now(UTC)
    stamp, day = _iso(now), now.astimezone(UTC).date().isoformat()
    ET.register_namespace("xsi", XSI_NS)
    root = ET.Element(f"{{{ARKIVMELDING_NS}}}arkivmelding")
    _add(root, "system", SYSTEM)
    _add(root, "meldingId", message_id)
    _add(root, "tidspunkt", stamp)
    _add(root, "antallFiler", len(files))
    folder = _add(root, "mappe", xsi_type="saksmappe")
    folder_id = _id(message_id, "mappe")
    _add(folder, "systemID", folder_id)
    _add(folder, "tittel", title)
    _add(folder, "opprettetDato", stamp)
    _add(folder, "opprettetAv", SYSTEM)
    entry = _add(folder, "basisregistrering", xsi_type="journalpost")
    _add(entry, "systemID", _id(message_id, "journalpost"))
    _add(entry, "opprettetDato", stamp)
    _add(entry, "opprettetAv", SYSTEM)
    _add(entry, "arkivertDato", stamp)
    _add(entry, "arkivertAv", SYSTEM)
    _add(entry, "referanseForelderMappe", folder_id)
    main = main_document(files)
    for number, file in enumerate(files, start=1):
        document = _add(entry, "dokumentbeskrivelse")
        _add(document, "systemID", _id(message_id, f"dokument:{file.name}"))
        _add(document, "dokumenttype", "Skjema" if file is main else "Vedlegg")
        _add(document, "dokumentstatus", "Dokumentet er ferdigstilt")
        _add(document, "tittel", file.title or file.name)
        _add(document, "opprettetDato", stamp)
        _add(document, "opprettetAv", SYSTEM)
        _add(document, "tilknyttetRegistreringSom", "Hoveddokument" if file is main else "Vedlegg")
        _add(document, "dokumentnummer", number)
        _add(document, "tilknyttetDato", stamp)
        _add(document, "tilknyttetAv", SYSTEM)
        content = _add(document, "dokumentobjekt")
        _add(content, "versjonsnummer", 1)
        _add(content, "variantformat", "Produksjonsformat")
        _add(content, "opprettetDato", stamp)
        _add(content, "opprettetAv", SYSTEM)
        _add(content, "referanseDokumentfil", file.name)
    _add(entry, "tittel", title)
    _add(entry, "offentligTittel", title)
    _add(entry, "journalposttype", "Inngående dokument")
    _add(entry, "journalstatus", "Journalført")
    _add(entry, "journaldato", day)
    if sender_name:
        party = _add(entry, "korrespondansepart")
        _add(party, "korrespondanseparttype", "Avsender")
        _add(party, "korrespondansepartNavn", sender_name)
    _add(folder, "saksdato", day)
    _add(folder, "saksstatus", "Under behandling")
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode", default_namespace=ARKIVMELDING_NS)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + body.encode("utf-8")


# --- from an instance ---------------------------------------------------------------------------


def instance_files(app: AppDefinition, instance: Instance, data_types: Sequence[str]
                   ) -> list[MessageFile]:
    """The instance's data elements of `data_types`, oldest first (as Altinn): form data as
    `<dataType>.xml` in the data model's XML, anything else (the receipt PDF, attachments)
    under its own file name; names made unique with -1, -2, …"""
    wanted = set(data_types)
    namer = FileNamer([ARKIVMELDING_FILE])
    files: list[MessageFile] = []
    for element in sorted((d for d in instance.data_elements if d.data_type in wanted),
                          key=lambda d: (d.created, d.id)):
        schema = app.schemas.get(element.data_type)
        if _is_form_data(app, element.data_type, element.content_type) and schema is not None:
            data, content_type = to_xml(read_form_data(element), schema), "application/xml"
            wanted_name, title = f"{element.data_type}.xml", element.data_type
        else:
            data, content_type = element.blob, element.content_type
            fallback = element.data_type + _EXTENSIONS.get(content_type, "")
            wanted_name = safe_file_name(element.filename or fallback, fallback)
            title = element.filename or element.data_type
        files.append(MessageFile(namer(safe_file_name(wanted_name)), content_type, data, title))
    return files


def _is_form_data(app: AppDefinition, data_type: str, content_type: str) -> bool:
    """Form data is a data type with a data model (Altinn: appLogic.classRef), kept as JSON."""
    meta = app.data_type(data_type) or {}
    logic = meta.get("appLogic")
    has_model = isinstance(logic, dict) and bool(logic.get("classRef"))
    return has_model or content_type == "application/json"


def outgoing_message(app: AppDefinition, instance: Instance, config: EFormidlingConfig,
                     sender_org: str, *, title: str | None = None,
                     sender_name: str | None = None, now: datetime | None = None,
                     ttl: timedelta = DEFAULT_TTL) -> OutgoingMessage:
    """Everything one hand-off of `instance` sends: the SBD, arkivmelding.xml and the data."""
    now = now or datetime.now(UTC)
    files = instance_files(app, instance, config.data_types)
    heading = title or app.title("nb")
    metadata = build_arkivmelding(files, message_id=instance.id, title=heading,
                                  sender_name=sender_name, now=now)
    return OutgoingMessage(
        message_id=instance.id,
        sbd=build_sbd(config, sender_org, instance.id, now=now, ttl=ttl),
        files=(MessageFile(ARKIVMELDING_FILE, "application/xml", metadata, "Arkivmelding"),
               *files),
    )
