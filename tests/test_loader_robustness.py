"""Odd but well-formed JSON never crashes the loader: each problem is reported with file, JSON
path and reason, and only the app that has it is refused."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from forms.jsonc import JsonSyntaxError, loads
from forms.loader import load_app, load_apps
from tests.conftest import SAMPLE_APPS

LAYOUT = "App/ui/form/layouts/soker.json"


def _edit(target: Path, rel: str, change: Callable[[Any], Any]) -> None:
    file = target / rel
    data = json.loads(file.read_text(encoding="utf-8"))
    result = change(data)
    file.write_text(json.dumps(data if result is None else result), encoding="utf-8")


def _add(component: dict) -> Callable[[Any], None]:
    return lambda d: d["data"]["layout"].append(component)


CASES: list[tuple[str, str, Callable[[Any], Any], str]] = [
    ("tabs-not-list", LAYOUT, _add({"id": "t", "type": "Tabs", "tabs": 5}), ""),
    ("grid-rows-not-list", LAYOUT, _add({"id": "g", "type": "Grid", "rows": 5}), ""),
    ("grid-cells-null", LAYOUT, _add({"id": "g", "type": "Grid", "rows": [{"cells": None}]}), ""),
    ("group-children-not-list", LAYOUT, _add({"id": "g", "type": "Group", "children": 5}),
     "should be array"),
    ("layout-item-string", LAYOUT, _add("oops"), "must be an object"),
    ("settings-groups-order", "App/ui/form/Settings.json",
     lambda d: {"pages": {"groups": [{"order": 5}]}}, ""),
    ("settings-pages-not-object", "App/ui/form/Settings.json", lambda d: {"pages": 5},
     "must be an object"),
    ("text-variables-not-list", "App/config/texts/resource.nb.json",
     lambda d: d["resources"][0].update(variables=5), "must be an array"),
    ("bad-binding-path", LAYOUT,
     lambda d: d["data"]["layout"][4].update(dataModelBindings={"simpleBinding": "a..b"}),
     "not a valid data model path"),
    ("image-src-number", LAYOUT, _add({"id": "img", "type": "Image", "image": {"src": 5}}), ""),
    ("party-types-list", "App/config/applicationmetadata.json",
     lambda d: d.update(partyTypesAllowed=["person"]), "must be an object"),
    ("schema-allof-null", "App/models/model.schema.json",
     lambda d: d["$defs"]["Soker"]["properties"]["navn"].update(allOf=None), ""),
    ("schema-allof-self", "App/models/model.schema.json",
     lambda d: d["$defs"].update(Soker={"allOf": [{"$ref": "#/$defs/Soker"}]}), ""),
    ("options-not-list", LAYOUT,
     lambda d: d["data"]["layout"][3].update(options={"a": 1}), "should be array"),
]


@pytest.mark.parametrize(("name", "rel", "change", "reason"), CASES, ids=[c[0] for c in CASES])
def test_odd_input_is_reported_not_raised(copy_app, name: str, rel: str,  # noqa: ANN001
                                          change: Callable[[Any], Any], reason: str) -> None:
    target = copy_app(SAMPLE_APPS / "serveringsbevilling", name)
    _edit(target, rel, change)
    app, problems = load_app(target)  # must not raise
    if reason:
        assert any(reason in p.reason for p in problems), problems
    if app is None:
        assert any(p.severity == "error" for p in problems)


def test_group_cycle_is_an_error(copy_app) -> None:  # noqa: ANN001
    target = copy_app(SAMPLE_APPS / "serveringsbevilling")
    _edit(target, LAYOUT, lambda d: d["data"]["layout"].extend([
        {"id": "ga", "type": "Group", "children": ["gb"]},
        {"id": "gb", "type": "Group", "children": ["ga"]}]))
    app, problems = load_app(target)
    assert app is None
    assert any("cycle" in p.reason and p.file.endswith("soker.json") for p in problems)


def test_2026_default_data_type_must_be_a_string(copy_app) -> None:  # noqa: ANN001
    target = copy_app(SAMPLE_APPS / "serveringsbevilling")
    ui = target / "App/ui"
    (ui / "layout-sets.json").unlink()
    (ui / "form").rename(ui / "Task_1")
    _edit(target, "App/ui/Task_1/Settings.json", lambda d: d.update(defaultDataType=["model"]))
    app, problems = load_app(target)
    assert app is None
    assert any(p.path == "$.defaultDataType" for p in problems)


@pytest.mark.parametrize("text", ["[" * 100000, "1" * 5000])
def test_pathological_json_is_a_syntax_error(text: str) -> None:
    with pytest.raises(JsonSyntaxError):
        loads(text)


def test_an_internal_error_refuses_only_that_app(copy_app, monkeypatch) -> None:  # noqa: ANN001
    good = copy_app(SAMPLE_APPS / "serveringsbevilling", "good")
    bad = copy_app(SAMPLE_APPS / "serveringsbevilling", "bad")
    _edit(bad, "App/config/applicationmetadata.json", lambda d: d.update(id="ekom/bad"))
    import forms.loader as loader

    real = loader.load_app

    def flaky(folder: Path):  # type: ignore[no-untyped-def]
        if folder == bad:
            raise RuntimeError("boom")
        return real(folder)

    monkeypatch.setattr(loader, "load_app", flaky)
    result = load_apps(good.parent)
    assert "ekom/serveringsbevilling" in result.apps
    assert "boom" in result.refused[str(bad)][0].reason
