"""PaymentDetails: what is to be paid, as a table of order lines and a total, shown before the
payment task (on a form page, priced from the data as it is now) or in it (as stored)."""

from __future__ import annotations

from typing import Any

from forms.components.base import Component, Prop, register
from forms.components.payment import OrderView, _information, order_view, payment_text


def _live_order(view: Any, instance: Any) -> OrderView | None:
    """The order of the app's first payment task, priced from this page's data."""
    from process.order import OrderError, order_for
    from process.payment import order_details

    task = next((n for n in view.app.process.nodes.values() if n.task_type == "payment"), None)
    if task is None or instance is None:
        return None
    shown = view.layout_set.data_type

    def read_data(data_type: str | None) -> dict[str, Any] | None:
        from storage import repository

        if data_type in (None, shown):
            return dict(view.data)
        element = repository.form_data_element(instance, data_type)
        return repository.read_form_data(element) if element is not None else None

    try:
        order = order_for(view.app, task.id, view.instance_info or {}, read_data,
                          {shown or "": dict(view.data)}, view.lang, str(instance.id))
    except (OrderError, ValueError):
        return None
    return order_view(order_details(order))


@register
class PaymentDetails(Component):
    type_name = "PaymentDetails"
    template = "components/paymentdetails.html"
    text_names = ("title", "description")
    props_spec = (Prop("mapping", "object", {}, doc="Data paths the order reads (Altinn's)"),)

    def text(self, view: Any, key: str) -> str:
        return payment_text(view, key)

    def order(self, view: Any, instance: Any = None) -> OrderView | None:
        task, info = _information(view, instance)
        stored = order_view((info or {}).get("orderDetails"))
        if task is not None and stored is not None:  # in the payment task: what is charged
            return stored
        return _live_order(view, instance) or stored
