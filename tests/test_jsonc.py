import pytest

from forms.jsonc import JsonSyntaxError, loads, strip_jsonc


def test_bom_comments_and_trailing_commas_are_tolerated() -> None:
    text = ('\ufeff{\n  // a comment\n  "a": [1, 2,],\n'
            '  /* block */ "b": {"c": "x // not a comment",},\n}')
    assert loads(text) == {"a": [1, 2], "b": {"c": "x // not a comment"}}


def test_escaped_quotes_do_not_end_a_string() -> None:
    assert loads('{"a": "say \\"hi\\" // still text",}') == {"a": 'say "hi" // still text'}


def test_positions_survive_stripping() -> None:
    text = '{\n  // comment\n  "a": 1,\n}'
    assert len(strip_jsonc(text)) == len(text)
    assert strip_jsonc(text).count("\n") == text.count("\n")


def test_syntax_error_names_line_and_column() -> None:
    with pytest.raises(JsonSyntaxError) as info:
        loads('{\n  "a": 1,\n  "b": \n}')
    assert info.value.line == 4
    assert "line 4" in str(info.value)
