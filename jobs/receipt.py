"""The receipt PDF job: render the instance's pages (receipts/), seal it with the agency's
certificate, and store it as a `ref-data-as-pdf` data element. The element is written in the
job's own transaction, together with the job's end, so a PDF is either whole and stored or not
there at all; its id is the job's id, so a second run could never store a second copy."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from flask import Flask

from jobs import RECEIPT_PDF
from jobs.handlers import JobContext, RetryLater, handler
from jobs.task_pdf import store_pdf, stored_already

PDF_DATA_TYPE = "ref-data-as-pdf"


def sealer(flask_app: Flask) -> Any:
    """The agency's seal: from the environment in production; in local mode a self-signed
    certificate made once and kept in the instance folder."""
    from receipts import local_sealer, sealer_from_env

    found = flask_app.extensions.get("blankett.sealer")
    if found is None:
        found = sealer_from_env(os.environ)
        if found is None and flask_app.config.get("LOCAL_MODE"):
            found = local_sealer(Path(flask_app.instance_path) / "pdf-seal")
        if found is None:
            raise RetryLater("no seal certificate: set PDF_SEAL_CERT_FILE and "
                             "PDF_SEAL_KEY_FILE for the worker")
        flask_app.extensions["blankett.sealer"] = found
    return found


@handler(RECEIPT_PDF)
def make_receipt(context: JobContext) -> dict[str, Any]:
    from receipts import make_receipt as render_and_seal
    from receipts import receipt_filename

    if stored_already(context) is not None:
        return {"dataElementId": context.job.id}
    task_id = context.payload.get("task_id")
    lang = str(context.payload.get("language") or "nb")
    pdf = render_and_seal(context.app, context.instance, lang, sealer(context.flask_app),
                          task_id=task_id)
    element = store_pdf(context, PDF_DATA_TYPE, pdf,
                        receipt_filename(context.app, context.instance, lang, task_id=task_id),
                        task_id)
    return {"dataElementId": element.id, "size": len(pdf)}
