"""Cards: a set of cards, each with an optional title (a heading), text, media (an Image, Audio
or Video component) and components of its own."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from forms.components.accordion import children_of, heading_level
from forms.components.base import Component, Prop, register


@dataclass(frozen=True)
class Card:
    title: Any
    description: Any
    footer: Any
    media: Component | None
    children: list[Component]


def _items(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


@register
class Cards(Component):
    type_name = "Cards"
    template = "components/cards.html"
    text_names = ()
    props_spec = (
        Prop("cards", "array", [], doc="[{title, description (or body), footer, media, children}]"),
        Prop("color", "string", choices=("neutral", "subtle")),
        Prop("mediaPosition", "string", "top", choices=("top", "bottom")),
        Prop("minMediaHeight", "string"),
        Prop("minWidth", "string", "250px"),
    )

    def _cards(self) -> list[dict[str, Any]]:
        return [card for card in _items(self.props.get("cards")) if isinstance(card, dict)]

    def child_refs(self) -> list[str]:
        ids: list[str] = []
        for card in self._cards():
            if isinstance(card.get("media"), str):
                ids.append(card["media"])
            ids.extend(c for c in _items(card.get("children")) if isinstance(c, str))
        return ids

    def card_items(self) -> list[Card]:
        out = []
        for card in self._cards():
            media = children_of(self, [card.get("media")])
            out.append(Card(card.get("title"), card.get("description", card.get("body")),
                            card.get("footer"), media[0] if media else None,
                            children_of(self, _items(card.get("children")))))
        return out

    @property
    def level(self) -> int:
        return heading_level(self)

    @property
    def variant(self) -> str:
        return "tinted" if self.props.get("color") == "subtle" else "default"
