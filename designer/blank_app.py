"""The files of a new service: a blank one (one data task, one page with its title, an empty
data model) or a copy of another app under a new id and title. Pure: files by their path under
App/, written by the caller. Both load with forms.loader.load_app without errors."""

from __future__ import annotations

from typing import Any

from designer import stable_json
from forms import jsonc
from forms.texts import LANGUAGES

METADATA = "config/applicationmetadata.json"
_SCHEMA_BASE = "https://altinncdn.no/toolkits/altinn-app-frontend/4/schemas/json"

_PROCESS = """<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" \
xmlns:altinn="http://altinn.no/process" xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" \
id="Altinn_SingleDataTask_Process_Definition" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="SingleDataTask" isExecutable="false">
    <bpmn:startEvent id="StartEvent_1">
      <bpmn:outgoing>Flow_start_task</bpmn:outgoing>
    </bpmn:startEvent>
    <bpmn:sequenceFlow id="Flow_start_task" sourceRef="StartEvent_1" targetRef="Task_1" />
    <bpmn:task id="Task_1" name="Utfylling">
      <bpmn:extensionElements>
        <altinn:taskExtension>
          <altinn:taskType>data</altinn:taskType>
        </altinn:taskExtension>
      </bpmn:extensionElements>
      <bpmn:incoming>Flow_start_task</bpmn:incoming>
      <bpmn:outgoing>Flow_task_end</bpmn:outgoing>
    </bpmn:task>
    <bpmn:sequenceFlow id="Flow_task_end" sourceRef="Task_1" targetRef="EndEvent_1" />
    <bpmn:endEvent id="EndEvent_1">
      <bpmn:incoming>Flow_task_end</bpmn:incoming>
    </bpmn:endEvent>
  </bpmn:process>
</bpmn:definitions>
"""


def _json(value: Any, sort_keys: bool = True) -> bytes:
    return stable_json.dumps(value, sort_keys).encode("utf-8")


def titles(title: dict[str, str]) -> dict[str, str]:
    """The title in every language: those given, nb for the others (a service needs a name in
    each language it can be shown in)."""
    return {lang: (title.get(lang) or "").strip() or title["nb"].strip() for lang in LANGUAGES}


def _metadata(org: str, name: str, title: dict[str, str]) -> dict[str, Any]:
    return {
        "$schema": f"{_SCHEMA_BASE}/application/application-metadata.schema.v1.json",
        "id": f"{org}/{name}",
        "org": org,
        "title": {lang: text.strip() for lang, text in title.items() if text.strip()},
        "dataTypes": [
            {"id": "ref-data-as-pdf", "allowedContentTypes": ["application/pdf"],
             "maxCount": 0, "minCount": 0},
            {"id": "model", "allowedContentTypes": ["application/xml"],
             "appLogic": {"autoCreate": True, "classRef": "Altinn.App.Models.Model"},
             "taskId": "Task_1", "maxCount": 1, "minCount": 1},
        ],
        # All false: everyone may use it (Altinn's convention).
        "partyTypesAllowed": {"bankruptcyEstate": False, "organisation": False,
                              "person": False, "subUnit": False},
    }


def _texts(lang: str, app_name: str) -> dict[str, Any]:
    return {
        "$schema": f"{_SCHEMA_BASE}/text-resources/text-resources.schema.v1.json",
        "language": lang,
        # The first page is named by its own text, as pages the designer adds are.
        "resources": [{"id": "appName", "value": app_name}, {"id": "side1", "value": app_name}],
    }


def blank_app(org: str, name: str, title: dict[str, str]) -> dict[str, bytes]:
    """A new, empty service: one data task and one page showing its title."""
    named = titles(title)
    files = {
        METADATA: _json(_metadata(org, name, title)),
        "config/process/process.bpmn": _PROCESS.encode("utf-8"),
        "models/model.schema.json": _json({
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": f"https://{org}.example/{name}/model.schema.json",
            "title": named["nb"], "type": "object", "properties": {},
        }, sort_keys=False),
        "ui/layout-sets.json": _json({
            "$schema": f"{_SCHEMA_BASE}/layout/layout-sets.schema.v1.json",
            "sets": [{"id": "form", "dataType": "model", "tasks": ["Task_1"]}],
        }),
        "ui/form/Settings.json": _json({
            "$schema": f"{_SCHEMA_BASE}/layout/layoutSettings.schema.v1.json",
            "pages": {"order": ["side1"]},
        }),
        "ui/form/layouts/side1.json": _json({
            "$schema": f"{_SCHEMA_BASE}/layout/layout.schema.v1.json",
            "data": {"layout": [
                {"id": "side1-tittel", "type": "Header", "size": "L",
                 "textResourceBindings": {"title": "appName"}},
                {"id": "side1-knapper", "type": "NavigationButtons", "showBackButton": True},
            ]},
        }),
    }
    for lang in LANGUAGES:
        files[f"config/texts/resource.{lang}.json"] = _json(_texts(lang, named[lang]))
    return files


def copied_app(source: dict[str, bytes], org: str, name: str,
               title: dict[str, str]) -> dict[str, bytes]:
    """`source`'s files as a new app `org/name` with a new title (in the metadata and in the
    appName text of every language the source has texts for)."""
    files = dict(source)
    metadata = jsonc.loads(source[METADATA].decode("utf-8-sig"))
    metadata.update({"id": f"{org}/{name}", "org": org,
                     "title": {k: v.strip() for k, v in title.items() if v.strip()}})
    files[METADATA] = _json(metadata)
    named = titles(title)
    for lang in LANGUAGES:
        key = f"config/texts/resource.{lang}.json"
        if key in files:
            files[key] = _json(_renamed(jsonc.loads(files[key].decode("utf-8-sig")),
                                        named[lang]))
    return files


def _renamed(texts: Any, app_name: str) -> Any:
    """A text file with its appName resource set (added when it had none)."""
    if not isinstance(texts, dict) or not isinstance(texts.get("resources"), list):
        return texts
    resources = texts["resources"]
    at = next((i for i, r in enumerate(resources)
               if isinstance(r, dict) and r.get("id") == "appName"), None)
    if at is None:
        return {**texts, "resources": [{"id": "appName", "value": app_name}, *resources]}
    renamed = {**resources[at], "value": app_name}
    return {**texts, "resources": [*resources[:at], renamed, *resources[at + 1:]]}
