"""Video: a video with the browser's own controls, named by its alternative text."""

from __future__ import annotations

from typing import Any

from forms.components.audio import accessible_name, media_source
from forms.components.base import Component, Prop, register


@register
class Video(Component):
    type_name = "Video"
    template = "components/video.html"
    text_names = ("altTextVideo", "altText", "help")
    props_spec = (Prop("video", "object", {}, doc="{src: {nb: url, nn: url, en: url}}"),)

    def source(self, lang: str) -> str | None:
        return media_source(self.props, "video", lang)

    def name(self, view: Any) -> str:
        return accessible_name(view, self, "altTextVideo", "altText") or view.ui("video")
