"""ActionButton: a process action (instantiate, confirm, sign, reject). On an instance's page
whose task accepts the action (`view.task_actions`, set by web/citizen.py) it is a submit
button that moves the process; anywhere else it is shown disabled with a note saying so, and
nobody is misled."""

from __future__ import annotations

from typing import Any

from forms.components.base import Component, Prop, register


@register
class ActionButton(Component):
    type_name = "ActionButton"
    template = "components/actionbutton.html"
    text_names = ("title",)
    props_spec = (
        Prop("action", "string", choices=("instantiate", "confirm", "sign", "reject")),
        Prop("buttonStyle", "string", "primary", choices=("primary", "secondary")),
    )

    def button_text(self, view: Any) -> str:
        return view.text(self.texts.get("title")) or self.id
