"""A stand-in OpenID provider shaped after ID-porten, for tests: served on 127.0.0.1 by
werkzeug in a thread, so Authlib talks to it over real HTTP and nothing leaves the machine.

    /.well-known/openid-configuration   discovery (issuer, endpoints, S256, RS256, claims)
    /jwks                               the public signing key
    /authorize                          no login page: redirects straight back with code + state,
                                        remembering nonce, code_challenge and redirect_uri
    /token                              client_secret_basic; checks code, redirect_uri and the
                                        PKCE verifier against the S256 challenge; returns an
                                        RS256 id_token with iss/aud/exp/iat/nonce/sub/pid/name

The token is signed with joserfc, which Authlib itself now uses (authlib.jose is deprecated).

Who signs in next is `provider.person`; `provider.id_token_overrides` changes claims of the next
ID tokens (e.g. a wrong nonce; None leaves a claim out), `provider.signing_key` signs them with
another key, `provider.deny` makes /authorize answer access_denied.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from joserfc import jwt
from joserfc.jwk import RSAKey
from werkzeug.datastructures import Authorization
from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response

CLIENT_ID = "blankett-test"
CLIENT_SECRET = "stand-in-secret"


def signing_key() -> RSAKey:
    return RSAKey.generate_key(2048, parameters={"kid": "stand-in-1"}, private=True)


def s256(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


@dataclass
class StandInProvider:
    client_id: str = CLIENT_ID
    client_secret: str = CLIENT_SECRET
    has_pid: bool = True  # whether discovery lists `pid` in claims_supported
    person: dict[str, Any] = field(
        default_factory=lambda: {"pid": "01017012345", "name": "Kari Nordmann"})
    id_token_overrides: dict[str, Any] = field(default_factory=dict)
    deny: bool = False
    issuer: str = ""
    codes: dict[str, dict[str, Any]] = field(default_factory=dict)
    token_requests: list[dict[str, str]] = field(default_factory=list)
    token_refusals: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)  # the paths asked for, in order

    def __post_init__(self) -> None:
        self.key = signing_key()
        self.signing_key: Any = None  # sign with this instead (a key the JWKS does not have)
        self._server: Any = None
        self._thread: threading.Thread | None = None

    # ------------------------------------------------------------------ serving

    def start(self) -> StandInProvider:
        self._server = make_server("127.0.0.1", 0, self.wsgi, threaded=True)
        self.issuer = f"http://127.0.0.1:{self._server.server_port}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True,
                                        name="stand-in-oidc")
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=10)

    def wsgi(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        request = Request(environ)
        self.requests.append(request.path)
        routes = {
            "/.well-known/openid-configuration": self.discovery,
            "/jwks": self.jwks,
            "/authorize": self.authorize,
            "/token": self.token,
        }
        handler = routes.get(request.path)
        response = handler(request) if handler else Response("not found", 404)
        return response(environ, start_response)

    # ------------------------------------------------------------------ endpoints

    def discovery(self, _request: Request) -> Response:
        claims = ["iss", "sub", "aud", "exp", "iat", "nonce", "name", "acr", "amr", "locale"]
        if self.has_pid:
            claims.append("pid")
        return _json({
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.issuer}/authorize",
            "token_endpoint": f"{self.issuer}/token",
            "jwks_uri": f"{self.issuer}/jwks",
            "response_types_supported": ["code"],
            "subject_types_supported": ["pairwise"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "code_challenge_methods_supported": ["S256"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic"],
            "scopes_supported": ["openid", "profile"],
            "claims_supported": claims,
        })

    def jwks(self, _request: Request) -> Response:
        return _json({"keys": [self.key.as_dict(private=False)]})

    def authorize(self, request: Request) -> Response:
        args = request.args
        redirect_uri = args.get("redirect_uri", "")
        problems = []
        if args.get("client_id") != self.client_id:
            problems.append("client_id")
        if args.get("response_type") != "code":
            problems.append("response_type")
        if "openid" not in args.get("scope", "").split():
            problems.append("scope")
        if args.get("code_challenge_method") != "S256" or not args.get("code_challenge"):
            problems.append("pkce")
        if not args.get("state") or not args.get("nonce") or not redirect_uri:
            problems.append("state/nonce/redirect_uri")
        if problems:
            return Response(f"bad authorization request: {problems}", 400)
        if self.deny:
            back = {"error": "access_denied", "error_description": "User cancelled",
                    "state": args["state"]}
        else:
            code = secrets.token_urlsafe(24)
            self.codes[code] = {
                "nonce": args["nonce"], "code_challenge": args["code_challenge"],
                "redirect_uri": redirect_uri, "person": dict(self.person),
            }
            back = {"code": code, "state": args["state"]}
        return Response(status=302, headers={"Location": f"{redirect_uri}?{urlencode(back)}"})

    def token(self, request: Request) -> Response:
        form = request.form
        self.token_requests.append(dict(form))
        auth = request.authorization
        if not _client_ok(auth, self.client_id, self.client_secret):
            return self._refuse("invalid_client", 401)
        if form.get("grant_type") != "authorization_code":
            return self._refuse("unsupported_grant_type")
        grant = self.codes.pop(form.get("code", ""), None)  # a code is good once
        if grant is None:
            return self._refuse("invalid_grant")
        if form.get("redirect_uri") != grant["redirect_uri"]:
            return self._refuse("invalid_grant")
        verifier = form.get("code_verifier", "")
        if not verifier or not hmac.compare_digest(s256(verifier), grant["code_challenge"]):
            return self._refuse("invalid_grant")
        now = int(time.time())
        claims = {
            "iss": self.issuer, "aud": self.client_id, "iat": now, "exp": now + 120,
            "nonce": grant["nonce"], "sub": f"pairwise-{grant['person'].get('pid', 'x')}",
            "acr": "idporten-loa-substantial", "amr": ["TestID"], "locale": "nb",
            **grant["person"],
        }
        claims.update(self.id_token_overrides)
        claims = {k: v for k, v in claims.items() if v is not None}
        id_token = jwt.encode({"alg": "RS256", "kid": "stand-in-1"}, claims,
                              self.signing_key or self.key)
        return _json({
            "access_token": secrets.token_urlsafe(24), "token_type": "Bearer",
            "expires_in": 120, "scope": "openid profile", "id_token": id_token,
        })

    def _refuse(self, error: str, status: int = 400) -> Response:
        self.token_refusals.append(error)
        return _json({"error": error}, status)


def _client_ok(auth: Authorization | None, client_id: str, secret: str) -> bool:
    return (auth is not None and auth.type == "basic" and auth.username == client_id
            and hmac.compare_digest(auth.password or "", secret))


def _json(data: Any, status: int = 200) -> Response:
    return Response(json.dumps(data), status, content_type="application/json",
                    headers={"Cache-Control": "no-store"})
