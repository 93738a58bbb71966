"""Service tasks: steps the process runs by itself when it reaches them (Altinn's `pdf` and
`eFormidling`). Each type is a function here; the PDF and eFormidling features replace the
placeholders below with the real work. For now each records that its step is pending (a
`process_ServiceTask` instance event with `status: "pending"`) and lets the process go on.
A type not in SERVICE_TASKS stops the instance in that task (process/engine.py)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from forms.bpmn import FlowNode
from forms.definitions import AppDefinition
from storage.models import Instance, InstanceEvent


@dataclass
class ServiceTaskRun:
    session: Session
    app: AppDefinition
    instance: Instance
    task: FlowNode
    user_id: str
    record: Callable[[str, dict[str, Any] | None], InstanceEvent]  # (event type, info)


def pending(run: ServiceTaskRun) -> None:
    """The step is done later (by the feature that implements it): say so in the events."""
    run.record("process_ServiceTask", {"elementId": run.task.id,
                                       "taskType": run.task.task_type, "status": "pending"})


SERVICE_TASKS: dict[str, Callable[[ServiceTaskRun], None]] = {
    "pdf": pending,
    "eFormidling": pending,
}
