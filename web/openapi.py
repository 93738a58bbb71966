"""The OpenAPI 3.1 document of Blankett's app API (blueprints `api` and `app_resources`),
served at Altinn's path `GET /{org}/{app}/swagger/v1/swagger.json` and at `GET /openapi.json`.

The shapes follow Altinn's own document (Instance, DataElement, ProcessState,
ValidationIssueWithSource, ProblemDetails, DataPatchRequest/Response), written down as Blankett
answers them. tests/test_openapi.py keeps it true: every route of the two blueprints is here with
its methods (and nothing else is), real answers validate against the schemas, and schemathesis
fuzzes the API against it."""

from __future__ import annotations

import copy
from functools import cache
from typing import Any

from flask import Blueprint, jsonify
from werkzeug.wrappers import Response

from web.access import problem
from web.context import registry

bp = Blueprint("openapi", __name__)

# Flask's names of path variables → the document's (Altinn's) names.
PATH_NAMES = {
    "org": "org", "app_name": "app", "party_id": "instanceOwnerPartyId",
    "instance_id": "instanceGuid", "element_id": "dataGuid", "set_id": "id",
    "data_type": "id", "lang": "language", "options_id": "optionsIdOrLibraryRef",
}
DOCUMENTED_BLUEPRINTS = ("api", "app_resources", "payment_api")

Schema = dict[str, Any]


def _ref(name: str) -> Schema:
    return {"$ref": f"#/components/schemas/{name}"}


def _nullable(kind: str, **more: Any) -> Schema:
    return {"type": [kind, "null"], **more}


_TIME = _nullable("string", format="date-time")
_TEXT = _nullable("string")

SCHEMAS: dict[str, Schema] = {
    "ProblemDetails": {
        "type": "object",
        "description": "An error, as RFC 9457 describes it (`application/problem+json`).",
        "properties": {"type": _TEXT, "title": _TEXT, "status": _nullable("integer"),
                       "detail": _TEXT, "instance": _TEXT},
        "required": ["type", "title", "status", "detail"],
        "additionalProperties": True,
    },
    "ValidationProblem": {
        "description": "ProblemDetails of a `process/next` refused for validation errors.",
        "allOf": [_ref("ProblemDetails"), {
            "type": "object", "required": ["validationIssues"],
            "properties": {"validationIssues": {
                "type": "array", "items": _ref("ValidationIssueWithSource")}}}],
    },
    "ResourceLinks": {
        "type": "object", "additionalProperties": False,
        "properties": {"apps": _TEXT, "platform": _TEXT},
    },
    "InstanceOwner": {
        "type": "object", "additionalProperties": False,
        "properties": {"partyId": _TEXT, "personNumber": _TEXT, "organisationNumber": _TEXT,
                       "username": _TEXT, "externalIdentifier": _TEXT},
    },
    "Substatus": {
        "type": ["object", "null"], "additionalProperties": False,
        "properties": {"label": _TEXT, "description": _TEXT},
    },
    "InstanceStatus": {
        "type": "object", "additionalProperties": False,
        "properties": {
            "isArchived": {"type": "boolean"}, "archived": _TIME,
            "isSoftDeleted": {"type": "boolean"}, "softDeleted": _TIME,
            "isHardDeleted": {"type": "boolean"}, "hardDeleted": _TIME,
            "readStatus": {"type": "string", "enum": ["Unread", "Read",
                                                      "UpdatedSinceLastReview"]},
            "substatus": _ref("Substatus"),
        },
    },
    "CompleteConfirmation": {
        "type": "object", "additionalProperties": False,
        "properties": {"stakeholderId": _TEXT,
                       "confirmedOn": {"type": "string", "format": "date-time"}},
    },
    "UserAction": {
        "type": "object", "additionalProperties": False,
        "properties": {"id": {"type": "string"}, "authorized": {"type": "boolean"},
                       "type": {"type": "string", "enum": ["ProcessAction", "ServerAction"]}},
    },
    "ProcessElementInfo": {
        "type": ["object", "null"], "additionalProperties": False,
        "description": "The task the process is in, and what the caller may do in it.",
        "properties": {
            "flow": _nullable("integer"), "started": _TIME, "elementId": _TEXT, "name": _TEXT,
            "altinnTaskType": _TEXT, "ended": _TIME, "validated": {"type": ["object", "null"]},
            "flowType": _TEXT,
            "actions": {"type": ["object", "null"],
                        "additionalProperties": {"type": "boolean"}},
            "userActions": {"type": ["array", "null"], "items": _ref("UserAction")},
            "read": {"type": "boolean"}, "write": {"type": "boolean"},
        },
    },
    "ProcessError": {
        "type": ["object", "null"],
        "description": "Why a service task stopped the instance in its task (Blankett's).",
        "properties": {"code": {"type": "string"}, "elementId": {"type": "string"},
                       "taskType": _TEXT, "message": {"type": "string"}, "occured": _TIME},
    },
    "ProcessState": {
        "type": "object", "additionalProperties": False,
        "description": "Where the instance is in its process; `currentTask` is null at the end.",
        "properties": {"started": _TIME, "startEvent": _TEXT,
                       "currentTask": _ref("ProcessElementInfo"), "ended": _TIME,
                       "endEvent": _TEXT, "error": _ref("ProcessError")},
    },
    "ProcessHistoryItem": {
        "type": "object", "additionalProperties": False,
        "properties": {"eventType": _TEXT, "elementId": _TEXT, "occured": _TIME,
                       "started": _TIME, "ended": _TIME, "performedBy": _TEXT},
    },
    "ProcessHistoryList": {
        "type": "object", "additionalProperties": False,
        "properties": {"processHistory": {"type": "array",
                                          "items": _ref("ProcessHistoryItem")}},
    },
    "DataElement": {
        "type": "object", "additionalProperties": False,
        "description": "A data element of an instance: form data or an attachment.",
        "properties": {
            "id": {"type": "string"}, "instanceGuid": {"type": "string"},
            "dataType": {"type": "string"}, "filename": _TEXT, "contentType": _TEXT,
            "blobStoragePath": _TEXT, "selfLinks": _ref("ResourceLinks"),
            "size": {"type": "integer"}, "contentHash": _TEXT, "locked": {"type": "boolean"},
            "refs": {"type": ["array", "null"], "items": {"type": "string"}},
            "isRead": {"type": "boolean"},
            "tags": {"type": ["array", "null"], "items": {"type": "string"}},
            "created": _TIME, "createdBy": _TEXT, "lastChanged": _TIME, "lastChangedBy": _TEXT,
        },
        "required": ["id", "instanceGuid", "dataType", "contentType"],
    },
    "SimpleInstance": {
        "type": "object", "additionalProperties": False,
        "required": ["id", "presentationTexts", "dueBefore", "lastChanged", "lastChangedBy"],
        "properties": {
            "id": {"type": "string", "description": "`{partyId}/{instanceGuid}`"},
            "presentationTexts": {"type": "object",
                                  "additionalProperties": {"type": "string"}},
            "dueBefore": {"type": ["string", "null"], "format": "date-time"},
            "lastChanged": {"type": ["string", "null"], "format": "date-time"},
            "lastChangedBy": {"type": ["string", "null"]},
        },
    },
    "Instance": {
        "type": "object", "additionalProperties": False,
        "description": "An instance of an app: whose it is, its process and its data.",
        "properties": {
            "id": {"type": "string", "description": "`{instanceOwnerPartyId}/{instanceGuid}`"},
            "instanceOwner": _ref("InstanceOwner"), "appId": {"type": "string"},
            "org": {"type": "string"}, "selfLinks": _ref("ResourceLinks"),
            "dueBefore": _TIME, "visibleAfter": _TIME, "title": _TEXT,
            "process": {"oneOf": [_ref("ProcessState"), {"type": "null"}]},
            "status": _ref("InstanceStatus"),
            "completeConfirmations": {"type": "array", "items": _ref("CompleteConfirmation")},
            "data": {"type": "array", "items": _ref("DataElement")},
            "created": _TIME, "createdBy": _TEXT, "lastChanged": _TIME, "lastChangedBy": _TEXT,
            "isProcessEnded": {"type": "boolean"},
        },
        "required": ["id", "instanceOwner", "appId", "org", "status", "data"],
    },
    "InstantiationInstance": {
        "type": "object",
        "description": "What to create: whose instance it is, and prefill values.",
        "properties": {
            "instanceOwner": _ref("InstanceOwner"), "dueBefore": _TIME,
            "visibleAfter": _TIME,
            "prefill": {"type": ["object", "null"],
                        "description": "Data model path → value, set in the new form data."},
        },
    },
    "PaymentInformation": {
        "type": "object",
        "description": "A payment task's payment (Altinn's PaymentInformation); amounts in "
                       "kroner. status: Uninitialized, Created, Paid, Failed, Cancelled or "
                       "Skipped (nothing to pay).",
        "required": ["taskId", "status"],
        "properties": {
            "taskId": {"type": "string"},
            "status": {"type": "string", "enum": ["Uninitialized", "Created", "Paid", "Failed",
                                                  "Cancelled", "Skipped"]},
            "orderDetails": {"type": ["object", "null"]},
            "paymentDetails": {"type": ["object", "null"], "description": "paymentId, "
                               "redirectUrl (the provider's payment page), paymentType, "
                               "paymentMethod, createdDate, chargedDate."},
        },
    },
    "SigningStateResponse": {
        "type": "object", "required": ["signeeStates"],
        "properties": {"signeeStates": {"type": "array", "items": {
            "type": "object",
            "properties": {
                "name": {"type": "string", "nullable": True},
                "organization": {"type": "string", "nullable": True},
                "delegationSuccessful": {"type": "boolean"},
                "notificationStatus": {"type": "object"},
                "partyId": {"type": "integer"},
                "signedTime": {"type": "string", "format": "date-time", "nullable": True}},
        }}},
    },
    "ProcessNext": {
        "type": "object",
        "properties": {"action": {**_TEXT, "description": "The action performed (e.g. submit, "
                                  "confirm, reject); the query's `action` wins."},
                       "actionOnBehalfOf": _TEXT},
    },
    "ValidationIssueWithSource": {
        "type": "object", "additionalProperties": False,
        "required": ["code", "description", "severity", "source"],
        "properties": {
            "severity": {"type": "integer", "enum": [0, 1, 2, 3, 4, 5],
                         "description": "1 error, 2 warning, 3 informational, 4 fixed, "
                                        "5 success."},
            "dataElementId": _TEXT, "field": _TEXT, "code": _TEXT, "description": _TEXT,
            "source": {"type": "string", "minLength": 1},
            "noIncrementalUpdates": {"type": "boolean"}, "customTextKey": _TEXT,
            "customTextParameters": {"type": ["object", "null"],
                                     "additionalProperties": {"type": "string"}},
        },
    },
    "PatchOperation": {
        "type": "object", "required": ["op", "path"],
        "properties": {"op": {"type": "string", "enum": ["add", "remove", "replace", "move",
                                                         "copy", "test"]},
                       "path": {"type": "string"}, "from": {"type": "string"}, "value": {}},
    },
    "DataPatchRequest": {
        "type": "object", "required": ["patch"],
        "description": "An RFC 6902 JSON Patch of one form data element. A failed `test` "
                       "operation refuses the whole patch (409).",
        "properties": {
            "patch": {"oneOf": [
                {"type": "array", "items": _ref("PatchOperation")},
                {"type": "object", "required": ["operations"], "properties": {
                    "operations": {"type": "array", "items": _ref("PatchOperation")}}}]},
            "ignoredValidators": {"type": ["array", "null"], "items": {"type": "string"},
                                  "description": "Sources whose issues are left out of the "
                                                 "answer (they still run at process/next)."},
        },
    },
    "DataPatchResponse": {
        "type": "object", "additionalProperties": False,
        "required": ["newDataModel", "validationIssues"],
        "properties": {
            "newDataModel": {"type": "object", "description": "The form data after the patch."},
            "validationIssues": {
                "type": "object", "description": "The task's issues, by source.",
                "additionalProperties": {"type": "array",
                                         "items": _ref("ValidationIssueWithSource")}},
            "instance": _ref("Instance"),
        },
    },
    "FormData": {"type": "object", "description": "Form data, shaped by the data type's "
                                                  "JSON Schema (`api/jsonschema/{id}`)."},
    "LayoutSets": {
        "type": "object", "required": ["sets"],
        "properties": {"sets": {"type": "array", "items": {
            "type": "object", "required": ["id"],
            "properties": {"id": {"type": "string"}, "dataType": _TEXT,
                           "tasks": {"type": "array", "items": {"type": "string"}}}}},
            "uiSettings": {"type": "object"}},
    },
    "TextResources": {
        "type": "object", "required": ["language", "resources"],
        "properties": {"language": {"type": "string"}, "resources": {"type": "array", "items": {
            "type": "object", "required": ["id", "value"],
            "properties": {"id": {"type": "string"}, "value": {"type": "string"},
                           "variables": {"type": "array", "items": {
                               "type": "object", "properties": {
                                   "key": {"type": "string"}, "dataSource": {"type": "string"},
                                   "defaultValue": {}}}}}}}},
    },
    "AppOption": {
        "type": "object", "required": ["value", "label"],
        "properties": {"value": {"type": ["string", "number", "boolean", "null"]},
                       "label": {"type": ["string", "null"]}, "description": _TEXT,
                       "helpText": _TEXT},
    },
}

_PROBLEM = {"application/problem+json": {"schema": _ref("ProblemDetails")}}
_REASONS = {
    400: "The request is malformed.", 401: "No valid bearer token.",
    403: "The caller may not do this.",
    404: "No such app, instance or data element (or the caller may not see it).",
    406: "The data cannot be given in the format asked for.",
    409: "The instance's state does not allow this.",
    413: "The body is too large.", 415: "The body's content type is not accepted.",
    422: "The body cannot be applied.", 503: "A service this needs is unavailable.",
}


def _json(schema: Schema, description: str) -> Schema:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _errors(*codes: int) -> dict[str, Schema]:
    return {str(c): {"description": _REASONS[c], "content": _PROBLEM} for c in codes}


def _path(name: str, description: str, **schema: Any) -> Schema:
    return {"name": name, "in": "path", "required": True, "description": description,
            "schema": schema or {"type": "string"}}


def _query(name: str, description: str, **schema: Any) -> Schema:
    return {"name": name, "in": "query", "required": False, "description": description,
            "schema": schema or {"type": "string"}}


_APP = [_path("org", "The app owner's code."), _path("app", "The app's name.")]
_PARTY = _path("instanceOwnerPartyId", "The party that owns the instance.",
               type="integer", minimum=0, maximum=2147483647)
_GUID = _path("instanceGuid", "The instance's id.", type="string", format="uuid")
_INSTANCE = [*_APP, _PARTY, _GUID]
_DATA = [*_INSTANCE, _path("dataGuid", "The data element's id.", type="string", format="uuid")]
_LANGUAGE = _query("language", "Language of the issue texts.", type="string",
                   enum=["nb", "nn", "en"])
_BEARER = [{"bearerAuth": []}]
_ANY_BODY = {"schema": {"type": "string", "format": "binary"}}


def _operation(operation_id: str, summary: str, tag: str, parameters: list[Schema],
               responses: dict[str, Schema], body: Schema | None = None,
               secured: bool = True, description: str | None = None) -> Schema:
    out: Schema = {"operationId": operation_id, "summary": summary, "tags": [tag],
                   "parameters": parameters, "responses": responses,
                   "security": _BEARER if secured else []}
    if description:
        out["description"] = description
    if body is not None:
        out["requestBody"] = body
    return out


def _paths() -> dict[str, Schema]:
    inst = "/{org}/{app}/instances"
    one = inst + "/{instanceOwnerPartyId}/{instanceGuid}"
    data = one + "/data/{dataGuid}"
    api = "/{org}/{app}/api"
    instance_ok = _json(_ref("Instance"), "The instance.")
    created = {**_json(_ref("Instance"), "The new instance."),
               "headers": {"Location": {"description": "The instance's URL.",
                                        "schema": {"type": "string"}}}}
    process_ok = _json(_ref("ProcessState"), "The process state.")
    form_body = {"required": False, "content": {
        "application/json": {"schema": _ref("FormData")},
        "application/xml": {"schema": {"type": "string"}},
        "text/xml": {"schema": {"type": "string"}},
        "application/octet-stream": _ANY_BODY, "application/pdf": _ANY_BODY,
        "image/png": _ANY_BODY, "image/jpeg": _ANY_BODY}}
    return {
        inst: {"post": _operation(
            "createInstance", "Create an instance", "Instances",
            [*_APP, _query("instanceOwnerPartyId", "Whose instance it is (or give "
                           "instanceOwner.partyId in the body).", type="integer",
                           minimum=0, maximum=2147483647)],
            {"201": created, **_errors(400, 401, 403, 404, 409, 413, 415)},
            {"required": False, "content": {
                "application/json": {"schema": _ref("InstantiationInstance")},
                "multipart/form-data": {"schema": {
                    "type": "object",
                    "description": "An `instance` part (InstantiationInstance as JSON) and one "
                                   "part per data type, named by it: form data as JSON or "
                                   "XML, or a file.",
                    "properties": {"instance": _ref("InstantiationInstance")},
                    "additionalProperties": {"type": "string", "format": "binary"}},
                    "encoding": {"instance": {"contentType": "application/json"}}}}},
            description="Starts the app's process for the party; its first task's form data "
                        "elements are created (and prefilled).")},
        inst + "/create": {"post": _operation(
            "createInstanceWithPrefill", "Create an instance with prefill values",
            "Instances", _APP, {"201": created, **_errors(400, 401, 403, 404, 409)},
            {"required": True, "content": {"application/json": {
                "schema": _ref("InstantiationInstance")}}})},
        one: {
            "get": _operation("getInstance", "Get an instance", "Instances", _INSTANCE,
                              {"200": instance_ok, **_errors(401, 404)}),
            "delete": _operation(
                "deleteInstance", "Delete an instance", "Instances",
                [*_INSTANCE, _query("hard", "`true`: delete it for good; otherwise it is "
                                    "marked deleted.", type="boolean")],
                {"200": instance_ok, **_errors(401, 403, 404)}),
        },
        inst + "/{instanceOwnerPartyId}/active": {"get": _operation(
            "getActiveInstances", "The party's instances still under way", "Instances",
            [*_APP, _PARTY],
            {"200": _json({"type": "array", "items": _ref("SimpleInstance")},
                          "Newest first."),
             **_errors(401, 403, 404)})},
        one + "/complete": {"post": _operation(
            "completeInstance", "The app owner confirms the instance complete", "Instances",
            _INSTANCE, {"200": instance_ok, **_errors(401, 403, 404)})},
        one + "/validate": {"get": _operation(
            "validateInstance", "Validate the current task's data", "Instances",
            [*_INSTANCE, _LANGUAGE],
            {"200": _json({"type": "array", "items": _ref("ValidationIssueWithSource")},
                          "Every issue of the current task."),
             **_errors(401, 404, 409)})},
        one + "/process": {"get": _operation(
            "getProcessState", "Get the process state", "Process", _INSTANCE,
            {"200": process_ok, **_errors(401, 404)})},
        one + "/process/start": {"post": _operation(
            "processStart", "Start the process of an instance", "Process",
            [*_INSTANCE, _query("startEvent", "The start event (the process's own when "
                                              "left out).")],
            {"200": process_ok, **_errors(401, 403, 404, 409)},
            description="Only for an instance whose process has not started: 409 otherwise "
                        "(instances made by POST instances start at once).")},
        one + "/process/next": {"get": _operation(
            "getNextElements", "List the elements the process may move to", "Process",
            _INSTANCE,
            {"200": _json({"type": "array", "items": {"type": "string"}},
                          "The ids of the tasks and end events the current task's flows "
                          "may reach (through any gateway branch), or the start events of a "
                          "process not started."),
             **_errors(401, 404, 409)}),
                                "put": _operation(
            "processNext", "Move the process to its next step", "Process",
            [*_INSTANCE, _query("action", "The action performed (e.g. submit, confirm)."),
             _LANGUAGE],
            {"200": process_ok, **_errors(401, 403, 404),
             "409": {"description": "The task has validation errors (listed), or the process "
                                    "cannot move.",
                     "content": {"application/problem+json": {
                         "schema": {"anyOf": [_ref("ValidationProblem"),
                                              _ref("ProblemDetails")]}}}}},
            {"required": False, "content": {"application/json": {
                "schema": _ref("ProcessNext")}}},
            description="Validates the task (409 with the issues while an error stands), "
                        "ends it, follows the flows and gateways and starts what comes next.")},
        one + "/process/completeProcess": {"put": _operation(
            "completeProcess", "Move the process on until it ends", "Process",
            [*_INSTANCE, _LANGUAGE],
            {"200": process_ok, **_errors(401, 403, 404),
             "409": {"description": "A task on the way has validation errors (listed), or "
                                    "the process cannot move.",
                     "content": {"application/problem+json": {
                         "schema": {"anyOf": [_ref("ValidationProblem"),
                                              _ref("ProblemDetails")]}}}}},
            description="Each task in turn with its type's default action, validated as by "
                        "process/next; stops at the first task that refuses.")},
        one + "/payment": {"get": _operation(
            "getPayment", "The current payment task's payment", "Payment", _INSTANCE,
            {"200": _json(_ref("PaymentInformation"), "The payment, as the provider has it "
                          "now."), **_errors(401, 403, 404, 409, 503)},
            description="409 when the instance is not in a payment task. To pay, PUT "
                        "process/next with action `pay`, then send the payer to "
                        "paymentDetails.redirectUrl.")},
        "/{org}/{app}/payment/nets-webhook-listener": {"post": _operation(
            "netsWebhookListener", "Nets Easy's webhook (payment.checkout.completed)",
            "Payment", _APP,
            {"200": _json({"type": "object", "properties": {
                "handled": {"type": "boolean"}, "status": _TEXT}},
                "Received; the payment's status was read back from Nets."),
             **_errors(400, 401, 404, 503)},
            {"required": True, "content": {"application/json": {"schema": {
                "type": "object", "required": ["event", "data"],
                "properties": {"id": {"type": "string"}, "event": {"type": "string"},
                               "data": {"type": "object", "required": ["paymentId"],
                                        "properties": {"paymentId": {"type": "string"}}}}}}}},
            secured=False,
            description="Authorization must be the value registered with the payment (not "
                        "a bearer token): 401 otherwise. The status is always read back from "
                        "Nets, so a replay changes nothing.")},
        one + "/signing": {"get": _operation(
            "getSigningState", "Who must sign the current signing task, and who has",
            "Signing", _INSTANCE,
            {"200": _json(_ref("SigningStateResponse"), "The signee states."),
             **_errors(401, 404, 409)},
            description="409 when the instance is not in a signing task. A required signee "
                        "may read it without acting for the instance's owner.")},
        one + "/process/history": {"get": _operation(
            "getProcessHistory", "Get the process history", "Process", _INSTANCE,
            {"200": _json(_ref("ProcessHistoryList"), "Each process event, oldest first."),
             **_errors(401, 404)})},
        one + "/data": {"post": _operation(
            "createDataElement", "Add a data element", "Data",
            [*_INSTANCE, {**_query("dataType", "The data type of the new element."),
                          "required": True},
             {"name": "Content-Disposition", "in": "header", "required": False,
              "description": "`attachment; filename=\"...\"` names an uploaded file.",
              "schema": {"type": "string"}}],
            {"201": _json(_ref("DataElement"), "The new data element."),
             **_errors(400, 401, 403, 404, 409, 413, 415)}, form_body,
            description="Form data (JSON, or XML by the data model), or a file whose content "
                        "must be what its name and content type say.")},
        data: {
            "get": _operation(
                "getDataElement", "Get a data element's content", "Data", _DATA,
                {"200": {"description": "Form data as JSON (or XML when asked for with "
                                        "Accept), or the file.",
                         "content": {"application/json": {"schema": _ref("FormData")},
                                     "application/xml": {"schema": {"type": "string"}},
                                     "*/*": _ANY_BODY}},
                 **_errors(401, 404, 406)}),
            "put": _operation(
                "putDataElement", "Replace a data element's content", "Data", _DATA,
                {"200": _json(_ref("DataElement"), "The changed data element."),
                 **_errors(400, 401, 403, 404, 409, 413, 415)}, form_body),
            "patch": _operation(
                "patchDataElement", "Change form data by JSON Patch", "Data",
                [*_DATA, _LANGUAGE],
                {"200": _json(_ref("DataPatchResponse"), "The new form data and issues."),
                 **_errors(400, 401, 403, 404, 409, 422)},
                {"required": True, "content": {"application/json": {
                    "schema": _ref("DataPatchRequest")}}}),
            "delete": _operation(
                "deleteDataElement", "Delete an attachment", "Data", _DATA,
                {"200": {"description": "Deleted."}, **_errors(401, 403, 404, 409)}),
        },
        api + "/v1/applicationmetadata": {"get": _operation(
            "getApplicationMetadata", "The app's metadata", "App", _APP,
            {"200": _json({"type": "object"}, "applicationmetadata.json as loaded."),
             **_errors(404)}, secured=False)},
        api + "/layoutsets": {"get": _operation(
            "getLayoutSets", "The app's layout sets", "App", _APP,
            {"200": _json(_ref("LayoutSets"), "The layout sets."), **_errors(404)},
            secured=False)},
        api + "/layouts/{id}": {"get": _operation(
            "getLayouts", "The layouts of a layout set", "App",
            [*_APP, _path("id", "The layout set's id.")],
            {"200": _json({"type": "object", "additionalProperties": {"type": "object"}},
                          "Page name → layout file."), **_errors(404)}, secured=False)},
        api + "/layoutsettings/{id}": {"get": _operation(
            "getLayoutSettings", "The settings of a layout set", "App",
            [*_APP, _path("id", "The layout set's id.")],
            {"200": _json({"type": "object"}, "Settings.json."), **_errors(404)},
            secured=False)},
        api + "/jsonschema/{id}": {"get": _operation(
            "getJsonSchema", "The JSON Schema of a data type", "App",
            [*_APP, _path("id", "The data type's id.")],
            {"200": _json({"type": "object"}, "The data model's JSON Schema."),
             **_errors(404)}, secured=False)},
        api + "/v1/texts/{language}": {"get": _operation(
            "getTexts", "The app's texts in a language", "App",
            [*_APP, _path("language", "nb, nn or en.")],
            {"200": _json(_ref("TextResources"), "The text resources."), **_errors(404)},
            secured=False)},
        api + "/options/{optionsIdOrLibraryRef}": {"get": _operation(
            "getOptions", "A list of options", "App",
            [*_APP, _path("optionsIdOrLibraryRef", "The options' id."),
             _query("language", "Language of the labels.")],
            {"200": _json({"type": "array", "items": _ref("AppOption")}, "The options."),
             **_errors(404, 503)}, secured=False,
            description="Other query parameters go to the app's options provider.")},
    }


@cache
def document() -> dict[str, Any]:
    """The whole OpenAPI 3.1 document (built once; callers get a copy to change)."""
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Blankett app API",
            "version": "1",
            "description": "Altinn's app API as Blankett serves it: instances, their data "
                           "and process, and the app's metadata. Instance operations need "
                           "`Authorization: Bearer <JWT>` (a user's or the app owner's token; "
                           "GET also takes the signed-in web session); the app metadata "
                           "routes are open. Errors are ProblemDetails.",
        },
        "jsonSchemaDialect": "https://spec.openapis.org/oas/3.1/dialect/base",
        "paths": _paths(),
        "components": {
            "schemas": SCHEMAS,
            "securitySchemes": {"bearerAuth": {
                "type": "http", "scheme": "bearer", "bearerFormat": "JWT",
                "description": "A user token (`urn:altinn:userid`) or an organisation token "
                               "(`urn:altinn:org`, scopes `altinn:serviceowner/instances.read`"
                               " and `.write`). Local mode issues test tokens at "
                               "`/Home/GetTestUserToken/{userId}` and "
                               "`/Home/GetTestOrgToken/{org}`."}},
        },
    }


@bp.get("/openapi.json")
def openapi_json() -> Response:
    return jsonify(document())


@bp.get("/<org>/<app_name>/swagger/v1/swagger.json")
def app_swagger(org: str, app_name: str) -> Response:
    """The document for one app (Altinn serves one per app)."""
    if registry().get(f"{org}/{app_name}") is None:
        problem(404, f"There is no app {org}/{app_name} here.")
    out = copy.deepcopy(document())
    out["info"]["title"] = f"{org}/{app_name} – Blankett app API"
    return jsonify(out)
