"""InstantiationButton: starts a new instance from a stateless page, prefilled through
`mapping`. Blankett starts instances from its own start page and serves no stateless pages yet,
so the button is shown disabled with a note saying so."""

from __future__ import annotations

from typing import Any

from forms.components.base import Component, Prop, register


@register
class InstantiationButton(Component):
    type_name = "InstantiationButton"
    template = "components/instantiationbutton.html"
    text_names = ("title",)
    props_spec = (Prop("mapping", "object", {}, doc="{data model path: prefill key}"),
                  Prop("busyWithId", "string"))

    def button_text(self, view: Any) -> str:
        return view.text(self.texts.get("title")) or self.id
