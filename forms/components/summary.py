"""Summaries of what has been filled in: Summary (one component or group) and Summary2 (a
component, a page or the whole layout set)."""

from __future__ import annotations

from forms.components.base import Component, Prop, register


@register
class Summary(Component):
    type_name = "Summary"
    template = "components/summary.html"
    text_names = ("title",)
    props_spec = (
        Prop("componentRef", "string"),
        Prop("pageRef", "string"),
        Prop("largeGroup", "boolean", False),
        Prop("excludedChildren", "array", []),
        Prop("display", "object", {}),
    )

    def target(self) -> tuple[str, str | None]:
        ref = self.props.get("componentRef")
        return ("component", ref) if ref else ("layoutSet", None)


@register
class Summary2(Component):
    type_name = "Summary2"
    template = "components/summary.html"
    text_names = ("title",)
    props_spec = (
        Prop("target", "object", {}),
        Prop("hideEmptyFields", "boolean", False),
        Prop("isCompact", "boolean", False),
        Prop("showPageInAccordion", "boolean", False),
        Prop("overrides", "array", []),
    )

    def target(self) -> tuple[str, str | None]:
        target = self.props.get("target") or {}
        kind = target.get("type", "layoutSet") if isinstance(target, dict) else "layoutSet"
        ident = target.get("id") if isinstance(target, dict) else None
        if kind not in ("component", "page", "layoutSet"):
            kind = "layoutSet"
        return kind, ident if isinstance(ident, str) else None
