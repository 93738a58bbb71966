"""InstanceInformation: date sent, sender, receiver and reference number as a description list;
nothing when the page has no instance (the preview)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.components.conftest import Render, build_app

INFO = {"id": "512345/6f1c1a52-7b8e-4c1f-9d0e-1234567890ab", "appId": "ttd/servering",
        "lastChanged": "2024-05-17T10:30:00+00:00",
        "instanceOwner": {"partyId": "512345", "personNumber": "01017012345",
                          "party": {"name": "Ola Nordmann"}}}


@pytest.fixture
def render_with_instance(tmp_path: Path) -> Render:
    def _render(components: list[dict[str, Any]], instance_info: dict[str, Any],
                lang: str = "nb") -> str:
        from flask import render_template

        from forms.loader import load_app
        from forms.render import PageView
        from tests.conftest import make_app

        target = build_app(tmp_path, components)
        app, problems = load_app(target)
        assert app is not None, [str(p) for p in problems]
        flask_app = make_app(tmp_path, BLANKETT_APPS_DIR=str(target.parent))
        layout_set = app.layout_sets["form"]
        with flask_app.test_request_context("/"):
            view = PageView(app, layout_set, layout_set.pages["test"], {}, lang,
                            lambda name: f"/page/{name}", instance_info=instance_info)
            return render_template("form_page.html", view=view, instance=None, lang=lang)

    return _render


def test_the_facts_are_terms_and_descriptions(render_with_instance) -> None:  # noqa: ANN001
    html = render_with_instance([{"id": "om-innsendingen", "type": "InstanceInformation"}], INFO)
    block = html.split('<div class="instance-information" id="om-innsendingen">')[1]
    assert "<dt>Dato sendt</dt><dd>17.05.2024 12:30</dd>" in block
    assert "<dt>Avsender</dt><dd>01017012345-Ola Nordmann</dd>" in block
    assert "<dt>Mottaker</dt><dd>" in block
    assert "<dt>Referansenummer</dt><dd>1234567890ab</dd>" in block


def test_elements_can_be_left_out_and_english(render_with_instance) -> None:  # noqa: ANN001
    html = render_with_instance([{"id": "om-innsendingen", "type": "InstanceInformation",
                                  "elements": {"dateSent": False, "receiver": False}}],
                                INFO, lang="en")
    assert "Date sent" not in html and "Receiver" not in html
    assert "<dt>Sender</dt>" in html
    assert "<dt>Reference number</dt>" in html


def test_without_an_instance_nothing_is_shown(render) -> None:  # noqa: ANN001
    html = render([{"id": "om-innsendingen", "type": "InstanceInformation"}])
    assert '<div id="bk_c_om-innsendingen" class="bk-slot">' in html
    assert "instance-information" not in html
