"""App texts: Markdown, sanitising, list repair and variables."""

from __future__ import annotations

from forms.texts import (
    TextResource,
    TextResources,
    Variable,
    as_html,
    markdown_html,
    wrap_orphan_list_items,
)


def test_markdown_is_rendered_and_sanitised() -> None:
    html = str(markdown_html("**Fet** [lenke](https://example.no) <script>x()</script>"
                             "<a href=\"javascript:alert(1)\">y</a>", inline=True))
    assert "<strong>Fet</strong>" in html
    assert '<a href="https://example.no" rel="noopener noreferrer">lenke</a>' in html
    assert "<script" not in html and "javascript:" not in html


def test_plain_text_is_escaped() -> None:
    assert str(as_html("Tom & Jerry <b")) == "Tom &amp; Jerry &lt;b"


def test_orphan_list_items_get_a_list() -> None:
    assert wrap_orphan_list_items("Før<li>a</li><li>b</li>etter") == (
        "Før<ul><li>a</li><li>b</li></ul>etter")
    assert wrap_orphan_list_items("<ul><li>a</li></ul>") == "<ul><li>a</li></ul>"
    assert wrap_orphan_list_items("<p>x</p><li>a <b>b</b></li>") == (
        "<p>x</p><ul><li>a <b>b</b></li></ul>")
    assert wrap_orphan_list_items("<li>a</li><p>y</p>") == "<ul><li>a</li></ul><p>y</p>"


def test_variables_are_filled_from_the_data() -> None:
    texts = TextResources({"nb": {"hei": TextResource(
        "Hei {0}, du har {1} saker", (Variable("person.navn", "dataModel.default"),
                                      Variable("antall", "dataModel.default", "ingen")))}})
    lookup = {"person.navn": "Kari", "antall": None}
    assert texts.resolve("hei", "nb", lambda v: lookup[v.key]) == "Hei Kari, du har ingen saker"
