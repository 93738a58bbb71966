"""Settings from the environment, in one place, with safe defaults for local mode.

Local mode (the default) needs nothing: SQLite under `instance/`, a generated secret kept in
`instance/secret_key`, the built-in test login. Production refuses to start without the settings
it cannot safely guess."""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


class SettingsError(RuntimeError):
    """Production was asked for without what production needs."""


def _local_secret(instance_dir: Path) -> str:
    file = instance_dir / "secret_key"
    if file.is_file():
        return file.read_text().strip()
    instance_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    file.write_text(key)
    file.chmod(0o600)
    return key


def _org_pairs(setting: str, value: str) -> tuple[tuple[str, str], ...]:
    from web.org_roles import OrgRoleError, parse_org_pairs

    try:
        return parse_org_pairs(setting, value)
    except OrgRoleError as error:
        raise SettingsError(str(error)) from error


def load_settings(environ: Mapping[str, str], overrides: Mapping[str, Any] | None,
                  instance_dir: Path) -> dict[str, Any]:
    source: dict[str, Any] = {k: v for k, v in environ.items() if k in _KNOWN}
    source.update(overrides or {})
    env = str(source.get("BLANKETT_ENV", "local")).lower()
    if env not in ("local", "production"):
        raise SettingsError(f"BLANKETT_ENV must be 'local' or 'production', not '{env}'")
    settings: dict[str, Any] = {
        "BLANKETT_ENV": env,
        "LOCAL_MODE": env == "local",
        "BLANKETT_APPS_DIR": str(source.get("BLANKETT_APPS_DIR") or ROOT / "layouts"),
        "DATABASE_URL": source.get("DATABASE_URL")
        or f"sqlite:///{instance_dir / 'blankett.db'}",
        "SECRET_KEY": source.get("SECRET_KEY"),
        "BLANKETT_ADMINS": source.get("BLANKETT_ADMINS", ""),
        "SESSION_IDLE_MINUTES": int(source.get("SESSION_IDLE_MINUTES") or 60),
        "SESSION_MAX_HOURS": int(source.get("SESSION_MAX_HOURS") or 12),
        # The register service prefill reads (Altinn's Register and Profile JSON); local mode
        # reads the localtest data unless one is given.
        "REGISTER_URL": source.get("REGISTER_URL") or None,
        # Background jobs (jobs/): on Redis with rq workers when REDIS_URL is set, otherwise
        # in an in-process worker. A job is tried again, with growing pauses, for this long.
        "REDIS_URL": source.get("REDIS_URL") or None,
        "JOB_QUEUE": source.get("JOB_QUEUE") or "blankett",  # the rq queue's name
        "JOB_RETRY_HOURS": float(source.get("JOB_RETRY_HOURS") or 48),
        # The first pause after a failed attempt (each later one is twice the one before),
        # and how long an attempt may take before it is taken for dead (its worker killed).
        "JOB_FIRST_PAUSE_SECONDS": float(source.get("JOB_FIRST_PAUSE_SECONDS") or 2),
        "JOB_LEASE_SECONDS": float(source.get("JOB_LEASE_SECONDS") or 600),
        # The eFormidling integration point; local mode starts a stand-in when none is given.
        "EFORMIDLING_URL": source.get("EFORMIDLING_URL") or None,
        # The agency's organisation number, the sender of every hand-off.
        "EFORMIDLING_SENDER": source.get("EFORMIDLING_SENDER") or "991825827",
        # Who works in the case workers' inbox (/inbox) and for which service owner:
        # "org:<user id or fødselsnummer>,..." e.g. "ekom:01017512345,ttd:60000012" (one
        # entry per org a person works for). Local mode adds a test case worker per org.
        "CASE_WORKERS": _org_pairs("CASE_WORKERS", str(source.get("CASE_WORKERS") or "")),
        # Who builds and publishes an org's services in the designer (/designer), in the same
        # form: "ekom:01017512345". Local mode adds a test admin per org.
        "APP_ADMINS": _org_pairs("APP_ADMINS", str(source.get("APP_ADMINS") or "")),
        # Nets Easy, for apps with payment tasks (web/payments.py): the secret API key, the
        # API's address (Nets' test API unless set), the merchant's terms page, and the value
        # Nets' webhooks must carry (made and kept in the instance folder when not given).
        # Local mode without key and address starts a stand-in Nets.
        "NETS_SECRET_KEY": source.get("NETS_SECRET_KEY") or None,
        "NETS_BASE_URL": source.get("NETS_BASE_URL") or None,
        "NETS_TERMS_URL": source.get("NETS_TERMS_URL") or None,
        "NETS_WEBHOOK_AUTHORIZATION": source.get("NETS_WEBHOOK_AUTHORIZATION") or None,
    }
    if env == "production":
        missing = [k for k in ("DATABASE_URL", "SECRET_KEY", "OIDC_ISSUER", "OIDC_CLIENT_ID",
                               "OIDC_CLIENT_SECRET") if not source.get(k)]
        if missing:
            raise SettingsError(
                "BLANKETT_ENV=production needs these settings in the environment: "
                + ", ".join(missing))
        if str(settings["DATABASE_URL"]).startswith("sqlite"):
            raise SettingsError("BLANKETT_ENV=production needs a PostgreSQL DATABASE_URL")
        for key in ("OIDC_ISSUER", "OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET"):
            settings[key] = source[key]
        # The callback URL registered with ID-porten, when it cannot be built from the request
        # (behind a proxy); optional.
        settings["OIDC_REDIRECT_URI"] = source.get("OIDC_REDIRECT_URI") or None
        # API bearer tokens (optional: without them the API takes only web sessions). A JWKS
        # is never trusted without the issuer and audience it must check.
        settings["API_JWKS_URL"] = source.get("API_JWKS_URL") or None
        if settings["API_JWKS_URL"]:
            missing = [k for k in ("API_ISSUER", "API_AUDIENCE") if not source.get(k)]
            if missing:
                raise SettingsError("API_JWKS_URL needs these settings too: " + ", ".join(missing))
            settings["API_ISSUER"] = source["API_ISSUER"]
            settings["API_AUDIENCE"] = source["API_AUDIENCE"]
        settings["API_SERVICE_OWNERS"] = source.get("API_SERVICE_OWNERS", "")
    elif not settings["SECRET_KEY"]:
        settings["SECRET_KEY"] = _local_secret(instance_dir)
    # Everything else the caller passed (TESTING, WTF_CSRF_ENABLED, ...) goes through as is.
    for key, value in (overrides or {}).items():
        settings.setdefault(key, value)
    return settings


_KNOWN = {
    "BLANKETT_ENV", "BLANKETT_APPS_DIR", "DATABASE_URL", "SECRET_KEY", "BLANKETT_ADMINS",
    "OIDC_ISSUER", "OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET", "OIDC_REDIRECT_URI", "REDIS_URL",
    "SESSION_IDLE_MINUTES", "SESSION_MAX_HOURS", "API_JWKS_URL", "API_ISSUER", "API_AUDIENCE",
    "API_SERVICE_OWNERS", "REGISTER_URL", "JOB_RETRY_HOURS", "EFORMIDLING_URL",
    "EFORMIDLING_SENDER", "JOB_FIRST_PAUSE_SECONDS", "JOB_LEASE_SECONDS", "BLANKETT_INSTANCE_DIR",
    "JOB_QUEUE",
    "CASE_WORKERS", "APP_ADMINS", "NETS_SECRET_KEY", "NETS_BASE_URL", "NETS_TERMS_URL",
    "NETS_WEBHOOK_AUTHORIZATION",
}
