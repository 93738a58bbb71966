"""AttachmentList: the instance's attachments under the title; with none, a note that says so."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.components.conftest import Render, build_app

DATA = [{"id": "a1", "dataType": "model", "filename": "data.xml"},  # form data: never listed
        {"id": "a2", "dataType": "vedlegg", "filename": "plantegning.pdf", "size": 1200},
        {"id": "a3", "dataType": "ref-data-as-pdf", "filename": "kvittering.pdf"}]
LIST = {"id": "vedleggsliste", "type": "AttachmentList",
        "textResourceBindings": {"title": "Vedlegg"}}


@pytest.fixture
def render_with_data(tmp_path: Path) -> Render:
    def _render(components: list[dict[str, Any]], data: list[dict[str, Any]]) -> str:
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
            view = PageView(app, layout_set, layout_set.pages["test"], {}, "nb",
                            lambda name: f"/page/{name}",
                            instance_info={"id": "512345/abc", "data": data})
            return render_template("form_page.html", view=view, instance=None, lang="nb")

    return _render


def test_attachments_are_a_list_named_by_the_heading(render_with_data) -> None:  # noqa: ANN001
    html = render_with_data([LIST], DATA)
    assert '<h2 class="ds-heading" data-size="xs" id="vedleggsliste__title">Vedlegg</h2>' in html
    assert '<ul class="ds-list" aria-labelledby="vedleggsliste__title">' in html
    assert "<li>plantegning.pdf</li>" in html
    assert "data.xml" not in html
    assert "kvittering.pdf" not in html


def test_the_pdf_when_asked_for_and_chosen_data_types(render_with_data) -> None:  # noqa: ANN001
    html = render_with_data([{**LIST, "includePDF": True}], DATA)
    assert "<li>kvittering.pdf</li>" in html
    html = render_with_data([{**LIST, "dataTypeIds": ["ref-data-as-pdf"]}], DATA)
    assert "<li>kvittering.pdf</li>" in html
    assert "plantegning.pdf" not in html


def test_without_attachments_the_title_and_a_note(render) -> None:  # noqa: ANN001
    html = render([LIST])
    assert '<h2 class="ds-heading" data-size="xs" id="vedleggsliste__title">Vedlegg</h2>' in html
    assert '<p class="ds-paragraph">Ingen vedlegg.</p>' in html
    assert "<ul" not in html.split('id="vedleggsliste"')[1].split("</div>")[0]
