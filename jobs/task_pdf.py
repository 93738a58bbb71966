"""Storing a sealed PDF the app makes (the receipt, the payment receipt, the signing PDF) as a
data element: in the job's own transaction, with the job's id as the
element's id, so a second run finds it and never stores a second copy, and locked, since it is
the app's record of something that happened.

A data type with `maxCount: 1` (payment-test's paymentReceiptPdf) keeps only the newest: a task
that ran again (a reject, then a return) gets a new PDF in place of the old one, and the app's
limit holds."""

from __future__ import annotations

import hashlib

from jobs.handlers import JobContext
from storage.models import DataElement, utcnow
from storage.repository import add_event

APP_USER = "blankett"  # who made the app's own data elements, as Storage shows it
PDF = "application/pdf"


def stored_already(context: JobContext) -> DataElement | None:
    """The element an earlier run of this job stored (it ran, then failed to say so)."""
    return context.session.get(DataElement, context.job.id)


def store_pdf(context: JobContext, data_type: str, pdf: bytes, filename: str,
              task_id: str | None) -> DataElement:
    session, instance = context.session, context.instance
    owner = instance.instance_owner_party_id
    if (context.app.data_type(data_type) or {}).get("maxCount") == 1:
        for old in [d for d in instance.data_elements if d.data_type == data_type]:
            instance.data_elements.remove(old)  # delete-orphan: gone at the flush
            add_event(session, instance, "Deleted", APP_USER, owner,
                      {"dataType": data_type, "taskId": task_id}).data_id = old.id
    now = utcnow()
    element = DataElement(
        id=context.job.id, instance=instance, data_type=data_type, content_type=PDF,
        filename=filename, size=len(pdf), sha256=hashlib.sha256(pdf).hexdigest(), blob=pdf,
        locked=True, created=now, created_by=APP_USER, last_changed=now,
        last_changed_by=APP_USER)
    session.add(element)
    event = add_event(session, instance, "Created", APP_USER, owner,
                      {"dataType": data_type, "taskId": task_id})
    event.data_id = element.id
    return element
