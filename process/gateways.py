"""Following sequence flows from an element to the next task or end event, choosing at each
exclusive gateway as Altinn does (app-lib's ProcessNavigator and ExpressionsExclusiveGateway):

- a flow's condition is an expression (JSON) evaluated with `["gatewayAction"]` (the action
  that led here) and `["dataModel", ...]` reading the form data of the gateway's
  `altinn:connectedDataTypeId`, else of the layout set of the task being left, else of that
  task's data type; no layout is loaded;
- a flow without a condition is always open; only a boolean `true` opens a conditional one;
- if the gateway's `default` flow is open it is taken; otherwise exactly one flow must be
  open, and none or several is a ProcessError that names the gateway."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from forms.bpmn import FlowNode, ProcessDefinition, SequenceFlow
from forms.expressions import ExprError, compile_expression
from forms.expressions.context import ExpressionContext


class ProcessError(Exception):
    """The move cannot be made; the message says why."""


@dataclass(frozen=True)
class Target:
    """Where the flows lead: a task (user or service task) or an end event."""
    node: FlowNode

    @property
    def ended(self) -> bool:
        return self.node.kind == "endEvent"


# data type id (or None for the default one) → the form data the condition reads
DataReader = Callable[[str | None], dict[str, Any] | None]


@dataclass
class GatewayContext:
    action: str | None
    read_data: DataReader  # the form data of a data type id, None if the instance has none
    default_data_type: str | None  # the task being left's data type


def condition_holds(condition: str, gateway: FlowNode, context: GatewayContext) -> bool:
    try:
        raw = json.loads(condition)
    except ValueError as exc:
        raise ProcessError(f"gateway '{gateway.id}': the condition {condition!r} is not "
                           f"JSON: {exc}") from None
    data_type = gateway.connected_data_type or context.default_data_type
    data = context.read_data(data_type) or {}
    ctx = ExpressionContext(data=data, default_data_type=data_type or "default",
                            gateway=context.action)
    try:
        return compile_expression(raw).evaluate(ctx) is True
    except ExprError as exc:
        raise ProcessError(f"gateway '{gateway.id}': the condition {condition!r} "
                           f"failed: {exc}") from None


def choose_flow(process: ProcessDefinition, gateway: FlowNode,
                context: GatewayContext) -> SequenceFlow:
    flows = process.outgoing(gateway.id)
    open_flows = [f for f in flows
                  if not f.condition or condition_holds(f.condition, gateway, context)]
    default = next((f for f in open_flows if f.id == gateway.default_flow), None)
    if default is not None:
        return default
    if len(open_flows) == 1:
        return open_flows[0]
    action = f" with action '{context.action}'" if context.action else ""
    if not open_flows:
        raise ProcessError(f"gateway '{gateway.id}': no outgoing flow's condition holds"
                           f"{action}, and it has no default flow")
    names = ", ".join(f"'{f.id}'" for f in open_flows)
    raise ProcessError(f"gateway '{gateway.id}': several outgoing flows hold{action} "
                       f"({names}); a gateway needs exactly one, or a default flow")


def next_target(process: ProcessDefinition, from_id: str,
                context: GatewayContext) -> Target:
    """The task or end event reached from `from_id` along its flow and through gateways."""
    node_id = from_id
    for _ in range(200):
        node = process.nodes.get(node_id)
        flows = process.outgoing(node_id)
        if node is not None and node.kind == "exclusiveGateway":
            flow = choose_flow(process, node, context)
        elif len(flows) == 1:
            flow = flows[0]
        elif not flows:
            raise ProcessError(f"'{node_id}' has no outgoing flow")
        else:
            raise ProcessError(f"'{node_id}' has several outgoing flows; only an exclusive "
                               "gateway may choose between flows")
        target = process.nodes.get(flow.target)
        if target is None:
            raise ProcessError(f"flow '{flow.id}' leads to unknown element '{flow.target}'")
        if target.kind == "endEvent" or target.task_type is not None:
            return Target(target)
        if target.kind not in ("exclusiveGateway", "intermediateThrowEvent"):
            raise ProcessError(f"'{target.id}' is a {target.kind}, which Blankett does not "
                               "support")
        node_id = target.id
    raise ProcessError(f"the process loops from '{from_id}' without reaching a task or an end")


def reachable_targets(process: ProcessDefinition, from_id: str) -> list[str]:
    """Every task or end event the flows from `from_id` may reach, through any gateway branch
    (what Altinn's `GET process/next` lists); in the process file's order."""
    found: list[str] = []
    seen: set[str] = set()
    waiting = [from_id]
    while waiting:
        node_id = waiting.pop(0)
        for flow in process.outgoing(node_id):
            target = process.nodes.get(flow.target)
            if target is None or target.id in seen:
                continue
            seen.add(target.id)
            if target.kind == "endEvent" or target.task_type is not None:
                found.append(target.id)
            else:
                waiting.append(target.id)
    return found
