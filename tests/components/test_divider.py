"""Divider: a thematic break."""

from __future__ import annotations


def test_a_divider_is_a_horizontal_rule(render) -> None:  # noqa: ANN001
    html = render([{"id": "skille", "type": "Divider"}])
    assert '<div id="bk_c_skille" class="bk-slot"><hr class="ds-divider" id="skille"></div>' in html
