"""AccordionGroup: accordions that belong together, with an optional title over them."""

from __future__ import annotations

from forms.components.accordion import heading_level
from forms.components.base import Component, Prop, register


@register
class AccordionGroup(Component):
    type_name = "AccordionGroup"
    template = "components/accordiongroup.html"
    text_names = ("title",)
    props_spec = (Prop("children", "array", [], doc="Ids of the Accordions inside"),)

    def child_refs(self) -> list[str]:
        return [c for c in self.props.get("children") or [] if isinstance(c, str)]

    @property
    def level(self) -> int:
        return heading_level(self)
