"""The apps being served. Parsed once at start-up; in local mode the folder is watched and an app
is parsed again when one of its files changes, never per request.

An app's files (the folder in BLANKETT_APPS_DIR that developers edit, and the designer too) are
its draft. Once an app has been published (storage/app_versions.py), citizens get its newest
published version instead, and each instance keeps the version it started on; an app never
published is served from its files, as they are, unless the designer made it and it waits for
its first publication."""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path
from typing import Any, Protocol

from forms.definitions import AppDefinition
from forms.loader import LoadResult, load_app, load_apps
from forms.problems import Problem

log = logging.getLogger(__name__)


class PublishedSource(Protocol):
    """Where published versions come from (storage.app_versions.PublishedVersions)."""

    def snapshot(self) -> tuple[dict[str, int], set[str]]: ...

    def folder(self, app_id: str, version: int) -> Path | None: ...


def _fingerprint(folder: Path) -> tuple[int, int]:
    count, newest = 0, 0
    for path in folder.rglob("*"):
        if path.is_file():
            count += 1
            newest = max(newest, path.stat().st_mtime_ns)
    return count, newest


class AppRegistry:
    def __init__(self, apps_dir: Path, watch: bool = False, interval: float = 1.0,
                 published: PublishedSource | None = None,
                 published_interval: float = 2.0) -> None:
        self.apps_dir = apps_dir
        self.watch = watch
        self.interval = interval
        self.published = published
        self.published_interval = published_interval
        self._lock = threading.Lock()
        self._checked = 0.0
        self._fingerprint = (0, 0)
        self._result = LoadResult()
        self._latest: dict[str, int] = {}
        self._unpublished: set[str] = set()
        self._published_checked = float("-inf")
        self._versions: dict[tuple[str, int], AppDefinition | None] = {}
        self._app_prints: dict[Path, tuple[int, int]] = {}
        self._seen_orgs: set[str] = set()
        self._last_good: dict[str, AppDefinition] = {}  # each draft's last parse that loaded
        self.reload()

    def reload(self) -> None:
        result = load_apps(self.apps_dir)
        for folder, problems in result.refused.items():
            log.error("App in %s is refused:\n  %s", folder,
                      "\n  ".join(str(p) for p in problems if p.severity == "error"))
        for app in result.apps.values():
            for warning in app.warnings:
                log.debug("%s: %s", app.id, warning)
        self._result = result
        self._fingerprint = _fingerprint(self.apps_dir) if self.apps_dir.is_dir() else (0, 0)
        self._app_prints = {app.folder: _fingerprint(app.folder) for app in result.apps.values()}
        self._last_good.update(result.apps)

    def reload_app(self, folder: Path) -> None:
        """Parse one app folder again at once (after the designer wrote its files)."""
        with self._lock:
            result = LoadResult(dict(self._result.apps), dict(self._result.refused))
            for app_id, app in list(result.apps.items()):
                if app.folder == folder:
                    del result.apps[app_id]
            result.refused.pop(str(folder), None)
            try:
                app, problems = load_app(folder) if folder.is_dir() else (None, [])
            except Exception as exc:  # a bug of ours must not take the other apps down
                app, problems = None, [Problem("", "$", f"internal error while loading: {exc!r}")]
            if app is not None and app.id not in result.apps:
                result.apps[app.id] = app
                self._last_good[app.id] = app
            elif folder.is_dir():
                result.refused[str(folder)] = problems
            self._result = result
            self._app_prints[folder] = _fingerprint(folder) if folder.is_dir() else (0, 0)
            self._fingerprint = (_fingerprint(self.apps_dir) if self.apps_dir.is_dir()
                                 else (0, 0))

    def _maybe_reload(self) -> None:
        if not self.watch or time.monotonic() - self._checked < self.interval:
            return
        with self._lock:
            if time.monotonic() - self._checked < self.interval:
                return
            self._checked = time.monotonic()
            current = _fingerprint(self.apps_dir) if self.apps_dir.is_dir() else (0, 0)
            if current != self._fingerprint:
                log.info("App definitions changed; loading them again")
                self.reload()

    def _maybe_refresh_published(self, force: bool = False) -> None:
        """Which versions are newest, asked of the database at most every few seconds, so a
        publication in another process reaches this one soon after."""
        if self.published is None:
            return
        if not force and time.monotonic() - self._published_checked < self.published_interval:
            return
        with self._lock:
            try:
                self._latest, self._unpublished = self.published.snapshot()
            except Exception:  # the database may not be migrated yet; files still serve
                log.exception("Could not read the published app versions")
            self._published_checked = time.monotonic()

    def published_changed(self) -> None:
        """Called after a publication in this process: see it at once."""
        self._maybe_refresh_published(force=True)

    def version(self, app_id: str, version: int) -> AppDefinition | None:
        """Published version `version` of the app, loaded once per process."""
        key = (app_id, version)
        if key in self._versions:
            return self._versions[key]
        found: AppDefinition | None = None
        folder = self.published.folder(app_id, version) if self.published else None
        if folder is not None:
            found, problems = load_app(folder)
            if found is None:
                log.error("Version %d of %s no longer loads:\n  %s", version, app_id,
                          "\n  ".join(str(p) for p in problems if p.severity == "error"))
            else:
                found.version = version
        self._versions[key] = found
        return found

    # --- what citizens, the API and the jobs are served ---

    @property
    def apps(self) -> dict[str, AppDefinition]:
        """The app each id serves now: its newest published version, else its files."""
        self._maybe_reload()
        self._maybe_refresh_published()
        served: dict[str, AppDefinition] = {}
        for app_id in sorted(set(self._result.apps) | set(self._latest)):
            app = self.get(app_id)
            if app is not None:
                served[app_id] = app
        return served

    def get(self, app_id: str) -> AppDefinition | None:
        """The app new instances of `app_id` start on."""
        self._maybe_reload()
        self._maybe_refresh_published()
        if app_id in self._latest:
            return self.version(app_id, self._latest[app_id])
        if app_id in self._unpublished:
            return None
        return self._result.apps.get(app_id)

    def for_instance(self, instance: Any) -> AppDefinition | None:
        """The app an instance runs on: the version it started on, to its end. One that
        started before the app's first version runs on that first version (the designer
        publishes the files as they were before its first change)."""
        version = getattr(instance, "app_version", None)
        if version is None:
            self._maybe_refresh_published()
            if instance.app_id not in self._latest:
                return self.draft(instance.app_id)
            version = 1
        return self.version(instance.app_id, version)

    def orgs(self) -> set[str]:
        """Every org with an app here, served or in draft, or whose app loaded earlier in this
        process (a developer's broken file must not sign its admins out of the designer)."""
        self._maybe_reload()
        self._maybe_refresh_published()
        self._seen_orgs |= ({app.org for app in self._result.apps.values()}
                            | {app_id.split("/", 1)[0] for app_id in self._latest})
        return set(self._seen_orgs)

    # --- the drafts: the files as they are, for the designer and the preview ---

    @property
    def drafts(self) -> dict[str, AppDefinition]:
        self._maybe_reload()
        return self._result.apps

    def draft(self, app_id: str) -> AppDefinition | None:
        return self.drafts.get(app_id)

    def fresh_draft(self, app_id: str) -> AppDefinition | None:
        """The draft, parsed again first if its files changed since it was loaded (by a
        developer, or by the designer in another process sharing the folder), whether or not
        this registry watches the folder; only that app's files are looked at. If they no
        longer load, the last good parse is given, so the designer can still show the app and
        say what is wrong (its check, and every save it refuses)."""
        app = self.draft(app_id) or self._last_good.get(app_id)
        if app is None or not app.folder.is_dir():
            return None
        if _fingerprint(app.folder) != self._app_prints.get(app.folder):
            self.reload_app(app.folder)
        return self.draft(app_id) or self._last_good.get(app_id)

    @property
    def refused(self) -> dict[str, list[Problem]]:
        self._maybe_reload()
        return self._result.refused

    def latest_version(self, app_id: str) -> int | None:
        self._maybe_refresh_published()
        return self._latest.get(app_id)

    def is_unpublished(self, app_id: str) -> bool:
        self._maybe_refresh_published()
        return app_id in self._unpublished
