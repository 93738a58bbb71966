"""MultipleSelect: several options, stored comma-separated like Checkboxes. Designsystemet's
combobox needs JavaScript, so the accessible baseline (and what Blankett renders) is a group of
checkboxes in a fieldset."""

from __future__ import annotations

from typing import Any

from forms.components.base import Prop, register
from forms.components.choices import OPTION_PROPS, Checkboxes
from forms.texts import plain_text


@register
class MultipleSelect(Checkboxes):
    """Reads its post like Checkboxes (`<binding>.__present` marks an empty choice)."""

    type_name = "MultipleSelect"
    template = "components/multipleselect.html"
    comma_separated = True
    props_spec = OPTION_PROPS + (Prop("autocomplete", "string"),)

    def chosen(self, view: Any) -> list[str]:
        """The stored values, in the order they were stored."""
        value = view.value(self)
        return [v.strip() for v in value.split(",") if v.strip()] if value else []

    def display(self, view: Any) -> str | None:
        """The chosen options' labels, in the options' order (unknown values as stored)."""
        chosen = self.chosen(view)
        if not chosen:
            return ""
        labels = {o.value: plain_text(o.label) for o in view.options(self)}
        known = [labels[v] for v in labels if v in chosen]
        return ", ".join(known + [v for v in chosen if v not in labels])
