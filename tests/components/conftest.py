"""Render components from layout JSON, as a page of a small app built around them, and read
the HTML back: what a person and a screen reader get."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from forms.loader import load_app
from forms.render import PageView
from tests.conftest import SAMPLE_APPS

Render = Callable[..., str]


def build_app(folder: Path, components: list[dict[str, Any]], *,
              schema_properties: dict[str, Any] | None = None,
              texts: dict[str, str] | None = None,
              options: dict[str, list[dict[str, Any]]] | None = None,
              logic: dict[str, str] | None = None) -> Path:
    """The sample app with one extra page `test` holding `components`; extra schema
    properties are added under the model's root, extra texts to nb, options as files, app code
    as `App/logic/<name>` (name → Python source)."""
    target = folder / "apps" / "components"
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(SAMPLE_APPS / "serveringsbevilling", target)
    root = target / "App"
    (root / "ui/form/layouts/test.json").write_text(
        json.dumps({"data": {"layout": components}}), encoding="utf-8")
    settings = json.loads((root / "ui/form/Settings.json").read_text(encoding="utf-8"))
    settings["pages"]["order"].insert(0, "test")
    (root / "ui/form/Settings.json").write_text(json.dumps(settings), encoding="utf-8")
    if schema_properties:
        schema_file = root / "models/model.schema.json"
        schema = json.loads(schema_file.read_text(encoding="utf-8"))
        model = schema["$defs"].get(schema.get("@xsdRootElement", ""), schema)
        model.setdefault("properties", {}).update(schema_properties)
        schema_file.write_text(json.dumps(schema), encoding="utf-8")
    if texts:
        file = root / "config/texts/resource.nb.json"
        resources = json.loads(file.read_text(encoding="utf-8"))
        resources["resources"] += [{"id": k, "value": v} for k, v in texts.items()]
        file.write_text(json.dumps(resources, ensure_ascii=False), encoding="utf-8")
    for options_id, items in (options or {}).items():
        (root / f"options/{options_id}.json").write_text(json.dumps(items), encoding="utf-8")
    for name, source in (logic or {}).items():
        (root / "logic").mkdir(exist_ok=True)
        (root / "logic" / name).write_text(source, encoding="utf-8")
    return target


def start_service(folder: Path, components: list[dict[str, Any]], **build: Any
                  ) -> tuple[Any, str]:
    """The sample app with `components` on its first page (see `build_app`), served on a
    fresh database to a signed-in test client, and the URL of a new instance's first page."""
    from tests.conftest import login, make_app, start_instance

    target = build_app(folder, components, **build)
    client = make_app(folder, BLANKETT_APPS_DIR=str(target.parent)).test_client()
    login(client)
    return client, start_instance(client)


@pytest.fixture
def render(tmp_path: Path) -> Render:
    """render(components, data=None, lang="nb", **build_app options) → the page's HTML."""

    def _render(components: list[dict[str, Any]], data: dict[str, Any] | None = None,
                lang: str = "nb", **kwargs: Any) -> str:
        from flask import render_template

        from tests.conftest import make_app

        target = build_app(tmp_path, components, **kwargs)
        app, problems = load_app(target)
        assert app is not None, [str(p) for p in problems]
        flask_app = make_app(tmp_path, BLANKETT_APPS_DIR=str(target.parent))
        layout_set = app.layout_sets["form"]
        with flask_app.test_request_context("/"):
            view = PageView(app, layout_set, layout_set.pages["test"], data or {}, lang,
                            lambda name: f"/page/{name}")
            return render_template("form_page.html", view=view, instance=None, lang=lang)

    return _render
