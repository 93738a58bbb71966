"""Prefill (forms/prefill.py, integrations/prefill.py): `models/<dataType>.prefill.json` checked
at load, applied when a task's form data is created, from the localtest register (local mode)
and from a register service over HTTP (a stand-in on 127.0.0.1); the caller's values after."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import Session

from forms.definitions import AppDefinition
from forms.loader import load_app
from integrations.prefill import lookup, prefill_from_register
from integrations.register import (
    HttpRegister,
    LocalRegister,
    NoRegister,
    PrefillRegister,
    RegisterError,
)
from process.engine import InvalidPrefill, ProcessError, process_next, start_instance
from storage import db, repository
from storage.models import Instance
from tests.conftest import SHARED_APPS, login, make_app
from tests.register_service import StandInRegister

LOCAL = LocalRegister()
OLA = (512345, "12345")  # a person: Ola Nordmann, his own party
SOPHIE = (501337, "1337")  # a person: Sophie Salt
DDG = (500000, "1337")  # an organisation, DDG Fitness, with Sophie acting for it


@pytest.fixture
def session(tmp_path: Path) -> Iterator[Session]:
    url = f"sqlite:///{tmp_path / 'prefill.db'}"
    db.upgrade(url)
    engine = db.make_engine(url)
    with db.session_factory(engine)() as session:
        yield session
    engine.dispose()


@pytest.fixture
def register_service() -> Iterator[StandInRegister]:
    stand_in = StandInRegister().start()
    yield stand_in
    stand_in.stop()


def _load(folder: Path) -> tuple[AppDefinition, list[str]]:
    app, problems = load_app(folder)
    assert app is not None, [str(p) for p in problems]
    return app, [str(p) for p in problems]


def _with_prefill(copy_app: Any, app_name: str, data_type: str,
                  config: dict[str, Any]) -> tuple[AppDefinition, list[str]]:
    folder = copy_app(SHARED_APPS / app_name)
    (folder / "App" / "models" / f"{data_type}.prefill.json").write_text(
        json.dumps(config), encoding="utf-8")
    return _load(folder)


def _data(instance: Instance, data_type: str) -> dict[str, Any]:
    element = repository.form_data_element(instance, data_type)
    assert element is not None
    return repository.read_form_data(element)


def _start(session: Session, app: AppDefinition, who: tuple[int, str],
           register: PrefillRegister | None = LOCAL, **kwargs: Any) -> Instance:
    instance = start_instance(session, app, party_id=who[0], user_id=who[1], register=register,
                              **kwargs)
    session.commit()
    return instance


# ---------------------------------------------------------------------------- loading

def test_the_shared_apps_prefill_files_load_without_warnings() -> None:
    for name, data_type in (("signing-test", "data"), ("payment-test", "model")):
        app, problems = _load(SHARED_APPS / name)
        assert not [p for p in problems if "prefill" in p], name
        assert data_type in app.prefill
    signing = load_app(SHARED_APPS / "signing-test")[0]
    assert signing is not None
    config = signing.prefill["data"]
    assert config.allow_overwrite is True
    assert config.sources["ER"] == (("Name", "form.name"), ("OrgNumber", "form.orgNumber"))
    assert config.sources["DSF"] == () and config.sources["UserProfile"] == ()


def test_problems_in_a_prefill_file_name_the_file_and_json_path(copy_app: Any) -> None:
    app, problems = _with_prefill(copy_app, "signing-test", "data", {
        "allowOverwrite": True,
        "ER": {"Name": "form.name", "Navn": "form.name", "OrgNumber": "form.nothere"},
        "DSF": {"LastName": "form..name"},
        "UserProfile": {"Party.Person.FirstName": "form.name"},
        "QueryParameters": {"x": "form.name"},
        "Extra": {},
    })
    prefix = "warning: App/models/data.prefill.json"
    assert [p for p in problems if "prefill" in p] == [
        f"{prefix} $.Extra: 'Extra' is not a prefill source (ER, DSF, UserProfile); ignored",
        f"{prefix} $.QueryParameters: query parameter prefill is for stateless apps, which "
        "Blankett does not serve; ignored",
        f"{prefix} $.ER.Navn: 'Navn' is not a field of ER (Enhetsregisteret: the owner "
        "organisation) that Altinn fills; it stays empty unless the register has it",
        f"{prefix} $.ER.OrgNumber: 'form.nothere' is not in the data model 'data'; ignored",
        f"{prefix} $.DSF.LastName: 'form..name' is not a valid data model path; ignored",
    ]
    assert app.prefill["data"].sources["ER"] == (("Name", "form.name"), ("Navn", "form.name"))
    assert app.prefill["data"].sources["DSF"] == ()


def test_a_prefill_file_of_the_wrong_shape_refuses_the_app(copy_app: Any) -> None:
    folder = copy_app(SHARED_APPS / "signing-test")
    (folder / "App" / "models" / "data.prefill.json").write_text(
        '{"allowOverwrite": "yes", "ER": ["Name"], "DSF": {"Name": 3}}', encoding="utf-8")
    (folder / "App" / "models" / "nothing.prefill.json").write_text("{}", encoding="utf-8")
    app, problems = load_app(folder)
    assert app is None
    messages = [str(p) for p in problems if "prefill" in str(p)]
    assert messages == [
        "error: App/models/data.prefill.json $.allowOverwrite: must be true or false",
        "error: App/models/data.prefill.json $.ER: must be an object of register field → "
        "data model path",
        "error: App/models/data.prefill.json $.DSF.Name: must be a data model path (a string)",
        "warning: App/models/nothing.prefill.json $: the app has no data type 'nothing' "
        "(applicationmetadata.json), so this prefill never runs",
    ]


# ---------------------------------------------------------------------------- the register

def test_the_local_register_gives_parties_with_person_or_organisation_and_profiles() -> None:
    ola = LOCAL.party_details(512345)
    assert ola is not None and ola["person"]["FirstName"] == "Ola"
    assert "organization" not in ola
    ddg = LOCAL.party_details(500000)
    assert ddg is not None and ddg["organization"]["OrgNumber"] == "897069650"
    profile = LOCAL.user_profile(1337)
    assert profile is not None
    assert lookup(profile, "party.person.name") == "Sophie Salt"
    assert lookup(profile, "ProfileSettingPreference.Language") == "nn"
    assert LOCAL.party_details(999) is None and LOCAL.user_profile(999) is None


# ---------------------------------------------------------------------------- applying

def test_a_person_gets_user_profile_fields_and_no_er(session: Session) -> None:
    payment = load_app(SHARED_APPS / "payment-test")[0]
    assert payment is not None
    instance = _start(session, payment, OLA)
    assert _data(instance, "model") == {"ContactInformation": {
        "FullName": "Ola Nordmann", "Email": "test@test.com", "PhoneNumber": "12345678"}}
    signing = load_app(SHARED_APPS / "signing-test")[0]
    assert signing is not None
    assert _data(_start(session, signing, OLA), "data") == {}  # ER only for organisations


def test_an_organisation_gets_er_fields(session: Session) -> None:
    signing = load_app(SHARED_APPS / "signing-test")[0]
    assert signing is not None
    instance = _start(session, signing, DDG)
    assert _data(instance, "data") == {"form": {"name": "DDG Fitness",
                                                "orgNumber": "897069650"}}


def test_dsf_fills_a_person_in_the_data_models_types(session: Session, copy_app: Any) -> None:
    app, _ = _with_prefill(copy_app, "signing-test", "data", {
        "DSF": {"FirstName": "form.name", "AddressPostalCode": "form.orgNumber",
                "AddressHouseLetter": "form.sources"},  # null in the register: left out
        "ER": {"Name": "form.name"},
        "UserProfile": {"UserId": "form.year", "PartyId": "form.income"},
    })
    instance = _start(session, app, SOPHIE)
    assert _data(instance, "data") == {"form": {
        "name": "Sophie", "orgNumber": "0151", "year": 1337, "income": 501337}}
    # Acting for DDG Fitness, DSF is skipped and ER fills the name; the profile is Sophie's.
    assert _data(_start(session, app, DDG), "data") == {"form": {
        "name": "DDG Fitness", "year": 1337, "income": 501337}}


@pytest.mark.parametrize(("overwrite", "name"), [(True, "Sophie"), (False, "Sophie Salt")])
def test_allow_overwrite_decides_whether_a_value_is_replaced(
        session: Session, copy_app: Any, overwrite: bool, name: str) -> None:
    # UserProfile runs before DSF (Altinn's order); both write form.name.
    app, _ = _with_prefill(copy_app, "signing-test", "data", {
        "allowOverwrite": overwrite,
        "UserProfile": {"Party.Person.Name": "form.name"},
        "DSF": {"FirstName": "form.name", "LastName": "form.orgNumber"},
    })
    assert _data(_start(session, app, SOPHIE), "data") == {
        "form": {"name": name, "orgNumber": "Salt"}}
    data: dict[str, Any] = {"form": {"name": "Kari", "orgNumber": ""}}
    prefill_from_register(app.prefill["data"], data, app.schemas["data"],
                          party_id=SOPHIE[0], user_id=SOPHIE[1], register=LOCAL)
    assert data == {"form": {"name": "Sophie" if overwrite else "Kari", "orgNumber": "Salt"}}


def test_caller_values_come_after_the_register(session: Session) -> None:
    signing = load_app(SHARED_APPS / "signing-test")[0]
    assert signing is not None
    instance = _start(session, signing, DDG, prefill={
        "form.name": "Kari", "form.year": "2024", "form.income": 1000,
        "form.sources[0].type": "lønn"})
    assert _data(instance, "data") == {"form": {
        "name": "Kari", "orgNumber": "897069650", "year": 2024, "income": 1000,
        "sources": [{"type": "lønn"}]}}
    # without a register, only the caller's values
    plain = _start(session, signing, DDG, register=None, prefill={"form.name": "Kari"})
    assert _data(plain, "data") == {"form": {"name": "Kari"}}


@pytest.mark.parametrize(("prefill", "message"), [
    ({"form.nothere": "x"}, "'form.nothere'"),
    ({"form.year": "tjue"}, "'tjue' does not fit 'form.year'"),
    ({"form..name": "x"}, "'form..name'"),
])
def test_bad_caller_values_are_refused(session: Session, prefill: dict[str, Any],
                                       message: str) -> None:
    signing = load_app(SHARED_APPS / "signing-test")[0]
    assert signing is not None
    with pytest.raises(InvalidPrefill, match=message.replace(".", r"\.")):
        start_instance(session, signing, party_id=DDG[0], user_id=DDG[1], register=LOCAL,
                       prefill=prefill)


def test_a_later_task_is_prefilled_when_the_process_starts_it(session: Session,
                                                             copy_app: Any) -> None:
    app, problems = _with_prefill(copy_app, "service-task", "Model2",
                                  {"UserProfile": {"Email": "property1"}})
    assert not [p for p in problems if "prefill" in p]
    instance = _start(session, app, OLA)
    process_next(session, app, instance, OLA[1], validate=list, register=LOCAL)
    session.commit()
    assert instance.current_task == "Task_Utfylling2"
    assert _data(instance, "Model2") == {"property1": "test@test.com"}


def test_no_register_configured_is_a_clear_error(session: Session) -> None:
    signing = load_app(SHARED_APPS / "signing-test")[0]
    assert signing is not None
    with pytest.raises(ProcessError, match="REGISTER_URL"):
        start_instance(session, signing, party_id=DDG[0], user_id=DDG[1],
                       register=NoRegister())


# ---------------------------------------------------------------------------- over HTTP

def test_the_http_register_speaks_altinns_json(register_service: StandInRegister,
                                               session: Session) -> None:
    remote = HttpRegister(register_service.url)
    party = remote.party_details(500000)
    assert party is not None and party["organization"]["orgNumber"] == "897069650"
    assert remote.user_profile(1337)["party"]["person"]["firstName"] == "Sophie"  # type: ignore
    assert remote.party_details(424242) is None
    signing = load_app(SHARED_APPS / "signing-test")[0]
    payment = load_app(SHARED_APPS / "payment-test")[0]
    assert signing is not None and payment is not None
    assert _data(_start(session, signing, DDG, register=remote), "data") == {
        "form": {"name": "DDG Fitness", "orgNumber": "897069650"}}
    assert _data(_start(session, payment, SOPHIE, register=remote), "model") == {
        "ContactInformation": {"FullName": "Sophie Salt", "PhoneNumber": "90001337",
                               "Email": "1337@altinnstudiotestusers.com"}}
    assert "/register/api/v1/parties/500000" in register_service.requests
    assert "/profile/api/v1/users/1337" in register_service.requests


def test_the_http_register_failing_stops_the_start(register_service: StandInRegister,
                                                   session: Session) -> None:
    signing = load_app(SHARED_APPS / "signing-test")[0]
    assert signing is not None
    register_service.status = 500
    remote = HttpRegister(register_service.url)
    with pytest.raises(RegisterError, match="answered 500"):
        remote.party_details(500000)
    with pytest.raises(ProcessError, match="cannot answer: the register answered 500"):
        start_instance(session, signing, party_id=DDG[0], user_id=DDG[1], register=remote)
    session.rollback()
    register_service.status = None
    with pytest.raises(ProcessError, match="no party 424242"):
        start_instance(session, signing, party_id=424242, user_id="1337", register=remote)
    session.rollback()
    closed = HttpRegister("http://127.0.0.1:9", timeout=2)
    with pytest.raises(RegisterError, match="cannot be reached"):
        closed.party_details(500000)


# ---------------------------------------------------------------------------- the web pages

def test_the_web_start_prefills_from_the_local_register(tmp_path: Path, copy_app: Any,
                                                        register_service: StandInRegister
                                                        ) -> None:
    folder = copy_app(SHARED_APPS / "signing-test")
    for register_url in (None, register_service.url):
        home = tmp_path / ("remote" if register_url else "local")
        home.mkdir()
        flask_app = make_app(home, REGISTER_URL=register_url,
                             BLANKETT_APPS_DIR=str(folder.parent))
        client = flask_app.test_client()
        login(client, 1337)
        assert client.post("/party", data={"party_id": "500000"}).status_code == 303
        response = client.post("/instances", data={"app_id": "ttd/signing-test"})
        assert response.status_code == 303, response.data
        instance_id = response.headers["Location"].rstrip("/").rsplit("/", 1)[-1]
        with flask_app.app_context():
            from web.db import db_session

            instance = repository.get_instance(db_session(), instance_id)
            assert instance is not None
            assert _data(instance, "data") == {"form": {"name": "DDG Fitness",
                                                        "orgNumber": "897069650"}}
    assert "/register/api/v1/parties/500000" in register_service.requests


def test_instances_create_prefills_from_the_register_and_the_body(tmp_path: Path,
                                                                  copy_app: Any) -> None:
    folder = copy_app(SHARED_APPS / "signing-test")
    flask_app = make_app(tmp_path, BLANKETT_APPS_DIR=str(folder.parent))
    client = flask_app.test_client()
    token = client.get("/Home/GetTestUserToken/1337?authenticationLevel=2").get_data(
        as_text=True)
    headers = {"Authorization": f"Bearer {token}"}
    url = "/ttd/signing-test/instances/create"
    response = client.post(url, headers=headers, json={
        "instanceOwner": {"partyId": "500000"}, "prefill": {"form.year": "2024"}})
    assert response.status_code == 201, response.data
    instance_id = response.get_json()["id"].split("/")[-1]
    with flask_app.app_context():
        from web.db import db_session

        instance = repository.get_instance(db_session(), instance_id)
        assert instance is not None
        assert _data(instance, "data") == {"form": {
            "name": "DDG Fitness", "orgNumber": "897069650", "year": 2024}}
    refused = client.post(url, headers=headers, json={
        "instanceOwner": {"partyId": "500000"}, "prefill": {"form.nothere": "x"}})
    assert refused.status_code == 400
    assert "form.nothere" in refused.get_json()["detail"]
