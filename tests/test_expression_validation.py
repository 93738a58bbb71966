"""Expression validation (validation.json): Altinn's shared tests, both copies (the frontend's
and the backend's, with its backend-only cases), plus cases of our own.

Altinn's frontend harness compares issues in order (layout order, then the config's order) and
its backend harness compares them as a set; both compare only message, severity and field (the
files' `componentId` is in two different styles), so these tests do the same, in order."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

import pytest

os.environ["TZ"] = "UTC"  # Altinn runs its shared tests in UTC
time.tzset()

from forms.expression_validation import (  # noqa: E402
    parse_config,
    run_expression_validation,
    run_shared_test,
)
from forms.expressions.conformance import build_context  # noqa: E402

SUITES = (Path(__file__).resolve().parent.parent.parent / "shared" / "altinn"
          / "expression-tests")
FOLDERS = (
    "app-frontend-react/src/features/validation/expressionValidation/"
    "shared-expression-validation-tests",
    "app-lib-dotnet/test/Altinn.App.Core.Tests/Features/Validators/expression-validation-tests/"
    "shared",
    "app-lib-dotnet/test/Altinn.App.Core.Tests/Features/Validators/expression-validation-tests/"
    "backend",
)
FILES = sorted(f for folder in FOLDERS for f in (SUITES / folder).glob("*.json"))
COMPARED = ("message", "severity", "field")


def test_all_folders_are_there() -> None:
    for folder in FOLDERS:
        assert list((SUITES / folder).glob("*.json")), folder
    assert len(FILES) >= 26


@pytest.mark.parametrize("file", FILES, ids=[str(f.relative_to(SUITES)) for f in FILES])
def test_shared_case(file: Path) -> None:
    spec = json.loads(file.read_text(encoding="utf-8-sig"))
    actual = run_shared_test(spec)
    expected = [{k: e[k] for k in COMPARED if k in e} for e in spec["expects"]]
    assert [{k: a[k] for k in COMPARED} for a in actual] == expected
    assert all(set(a) == set(COMPARED) for a in actual)


# ---- our own cases ------------------------------------------------------------------------

LAYOUTS = {"Side1": {"data": {"layout": [
    {"id": "navn", "type": "Input", "dataModelBindings": {"simpleBinding": "skjema.navn"}},
    {"id": "alder", "type": "Input", "dataModelBindings": {"simpleBinding": "skjema.alder"}},
    {"id": "barn", "type": "RepeatingGroup", "dataModelBindings": {"group": "skjema.barn"},
     "children": ["barn-navn"]},
    {"id": "barn-navn", "type": "Input",
     "dataModelBindings": {"simpleBinding": "skjema.barn.navn"}},
]}}}
DEFINITIONS = {"for-ung": {"message": "for-ung", "severity": "error",
                           "condition": ["lessThan", ["dataModel", ["argv", 0]], 18]}}


def _run(config: dict[str, Any], data: dict[str, Any],
         texts: list[dict[str, Any]] | None = None) -> list[dict[str, Any]]:
    return run_shared_test({"validationConfig": config, "formData": data, "layouts": LAYOUTS,
                            "textResources": texts or [], "expects": []})


def test_ref_inherits_and_own_keys_override() -> None:
    config = {"definitions": DEFINITIONS, "validations": {"skjema.alder": [
        {"ref": "for-ung", "severity": "warning"},
        {"ref": "for-ung", "message": "Under {0}", "condition": ["lessThan",
                                                                 ["dataModel", ["value"]], 67]},
    ]}}
    texts = [{"id": "for-ung", "value": "Du er for ung"}]
    assert _run(config, {"skjema": {"alder": 40}}, texts) == [
        {"message": "Under {0}", "severity": "error", "field": "skjema.alder"}]
    assert _run(config, {"skjema": {"alder": 12}}, texts) == [
        {"message": "Du er for ung", "severity": "warning", "field": "skjema.alder"},
        {"message": "Under {0}", "severity": "error", "field": "skjema.alder"}]


def test_definition_refs_another_definition() -> None:
    config = {"definitions": {**DEFINITIONS, "myndig": {"ref": "for-ung", "message": "m"}},
              "validations": {"skjema.alder": ["myndig"]}}
    parsed = parse_config(config)
    assert parsed.definitions["myndig"].condition == parsed.definitions["for-ung"].condition
    assert _run(config, {"skjema": {"alder": 3}}) == [
        {"message": "m", "severity": "error", "field": "skjema.alder"}]


def test_message_with_variables_in_a_row() -> None:
    config = {"validations": {"skjema.barn.navn": [{
        "message": "barn-feil", "condition": ["equals", ["dataModel", ["argv", 0]], "x"]}]}}
    texts = [{"id": "barn-feil", "value": "Ugyldig navn: {0}",
              "variables": [{"key": "skjema.barn[{0}].navn", "dataSource": "dataModel.default"}]}]
    data = {"skjema": {"barn": [{"navn": "Ola"}, {"navn": "x"}]}}
    assert _run(config, data, texts) == [
        {"message": "Ugyldig navn: x", "severity": "error", "field": "skjema.barn[1].navn"}]


def test_unbound_and_null_fields_and_errors_do_not_fire() -> None:
    config = {"validations": {
        "skjema.ukjent": [{"message": "a", "condition": True}],  # no component binds it
        "skjema.navn": [{"message": "b", "condition": True}],  # null below
        "skjema.alder": [{"message": "c", "condition": ["divide", 1, 0]},  # error: not fired
                         {"message": "d", "condition": "true"}],  # cast to true: fired
    }}
    data = {"skjema": {"ukjent": "x", "navn": None, "alder": 0}}
    assert _run(config, data) == [{"message": "d", "severity": "error", "field": "skjema.alder"}]


def test_run_with_a_context_built_elsewhere() -> None:
    ctx = build_context({"dataModel": {"skjema": {"alder": 5}}, "layouts": LAYOUTS})
    config = parse_config({"definitions": DEFINITIONS,
                           "validations": {"skjema.alder": ["for-ung"]}})
    assert ctx.layout is not None
    assert run_expression_validation(config, ctx.layout, ctx) == [
        {"message": "for-ung", "severity": "error", "field": "skjema.alder"}]


@pytest.mark.parametrize("config, wanted", [
    ({"validations": {"a.b": ["finnes-ikke"]}, "definitions": DEFINITIONS},
     'validations.a.b[0]: unknown definition "finnes-ikke" (known: for-ung)'),
    ({"validations": {"a.b": [{"ref": "nei", "message": "m"}]}},
     'validations.a.b[0].ref: unknown definition "nei" (the config has no definitions)'),
    ({"validations": {"a.b": [{"message": "m"}]}}, "validations.a.b[0]: missing `condition`"),
    ({"validations": {"a.b": [{"condition": True}]}}, "validations.a.b[0]: missing `message`"),
    ({"validations": {"a.b": [{"message": "m", "condition": True, "severity": "fatal"}]}},
     "validations.a.b[0].severity: must be one of error, warning, info, success"),
    ({"validations": {"a.b": [{"message": "m", "condition": ["nope", 1]}]}},
     'validations.a.b[0].condition: invalid expression: Function "nope" not implemented'),
    ({"validations": {"a.b": "for-ung"}, "definitions": DEFINITIONS},
     "validations.a.b: must be a list"),
    ({"definitions": {"x": {"ref": "y"}, "y": {"ref": "x"}}}, "`ref` cycle"),
    ([], "validation config must be an object"),
])
def test_bad_config_is_a_clear_value_error(config: Any, wanted: str) -> None:
    with pytest.raises(ValueError) as raised:
        parse_config(config)
    assert wanted in str(raised.value)
