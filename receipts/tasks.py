"""Which layout sets a receipt shows, as Altinn's PDF does:

- for a `pdf` service task with `autoPdfTaskIds` in its pdfConfig: those tasks' layout sets,
  one after another;
- for any other task given (a `pdf` task with a layout set of its own, usually with a
  `pdfLayoutName`, or a data task): that task's layout set;
- with no task: every data task the instance has form data for, in process order (the whole
  submission, for the receipt at the end)."""

from __future__ import annotations

from dataclasses import dataclass

from forms.bpmn import ALTINN, FlowNode
from forms.definitions import AppDefinition, LayoutSet
from storage.models import Instance


class NoSuchTask(ValueError):
    """The task asked for is not in the app's process, or has nothing to show."""


@dataclass(frozen=True)
class TaskPart:
    task: FlowNode
    layout_set: LayoutSet

    @property
    def name(self) -> str:
        return self.task.name or self.task.id


def receipt_tasks(app: AppDefinition, instance: Instance, task_id: str | None) -> list[TaskPart]:
    if task_id is None:
        return _submitted_tasks(app, instance)
    task = app.process.nodes.get(task_id)
    if task is None or task.task_type is None:
        raise NoSuchTask(f"{app.id} has no task '{task_id}'")
    ids = auto_pdf_task_ids(task) if task.task_type == "pdf" else []
    parts = [part for t in ids or [task_id] if (part := _part(app, t)) is not None]
    if not parts:
        raise NoSuchTask(f"{app.id}: task '{task_id}' has no layout set to make a PDF from")
    return parts


def auto_pdf_task_ids(task: FlowNode) -> list[str]:
    config = task.config.get("pdfConfig")
    if config is None:
        return []
    return [(t.text or "").strip() for t in config.findall(f"{ALTINN}autoPdfTaskIds/"
                                                           f"{ALTINN}taskId")
            if (t.text or "").strip()]


def filename_text_key(app: AppDefinition, task_id: str | None) -> str | None:
    """A pdf task's `filenameTextResourceKey`, if it has one."""
    task = app.process.nodes.get(task_id or "")
    config = task.config.get("pdfConfig") if task is not None else None
    found = config.find(f"{ALTINN}filenameTextResourceKey") if config is not None else None
    key = (found.text or "").strip() if found is not None else ""
    return key or None


def _part(app: AppDefinition, task_id: str) -> TaskPart | None:
    task = app.process.nodes.get(task_id)
    layout_set = app.layout_set_for_task(task_id)
    return TaskPart(task, layout_set) if task is not None and layout_set is not None else None


def _submitted_tasks(app: AppDefinition, instance: Instance) -> list[TaskPart]:
    have = {e.data_type for e in instance.data_elements}
    parts = [part for task in app.process.tasks if task.task_type == "data"
             if (part := _part(app, task.id)) is not None]
    with_data = [p for p in parts if p.layout_set.data_type in have]
    return with_data or parts[:1]
