"""IFrame: the app's HTML in a frame with every sandbox restriction, named for screen readers."""

from __future__ import annotations


def test_the_title_text_is_the_sandboxed_content(render) -> None:  # noqa: ANN001
    html = render([{"id": "ramme", "type": "IFrame", "textResourceBindings": {
        "title": "iframe.innhold"}}],
        texts={"iframe.innhold": '<html><p>Hei & "velkommen"</p><script>alert(1)</script></html>'})
    assert ('<iframe sandbox="" srcdoc="&lt;html&gt;&lt;p&gt;Hei &amp; &#34;velkommen&#34;'
            '&lt;/p&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;/html&gt;" '
            'title="Innebygd innhold"') in html
    assert "<script>alert(1)" not in html


def test_the_sandbox_stays_closed_whatever_the_app_asks(render) -> None:  # noqa: ANN001
    html = render([{"id": "ramme", "type": "IFrame", "textResourceBindings": {"title": "<p>x</p>"},
                    "sandbox": {"allowPopups": True}}])
    assert 'sandbox=""' in html
    assert "allow-" not in html


def test_no_content_no_frame(render) -> None:  # noqa: ANN001
    html = render([{"id": "ramme", "type": "IFrame"}])
    assert "<iframe" not in html
