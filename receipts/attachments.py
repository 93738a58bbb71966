"""The files listed at the end of a receipt: name, type and size, never the contents. Form
data and earlier PDFs are not attachments. A file of an upload field is listed only when the
summaries show that field (not hidden, not excluded from the PDF), like its answer; any other
file when it belongs to a task the receipt shows, or to none."""

from __future__ import annotations

from forms.components.attachmentlist import PDF_TYPE
from forms.components.fileupload import TYPE_NAMES, human_size, normalise_type
from forms.definitions import AppDefinition
from forms.render import SummaryRow
from receipts.model import AttachmentRow, Block, Summary
from storage.models import Instance

_UPLOADS = ("FileUpload", "FileUploadWithTag")


def attachments(app: AppDefinition, instance: Instance, blocks: list[Block],
                lang: str) -> list[AttachmentRow]:
    views = [b.view for b in blocks if isinstance(b, Summary)]
    upload_types = {getattr(c, "data_type", c.id) for v in views
                    for c in v.layout_set.components.values() if c.type_name in _UPLOADS}
    tasks = {t for v in views for t in v.layout_set.tasks}
    shown = _shown_files(blocks)
    rows = []
    for element in instance.data_elements:
        meta = app.data_type(element.data_type) or {}
        if not element.filename or meta.get("appLogic") or element.data_type == PDF_TYPE:
            continue
        if element.data_type in upload_types:
            if element.id not in shown:
                continue
        elif meta.get("taskId") and meta.get("taskId") not in tasks:
            continue
        content_type = normalise_type(element.content_type or "")
        rows.append(AttachmentRow(element.filename, TYPE_NAMES.get(content_type, content_type),
                                  human_size(element.size or 0, lang)))
    return rows


def _shown_files(blocks: list[Block]) -> set[str]:
    """The ids of the files the summaries' upload fields show."""
    ids: set[str] = set()
    for block in blocks:
        if not isinstance(block, Summary):
            continue
        for section in block.sections:
            for row in section.rows:
                if isinstance(row, SummaryRow) and row.component.type_name in _UPLOADS:
                    ids |= {f.id for f in row.component.files(block.view)}  # type: ignore
    return ids
