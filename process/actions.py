"""Which actions move a task on: Altinn's process actions per task type, plus the ones a task
declares in `altinn:actions`. Who may perform them (XACML policy, roles) is decided by the
caller; this table says what the task itself accepts."""

from __future__ import annotations

from forms.bpmn import FlowNode

# Task type → (the action used when none is given, every action the type accepts).
# - data:         the form is sent in (Altinn's frontend sends no action: write).
# - confirmation: the person confirms what was sent in.
# - feedback:     the app owner (or eFormidling's receipt) moves it on.
# - signing:      sign, or reject (back, when the process has a gateway for it).
# - payment:      pay starts the payment; confirm moves on once paid; reject goes back.
# - pdf, eFormidling (service tasks): run automatically; write retries a stopped one.
TASK_ACTIONS: dict[str, tuple[str, frozenset[str]]] = {
    "data": ("write", frozenset({"write", "submit"})),
    "confirmation": ("confirm", frozenset({"confirm"})),
    "feedback": ("write", frozenset({"write"})),
    "signing": ("sign", frozenset({"sign", "reject"})),
    "payment": ("confirm", frozenset({"pay", "confirm", "reject"})),
    "pdf": ("write", frozenset({"write"})),
    "eFormidling": ("write", frozenset({"write"})),
}

REJECT = "reject"


def default_action(task: FlowNode) -> str:
    return TASK_ACTIONS.get(task.task_type or "", ("write", frozenset()))[0]


def process_actions(task: FlowNode) -> list[str]:
    """The actions that move `task` on: its type's and its declared process actions."""
    own = sorted(TASK_ACTIONS.get(task.task_type or "", ("", frozenset()))[1])
    declared = [a.id for a in task.actions if not a.server and a.id not in own]
    return own + declared


def server_actions(task: FlowNode) -> list[str]:
    return [a.id for a in task.actions if a.server]


def allows(task: FlowNode, action: str) -> bool:
    return action in process_actions(task)
