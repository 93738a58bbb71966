"""CustomButton: a button that runs `actions`. Moving between pages (ClientAction nextPage,
previousPage, navigateToPage) and closing a subform entry (closeSubform: save, and back to the
page with the Subform once the entry's required answers are there) are real submit buttons of
the page's form, so they also save, with or without JavaScript. Anything else (ServerAction)
needs the app's own code: the button is shown disabled, with a note saying so."""

from __future__ import annotations

from typing import Any

from forms.components.base import Component, Prop, register

BUTTON_STYLES = ("primary", "secondary")


def _client_action(action: Any) -> str | None:
    """The page route's `action` value for a navigation ClientAction, else None."""
    if not isinstance(action, dict) or action.get("type") != "ClientAction":
        return None
    kind = action.get("id")
    if kind == "nextPage":
        return "next"
    if kind == "previousPage":
        return "back"
    if kind == "closeSubform":
        return "close-subform"
    metadata = action.get("metadata")
    page = metadata.get("page") if isinstance(metadata, dict) else None
    if kind == "navigateToPage" and isinstance(page, str) and page:
        return f"page:{page}"
    return None


@register
class CustomButton(Component):
    type_name = "CustomButton"
    template = "components/custombutton.html"
    text_names = ("title",)
    props_spec = (
        Prop("actions", "array", [], doc="[{type: ClientAction|ServerAction, id, metadata}]"),
        Prop("buttonStyle", "string", "secondary", choices=BUTTON_STYLES),
    )

    @property
    def submit_value(self) -> str | None:
        """`action` for the page route when every action is a page move (the last one wins),
        None when some action cannot run here."""
        actions = self.props.get("actions") or []
        values = [_client_action(a) for a in actions]
        if not values or None in values:
            return None
        return values[-1]

    def button_text(self, view: Any) -> str:
        value = self.submit_value or ""
        fallback = (view.ui("next") if value == "next" else view.ui("back") if value == "back"
                    else view.ui("close_subform") if value == "close-subform"
                    else view.page_title(value[5:]) if value.startswith("page:") else self.id)
        return view.text(self.texts.get("title")) or fallback
