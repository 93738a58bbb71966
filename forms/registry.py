"""The apps being served. Parsed once at start-up; in local mode the folder is watched and an app
is parsed again when one of its files changes, never per request."""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path

from forms.definitions import AppDefinition
from forms.loader import LoadResult, load_apps
from forms.problems import Problem

log = logging.getLogger(__name__)


def _fingerprint(folder: Path) -> tuple[int, int]:
    count, newest = 0, 0
    for path in folder.rglob("*"):
        if path.is_file():
            count += 1
            newest = max(newest, path.stat().st_mtime_ns)
    return count, newest


class AppRegistry:
    def __init__(self, apps_dir: Path, watch: bool = False, interval: float = 1.0) -> None:
        self.apps_dir = apps_dir
        self.watch = watch
        self.interval = interval
        self._lock = threading.Lock()
        self._checked = 0.0
        self._fingerprint = (0, 0)
        self._result = LoadResult()
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

    @property
    def apps(self) -> dict[str, AppDefinition]:
        self._maybe_reload()
        return self._result.apps

    @property
    def refused(self) -> dict[str, list[Problem]]:
        self._maybe_reload()
        return self._result.refused

    def get(self, app_id: str) -> AppDefinition | None:
        return self.apps.get(app_id)
