"""ButtonGroup: its buttons in a row; with a title, a group named by it."""

from __future__ import annotations

BUTTONS = [{"id": "send-knapp", "type": "Button", "textResourceBindings": {"title": "Send"}},
           {"id": "skriv-ut", "type": "PrintButton"}]


def test_buttons_in_a_row(render) -> None:  # noqa: ANN001
    html = render([{"id": "knapper", "type": "ButtonGroup",
                    "children": ["send-knapp", "skriv-ut"]}, *BUTTONS])
    row = html.split('<div class="button-row button-group" id="knapper">')[1]
    assert row.index('id="bk_c_send-knapp"') < row.index('id="bk_c_skriv-ut"')
    assert 'role="group"' not in html
    assert html.count('id="bk_c_send-knapp"') == 1


def test_a_titled_group_is_named_by_its_visible_title(render) -> None:  # noqa: ANN001
    html = render([{"id": "knapper", "type": "ButtonGroup", "children": ["send-knapp"],
                    "textResourceBindings": {"title": "Handlinger"}}, BUTTONS[0]])
    assert ('<div class="button-group" id="knapper" role="group" '
            'aria-labelledby="knapper__title">') in html
    assert '<p class="ds-label" id="knapper__title">Handlinger</p>' in html
    assert '<button class="ds-button" data-variant="primary" type="submit"' in html
