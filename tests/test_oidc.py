"""Production login through OpenID Connect (ID-porten style), against a stand-in provider on
127.0.0.1 (tests/oidc_provider.py), and the register of people who signed in.

Production refuses SQLite, so these tests run on a schema of their own on the PostgreSQL server
at 127.0.0.1:5432, migrated first (production does not migrate at start)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select
from werkzeug.test import Client

from integrations.register import LocalRegister, PersonRegister
from storage import db
from storage.models import PERSON_ID_START, Base, Person
from tests.conftest import make_app, postgres_schema
from tests.oidc_provider import CLIENT_ID, CLIENT_SECRET, StandInProvider, signing_key
from web.context import register

STATE_PREFIX = "_state_idporten_"


# --------------------------------------------------------------------------- fixtures


@pytest.fixture
def provider() -> Iterator[StandInProvider]:
    stand_in = StandInProvider().start()
    yield stand_in
    stand_in.stop()


@pytest.fixture
def production_db() -> Iterator[str]:
    """A migrated PostgreSQL schema of its own, dropped afterwards."""
    with postgres_schema(migrated=True) as url:
        yield url


def production_app(tmp_path: Path, database: str, issuer: str, **overrides: Any) -> Flask:
    return make_app(tmp_path, BLANKETT_ENV="production", DATABASE_URL=database,
                    OIDC_ISSUER=issuer, OIDC_CLIENT_ID=CLIENT_ID,
                    OIDC_CLIENT_SECRET=CLIENT_SECRET, **overrides)


@pytest.fixture
def app(tmp_path: Path, production_db: str, provider: StandInProvider) -> Iterator[Flask]:
    application = production_app(tmp_path, production_db, provider.issuer)
    yield application
    application.extensions["blankett.engine"].dispose()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


pytestmark = pytest.mark.postgres


# --------------------------------------------------------------------------- helpers


def start(client: FlaskClient, provider: StandInProvider, next_url: str = "/") -> str:
    """GET /login; returns the provider URL Blankett sent the browser to."""
    response = client.get("/login?" + urlencode({"next": next_url}))
    assert response.status_code == 302
    location = response.headers["Location"]
    assert location.startswith(f"{provider.issuer}/authorize?")
    return location


def at_provider(provider: StandInProvider, authorize_url: str) -> str:
    """The browser at the provider: returns the callback URL it is sent back to."""
    response = Client(provider.wsgi).get(authorize_url)
    assert response.status_code == 302, response.get_data(as_text=True)
    return response.headers["Location"]


def with_query(url: str, **changes: str) -> str:
    parts = urlsplit(url)
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    query.update(changes)
    return f"{parts.path}?{urlencode(query)}"


def sign_in(client: FlaskClient, provider: StandInProvider, next_url: str = "/") -> Any:
    callback = at_provider(provider, start(client, provider, next_url))
    return client.get(callback)


def people(app: Flask) -> list[Person]:
    with app.extensions["blankett.sessions"]() as session:
        return list(session.scalars(select(Person).order_by(Person.id)))


def signed_in_ids(client: FlaskClient) -> tuple[Any, Any]:
    with client.session_transaction() as session:
        return session.get("user_id"), session.get("party_id")


# --------------------------------------------------------------------------- the flow


def test_login_sends_the_browser_to_the_provider_with_pkce_state_and_nonce(
        client: FlaskClient, provider: StandInProvider) -> None:
    location = start(client, provider, "/party")
    query = parse_qs(urlsplit(location).query)
    assert query["response_type"] == ["code"]
    assert query["client_id"] == [CLIENT_ID]
    assert query["scope"] == ["openid profile"]
    assert query["code_challenge_method"] == ["S256"]
    assert len(query["code_challenge"][0]) == 43  # base64url of a SHA-256 digest
    assert query["state"][0] and query["nonce"][0]
    assert query["redirect_uri"] == ["http://localhost/auth/callback"]
    with client.session_transaction() as session:
        assert session["oidc_next"] == "/party"
        pending = session[STATE_PREFIX + query["state"][0]]["data"]
        assert pending["nonce"] == query["nonce"][0]
        assert pending["code_verifier"]


def test_round_trip_signs_the_person_in_with_a_new_session(
        client: FlaskClient, provider: StandInProvider, app: Flask) -> None:
    client.get("/")
    with client.session_transaction() as session:
        session["planted"] = "by someone else"  # must not survive the sign-in
    response = sign_in(client, provider, "/party")
    assert response.status_code == 303
    assert response.headers["Location"] == "/party"

    # The token request carried the PKCE verifier, and the stand-in accepted it.
    assert provider.token_requests[-1]["code_verifier"]
    assert provider.token_refusals == []

    [person] = people(app)
    assert person.ssn == "01017012345"
    assert person.name == "Kari Nordmann"
    assert person.id >= PERSON_ID_START
    with client.session_transaction() as session:
        assert session["user_id"] == person.id
        assert session["party_id"] == person.id
        assert "planted" not in session
        assert "oidc_next" not in session
        assert not [k for k in session if k.startswith(STATE_PREFIX)]

    page = client.get("/").get_data(as_text=True)
    assert "Kari Nordmann" in page
    assert "Søknad om serveringsbevilling" in page  # a service open to persons
    party_page = client.get("/party").get_data(as_text=True)
    assert "Kari Nordmann" in party_page


def test_second_login_of_the_same_person_reuses_their_party(
        app: Flask, provider: StandInProvider) -> None:
    first = app.test_client()
    assert sign_in(first, provider).status_code == 303
    provider.person = {"pid": "01017012345", "name": "Kari Nordmann Berg"}
    second = app.test_client()
    assert sign_in(second, provider).status_code == 303
    assert signed_in_ids(first) == signed_in_ids(second)
    [person] = people(app)
    assert person.name == "Kari Nordmann Berg"  # the name follows the latest login

    provider.person = {"pid": "02029912345", "name": "Ola Nordmann"}
    third = app.test_client()
    assert sign_in(third, provider).status_code == 303
    assert signed_in_ids(third)[0] != signed_in_ids(first)[0]
    assert [p.ssn for p in people(app)] == ["01017012345", "02029912345"]


def test_next_is_kept_only_when_it_is_a_path_here(
        client: FlaskClient, provider: StandInProvider) -> None:
    response = sign_in(client, provider, "https://evil.example/phish")
    assert response.status_code == 303
    assert response.headers["Location"] == "/"


def test_a_person_acts_only_for_themselves(
        client: FlaskClient, provider: StandInProvider, app: Flask) -> None:
    sign_in(client, provider)
    user_id, _ = signed_in_ids(client)
    assert client.post("/party", data={"party_id": "512345"}).status_code == 403
    assert client.post("/party", data={"party_id": str(user_id + 1)}).status_code == 403
    assert client.post("/party", data={"party_id": str(user_id)}).status_code == 303
    with app.test_request_context():
        found = register()
        assert isinstance(found, PersonRegister)
        assert [p.party_id for p in found.parties_for(user_id)] == [user_id]
        assert found.party(user_id).party_type == "person"  # type: ignore[union-attr]


def test_logout_clears_the_session_and_leaves_the_provider_alone(
        client: FlaskClient, provider: StandInProvider) -> None:
    sign_in(client, provider)
    asked = list(provider.requests)
    response = client.post("/logout")
    assert response.status_code == 303
    with client.session_transaction() as session:
        assert "user_id" not in session and "party_id" not in session
    assert provider.requests == asked
    assert "Kari Nordmann" not in client.get("/").get_data(as_text=True)


# --------------------------------------------------------------------------- refusals


def assert_not_signed_in(client: FlaskClient) -> None:
    assert signed_in_ids(client) == (None, None)


def test_tampered_state_is_refused(client: FlaskClient, provider: StandInProvider,
                                   app: Flask) -> None:
    callback = at_provider(provider, start(client, provider))
    response = client.get(with_query(callback, state="forged-state"))
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    assert "expired or was started in another browser" in body or "utløpt" in body
    assert "Traceback" not in body
    assert provider.token_requests == []  # the code was never sent
    assert_not_signed_in(client)
    assert people(app) == []


def test_callback_without_a_login_in_this_browser_is_refused(
        app: Flask, provider: StandInProvider) -> None:
    callback = at_provider(provider, start(app.test_client(), provider))
    other_browser = app.test_client()
    assert other_browser.get(callback).status_code == 400
    assert other_browser.get("/auth/callback").status_code == 400
    assert_not_signed_in(other_browser)


def test_a_code_is_good_only_once(client: FlaskClient, provider: StandInProvider) -> None:
    authorize = start(client, provider)
    callback = at_provider(provider, authorize)
    assert client.get(callback).status_code == 303
    client.post("/logout")
    # Replaying the callback: the state was used up with the session it belonged to.
    assert client.get(callback).status_code == 400


@pytest.mark.parametrize("overrides", [
    {"nonce": "not-the-nonce-we-sent"},
    {"nonce": None},
    {"aud": "another-client"},
    {"iss": "https://idporten.example"},
    {"exp": int(time.time()) - 3600, "iat": int(time.time()) - 7200},
], ids=["wrong-nonce", "no-nonce", "wrong-aud", "wrong-iss", "expired"])
def test_an_id_token_with_wrong_claims_is_refused(
        client: FlaskClient, provider: StandInProvider, app: Flask,
        overrides: dict[str, Any]) -> None:
    provider.id_token_overrides = overrides
    response = sign_in(client, provider)
    assert response.status_code == 401
    body = response.get_data(as_text=True)
    assert "kunne ikke bekreftes" in body
    assert "Traceback" not in body
    assert_not_signed_in(client)
    assert people(app) == []


def test_an_id_token_signed_with_another_key_is_refused(
        client: FlaskClient, provider: StandInProvider) -> None:
    provider.signing_key = signing_key()  # same kid, another key
    assert sign_in(client, provider).status_code == 401
    assert_not_signed_in(client)


def test_a_wrong_pkce_verifier_is_refused_by_the_provider(
        client: FlaskClient, provider: StandInProvider) -> None:
    callback = at_provider(provider, start(client, provider))
    with client.session_transaction() as session:
        [key] = [k for k in session if k.startswith(STATE_PREFIX)]
        pending = session[key]
        pending["data"]["code_verifier"] = "x" * 64
        session[key] = pending
    response = client.get(callback)
    assert response.status_code == 401
    assert "ID-porten godtok ikke innloggingen" in response.get_data(as_text=True)
    assert provider.token_refusals == ["invalid_grant"]
    assert_not_signed_in(client)


def test_an_error_from_the_provider_is_shown(
        client: FlaskClient, provider: StandInProvider) -> None:
    provider.deny = True
    callback = at_provider(provider, start(client, provider))
    assert "error=access_denied" in callback
    response = client.get(callback)
    assert response.status_code == 401
    body = response.get_data(as_text=True)
    assert "avbrutt eller avvist" in body
    assert "User cancelled" not in body  # the provider's own words are logged, not shown
    assert provider.token_requests == []
    assert_not_signed_in(client)


def test_a_token_without_pid_is_refused_when_the_provider_has_pid(
        client: FlaskClient, provider: StandInProvider, app: Flask) -> None:
    provider.person = {"name": "Uten Fødselsnummer"}
    response = sign_in(client, provider)
    assert response.status_code == 401
    assert "fødselsnummeret" in response.get_data(as_text=True)
    assert people(app) == []


def test_a_malformed_pid_is_refused(client: FlaskClient, provider: StandInProvider) -> None:
    provider.person = {"pid": "12345", "name": "Kort Nummer"}
    assert sign_in(client, provider).status_code == 401
    assert_not_signed_in(client)


def test_a_provider_without_pid_identifies_people_by_sub(
        tmp_path: Path, production_db: str) -> None:
    provider = StandInProvider(has_pid=False, person={"name": "Generisk Bruker"}).start()
    try:
        app = production_app(tmp_path, production_db, provider.issuer)
        client = app.test_client()
        assert sign_in(client, provider).status_code == 303
        [person] = people(app)
        assert person.ssn == "pairwise-x"  # the stand-in's sub
        assert "Generisk Bruker" in client.get("/").get_data(as_text=True)
        app.extensions["blankett.engine"].dispose()
    finally:
        provider.stop()


def test_a_provider_that_cannot_be_reached_shows_an_error(
        tmp_path: Path, production_db: str) -> None:
    # Nothing listens here; the app still starts, since the provider is only asked at login.
    app = production_app(tmp_path, production_db, "http://127.0.0.1:9")
    response = app.test_client().get("/login")
    assert response.status_code == 503
    assert "ID-porten svarer ikke" in response.get_data(as_text=True)
    app.extensions["blankett.engine"].dispose()


def test_the_test_login_is_not_available_in_production(
        client: FlaskClient, app: Flask) -> None:
    assert client.post("/login", data={"user_id": "12345", "next": "/"}).status_code == 404
    assert_not_signed_in(client)
    # The login page is the provider, not the list of localtest's test users.
    assert client.get("/login").status_code == 302
    with app.test_request_context():
        assert not isinstance(register(), LocalRegister)


def test_the_callback_does_not_exist_in_local_mode(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    assert app.test_client().get("/auth/callback?code=x&state=y").status_code == 404
    with app.test_request_context():
        assert isinstance(register(), LocalRegister)
    assert "blankett.oidc" not in app.extensions


# --------------------------------------------------------------------------- the register


def test_person_register_makes_a_person_once(production_db: str) -> None:
    engine = db.make_engine(production_db)
    session = db.session_factory(engine)()
    try:
        people_register = PersonRegister(lambda: session)
        first = people_register.sign_in("01017012345", "Kari Nordmann")
        again = people_register.sign_in("01017012345")
        assert again.user_id == first.user_id == first.party_id
        assert again.name == "Kari Nordmann"  # a login without a name keeps the one we have
        assert first.user_id >= PERSON_ID_START
        nameless = people_register.sign_in("02029912345")
        assert nameless.name == f"Person {nameless.user_id}"
        assert people_register.may_act_for(first.user_id, first.user_id)
        assert not people_register.may_act_for(first.user_id, nameless.user_id)
        assert people_register.user(PERSON_ID_START - 1) is None
        assert people_register.parties_for(PERSON_ID_START - 1) == []
        assert session.scalar(select(func.count()).select_from(Person)) == 2
    finally:
        session.close()
        engine.dispose()


@pytest.mark.parametrize("database_url", [
    "sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)], indirect=True)
def test_migrations_match_the_models(database_url: str) -> None:
    db.upgrade(database_url)
    engine = db.make_engine(database_url)
    try:
        with engine.connect() as connection:
            assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []
    finally:
        engine.dispose()
