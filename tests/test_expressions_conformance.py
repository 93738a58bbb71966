"""Altinn's shared expression tests, both copies (the frontend's and the backend's), through the
same runner as `flask --app app expressions test`. Every case passes or is a documented skip."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from forms.expressions.conformance import CONFLICTS, FRONTEND_ONLY, case_files, run_file
from tests.conftest import SHARED

os.environ["TZ"] = "UTC"  # Altinn runs its date tests in UTC
time.tzset()

SUITES = SHARED / "altinn" / "expression-tests"
FILES = list(case_files([SUITES]))


def test_both_copies_are_there() -> None:
    copies = {f.relative_to(SUITES).parts[0] for f in FILES}
    assert copies == {"app-frontend-react", "app-lib-dotnet"}
    assert len(FILES) > 1300


@pytest.mark.parametrize("file", FILES, ids=[str(f.relative_to(SUITES)) for f in FILES])
def test_shared_case(file: Path) -> None:
    results = run_file(file)
    failures = [f"{r.name}: {r.reason}" for r in results if r.status == "failed"]
    assert not failures, "\n".join(failures)
    for result in results:
        if result.status == "skipped":
            allowed = list(FRONTEND_ONLY.values()) + list(CONFLICTS.values())
            assert any(reason in result.reason for reason in allowed), result.reason


def test_cli_prints_failures_and_a_summary_line(runner, tmp_path: Path) -> None:  # noqa: ANN001
    good = SUITES / "app-frontend-react/src/features/expressions/shared-tests/functions/concat"
    bad = tmp_path / "bad.json"
    bad.write_text('{"name": "made up", "expression": ["concat", "a", "b"], "expects": "abc"}')
    result = runner.invoke(args=["expressions", "test", str(good), str(bad)])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert any(line.startswith("FAIL") and "bad.json" in line and 'expected "abc", got "ab"'
               in line for line in lines)
    passed = len(list(good.glob("*.json")))
    assert lines[-1] == f"{passed} passed, 1 failed, 0 skipped"


def test_a_case_the_engine_has_not_seen(tmp_path: Path) -> None:
    """Written in the same format, not from Altinn's suite: the engine applies the rules."""
    case = tmp_path / "unseen.json"
    case.write_text("""{
      "name": "Total price with VAT inside a repeating group row",
      "expression": ["if", ["greaterThan", ["component", "antall"], 2],
                     ["round", ["multiply", ["component", "pris"],
                                ["component", "antall"], 1.25], 2],
                     "else", ["concat", "Bare ", ["component", "antall"]]],
      "context": {"component": "pris", "rowIndices": [1], "currentLayout": "Side"},
      "expects": "37.50",
      "layouts": {"Side": {"data": {"layout": [
        {"id": "linjer", "type": "RepeatingGroup", "dataModelBindings": {"group": "linjer"},
         "children": ["pris", "antall"]},
        {"id": "pris", "type": "Input", "dataModelBindings": {"simpleBinding": "linjer.pris"}},
        {"id": "antall", "type": "Input", "dataModelBindings": {"simpleBinding": "linjer.antall"}}
      ]}}},
      "dataModel": {"linjer": [{"pris": 100, "antall": 1}, {"pris": 10, "antall": 3}]}
    }""")
    (result,) = run_file(case)
    assert result.status == "passed", result.reason
