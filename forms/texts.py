"""Text resources in nb, nn and en: lookup with language fallback, `{0}` variables filled from
the form data, and Markdown rendered to sanitised HTML (app texts are Markdown in Altinn)."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup, escape

from forms import jsonc
from forms.problems import ProblemList

LANGUAGES = ("nb", "nn", "en")
DEFAULT_LANGUAGE = "nb"
_FALLBACK = {"nb": ("nb", "nn", "en"), "nn": ("nn", "nb", "en"), "en": ("en", "nb", "nn")}

_ALLOWED_TAGS = {
    "a", "b", "strong", "i", "em", "u", "br", "p", "ul", "ol", "li", "h2", "h3", "h4", "h5",
    "h6", "code", "pre", "blockquote", "span", "del", "s", "sup", "sub", "hr",
}
_ALLOWED_ATTRIBUTES = {"a": {"href", "title", "target"}}
_markdown = MarkdownIt("commonmark", {"html": True, "breaks": True})
_PLACEHOLDER = re.compile(r"\{(\d+)\}")


_TAG = re.compile(r"<(/?)([a-zA-Z0-9]+)[^>]*>")


def wrap_orphan_list_items(html: str) -> str:
    """Put `<li>` elements written without a list (common in Altinn texts) inside a `<ul>`, so
    assistive technology announces a list and the markup stays valid."""
    if "<li" not in html:
        return html
    out: list[str] = []
    lists = 0  # depth of real <ul>/<ol>
    orphan_items = 0  # open <li> elements that we wrapped
    wrapping = False
    pos = 0
    for match in _TAG.finditer(html):
        text = html[pos:match.start()]
        if wrapping and orphan_items == 0 and text.strip():
            out.append("</ul>")
            wrapping = False
        out.append(text)
        closing, name = match.group(1) == "/", match.group(2).lower()
        if name in ("ul", "ol"):
            lists += -1 if closing else 1
        elif name == "li" and lists == 0:
            if not closing:
                if not wrapping:
                    out.append("<ul>")
                    wrapping = True
                orphan_items += 1
            else:
                orphan_items = max(0, orphan_items - 1)
        elif wrapping and orphan_items == 0 and not closing:
            out.append("</ul>")
            wrapping = False
        out.append(match.group(0))
        pos = match.end()
    tail = html[pos:]
    if wrapping and orphan_items == 0 and tail.strip():
        out.append("</ul>")
        wrapping = False
    out.append(tail)
    if wrapping:
        out.append("</ul>")
    return "".join(out)


@lru_cache(maxsize=8192)
def markdown_html(text: str, inline: bool = False) -> Markup:
    """Markdown (with the bits of HTML Altinn allows) to sanitised HTML."""
    html = _markdown.renderInline(text) if inline else _markdown.render(text)
    clean = nh3.clean(
        html,
        tags=_ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel="noopener noreferrer",
    )
    return Markup(wrap_orphan_list_items(clean).strip())


def plain_text(markup: str) -> str:
    """Text without tags, for `<title>`, `aria-label` and option labels (Jinja escapes it)."""
    return html.unescape(nh3.clean(str(markup), tags=set())).strip()


@dataclass(frozen=True)
class Variable:
    key: str
    data_source: str
    default: str | None = None


@dataclass(frozen=True)
class TextResource:
    value: str
    variables: tuple[Variable, ...] = ()


@dataclass
class TextResources:
    """All of an app's texts: `{language: {id: TextResource}}`."""

    by_language: dict[str, dict[str, TextResource]] = field(default_factory=dict)

    @property
    def languages(self) -> list[str]:
        found = [lang for lang in LANGUAGES if lang in self.by_language]
        return found or [DEFAULT_LANGUAGE]

    def has(self, key: str) -> bool:
        return any(key in texts for texts in self.by_language.values())

    def find(self, key: str, lang: str) -> TextResource | None:
        for candidate in _FALLBACK.get(lang, _FALLBACK[DEFAULT_LANGUAGE]):
            resource = self.by_language.get(candidate, {}).get(key)
            if resource is not None:
                return resource
        return None

    def resolve(
        self, key: str, lang: str, lookup: Callable[[Variable], Any] | None = None
    ) -> str:
        """The text for `key` (or the key itself when no language has it), variables filled."""
        resource = self.find(key, lang)
        if resource is None:
            return key
        if not resource.variables:
            return resource.value
        values = []
        for var in resource.variables:
            value = lookup(var) if lookup else None
            if value is None or value == "":
                value = var.default if var.default is not None else var.key
            values.append(str(value))

        def fill(m: re.Match[str]) -> str:
            i = int(m.group(1))
            return values[i] if i < len(values) else m.group(0)

        return _PLACEHOLDER.sub(fill, resource.value)


def load_texts(folder: Path, problems: ProblemList) -> TextResources:
    texts = TextResources()
    if not folder.is_dir():
        problems.warning(folder, "", "no texts folder; keys will be shown as they are")
        return texts
    for file in sorted(folder.glob("resource.*.json")):
        raw = jsonc.read_reporting(file, problems)
        if raw is None:
            continue
        if not isinstance(raw, dict) or not isinstance(raw.get("resources"), list):
            problems.error(file, "$.resources", "must be an array of {id, value}")
            continue
        lang = raw.get("language")
        if not isinstance(lang, str):
            lang = file.stem.split(".")[-1]
        resources: dict[str, TextResource] = {}
        for i, item in enumerate(raw["resources"]):
            path = f"$.resources[{i}]"
            if not isinstance(item, dict) or not isinstance(item.get("id"), str):
                problems.error(file, path, "a text resource needs a string 'id'")
                continue
            value = item.get("value", "")
            if not isinstance(value, str):
                problems.error(file, f"{path}.value", "must be a string")
                continue
            if item["id"] in resources:
                problems.warning(file, f"{path}.id", f"duplicate text id '{item['id']}'")
            variables = []
            raw_variables = item.get("variables") or []
            if not isinstance(raw_variables, list):
                problems.error(file, f"{path}.variables", "must be an array")
                raw_variables = []
            for j, var in enumerate(raw_variables):
                if not isinstance(var, dict) or not isinstance(var.get("key"), str):
                    problems.error(file, f"{path}.variables[{j}]", "a variable needs a 'key'")
                    continue
                default = var.get("defaultValue")
                variables.append(
                    Variable(var["key"], str(var.get("dataSource", "")),
                             None if default is None else str(default))
                )
            resources[item["id"]] = TextResource(value, tuple(variables))
        texts.by_language[lang] = resources
    return texts


def as_html(text: str, inline: bool = True) -> Markup:
    """Escape-or-render: every app text goes through Markdown and the sanitiser."""
    if not text:
        return Markup("")
    if "<" not in text and not any(ch in text for ch in "*_[`#\n>-!|\\"):
        return escape(text)
    return markdown_html(text, inline)
