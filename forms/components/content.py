"""Components that only show content: headings, paragraphs, panels, alerts, images, links."""

from __future__ import annotations

from forms.components.base import Component, Prop, register

HEADING_LEVELS = {"L": 2, "h2": 2, "M": 3, "h3": 3, "S": 4, "h4": 4, "XS": 5, "h5": 5, "h6": 6}
HEADING_SIZES = {2: "lg", 3: "md", 4: "sm", 5: "xs", 6: "xs"}


@register
class Header(Component):
    """A heading. `size` L/M/S (or h2–h4) picks the level below the page's own h1."""

    type_name = "Header"
    aliases = ("Heading",)
    template = "components/header.html"
    text_names = ("title", "help")
    props_spec = (Prop("size", "string", "L"),)

    @property
    def level(self) -> int:
        return HEADING_LEVELS.get(str(self.props.get("size")), 2)

    @property
    def ds_size(self) -> str:
        return HEADING_SIZES[self.level]


@register
class Paragraph(Component):
    type_name = "Paragraph"
    template = "components/paragraph.html"
    text_names = ("title", "help")


@register
class Panel(Component):
    type_name = "Panel"
    template = "components/panel.html"
    text_names = ("title", "body")
    props_spec = (
        Prop("variant", "string", "info", choices=("info", "warning", "error", "success")),
        Prop("showIcon", "boolean", True),
    )


@register
class Alert(Component):
    type_name = "Alert"
    template = "components/alert.html"
    text_names = ("title", "body")
    props_spec = (
        Prop("severity", "string", "info", choices=("success", "warning", "danger", "info")),
    )


@register
class Image(Component):
    type_name = "Image"
    template = "components/image.html"
    text_names = ("altTextImg", "help")
    props_spec = (Prop("image", "object", {}),)

    def source(self, lang: str) -> str | None:
        src = (self.props.get("image") or {}).get("src") or {}
        if isinstance(src, str):
            return src
        if not isinstance(src, dict):
            return None
        for key in (lang, "nb", "nn", "en"):
            if isinstance(src.get(key), str):
                return src[key]
        return None

    @property
    def width(self) -> str | None:
        width = (self.props.get("image") or {}).get("width")
        return width if isinstance(width, str) else None


@register
class Link(Component):
    type_name = "Link"
    template = "components/link.html"
    text_names = ("title", "target", "download")
    props_spec = (
        Prop("style", "string", "link", choices=("primary", "secondary", "link")),
        Prop("openInNewTab", "boolean", False),
    )
