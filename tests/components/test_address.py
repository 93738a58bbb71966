"""Address: a fieldset with a labelled input per bound part, autocomplete tokens, every part
saved from one post, and a summary that joins the parts."""

from __future__ import annotations

import re
from pathlib import Path

from tests.components.conftest import start_service
from tests.test_pages import stored_data

BINDINGS = {"address": "adr.gate", "zipCode": "adr.postnr", "postPlace": "adr.sted",
            "careOf": "adr.co", "houseNumber": "adr.bolignr"}
SCHEMA = {"adr": {"type": "object", "properties": {
    k: {"type": "string"} for k in ("gate", "postnr", "sted", "co", "bolignr")}}}


def _address(**extra: object) -> dict:
    return {"id": "bosted", "type": "Address", "textResourceBindings": {"title": "Bostedsadresse"},
            "dataModelBindings": BINDINGS, **extra}


def test_simplified_address_is_a_fieldset_of_three_labelled_fields(render) -> None:  # noqa: ANN001
    html = render([_address(required=True)], schema_properties=SCHEMA,
                  data={"adr": {"gate": "Storgata 1"}})
    assert re.search(r'<fieldset class="ds-fieldset[^"]*" data-component="Address"', html)
    assert re.search(r'<legend class="ds-label">Bostedsadresse<span class="required-mark"', html)
    assert '<label class="ds-label" for="bosted">Gateadresse</label>' in html
    assert re.search(r'id="bosted" name="adr.gate" value="Storgata 1" '
                     r'autocomplete="street-address" aria-required="true"', html)
    assert '<label class="ds-label" for="bosted__zipCode">Postnummer</label>' in html
    assert 'name="adr.postnr" value="" autocomplete="postal-code" inputmode="numeric"' in html
    assert '<label class="ds-label" for="bosted__postPlace">Poststed</label>' in html
    assert 'autocomplete="address-level2"' in html
    assert "adr.co" not in html and "adr.bolignr" not in html  # simplified by default


def test_full_address_has_care_of_and_flat_number_with_their_own_labels(render) -> None:  # noqa: ANN001
    html = render([_address(simplified=False, textResourceBindings={
        "title": "Adresse", "careOfTitle": "c/o"})], schema_properties=SCHEMA)
    assert '<label class="ds-label" for="bosted__careOf">c/o</label>' in html
    assert '<label class="ds-label" for="bosted__houseNumber">Bolignummer</label>' in html
    assert 'aria-describedby="bosted__houseNumber__description"' in html


def test_only_bound_parts_are_shown(render) -> None:  # noqa: ANN001
    html = render([{"id": "bosted", "type": "Address",
                    "dataModelBindings": {"address": "adr.gate", "zipCode": "adr.postnr"}}],
                  schema_properties=SCHEMA)
    assert '<legend class="ds-label">Adresse</legend>' in html
    assert "adr.gate" in html and "adr.postnr" in html and "Poststed" not in html


def test_a_summary_joins_the_parts(render) -> None:  # noqa: ANN001
    summary = {"id": "oppsummering", "type": "Summary", "componentRef": "bosted"}
    html = render([_address(simplified=False), summary], schema_properties=SCHEMA,
                  data={"adr": {"gate": "Storgata 1", "postnr": "0155", "sted": "Oslo"}})
    assert "<dd>Storgata 1, 0155 Oslo</dd>" in html


def test_posting_the_page_saves_every_part(tmp_path: Path) -> None:
    client, page = start_service(tmp_path, [_address(simplified=False)], schema_properties=SCHEMA)
    response = client.post(page, data={
        "action": "save", "adr.gate": "Storgata 1", "adr.postnr": "0155", "adr.sted": "Oslo",
        "adr.co": "Kari Nordmann", "adr.bolignr": "H0101"})
    assert response.status_code == 303
    assert stored_data(client, page)["adr"] == {"gate": "Storgata 1", "postnr": "0155",
                                                "sted": "Oslo", "co": "Kari Nordmann",
                                                "bolignr": "H0101"}
    assert 'value="0155"' in client.get(page).get_data(as_text=True)
