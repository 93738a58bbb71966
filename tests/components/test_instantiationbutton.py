"""InstantiationButton: no stateless pages yet, so it is disabled with a note."""

from __future__ import annotations


def test_disabled_with_a_note(render) -> None:  # noqa: ANN001
    html = render([{"id": "start-knapp", "type": "InstantiationButton",
                    "textResourceBindings": {"title": "Start ny søknad"},
                    "mapping": {"soker.navn": "navn"}}], lang="en")
    assert ('<button class="ds-button" data-variant="primary" type="button" aria-disabled="true" '
            'aria-describedby="start-knapp__note" id="start-knapp">Start ny søknad</button>') \
        in html
    assert 'id="start-knapp__note">This action is not available yet.</p>' in html
