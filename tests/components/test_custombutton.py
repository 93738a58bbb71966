"""CustomButton: page moves are real submit buttons; other actions are disabled with a note."""

from __future__ import annotations

from pathlib import Path

from tests.components.conftest import build_app
from tests.conftest import login, make_app, start_instance


def _button(button_id: str, *actions: dict, title: str = "Gå videre") -> dict:
    return {"id": button_id, "type": "CustomButton", "textResourceBindings": {"title": title},
            "actions": list(actions), "buttonStyle": "primary"}


def test_client_actions_are_submit_buttons(render) -> None:  # noqa: ANN001
    html = render([
        _button("neste-knapp", {"type": "ClientAction", "id": "nextPage"}),
        _button("forrige-knapp", {"type": "ClientAction", "id": "previousPage"}, title=""),
        _button("hopp-knapp", {"type": "ClientAction", "id": "navigateToPage",
                               "metadata": {"page": "soker"}}, title="Til søker")])
    assert ('<button class="ds-button" data-variant="primary" type="submit" name="action" '
            'value="next" id="neste-knapp">Gå videre</button>') in html
    assert 'value="back" id="forrige-knapp">Tilbake</button>' in html
    assert 'value="page:soker" id="hopp-knapp">Til søker</button>' in html


def test_server_actions_are_disabled_with_a_note(render) -> None:  # noqa: ANN001
    html = render([_button("fyll-knapp", {"type": "ServerAction", "id": "fill"},
                           {"type": "ClientAction", "id": "nextPage"}, title="Fyll ut")])
    assert ('<button class="ds-button" data-variant="primary" type="button" aria-disabled="true" '
            'aria-describedby="fyll-knapp__note" id="fyll-knapp">Fyll ut</button>') in html
    assert '<p class="ds-paragraph" data-size="sm" id="fyll-knapp__note">Denne handlingen er ' \
        'ikke tilgjengelig ennå.</p>' in html
    assert 'name="action" value="next" id="fyll-knapp"' not in html


def test_navigate_to_page_moves_there(tmp_path: Path) -> None:
    target = build_app(tmp_path, [_button("hopp-knapp", {
        "type": "ClientAction", "id": "navigateToPage", "metadata": {"page": "serveringssted"}})])
    client = make_app(tmp_path, BLANKETT_APPS_DIR=str(target.parent)).test_client()
    login(client)
    page = start_instance(client)
    response = client.post(page, data={"action": "page:serveringssted"})
    assert response.headers["Location"] == page.rsplit("/", 1)[0] + "/serveringssted"
