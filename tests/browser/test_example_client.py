"""examples/altinn_api_client.py against a running Blankett over real HTTP: an app it has not
seen (data task, a gateway, a confirmation task), XML form data, a JSON Patch, an attachment,
validation and process/next to the end; the instance comes back in Altinn's shape."""

from __future__ import annotations

import argparse
import importlib.util
import json
from pathlib import Path
from typing import Any

from tests.components.conftest import build_app
from tests.components.test_fileupload import pdf_bytes
from tests.conftest import ROOT, sample_form_data
from tests.test_process import PROCESS_HEAD, PROCESS_TAIL, WEB_PROCESS


def _client_module() -> Any:
    spec = importlib.util.spec_from_file_location(
        "altinn_api_client", ROOT / "examples" / "altinn_api_client.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_example_client_submits_through_a_gateway_and_a_confirmation(
        tmp_path: Path, live_server_factory: Any) -> None:
    from forms.xmldata import to_xml

    target = build_app(tmp_path / "apps", [{"id": "intro", "type": "Paragraph",
                                            "textResourceBindings": {"title": "Hei"}}])
    (target / "App/config/process/process.bpmn").write_text(
        PROCESS_HEAD + WEB_PROCESS.replace('default="to_confirm"', "") .replace(
            '<bpmn:sequenceFlow id="to_confirm" sourceRef="GW" targetRef="Task_2"/>',
            '<bpmn:sequenceFlow id="to_confirm" sourceRef="GW" targetRef="Task_2">'
            '<bpmn:conditionExpression>["notEquals", ["dataModel", "soker.navn"], "Vent"]'
            "</bpmn:conditionExpression></bpmn:sequenceFlow>") + PROCESS_TAIL,
        encoding="utf-8")
    server = live_server_factory({"BLANKETT_APPS_DIR": str(target.parent)})
    definition = server.app.extensions["blankett.apps"].get("ekom/serveringsbevilling")
    data = tmp_path / "skjema.xml"
    data.write_bytes(to_xml(sample_form_data(server.app), definition.schemas["model"]))
    patch = tmp_path / "patch.json"
    patch.write_text(json.dumps([{"op": "replace", "path": "/soker/navn",
                                  "value": "Kari Eksempel"}]), encoding="utf-8")
    receipt = tmp_path / "kvittering.pdf"
    receipt.write_bytes(pdf_bytes())

    final = _client_module().run(argparse.Namespace(
        base=server.url, app="ekom/serveringsbevilling", user=12345, token=None,
        party=512345, data=data, patch=patch, attach=[f"{receipt}:ref-data-as-pdf"]))

    assert final["process"]["ended"] and final["process"]["currentTask"] is None
    assert final["instanceOwner"]["partyId"] == "512345"
    assert {d["dataType"] for d in final["data"]} == {"model", "ref-data-as-pdf"}
    assert set(final) >= {"id", "appId", "org", "selfLinks", "process", "status", "data",
                          "created", "lastChanged"}
