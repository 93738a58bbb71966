"""Loading real Altinn apps and refusing broken ones with file, JSON path and reason."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from forms.loader import load_app, load_apps
from tests.conftest import SAMPLE_APPS, SHARED, SHARED_APPS


def test_every_shared_altinn_app_loads_without_errors() -> None:
    result = load_apps(SHARED_APPS)
    assert result.refused == {}
    assert set(result.apps) == {
        "ttd/frontend-test", "ttd/signing-test", "ttd/payment-test", "ttd/service-task"}
    frontend = result.apps["ttd/frontend-test"]
    assert frontend.layout_sets["changename"].data_type == "ServiceModel-test"
    assert frontend.layout_sets["changename"].order[0] == "form"


def test_sample_service_loads_cleanly() -> None:
    app, problems = load_app(SAMPLE_APPS / "serveringsbevilling")
    assert app is not None
    assert problems == []
    assert set(app.texts.languages) == {"nb", "nn", "en"}


def test_jsonc_files_are_read(copy_app) -> None:  # noqa: ANN001
    # cards.json in frontend-test has // comments; its components must be there.
    result = load_apps(SHARED_APPS)
    changename = result.apps["ttd/frontend-test"].layout_sets["changename"]
    assert changename.pages["cards"].all_components


def test_folder_without_app_level(copy_app) -> None:  # noqa: ANN001
    target = copy_app(SAMPLE_APPS / "serveringsbevilling", "flat")
    for item in (target / "App").iterdir():
        shutil.move(str(item), target / item.name)
    (target / "App").rmdir()
    app, problems = load_app(target)
    assert app is not None, problems
    assert app.layout_sets["form"].order


def test_older_single_set_form(copy_app) -> None:  # noqa: ANN001
    target = copy_app(SHARED_APPS / "signing-test", "single")
    ui = target / "App" / "ui"
    (ui / "layout-sets.json").unlink()
    shutil.move(str(ui / "form" / "layouts"), ui / "layouts")
    shutil.move(str(ui / "form" / "Settings.json"), ui / "Settings.json")
    for name in ("form", "confirm1", "confirm2"):
        shutil.rmtree(ui / name, ignore_errors=True)
    app, problems = load_app(target)
    assert app is not None, problems
    (layout_set,) = app.layout_sets.values()
    assert layout_set.data_type == "data"
    assert layout_set.tasks == ["Task_1"]
    assert "Input-name" in layout_set.components


def test_2026_form_without_layout_sets(copy_app) -> None:  # noqa: ANN001
    """Folders named after task ids, `defaultDataType` in Settings.json, global Settings.json."""
    target = copy_app(SHARED_APPS / "signing-test", "new-format")
    ui = target / "App" / "ui"
    (ui / "layout-sets.json").unlink()
    shutil.move(str(ui / "form"), ui / "Task_1")
    shutil.copy(SHARED / "altinn/new-ui-format-2026/signing-test/App/ui/Task_1/Settings.json",
                ui / "Task_1" / "Settings.json")
    shutil.copy(SHARED / "altinn/new-ui-format-2026/service-task/App/ui/Settings.json",
                ui / "Settings.json")
    shutil.rmtree(ui / "confirm1")
    shutil.rmtree(ui / "confirm2")
    app, problems = load_app(target)
    assert app is not None, problems
    layout_set = app.layout_set_for_task("Task_1")
    assert layout_set is not None and layout_set.id == "Task_1"
    settings = json.loads((ui / "Task_1" / "Settings.json").read_text(encoding="utf-8-sig"))
    assert layout_set.data_type == settings["defaultDataType"]
    assert "taskNavigation" in app.ui_settings


def _break(target: Path, page: str, text: str) -> Path:
    file = target / "App" / "ui" / "form" / "layouts" / f"{page}.json"
    file.write_text(text, encoding="utf-8")
    return file


def test_json_syntax_error_is_reported_with_line_and_app_refused(copy_app) -> None:  # noqa: ANN001
    good = copy_app(SAMPLE_APPS / "serveringsbevilling", "good")
    bad = copy_app(SAMPLE_APPS / "serveringsbevilling", "bad")
    meta = bad / "App" / "config" / "applicationmetadata.json"
    meta.write_text(meta.read_text().replace("ekom/serveringsbevilling", "ekom/broken"))
    _break(bad, "soker", '{"data": {"layout": [\n  {"id": "x", "type": "Input"\n]}}')
    result = load_apps(good.parent)
    assert "ekom/serveringsbevilling" in result.apps  # the good one still serves
    problems = result.refused[str(bad)]
    (error,) = [p for p in problems if p.severity == "error"]
    assert error.file == "App/ui/form/layouts/soker.json"
    assert error.path.startswith("line 3")
    assert "delimiter" in error.reason


def test_duplicate_id_names_file_path_and_reason(copy_app) -> None:  # noqa: ANN001
    bad = copy_app(SAMPLE_APPS / "serveringsbevilling", "bad")
    file = bad / "App" / "ui" / "form" / "layouts" / "soker.json"
    layout = json.loads(file.read_text())
    first_id = layout["data"]["layout"][1]["id"]
    layout["data"]["layout"][2]["id"] = first_id
    file.write_text(json.dumps(layout))
    app, problems = load_app(bad)
    assert app is None
    errors = [p for p in problems if p.severity == "error"]
    assert any(p.file.endswith("soker.json") and p.path == "$.data.layout[2].id"
               and f"duplicate component id '{first_id}'" in p.reason for p in errors), errors


@pytest.mark.parametrize(
    ("mutate", "path", "reason"),
    [
        (lambda c: c.pop("type"), "$.data.layout[1].type", "needs a string 'type'"),
        (lambda c: c.update(dataModelBindings={"simpleBinding": 5}),
         "$.data.layout[1].dataModelBindings.simpleBinding", "must be a data model path"),
        (lambda c: c.update(textResourceBindings=["x"]),
         "$.data.layout[1].textResourceBindings", "must be an object"),
    ],
)
def test_component_errors(copy_app, mutate, path: str, reason: str) -> None:  # noqa: ANN001
    bad = copy_app(SAMPLE_APPS / "serveringsbevilling", "bad")
    file = bad / "App" / "ui" / "form" / "layouts" / "soker.json"
    layout = json.loads(file.read_text())
    mutate(layout["data"]["layout"][1])
    file.write_text(json.dumps(layout))
    app, problems = load_app(bad)
    assert app is None
    assert any(p.path == path and reason in p.reason for p in problems), problems


def test_an_expression_that_cannot_work_is_reported(copy_app) -> None:  # noqa: ANN001
    target = copy_app(SAMPLE_APPS / "serveringsbevilling", "bad-expression")
    file = target / "App" / "ui" / "form" / "layouts" / "soker.json"
    layout = json.loads(file.read_text())
    layout["data"]["layout"][1]["hidden"] = ["equals", ["nosuchFunction", "x"], 1]
    layout["data"]["layout"][2]["required"] = ["not"]
    layout["data"]["hidden"] = ["and"]
    file.write_text(json.dumps(layout))
    app, _ = load_app(target)
    assert app is not None  # the form falls back to the default; it still serves
    found = {(p.path, p.severity) for p in app.warnings if "cannot work" in p.reason}
    assert found == {("$.data.layout[1].hidden", "warning"),
                     ("$.data.layout[2].required", "warning"), ("$.data.hidden", "warning")}
    assert all(p.file.endswith("soker.json") for p in app.warnings if "cannot work" in p.reason)


def test_page_in_order_without_file(copy_app) -> None:  # noqa: ANN001
    bad = copy_app(SAMPLE_APPS / "serveringsbevilling", "bad")
    (bad / "App" / "ui" / "form" / "layouts" / "styrer.json").unlink()
    app, problems = load_app(bad)
    assert app is None
    assert any(p.file == "App/ui/form/Settings.json" and p.path.startswith("$.pages.order[")
               and "styrer" in p.reason for p in problems)


def test_unknown_component_type_is_not_an_error(copy_app) -> None:  # noqa: ANN001
    target = copy_app(SAMPLE_APPS / "serveringsbevilling", "new-type")
    file = target / "App" / "ui" / "form" / "layouts" / "intro.json"
    layout = json.loads(file.read_text())
    layout["data"]["layout"].insert(1, {"id": "fancy", "type": "FancyWidget"})
    file.write_text(json.dumps(layout))
    app, _ = load_app(target)
    assert app is not None
    assert not app.layout_sets["form"].components["fancy"].supported


def test_apps_check_command(runner, copy_app) -> None:  # noqa: ANN001
    ok = runner.invoke(args=["apps", "check", str(SAMPLE_APPS)])
    assert ok.exit_code == 0, ok.output
    assert "ekom/serveringsbevilling" in ok.output

    bad = copy_app(SAMPLE_APPS / "serveringsbevilling", "bad")
    _break(bad, "styrer", '{"data": {"layout": [{"id": "a", "type": "Input"},'
                          ' {"id": "a", "type": "Input"}]}}')
    result = runner.invoke(args=["apps", "check", str(bad.parent)])
    assert result.exit_code == 1
    assert "App/ui/form/layouts/styrer.json $.data.layout[1].id" in result.output
    assert "duplicate component id 'a'" in result.output
