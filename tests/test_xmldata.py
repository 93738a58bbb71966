"""Form data between Altinn's XML and Blankett's JSON, on the shared apps' real data models."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import defusedxml.ElementTree as SafeET
import pytest

from forms.datamodel import Schema
from forms.loader import load_app
from forms.xmldata import XmlDataError, root_element_name, to_json, to_xml

APPS = Path(__file__).resolve().parents[1].parent / "shared" / "altinn" / "apps"
APP_NAMES = ["frontend-test", "payment-test", "service-task", "signing-test"]
XS = "{http://www.w3.org/2001/XMLSchema}"


def _schemas(app: str) -> dict[str, Schema]:
    definition, _ = load_app(APPS / app)
    assert definition is not None
    return definition.schemas


def _all_schemas() -> list[tuple[str, Schema]]:
    return [(f"{app}/{name}", schema) for app in APP_NAMES
            for name, schema in _schemas(app).items()]


def _sample(schema: Schema, raw: Any, rows: int, depth: int = 0) -> Any:
    """Data for one schema node: every property filled, `rows` rows in every list."""
    node = schema._merge(schema._resolve(raw))
    if node.get("type") == "array" or "items" in node:
        return [_sample(schema, node.get("items", {}), rows, depth + 1) for _ in range(rows)]
    if "properties" in node or node.get("type") == "object":
        if depth > 8:  # recursive models: stop filling
            return {}
        return {key: _sample(schema, prop, rows, depth + 1)
                for key, prop in node.get("properties", {}).items()}
    kind = node.get("type", "string")
    kind = next((k for k in kind if k != "null"), "string") if isinstance(kind, list) else kind
    return {"integer": 42, "number": 12.5, "boolean": True}.get(kind, "tekst æøå <&>")


def _full(schema: Schema, rows: int = 2) -> dict[str, Any]:
    return _sample(schema, schema._root(), rows)


@pytest.fixture(scope="module")
def service_model() -> Schema:
    return _schemas("frontend-test")["ServiceModel-test"]


@pytest.fixture(scope="module")
def payment() -> Schema:
    return _schemas("payment-test")["model"]


# --- round trips -------------------------------------------------------------------------------


@pytest.mark.parametrize("rows", [1, 3])
@pytest.mark.parametrize(("name", "schema"), _all_schemas(), ids=lambda v: v
                         if isinstance(v, str) else "")
def test_round_trip_on_every_shared_data_model(name: str, schema: Schema, rows: int) -> None:
    data = _full(schema, rows)
    xml = to_xml(data, schema)
    assert xml.startswith(b'<?xml version="1.0" encoding="utf-8"?>')
    assert to_json(xml, schema) == data
    assert SafeET.fromstring(xml).tag == root_element_name(schema)


def test_root_elements_match_the_xsds() -> None:
    for app in APP_NAMES:
        models = APPS / app / "App" / "models"
        for name, schema in _schemas(app).items():
            xsd = models / f"{name}.xsd"
            if not xsd.exists():
                continue
            roots = {el.get("name") for el in SafeET.parse(xsd).getroot()
                     if el.tag == f"{XS}element"}
            assert root_element_name(schema) in roots, (app, name)


def test_a_single_row_is_still_a_list(payment: Schema) -> None:
    xml = (b"<form><Company><CompanyProperties><CompanyName>AS</CompanyName>"
           b"</CompanyProperties></Company></form>")
    assert to_json(xml, payment) == {"Company": {"CompanyProperties": [{"CompanyName": "AS"}]}}


def test_characters_xml_cannot_hold_are_refused(payment: Schema) -> None:
    data = {"Company": {"CompanyProperties": [{"CompanyName": "A\x00S"}]}}
    with pytest.raises(XmlDataError, match=r"CompanyName: the character U\+0000 cannot"):
        to_xml(data, payment)
    data["Company"]["CompanyProperties"][0]["CompanyName"] = "A\tS\n\u00e6\U0001F600"
    assert to_json(to_xml(data, payment), payment) == data  # tab, newline and beyond: fine


def test_several_rows_keep_their_order(payment: Schema) -> None:
    xml = (b"<form><Company><CompanyProperties><CompanyName>A</CompanyName></CompanyProperties>"
           b"<CompanyProperties><CompanyName>B</CompanyName></CompanyProperties>"
           b"</Company></form>")
    rows = to_json(xml, payment)["Company"]["CompanyProperties"]
    assert [r["CompanyName"] for r in rows] == ["A", "B"]


def test_leaf_types_are_converted() -> None:
    schema = _schemas("frontend-test")["message"]
    xml = (b"<Message><Title> Hei </Title><IsSomeValue>1</IsSomeValue>"
           b"<SomeNumberValue> -12 </SomeNumberValue></Message>")
    assert to_json(xml, schema) == {"Title": " Hei ", "IsSomeValue": True, "SomeNumberValue": -12}
    assert to_json(b"<Message><IsSomeValue>false</IsSomeValue></Message>", schema) == {
        "IsSomeValue": False}


def test_numbers_are_written_without_exponent(service_model: Schema) -> None:
    data = {"Numeric": {"Decimal": 1e-7}}
    xml = to_xml(data, service_model)
    assert b"<Decimal>0.0000001</Decimal>" in xml
    assert to_json(xml, service_model) == data
    assert b"<Decimal>12345678901234567890.5</Decimal>" in to_xml(
        {"Numeric": {"Decimal": Decimal("1.23456789012345678905E+19")}}, service_model)
    assert to_json(b"<Skjema><Numeric><Decimal>3</Decimal></Numeric></Skjema>",
                   service_model) == {"Numeric": {"Decimal": 3}}


def test_booleans_are_lower_case(payment: Schema) -> None:
    xml = to_xml({"HF_HaveReadAndUnderstood": True, "HideFirstPaymentDetails": False}, payment)
    assert b"<HF_HaveReadAndUnderstood>true</HF_HaveReadAndUnderstood>" in xml
    assert b"<HideFirstPaymentDetails>false</HideFirstPaymentDetails>" in xml


# --- attributes and text (SERES) ---------------------------------------------------------------


def test_seres_attributes_and_simple_content(service_model: Schema) -> None:
    data = {
        "skjemanummer": 1533, "spesifikasjonsnummer": 11172, "blankettnummer": "RF-1453",
        "Innledning-grp-9309": {
            "gruppeid": 9309,
            "Kontaktinformasjon-grp-9311": {
                "gruppeid": 9311,
                "MeldingFodselsnummer-datadef-34734": {"orid": 34734, "value": "01017012345"},
            },
        },
    }
    xml = to_xml(data, service_model)
    root = SafeET.fromstring(xml)
    assert root.attrib == {"skjemanummer": "1533", "spesifikasjonsnummer": "11172",
                           "blankettnummer": "RF-1453"}
    field = root.find("Innledning-grp-9309/Kontaktinformasjon-grp-9311/"
                      "MeldingFodselsnummer-datadef-34734")
    assert field is not None and field.attrib == {"orid": "34734"}
    assert field.text == "01017012345"
    assert to_json(xml, service_model) == data


def test_unknown_attribute_is_refused(service_model: Schema) -> None:
    with pytest.raises(XmlDataError, match=r"^/Skjema/@dataFormatId: .*no such attribute"):
        to_json(b'<Skjema dataFormatId="5703"/>', service_model)


def test_attribute_type_error_names_its_path(service_model: Schema) -> None:
    xml = b'<Skjema><Innledning-grp-9309 gruppeid="ni"/></Skjema>'
    with pytest.raises(XmlDataError, match=r'^/Skjema/Innledning-grp-9309/@gruppeid: "ni" is '
                                           r"not a whole number"):
        to_json(xml, service_model)


SERES = Schema({
    "@xsdRootElement": "Melding",
    "$defs": {"Melding": {"properties": {
        "dataFormatProvider": {"type": "string", "const": "SERES", "@xsdType": "XmlAttribute"},
        "dataFormatId": {"type": "string", "const": "5703", "@xsdType": "XmlAttribute"},
        "dataFormatVersion": {"type": "string", "const": "34553", "@xsdType": "XmlAttribute"},
        "Person": {"type": "array", "items": {"$ref": "#/$defs/Person"}},
        "Tekst": {"$ref": "#/$defs/Tekst"},
    }}, "Person": {"properties": {
        "altinnRowId": {"type": "string"},
        "Navn": {"type": "string"},
        "Alder": {"type": "integer"},
    }}, "Tekst": {"properties": {
        "lang": {"type": "string", "@xsdType": "XmlAttribute"},
        "innhold": {"type": "string", "@xsdType": "XmlText"},
    }}},
    "oneOf": [{"$ref": "#/$defs/Melding"}],
}, root_name="Melding")


def test_seres_data_format_attributes_round_trip() -> None:
    xml = ('<?xml version="1.0" encoding="utf-8"?>\n'
           '<Melding xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
           ' dataFormatProvider="SERES" dataFormatId="5703" dataFormatVersion="34553">'
           '<Person><altinnRowId>r1</altinnRowId><Navn>Kari</Navn><Alder>40</Alder></Person>'
           '<Tekst lang="nb">Hei &amp; hå</Tekst></Melding>').encode()
    data = to_json(xml, SERES)
    assert data == {"dataFormatProvider": "SERES", "dataFormatId": "5703",
                    "dataFormatVersion": "34553",
                    "Person": [{"altinnRowId": "r1", "Navn": "Kari", "Alder": 40}],
                    "Tekst": {"lang": "nb", "innhold": "Hei & hå"}}
    assert to_json(to_xml(data, SERES), SERES) == data


def test_row_ids_are_dropped_when_the_model_has_none(payment: Schema) -> None:
    data = {"Company": {"CompanyProperties": [{"altinnRowId": "x", "CompanyName": "AS"}]}}
    xml = to_xml(data, payment)
    assert b"altinnRowId" not in xml
    assert to_json(xml, payment) == {"Company": {"CompanyProperties": [{"CompanyName": "AS"}]}}


# --- nil, namespaces ---------------------------------------------------------------------------


def test_nil_and_missing_elements_are_absent() -> None:
    schema = _schemas("frontend-test")["message"]
    xml = (b'<Message xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
           b'<Title xsi:nil="true"/><SomeNumberValue xsi:nil="true" /></Message>')
    assert to_json(xml, schema) == {}
    assert to_json(b"<Message/>", schema) == {}


def test_nil_with_content_is_refused() -> None:
    schema = _schemas("frontend-test")["message"]
    xml = (b'<Message xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
           b'<Title xsi:nil="true">x</Title></Message>')
    with pytest.raises(XmlDataError, match="^/Message/Title: .*nil"):
        to_json(xml, schema)


def test_a_nil_row_round_trips_as_none() -> None:
    data = {"Person": [{"Navn": "A"}, None]}
    xml = to_xml(data, SERES)
    assert b'xsi:nil="true"' in xml
    assert to_json(xml, SERES) == data


def test_namespace_declared_by_the_schema_is_written_and_accepted() -> None:
    document = dict(SERES.document, **{"@xsdSchemaAttributes": {"TargetNamespace": "urn:x"}})
    schema = Schema(document, root_name="Melding")
    xml = to_xml({"Person": [{"Navn": "A"}]}, schema)
    assert b'<Melding xmlns="urn:x"><Person><Navn>A</Navn>' in xml
    assert to_json(xml, schema) == {"Person": [{"Navn": "A"}]}
    assert to_json(b"<Melding><Person><Navn>A</Navn></Person></Melding>", schema) == {
        "Person": [{"Navn": "A"}]}
    with pytest.raises(XmlDataError, match="namespace 'urn:y'"):
        to_json(b'<Melding xmlns="urn:y"/>', schema)


def test_no_namespace_is_written_when_the_schema_has_none(payment: Schema) -> None:
    assert b"xmlns" not in to_xml({"AgentPerson": "A"}, payment)


# --- errors ------------------------------------------------------------------------------------


def test_type_errors_name_the_element_path() -> None:
    xml = (b"<Melding><Person><Alder>1</Alder></Person>"
           b"<Person><Alder>abc</Alder></Person></Melding>")
    with pytest.raises(XmlDataError, match=r'^/Melding/Person\[2\]/Alder: "abc" is not a whole '
                                           r"number$"):
        to_json(xml, SERES)


def test_bad_boolean_and_number(payment: Schema, service_model: Schema) -> None:
    with pytest.raises(XmlDataError, match=r'^/form/HF_HaveReadAndUnderstood: "ja" is not true'):
        to_json(b"<form><HF_HaveReadAndUnderstood>ja</HF_HaveReadAndUnderstood></form>", payment)
    with pytest.raises(XmlDataError, match=r'^/Skjema/Numeric/Decimal: "1,5" is not a number'):
        to_json(b"<Skjema><Numeric><Decimal>1,5</Decimal></Numeric></Skjema>", service_model)


def test_unknown_element_is_refused(payment: Schema) -> None:
    with pytest.raises(XmlDataError, match="^/form/ContactInformation/Fax: .*no such element"):
        to_json(b"<form><ContactInformation><Fax>1</Fax></ContactInformation></form>", payment)


def test_structural_mismatches_are_refused(payment: Schema) -> None:
    with pytest.raises(XmlDataError, match="^/form/AgentPerson: repeated"):
        to_json(b"<form><AgentPerson>a</AgentPerson><AgentPerson>b</AgentPerson></form>", payment)
    with pytest.raises(XmlDataError, match="^/form/AgentPerson: expected a single value"):
        to_json(b"<form><AgentPerson><x/></AgentPerson></form>", payment)
    with pytest.raises(XmlDataError, match="^/form/Trademark: text is not allowed"):
        to_json(b"<form><Trademark>tekst</Trademark></form>", payment)


def test_wrong_root_is_refused(payment: Schema) -> None:
    with pytest.raises(XmlDataError, match="root element is <Skjema>.*<form>"):
        to_json(b"<Skjema/>", payment)


def test_not_well_formed_is_refused(payment: Schema) -> None:
    with pytest.raises(XmlDataError, match="not well-formed"):
        to_json(b"<form>", payment)


def test_external_entity_is_refused(payment: Schema) -> None:
    xxe = (b'<?xml version="1.0"?>\n<!DOCTYPE form [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
           b"<form><AgentPerson>&xxe;</AgentPerson></form>")
    with pytest.raises(XmlDataError, match="DTD"):
        to_json(xxe, payment)


def test_billion_laughs_is_refused(payment: Schema) -> None:
    lol = (b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
           + b"".join(b'<!ENTITY lol%d "%s">' % (i, b"&lol%d;" % (i - 1) * 10 if i > 1
                                                 else b"&lol;" * 10) for i in range(1, 10))
           + b"]><form><AgentPerson>&lol9;</AgentPerson></form>")
    with pytest.raises(XmlDataError, match="refused"):
        to_json(lol, payment)


def test_json_that_does_not_fit_is_refused_on_output(payment: Schema,
                                                     service_model: Schema) -> None:
    with pytest.raises(XmlDataError, match="^/form/Fax: .*no such property"):
        to_xml({"Fax": "1"}, payment)
    with pytest.raises(XmlDataError, match="^/form/Company/CompanyProperties: expected a list"):
        to_xml({"Company": {"CompanyProperties": {"CompanyName": "A"}}}, payment)
    with pytest.raises(XmlDataError, match='^/Skjema/Numeric/Int32: "abc" is not a whole'):
        to_xml({"Numeric": {"Int32": "abc"}}, service_model)


# --- the XSD's element order -------------------------------------------------------------------


def _sequence(xsd: Path, type_name: str) -> list[str]:
    for complex_type in SafeET.parse(xsd).getroot().iter(f"{XS}complexType"):
        if complex_type.get("name") == type_name:
            sequence = complex_type.find(f"{XS}sequence")
            assert sequence is not None
            return [el.get("name") for el in sequence if el.tag == f"{XS}element"]
    raise AssertionError(type_name)


@pytest.mark.parametrize(("path", "type_name"), [
    (".", "Form"), ("AgentCompany", "CompanyProperties"), ("PreInvestigation", "PreInvestigation"),
    ("PreInvestigation/Priority/PriorityProperties", "PriorityProperties"),
])
def test_child_order_follows_the_xsd_sequence(payment: Schema, path: str, type_name: str) -> None:
    root = SafeET.fromstring(to_xml(_full(payment, rows=1), payment))
    element = root if path == "." else root.find(path)
    assert element is not None
    xsd = APPS / "payment-test" / "App" / "models" / "model.xsd"
    assert [child.tag for child in element] == _sequence(xsd, type_name)


def test_signing_test_instance_matches_its_xsd() -> None:
    schema = _schemas("signing-test")["data"]
    data = {"form": {"name": "AS", "orgNumber": "123456789", "year": 2024, "income": 10,
                     "sources": [{"type": "lønn"}]}}
    root = SafeET.fromstring(to_xml(data, schema))
    xsd = APPS / "signing-test" / "App" / "models" / "data.xsd"
    form = root.find("form")
    assert root.tag == "data" and form is not None
    assert [child.tag for child in form] == _sequence(xsd, "form")
