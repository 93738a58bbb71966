"""Downloads from the inbox: always an attachment, never shown in the browser, under a name the
server makes (ASVS 5.4.1): the reference, then the uploaded name cut down to ASCII letters,
digits and dashes, then an extension chosen from the content type, never from the upload. A
content type Blankett does not know is sent as application/octet-stream."""

from __future__ import annotations

import re
import unicodedata

from forms.components.fileupload import TYPE_NAMES, normalise_type
from storage.models import DataElement, Instance

_LETTERS = str.maketrans({"æ": "ae", "Æ": "AE", "ø": "o", "Ø": "O", "ß": "ss"})
PDF_DATA_TYPE = "ref-data-as-pdf"


def reference(instance: Instance) -> str:
    """The last block of the instance id, as Altinn shows it."""
    return instance.id.rsplit("-", 1)[-1]


def safe_part(text: str, limit: int = 50) -> str:
    """`Søknad (endelig).PDF` → `Soknad-endelig-PDF`: ASCII letters, digits and dashes."""
    ascii_text = unicodedata.normalize("NFKD", text.translate(_LETTERS))
    ascii_text = ascii_text.encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^A-Za-z0-9]+", "-", ascii_text).strip("-")[:limit].strip("-")


def content_type(element: DataElement) -> str:
    found = normalise_type(element.content_type or "")
    return found if found in TYPE_NAMES else "application/octet-stream"


def extension(mimetype: str) -> str:
    """`application/pdf` → `pdf`: the type's short name (forms/components/fileupload.py)."""
    return TYPE_NAMES.get(mimetype, "bin").lower()


def file_type_name(element: DataElement) -> str:
    found = normalise_type(element.content_type or "")
    return TYPE_NAMES.get(found, found or "–")


def download_name(instance: Instance, element: DataElement) -> str:
    """`<reference>-<name or data type>-<element id's first block>.<extension>`."""
    stem = element.filename.rsplit(".", 1)[0] if element.filename else ""
    middle = safe_part(stem) or safe_part(element.data_type) or "fil"
    ending = extension(content_type(element))
    return f"{reference(instance)}-{middle}-{element.id.split('-', 1)[0][:8]}.{ending}"


def form_data_name(instance: Instance, element: DataElement, suffix: str) -> str:
    return f"{reference(instance)}-{safe_part(element.data_type) or 'skjemadata'}.{suffix}"
