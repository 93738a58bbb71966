"""Apps are parsed once; in local mode a changed file is picked up without a restart."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

from forms.registry import AppRegistry
from tests.conftest import SAMPLE_APPS


def _touch_text(file: Path, old: str, new: str) -> None:
    file.write_text(file.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    later = time.time() + 5
    os.utime(file, (later, later))


def test_local_mode_reloads_a_changed_app(copy_app) -> None:  # noqa: ANN001
    target = copy_app(SAMPLE_APPS / "serveringsbevilling")
    registry = AppRegistry(target.parent, watch=True, interval=0)
    first = registry.get("ekom/serveringsbevilling")
    assert first is not None
    assert registry.get("ekom/serveringsbevilling") is first  # not parsed per request

    texts = target / "App/config/texts/resource.nb.json"
    _touch_text(texts, "Søknad om serveringsbevilling", "Søknad om skjenkebevilling")
    second = registry.get("ekom/serveringsbevilling")
    assert second is not first
    assert second is not None and second.title("nb") == "Søknad om skjenkebevilling"

    # Breaking the app refuses it; the problem is kept for the preview page.
    layout = target / "App/ui/form/layouts/intro.json"
    layout.write_text("{", encoding="utf-8")
    os.utime(layout, (time.time() + 10, time.time() + 10))
    assert registry.get("ekom/serveringsbevilling") is None
    assert str(target) in registry.refused


def test_production_does_not_watch(copy_app) -> None:  # noqa: ANN001
    target = copy_app(SAMPLE_APPS / "serveringsbevilling")
    registry = AppRegistry(target.parent, watch=False)
    first = registry.get("ekom/serveringsbevilling")
    meta = target / "App/config/applicationmetadata.json"
    data = json.loads(meta.read_text())
    data["title"]["nb"] = "Endret"
    meta.write_text(json.dumps(data))
    assert registry.get("ekom/serveringsbevilling") is first


def test_a_draft_is_read_again_when_its_files_change_without_watching(tmp_path) -> None:  # noqa: ANN001
    """Another process (the designer behind a load balancer, on a shared folder) or a developer
    changed the files: the designer's next look at that app reads them again."""
    import json
    import shutil

    from forms.registry import AppRegistry
    from tests.conftest import SAMPLE_APPS

    shutil.copytree(SAMPLE_APPS, tmp_path / "apps")
    registry = AppRegistry(tmp_path / "apps", watch=False)
    app_id = "ekom/serveringsbevilling"
    assert registry.fresh_draft(app_id) is registry.draft(app_id)  # unchanged: not parsed again
    texts = tmp_path / "apps" / "serveringsbevilling" / "App" / "config" / "texts" / \
        "resource.nb.json"
    content = json.loads(texts.read_text(encoding="utf-8"))
    content["resources"].append({"id": "ny.tekst", "value": "Ny tekst"})
    texts.write_text(json.dumps(content), encoding="utf-8")
    assert registry.draft(app_id).texts.find("ny.tekst", "nb") is None  # not watching
    assert registry.fresh_draft(app_id).texts.find("ny.tekst", "nb").value == "Ny tekst"
