"""PrintButton: a plain button that static/app.js shows and makes print; hidden without it."""

from __future__ import annotations

from pathlib import Path


def test_a_button_that_waits_for_the_script(render) -> None:  # noqa: ANN001
    html = render([{"id": "skriv-ut", "type": "PrintButton"}])
    assert ('<button class="ds-button" data-variant="secondary" type="button" id="skriv-ut" '
            "data-print hidden>Skriv ut</button>") in html


def test_its_own_title_and_other_languages(render) -> None:  # noqa: ANN001
    html = render([{"id": "skriv-ut", "type": "PrintButton",
                    "textResourceBindings": {"title": "Skriv ut kvitteringen"}}])
    assert "data-print hidden>Skriv ut kvitteringen</button>" in html
    html = render([{"id": "skriv-ut", "type": "PrintButton"}], lang="en")
    assert "data-print hidden>Print</button>" in html


def test_the_script_shows_the_button_and_prints() -> None:
    script = (Path(__file__).parents[2] / "static/app.js").read_text(encoding="utf-8")
    assert '"[data-print][hidden]"' in script
    assert "window.print()" in script
