"""Every page of every layout set of Altinn's real apps renders without a server error."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask

from forms.loader import load_apps
from tests.conftest import SHARED_APPS, make_app

_APPS = load_apps(SHARED_APPS).apps
PAGES = [(app.id, set_id, page)
         for app in _APPS.values()
         for set_id, layout_set in app.layout_sets.items()
         for page in layout_set.pages]


@pytest.fixture(scope="module")
def shared_app(tmp_path_factory: pytest.TempPathFactory) -> Flask:
    return make_app(tmp_path_factory.mktemp("preview"), BLANKETT_APPS_DIR=str(SHARED_APPS))


def test_there_are_many_pages_to_render() -> None:
    assert len(PAGES) > 40


@pytest.mark.parametrize(("app_id", "set_id", "page"), PAGES,
                         ids=[f"{a}:{s}:{p}" for a, s, p in PAGES])
def test_preview_renders_page(shared_app: Flask, app_id: str, set_id: str, page: str) -> None:
    org, name = app_id.split("/")
    response = shared_app.test_client().get(f"/preview/{org}/{name}/{set_id}/{page}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert '<main id="bk_main"' in html
    assert "Traceback" not in html


def test_subform_renders_in_preview_without_an_instance(shared_app: Flask) -> None:
    html = shared_app.test_client().get(
        "/preview/ttd/service-task/form/Side1").get_data(as_text=True)
    assert 'class="unsupported"' not in html
    assert 'class="subform" id="Subform-z8we7d"' in html
    assert "subform-add:" not in html  # no instance: nowhere to add an entry


def test_preview_index_lists_apps_and_refused_ones(tmp_path: Path, copy_app) -> None:  # noqa: ANN001
    good = copy_app(SHARED_APPS / "signing-test")
    bad = copy_app(SHARED_APPS / "payment-test")
    (bad / "App/ui/form/layouts/03Agent.json").write_text("{ nope")
    app = make_app(tmp_path, BLANKETT_APPS_DIR=str(good.parent))
    html = app.test_client().get("/preview/").get_data(as_text=True)
    assert "ttd/signing-test" in html
    assert "App/ui/form/layouts/03Agent.json" in html


def test_preview_is_closed_in_production(tmp_path: Path) -> None:
    from app import create_app
    app = create_app({
        "TESTING": True, "BLANKETT_ENV": "production", "SECRET_KEY": "s",
        "DATABASE_URL": "postgresql+psycopg://postgres@127.0.0.1:5432/test",
        "OIDC_ISSUER": "https://idp.example", "OIDC_CLIENT_ID": "c", "OIDC_CLIENT_SECRET": "s",
    })
    assert app.test_client().get("/preview/").status_code == 404
