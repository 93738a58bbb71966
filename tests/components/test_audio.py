"""Audio: the browser's own player with controls, named by the alternative text."""

from __future__ import annotations


def test_an_audio_player_with_controls_and_a_name(render) -> None:  # noqa: ANN001
    html = render([{"id": "lyd-klipp", "type": "Audio", "audio": {"src": {
        "nb": "/static/lyd.mp3", "en": "/static/sound.mp3"}},
        "textResourceBindings": {"altText": "lyd.alt"}}], texts={"lyd.alt": "Jingelen vår"})
    assert ('<audio controls preload="metadata" src="/static/lyd.mp3" aria-label="Jingelen vår">'
            "</audio>") in html


def test_the_source_in_the_persons_language_and_a_default_name(render) -> None:  # noqa: ANN001
    html = render([{"id": "lyd-klipp", "type": "Audio", "audio": {"src": {
        "nb": "/static/lyd.mp3", "en": "/static/sound.mp3"}}}], lang="en")
    assert 'src="/static/sound.mp3" aria-label="Audio clip"' in html


def test_no_source_no_player(render) -> None:  # noqa: ANN001
    html = render([{"id": "lyd-klipp", "type": "Audio"}])
    assert "<audio" not in html
