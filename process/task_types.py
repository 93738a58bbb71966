"""What a task type does beyond moving on, in one place per type: signing records signatures,
payment starts and checks payments. The engine (process/engine.py) calls the hooks of the
current task's type at fixed points of a move, inside the move's transaction:

- `start(ctx)` when the task starts (a signing task forgets signatures from before a reject);
- `act(ctx, action)` before validation, for an action the type performs (sign, pay): it does
  the work and returns STAY when the task is not finished by it (more signees to sign, a
  payment to make), or MOVE to let the move go on;
- `issues(ctx)`: what keeps the task from ending, added to the caller's validation;
- `end(ctx)` when the task ends, `abandon(ctx)` when it is rejected (a payment is cancelled).

A type registers its hooks with `task_type("signing")(TaskHooks(...))`."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from forms.bpmn import FlowNode
from forms.definitions import AppDefinition
from forms.validation import Issue
from storage.models import Instance, InstanceEvent, OutboxJob

STAY, MOVE = "stay", "move"


@dataclass
class Actor:
    """Who performs the action, as far as the caller knows it: the user's id, the person's
    fødselsnummer, the organisation party they act for (signing on behalf of it), and where a
    browser should come back to (a payment's return address). Filled in by web/ and the API."""
    user_id: str
    person_number: str | None = None
    on_behalf_of: int | None = None
    name: str | None = None
    return_url: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class TaskContext:
    session: Session
    app: AppDefinition
    instance: Instance
    task: FlowNode
    actor: Actor
    language: str
    record: Callable[[str, dict[str, Any] | None], InstanceEvent]  # (event type, info)
    add_job: Callable[..., OutboxJob]  # (kind, payload, after_receipts=False)
    # What the move answers besides the process state (a payment's redirect address).
    answer: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class TaskHooks:
    start: Callable[[TaskContext], None] | None = None
    act: Callable[[TaskContext, str], str] | None = None
    actions: frozenset[str] = frozenset()  # the actions `act` performs
    issues: Callable[[TaskContext], Sequence[Issue]] | None = None
    end: Callable[[TaskContext], None] | None = None
    abandon: Callable[[TaskContext], None] | None = None


TASK_TYPES: dict[str, TaskHooks] = {}


def task_type(name: str) -> Callable[[TaskHooks], TaskHooks]:
    def register(hooks: TaskHooks) -> TaskHooks:
        TASK_TYPES[name] = hooks
        return hooks
    return register


def hooks_for(task: FlowNode) -> TaskHooks:
    return TASK_TYPES.get(task.task_type or "", TaskHooks())
