"""InstanceInformation: facts about the instance being filled in (date sent, sender, receiver,
reference number), as a description list. With no instance (the preview) it shows nothing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from forms.components.base import Component, Prop, register
from forms.formatting import oslo_time


@dataclass(frozen=True)
class Fact:
    label: str
    value: str


def _when(value: Any) -> str:
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return ""
    return oslo_time(value) if isinstance(value, datetime) else ""


@register
class InstanceInformation(Component):
    type_name = "InstanceInformation"
    template = "components/instanceinformation.html"
    text_names = ("title", "description", "help")
    props_spec = (
        Prop("elements", "object", {},
             doc="Which facts to show: {dateSent, sender, receiver, referenceNumber} (booleans)"),
    )

    def facts(self, view: Any, instance: Any = None) -> list[Fact]:
        """The facts to show; `instance` (the stored instance, when the page has it) gives the
        time it was last changed, else the view's Altinn-shaped `lastChanged`."""
        info = view.instance_info
        if not info:
            return []
        elements = self.props.get("elements")
        elements = elements if isinstance(elements, dict) else {}
        facts: list[Fact] = []
        if elements.get("dateSent") is not False:
            when = _when(getattr(instance, "archived", None)
                         or getattr(instance, "last_changed", None) or info.get("lastChanged"))
            if when:
                facts.append(Fact(view.ui("receipt.date_sent"), when))
        if elements.get("sender") is not False:
            owner = info.get("instanceOwner") or {}
            party = owner.get("party") or {}
            number = owner.get("personNumber") or owner.get("organisationNumber")
            name = party.get("name") or owner.get("username") or ""
            sender = f"{number}-{name}" if number and name else str(number or name)
            if sender:
                facts.append(Fact(view.ui("receipt.sender"), sender))
        if elements.get("receiver") is not False:
            texts = view.app.texts
            key = next((k for k in ("appReceiver", "appOwner") if texts.has(k)), None)
            receiver = view.text(key) if key else view.app.org
            if receiver:
                facts.append(Fact(view.ui("receipt.receiver"), receiver))
        if elements.get("referenceNumber") is not False:
            ident = str(info.get("id") or "")
            reference = ident.rsplit("/", 1)[-1].rsplit("-", 1)[-1]
            if reference:
                facts.append(Fact(view.ui("receipt.ref_num"), reference))
        return facts
