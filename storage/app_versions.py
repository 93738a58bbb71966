"""Published versions of app definitions, kept in the database so every web and worker process
serves the same ones (the registry reads them through `PublishedVersions`).

A version is a zip of the app's `App/` folder, made the same way every time (sorted names, fixed
times), so two publications of the same files have the same SHA-256."""

from __future__ import annotations

import hashlib
import io
import shutil
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session, defer

from storage.models import AppVersion, UnpublishedApp, utcnow

_FIXED_TIME = (2020, 1, 1, 0, 0, 0)
# Not part of an app's definition: caches and tools' leftovers.
_SKIPPED_PARTS = {"__pycache__", ".git", "bin", "obj", "node_modules"}
MAX_APP_BYTES = 50 * 1024 * 1024  # all files of one app, unpacked


def app_files(root: Path) -> Iterator[tuple[str, Path]]:
    """(path under App/, file) for every file of the app whose `App/` folder is `root`."""
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if (path.is_file() and not any(part in _SKIPPED_PARTS or part.startswith(".")
                                       for part in relative.parts)
                and path.suffix != ".pyc"):
            yield relative.as_posix(), path


def zip_files(files: dict[str, bytes]) -> bytes:
    """A zip with each file under `App/`, the same bytes for the same files."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(f"App/{name}", date_time=_FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, files[name])
    return out.getvalue()


def read_files(root: Path) -> dict[str, bytes]:
    """Every file of the app whose `App/` folder is `root`, by its path under App/."""
    return {name: path.read_bytes() for name, path in app_files(root)}


def unzip_files(blob: bytes) -> dict[str, bytes]:
    """The files of a version's zip, by their path under App/."""
    with zipfile.ZipFile(io.BytesIO(blob)) as archive:
        return {info.filename.removeprefix("App/"): archive.read(info)
                for info in archive.infolist()
                if not info.is_dir() and info.filename.startswith("App/")}


def files_sha256(files: dict[str, bytes]) -> str:
    """What tells versions apart: the SHA-256 of the files' zip (the same for the same files)."""
    return hashlib.sha256(zip_files(files)).hexdigest()


def version_sha256(session: Session, app_id: str, version: int) -> str | None:
    return session.scalar(select(AppVersion.sha256).where(
        AppVersion.app_id == app_id, AppVersion.version == version))


def publish(session: Session, app_id: str, files: dict[str, bytes], user_id: str | None,
            note: str | None = None) -> AppVersion:
    """Store `files` as the app's next version (not committed)."""
    newest = session.scalar(select(func.max(AppVersion.version))
                            .where(AppVersion.app_id == app_id)) or 0
    blob = zip_files(files)
    version = AppVersion(app_id=app_id, version=newest + 1, files=blob,
                         sha256=hashlib.sha256(blob).hexdigest(), note=note,
                         created=utcnow(), created_by=user_id)
    session.add(version)
    session.execute(delete(UnpublishedApp).where(UnpublishedApp.app_id == app_id))
    return version


def history(session: Session, app_id: str) -> list[AppVersion]:
    """The app's versions, newest first, without their files."""
    return list(session.scalars(
        select(AppVersion).options(defer(AppVersion.files))
        .where(AppVersion.app_id == app_id).order_by(AppVersion.version.desc())))


def get_version(session: Session, app_id: str, version: int) -> AppVersion | None:
    return session.scalar(select(AppVersion).where(AppVersion.app_id == app_id,
                                                   AppVersion.version == version))


def mark_unpublished(session: Session, app_id: str, user_id: str | None) -> None:
    """A new app made in the designer: hidden from citizens until it is published."""
    if session.get(UnpublishedApp, app_id) is None:
        session.add(UnpublishedApp(app_id=app_id, created=utcnow(), created_by=user_id))


def latest_versions(session: Session) -> dict[str, int]:
    return {app_id: version for app_id, version in session.execute(
        select(AppVersion.app_id, func.max(AppVersion.version)).group_by(AppVersion.app_id))}


def unpublished_apps(session: Session) -> set[str]:
    return set(session.scalars(select(UnpublishedApp.app_id)))


class PublishedVersions:
    """What the app registry (forms/registry.py) needs from the database: which version of
    each app is newest, which apps wait for their first publication, and a version's files
    unpacked into a folder of this process's cache (made once, then reused)."""

    def __init__(self, sessions: Callable[[], Session], cache_dir: Path) -> None:
        self.sessions = sessions
        self.cache_dir = cache_dir

    def snapshot(self) -> tuple[dict[str, int], set[str]]:
        with self.sessions() as session:
            return latest_versions(session), unpublished_apps(session)

    def folder(self, app_id: str, version: int) -> Path | None:
        """A folder holding `App/` of this version, or None if there is no such version. The
        folder is named by the version's SHA-256 too, so a cache never serves another
        database's (or a reset database's) version of the same number."""
        with self.sessions() as session:
            sha = version_sha256(session, app_id, version)
            if sha is None:
                return None
            target = self.cache_dir / app_id / f"{version}-{sha[:20]}"
            if (target / "App").is_dir():
                return target
            found = get_version(session, app_id, version)
            files = unzip_files(found.files) if found is not None else {}
        target.parent.mkdir(parents=True, exist_ok=True)
        building = Path(tempfile.mkdtemp(prefix=f".{version}-", dir=target.parent))
        for name, content in files.items():
            path = (building / "App" / name).resolve()
            if not path.is_relative_to(building.resolve()):
                continue  # never written outside the folder, whatever the zip says
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
        try:
            building.rename(target)
        except OSError:  # another thread or process made it first: theirs is the same
            shutil.rmtree(building, ignore_errors=True)
        return target
