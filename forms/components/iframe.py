"""IFrame: HTML from the app's `title` text, shown in a fully sandboxed frame (`sandbox=""`:
no scripts, forms, popups or same-origin access), named for screen readers."""

from __future__ import annotations

from forms.components.base import Component, Prop, register


@register
class IFrame(Component):
    type_name = "IFrame"
    template = "components/iframe.html"
    text_names = ("title",)
    props_spec = (
        # Read for completeness; Blankett keeps the sandbox closed whatever the app asks.
        Prop("sandbox", "object", {}, doc="{allowPopups, allowPopupsToEscapeSandbox}"),
    )
