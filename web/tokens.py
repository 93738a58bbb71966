"""Bearer tokens (JWT, RS256) for the app API, with joserfc.

Local mode issues its own test tokens, as Altinn's localtest does, and checks them against its
own key:

    GET /Home/GetTestUserToken/{userId}?authenticationLevel=2    a user of the local register
    GET /Home/GetTestOrgToken/{org}?orgNumber=&scopes=            an organisation (service owner)

Both answer the raw JWT as text. The key is made once and kept in the instance folder
(`instance/api_signing_key.json`), like the local SECRET_KEY, so tokens survive a restart.
The routes do not exist in production.

Production checks tokens against a JWKS (`API_JWKS_URL`, fetched when first needed, kept for an
hour, fetched again when a token names a key it does not have, at most once a minute), and
checks `iss` (`API_ISSUER`), `aud` (`API_AUDIENCE`) and `exp`, Maskinporten-style.

The claims are Altinn's: a user token has `urn:altinn:userid`, `urn:altinn:partyid`,
`urn:altinn:username` and `urn:altinn:authlevel`; an organisation token `urn:altinn:org`,
`urn:altinn:orgNumber`, `urn:altinn:authlevel` and `scope` (space-separated). A Maskinporten
token names its organisation only by `consumer.ID` ("0192:<orgnr>"); `API_SERVICE_OWNERS`
(`org=orgnr,...`) tells which service owner code such a number is.

This lives in web/ rather than integrations/: it reads the request and the app's settings and
serves two routes; the one outside call, fetching the JWKS, is a cached GET.
"""

from __future__ import annotations

import json
import os
import secrets
import threading
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any, cast

from flask import Blueprint, abort, current_app, request
from joserfc import jwt
from joserfc.errors import InvalidKeyIdError, JoseError
from joserfc.jwk import KeySet, RSAKey
from werkzeug.wrappers import Response

from web.context import register

bp = Blueprint("tokens", __name__)

ALGORITHM = "RS256"
LOCAL_ISSUER = "blankett-local"
LOCAL_KEY_FILE = "api_signing_key.json"
TOKEN_SECONDS = 30 * 60
LEEWAY_SECONDS = 60
READ_SCOPE = "altinn:serviceowner/instances.read"
WRITE_SCOPE = "altinn:serviceowner/instances.write"
JWKS_KEEP_SECONDS = 3600
JWKS_REFETCH_SECONDS = 60
JWKS_TIMEOUT_SECONDS = 10
# A client sends the same token with every call; its signature is checked once and the claims
# kept this long (and the validity of its times checked on every call).
VERIFIED_KEEP_SECONDS = 300
VERIFIED_MAX = 10_000


class TokenInvalid(Exception):
    """The token is not one to trust: malformed, wrongly signed, expired, not for us."""


class TokensUnavailable(Exception):
    """Tokens cannot be checked right now (the JWKS cannot be fetched)."""


# ---------------------------------------------------------------------- local signing key

def _local_key_file() -> Path:
    configured = current_app.config.get("API_SIGNING_KEY_FILE")
    return Path(configured) if configured else Path(current_app.instance_path) / LOCAL_KEY_FILE


def local_key() -> RSAKey:
    """The local mode signing key: read from the instance folder, made there the first time.
    Two processes starting at once agree on one key (the file is linked into place, which
    fails when it is already there)."""
    cached = current_app.extensions.get("blankett.token_key")
    if cached is not None:
        return cast(RSAKey, cached)
    file = _local_key_file()
    if not file.is_file():
        file.parent.mkdir(parents=True, exist_ok=True)
        key = RSAKey.generate_key(2048, parameters={"kid": secrets.token_hex(8)}, private=True)
        temporary = file.with_name(f".{file.name}.{secrets.token_hex(4)}")
        temporary.write_text(json.dumps(key.as_dict(private=True)))
        temporary.chmod(0o600)
        try:
            os.link(temporary, file)
        except FileExistsError:
            pass
        finally:
            temporary.unlink()
    key = RSAKey.import_key(json.loads(file.read_text()))
    current_app.extensions["blankett.token_key"] = key
    return key


def issue(claims: Mapping[str, Any], seconds: int = TOKEN_SECONDS) -> str:
    """A token signed with the local key (local mode only)."""
    if not current_app.config["LOCAL_MODE"]:
        raise RuntimeError("Blankett issues tokens only in local mode")
    key = local_key()
    now = int(time.time())
    body = {"iss": LOCAL_ISSUER, "iat": now, "nbf": now, "exp": now + seconds, **claims}
    return jwt.encode({"alg": ALGORITHM, "typ": "JWT", "kid": key.kid}, body, key)


# ---------------------------------------------------------------------- JWKS (production)

class JwksCache:
    """The keys at `url`, fetched when first needed and kept for JWKS_KEEP_SECONDS; a key id it
    does not know fetches them again, but not more than once every JWKS_REFETCH_SECONDS."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._keys: KeySet | None = None
        self._fetched = 0.0
        self._lock = threading.Lock()

    def _fetch(self) -> KeySet:
        import requests

        try:
            response = requests.get(self.url, timeout=JWKS_TIMEOUT_SECONDS)
            response.raise_for_status()
            keys = KeySet.import_key_set(response.json())
        except (requests.RequestException, ValueError, TypeError, KeyError, JoseError) as error:
            raise TokensUnavailable(f"the JWKS at {self.url} could not be read: {error!r}"
                                    ) from error
        self._keys, self._fetched = keys, time.monotonic()
        return keys

    def keys(self, refresh: bool = False) -> KeySet:
        with self._lock:
            age = time.monotonic() - self._fetched
            if (self._keys is None or age > JWKS_KEEP_SECONDS
                    or (refresh and age > JWKS_REFETCH_SECONDS)):
                try:
                    return self._fetch()
                except TokensUnavailable:
                    if self._keys is None:
                        raise
                    current_app.logger.warning("JWKS refresh failed; using the keys we had")
            return self._keys


def _jwks() -> JwksCache:
    cache = current_app.extensions.get("blankett.jwks")
    url = str(current_app.config["API_JWKS_URL"])
    if cache is None or cache.url != url:
        cache = current_app.extensions["blankett.jwks"] = JwksCache(url)
    return cast(JwksCache, cache)


# ---------------------------------------------------------------------- checking

class VerifiedTokens:
    """Claims of tokens whose signature has been checked, by token, for a few minutes: an RSA
    check and a JWT parse per call would cost more than the rest of a small API call."""

    def __init__(self) -> None:
        self._claims: dict[str, tuple[float, dict[str, Any]]] = {}
        self._lock = threading.Lock()

    def get(self, value: str) -> dict[str, Any] | None:
        found = self._claims.get(value)
        if found is None or time.monotonic() - found[0] > VERIFIED_KEEP_SECONDS:
            return None
        return found[1]

    def put(self, value: str, claims: dict[str, Any]) -> None:
        with self._lock:
            if len(self._claims) >= VERIFIED_MAX:
                self._claims.clear()
            self._claims[value] = (time.monotonic(), claims)


def _verified() -> VerifiedTokens:
    return cast(VerifiedTokens,
                current_app.extensions.setdefault("blankett.verified_tokens", VerifiedTokens()))


def verify(value: str) -> dict[str, Any]:
    """The claims of a token we trust; TokenInvalid otherwise (TokensUnavailable when the
    production keys cannot be fetched)."""
    config = current_app.config
    verified, fresh = _verified(), False
    try:
        options: dict[str, Any]
        if config["LOCAL_MODE"]:
            options = {"iss": {"essential": True, "value": LOCAL_ISSUER}}
        else:
            options = {"iss": {"essential": True, "value": str(config.get("API_ISSUER"))},
                       "aud": {"essential": True, "value": str(config.get("API_AUDIENCE"))}}
        claims = verified.get(value)
        if claims is None:
            claims = _check_signature(value)
            fresh = True
        registry = jwt.JWTClaimsRegistry(leeway=LEEWAY_SECONDS, exp={"essential": True},
                                         **options)
        registry.validate(claims)
    except JoseError as error:
        raise TokenInvalid(error.error + (f": {error.description}" if error.description else "")
                           ) from error
    except (ValueError, TypeError, KeyError) as error:
        raise TokenInvalid(f"malformed token: {error!r}") from error
    if fresh:
        verified.put(value, claims)
    return claims


def _check_signature(value: str) -> dict[str, Any]:
    """The claims of a token signed by a key we trust (JoseError otherwise)."""
    config = current_app.config
    if config["LOCAL_MODE"]:
        token = jwt.decode(value, local_key(), algorithms=[ALGORITHM])
    else:
        if not config.get("API_JWKS_URL"):
            raise TokenInvalid("this server takes no API tokens (API_JWKS_URL is not set)")
        cache = _jwks()
        try:
            token = jwt.decode(value, cache.keys(), algorithms=[ALGORITHM])
        except InvalidKeyIdError:  # the provider may have rotated its keys
            token = jwt.decode(value, cache.keys(refresh=True), algorithms=[ALGORITHM])
    if not isinstance(token.claims, dict):
        raise TokenInvalid("the token's claims are not an object")
    return token.claims


def scopes(claims: Mapping[str, Any]) -> frozenset[str]:
    """The scopes a token grants: `scope` (space-separated, or a list), or Altinn's older
    `urn:altinn:scope`."""
    found: set[str] = set()
    for name in ("scope", "urn:altinn:scope"):
        value = claims.get(name)
        if isinstance(value, str):
            found.update(value.split())
        elif isinstance(value, list):
            found.update(str(v) for v in value)
    return frozenset(found)


def service_owners() -> dict[str, str]:
    """API_SERVICE_OWNERS as {orgnr: org code}."""
    pairs = str(current_app.config.get("API_SERVICE_OWNERS") or "")
    owners = {}
    for pair in pairs.split(","):
        org, _, number = pair.partition("=")
        if org.strip() and number.strip():
            owners[number.strip()] = org.strip().lower()
    return owners


def consumer_org_number(claims: Mapping[str, Any]) -> str | None:
    """The organisation number of a token: `urn:altinn:orgNumber`, else Maskinporten's
    `consumer.ID` ("0192:<orgnr>")."""
    number = claims.get("urn:altinn:orgNumber")
    if number:
        return str(number)
    consumer = claims.get("consumer")
    if isinstance(consumer, dict) and isinstance(consumer.get("ID"), str):
        return consumer["ID"].rpartition(":")[2] or None
    return None


# ---------------------------------------------------------------------- local test routes

@bp.before_request
def _local_only() -> None:
    if not current_app.config["LOCAL_MODE"]:
        abort(404)


def _text(token: str) -> Response:
    return Response(token, 200, content_type="text/plain; charset=utf-8",
                    headers={"Cache-Control": "no-store"})


@bp.get("/Home/GetTestUserToken/<int:user_id>")
@bp.get("/Home/GetTestUserToken", defaults={"user_id": None})
def test_user_token(user_id: int | None) -> Response:
    if user_id is None:
        user_id = request.args.get("userId", type=int)
    user = register().user(user_id) if user_id is not None else None
    if user is None:
        abort(404, "No such test user")
    level = request.args.get("authenticationLevel", default=2, type=int)
    if level not in range(0, 5):
        abort(400, "authenticationLevel is 0 to 4")
    return _text(issue({
        "nameid": str(user.user_id),
        "urn:altinn:userid": str(user.user_id),
        "urn:altinn:username": user.user_name,
        "urn:altinn:partyid": user.party_id,
        "urn:altinn:authlevel": level,
        "urn:altinn:authenticatemethod": "localtest",
    }))


@bp.get("/Home/GetTestOrgToken/<org>")
@bp.get("/Home/GetTestOrgToken", defaults={"org": None})
def test_org_token(org: str | None) -> Response:
    org = (org or request.args.get("org") or "").strip().lower()
    if not org or len(org) > 100:
        abort(400, "Name the organisation: /Home/GetTestOrgToken/{org}")
    level = request.args.get("authenticationLevel", default=3, type=int)
    wanted = request.args.get("scopes")
    claims: dict[str, Any] = {
        "urn:altinn:org": org,
        "urn:altinn:authlevel": level,
        # Without `scopes`, what a service owner's client usually asks for: read and write.
        "scope": " ".join(wanted.split()) if wanted else f"{READ_SCOPE} {WRITE_SCOPE}",
    }
    number = request.args.get("orgNumber")
    if number:
        claims["urn:altinn:orgNumber"] = number.strip()
    return _text(issue(claims))
