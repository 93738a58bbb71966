"""The layout JSON Schema made from the component declarations accepts Altinn's real layouts
and catches what a declaration forbids."""

from __future__ import annotations

import json

import pytest
from jsonschema import Draft202012Validator

from forms import jsonc
from forms.components import REGISTRY
from forms.layout_schema import layout_schema
from tests.conftest import SAMPLE_APPS, SHARED_APPS

VALIDATOR = Draft202012Validator(layout_schema())
LAYOUTS = sorted(SHARED_APPS.glob("*/App/ui/*/layouts/*.json")) + sorted(
    SAMPLE_APPS.glob("*/App/ui/*/layouts/*.json"))


def test_the_schema_is_valid_and_covers_every_type() -> None:
    Draft202012Validator.check_schema(layout_schema())
    assert set(REGISTRY) <= set(layout_schema()["$defs"])


@pytest.mark.parametrize("file", LAYOUTS, ids=[f"{f.parts[-5]}/{f.parts[-3]}/{f.name}"
                                               for f in LAYOUTS])
def test_real_layouts_validate(file) -> None:  # noqa: ANN001
    errors = sorted(VALIDATOR.iter_errors(jsonc.load_file(file)), key=str)
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:5])


def test_a_wrong_value_is_caught() -> None:
    page = {"data": {"layout": [
        {"id": "overskrift", "type": "Header", "size": "XXL"},
        {"id": "felt", "type": "Input", "maxLength": "ti",
         "textResourceBindings": {"title": 5}}]}}
    messages = {e.message for e in VALIDATOR.iter_errors(page)}
    assert any("'XXL' is not one of" in m or "XXL" in m for m in messages) or any(
        "'ti' is not of type 'integer'" in m for m in messages)
    assert any("'ti' is not of type 'integer'" in m for m in messages)


def test_cli_prints_the_schema(runner) -> None:  # noqa: ANN001
    result = runner.invoke(args=["apps", "schema"])
    assert result.exit_code == 0
    assert json.loads(result.output)["title"] == "Blankett layout page"
