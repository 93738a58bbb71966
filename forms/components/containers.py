"""Components that hold other components: Group (non-repeating)."""

from __future__ import annotations

from forms.components.base import Component, Prop, register


@register
class Group(Component):
    """A labelled set of components; with a title it is a `<fieldset>` with a `<legend>`."""

    type_name = "Group"
    template = "components/group.html"
    text_names = ("title", "description", "help", "summaryTitle")
    props_spec = (
        Prop("children", "array", []),
        Prop("groupingIndicator", "string", choices=("indented", "panel")),
        Prop("headingLevel", "integer"),
    )

    def child_refs(self) -> list[str]:
        return [c for c in self.props.get("children") or [] if isinstance(c, str)]
