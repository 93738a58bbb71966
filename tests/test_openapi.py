"""The API's OpenAPI document stays true: it is a valid OpenAPI 3.1 document, it lists exactly
the routes of the API blueprints with their methods, real answers of the happy paths validate
against its schemas, and schemathesis fuzzes the API against it (a bounded, seeded run) with no
server error and every answer as documented."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate as validate_spec
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.components.test_fileupload import pdf_bytes
from tests.conftest import make_app, sample_form_data
from tests.test_api_auth import bearer, org_token, user_token
from web.openapi import DOCUMENTED_BLUEPRINTS, PATH_NAMES, document

APP_ID = "ekom/serveringsbevilling"
BASE = f"/{APP_ID}/instances"
PARTY = 512345
IGNORED_METHODS = {"HEAD", "OPTIONS"}
FUZZ_EXAMPLES = 40  # per operation and mode: a bounded run of about a minute


def test_the_document_is_valid_openapi_3_1(client: FlaskClient) -> None:
    served = client.get("/openapi.json")
    assert served.status_code == 200
    validate_spec(served.get_json())
    per_app = client.get(f"/{APP_ID}/swagger/v1/swagger.json")
    assert per_app.status_code == 200
    assert per_app.get_json()["paths"] == served.get_json()["paths"]
    assert client.get("/ekom/nope/swagger/v1/swagger.json").status_code == 404


def _flask_path(rule: str) -> str:
    """`/<org>/<app_name>/instances/<int:party_id>` → `/{org}/{app}/instances/{...PartyId}`."""
    return re.sub(r"<(?:[^:>]+:)?([^>]+)>", lambda m: "{" + PATH_NAMES[m.group(1)] + "}", rule)


def test_every_route_is_documented_and_nothing_else(app: Flask) -> None:
    routes: dict[str, set[str]] = {}
    for rule in app.url_map.iter_rules():
        if rule.endpoint.split(".")[0] in DOCUMENTED_BLUEPRINTS:
            methods = set(rule.methods or ()) - IGNORED_METHODS
            routes.setdefault(_flask_path(rule.rule), set()).update(methods)
    documented = {path: {m.upper() for m in item} for path, item in document()["paths"].items()}
    assert routes == documented
    for path, item in document()["paths"].items():  # path parameters: declared, and only those
        names = set(re.findall(r"{([^}]+)}", path))
        for operation in item.values():
            declared = {p["name"] for p in operation["parameters"] if p["in"] == "path"}
            assert declared == names, (path, declared)


# ---- real answers against the documented schemas ---------------------------------------------
def _validate(response: Any, path: str, method: str) -> None:
    """The answer's status is documented for the operation, and its JSON body fits the
    schema documented for that status and content type."""
    operation = document()["paths"][path][method]
    documented = operation["responses"].get(str(response.status_code))
    assert documented is not None, (path, method, response.status_code, response.data[:300])
    content = documented.get("content")
    if not content:
        return
    media = response.mimetype
    assert media in content or "*/*" in content, (path, method, media)
    schema = (content.get(media) or content["*/*"]).get("schema", {})
    if media.endswith("json"):
        validator = Draft202012Validator(
            {**schema, "components": document()["components"]},
            format_checker=Draft202012Validator.FORMAT_CHECKER)
        errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
                  for e in validator.iter_errors(response.get_json())]
        assert not errors, (path, method, errors[:5])


def test_happy_path_answers_match_the_document(app: Flask, client: FlaskClient) -> None:
    token = bearer(user_token(client, 12345))
    one = "/{org}/{app}/instances/{instanceOwnerPartyId}/{instanceGuid}"
    data = one + "/data/{dataGuid}"

    created = client.post(f"{BASE}?instanceOwnerPartyId={PARTY}", headers=token)
    _validate(created, "/{org}/{app}/instances", "post")
    instance = created.get_json()
    url = f"{BASE}/{instance['id']}"
    form = next(d for d in instance["data"] if d["dataType"] == "model")
    prefilled = client.post(f"{BASE}/create", headers=token, json={
        "instanceOwner": {"partyId": str(PARTY)}, "prefill": {"soker.navn": "Kari"}})
    _validate(prefilled, "/{org}/{app}/instances/create", "post")
    _validate(client.get(url, headers=token), one, "get")
    _validate(client.get(f"{BASE}/{PARTY}/active", headers=token),
              "/{org}/{app}/instances/{instanceOwnerPartyId}/active", "get")
    _validate(client.get(f"{url}/validate", headers=token), one + "/validate", "get")
    _validate(client.get(f"{url}/process", headers=token), one + "/process", "get")
    _validate(client.put(f"{url}/process/next", headers=token), one + "/process/next", "put")

    data_url = f"{url}/data/{form['id']}"
    _validate(client.put(data_url, json=sample_form_data(app), headers=token), data, "put")
    _validate(client.get(data_url, headers=token), data, "get")
    _validate(client.patch(data_url, headers=token, json={"patch": [
        {"op": "replace", "path": "/soker/navn", "value": "Kari Nordmann"}]}), data, "patch")
    upload = client.post(f"{url}/data?dataType=ref-data-as-pdf", data=pdf_bytes(), headers={
        **token, "Content-Type": "application/pdf",
        "Content-Disposition": 'attachment; filename="kvittering.pdf"'})
    _validate(upload, one + "/data", "post")
    attachment = f"{url}/data/{upload.get_json()['id']}"
    _validate(client.get(attachment, headers=token), data, "get")
    _validate(client.delete(attachment, headers=token), data, "delete")
    _validate(client.put(f"{url}/process/next", headers=token), one + "/process/next", "put")
    _validate(client.get(f"{url}/process/history", headers=token),
              one + "/process/history", "get")
    owner = bearer(org_token(client, "ekom", "altinn:serviceowner/instances.read "
                                             "altinn:serviceowner/instances.write"))
    _validate(client.post(f"{url}/complete", headers=owner), one + "/complete", "post")
    _validate(client.delete(f"{url}?hard=true", headers=token), one, "delete")
    _validate(client.get(url, headers=token), one, "get")  # 404, a ProblemDetails

    api = "/{org}/{app}/api"
    resources = {"/v1/applicationmetadata": "/v1/applicationmetadata",
                 "/layoutsets": "/layoutsets", "/layouts/form": "/layouts/{id}",
                 "/layoutsettings/form": "/layoutsettings/{id}",
                 "/jsonschema/model": "/jsonschema/{id}", "/v1/texts/nb": "/v1/texts/{language}"}
    for real, documented in resources.items():
        _validate(client.get(f"/{APP_ID}/api{real}"), api + documented, "get")
    _validate(client.get(f"/{APP_ID}/api/layouts/nope"), api + "/layouts/{id}", "get")


def test_what_the_fuzzing_found_answers_4xx(client: FlaskClient) -> None:
    """Server errors found while fuzzing, now refusals: JSON nested past Python's recursion
    limit, form data too deep to patch, JSON form data the model cannot write as XML, and
    `abort()` errors that were HTML pages."""
    token = bearer(user_token(client, 12345))
    created = client.post(f"{BASE}?instanceOwnerPartyId={PARTY}", headers=token).get_json()
    url = f"{BASE}/{created['id']}"
    data_url = f"{url}/data/{created['data'][0]['id']}"
    nested = b'{"a":' * 5000 + b"1" + b"}" * 5000
    for call in (lambda: client.put(data_url, data=nested, headers=token,
                                    content_type="application/json"),
                 lambda: client.patch(data_url, data=b'{"patch":' + nested + b"}",
                                      headers=token, content_type="application/json"),
                 lambda: client.post(BASE, data=nested, headers=token,
                                     content_type="application/json"),
                 lambda: client.put(f"{url}/process/next", data=nested, headers=token,
                                    content_type="application/json")):
        answer = call()
        assert answer.status_code == 400 and answer.mimetype == "application/problem+json"
    deep = {"a": 1}
    for _ in range(600):
        deep = {"a": deep}
    assert client.patch(data_url, headers=token, json={"patch": [
        {"op": "add", "path": "/deep", "value": deep}]}).status_code == 400
    assert client.put(data_url, headers=token, json=deep).status_code == 400
    # Data the model does not have is refused, so what is stored can always be given as XML.
    assert client.put(data_url, headers=token, json={"unknown": 1}).status_code == 400
    as_xml = client.get(data_url, headers={**token, "Accept": "application/xml"})
    assert as_xml.status_code == 200 and as_xml.mimetype == "application/xml"
    missing = client.get(f"/{APP_ID}/api/layouts/nope")
    assert missing.status_code == 404 and missing.get_json()["status"] == 404


# ---- schemathesis --------------------------------------------------------------------------
OPERATIONS = [(method.upper(), path) for path, item in document()["paths"].items()
              for method in item]
# Negative (invalid) requests where something can be made invalid: a body, a query or header
# parameter, or a path parameter that is not a free string.
NEGATABLE = [(m, p) for m, p in OPERATIONS if "requestBody" in document()["paths"][p][m.lower()]
             or any(x["in"] != "path" or x["schema"] != {"type": "string"}
                    for x in document()["paths"][p][m.lower()]["parameters"])]
FUZZED = ([(m, p, GenerationMode.POSITIVE) for m, p in OPERATIONS]
          + [(m, p, GenerationMode.NEGATIVE) for m, p in NEGATABLE])
# Real ids of the app's resources, by the path above the id: the id parameter and its value.
REAL_IDS = {"/{org}/{app}/api/layouts": ("id", "form"),
            "/{org}/{app}/api/layoutsettings": ("id", "form"),
            "/{org}/{app}/api/jsonschema": ("id", "model"),
            "/{org}/{app}/api/v1/texts": ("language", "nb"),
            "/{org}/{app}/api/options": ("optionsIdOrLibraryRef", "stedstype")}
RESPONSE_CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
                   response_headers_conformance, response_schema_conformance]


def _fresh_instance(client: FlaskClient, token: str) -> tuple[str, dict[str, str]]:
    """A new instance of the sample app with its form data and one attachment: its GUID, and
    data element ids by kind."""
    created = client.post(f"{BASE}?instanceOwnerPartyId={PARTY}", headers=bearer(token))
    assert created.status_code == 201, created.data
    instance = created.get_json()
    upload = client.post(f"{BASE}/{instance['id']}/data?dataType=ref-data-as-pdf",
                         data=pdf_bytes(), headers={
                             **bearer(token), "Content-Type": "application/pdf",
                             "Content-Disposition": 'attachment; filename="a.pdf"'})
    assert upload.status_code == 201, upload.data
    form = next(d["id"] for d in instance["data"] if d["dataType"] == "model")
    return instance["id"].split("/")[1], {"form": form, "file": upload.get_json()["id"]}


@pytest.mark.parametrize(("method", "path", "mode"), FUZZED,
                         ids=[f"{m} {p} {mode.value}" for m, p, mode in FUZZED])
def test_fuzz_the_api(tmp_path: Path, method: str, path: str, mode: GenerationMode) -> None:
    """Each operation, with generated parameters and bodies, on a fresh real instance of the
    party whose token calls: no server error ever, and (for valid requests) every answer as
    documented. Invalid requests (negative mode) must not crash the server either."""
    app = make_app(tmp_path)
    client = app.test_client()
    tokens = {"user": user_token(client, 12345),
              "org": org_token(client, "ekom", "altinn:serviceowner/instances.read "
                                               "altinn:serviceowner/instances.write")}
    token = tokens["org" if path.endswith("/complete") else "user"]
    operation = schemathesis.openapi.from_wsgi("/openapi.json", app)[path][method]
    fixed: dict[str, Any] = {}
    if "{org}" in path:
        fixed.update(org="ekom", app="serveringsbevilling")
    if "{instanceOwnerPartyId}" in path:
        fixed["instanceOwnerPartyId"] = PARTY
    query = {"instanceOwnerPartyId": PARTY} if path.endswith("/instances") else None
    checks = RESPONSE_CHECKS if mode is GenerationMode.POSITIVE else [not_a_server_error]

    if path.endswith("/data"):
        query = {"dataType": "ref-data-as-pdf"}
    real = REAL_IDS.get(path.rsplit("/", 1)[0])

    @given(case=operation.as_strategy(mode, path_parameters=fixed, query=query))
    @settings(max_examples=FUZZ_EXAMPLES, derandomize=True, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    def call(case: Any) -> None:
        if "{instanceGuid}" in path:  # a real instance, so that the handlers are reached
            guid, elements = _fresh_instance(client, tokens["user"])
            case.path_parameters["instanceGuid"] = guid
            if "{dataGuid}" in path:
                kind = "file" if method == "DELETE" else "form"
                case.path_parameters["dataGuid"] = elements[kind]
        if real and len(str(case.path_parameters.get(real[0]))) % 2:  # half on a real id
            case.path_parameters[real[0]] = real[1]
        if path.endswith("/data") and str(case.media_type).endswith(("json", "xml")):
            case.query["dataType"] = "model"
        if isinstance(case.body, dict) and isinstance(case.body.get("instanceOwner"), dict):
            case.body["instanceOwner"]["partyId"] = str(PARTY)
        case.call_and_validate(headers=bearer(token), checks=checks)

    call()
