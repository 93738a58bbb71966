"""Ending a task and moving to what follows it.

This covers processes whose flows are unconditional (start → data tasks → end), which is what a
form filled in on the web needs first. Gateways with conditions and the other task types come
with the full process engine; until then such a move is refused with a clear message and the
instance stays where it was."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from forms.bpmn import FlowNode, ProcessDefinition
from forms.definitions import AppDefinition
from forms.dynamics import remove_hidden_data
from forms.validation import Issue
from storage.models import Instance, utcnow
from storage.repository import add_event, add_form_data, read_form_data, save_form_data


class ProcessError(Exception):
    """The move cannot be made; the message says why."""


@dataclass(frozen=True)
class Move:
    ended: bool
    task: FlowNode | None


def next_element(process: ProcessDefinition, task_id: str) -> Move:
    node_id = task_id
    for _ in range(100):
        flows = process.outgoing(node_id)
        unconditional = [f for f in flows if not f.condition]
        if len(flows) != 1 or len(unconditional) != 1:
            raise ProcessError(
                f"'{node_id}' has conditional or several outgoing flows; "
                "gateways are not supported yet")
        target = process.nodes.get(flows[0].target)
        if target is None:
            raise ProcessError(f"flow '{flows[0].id}' leads to unknown element "
                               f"'{flows[0].target}'")
        if target.kind == "endEvent":
            return Move(ended=True, task=None)
        if target.task_type is not None:
            return Move(ended=False, task=target)
        node_id = target.id
    raise ProcessError("the process loops without reaching a task or an end")


def form_data_types_for_task(app: AppDefinition, task_id: str) -> list[str]:
    """The data types that are created empty when the task starts (appLogic.autoCreate)."""
    out = []
    for data_type in app.metadata.get("dataTypes") or []:
        logic = data_type.get("appLogic") if isinstance(data_type, dict) else None
        if isinstance(logic, dict) and data_type.get("taskId") == task_id and logic.get(
                "autoCreate"):
            out.append(str(data_type["id"]))
    return out


class ValidationFailed(ProcessError):
    """The task's data has errors: the process stays where it is."""

    def __init__(self, issues: Sequence[Issue]) -> None:
        super().__init__("the form has errors")
        self.issues = list(issues)


def complete_task(session: Session, app: AppDefinition, instance: Instance,
                  user_id: str, *, issues: Sequence[Issue]) -> Move:
    """End the current task (locking its data) and start the next one, in the caller's
    transaction. `issues` is the task's validation (forms.validation): any error refuses
    the move, so no caller can end a task without having checked it."""
    if any(issue.blocks for issue in issues):
        raise ValidationFailed(issues)
    task_id = instance.current_task
    if task_id is None:
        raise ProcessError("the process has ended")
    move = next_element(app.process, task_id)
    party = instance.instance_owner_party_id
    layout_set = app.layout_set_for_task(task_id)
    for element in instance.data_elements:
        data_type = app.data_type(element.data_type) or {}
        if data_type.get("taskId") != task_id:
            continue
        if (app.remove_hidden_data and layout_set is not None
                and element.data_type == layout_set.data_type):
            data = read_form_data(element)
            if remove_hidden_data(app, layout_set, data):
                save_form_data(element, data, user_id)
        element.locked = True
    add_event(session, instance, "process_EndTask", user_id, party,
              {"currentTask": {"elementId": task_id}})
    now = utcnow()
    process = dict(instance.process or {})
    if move.ended:
        instance.current_task = None
        instance.is_archived = True
        instance.archived = now
        process.update({"currentTask": None, "ended": now.isoformat(), "endEvent": "EndEvent"})
        add_event(session, instance, "process_EndEvent", user_id, party)
        add_event(session, instance, "Submited", user_id, party)
    else:
        assert move.task is not None
        instance.current_task = move.task.id
        instance.last_page = None
        process["currentTask"] = {"elementId": move.task.id, "altinnTaskType": move.task.task_type}
        existing = {d.data_type for d in instance.data_elements}
        for data_type_id in form_data_types_for_task(app, move.task.id):
            if data_type_id not in existing:
                add_form_data(session, instance, data_type_id, {}, user_id)
        add_event(session, instance, "process_StartTask", user_id, party,
                  {"currentTask": {"elementId": move.task.id}})
    instance.process = process
    instance.last_changed, instance.last_changed_by = now, user_id
    return move
