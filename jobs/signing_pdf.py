"""The signing PDF job: when a signing task ends (process/signing_task.py leaves the job with
the ids of the signatures it ended with), draw "the signatures" in the signee's language, seal
it with the agency's seal and store it as the data type the hook chose."""

from __future__ import annotations

from typing import Any

from jobs import SIGNING_PDF
from jobs.handlers import GiveUp, JobContext, handler
from jobs.receipt import sealer
from jobs.task_pdf import store_pdf, stored_already


@handler(SIGNING_PDF)
def make_signing_pdf(context: JobContext) -> dict[str, Any]:
    from process.signing import SigningError, required_signees, signature_config
    from process.signing.stored import BadSignature, parse_signature
    from receipts.signing_pdf import (
        build_signing_document,
        make_signing_pdf,
        signing_pdf_filename,
    )
    from receipts.views import app_register

    done = stored_already(context)
    if done is not None:
        return {"dataElementId": done.id}
    app, instance = context.app, context.instance
    task_id = str(context.payload.get("task_id") or "")
    data_type = str(context.payload.get("data_type") or "")
    task = app.process.nodes.get(task_id)
    if task is None or app.data_type(data_type) is None:
        raise GiveUp(f"the app has no task '{task_id}' or no data type '{data_type}'")
    config = signature_config(task, app)
    elements = {d.id: d for d in instance.data_elements}
    wanted = context.payload.get("signature_ids")
    ids = wanted if isinstance(wanted, list) else [
        d.id for d in instance.data_elements if d.data_type == config.signature_data_type]
    missing = [i for i in ids if i not in elements]
    if missing:
        raise GiveUp("signatures the task ended with are gone (the task ran again?): "
                     + ", ".join(missing))
    try:
        signed = [parse_signature(elements[i]) for i in ids]
    except BadSignature as exc:
        raise GiveUp(f"a signature cannot be read: {exc}") from None
    try:
        required = required_signees(app, instance, task)
    except SigningError:
        required = []  # names then come from the register only
    lang = str(context.payload.get("language") or "nb")
    document = build_signing_document(app, instance, task, signed, lang,
                                      app_register(instance), required)
    pdf = make_signing_pdf(document, sealer(context.flask_app))
    element = store_pdf(context, data_type, pdf, signing_pdf_filename(app, document.lang),
                        task_id)
    return {"dataElementId": element.id, "size": len(pdf), "signatures": len(signed)}
