"""The process engine (process/): gateways, actions per task type, whole runs of the four shared
Altinn apps' processes, history and events, refusals that leave the instance as it was, a
service task Blankett does not know; and the web pages that use it (submit, confirm, receipt,
select-instance)."""

from __future__ import annotations

import json
import textwrap
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from forms.bpmn import load_process
from forms.definitions import AppDefinition
from forms.loader import load_app
from forms.problems import ProblemList
from forms.validation import Issue, Severity
from process.actions import allows, default_action, process_actions
from process.engine import (
    ActionNotAllowed,
    ProcessError,
    ValidationFailed,
    process_next,
    start_instance,
)
from process.gateways import GatewayContext, next_target, reachable_targets
from process.state import process_history
from process.task_types import Actor
from storage import repository
from storage.models import Instance
from tests.components.conftest import build_app
from tests.conftest import SHARED_APPS, login, make_app

NO_ISSUES: Any = list


@cache
def shared_app(name: str) -> AppDefinition:
    app, problems = load_app(SHARED_APPS / name)
    assert app is not None, [str(p) for p in problems]
    return app


def _bpmn(body: str, tmp_path: Path) -> Any:
    file = tmp_path / "process.bpmn"
    file.write_text(PROCESS_HEAD + textwrap.dedent(body) + PROCESS_TAIL, encoding="utf-8")
    problems = ProblemList(tmp_path)
    process = load_process(file, problems)
    assert not problems.errors, [str(p) for p in problems]
    return process


PROCESS_HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
    xmlns:altinn="http://altinn.no/process" id="d">
<bpmn:process id="p" isExecutable="false">
"""
PROCESS_TAIL = "</bpmn:process></bpmn:definitions>\n"


def _task(task_id: str, task_type: str, actions: str = "") -> str:
    return (f'<bpmn:task id="{task_id}"><bpmn:extensionElements><altinn:taskExtension>'
            f"<altinn:taskType>{task_type}</altinn:taskType>{actions}"
            "</altinn:taskExtension></bpmn:extensionElements></bpmn:task>\n")


def _flow(flow_id: str, source: str, target: str, condition: str | None = None) -> str:
    if condition is None:
        return f'<bpmn:sequenceFlow id="{flow_id}" sourceRef="{source}" targetRef="{target}"/>\n'
    return (f'<bpmn:sequenceFlow id="{flow_id}" sourceRef="{source}" targetRef="{target}">'
            f"<bpmn:conditionExpression>{condition}</bpmn:conditionExpression>"
            "</bpmn:sequenceFlow>\n")


GATEWAY = (
    '<bpmn:startEvent id="Start"/>' + _flow("s", "Start", "Task_1") + _task("Task_1", "data")
    + _flow("t1g", "Task_1", "GW") + '<bpmn:exclusiveGateway id="GW" {default}/>'
    + _flow("to_a", "GW", "Task_A", '["equals", ["dataModel", "choice"], "a"]')
    + _flow("to_b", "GW", "Task_B", '["equals", ["gatewayAction"], "reject"]')
    + _flow("to_end", "GW", "End") + _task("Task_A", "data") + _task("Task_B", "data")
    + '<bpmn:endEvent id="End"/>'
)


def _route(process: Any, data: dict[str, Any], action: str | None) -> str:
    target = next_target(process, "Task_1", GatewayContext(action, lambda _: data, "model"))
    return target.node.id


def test_gateway_conditions_default_flow_and_gateway_action(tmp_path: Path) -> None:
    process = _bpmn(GATEWAY.replace("{default}", 'default="to_end"'), tmp_path)
    # The default flow (no condition, always open) wins when it is open, as in Altinn.
    assert _route(process, {"choice": "a"}, "write") == "End"
    strict = _bpmn(GATEWAY.replace("{default}", "").replace(_flow("to_end", "GW", "End"), ""),
                   tmp_path)
    assert _route(strict, {"choice": "a"}, "write") == "Task_A"
    assert _route(strict, {"choice": "b"}, "reject") == "Task_B"
    with pytest.raises(ProcessError, match="GW.*no outgoing flow's condition holds"):
        _route(strict, {"choice": "b"}, "write")
    with pytest.raises(ProcessError, match="GW.*several outgoing flows hold.*'to_a', 'to_b'"):
        _route(strict, {"choice": "a"}, "reject")
    # A gateway without a default flow and an unconditional flow: several hold.
    loose = _bpmn(GATEWAY.replace("{default}", ""), tmp_path)
    with pytest.raises(ProcessError, match="several"):
        _route(loose, {"choice": "a"}, "write")
    assert _route(loose, {}, "write") == "End"  # only the unconditional flow


def test_reachable_targets_follow_every_gateway_branch(tmp_path: Path) -> None:
    process = _bpmn(GATEWAY.replace("{default}", ""), tmp_path)
    assert reachable_targets(process, "Task_1") == ["Task_A", "Task_B", "End"]
    assert reachable_targets(process, "Start") == ["Task_1"]
    assert reachable_targets(process, "End") == []


def test_gateway_reads_its_connected_data_type_and_refuses_bad_conditions(
        tmp_path: Path) -> None:
    body = GATEWAY.replace('<bpmn:exclusiveGateway id="GW" {default}/>', (
        '<bpmn:exclusiveGateway id="GW"><bpmn:extensionElements><altinn:gatewayExtension>'
        "<altinn:connectedDataTypeId>other</altinn:connectedDataTypeId>"
        "</altinn:gatewayExtension></bpmn:extensionElements></bpmn:exclusiveGateway>"))
    body = body.replace(_flow("to_end", "GW", "End"), "")
    process = _bpmn(body, tmp_path)
    read = {"model": {"choice": "b"}, "other": {"choice": "a"}}
    target = next_target(process, "Task_1", GatewayContext("write", read.get, "model"))
    assert target.node.id == "Task_A"
    broken = _bpmn(body.replace('["equals", ["dataModel", "choice"], "a"]', '["equals", '),
                   tmp_path)
    with pytest.raises(ProcessError, match="GW.*not JSON"):
        next_target(broken, "Task_1", GatewayContext("write", read.get, "model"))


def test_bpmn_reads_altinn_extensions() -> None:
    payment = shared_app("payment-test").process.nodes["Task_2"]
    assert payment.task_type == "payment"
    assert [a.id for a in payment.actions] == ["confirm", "pay", "reject"]
    assert payment.config["paymentConfig"].findtext(
        "{http://altinn.no/process}paymentDataType") == "paymentInformation"
    signing = shared_app("signing-test").process.nodes["Task_2"]
    assert "signatureConfig" in signing.config
    assert shared_app("frontend-test").process.nodes["Task_2"].actions[0].server
    assert shared_app("service-task").process.nodes["Task_PDF_Auto"].is_service_task


def test_each_task_type_accepts_its_actions(tmp_path: Path) -> None:
    table = {
        "data": ({"write", "submit"}, "write"),
        "confirmation": ({"confirm"}, "confirm"),
        "feedback": ({"write"}, "write"),
        "signing": ({"sign", "reject"}, "sign"),
        "payment": ({"pay", "confirm", "reject"}, "confirm"),
    }
    body = "".join(_task(f"T_{t}", t) for t in table)
    body += _task("T_declared", "data",
                  "<altinn:actions><altinn:action>reject</altinn:action>"
                  '<altinn:action type="serverAction">fill</altinn:action></altinn:actions>')
    process = _bpmn('<bpmn:startEvent id="Start"/>' + body, tmp_path)
    for task_type, (actions, default) in table.items():
        task = process.nodes[f"T_{task_type}"]
        assert set(process_actions(task)) == actions, task_type
        assert default_action(task) == default
        assert not allows(task, "fly")
    declared = process.nodes["T_declared"]
    assert allows(declared, "reject") and not allows(declared, "fill")  # a server action


# ---- whole runs of the shared apps ---------------------------------------------------------

def _start(session: Session, app: AppDefinition) -> Instance:
    instance = start_instance(session, app, party_id=512345, user_id="12345")
    session.commit()
    return instance


def _set(instance: Instance, data_type: str, data: dict[str, Any]) -> None:
    element = repository.form_data_element(instance, data_type)
    assert element is not None, data_type
    repository.save_form_data(element, data, "12345")


def _next(session: Session, app: AppDefinition, instance: Instance,
          action: str | None = None) -> str | None:
    process_next(session, app, instance, "12345", action, validate=NO_ISSUES)
    session.commit()
    return instance.current_task


def _history(instance: Instance) -> list[tuple[str, str]]:
    return [(h["eventType"].removeprefix("process_"), h["elementId"])
            for h in process_history(instance)["processHistory"]]


def test_frontend_test_moves_through_its_gateways(session: Session) -> None:
    app = shared_app("frontend-test")
    instance = _start(session, app)
    assert instance.current_task == "Task_1"
    assert [d.data_type for d in instance.data_elements] == ["message"]
    _set(instance, "message", {"GwTargetTask": "Task_3"})  # the gateway skips Task_2
    assert _next(session, app, instance) == "Task_3"
    assert repository.form_data_element(instance, "message").locked  # type: ignore[union-attr]
    group = repository.form_data_element(instance, "nested-group")
    assert group is not None and not group.locked
    assert _next(session, app, instance) == "Task_4"
    assert _next(session, app, instance) == "Task_5"
    _set(instance, "datalist", {"UseCustomConfirm": True})
    assert _next(session, app, instance) == "Task_Custom_Confirm"
    assert instance.process["currentTask"]["altinnTaskType"] == "confirmation"
    assert instance.process["currentTask"]["actions"] == {"confirm": True, "reject": True}
    with pytest.raises(ActionNotAllowed):
        _next(session, app, instance, "sign")
    session.rollback()
    # reject goes back to Task_5, whose data opens again; confirm then ends the process.
    assert _next(session, app, instance, "reject") == "Task_5"
    assert instance.process["currentTask"]["flowType"] == "AbandonCurrentMoveToNext"
    assert not repository.form_data_element(instance, "datalist").locked  # type: ignore
    _set(instance, "datalist", {"UseCustomConfirm": False})
    assert _next(session, app, instance) == "Task_Default_Confirm"
    assert _next(session, app, instance) is None
    assert instance.is_archived and instance.process["endEvent"] == "EndEvent_1"
    assert instance.process["currentTask"] is None and instance.process["ended"]
    assert _history(instance) == [
        ("StartEvent", "StartEvent_1"), ("StartTask", "Task_1"), ("EndTask", "Task_1"),
        ("StartTask", "Task_3"), ("EndTask", "Task_3"), ("StartTask", "Task_4"),
        ("EndTask", "Task_4"), ("StartTask", "Task_5"), ("EndTask", "Task_5"),
        ("StartTask", "Task_Custom_Confirm"), ("AbandonTask", "Task_Custom_Confirm"),
        ("StartTask", "Task_5"), ("EndTask", "Task_5"), ("StartTask", "Task_Default_Confirm"),
        ("EndTask", "Task_Default_Confirm"), ("EndEvent", "EndEvent_1")]
    events = [e.event_type for e in instance.events]
    assert events[0] == "Created" and events[-1] == "Submited"
    history = process_history(instance)["processHistory"]
    assert history[1]["started"] and history[1]["ended"] is None
    assert history[2]["ended"] and history[2]["performedBy"] == "12345"
    with pytest.raises(ProcessError, match="ended"):
        _next(session, app, instance)


def test_a_gateway_without_a_matching_flow_leaves_the_instance(session: Session) -> None:
    app = shared_app("frontend-test")
    instance = _start(session, app)
    with pytest.raises(ProcessError, match="Gateway_0.*no outgoing flow"):
        _next(session, app, instance)  # GwTargetTask not answered
    session.rollback()
    assert instance.current_task == "Task_1"
    assert not repository.form_data_element(instance, "message").locked  # type: ignore


def test_signing_test_runs_with_sign_and_reject(session: Session) -> None:
    app = shared_app("signing-test")
    instance = _start(session, app)
    assert _next(session, app, instance) == "Task_2"
    assert instance.process["currentTask"]["altinnTaskType"] == "signing"
    assert _next(session, app, instance, "reject") == "Task_1"
    assert _next(session, app, instance) == "Task_2"
    with pytest.raises(ValidationFailed):  # no person signs without one: MissingSignatures
        _next(session, app, instance, "sign")
    session.rollback()
    ola = Actor("12345", "01017512345")
    process_next(session, app, instance, "12345", "sign", validate=NO_ISSUES, actor=ola)
    session.commit()
    assert instance.current_task == "Task_3"
    with pytest.raises(ActionNotAllowed):
        _next(session, app, instance, "confirm")
    session.rollback()
    process_next(session, app, instance, "12345", "sign", validate=NO_ISSUES, actor=ola)
    assert instance.current_task is None and instance.is_archived
    assert [d.data_type for d in instance.data_elements].count("signature2") == 1


def test_payment_test_runs_with_confirm_and_reject(session: Session) -> None:
    app = shared_app("payment-test")
    instance = _start(session, app)
    assert _next(session, app, instance) == "Task_2"
    assert instance.process["currentTask"]["actions"] == {
        "confirm": True, "pay": True, "reject": True}
    assert _next(session, app, instance, "reject") == "Task_1"
    assert _next(session, app, instance) == "Task_2"
    # Paying needs an order and a provider (tests/test_payment_task.py); unpaid, confirm
    # does not end the task.
    with pytest.raises(ProcessError):
        _next(session, app, instance, "pay")
    session.rollback()
    with pytest.raises(ValidationFailed):
        _next(session, app, instance, "confirm")


def test_service_tasks_run_and_an_unknown_one_stops_the_instance(session: Session) -> None:
    app = shared_app("service-task")
    instance = _start(session, app)
    assert _next(session, app, instance) == "Task_Utfylling2"
    # Both PDF service tasks run by themselves; the unknown type "fail" stops the instance.
    assert _next(session, app, instance) == "Task_Fail"
    error = instance.process["error"]
    assert error["code"] == "UnknownServiceTask" and error["elementId"] == "Task_Fail"
    assert "fail" in error["message"]
    queued = [e.process_info for e in instance.events if e.event_type == "process_ServiceTask"]
    assert [p["elementId"] for p in queued] == ["Task_PDF_Layout", "Task_PDF_Auto"]
    assert all(p["status"] == "queued" for p in queued)
    # Each PDF is a background job, committed with the move (jobs/).
    from jobs.outbox import jobs_for

    session.flush()
    receipts = [(j.kind, j.payload["task_id"]) for j in jobs_for(session, instance.id)]
    assert receipts == [("receipt_pdf", "Task_PDF_Layout"), ("receipt_pdf", "Task_PDF_Auto")]
    assert [e.event_type for e in instance.events][-1] == "process_ServiceTaskFailed"
    assert ("EndTask", "Task_PDF_Auto") in _history(instance)
    with pytest.raises(ActionNotAllowed):
        _next(session, app, instance)  # nothing to retry with: only reject is declared
    session.rollback()
    assert _next(session, app, instance, "reject") == "Task_Utfylling2"
    assert instance.process["error"] is None


def test_validation_errors_leave_the_instance_untouched(session: Session) -> None:
    app = shared_app("signing-test")
    instance = _start(session, app)
    before = (dict(instance.process), len(instance.events),
              [d.locked for d in instance.data_elements])
    error = Issue(Severity.ERROR, "Custom", "x", "Nei")
    warning = Issue(Severity.WARNING, "Custom", "y", "Kanskje")
    with pytest.raises(ValidationFailed) as failed:
        process_next(session, app, instance, "12345", validate=lambda: [warning, error])
    assert failed.value.issues == [warning, error]
    assert (instance.process, len(instance.events),
            [d.locked for d in instance.data_elements]) == before
    assert instance.current_task == "Task_1"
    process_next(session, app, instance, "12345", validate=lambda: [warning])
    assert instance.current_task == "Task_2"
    # reject skips validation, as in Altinn
    process_next(session, app, instance, "12345", "reject", validate=lambda: [error])
    assert instance.current_task == "Task_1"


def test_process_state_has_altinns_shape(session: Session) -> None:
    app = shared_app("frontend-test")
    instance = _start(session, app)
    state = instance.process
    assert state["startEvent"] == "StartEvent_1" and state["started"]
    assert state["ended"] is None and state["endEvent"] is None
    task = state["currentTask"]
    assert {k: task[k] for k in ("flow", "elementId", "name", "altinnTaskType", "flowType",
                                 "read", "write")} == {
        "flow": 2, "elementId": "Task_1", "name": "Utfylling (message)",
        "altinnTaskType": "data", "flowType": "CompleteCurrentMoveToNext", "read": True,
        "write": True}
    assert task["actions"] == {"submit": True, "write": True}
    two = shared_app("frontend-test").process.nodes["Task_2"]
    assert {a.id for a in two.actions if a.server} == {
        "fill", "conflictingOptionsReset", "shiftingOptionsAdd", "shiftingOptionsRemoveAll"}
    json.dumps(state)  # plain JSON


# ---- the web pages -------------------------------------------------------------------------

WEB_PROCESS = (
    '<bpmn:startEvent id="Start"/>' + _flow("s", "Start", "Task_1")
    + _task("Task_1", "data") + _flow("t1g", "Task_1", "GW")
    + '<bpmn:exclusiveGateway id="GW" default="to_confirm"/>'
    + _flow("to_confirm", "GW", "Task_2")
    + _flow("to_feedback", "GW", "Task_3", '["equals", ["dataModel", "soker.navn"], "Vent"]')
    + _flow("to_service", "GW", "Task_4", '["equals", ["dataModel", "soker.navn"], "Stopp"]')
    + _task("Task_2", "confirmation") + _flow("t2e", "Task_2", "End")
    + _task("Task_3", "feedback") + _flow("t3e", "Task_3", "End")
    + '<bpmn:serviceTask id="Task_4"><bpmn:extensionElements><altinn:taskExtension>'
    "<altinn:taskType>archiveToMars</altinn:taskType></altinn:taskExtension>"
    "</bpmn:extensionElements></bpmn:serviceTask>" + _flow("t4e", "Task_4", "End")
    + '<bpmn:endEvent id="End"/>'
)


def _web_client(tmp_path: Path, on_entry: dict[str, Any] | None = None) -> FlaskClient:
    target = build_app(tmp_path, [{"id": "intro", "type": "Paragraph",
                                   "textResourceBindings": {"title": "Hei"}}])
    # A default flow that is open wins (Altinn): the conditions go before it
    body = WEB_PROCESS.replace('default="to_confirm"', "")
    body = body.replace(_flow("to_confirm", "GW", "Task_2"), _flow(
        "to_confirm", "GW", "Task_2",
        '["and", ["notEquals", ["dataModel", "soker.navn"], "Vent"], '
        '["notEquals", ["dataModel", "soker.navn"], "Stopp"]]'))
    (target / "App/config/process/process.bpmn").write_text(
        PROCESS_HEAD + body + PROCESS_TAIL, encoding="utf-8")
    if on_entry is not None:
        file = target / "App/config/applicationmetadata.json"
        metadata = json.loads(file.read_text(encoding="utf-8-sig"))
        metadata["onEntry"] = on_entry
        file.write_text(json.dumps(metadata), encoding="utf-8")
    client = make_app(tmp_path, BLANKETT_APPS_DIR=str(target.parent)).test_client()
    login(client)
    return client


def _fill_and_submit(client: FlaskClient, name: str = "Kari") -> tuple[str, Any]:
    from tests.conftest import SAMPLE_ANSWERS, start_instance

    first = start_instance(client)
    base = first.rsplit("/", 1)[0]
    for page, data in SAMPLE_ANSWERS.items():
        data = {**data, "soker.navn": name} if page == "soker" else data
        assert client.post(f"{base}/{page}", data={"action": "save", **data}).status_code == 303
    response = client.post(f"{base}/oppsummering", data={"action": "submit"})
    return first, response


def test_submit_leads_to_the_confirm_page_then_the_receipt(tmp_path: Path) -> None:
    client = _web_client(tmp_path)
    first, response = _fill_and_submit(client)
    assert response.status_code == 303
    step = client.get(response.headers["Location"])
    assert step.status_code == 302 and step.headers["Location"].endswith("/step")
    html = client.get(step.headers["Location"]).get_data(as_text=True)
    assert "Se over og bekreft" in html and "Skjemadata (model)" in html
    assert 'value="confirm">Bekreft</button>' in html
    # The data task has ended: its pages no longer change anything.
    after = client.post(first, data={"action": "save", "soker.navn": "X"})
    assert after.status_code in (302, 303)
    confirmed = client.post(step.headers["Location"], data={"action": "confirm"})
    assert confirmed.status_code == 303
    receipt = client.get(confirmed.headers["Location"])
    assert receipt.headers["Location"].endswith("/receipt")
    html = client.get(receipt.headers["Location"]).get_data(as_text=True)
    assert "Skjemaet er sendt inn" in html and "Skjemadata (model)" in html
    instance_id = first.split("/")[3]
    with client.application.app_context():
        from web.db import db_session

        instance = repository.get_instance(db_session(), instance_id)
        assert instance is not None and instance.is_archived
        assert _history(instance) == [
            ("StartEvent", "Start"), ("StartTask", "Task_1"), ("EndTask", "Task_1"),
            ("StartTask", "Task_2"), ("EndTask", "Task_2"), ("EndEvent", "End")]
        assert repository.form_data_element(instance, "model").locked  # type: ignore


def test_submit_with_errors_shows_them_and_stays(tmp_path: Path) -> None:
    from tests.conftest import start_instance

    client = _web_client(tmp_path)
    first = start_instance(client)
    response = client.post(first.rsplit("/", 1)[0] + "/oppsummering",
                           data={"action": "submit"})
    assert response.status_code == 422 and "Du må fylle ut" in response.get_data(as_text=True)
    assert client.get(first.rsplit("/page/", 1)[0]).status_code == 302  # still the pages


def test_feedback_waits_and_an_unknown_service_task_stops_clearly(tmp_path: Path) -> None:
    client = _web_client(tmp_path)
    _, response = _fill_and_submit(client, "Vent")
    step = client.get(client.get(response.headers["Location"]).headers["Location"])
    assert "Venter på tilbakemelding" in step.get_data(as_text=True)
    _, response = _fill_and_submit(client, "Stopp")
    assert response.status_code == 303
    step = client.get(client.get(response.headers["Location"]).headers["Location"])
    html = step.get_data(as_text=True)
    assert step.status_code == 503
    assert "Innsendingen har stoppet" in html and "UnknownServiceTask" in html
    assert "archiveToMars" in html


def test_select_instance_on_entry_lists_the_active_instances(tmp_path: Path) -> None:
    from tests.conftest import start_instance

    client = _web_client(tmp_path, on_entry={"show": "select-instance"})
    first = start_instance(client)  # none active yet: a new one at once
    response = client.post("/instances", data={"app_id": "ekom/serveringsbevilling"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "Start nytt skjema" in html
    assert first.rsplit("/page/", 1)[0] in html
    started = client.post("/instances", data={"app_id": "ekom/serveringsbevilling",
                                              "new": "1"})
    assert started.status_code == 303 and first.split("/")[3] not in started.headers[
        "Location"]


def test_frontend_tests_custom_confirm_page_offers_its_action_buttons(tmp_path: Path) -> None:
    from web.db import db_session

    client = make_app(tmp_path, BLANKETT_APPS_DIR=str(SHARED_APPS)).test_client()
    login(client)
    with client.application.app_context():
        app = client.application.extensions["blankett.apps"].get("ttd/frontend-test")
        session = db_session()
        instance = start_instance(session, app, party_id=512345, user_id="12345")
        _set(instance, "message", {"GwTargetTask": "Task_5"})
        process_next(session, app, instance, "12345", validate=NO_ISSUES)
        _set(instance, "datalist", {"UseCustomConfirm": True})
        process_next(session, app, instance, "12345", validate=NO_ISSUES)
        session.commit()
        assert instance.current_task == "Task_Custom_Confirm"
        instance_id = instance.id
    page = f"/instance/512345/{instance_id}/page/confirm"
    html = client.get(page).get_data(as_text=True)
    assert 'value="process:confirm"' in html and 'value="process:reject"' in html
    back = client.post(page, data={"action": "process:reject"})
    assert back.status_code == 303
    with client.application.app_context():
        instance = repository.get_instance(db_session(), instance_id)
        assert instance is not None and instance.current_task == "Task_5"
