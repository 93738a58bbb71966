"""Moving an instance through its process, as Altinn's process engine does.

`start_instance` makes an instance and enters its first task; `process_next` is Altinn's
`PUT …/process/next`:

1. authorise the action for the task (process/actions.py);
2. validate the task (the caller's callable; any error raises ValidationFailed and nothing
   changes), except for `reject` and for service tasks;
3. find where the flows lead (process/gateways.py), before anything changes;
4. end the task: lock its data elements and drop hidden answers when asked
   (`process_EndTask`), or for `reject` abandon it and leave its data as it is
   (`process_AbandonTask`); the work Altinn does at a task's end (the receipt PDF of data
   types with `enablePdfCreation`, a legacy eFormidling hand-off) is left as background jobs
   (jobs/), in the submitter's `language`;
5. start the next task: unlock its data elements and create its form data, prefilled from the
   register by `models/<dataType>.prefill.json` (integrations/prefill.py) when a `register`
   is given (`process_StartTask`); a service task runs at once and the move goes on past it; an end
   event ends the process and archives the instance (`process_EndEvent`, `Submited`).

Everything happens in the caller's session (flushed, never committed here): the caller's
commit makes the whole move and its jobs, so a crash leaves the instance in the old task or the
new one, and the jobs exist exactly when the move does.
A service task whose type Blankett does not know (or whose step fails) stops the instance in
that task with an error in `instance.process["error"]` and a `process_ServiceTaskFailed`
event, never an exception."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

import jobs
from forms.bpmn import FlowNode, ProcessDefinition
from forms.datamodel import Schema
from forms.definitions import AppDefinition
from forms.dynamics import remove_hidden_data
from forms.validation import Issue
from integrations.prefill import (
    PrefillError,
    RegisterError,
    prefill_from_register,
    prefill_values,
)
from integrations.register import PrefillRegister
from jobs import EFORMIDLING_SEND, RECEIPT_PDF
from process.actions import REJECT, allows, default_action, process_actions
from process.gateways import (
    GatewayContext,
    ProcessError,
    Target,
    next_target,
    reachable_targets,
)
from process.services import SERVICE_TASKS, ServiceTaskRun
from process.state import ABANDON, COMPLETE, current_task, iso
from process.task_types import STAY, Actor, TaskContext, hooks_for
from storage.models import Instance, InstanceEvent, OutboxJob, utcnow
from storage.repository import add_event, add_form_data, read_form_data, save_form_data

log = logging.getLogger(__name__)

__all__ = [
    "ActionNotAllowed", "InvalidPrefill", "Move", "ProcessError", "ValidationFailed",
    "complete_task",
    "form_data_types_for_task", "next_element", "process_next", "start_instance",
]

Validator = Callable[[], Sequence[Issue]]


class ValidationFailed(ProcessError):
    """The task's data has errors: the process stays where it is."""

    def __init__(self, issues: Sequence[Issue]) -> None:
        super().__init__("the form has errors")
        self.issues = list(issues)


class ActionNotAllowed(ProcessError):
    """The action does not move this task on (not its type's, nor one it declares)."""


class InvalidPrefill(ProcessError):
    """The caller's prefill names a path no new form data element has, or a value that does
    not fit it: nothing is created."""


@dataclass(frozen=True)
class Move:
    ended: bool
    task: FlowNode | None  # the task the instance is now in; None once ended
    stopped: dict[str, Any] | None = None  # the error of a service task that stopped it
    # What the task type's action answers besides the state (a payment's redirect address).
    answer: dict[str, Any] = field(default_factory=dict)


def form_data_types_for_task(app: AppDefinition, task_id: str) -> list[str]:
    """The form data types made empty when the task starts: its data types with
    `appLogic.autoCreate`, and the data type of its layout set unless that says
    `autoCreate: false` (what Altinn's frontend creates when the task opens)."""
    layout_set = app.layout_set_for_task(task_id)
    shown = layout_set.data_type if layout_set is not None else None
    out = []
    for data_type in app.metadata.get("dataTypes") or []:
        if not isinstance(data_type, dict) or data_type.get("taskId") != task_id:
            continue
        logic = data_type.get("appLogic")
        if not isinstance(logic, dict):
            continue
        auto = logic.get("autoCreate")
        if auto is True or (auto is None and data_type.get("id") == shown):
            out.append(str(data_type["id"]))
    return out


def next_element(process: ProcessDefinition, task_id: str, action: str | None = None,
                 read_data: Callable[[str | None], dict[str, Any] | None] | None = None,
                 data_type: str | None = None) -> Move:
    """Where the flows from `task_id` lead with `action` (no data: conditions read nothing)."""
    target = next_target(process, task_id, GatewayContext(
        action, read_data or (lambda _: None), data_type))
    return Move(ended=target.ended, task=None if target.ended else target.node)


class _Mover:
    """One move of one instance: the events it records get strictly increasing times, so the
    history reads back in order on every database."""

    def __init__(self, session: Session, app: AppDefinition, instance: Instance,
                 user_id: str, register: PrefillRegister | None = None,
                 prefill: dict[str, Any] | None = None, language: str = "nb",
                 actor: Actor | None = None) -> None:
        self.session, self.app, self.instance, self.user_id = session, app, instance, user_id
        self.language = language
        self.actor = actor or Actor(user_id)
        self.jobs: list[OutboxJob] = []  # background work this move leaves, in order
        self.party = instance.instance_owner_party_id
        self.clock = utcnow()
        self.register = register
        self.caller_prefill = prefill  # only for the first task started (instantiation)

    def now(self) -> datetime:
        self.clock = max(utcnow(), self.clock + timedelta(microseconds=1))
        return self.clock

    def task_context(self, task: FlowNode) -> TaskContext:
        return TaskContext(self.session, self.app, self.instance, task, self.actor,
                           self.language, self.event, self.add_job)

    def event(self, event_type: str, info: dict[str, Any] | None = None) -> InstanceEvent:
        event = add_event(self.session, self.instance, event_type, self.user_id, self.party,
                          info)
        event.created = self.now()
        return event

    def read_data(self, data_type: str | None) -> dict[str, Any] | None:
        if data_type is None:
            return None
        element = next((d for d in self.instance.data_elements if d.data_type == data_type),
                       None)
        return read_form_data(element) if element is not None else None

    def gateway_context(self, task_id: str, action: str | None) -> GatewayContext:
        """Conditions read the task being left's data: its layout set's data type, else the
        first data type of the task with app logic (Altinn's ExpressionsExclusiveGateway)."""
        layout_set = self.app.layout_set_for_task(task_id)
        data_type = layout_set.data_type if layout_set is not None else None
        if data_type is None:
            data_type = next((str(d["id"]) for d in self.app.metadata.get("dataTypes") or []
                              if isinstance(d, dict) and d.get("taskId") == task_id
                              and isinstance(d.get("appLogic"), dict)), None)
        return GatewayContext(action, self.read_data, data_type)

    # ---- the steps ----------------------------------------------------------------------
    def set_process(self, **changes: Any) -> dict[str, Any]:
        process = {**(self.instance.process or {}), **changes}
        self.instance.process = process  # a new dict, so the JSON column is written
        return process

    def end_task(self, task: FlowNode, abandon: bool, remove_hidden: bool) -> None:
        hooks = hooks_for(task)
        if abandon:
            if hooks.abandon is not None:
                hooks.abandon(self.task_context(task))
            self.event("process_AbandonTask", self._info(task))
            return
        if hooks.end is not None:
            hooks.end(self.task_context(task))
        layout_set = self.app.layout_set_for_task(task.id)
        for element in self.instance.data_elements:
            data_type = self.app.data_type(element.data_type) or {}
            if data_type.get("taskId") != task.id:
                continue
            if (remove_hidden and layout_set is not None and not element.locked
                    and element.data_type == layout_set.data_type):
                data = read_form_data(element)
                if remove_hidden_data(self.app, layout_set, data):
                    save_form_data(element, data, self.user_id)
            element.locked = True
        self.event("process_EndTask", self._info(task))
        self.after_task(task)

    def after_task(self, task: FlowNode) -> None:
        """What Altinn does when a task ends, as background jobs committed with the move: the
        receipt PDF for data types with `enablePdfCreation`, and the legacy eFormidling
        hand-off (applicationmetadata `eFormidling.sendAfterTaskId`)."""
        if task.task_type == "data" and any(
                d.get("enablePdfCreation") and d.get("taskId") == task.id
                and isinstance(d.get("appLogic"), dict)
                for d in self.app.metadata.get("dataTypes") or [] if isinstance(d, dict)):
            self.add_job(RECEIPT_PDF, {"task_id": task.id})
        legacy = self.app.metadata.get("eFormidling")
        if isinstance(legacy, dict) and legacy.get("sendAfterTaskId") == task.id:
            self.add_job(EFORMIDLING_SEND, {"task_id": None}, after_receipts=True)

    def add_job(self, kind: str, payload: dict[str, Any], after_receipts: bool = False
                ) -> OutboxJob:
        """A background job, committed with this move. `after_receipts`: it waits for the
        receipt PDFs this move asked for (a hand-off carries them)."""
        receipts = [j for j in self.jobs if j.kind == RECEIPT_PDF] if after_receipts else []
        job = jobs.add(self.session, kind, self.instance.id,
                       {**payload, "language": self.language},
                       after=receipts[-1] if receipts else None)
        self.jobs.append(job)
        return job

    def _info(self, task: FlowNode) -> dict[str, Any]:
        return {"elementId": task.id, "currentTask": {
            "elementId": task.id, "altinnTaskType": task.task_type, "name": task.name or None}}

    def enter(self, target: Target, flow_type: str) -> Move:
        """Start what the flows reached; run service tasks and go on past them."""
        for _ in range(100):
            if target.ended:
                return self.end_process(target.node)
            task = target.node
            self.start_task(task, flow_type)
            if not task.is_service_task:
                return Move(ended=False, task=task)
            error = self.run_service_task(task)
            if error is not None:
                return Move(ended=False, task=task, stopped=error)
            self.end_task(task, abandon=False, remove_hidden=False)
            action = default_action(task)
            target = next_target(self.app.process, task.id,
                                 self.gateway_context(task.id, action))
            flow_type = COMPLETE
        raise ProcessError("the process runs through service tasks without end")

    def start_task(self, task: FlowNode, flow_type: str) -> None:
        previous = (self.instance.process or {}).get("currentTask") or {}
        flow = int(previous.get("flow") or 1) + 1
        started = self.now()
        self.instance.current_task = task.id
        self.instance.last_page = None
        self.set_process(currentTask=current_task(task, flow, started, flow_type), error=None)
        existing = {d.data_type for d in self.instance.data_elements}
        for element in self.instance.data_elements:
            data_type = self.app.data_type(element.data_type) or {}
            if data_type.get("taskId") == task.id:
                element.locked = False
        created = {data_type_id: self.prefilled(data_type_id)
                   for data_type_id in form_data_types_for_task(self.app, task.id)
                   if data_type_id not in existing}
        caller, self.caller_prefill = self.caller_prefill, None
        if caller:
            self.apply_caller_prefill(created, caller)
        for data_type_id, data in created.items():
            add_form_data(self.session, self.instance, data_type_id, data, self.user_id)
        event = self.event("process_StartTask", self._info(task))
        event.created = started
        hooks = hooks_for(task)
        if hooks.start is not None:
            hooks.start(self.task_context(task))

    def prefilled(self, data_type_id: str) -> dict[str, Any]:
        """A new form data element's data: empty, or filled from the register by the data
        type's prefill.json. A register that cannot answer stops the move (ProcessError)."""
        data: dict[str, Any] = {}
        config = self.app.prefill.get(data_type_id)
        if config is None or not config.needs_register or self.register is None:
            return data
        try:
            prefill_from_register(config, data, self.app.schemas.get(data_type_id),
                                  party_id=self.party, user_id=self.user_id,
                                  register=self.register)
        except RegisterError as exc:
            raise ProcessError(f"'{data_type_id}' is prefilled from the register "
                               f"({config.file}), which cannot answer: {exc}") from exc
        return data

    def apply_caller_prefill(self, created: dict[str, dict[str, Any]],
                             values: dict[str, Any]) -> None:
        """The caller's {data model path: value}, after the register's, into each new form
        data element whose data model has the path; a path none has is refused."""
        if not created:
            raise InvalidPrefill("prefill was given, but the first task creates no form data")
        used: set[str] = set()
        for data_type_id, data in created.items():
            schema = self.app.schemas.get(data_type_id)
            mine = {path: value for path, value in values.items() if schema is None
                    or (isinstance(path, str) and _known_path(schema, path))}
            try:
                prefill_values(data, mine, schema)
            except PrefillError as exc:
                raise InvalidPrefill(f"prefill for '{data_type_id}': {exc}") from exc
            used.update(mine)
        unknown = [str(path) for path in values if path not in used]
        if unknown:
            raise InvalidPrefill("prefill names paths no new form data element has: "
                                 + ", ".join(f"'{p}'" for p in unknown))

    def run_service_task(self, task: FlowNode) -> dict[str, Any] | None:
        """Run a service task's step; the error that stops the instance there, or None."""
        step = SERVICE_TASKS.get(task.task_type or "")
        if step is None:
            return self.stop(task, "UnknownServiceTask",
                             f"The service task '{task.id}' has the type '{task.task_type}', "
                             "which Blankett does not know; the submission waits here until "
                             "the service owner changes the process or moves it on.")
        try:
            step(ServiceTaskRun(self.session, self.app, self.instance, task, self.user_id,
                                self.event, self.add_job))
        except Exception as exc:  # a step that fails stops here; it never crashes the move
            log.exception("%s: service task %s (%s) failed", self.app.id, task.id,
                          task.task_type)
            return self.stop(task, "ServiceTaskFailed",
                             f"The service task '{task.id}' ({task.task_type}) failed: {exc}")
        return None

    def stop(self, task: FlowNode, code: str, message: str) -> dict[str, Any]:
        error = {"code": code, "elementId": task.id, "taskType": task.task_type,
                 "message": message, "occured": iso(self.now())}
        self.set_process(error=error)
        self.event("process_ServiceTaskFailed", {"elementId": task.id, "error": error})
        log.warning("%s: instance %s stopped in %s: %s", self.app.id, self.instance.id,
                    task.id, message)
        return error

    def end_process(self, end: FlowNode) -> Move:
        now = self.now()
        self.instance.current_task = None
        self.instance.last_page = None
        self.instance.is_archived = True
        self.instance.archived = now
        self.set_process(currentTask=None, ended=iso(now), endEvent=end.id, error=None)
        self.event("process_EndEvent", {"elementId": end.id})
        self.event("Submited")
        return Move(ended=True, task=None)

    def finish(self) -> None:
        self.instance.last_changed, self.instance.last_changed_by = self.now(), self.user_id
        self.session.flush()


def _known_path(schema: Schema, path: str) -> bool:
    return schema.field_type(path.replace("-", "")) is not None


def start_instance(session: Session, app: AppDefinition, *, party_id: int, user_id: str,
                   register: PrefillRegister | None = None,
                   prefill: dict[str, Any] | None = None, language: str = "nb") -> Instance:
    """A new instance of `app` for `party_id`, in its first task (Altinn's process start).

    With `register`, the first task's new form data is prefilled by its prefill.json (the
    owner `party_id`, the acting `user_id`); then `prefill` ({data model path: value}, what
    `instances/create` passes) is written over it. A bad `prefill` raises InvalidPrefill, a
    register that cannot answer ProcessError; nothing is kept then (the caller rolls back)."""
    from storage.repository import create_instance

    instance = create_instance(session, app_id=app.id, party_id=party_id, user_id=user_id,
                               task_id=None, form_data_types=[])
    instance.app_version = app.version  # it runs on this version to its end
    start_process(session, app, instance, user_id, register=register, prefill=prefill,
                  language=language)
    return instance


def start_process(session: Session, app: AppDefinition, instance: Instance, user_id: str,
                  start_event: str | None = None, *, register: PrefillRegister | None = None,
                  prefill: dict[str, Any] | None = None, language: str = "nb") -> Move:
    """Start the process of an instance that has none yet, from `start_event` (the process's
    start event when None), into the first task; ProcessError if it has started."""
    if (instance.process or {}).get("started"):
        raise ProcessError("the process has already started; move it on with process/next")
    starts = [n for n in app.process.nodes.values() if n.kind == "startEvent"]
    start = next((n for n in starts if start_event in (None, n.id)), None)
    if start is None:
        raise ProcessError(f"the process has no start event '{start_event}'" if start_event
                           else "the process has no start event")
    mover = _Mover(session, app, instance, user_id, register, prefill, language)
    target = next_target(app.process, start.id, mover.gateway_context(start.id, None))
    started = mover.now()
    mover.set_process(started=iso(started), startEvent=start.id, currentTask=None,
                      ended=None, endEvent=None, error=None)
    mover.event("process_StartEvent", {"elementId": start.id}).created = started
    move = mover.enter(target, COMPLETE)
    mover.finish()
    return move


def process_next(session: Session, app: AppDefinition, instance: Instance, user_id: str,
                 action: str | None = None, *, validate: Validator,
                 remove_hidden: bool | None = None,
                 register: PrefillRegister | None = None, language: str = "nb",
                 actor: Actor | None = None) -> Move:
    """Altinn's `process/next`: end the current task with `action` (its type's default when
    None) and move to what follows. `actor` says who acts (process/task_types.py): a signing
    or payment task's own action (sign, pay) is done first, and may leave the task where it
    is (STAY: more to sign, a payment to make), answering what the caller needs in
    `Move.answer`. `validate` returns the task's issues; any error refuses
    the move (ValidationFailed) before anything changes. `remove_hidden` defaults to the
    app's RemoveHiddenData. With `register`, form data the next task creates is prefilled."""
    task_id = instance.current_task
    if task_id is None:
        raise ProcessError("the process has ended")
    task = app.process.nodes.get(task_id)
    if task is None or task.task_type is None:
        raise ProcessError(f"the instance is in '{task_id}', which the process does not have")
    action = action or default_action(task)
    if not allows(task, action):
        raise ActionNotAllowed(
            f"'{action}' is not an action of the {task.task_type} task '{task.id}' "
            f"(it accepts: {', '.join(process_actions(task))})")
    mover = _Mover(session, app, instance, user_id, register, language=language, actor=actor)
    reject = action == REJECT
    hooks = hooks_for(task)
    if task.is_service_task and not reject:  # a stopped service task is tried again
        error = mover.run_service_task(task)
        if error is not None:
            mover.finish()
            return Move(ended=False, task=task, stopped=error)
    elif not reject:
        context = mover.task_context(task)
        if hooks.act is not None and action in hooks.actions:
            if hooks.act(context, action) == STAY:
                mover.finish()
                return Move(ended=False, task=task, answer=context.answer)
        issues = list(validate())
        if hooks.issues is not None:
            issues += hooks.issues(context)
        if any(issue.blocks for issue in issues):
            raise ValidationFailed(issues)
    target = next_target(app.process, task.id, mover.gateway_context(task.id, action))
    mover.end_task(task, abandon=reject,
                   remove_hidden=app.remove_hidden_data if remove_hidden is None
                   else remove_hidden)
    move = mover.enter(target, ABANDON if reject else COMPLETE)
    mover.finish()
    return move


def complete_task(session: Session, app: AppDefinition, instance: Instance,
                  user_id: str, *, issues: Sequence[Issue],
                  register: PrefillRegister | None = None, language: str = "nb",
                  actor: Actor | None = None) -> Move:
    """End the current task with its type's default action, given its validation `issues`
    (forms.validation): any error refuses the move, so no caller ends a task unchecked."""
    return process_next(session, app, instance, user_id, validate=lambda: issues,
                        register=register, language=language, actor=actor)


def next_elements(app: AppDefinition, instance: Instance) -> list[str]:
    """Altinn's `GET process/next`: the tasks and end events the current task's flows may
    lead to, or the start events of a process not started; ProcessError once it has ended."""
    process = instance.process or {}
    if not process.get("started"):
        return [n.id for n in app.process.nodes.values() if n.kind == "startEvent"]
    if instance.current_task is None:
        raise ProcessError("the process has ended")
    return reachable_targets(app.process, instance.current_task)


# The task types with hooks register them on import (process/task_types.py).
from process import payment, signing_task  # noqa: E402, F401
