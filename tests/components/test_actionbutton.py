"""ActionButton: process actions come with the process engine; until then, disabled + a note."""

from __future__ import annotations


def test_disabled_with_a_note(render) -> None:  # noqa: ANN001
    html = render([{"id": "signer-knapp", "type": "ActionButton", "action": "sign",
                    "buttonStyle": "secondary", "textResourceBindings": {"title": "Signer"}}])
    assert ('<button class="ds-button" data-variant="secondary" type="button" '
            'aria-disabled="true" aria-describedby="signer-knapp__note" id="signer-knapp">'
            'Signer</button>') in html
    assert 'id="signer-knapp__note">Denne handlingen er ikke tilgjengelig ennå.</p>' in html
    assert 'value="sign"' not in html
