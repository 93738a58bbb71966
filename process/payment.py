"""The payment task (Altinn's `payment` task type): the app-owned PaymentInformation data element,
paying through a provider's hosted page, and the rule that the task ends only when paid.

    start    PaymentInformation {taskId, status Uninitialized, orderDetails} is written (a payment
             already made for the task is kept, so a reject and a return do not charge twice);
    pay      the order is priced (process/order.py); a total of 0 marks it Skipped (as Altinn
             does: nothing is charged, and the task ends on confirm); otherwise an earlier open
             payment is terminated, a new one created with the provider (Created, with
             paymentDetails {paymentId, redirectUrl}) and `redirectUrl` answered: STAY;
    issues   the task ends only when Paid or Skipped; before deciding, the payment is read back
             from the provider. Paid only when the provider says something is charged;
    reject   an open payment is terminated (or its reservation cancelled): Cancelled.

The status is decided only by reading the payment from the provider, never by what a browser
or a webhook says, and a change is written once: `refresh` is called with the instance row
locked, and a Paid, Skipped or Cancelled status is final, so any number of returns and webhooks
write it once. Nets has no "failed" state (a declined card leaves the payment open to try
again), so Failed is never set from Nets; it is in STATUSES for Altinn's shape.

The hooks run inside the Flask app (a page, the API or a job), which holds the provider and
its settings (`payment_setup`, set up by web/payments.py). When the task ends with a
`paymentReceiptPdfDataType`, a job (jobs/payment_receipt.py) makes the sealed receipt PDF."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Protocol

from sqlalchemy.orm import Session

from forms.bpmn import FlowNode
from forms.definitions import AppDefinition
from forms.validation import Issue
from forms.validation.issues import Severity
from integrations.payments import (
    Order,
    PaymentError,
    PaymentProvider,
    PaymentState,
    PaymentUrls,
    Webhook,
    is_paid,
)
from jobs import PAYMENT_RECEIPT_PDF
from process.gateways import ProcessError
from process.order import OrderError, order_for
from process.task_types import MOVE, STAY, Actor, TaskContext, TaskHooks, task_type
from storage import repository
from storage.models import DataElement, Instance

log = logging.getLogger(__name__)

UNINITIALIZED, CREATED, PAID, FAILED, CANCELLED, SKIPPED = (
    "Uninitialized", "Created", "Paid", "Failed", "Cancelled", "Skipped")
STATUSES = (UNINITIALIZED, CREATED, PAID, FAILED, CANCELLED, SKIPPED)
FINAL = (PAID, SKIPPED, CANCELLED)  # never read back again: a change is written once
PROCESSOR = "Nets Easy"
NOT_PAID = "PaymentNotCompleted"

_NOT_PAID_TEXT = {"nb": "Betalingen er ikke fullført.", "nn": "Betalinga er ikkje fullført.",
                  "en": "The payment has not been completed."}


class PaymentSetup(Protocol):
    """What the hooks need from the running app: the provider, where the payer comes back to,
    and the webhook (with its secret Authorization value)."""

    def provider(self) -> PaymentProvider: ...

    def urls(self, app: AppDefinition, instance: Instance, actor: Actor) -> PaymentUrls: ...

    def webhook(self, app: AppDefinition) -> Webhook | None: ...


def payment_setup() -> PaymentSetup:
    from flask import current_app, has_app_context

    setup = current_app.extensions.get("blankett.payments") if has_app_context() else None
    if setup is None:
        raise ProcessError("payments are not set up in this Blankett")
    return setup  # type: ignore[no-any-return]


@dataclass(frozen=True)
class PaymentConfig:
    data_type: str
    receipt_pdf_data_type: str | None = None


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def payment_config(task: FlowNode) -> PaymentConfig:
    """The task's altinn:paymentConfig; ProcessError when it names no payment data type."""
    element = task.config.get("paymentConfig")
    found = {_local(child.tag): (child.text or "").strip()
             for child in (element if element is not None else [])}
    if not found.get("paymentDataType"):
        raise ProcessError(f"the payment task '{task.id}' has no paymentConfig/paymentDataType")
    return PaymentConfig(found["paymentDataType"], found.get("paymentReceiptPdfDataType") or None)


# ---- the stored PaymentInformation -------------------------------------------------------------
def payment_element(instance: Instance, config: PaymentConfig) -> DataElement | None:
    return repository.form_data_element(instance, config.data_type)


def payment_information(instance: Instance, config: PaymentConfig) -> dict[str, Any] | None:
    element = payment_element(instance, config)
    return repository.read_form_data(element) if element is not None else None


def _store(session: Session, instance: Instance, config: PaymentConfig, info: dict[str, Any],
           user_id: str) -> None:
    element = payment_element(instance, config)
    if element is None:
        repository.add_form_data(session, instance, config.data_type, info, user_id)
        session.flush()
    else:
        element.locked = False  # app-owned: the app writes it whatever the task's lock
        repository.save_form_data(element, info, user_id)


def _kroner(ore: int) -> int | float:
    value = Decimal(ore) / 100
    return int(value) if value == value.to_integral_value() else float(value)


def _number(value: Decimal) -> int | float:
    value = Decimal(value)
    return int(value) if value == value.to_integral_value() else float(value)


def order_details(order: Order) -> dict[str, Any]:
    """Altinn's OrderDetails (amounts in kroner), with the totals worked out per line."""
    return {
        "paymentProcessorId": PROCESSOR, "currency": order.currency,
        "orderReference": order.reference,
        "orderLines": [{"id": line.id, "name": line.name, "textResourceKey": None,
                        "priceExVat": _kroner(line.price_ex_vat_ore),
                        "quantity": _number(line.quantity),
                        "vatPercent": _number(line.vat_percent), "unit": line.unit}
                       for line in order.lines],
        "totalPriceExVat": _kroner(order.total_ore - order.vat_ore),
        "totalVat": _kroner(order.vat_ore),
        "totalPriceIncVat": _kroner(order.total_ore),
    }


def compute_order(session: Session, app: AppDefinition, instance: Instance, task: FlowNode,
                  language: str) -> Order:
    """The order of `task` for this instance, priced now; ProcessError when it cannot be."""
    def read_data(data_type: str | None) -> dict[str, Any] | None:
        wanted = data_type or _default_data_type(app)
        element = repository.form_data_element(instance, wanted or "")
        return repository.read_form_data(element) if element is not None else None

    form_data = {d.data_type: repository.read_form_data(d) for d in instance.data_elements
                 if d.content_type == repository.FORM_DATA_CONTENT_TYPE
                 and (app.data_type(d.data_type) or {}).get("appLogic")}
    try:
        return order_for(app, task.id, _instance_shape(instance), read_data, form_data,
                         language, instance.id)
    except OrderError as exc:
        raise ProcessError(f"the payment cannot be priced: {exc}") from exc


def _instance_shape(instance: Instance) -> dict[str, Any]:
    """The instance in Altinn's shape for app code; the short form outside a request."""
    from flask import has_request_context

    if has_request_context():
        from web.api_shapes import instance_json

        return instance_json(instance)
    return {"id": f"{instance.instance_owner_party_id}/{instance.id}", "appId": instance.app_id,
            "instanceOwner": {"partyId": str(instance.instance_owner_party_id)},
            "process": instance.process or None}


def _default_data_type(app: AppDefinition) -> str | None:
    return next((str(d["id"]) for d in app.metadata.get("dataTypes") or []
                 if isinstance(d, dict) and isinstance(d.get("appLogic"), dict)
                 and d.get("appLogic", {}).get("classRef")), None)


# ---- reading the payment back --------------------------------------------------------------------
def _apply_state(info: dict[str, Any], state: PaymentState) -> None:
    details = dict(info.get("paymentDetails") or {})
    details.update({"paymentType": state.payment_type, "paymentMethod": state.payment_method,
                    "createdDate": state.created, "chargedDate": state.charged_date})
    info["paymentDetails"] = details
    if is_paid(state):
        info["status"] = PAID
    elif state.terminated:
        info["status"] = CANCELLED


def refresh(session: Session, instance: Instance, config: PaymentConfig, user_id: str,
            provider: PaymentProvider | None = None) -> dict[str, Any] | None:
    """The stored PaymentInformation, brought up to date from the provider while it is
    Created (the caller holds the instance row locked). A provider that cannot answer leaves
    it as it was; the status is never changed on anyone's word but the provider's."""
    info = payment_information(instance, config)
    if info is None or info.get("status") != CREATED:
        return info
    payment_id = (info.get("paymentDetails") or {}).get("paymentId")
    if not payment_id:
        return info
    try:
        state = (provider or payment_setup().provider()).get_payment(str(payment_id))
    except PaymentError as exc:
        log.warning("instance %s: the payment %s could not be read back: %s", instance.id,
                    payment_id, exc.message)
        return info
    before = info.get("status")
    _apply_state(info, state)
    _store(session, instance, config, info, user_id)
    if info["status"] != before:
        repository.add_event(session, instance, f"payment_{info['status']}", user_id,
                             instance.instance_owner_party_id,
                             {"taskId": info.get("taskId"), "paymentId": payment_id})
    return info


# ---- the hooks ---------------------------------------------------------------------------------
def _start(ctx: TaskContext) -> None:
    config = payment_config(ctx.task)
    info = payment_information(ctx.instance, config)
    if info is not None and info.get("status") == PAID and info.get("taskId") == ctx.task.id:
        return  # paid before a reject and a return: never charged twice
    try:
        details: dict[str, Any] | None = order_details(compute_order(
            ctx.session, ctx.app, ctx.instance, ctx.task, ctx.language))
    except ProcessError as exc:  # shown when paying; the task can start all the same
        log.warning("instance %s: %s", ctx.instance.id, exc)
        details = None
    _store(ctx.session, ctx.instance, config, {
        "taskId": ctx.task.id, "status": UNINITIALIZED, "orderDetails": details,
        "paymentDetails": None}, ctx.actor.user_id)


def _terminate(provider: PaymentProvider, payment_id: str) -> None:
    """Make an open payment unpayable: terminate it, or cancel what its checkout reserved.
    A payment already closed is fine; one the provider cannot reach now is not."""
    try:
        state = provider.get_payment(payment_id)
        if is_paid(state) or state.terminated:
            return
        open_amount = (state.reserved_amount_ore - state.charged_amount_ore
                       - state.cancelled_amount_ore)
        if open_amount > 0:
            provider.cancel(payment_id, open_amount)
        else:
            provider.terminate(payment_id)
    except PaymentError as exc:
        if exc.retryable:
            raise ProcessError(f"the payment provider cannot be reached; try again: "
                               f"{exc.message}") from exc
        log.info("payment %s could not be terminated (%s); taken as closed", payment_id,
                 exc.message)


def _act(ctx: TaskContext, action: str) -> str:
    if action != "pay":
        return MOVE
    config = payment_config(ctx.task)
    setup = payment_setup()
    provider = setup.provider()
    user = ctx.actor.user_id
    info = refresh(ctx.session, ctx.instance, config, user, provider)
    if info is not None and info.get("status") in (PAID, SKIPPED):
        ctx.answer["status"] = info["status"]
        return STAY  # done already; confirm ends the task
    order = compute_order(ctx.session, ctx.app, ctx.instance, ctx.task, ctx.language)
    info = {"taskId": ctx.task.id, "status": UNINITIALIZED,
            "orderDetails": order_details(order), "paymentDetails": None}
    if order.total_ore == 0:
        info["status"] = SKIPPED
        _store(ctx.session, ctx.instance, config, info, user)
        ctx.record("payment_Skipped", {"taskId": ctx.task.id})
        ctx.answer["status"] = SKIPPED
        return STAY
    old = payment_information(ctx.instance, config) or {}
    old_id = (old.get("paymentDetails") or {}).get("paymentId")
    if old.get("status") == CREATED and old_id:
        _terminate(provider, str(old_id))
    try:
        created = provider.create_payment(order, setup.urls(ctx.app, ctx.instance, ctx.actor),
                                          setup.webhook(ctx.app), ctx.instance.id)
    except PaymentError as exc:
        raise ProcessError(f"the payment could not be started: {exc.message}") from exc
    info["status"] = CREATED
    info["paymentDetails"] = {"paymentId": created.payment_id,
                              "redirectUrl": created.redirect_url}
    _store(ctx.session, ctx.instance, config, info, user)
    ctx.record("payment_Created", {"taskId": ctx.task.id, "paymentId": created.payment_id})
    ctx.answer.update(status=CREATED, redirectUrl=created.redirect_url,
                      paymentId=created.payment_id)
    return STAY


def _issues(ctx: TaskContext) -> Sequence[Issue]:
    config = payment_config(ctx.task)
    info = refresh(ctx.session, ctx.instance, config, ctx.actor.user_id)
    if info is not None and info.get("status") == UNINITIALIZED:
        try:  # nothing to pay: confirm ends the task without a visit to the provider
            if compute_order(ctx.session, ctx.app, ctx.instance, ctx.task,
                             ctx.language).total_ore == 0:
                info["status"] = SKIPPED
                _store(ctx.session, ctx.instance, config, info, ctx.actor.user_id)
                ctx.record("payment_Skipped", {"taskId": ctx.task.id})
        except ProcessError:
            pass
    if info is not None and info.get("status") in (PAID, SKIPPED):
        return []
    lang = ctx.language if ctx.language in _NOT_PAID_TEXT else "nb"
    return [Issue(Severity.ERROR, "Payment", NOT_PAID, _NOT_PAID_TEXT[lang])]


def _end(ctx: TaskContext) -> None:
    """The receipt PDF, made by a job committed with the move (never in the payer's request),
    into the data type the task names; one the app does not declare is never created."""
    data_type = payment_config(ctx.task).receipt_pdf_data_type
    if data_type is None:
        return
    if ctx.app.data_type(data_type) is None:
        log.warning("payment task %s: paymentReceiptPdfDataType '%s' is not in "
                    "applicationmetadata.json; no receipt PDF", ctx.task.id, data_type)
        return
    ctx.add_job(PAYMENT_RECEIPT_PDF, {"task_id": ctx.task.id})


def _abandon(ctx: TaskContext) -> None:
    config = payment_config(ctx.task)
    info = refresh(ctx.session, ctx.instance, config, ctx.actor.user_id)
    if info is None or info.get("status") != CREATED:
        return  # a paid payment is never cancelled here (a refund is the owner's business)
    payment_id = (info.get("paymentDetails") or {}).get("paymentId")
    if payment_id:
        _terminate(payment_setup().provider(), str(payment_id))
    info["status"] = CANCELLED
    _store(ctx.session, ctx.instance, config, info, ctx.actor.user_id)
    ctx.record("payment_Cancelled", {"taskId": ctx.task.id, "paymentId": payment_id})


PAYMENT_HOOKS = task_type("payment")(TaskHooks(
    start=_start, act=_act, actions=frozenset({"pay"}), issues=_issues, end=_end,
    abandon=_abandon))
