"""The payment receipt job: when a payment task ends with a `paymentReceiptPdfDataType`
(process/payment.py leaves the job), draw the receipt of the stored PaymentInformation in the
payer's language, seal it with the agency's seal and store it as that data type."""

from __future__ import annotations

from typing import Any

from jobs import PAYMENT_RECEIPT_PDF
from jobs.handlers import GiveUp, JobContext, handler
from jobs.receipt import sealer
from jobs.task_pdf import store_pdf, stored_already

PAYABLE_END = ("Paid", "Skipped")


@handler(PAYMENT_RECEIPT_PDF)
def make_payment_receipt(context: JobContext) -> dict[str, Any]:
    from process.payment import payment_config, payment_information
    from receipts.payment_receipt import (
        build_payment_receipt,
        make_payment_receipt,
        payment_receipt_filename,
    )
    from receipts.views import app_register

    done = stored_already(context)
    if done is not None:
        return {"dataElementId": done.id}
    task_id = str(context.payload.get("task_id") or "")
    task = context.app.process.nodes.get(task_id)
    if task is None or task.task_type != "payment":
        raise GiveUp(f"the app has no payment task '{task_id}'")
    config = payment_config(task)
    data_type = config.receipt_pdf_data_type
    if data_type is None or context.app.data_type(data_type) is None:
        raise GiveUp(f"the payment task '{task_id}' has no declared paymentReceiptPdfDataType")
    info = payment_information(context.instance, config)
    if info is None or info.get("status") not in PAYABLE_END:
        raise GiveUp(f"the payment of '{task_id}' is not paid ({(info or {}).get('status')})")
    lang = str(context.payload.get("language") or "nb")
    receipt = build_payment_receipt(context.app, context.instance, info, lang,
                                    app_register(context.instance))
    pdf = make_payment_receipt(receipt, sealer(context.flask_app))
    element = store_pdf(context, data_type, pdf,
                        payment_receipt_filename(context.app, receipt.lang), task_id)
    return {"dataElementId": element.id, "size": len(pdf)}
