"""Signing in through ID-porten (OpenID Connect) in production, with Authlib's Flask client.

The authorization code flow with PKCE (S256), state and nonce. Authlib makes the state, the
nonce and the code verifier and keeps them in the signed session cookie under the state; on the
callback it checks the state, sends the verifier with the code, and validates the ID token: its
signature against the provider's JWKS, `iss` (the configured OIDC_ISSUER), `aud` (our client
id), `exp`/`iat`, and the `nonce`. The nonce is checked once more here, so a change in Authlib
cannot quietly drop that check.

Who signed in: the `pid` claim, ID-porten's fødselsnummer (or D-number). Only when the provider
has no `pid` at all (its discovery document lists `claims_supported` without `pid`, as a
generic OpenID provider does) is the provider's `sub` used instead; a provider that has `pid`
(or does not say) but leaves it out of a token is refused. Note that ID-porten's `sub` is a
pseudonym per client, so it would not match the same person elsewhere.

Settings: OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET (required in production) and
OIDC_REDIRECT_URI (optional: the callback URL registered with the provider, when Blankett runs
behind a proxy and cannot build it itself; default: /auth/callback on the request's host).
"""

from __future__ import annotations

import hmac
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from authlib.integrations.base_client import MismatchingStateError, OAuthError
from flask import Flask, current_app, request, session, url_for
from joserfc.errors import JoseError
from werkzeug.wrappers import Response

if TYPE_CHECKING:
    from authlib.integrations.flask_client import OAuth
    from authlib.integrations.flask_client.apps import FlaskOAuth2App

# Authlib's Flask client and `requests` (which it is built on) are imported only in production,
# when the client is registered, so local mode does not need them.

CLIENT_NAME = "idporten"
SCOPE = "openid profile"
NEXT_KEY = "oidc_next"
TIMEOUT_SECONDS = 10
_STATE_PREFIX = f"_state_{CLIENT_NAME}_"
_PID = re.compile(r"\d{11}")


@dataclass(frozen=True)
class SignedIn:
    """The person the provider vouched for, and where they were going."""

    identifier: str  # the fødselsnummer from `pid`, or `sub` with a provider without pid
    name: str | None
    next: str


class LoginFailed(Exception):
    """The login could not be completed. `reason` picks the message shown to the person."""

    def __init__(self, status: int, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.status = status
        self.reason = reason
        self.detail = detail


def init_oidc(app: Flask) -> None:
    """Register the ID-porten client (production only). Nothing is fetched from the provider
    until the first login, so Blankett starts even when the provider is briefly away."""
    if app.config["LOCAL_MODE"]:
        return
    from authlib.integrations.flask_client import OAuth

    issuer = str(app.config["OIDC_ISSUER"])
    oauth = OAuth(app)
    oauth.register(
        CLIENT_NAME,
        client_id=app.config["OIDC_CLIENT_ID"],
        client_secret=app.config["OIDC_CLIENT_SECRET"],
        server_metadata_url=f"{issuer.rstrip('/')}/.well-known/openid-configuration",
        client_kwargs={"scope": SCOPE, "code_challenge_method": "S256",
                       "default_timeout": TIMEOUT_SECONDS},
    )
    app.extensions["blankett.oidc"] = oauth


def _client() -> FlaskOAuth2App:
    oauth = cast("OAuth", current_app.extensions["blankett.oidc"])
    return cast("FlaskOAuth2App", oauth.create_client(CLIENT_NAME))


def _redirect_uri() -> str:
    configured = current_app.config.get("OIDC_REDIRECT_URI")
    return str(configured) if configured else url_for("auth.callback", _external=True)


def start_login(next_url: str) -> Response:
    """Remember where the person was going and send them to the provider."""
    # One login at a time: an earlier unfinished attempt is forgotten, so the session cookie
    # does not grow with every click on "Log in".
    for key in [k for k in session if k.startswith(_STATE_PREFIX)]:
        session.pop(key)
    session[NEXT_KEY] = next_url
    import requests

    try:
        return cast(Response, _client().authorize_redirect(_redirect_uri()))
    except (requests.RequestException, ValueError, KeyError, RuntimeError) as error:
        raise LoginFailed(503, "unavailable", repr(error)) from error


def finish_login() -> SignedIn:
    """Complete the code exchange on the callback and say who signed in."""
    next_url = str(session.get(NEXT_KEY) or "/")
    error = request.args.get("error")
    if error:
        raise LoginFailed(401, "refused", f"{error}: {request.args.get('error_description')}")
    state = request.args.get("state")
    client = _client()
    pending = client.framework.get_state_data(session, state) if state else None
    if not pending or not request.args.get("code"):
        raise LoginFailed(400, "state", "no pending login for this state, or no code")
    expected_nonce = str(pending.get("nonce") or "")
    import requests

    issuer = str(current_app.config["OIDC_ISSUER"])
    claims_options: dict[str, Any] = {
        "iss": {"essential": True, "value": issuer},
        "aud": {"essential": True, "value": str(current_app.config["OIDC_CLIENT_ID"])},
    }
    try:
        token = client.authorize_access_token(claims_options=claims_options, leeway=60)
    except MismatchingStateError as error:
        raise LoginFailed(400, "state", repr(error)) from error
    except OAuthError as error:  # the token endpoint said no (a wrong code or verifier, ...)
        raise LoginFailed(401, "token", repr(error)) from error
    except JoseError as error:  # the ID token's signature or claims are wrong
        raise LoginFailed(401, "id_token", repr(error)) from error
    except requests.RequestException as error:
        raise LoginFailed(503, "unavailable", repr(error)) from error
    except (ValueError, KeyError, TypeError, RuntimeError) as error:
        raise LoginFailed(401, "token", repr(error)) from error

    claims = token.get("userinfo")
    if not claims:
        raise LoginFailed(401, "id_token", "the token response has no ID token")
    if not expected_nonce or not hmac.compare_digest(
            str(claims.get("nonce", "")).encode(), expected_nonce.encode()):
        raise LoginFailed(401, "id_token", "nonce does not match")
    name = claims.get("name")
    return SignedIn(identifier=_identifier(claims, client),
                    name=(str(name).strip()[:500] or None) if name else None, next=next_url)


def _identifier(claims: dict[str, Any], client: FlaskOAuth2App) -> str:
    pid = claims.get("pid")
    if pid is not None:
        if not isinstance(pid, str) or not _PID.fullmatch(pid):
            raise LoginFailed(401, "identity", "pid is not an 11-digit number")
        return pid
    supported = client.load_server_metadata().get("claims_supported")
    sub = claims.get("sub")
    if (isinstance(supported, list) and "pid" not in supported and isinstance(sub, str)
            and 0 < len(sub) <= 255):
        return sub
    raise LoginFailed(401, "identity", "the ID token has no pid")
