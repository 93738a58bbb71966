"""Moving through the form: NavigationButtons, NavigationBar and the submit Button.
Each is a real submit button of the page's form, so moving on also saves, with or without
JavaScript."""

from __future__ import annotations

from forms.components.base import Component, Prop, register


@register
class NavigationButtons(Component):
    type_name = "NavigationButtons"
    template = "components/navigationbuttons.html"
    text_names = ("next", "back")
    props_spec = (
        Prop("showBackButton", "boolean", False),
        Prop("validateOnNext", "object"),
        Prop("validateOnPrevious", "object"),
    )


@register
class NavigationBar(Component):
    type_name = "NavigationBar"
    template = "components/navigationbar.html"
    text_names = ()
    props_spec = (
        Prop("compact", "boolean", False),
        Prop("validateOnForward", "object"),
        Prop("validateOnBackward", "object"),
    )


@register
class Button(Component):
    """`mode` submit ends the task (process next); save just saves."""

    type_name = "Button"
    template = "components/button.html"
    text_names = ("title",)
    props_spec = (
        Prop("mode", "string", "submit", choices=("submit", "save", "go", "instantiate")),
    )
