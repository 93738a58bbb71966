"""ButtonGroup: buttons side by side; with a title, a named group."""

from __future__ import annotations

from forms.components.base import Component, Prop, register


@register
class ButtonGroup(Component):
    type_name = "ButtonGroup"
    template = "components/buttongroup.html"
    text_names = ("title", "description", "help")
    props_spec = (Prop("children", "array", [], doc="Ids of the button components inside"),)

    def child_refs(self) -> list[str]:
        return [c for c in self.props.get("children") or [] if isinstance(c, str)]
