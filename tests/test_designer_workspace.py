"""The workspace under concurrent saves: changes to one app are made one at a time, so two
admins adding texts at once both keep theirs."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

from designer.workspace import Workspace
from tests.conftest import SAMPLE_APPS


def test_concurrent_changes_to_one_app_both_land(tmp_path: Path) -> None:
    shutil.copytree(SAMPLE_APPS / "serveringsbevilling", tmp_path / "app")
    errors: list[BaseException] = []

    def add_texts(prefix: str) -> None:
        workspace = Workspace(tmp_path / "app")
        try:
            for i in range(8):
                with workspace.change():
                    texts = workspace.read_texts("nb")
                    texts[f"{prefix}{i}"] = {"id": f"{prefix}{i}", "value": prefix}
                    workspace.write_texts("nb", texts)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=add_texts, args=(p,)) for p in ("a", "b", "c")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    texts = Workspace(tmp_path / "app").read_texts("nb")
    assert {f"{p}{i}" for p in "abc" for i in range(8)} <= set(texts)
