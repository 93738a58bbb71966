"""An app's draft: its folder of files, as the designer reads and changes them.

Every change goes through `Workspace.change()`: the files are changed, the app is loaded again
with the same checks as `apps check`, and if it no longer loads the files are put back as they
were and `ChangeRefused` names every problem (file, JSON path, reason). So a designer save never
leaves a broken app behind, and a file is only written when its content changes."""

from __future__ import annotations

import fcntl
import hashlib
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from designer import stable_json
from forms.definitions import AppDefinition, LayoutSet
from forms.loader import app_root, load_app
from forms.problems import Problem
from forms.texts import LANGUAGES
from storage.app_versions import read_files


class ChangeRefused(Exception):
    """The change would leave an app that does not load; nothing was kept."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems


class Workspace:
    """The files of one app (its folder in BLANKETT_APPS_DIR, with or without `App/`)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.root = app_root(folder)

    # --- reading and writing files, by their path under App/ ---

    def path(self, name: str) -> Path:
        path = (self.root / name).resolve()
        if not path.is_relative_to(self.root.resolve()):
            raise ValueError(f"{name} is outside the app")
        return path

    def read_json(self, name: str, default: Any = None) -> Any:
        path = self.path(name)
        return stable_json.read(path) if path.is_file() else default

    def write_json(self, name: str, value: Any, sort_keys: bool = True) -> bool:
        """Write in the stable form; False when the file already held this JSON."""
        return stable_json.write_if_changed(self.path(name), value, sort_keys)

    def delete(self, name: str) -> None:
        self.path(name).unlink(missing_ok=True)

    def files(self) -> dict[str, bytes]:
        return read_files(self.root)

    # --- the parts of an app ---

    @staticmethod
    def set_folder(layout_set: LayoutSet) -> Path:
        if layout_set.folder is None:
            raise ValueError(f"layout set {layout_set.id} has no folder")
        return layout_set.folder

    def name_of(self, path: Path) -> str:
        return path.resolve().relative_to(self.root.resolve()).as_posix()

    def page_file(self, layout_set: LayoutSet, page: str) -> str:
        return self.name_of(self.set_folder(layout_set) / "layouts" / f"{page}.json")

    def settings_file(self, layout_set: LayoutSet) -> str:
        return self.name_of(self.set_folder(layout_set) / "Settings.json")

    def read_page(self, layout_set: LayoutSet, page: str) -> dict[str, Any]:
        """The page file's JSON ({"$schema":..., "data": {"layout": [...]}})."""
        found = self.read_json(self.page_file(layout_set, page))
        return found if isinstance(found, dict) else {"data": {"layout": []}}

    def write_page(self, layout_set: LayoutSet, page: str, content: dict[str, Any]) -> bool:
        return self.write_json(self.page_file(layout_set, page), content)

    def read_settings(self, layout_set: LayoutSet) -> dict[str, Any]:
        found = self.read_json(self.settings_file(layout_set))
        return found if isinstance(found, dict) else {}

    def write_page_order(self, layout_set: LayoutSet, order: list[str]) -> bool:
        settings = self.read_settings(layout_set)
        pages = dict(settings["pages"]) if isinstance(settings.get("pages"), dict) else {}
        groups = pages.get("groups")
        if "order" not in pages and isinstance(groups, list) and groups and all(
                isinstance(g, dict) and isinstance(g.get("order"), list) for g in groups):
            pages["groups"] = _regroup(groups, order)  # pages kept in their groups
        else:
            pages["order"] = order
        settings["pages"] = pages
        settings.setdefault("$schema", "https://altinncdn.no/toolkits/altinn-app-frontend/4/"
                                       "schemas/json/layout/layoutSettings.schema.v1.json")
        return self.write_json(self.settings_file(layout_set), settings)

    @staticmethod
    def texts_file(lang: str) -> str:
        if lang not in LANGUAGES:
            raise ValueError(f"unknown language {lang}")
        return f"config/texts/resource.{lang}.json"

    def read_texts(self, lang: str) -> dict[str, dict[str, Any]]:
        """The resources of one language, by id."""
        found = self.read_json(self.texts_file(lang), {})
        resources = found.get("resources") if isinstance(found, dict) else None
        return {r["id"]: r for r in resources or [] if isinstance(r, dict)
                and isinstance(r.get("id"), str)}

    def write_texts(self, lang: str, resources: dict[str, dict[str, Any]]) -> bool:
        """Sorted by id: their order carries no meaning, and sorted files merge cleanly."""
        found = self.read_json(self.texts_file(lang), {})
        content = dict(found) if isinstance(found, dict) else {}
        content["language"] = lang
        content["resources"] = [resources[key] for key in sorted(resources)]
        return self.write_json(self.texts_file(lang), content)

    @staticmethod
    def options_file(options_id: str) -> str:
        return f"options/{options_id}.json"

    def read_options(self, options_id: str) -> list[dict[str, Any]] | None:
        found = self.read_json(self.options_file(options_id))
        return found if isinstance(found, list) else None

    def write_options(self, options_id: str, options: list[dict[str, Any]]) -> bool:
        return self.write_json(self.options_file(options_id), options)

    @staticmethod
    def schema_file(data_type: str) -> str:
        return f"models/{data_type}.schema.json"

    def read_schema(self, data_type: str) -> dict[str, Any] | None:
        found = self.read_json(self.schema_file(data_type))
        return found if isinstance(found, dict) else None

    def write_schema(self, data_type: str, schema: dict[str, Any]) -> bool:
        """Keys kept in their order: a schema's properties are the data model's field order."""
        return self.write_json(self.schema_file(data_type), schema, sort_keys=False)

    # --- changing safely ---

    def load(self) -> tuple[AppDefinition | None, list[Problem]]:
        return load_app(self.folder)

    @contextmanager
    def locked(self) -> Iterator[None]:
        """One change at a time to this app, across threads and processes on this machine, so
        two admins saving at once cannot interleave their reads and writes (or one's refused
        change put back files over the other's)."""
        digest = hashlib.sha256(str(self.folder.resolve()).encode()).hexdigest()[:32]
        lock_file = Path(tempfile.gettempdir()) / "blankett-designer-locks" / f"{digest}.lock"
        lock_file.parent.mkdir(parents=True, exist_ok=True)
        with lock_file.open("a") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    @contextmanager
    def change(self) -> Iterator[None]:
        """Make changes inside this block; if the app then does not load, every file is put
        back as it was and ChangeRefused is raised with the problems. Changes to one app are
        made one at a time (`locked`)."""
        with self.locked():
            before = self.files()
            try:
                yield
                app, problems = self.load()
            except BaseException:
                self.restore(before)
                raise
            if app is None:
                self.restore(before)
                raise ChangeRefused([p for p in problems if p.severity == "error"])

    def restore(self, files: dict[str, bytes]) -> None:
        """Make the app's files exactly `files` (by path under App/)."""
        now = self.files()
        for name in now.keys() - files.keys():
            self.path(name).unlink(missing_ok=True)
        for name, content in files.items():
            if now.get(name) != content:
                path = self.path(name)
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(content)


def _regroup(groups: list[dict[str, Any]], order: list[str]) -> list[dict[str, Any]]:
    """Page groups (Settings.json pages.groups) following a new page order: each page stays in
    its group, in the new order; a page in no group joins the last one."""
    home = {name: i for i, group in enumerate(groups) for name in group["order"]}
    regrouped = [dict(group, order=[]) for group in groups]
    for name in order:
        regrouped[home.get(name, len(groups) - 1)]["order"].append(name)
    return regrouped


def apply(workspace: Workspace, edit: Callable[[Workspace], None]) -> None:
    """Run `edit` as one change (see Workspace.change)."""
    with workspace.change():
        edit(workspace)
