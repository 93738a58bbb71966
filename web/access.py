"""Who calls the app API, and what they may reach. Every API route asks here, in one line:

    instance, app = authorise_instance(org, app_name, party_id, instance_guid)   # GET: read
    instance, app = authorise_instance(..., action=WRITE, for_update=True)       # a change
    app = authorise_party(org, app_name, party_id)                # e.g. POST instances

The caller (`api_caller()`) is the bearer token of `Authorization: Bearer <JWT>` (see
web/tokens.py), or, for GET and HEAD only, the signed-in web session (the same person as their
user token). Without either: 401. A cookie never authorises a change, so the API needs no CSRF
token.

The rules (`may_reach`):
- a user acts for their own party, and for every party the register says they may act for
  (Altinn's party list, made from their roles: Sophie Salt is DAGL of DDG Fitness AS);
- the app owner (`org` of the app id `org/app`) reaches every instance of its own apps with
  `altinn:serviceowner/instances.read` to read and `...instances.write` to change;
- nobody else reaches anything.

What a refusal says: an instance the caller may not see is 404, exactly as if it did not exist;
a party the caller names but may not act for is 403; the app owner lacking the scope is 403
(it may know its own instances exist). Every refusal is a ProblemDetails JSON body
(`application/problem+json`: type, title, status, detail)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, NoReturn

from flask import abort, current_app, g, jsonify, request
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response

from forms.definitions import AppDefinition
from storage import repository
from storage.models import Instance
from web.context import register, registry
from web.db import db_session
from web.sessions import signed_in_user_id
from web.tokens import (
    READ_SCOPE,
    WRITE_SCOPE,
    TokenInvalid,
    TokensUnavailable,
    consumer_org_number,
    scopes,
    service_owners,
    verify,
)

READ = "read"
WRITE = "write"
SCOPE_FOR = {READ: READ_SCOPE, WRITE: WRITE_SCOPE}
_SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
_TITLES = {400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found",
           406: "Not Acceptable", 409: "Conflict", 413: "Content Too Large",
           415: "Unsupported Media Type", 422: "Unprocessable Content",
           503: "Service Unavailable"}


@dataclass(frozen=True)
class UserCaller:
    """A person: their user id, their own party, how strongly they signed in."""

    user_id: int
    party_id: int
    authentication_level: int = 0
    via: str = "token"  # or "session"


@dataclass(frozen=True)
class OrgCaller:
    """An organisation (a service owner's system): its code, number and granted scopes."""

    org: str | None
    org_number: str | None
    scopes: frozenset[str] = frozenset()


Caller = UserCaller | OrgCaller


def problem(status: int, detail: str, title: str | None = None,
            headers: dict[str, str] | None = None, **extra: Any) -> NoReturn:
    """Stop with an RFC 9457 ProblemDetails answer."""
    body = {"type": f"https://datatracker.ietf.org/doc/html/rfc9110#status.{status}",
            "title": title or _TITLES.get(status, "Error"), "status": status,
            "detail": detail, **extra}
    response = jsonify(body)
    response.status_code = status
    response.content_type = "application/problem+json"
    for name, value in (headers or {}).items():
        response.headers[name] = value
    abort(response)


def json_body() -> Any:
    """The request's JSON body, or None when it is not JSON; 400 when it nests too deeply
    to be read (Python's recursion limit), rather than a server error."""
    try:
        return request.get_json(silent=True)
    except RecursionError:
        problem(400, "The JSON body is nested too deeply.")


def http_problem(error: HTTPException) -> Response:
    """An error handler for the API blueprints: an HTTP error raised without `problem()`
    (`abort(404)`, a body too large, a malformed form) answers as ProblemDetails too."""
    if error.response is not None:  # problem()'s own answer
        return error.response
    status = error.code or 500
    try:
        problem(status, error.description or _TITLES.get(status, "Error"),
                title=_TITLES.get(status, error.name))
    except HTTPException as raised:
        assert raised.response is not None
        return raised.response


def _unauthorised(detail: str, error: str | None = "invalid_token") -> NoReturn:
    challenge = f'Bearer error="{error}"' if error else "Bearer"
    problem(401, detail, headers={"WWW-Authenticate": challenge})


# ---------------------------------------------------------------------- who is calling

def api_caller() -> Caller:
    """The caller of this request; 401 (ProblemDetails) when there is none we trust."""
    if "api_caller" not in g:
        g.api_caller = _find_caller()
    caller: Caller = g.api_caller
    return caller


def _find_caller() -> Caller:
    header = request.headers.get("Authorization", "")
    if header:
        scheme, _, value = header.partition(" ")
        if scheme.lower() != "bearer" or not value.strip():
            _unauthorised("The Authorization header must be 'Bearer <JWT>'.", "invalid_request")
        try:
            claims = verify(value.strip())
        except TokenInvalid as error:
            current_app.logger.info("API token refused: %s", error)
            _unauthorised(f"The bearer token is not valid: {error}")
        except TokensUnavailable as error:
            current_app.logger.error("API tokens cannot be checked: %s", error)
            problem(503, "Tokens cannot be checked right now. Try again later.")
        return _caller_from(claims)
    if request.method in _SAFE_METHODS:
        user_id = signed_in_user_id()
        user = register().user(user_id) if user_id is not None else None
        if user is not None:
            return UserCaller(user_id=user.user_id, party_id=user.party_id, via="session")
    _unauthorised("Send 'Authorization: Bearer <JWT>'.", None)


def _int_claim(claims: dict[str, Any], name: str) -> int | None:
    value = claims.get(name)
    try:
        return int(value) if value is not None and not isinstance(value, bool) else None
    except (TypeError, ValueError):
        return None


def _caller_from(claims: dict[str, Any]) -> Caller:
    level = _int_claim(claims, "urn:altinn:authlevel") or 0
    user_id = _int_claim(claims, "urn:altinn:userid")
    if user_id is not None:
        party_id = _int_claim(claims, "urn:altinn:partyid")
        user = register().user(user_id)
        if user is None:
            _unauthorised("The token's user is not known here.")
        if party_id is not None and party_id != user.party_id:
            _unauthorised("The token's party is not its user's own party.")
        return UserCaller(user_id=user.user_id, party_id=user.party_id,
                          authentication_level=level)
    number = consumer_org_number(claims)
    org = claims.get("urn:altinn:org")
    if not isinstance(org, str) or not org:
        org = service_owners().get(number or "")
    if org is None and number is None:
        _unauthorised("The token says neither which user nor which organisation calls.")
    return OrgCaller(org=org.lower() if org else None, org_number=number,
                     scopes=scopes(claims))


# ---------------------------------------------------------------------- the rules

def may_act_for(caller: Caller, party_id: int) -> bool:
    """Whether the caller acts for this party as a person (own party or by a role)."""
    if not isinstance(caller, UserCaller):
        return False
    return caller.party_id == party_id or register().may_act_for(caller.user_id, party_id)


def is_app_owner(caller: Caller, app_id: str) -> bool:
    return isinstance(caller, OrgCaller) and caller.org is not None and (
        app_id.split("/", 1)[0].lower() == caller.org)


def may_reach(caller: Caller, party_id: int, app_id: str, action: str) -> bool:
    """Whether the caller may do `action` (READ or WRITE) for this party in this app."""
    if may_act_for(caller, party_id):
        return True
    return (is_app_owner(caller, app_id) and isinstance(caller, OrgCaller)
            and SCOPE_FOR[action] in caller.scopes)


def _default_action() -> str:
    return READ if request.method in _SAFE_METHODS else WRITE


def _app(org: str, app_name: str) -> AppDefinition:
    app = registry().get(f"{org}/{app_name}")
    if app is None:
        problem(404, f"There is no app {org}/{app_name} here.")
    return app


def _refuse_owner_without_scope(caller: Caller, app_id: str, action: str) -> None:
    if is_app_owner(caller, app_id):
        problem(403, f"The token lacks the scope {SCOPE_FOR[action]}.",
                headers={"WWW-Authenticate":
                         f'Bearer error="insufficient_scope", scope="{SCOPE_FOR[action]}"'})


def authorise_instance(org: str, app_name: str, party_id: int, instance_id: str,
                       action: str | None = None, for_update: bool = False,
                       signee: bool = False) -> tuple[Instance, AppDefinition]:
    """The instance `{party_id}/{instance_id}` of app `org/app_name`, if the caller may do
    `action` on it (default: READ for GET/HEAD, WRITE otherwise); stops with 401, 403 or 404
    otherwise. `for_update` locks the row. `signee`: a route a signing task's required
    signee may use though they do not act for the owner (sign, reject, the signing state)."""
    caller = api_caller()
    action = action or _default_action()
    app_id = f"{org}/{app_name}"
    instance = repository.get_instance(db_session(), instance_id, for_update=for_update)
    if (instance is None or instance.instance_owner_party_id != party_id
            or instance.app_id != app_id):
        problem(404, "There is no such instance.")
    if not may_reach(caller, party_id, app_id, action) and not (
            signee and _is_signee(caller, instance)):
        if action == WRITE and may_reach(caller, party_id, app_id, READ):
            problem(403, "You may read this instance, not change it.")
        _refuse_owner_without_scope(caller, app_id, action)
        problem(404, "There is no such instance.")
    app = registry().for_instance(instance)
    if app is None:
        problem(503, "This service is not available right now.")
    if action == WRITE and instance.soft_deleted is not None and request.method != "DELETE":
        problem(409, "This instance is deleted; it can no longer be changed.")
    return instance, app


def _is_signee(caller: Caller, instance: Instance) -> bool:
    from process.signing_task import is_required_signee

    app = registry().for_instance(instance)
    user = register().user(caller.user_id) if isinstance(caller, UserCaller) else None
    return (app is not None and user is not None
            and is_required_signee(app, instance, user, register()))


def authorise_party(org: str, app_name: str, party_id: int, action: str = WRITE
                    ) -> AppDefinition:
    """The app, if the caller may do `action` for the party it names (e.g. start an instance
    for `instanceOwnerPartyId`, list its active instances); 403 if not, 404 for an unknown
    app."""
    caller = api_caller()
    app = _app(org, app_name)
    if not may_reach(caller, party_id, app.id, action):
        _refuse_owner_without_scope(caller, app.id, action)
        problem(403, f"You may not act for party {party_id}.")
    return app
