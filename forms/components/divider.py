"""Divider: a thematic break between parts of a page."""

from __future__ import annotations

from forms.components.base import Component, register


@register
class Divider(Component):
    type_name = "Divider"
    template = "components/divider.html"
    text_names = ()
