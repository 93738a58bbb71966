"""The signing task's core (process/signing/): its config, signing as Altinn Storage does (the
signature element's shape), signee providers (a JSON file or app code), who has signed, and the
checks before the task ends (InvalidSignatureHash, MissingSignatures), on the real storage
layer with the shared signing-test app and the localtest register."""

from __future__ import annotations

import hashlib
import json
import textwrap
import xml.etree.ElementTree as ET
from collections.abc import Callable
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import Session

from forms.bpmn import FlowNode
from forms.definitions import AppDefinition
from forms.loader import load_app
from integrations.register import LocalRegister
from process.engine import ValidationFailed, process_next, start_instance
from process.signing import (
    INVALID_SIGNATURE_HASH,
    MISSING_SIGNATURES,
    SIGNED_DATA_ELEMENT_MISSING,
    RequiredSignee,
    SignatureConfigError,
    Signee,
    SigningRefused,
    discard_signatures,
    required_signees,
    sign,
    signature_config,
    signee_states,
    signing_issues,
)
from storage import repository
from storage.models import Instance
from tests.conftest import SHARED, SHARED_APPS

ALTINN_SIGNATURE = (SHARED / "altinn/app-lib-dotnet-misc/test/Altinn.App.Core.Tests/Features"
                    "/Action/TestData/signature.json")
REGISTER = LocalRegister()
OWNER = 500000  # DDG Fitness AS (897069650); signing-test is for organisations
DDG = "897069650"
# Localtest users: Sophie Salt has a role for DDG Fitness AS, Ola Nordmann for no one.
SOPHIE = Signee("1337", "01039012345", name="Sophie Salt")
OLA = Signee("12345", "01017512345", name="Ola Nordmann")
PENGELENS = Signee("1001", "01899699552", name="Pengelens Partner")
WHEN = datetime(2023, 6, 22, 8, 53, 38, 752181, tzinfo=UTC)
CopyApp = Callable[[Path, str], Path]


@cache
def signing_test() -> AppDefinition:
    app, problems = load_app(SHARED_APPS / "signing-test")
    assert app is not None, [str(p) for p in problems]
    return app


def _app(copy_app: CopyApp, name: str, provider: str | None = None,
         files: dict[str, Any] | None = None, unique_in_task_3: bool = False) -> AppDefinition:
    """signing-test with a signee provider on Task_2 and extra files under App/."""
    folder = copy_app(SHARED_APPS / "signing-test", name)
    bpmn = folder / "App/config/process/process.bpmn"
    text = bpmn.read_text(encoding="utf-8")
    if provider:
        text = text.replace(
            "<altinn:signatureDataType>signature1</altinn:signatureDataType>",
            "<altinn:signatureDataType>signature1</altinn:signatureDataType>"
            f"<altinn:signeeProviderId>{provider}</altinn:signeeProviderId>")
    if unique_in_task_3:
        text = text.replace(
            "<altinn:signatureDataType>signature2</altinn:signatureDataType>",
            "<altinn:signatureDataType>signature2</altinn:signatureDataType>"
            "<altinn:uniqueFromSignaturesInDataTypes><altinn:dataType>signature1"
            "</altinn:dataType></altinn:uniqueFromSignaturesInDataTypes>")
    bpmn.write_text(text, encoding="utf-8")
    for path, content in (files or {}).items():
        file = folder / "App" / path
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(content if isinstance(content, str) else json.dumps(content),
                        encoding="utf-8")
    app, problems = load_app(folder)
    assert app is not None, [str(p) for p in problems]
    return app


def _to_signing(session: Session, app: AppDefinition,
                data: dict[str, Any] | None = None) -> tuple[Instance, FlowNode]:
    """An instance of `app` for DDG Fitness, its form filled, moved on to Task_2 (signing)."""
    instance = start_instance(session, app, party_id=OWNER, user_id="1337")
    element = repository.form_data_element(instance, "data")
    assert element is not None
    repository.save_form_data(element, data or {"form": {"name": "DDG Fitness AS",
                                                         "orgNumber": DDG, "year": 2023}},
                              "1337")
    process_next(session, app, instance, "1337", validate=list)
    session.commit()
    assert instance.current_task == "Task_2"
    return instance, app.process.nodes["Task_2"]


def _codes(issues: list[Any]) -> list[str]:
    return [i.code for i in issues]


def _sign(session: Session, app: AppDefinition, instance: Instance, task: FlowNode,
          signee: Signee) -> dict[str, Any]:
    element = sign(session, app, instance, task, signee, register=REGISTER)
    session.commit()
    return dict(json.loads(element.blob))


# ---- config ---------------------------------------------------------------------------------
def _task(config: str, task_type: str = "signing") -> FlowNode:
    xml = ('<altinn:taskExtension xmlns:altinn="http://altinn.no/process">'
           f"{config}</altinn:taskExtension>")
    root = ET.fromstring(xml)
    return FlowNode("T", "task", task_type=task_type,
                    config={c.tag.split("}")[1]: c for c in root})


FULL = textwrap.dedent("""\
    <altinn:signatureConfig>
      <altinn:dataTypesToSign><altinn:dataType>ref-data-as-pdf</altinn:dataType>
        <altinn:dataType>data</altinn:dataType></altinn:dataTypesToSign>
      <altinn:signatureDataType>signatures</altinn:signatureDataType>
      <altinn:signeeStatesDataTypeId>signeeStates</altinn:signeeStatesDataTypeId>
      <altinn:signeeProviderId>founders</altinn:signeeProviderId>
      <altinn:signingPdfDataType>signatures-pdf</altinn:signingPdfDataType>
      <altinn:correspondenceResource>global</altinn:correspondenceResource>
      <altinn:correspondenceResource env="tt02">test</altinn:correspondenceResource>
      <altinn:runDefaultValidator>true</altinn:runDefaultValidator>
      <altinn:uniqueFromSignaturesInDataTypes><altinn:dataType>signature0</altinn:dataType>
      </altinn:uniqueFromSignaturesInDataTypes>
    </altinn:signatureConfig>""")


def test_signature_config_reads_every_setting() -> None:
    config = signature_config(signing_test().process.nodes["Task_2"], signing_test())
    assert (config.data_types_to_sign, config.signature_data_type) == (("data",), "signature1")
    assert config.signee_provider_id is None and not config.run_default_validator
    full = signature_config(_task(FULL))
    assert full.data_types_to_sign == ("ref-data-as-pdf", "data")
    assert (full.signature_data_type, full.signee_states_data_type, full.signee_provider_id,
            full.signing_pdf_data_type) == ("signatures", "signeeStates", "founders",
                                            "signatures-pdf")
    assert full.unique_from_signatures_in == ("signature0",)
    assert full.run_default_validator and full.correspondence_resource == "global"
    assert signature_config(_task(FULL), env="tt02").correspondence_resource == "test"


@pytest.mark.parametrize(("config", "task_type", "message"), [
    (FULL, "data", "not a signing task"),
    ("", "signing", "no altinn:signatureConfig"),
    ("<altinn:signatureConfig><altinn:signatureDataType>s</altinn:signatureDataType>"
     "</altinn:signatureConfig>", "signing", "no altinn:dataTypesToSign"),
    ("<altinn:signatureConfig><altinn:dataTypesToSign><altinn:dataType>d</altinn:dataType>"
     "</altinn:dataTypesToSign></altinn:signatureConfig>", "signing", "no altinn:signatureData"),
    ("<altinn:signatureConfig><altinn:dataTypesToSign><altinn:dataType>s</altinn:dataType>"
     "</altinn:dataTypesToSign><altinn:signatureDataType>s</altinn:signatureDataType>"
     "</altinn:signatureConfig>", "signing", "signs its own signatures"),
    (FULL.replace(">true<", ">ja<"), "signing", "runDefaultValidator must be true or false"),
])
def test_a_missing_or_invalid_config_is_refused(config: str, task_type: str,
                                                message: str) -> None:
    with pytest.raises(SignatureConfigError, match=message):
        signature_config(_task(config, task_type))


def test_data_types_the_app_does_not_have_are_refused() -> None:
    with pytest.raises(SignatureConfigError, match="'signatures', 'signature0', 'signeeStates'"):
        signature_config(_task(FULL), signing_test())


# ---- signing and checking -------------------------------------------------------------------
def test_a_signature_has_altinns_shape_and_lets_the_task_end(session: Session) -> None:
    app = signing_test()
    instance, task = _to_signing(session, app)
    assert _codes(signing_issues(app, instance, task)) == [MISSING_SIGNATURES]
    element = sign(session, app, instance, task, SOPHIE, WHEN, register=REGISTER)
    session.commit()
    document = json.loads(element.blob)
    altinn = json.loads(ALTINN_SIGNATURE.read_text(encoding="utf-8"))
    assert list(document) == list(altinn)
    assert list(document["signeeInfo"]) == list(altinn["signeeInfo"])
    assert list(document["dataElementSignatures"][0]) == list(
        altinn["dataElementSignatures"][0])
    data = repository.form_data_element(instance, "data")
    assert data is not None
    assert document == {
        "id": element.id, "instanceGuid": instance.id, "signedTime": "2023-06-22T08:53:38.752181Z",
        "signeeInfo": {"userId": "1337", "personNumber": "01039012345",
                       "organisationNumber": None},
        "dataElementSignatures": [{"dataElementId": data.id,
                                   "sha256Hash": hashlib.sha256(data.blob).hexdigest(),
                                   "signed": True}]}
    assert (element.data_type, element.content_type) == ("signature1", "application/json")
    assert element.sha256 == hashlib.sha256(element.blob).hexdigest()
    signed = [e for e in instance.events if e.event_type == "Signed"]
    assert [(e.user_id, e.data_id) for e in signed] == [("1337", element.id)]
    assert signing_issues(app, instance, task) == []
    [state] = signee_states(app, instance, task, REGISTER)
    assert (state.name, state.organisation, state.party_id, state.signed_time) == (
        "Sophie Salt", None, 501337, "2023-06-22T08:53:38.752181Z")
    process_next(session, app, instance, "1337", "sign",
                 validate=list)  # the engine adds signing_issues
    session.commit()
    assert instance.current_task == "Task_3"
    assert element.locked  # its data type belongs to Task_2, which has ended


def test_changed_data_after_signing_gives_invalid_signature_hash(session: Session) -> None:
    app = signing_test()
    instance, task = _to_signing(session, app)
    _sign(session, app, instance, task, SOPHIE)
    data = repository.form_data_element(instance, "data")
    assert data is not None
    data.blob = data.blob.replace(b"2023", b"2024")  # behind the repository: sha256 unchanged
    session.commit()
    [issue] = signing_issues(app, instance, task, language="en")
    assert (issue.code, issue.data_element_id, issue.blocks) == (
        INVALID_SIGNATURE_HASH, data.id, True)
    assert data.id in issue.description and "'data'" in issue.description
    with pytest.raises(ValidationFailed) as failed:
        process_next(session, app, instance, "1337", "sign",
                     validate=list)  # the engine adds signing_issues
    assert _codes(failed.value.issues) == [INVALID_SIGNATURE_HASH]
    session.rollback()
    assert instance.current_task == "Task_2"


def test_no_signature_and_a_vanished_signed_element_block_the_task(session: Session) -> None:
    app = signing_test()
    instance, task = _to_signing(session, app)
    with pytest.raises(ValidationFailed) as failed:
        process_next(session, app, instance, "1337", "sign",
                     validate=list)  # the engine adds signing_issues
    assert _codes(failed.value.issues) == [MISSING_SIGNATURES]
    session.rollback()
    _sign(session, app, instance, task, SOPHIE)
    data = repository.form_data_element(instance, "data")
    assert data is not None
    instance.data_elements.remove(data)
    session.commit()
    [issue] = signing_issues(app, instance, task)
    assert (issue.code, issue.data_element_id) == (SIGNED_DATA_ELEMENT_MISSING, data.id)
    assert signing_issues(app, instance, app.process.nodes["Task_1"]) == []  # not signing


def test_signing_is_refused_with_nothing_to_sign_or_outside_the_task(session: Session) -> None:
    app = signing_test()
    instance, task = _to_signing(session, app)
    with pytest.raises(SigningRefused, match="not in the signing task 'Task_3'"):
        sign(session, app, instance, app.process.nodes["Task_3"], SOPHIE)
    data = repository.form_data_element(instance, "data")
    instance.data_elements.remove(data)  # type: ignore[arg-type]
    with pytest.raises(SigningRefused, match="nothing to sign"):
        sign(session, app, instance, task, SOPHIE)


def test_the_same_signee_cannot_sign_twice_for_the_same_party(session: Session) -> None:
    app = signing_test()
    instance, task = _to_signing(session, app)
    _sign(session, app, instance, task, SOPHIE)
    with pytest.raises(SigningRefused, match="already signed for themselves"):
        sign(session, app, instance, task, SOPHIE, register=REGISTER)
    # The same person may still sign for an organisation they have a role for, once.
    _sign(session, app, instance, task, Signee("1337", "01039012345", DDG))
    with pytest.raises(SigningRefused, match=f"already signed for the organisation {DDG}"):
        sign(session, app, instance, task, Signee("1337", "01039012345", on_behalf_of=OWNER),
             register=REGISTER)
    assert len(repository.attachments_for(instance, "signature1")) == 2


def test_signing_for_an_organisation_needs_a_role_for_it(session: Session) -> None:
    app = signing_test()
    instance, task = _to_signing(session, app)
    with pytest.raises(SigningRefused, match=f"no role for the organisation {DDG}"):
        sign(session, app, instance, task, Signee("12345", "01017512345", DDG),
             register=REGISTER)
    with pytest.raises(SigningRefused, match="needs the register"):
        sign(session, app, instance, task, Signee("1337", "01039012345", DDG))
    with pytest.raises(SigningRefused, match="not that of the user 1337"):
        sign(session, app, instance, task, Signee("1337", "01017512345"), register=REGISTER)
    assert repository.attachments_for(instance, "signature1") == []
    # By party id alone: the organisation number is filled in from the register.
    document = _sign(session, app, instance, task, Signee("1337", "01039012345",
                                                          on_behalf_of=OWNER))
    assert document["signeeInfo"] == {"userId": "1337", "personNumber": "01039012345",
                                      "organisationNumber": DDG}
    [state] = signee_states(app, instance, task, REGISTER)
    assert (state.name, state.organisation, state.party_id) == (
        "Sophie Salt", "DDG Fitness AS", OWNER)


def test_unique_from_signatures_in_other_data_types(session: Session,
                                                    copy_app: CopyApp) -> None:
    app = _app(copy_app, "unique", unique_in_task_3=True)
    instance, task = _to_signing(session, app)
    _sign(session, app, instance, task, SOPHIE)
    process_next(session, app, instance, "1337", "sign",
                 validate=list)  # the engine adds signing_issues
    task_3 = app.process.nodes["Task_3"]
    with pytest.raises(SigningRefused, match="has signed in signature1"):
        sign(session, app, instance, task_3, SOPHIE, register=REGISTER)
    _sign(session, app, instance, task_3, OLA)
    assert signing_issues(app, instance, task_3) == []


# ---- signee providers -----------------------------------------------------------------------
FOUNDERS = {"persons": [{"ssn": "01039012345", "name": "Sophie Salt"},
                        {"ssn": "01017512345", "name": "Ola Nordmann"}]}


def test_two_signees_from_a_provider_file_must_both_sign(session: Session,
                                                          copy_app: CopyApp) -> None:
    app = _app(copy_app, "founders", "founders",
               {"config/signees/founders.json": FOUNDERS})
    instance, task = _to_signing(session, app)
    assert required_signees(app, instance, task) == [
        RequiredSignee("Sophie Salt", "01039012345"), RequiredSignee("Ola Nordmann",
                                                                     "01017512345")]
    assert [(s.name, s.signed_time) for s in signee_states(app, instance, task)] == [
        ("Sophie Salt", None), ("Ola Nordmann", None)]
    assert _codes(signing_issues(app, instance, task)) == [MISSING_SIGNATURES] * 2
    with pytest.raises(SigningRefused, match="not among those who are to sign"):
        sign(session, app, instance, task, PENGELENS, register=REGISTER)
    with pytest.raises(SigningRefused, match="organisation 897069650 is not among"):
        sign(session, app, instance, task, Signee("1337", "01039012345", DDG),
             register=REGISTER)
    _sign(session, app, instance, task, SOPHIE)
    [missing] = signing_issues(app, instance, task, language="en")
    assert missing.code == MISSING_SIGNATURES and "Ola Nordmann" in missing.description
    states = signee_states(app, instance, task, REGISTER)
    assert [(s.name, s.party_id, s.has_signed) for s in states] == [
        ("Sophie Salt", 501337, True), ("Ola Nordmann", None, False)]
    _sign(session, app, instance, task, OLA)
    assert signing_issues(app, instance, task) == []
    assert all(s.has_signed for s in signee_states(app, instance, task))
    process_next(session, app, instance, "12345", "sign",
                 validate=list)  # the engine adds signing_issues
    assert instance.current_task == "Task_3"


def test_a_provider_file_reads_signees_from_the_form_data(session: Session,
                                                           copy_app: CopyApp) -> None:
    provider = {
        "dataType": "data",
        "persons": [{"forEach": "form.founders", "ssn": ["dataModel", "ssn"],
                     "name": ["concat", ["dataModel", "first"], " ", ["dataModel", "last"]]}],
        "organisations": [{"orgnr": ["dataModel", "form.orgNumber"],
                           "name": ["dataModel", "form.name"]}],
    }
    app = _app(copy_app, "from-data", "founders",
               {"config/signees/founders.json": provider})
    instance, task = _to_signing(session, app, {"form": {
        "name": "DDG Fitness AS", "orgNumber": DDG,
        "founders": [{"ssn": "01017512345", "first": "Ola", "last": "Nordmann"},
                     {"ssn": "", "first": "", "last": ""}]}})
    assert required_signees(app, instance, task) == [
        RequiredSignee("Ola Nordmann", "01017512345"),
        RequiredSignee("DDG Fitness AS", org_number=DDG)]
    _sign(session, app, instance, task, OLA)
    assert _codes(signing_issues(app, instance, task)) == [MISSING_SIGNATURES]
    _sign(session, app, instance, task, Signee("1337", "01039012345", DDG))
    assert signing_issues(app, instance, task) == []
    states = signee_states(app, instance, task, REGISTER)
    assert [(s.name, s.organisation, s.party_id) for s in states] == [
        ("Ola Nordmann", None, 512345), ("Sophie Salt", "DDG Fitness AS", OWNER)]


CODE_PROVIDER = textwrap.dedent("""\
    from forms.app_code import signees


    @signees("founders")
    def founders(instance, data):
        assert instance.party_id == "500000"
        form = data["data"]["form"]
        return [{"ssn": "01017512345", "name": "Ola Nordmann"},
                {"orgnr": form["orgNumber"], "name": form["name"]}]
    """)


def test_a_provider_in_app_code(session: Session, copy_app: CopyApp) -> None:
    app = _app(copy_app, "code", "founders", {"logic/signing.py": CODE_PROVIDER})
    instance, task = _to_signing(session, app)
    assert required_signees(app, instance, task) == [
        RequiredSignee("Ola Nordmann", "01017512345"),
        RequiredSignee("DDG Fitness AS", org_number=DDG)]


@pytest.mark.parametrize(("files", "message"), [
    ({}, "neither as a file"),
    ({"logic/signing.py": CODE_PROVIDER, "config/signees/founders.json": FOUNDERS},
     "both app code"),
    ({"config/signees/founders.json": {"people": []}}, "must be an object with 'persons'"),
    ({"config/signees/founders.json": {"persons": [{"ssn": "123", "name": "X"}]}},
     "'123' is not a fødselsnummer"),
    ({"config/signees/founders.json": {"organisations": [{"orgnr": DDG}]}}, "has no name"),
    ({"logic/signing.py": CODE_PROVIDER.replace('"orgnr"', '"ssn": "01039012345", "orgnr"')},
     "either 'ssn'"),
])
def test_a_broken_provider_is_the_apps_error(session: Session, copy_app: CopyApp,
                                             files: dict[str, Any], message: str) -> None:
    app = _app(copy_app, "broken", "founders", files)
    instance, task = _to_signing(session, app)
    with pytest.raises(SignatureConfigError, match=message):
        required_signees(app, instance, task)
    with pytest.raises(SignatureConfigError, match=message):
        signing_issues(app, instance, task)


def test_signatures_from_before_a_reject_are_discarded_when_the_task_starts_again(
        session: Session) -> None:
    app = signing_test()
    instance, task = _to_signing(session, app)
    _sign(session, app, instance, task, SOPHIE)
    process_next(session, app, instance, "1337", "reject", validate=list)
    data = repository.form_data_element(instance, "data")
    assert data is not None and instance.current_task == "Task_1"
    repository.save_form_data(data, {"form": {"name": "DDG Fitness AS", "year": 2024}}, "1337")
    process_next(session, app, instance, "1337", validate=list)
    session.commit()
    # The signing task's start hook (process/signing_task.py) discarded the old signature.
    assert repository.attachments_for(instance, "signature1") == []
    assert discard_signatures(session, app, instance, task, "1337") == 0
    assert _codes(signing_issues(app, instance, task)) == [MISSING_SIGNATURES]
    _sign(session, app, instance, task, SOPHIE)  # no longer "already signed"
    assert signing_issues(app, instance, task) == []
