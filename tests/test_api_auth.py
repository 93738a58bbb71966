"""Who may call the app API, and what they reach: local mode's test tokens, token checks
(signature, expiry, issuer, audience), production's JWKS, and the access rules (own party,
a party by role, the app owner org with its scopes, and 404/403 for everything else)."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from joserfc import jwt
from joserfc.jwk import RSAKey
from werkzeug.exceptions import HTTPException

from storage import repository
from tests.conftest import login, make_app, postgres_schema
from tests.oidc_provider import CLIENT_ID, CLIENT_SECRET, StandInProvider
from web import tokens
from web.access import READ, WRITE, OrgCaller, UserCaller, api_caller, authorise_party
from web.context import person_register
from web.db import db_session

APP_ID = "ekom/serveringsbevilling"
READ_SCOPE = "altinn:serviceowner/instances.read"
WRITE_SCOPE = "altinn:serviceowner/instances.write"


# --------------------------------------------------------------------------- helpers


@pytest.fixture
def app(tmp_path: Path) -> Flask:
    return make_app(tmp_path, API_SIGNING_KEY_FILE=str(tmp_path / "key" / "api_key.json"))


def new_instance(app: Flask, party_id: int) -> str:
    """An instance of the sample app owned by `party_id`, in its first task."""
    with app.app_context():
        definition = app.extensions["blankett.apps"].get(APP_ID)
        layout_set = definition.layout_set_for_task("Task_1")
        session = db_session()
        instance = repository.create_instance(
            session, app_id=APP_ID, party_id=party_id, user_id="test", task_id="Task_1",
            form_data_types=[layout_set.data_type])
        session.commit()
        return instance.id


def user_token(client: FlaskClient, user_id: int, level: int = 2) -> str:
    response = client.get(f"/Home/GetTestUserToken/{user_id}?authenticationLevel={level}")
    assert response.status_code == 200, response.data
    return response.get_data(as_text=True)


def org_token(client: FlaskClient, org: str = "ekom", scopes: str | None = None) -> str:
    query = f"?orgNumber=991825827&scopes={scopes}" if scopes is not None else ""
    response = client.get(f"/Home/GetTestOrgToken/{org}{query}")
    assert response.status_code == 200, response.data
    return response.get_data(as_text=True)


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def validate_url(party_id: int, instance_id: str, app_id: str = APP_ID) -> str:
    return f"/{app_id}/instances/{party_id}/{instance_id}/validate"


def assert_problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.data
    assert response.content_type == "application/problem+json"
    body: dict[str, Any] = response.get_json()
    assert body["status"] == status and body["title"] and body["type"] and body["detail"]
    return body


def _unverified(token: str) -> dict[str, Any]:
    import base64
    import json

    body = token.split(".")[1]
    return dict(json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))))


def local_sign(app: Flask, claims: dict[str, Any], key: RSAKey | None = None) -> str:
    """A token with these claims, signed with the app's local key (or `key`)."""
    with app.app_context():
        signing = key or tokens.local_key()
    now = int(time.time())
    body = {"iss": tokens.LOCAL_ISSUER, "iat": now, "exp": now + 600, **claims}
    return jwt.encode({"alg": "RS256", "kid": signing.kid}, body, signing)


# --------------------------------------------------------------------------- the token routes


def test_the_test_user_token_carries_altinns_claims(app: Flask, client: FlaskClient,
                                                    tmp_path: Path) -> None:
    token = user_token(client, 1337, level=2)
    claims = _unverified(token)
    assert claims["urn:altinn:userid"] == "1337"
    assert claims["urn:altinn:partyid"] == 501337
    assert claims["urn:altinn:username"] == "SophieDDG"
    assert claims["urn:altinn:authlevel"] == 2
    assert claims["iss"] == tokens.LOCAL_ISSUER and claims["exp"] > time.time()
    # The key is kept, so a new app (a restart) trusts the tokens of the old one.
    assert (tmp_path / "key" / "api_key.json").is_file()
    assert (tmp_path / "key" / "api_key.json").stat().st_mode & 0o777 == 0o600
    again = make_app(tmp_path, API_SIGNING_KEY_FILE=str(tmp_path / "key" / "api_key.json"))
    with again.test_request_context(headers=bearer(token)):
        assert api_caller() == UserCaller(user_id=1337, party_id=501337,
                                          authentication_level=2)
    # The query form localtest also answers, and unknown users.
    assert client.get("/Home/GetTestUserToken?userId=12345").status_code == 200
    assert client.get("/Home/GetTestUserToken/999999").status_code == 404
    assert client.get("/Home/GetTestUserToken/12345?authenticationLevel=9").status_code == 400


def test_the_test_org_token_carries_org_number_and_scopes(client: FlaskClient) -> None:
    claims = _unverified(org_token(client, "TTD", scopes=READ_SCOPE))
    assert claims["urn:altinn:org"] == "ttd"
    assert claims["urn:altinn:orgNumber"] == "991825827"
    assert claims["scope"] == READ_SCOPE
    assert claims["urn:altinn:authlevel"] == 3
    default = _unverified(org_token(client, "ttd"))
    assert set(default["scope"].split()) == {READ_SCOPE, WRITE_SCOPE}
    assert "urn:altinn:orgNumber" not in default
    assert client.get("/Home/GetTestOrgToken?org=ttd").status_code == 200
    assert client.get("/Home/GetTestOrgToken").status_code == 400


@pytest.mark.postgres
def test_the_token_routes_do_not_exist_in_production(
        tmp_path: Path, production_db: str) -> None:
    app = make_app(tmp_path, BLANKETT_ENV="production", DATABASE_URL=production_db,
                   OIDC_ISSUER="http://127.0.0.1:9", OIDC_CLIENT_ID=CLIENT_ID,
                   OIDC_CLIENT_SECRET=CLIENT_SECRET)
    client = app.test_client()
    assert client.get("/Home/GetTestUserToken/12345").status_code == 404
    assert client.get("/Home/GetTestOrgToken/ttd").status_code == 404
    # Without a JWKS, no token is trusted at all.
    key = RSAKey.generate_key(2048, private=True)
    forged = jwt.encode({"alg": "RS256"}, {"urn:altinn:org": "ekom", "scope": READ_SCOPE,
                                           "exp": int(time.time()) + 60}, key)
    response = client.get(validate_url(500000, str(uuid.uuid4())), headers=bearer(forged))
    assert_problem(response, 401)
    app.extensions["blankett.engine"].dispose()


# --------------------------------------------------------------------------- token checks


def test_a_missing_or_malformed_token_is_401(app: Flask, client: FlaskClient) -> None:
    instance = new_instance(app, 512345)
    url = validate_url(512345, instance)
    body = assert_problem(client.get(url), 401)
    assert "Bearer" in body["detail"]
    assert client.get(url).headers["WWW-Authenticate"] == "Bearer"
    assert_problem(client.get(url, headers={"Authorization": "Basic dXNlcjpwdw=="}), 401)
    assert_problem(client.get(url, headers=bearer("not.a.jwt")), 401)
    assert_problem(client.get(url, headers=bearer("")), 401)
    assert client.get(url, headers=bearer(user_token(client, 12345))).status_code == 200


def test_a_token_signed_with_another_key_is_401(app: Flask, client: FlaskClient) -> None:
    instance = new_instance(app, 512345)
    other = RSAKey.generate_key(2048, parameters={"kid": "other"}, private=True)
    forged = local_sign(app, {"urn:altinn:userid": "12345", "urn:altinn:partyid": 512345},
                        key=other)
    response = client.get(validate_url(512345, instance), headers=bearer(forged))
    assert_problem(response, 401)
    assert 'error="invalid_token"' in response.headers["WWW-Authenticate"]
    # The same key id as ours does not help either.
    with app.app_context():
        kid = tokens.local_key().kid
    impostor = RSAKey.generate_key(2048, parameters={"kid": kid}, private=True)
    forged = local_sign(app, {"urn:altinn:userid": "12345"}, key=impostor)
    assert_problem(client.get(validate_url(512345, instance), headers=bearer(forged)), 401)
    # Nor does a token that is not signed at all.
    header = "eyJhbGciOiJub25lIn0"  # {"alg":"none"}
    unsigned = f"{header}.{local_sign(app, {'urn:altinn:userid': '12345'}).split('.')[1]}."
    assert_problem(client.get(validate_url(512345, instance), headers=bearer(unsigned)), 401)


def test_an_expired_token_or_a_wrong_issuer_is_401(app: Flask, client: FlaskClient) -> None:
    instance = new_instance(app, 512345)
    url = validate_url(512345, instance)
    past = int(time.time()) - 3600
    expired = local_sign(app, {"urn:altinn:userid": "12345", "iat": past - 600, "exp": past})
    assert "expired" in assert_problem(client.get(url, headers=bearer(expired)), 401)["detail"]
    no_expiry = local_sign(app, {"urn:altinn:userid": "12345", "exp": None})
    assert_problem(client.get(url, headers=bearer(no_expiry)), 401)
    elsewhere = local_sign(app, {"urn:altinn:userid": "12345", "iss": "https://elsewhere"})
    assert_problem(client.get(url, headers=bearer(elsewhere)), 401)
    fine = local_sign(app, {"urn:altinn:userid": "12345"})
    assert client.get(url, headers=bearer(fine)).status_code == 200


def test_a_token_accepted_once_is_refused_when_it_expires(
        app: Flask, client: FlaskClient, monkeypatch: pytest.MonkeyPatch) -> None:
    """Signatures are checked once per token, but its times on every call."""
    instance = new_instance(app, 512345)
    url = validate_url(512345, instance)
    soon = local_sign(app, {"urn:altinn:userid": "12345", "exp": int(time.time()) + 5})
    assert client.get(url, headers=bearer(soon)).status_code == 200
    later = time.time() + tokens.LEEWAY_SECONDS + 60
    monkeypatch.setattr(time, "time", lambda: later)
    assert "expired" in assert_problem(client.get(url, headers=bearer(soon)), 401)["detail"]


def test_a_token_for_no_known_caller_is_401(app: Flask, client: FlaskClient) -> None:
    instance = new_instance(app, 512345)
    url = validate_url(512345, instance)
    for claims in ({}, {"urn:altinn:userid": "999999"},
                   {"urn:altinn:userid": "12345", "urn:altinn:partyid": 501337}):
        assert_problem(client.get(url, headers=bearer(local_sign(app, claims))), 401)


# --------------------------------------------------------------------------- user access


def test_party_a_cannot_even_detect_party_bs_instance(app: Flask, client: FlaskClient) -> None:
    mine = new_instance(app, 512345)
    theirs = new_instance(app, 501337)
    ola = bearer(user_token(client, 12345))
    assert client.get(validate_url(512345, mine), headers=ola).status_code == 200
    refused = client.get(validate_url(501337, theirs), headers=ola)
    missing = client.get(validate_url(501337, str(uuid.uuid4())), headers=ola)
    assert_problem(refused, 404)
    assert_problem(missing, 404)
    assert refused.get_json() == missing.get_json()  # nothing tells them apart
    # Naming their own party with the other's instance id does not help.
    assert_problem(client.get(validate_url(512345, theirs), headers=ola), 404)
    # Nor the right instance under another app's name.
    assert_problem(client.get(validate_url(512345, mine, "other/app"), headers=ola), 404)


def test_a_user_reaches_a_party_by_role(app: Flask, client: FlaskClient) -> None:
    company = new_instance(app, 500000)  # DDG Fitness AS; Sophie Salt (1337) is its DAGL
    subunit = new_instance(app, 500001)  # DDG Fitness Oslo, a subunit
    sophie = bearer(user_token(client, 1337))
    assert client.get(validate_url(500000, company), headers=sophie).status_code == 200
    assert client.get(validate_url(500001, subunit), headers=sophie).status_code == 200
    ola = bearer(user_token(client, 12345))
    assert_problem(client.get(validate_url(500000, company), headers=ola), 404)


def test_a_named_party_the_user_may_not_act_for_is_403(app: Flask, client: FlaskClient) -> None:
    sophie, ola = user_token(client, 1337), user_token(client, 12345)

    def status(token: str, party_id: int, app_name: str = "serveringsbevilling") -> int:
        with app.test_request_context("/ekom/x/instances", method="POST",
                                      headers=bearer(token)):
            try:
                authorise_party("ekom", app_name, party_id)
            except HTTPException as refusal:
                assert refusal.response is not None
                assert refusal.response.content_type == "application/problem+json"
                return refusal.response.status_code
            return 200

    assert status(ola, 512345) == 200
    assert status(ola, 501337) == 403
    assert status(ola, 500000) == 403
    assert status(sophie, 500000) == 200
    assert status(sophie, 500002) == 200
    assert status(sophie, 512345) == 403
    assert status(ola, 512345, "no-such-app") == 404


def test_the_web_session_is_the_same_person_for_get_only(tmp_path: Path) -> None:
    app = make_app(tmp_path, API_SIGNING_KEY_FILE=str(tmp_path / "api_key.json"))

    @app.route("/probe", methods=["GET", "PUT"])
    def probe() -> dict[str, Any]:
        caller = api_caller()
        assert isinstance(caller, UserCaller)
        return {"user": caller.user_id, "party": caller.party_id, "via": caller.via}

    client = app.test_client()
    company = new_instance(app, 500000)
    login(client, 1337)
    assert client.get("/probe").get_json() == {"user": 1337, "party": 501337, "via": "session"}
    # A signed-in person reads every party they may act for, not only the one chosen.
    assert client.get(validate_url(500000, company)).status_code == 200
    assert_problem(client.get(validate_url(512345, new_instance(app, 512345))), 404)
    # A cookie never authorises a change (so the API needs no CSRF token); a token does.
    assert_problem(client.put("/probe"), 401)
    token = user_token(client, 12345)
    assert client.put("/probe", headers=bearer(token)).get_json()["via"] == "token"
    # After logout the session is no one.
    client.post("/logout")
    assert_problem(client.get(validate_url(500000, company)), 401)


# --------------------------------------------------------------------------- org access


def test_the_app_owner_reaches_every_instance_with_the_read_scope(
        app: Flask, client: FlaskClient) -> None:
    instance = new_instance(app, 512345)
    url = validate_url(512345, instance)
    assert client.get(url, headers=bearer(org_token(client, "ekom"))).status_code == 200
    assert client.get(url, headers=bearer(org_token(client, "ekom", READ_SCOPE))
                      ).status_code == 200
    # Without the read scope: the owner may know its instance exists, so 403, not 404.
    no_scope = client.get(url, headers=bearer(org_token(client, "ekom", "altinn:other")))
    assert_problem(no_scope, 403)
    assert "insufficient_scope" in no_scope.headers["WWW-Authenticate"]
    write_only = client.get(url, headers=bearer(org_token(client, "ekom", WRITE_SCOPE)))
    assert_problem(write_only, 403)
    # Another organisation sees nothing, whatever its scopes.
    other = client.get(url, headers=bearer(org_token(client, "ttd")))
    assert_problem(other, 404)


def test_org_changes_need_the_write_scope(app: Flask, client: FlaskClient) -> None:
    instance = new_instance(app, 512345)
    from web.access import authorise_instance

    def status(token: str, action: str) -> int:
        with app.test_request_context("/x", method="PUT", headers=bearer(token)):
            try:
                authorise_instance("ekom", "serveringsbevilling", 512345, instance, action)
            except HTTPException as refusal:
                assert refusal.response is not None
                return refusal.response.status_code
            return 200

    reader = org_token(client, "ekom", READ_SCOPE)
    writer = org_token(client, "ekom", f"{READ_SCOPE} {WRITE_SCOPE}")
    assert status(reader, READ) == 200
    assert status(reader, WRITE) == 403
    assert status(writer, WRITE) == 200
    assert status(org_token(client, "ttd"), WRITE) == 404
    assert status(user_token(client, 12345), WRITE) == 200
    assert status(user_token(client, 1337), WRITE) == 404
    # And naming a party: the owner may start instances for anyone with the write scope.
    with app.test_request_context("/x", method="POST", headers=bearer(writer)):
        assert authorise_party("ekom", "serveringsbevilling", 501337).id == APP_ID
    with app.test_request_context("/x", method="POST", headers=bearer(reader)):
        with pytest.raises(HTTPException) as refusal:
            authorise_party("ekom", "serveringsbevilling", 501337)
        assert refusal.value.response is not None
        assert refusal.value.response.status_code == 403


# --------------------------------------------------------------------------- production: JWKS


@pytest.fixture
def production_db() -> Iterator[str]:
    """A migrated PostgreSQL schema of its own, dropped afterwards."""
    with postgres_schema(migrated=True) as url:
        yield url


@pytest.fixture
def provider() -> Iterator[StandInProvider]:
    """Serves the JWKS, as Maskinporten would."""
    stand_in = StandInProvider().start()
    yield stand_in
    stand_in.stop()


AUDIENCE = "https://blankett.example/api"


@pytest.fixture
def production(tmp_path: Path, production_db: str, provider: StandInProvider
               ) -> Iterator[Flask]:
    app = make_app(tmp_path, BLANKETT_ENV="production", DATABASE_URL=production_db,
                   OIDC_ISSUER=provider.issuer, OIDC_CLIENT_ID=CLIENT_ID,
                   OIDC_CLIENT_SECRET=CLIENT_SECRET, API_JWKS_URL=f"{provider.issuer}/jwks",
                   API_ISSUER=provider.issuer, API_AUDIENCE=AUDIENCE,
                   API_SERVICE_OWNERS="ekom=991825827,ttd=405003309")
    yield app
    app.extensions["blankett.engine"].dispose()


def maskinporten(provider: StandInProvider, key: RSAKey | None = None, **claims: Any) -> str:
    now = int(time.time())
    body = {"iss": provider.issuer, "aud": AUDIENCE, "iat": now, "exp": now + 120,
            "client_id": "a-client", "scope": READ_SCOPE,
            "consumer": {"authority": "iso6523-actorid-upis", "ID": "0192:991825827"},
            **claims}
    body = {k: v for k, v in body.items() if v is not None}
    return jwt.encode({"alg": "RS256", "kid": "stand-in-1"}, body, key or provider.key)


@pytest.mark.postgres
def test_production_checks_tokens_against_the_jwks(
        production: Flask, provider: StandInProvider) -> None:
    client = production.test_client()
    instance = new_instance(production, 512345)
    url = validate_url(512345, instance)
    assert client.get(url, headers=bearer(maskinporten(provider))).status_code == 200
    assert provider.requests.count("/jwks") == 1
    assert client.get(url, headers=bearer(maskinporten(provider))).status_code == 200
    assert provider.requests.count("/jwks") == 1  # kept, not fetched per request
    with production.test_request_context(headers=bearer(maskinporten(provider))):
        assert api_caller() == OrgCaller(org="ekom", org_number="991825827",
                                         scopes=frozenset({READ_SCOPE}))

    other_key = RSAKey.generate_key(2048, parameters={"kid": "stand-in-1"}, private=True)
    for bad in (maskinporten(provider, key=other_key),
                maskinporten(provider, aud="https://someone-else"),
                maskinporten(provider, aud=None),
                maskinporten(provider, iss="https://not-maskinporten"),
                maskinporten(provider, exp=int(time.time()) - 600),
                maskinporten(provider, exp=None)):
        assert_problem(client.get(url, headers=bearer(bad)), 401)
    # Another service owner, or one without the scope.
    ttd = {"authority": "iso6523-actorid-upis", "ID": "0192:405003309"}
    assert_problem(client.get(url, headers=bearer(maskinporten(provider, consumer=ttd))), 404)
    assert_problem(client.get(url, headers=bearer(maskinporten(provider, scope="x"))), 403)


@pytest.mark.postgres
def test_production_follows_a_key_rotation(production: Flask,
                                           provider: StandInProvider) -> None:
    client = production.test_client()
    url = validate_url(512345, new_instance(production, 512345))
    assert client.get(url, headers=bearer(maskinporten(provider))).status_code == 200
    provider.key = RSAKey.generate_key(2048, parameters={"kid": "stand-in-2"}, private=True)
    rotated = jwt.encode({"alg": "RS256", "kid": "stand-in-2"},
                         _unverified(maskinporten(provider)), provider.key)
    # The unknown key id is fetched again only once the last fetch is a minute old.
    cache = production.extensions["blankett.jwks"]
    cache._fetched -= tokens.JWKS_REFETCH_SECONDS + 1
    assert client.get(url, headers=bearer(rotated)).status_code == 200
    assert provider.requests.count("/jwks") == 2


@pytest.mark.postgres
def test_production_user_tokens_and_an_unreachable_jwks(
        tmp_path: Path, production: Flask, provider: StandInProvider) -> None:
    client = production.test_client()
    with production.test_request_context():
        person = person_register().sign_in("01017012345", "Kari Nordmann")
    url = validate_url(person.party_id, new_instance(production, person.party_id))
    kari = maskinporten(provider, **{"urn:altinn:userid": str(person.user_id),
                                     "urn:altinn:partyid": person.party_id,
                                     "consumer": None, "scope": None})
    assert client.get(url, headers=bearer(kari)).status_code == 200
    stranger = maskinporten(provider, **{"urn:altinn:userid": str(person.user_id + 1),
                                         "consumer": None})
    assert_problem(client.get(url, headers=bearer(stranger)), 401)

    provider.stop()
    down = make_app(tmp_path, BLANKETT_ENV="production",
                    DATABASE_URL=production.config["DATABASE_URL"],
                    OIDC_ISSUER=provider.issuer, OIDC_CLIENT_ID=CLIENT_ID,
                    OIDC_CLIENT_SECRET=CLIENT_SECRET, API_JWKS_URL=f"{provider.issuer}/jwks",
                    API_ISSUER=provider.issuer, API_AUDIENCE=AUDIENCE)
    assert_problem(down.test_client().get(url, headers=bearer(kari)), 503)
    down.extensions["blankett.engine"].dispose()


def test_a_jwks_needs_its_issuer_and_audience(tmp_path: Path) -> None:
    from web.settings import SettingsError, load_settings

    env = {"BLANKETT_ENV": "production", "DATABASE_URL": "postgresql+psycopg://x/y",
           "SECRET_KEY": "s", "OIDC_ISSUER": "https://idp", "OIDC_CLIENT_ID": "c",
           "OIDC_CLIENT_SECRET": "s", "API_JWKS_URL": "https://mp/jwks"}
    with pytest.raises(SettingsError, match="API_ISSUER, API_AUDIENCE"):
        load_settings(env, None, tmp_path)
    settings = load_settings({**env, "API_ISSUER": "https://mp", "API_AUDIENCE": "a"}, None,
                             tmp_path)
    assert settings["API_ISSUER"] == "https://mp" and settings["API_AUDIENCE"] == "a"
