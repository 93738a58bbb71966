"""The instance's `process` in Altinn's ProcessState shape, and the process history read back
from the instance events (Altinn Storage's ProcessHistoryItem)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from forms.bpmn import FlowNode
from process.actions import process_actions, server_actions
from storage.models import Instance

PROCESS_EVENTS = ("process_StartEvent", "process_StartTask", "process_EndTask",
                  "process_AbandonTask", "process_EndEvent")
COMPLETE = "CompleteCurrentMoveToNext"
ABANDON = "AbandonCurrentMoveToNext"


def iso(moment: datetime) -> str:
    """RFC 3339 in UTC; a naive time (as SQLite gives it back) is UTC, as stored."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def current_task(task: FlowNode, flow: int, started: datetime,
                 flow_type: str = COMPLETE) -> dict[str, Any]:
    """`currentTask` for `task`: what it is, when it started, and what may be done in it
    (AppProcessState's actions, userActions, read and write, for someone allowed to act)."""
    moves = process_actions(task)
    server = server_actions(task)
    return {
        "flow": flow,
        "started": iso(started),
        "elementId": task.id,
        "name": task.name or None,
        "altinnTaskType": task.task_type,
        "flowType": flow_type,
        "validated": None,
        "actions": {action: True for action in [*moves, *server]},
        "userActions": [{"id": a, "authorized": True, "type": "ProcessAction"} for a in moves]
        + [{"id": a, "authorized": True, "type": "ServerAction"} for a in server],
        "read": True,
        "write": task.task_type == "data",
    }


def process_history(instance: Instance) -> dict[str, Any]:
    """`GET …/process/history`: each process event, oldest first; starts carry `started`,
    ends `ended`."""
    items = []
    for event in instance.events:
        if event.event_type not in PROCESS_EVENTS:
            continue
        info = event.process_info or {}
        element = info.get("elementId") or (info.get("currentTask") or {}).get("elementId")
        when = iso(event.created)
        starting = event.event_type in ("process_StartEvent", "process_StartTask")
        items.append({
            "eventType": event.event_type,
            "elementId": element,
            "occured": when,
            "started": when if starting else None,
            "ended": None if starting else when,
            "performedBy": event.user_id,
        })
    return {"processHistory": items}
