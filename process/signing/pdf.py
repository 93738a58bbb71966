"""Where a signing task's PDF goes ("the signatures": what was signed, by whom, sealed). The
task's `signingPdfDataType` when it names one; else the data type `signatures-pdf` if the app
declares it (the name Altinn's docs use for it), so an app can have the PDF without changing
its process. A data type the app does not declare is never created: without one the PDF is
skipped, and the engine says so in the instance's events."""

from __future__ import annotations

from forms.bpmn import FlowNode
from forms.definitions import AppDefinition
from process.signing.config import signature_config

DEFAULT_SIGNING_PDF_DATA_TYPE = "signatures-pdf"
PDF = "application/pdf"


def signing_pdf_data_type(app: AppDefinition, task: FlowNode) -> tuple[str | None, str]:
    """(the data type for the task's signing PDF or None, why none)."""
    named = signature_config(task).signing_pdf_data_type
    chosen = named or DEFAULT_SIGNING_PDF_DATA_TYPE
    declared = app.data_type(chosen)
    if declared is None:
        return None, (f"signingPdfDataType '{named}' is not declared" if named else
                      f"no signingPdfDataType, and no data type '{chosen}' is declared")
    allowed = declared.get("allowedContentTypes") or []
    if allowed and PDF not in allowed:
        return None, f"the data type '{chosen}' does not allow {PDF}"
    return chosen, ""
