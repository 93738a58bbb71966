"""Video: the browser's own player with controls, named by the alternative text."""

from __future__ import annotations


def test_a_video_player_with_controls_a_name_and_help(render) -> None:  # noqa: ANN001
    html = render([{"id": "film-klipp", "type": "Video", "video": {"src": {"nb": "/static/v.mp4"}},
                    "textResourceBindings": {"altTextVideo": "Reklamefilmen",
                                             "help": "Filmen har ikke lyd."}}])
    assert ('<video controls preload="metadata" src="/static/v.mp4" aria-label="Reklamefilmen" '
            'aria-describedby="film-klipp__help"></video>') in html
    assert '<div id="film-klipp__help">' in html


def test_a_default_name(render) -> None:  # noqa: ANN001
    html = render([{"id": "film-klipp", "type": "Video", "video": {"src": {"nb": "/v.mp4"}}}])
    assert 'aria-label="Videoklipp"' in html
