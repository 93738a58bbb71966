"""What the designer's tests share: a Flask app on a copy of the sample service (so the
designer may change its files), a client signed in as the org's test admin, and small readers
of what the designer wrote."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import SAMPLE_APPS, login, make_app
from web.org_roles import ADMIN

SAMPLE = "serveringsbevilling"
SAMPLE_ID = "ekom/serveringsbevilling"


def designer_app(tmp_path: Path, **overrides: Any) -> Flask:
    """An app whose apps folder is a copy of layouts/ at tmp_path/apps."""
    apps = tmp_path / "apps"
    if not apps.exists():
        shutil.copytree(SAMPLE_APPS, apps)
    return make_app(tmp_path, BLANKETT_APPS_DIR=str(apps), **overrides)


def as_admin(client: FlaskClient, org: str = "ekom") -> None:
    login(client, ADMIN.local_user_id(org))


def app_root(tmp_path: Path, name: str = SAMPLE) -> Path:
    return tmp_path / "apps" / name / "App"


def read_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8-sig"))
