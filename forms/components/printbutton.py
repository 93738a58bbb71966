"""PrintButton: opens the browser's print dialog. Printing needs JavaScript (static/app.js),
so the button stays hidden until the script shows it: nobody meets a button that does
nothing."""

from __future__ import annotations

from forms.components.base import Component, register


@register
class PrintButton(Component):
    type_name = "PrintButton"
    template = "components/printbutton.html"
    text_names = ("title",)
