"""The structure of an app's `process.bpmn`: tasks with their Altinn task type and `altinn:`
extensions (actions; signature, payment, PDF and eFormidling settings kept raw for the features
that read them), exclusive gateways with their default flow and connected data type, events
and sequence flows with their conditions. Only the shape is read here; moving instances along
it is the process engine's job (process/)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from forms.problems import ProblemList

BPMN = "{http://www.omg.org/spec/BPMN/20100524/MODEL}"
ALTINN = "{http://altinn.no/process}"


@dataclass(frozen=True)
class TaskAction:
    """An `altinn:action` of a task: a process action (moves the process, `next`) or a server
    action (`type="serverAction"`, app code run in the task)."""
    id: str
    server: bool = False


@dataclass
class FlowNode:
    id: str
    kind: str  # startEvent, task, exclusiveGateway, endEvent, serviceTask, ...
    name: str = ""
    task_type: str | None = None
    incoming: list[str] = field(default_factory=list)
    outgoing: list[str] = field(default_factory=list)
    extension: ET.Element | None = None  # altinn:taskExtension
    actions: list[TaskAction] = field(default_factory=list)
    # The task type's own settings (altinn:signatureConfig, paymentConfig, pdfConfig,
    # eFormidlingConfig, ...) by element name, as XML for the features that read them.
    config: dict[str, ET.Element] = field(default_factory=dict)
    default_flow: str | None = None  # a gateway's `default` attribute
    connected_data_type: str | None = None  # a gateway's altinn:connectedDataTypeId

    @property
    def is_service_task(self) -> bool:
        return self.kind == "serviceTask"

    @property
    def is_gateway(self) -> bool:
        return self.kind.endswith("Gateway")


@dataclass
class SequenceFlow:
    id: str
    source: str
    target: str
    condition: str | None = None


@dataclass
class ProcessDefinition:
    nodes: dict[str, FlowNode] = field(default_factory=dict)
    flows: dict[str, SequenceFlow] = field(default_factory=dict)

    @property
    def start_event(self) -> FlowNode | None:
        return next((n for n in self.nodes.values() if n.kind == "startEvent"), None)

    @property
    def tasks(self) -> list[FlowNode]:
        return [n for n in self.nodes.values() if n.task_type is not None]

    def outgoing(self, node_id: str) -> list[SequenceFlow]:
        node = self.nodes.get(node_id)
        named = [self.flows[f] for f in (node.outgoing if node else []) if f in self.flows]
        return named or [f for f in self.flows.values() if f.source == node_id]

    def first_task(self) -> FlowNode | None:
        start = self.start_event
        if start is None:
            return None
        for flow in self.outgoing(start.id):
            target = self.nodes.get(flow.target)
            if target is not None and target.task_type is not None:
                return target
        return None


_NODE_KINDS = (
    "startEvent", "endEvent", "task", "userTask", "serviceTask", "exclusiveGateway",
    "parallelGateway", "intermediateThrowEvent",
)


def load_process(file: Path, problems: ProblemList) -> ProcessDefinition:
    process = ProcessDefinition()
    if not file.is_file():
        problems.warning(file, "", "no process.bpmn; the app cannot be instantiated")
        return process
    try:
        root = SafeET.parse(file).getroot()  # no entity expansion: imports come from admins
    except ET.ParseError as exc:
        line, column = exc.position
        problems.error(file, f"line {line}, column {column}", f"not valid XML: {exc}")
        return process
    except DefusedXmlException as exc:
        problems.error(file, "$", f"not accepted: {exc} (DTDs and entities are not allowed)")
        return process
    proc = root.find(f"{BPMN}process")
    if proc is None:
        problems.error(file, "/definitions", "no <bpmn:process> element")
        return process
    for element in proc:
        kind = element.tag.removeprefix(BPMN)
        node_id = element.get("id", "")
        if kind == "sequenceFlow":
            condition = element.find(f"{BPMN}conditionExpression")
            process.flows[node_id] = SequenceFlow(
                node_id,
                element.get("sourceRef", ""),
                element.get("targetRef", ""),
                condition.text.strip() if condition is not None and condition.text else None,
            )
            continue
        if kind not in _NODE_KINDS:
            continue
        if not node_id:
            problems.error(file, f"/definitions/process/{kind}", "an element without an id")
            continue
        extension = element.find(f"{BPMN}extensionElements/{ALTINN}taskExtension")
        task_type = None
        actions: list[TaskAction] = []
        config: dict[str, ET.Element] = {}
        if extension is not None:
            type_el = extension.find(f"{ALTINN}taskType")
            task_type = (type_el.text or "").strip() if type_el is not None else None
            for action in extension.findall(f"{ALTINN}actions/{ALTINN}action"):
                if (action.text or "").strip():
                    actions.append(TaskAction((action.text or "").strip(),
                                              action.get("type") == "serverAction"))
            for child in extension:
                name = child.tag.removeprefix(ALTINN)
                if name.endswith("Config"):
                    config[name] = child
        connected = element.find(
            f"{BPMN}extensionElements/{ALTINN}gatewayExtension/{ALTINN}connectedDataTypeId")
        if kind in ("task", "userTask", "serviceTask") and not task_type:
            problems.warning(
                file, f"/definitions/process/{kind}[@id='{node_id}']", "no altinn:taskType"
            )
            task_type = "data"
        process.nodes[node_id] = FlowNode(
            node_id,
            kind,
            element.get("name", ""),
            task_type,
            [(i.text or "").strip() for i in element.findall(f"{BPMN}incoming")],
            [(o.text or "").strip() for o in element.findall(f"{BPMN}outgoing")],
            extension,
            actions,
            config,
            element.get("default") or None,
            (connected.text or "").strip() or None
            if connected is not None and kind == "exclusiveGateway" else None,
        )
    if process.start_event is None:
        problems.error(file, "/definitions/process", "no start event")
    return process
