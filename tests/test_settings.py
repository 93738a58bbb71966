from pathlib import Path

import pytest

from web.settings import SettingsError, load_settings


def test_local_mode_needs_nothing(tmp_path: Path) -> None:
    settings = load_settings({}, None, tmp_path)
    assert settings["LOCAL_MODE"] is True
    assert settings["DATABASE_URL"] == f"sqlite:///{tmp_path / 'blankett.db'}"
    assert settings["BLANKETT_APPS_DIR"].endswith("layouts")
    # The generated secret is kept, so sessions survive a restart.
    assert load_settings({}, None, tmp_path)["SECRET_KEY"] == settings["SECRET_KEY"]
    assert len(settings["SECRET_KEY"]) == 64


def test_production_refuses_to_start_without_its_settings(tmp_path: Path) -> None:
    with pytest.raises(SettingsError) as info:
        load_settings({"BLANKETT_ENV": "production"}, None, tmp_path)
    for name in ("DATABASE_URL", "SECRET_KEY", "OIDC_ISSUER"):
        assert name in str(info.value)
    assert not (tmp_path / "secret_key").exists()


def test_production_refuses_sqlite(tmp_path: Path) -> None:
    env = {"BLANKETT_ENV": "production", "DATABASE_URL": "sqlite:///x.db", "SECRET_KEY": "s",
           "OIDC_ISSUER": "https://idp", "OIDC_CLIENT_ID": "c", "OIDC_CLIENT_SECRET": "s"}
    with pytest.raises(SettingsError, match="PostgreSQL"):
        load_settings(env, None, tmp_path)


def test_unknown_environment_name(tmp_path: Path) -> None:
    with pytest.raises(SettingsError):
        load_settings({"BLANKETT_ENV": "staging"}, None, tmp_path)
