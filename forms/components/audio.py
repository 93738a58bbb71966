"""Audio: a sound clip with the browser's own controls, named by its alternative text."""

from __future__ import annotations

from typing import Any

from forms.components.base import Component, Prop, register


def media_source(props: dict[str, Any], key: str, lang: str) -> str | None:
    """`{key: {src: {nb: url, ...}}}` (or a plain url) in the language, else nb, nn, en."""
    media = props.get(key)
    src = media.get("src") if isinstance(media, dict) else None
    if isinstance(src, str):
        return src or None
    if not isinstance(src, dict):
        return None
    for code in (lang, "nb", "nn", "en", *src):
        if isinstance(src.get(code), str) and src[code]:
            return str(src[code])
    return None


def accessible_name(view: Any, component: Component, *keys: str) -> str:
    for key in keys:
        if view.has_text(component, key):
            return view.text(component.texts[key])
    return ""


@register
class Audio(Component):
    type_name = "Audio"
    template = "components/audio.html"
    text_names = ("altTextAudio", "altText")
    props_spec = (Prop("audio", "object", {}, doc="{src: {nb: url, nn: url, en: url}}"),)

    def source(self, lang: str) -> str | None:
        return media_source(self.props, "audio", lang)

    def name(self, view: Any) -> str:
        return accessible_name(view, self, "altTextAudio", "altText") or view.ui("audio")
