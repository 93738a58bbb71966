"""Service tasks: steps the process runs by itself when it reaches them (Altinn's `pdf` and
`eFormidling`). Both are slow and talk to the outside, so neither runs inside the move: each
leaves a background job (jobs/), committed with the move, and lets the process go on. A hand-off
waits for the receipts the same move asked for. A type not in SERVICE_TASKS stops the instance
in that task (process/engine.py)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from forms.bpmn import FlowNode
from forms.definitions import AppDefinition
from jobs import EFORMIDLING_SEND, RECEIPT_PDF
from storage.models import Instance, InstanceEvent, OutboxJob


@dataclass
class ServiceTaskRun:
    session: Session
    app: AppDefinition
    instance: Instance
    task: FlowNode
    user_id: str
    record: Callable[[str, dict[str, Any] | None], InstanceEvent]  # (event type, info)
    # (kind, payload, after_receipts) → the job, committed with the move
    add_job: Callable[..., OutboxJob]


def pdf(run: ServiceTaskRun) -> None:
    """The task's receipt PDF (its pdfConfig: file name, the tasks whose pages it shows)."""
    job = run.add_job(RECEIPT_PDF, {"task_id": run.task.id})
    run.record("process_ServiceTask", {"elementId": run.task.id, "taskType": "pdf",
                                       "status": "queued", "jobId": job.id})


def eformidling(run: ServiceTaskRun) -> None:
    """The hand-off to the archive, after the receipts it may carry."""
    job = run.add_job(EFORMIDLING_SEND, {"task_id": run.task.id}, after_receipts=True)
    run.record("process_ServiceTask", {"elementId": run.task.id, "taskType": "eFormidling",
                                       "status": "queued", "jobId": job.id})


SERVICE_TASKS: dict[str, Callable[[ServiceTaskRun], None]] = {
    "pdf": pdf,
    "eFormidling": eformidling,
}
