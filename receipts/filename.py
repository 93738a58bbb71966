"""The receipt's file name, chosen by the server (never taken from a request): the pdf task's
`filenameTextResourceKey`, else the app's `backend.pdf_default_file_name` text, else the app
name, with text variables filled from the form data as Altinn does, made safe as a file name,
and `.pdf` at the end."""

from __future__ import annotations

import re
import unicodedata

from forms.definitions import AppDefinition
from receipts.tasks import filename_text_key, receipt_tasks
from receipts.views import task_view
from storage.models import Instance

_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')
MAX_STEM = 120


def receipt_filename(app: AppDefinition, instance: Instance, lang: str,
                     task_id: str | None = None) -> str:
    key = filename_text_key(app, task_id)
    if key is None and app.texts.has("backend.pdf_default_file_name"):
        key = "backend.pdf_default_file_name"
    if key is None:
        return safe_filename(app.title(lang), fallback=app.name)
    parts = receipt_tasks(app, instance, task_id)
    view = task_view(app, parts[0].layout_set, instance, lang, {})  # variables: its data
    return safe_filename(view.text(key), fallback=app.name)


def safe_filename(text: str, fallback: str = "receipt") -> str:
    """`text` as a file name any system takes: no path, control or reserved characters, no
    leading dots, at most MAX_STEM characters before `.pdf`."""
    stem = unicodedata.normalize("NFC", text)
    stem = re.sub(r"\.pdf\s*$", "", stem, flags=re.IGNORECASE)
    stem = _UNSAFE.sub(" ", stem)
    stem = " ".join(stem.split()).strip(" .")[:MAX_STEM].rstrip(" .")
    if not stem:
        stem = " ".join(_UNSAFE.sub(" ", fallback).split()).strip(" .") or "receipt"
    return f"{stem}.pdf"
