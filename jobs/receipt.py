"""The receipt PDF job: render the instance's pages (receipts/), seal it with the agency's
certificate, and store it as a `ref-data-as-pdf` data element. The element is written in the
job's own transaction, together with the job's end, so a PDF is either whole and stored or not
there at all; its id is the job's id, so a second run could never store a second copy."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any

from flask import Flask

from jobs import RECEIPT_PDF
from jobs.handlers import JobContext, RetryLater, handler
from storage.models import DataElement, utcnow
from storage.repository import add_event

PDF_DATA_TYPE = "ref-data-as-pdf"
APP_USER = "blankett"  # who made the app's own data elements, as Storage shows it


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

    session, instance, job = context.session, context.instance, context.job
    if session.get(DataElement, job.id) is not None:
        return {"dataElementId": job.id}
    task_id = context.payload.get("task_id")
    lang = str(context.payload.get("language") or "nb")
    pdf = render_and_seal(context.app, instance, lang, sealer(context.flask_app),
                          task_id=task_id)
    now = utcnow()
    element = DataElement(
        id=job.id, instance=instance, data_type=PDF_DATA_TYPE, content_type="application/pdf",
        filename=receipt_filename(context.app, instance, lang, task_id=task_id),
        size=len(pdf), sha256=hashlib.sha256(pdf).hexdigest(), blob=pdf, locked=True,
        created=now, created_by=APP_USER, last_changed=now, last_changed_by=APP_USER)
    session.add(element)
    event = add_event(session, instance, "Created", APP_USER, instance.instance_owner_party_id,
                      {"dataType": PDF_DATA_TYPE, "taskId": task_id})
    event.data_id = element.id
    return {"dataElementId": element.id, "size": len(pdf)}
