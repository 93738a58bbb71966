"""Number: a number shown with its title, laid out by `formatting` as Altinn shows it."""

from __future__ import annotations

from forms.components.number import number_text

NOK = {"currency": "NOK", "position": "suffix", "number": {"thousandSeparator": " "}}


def number(**props: object) -> dict[str, object]:
    return {"id": "sum-tall", "type": "Number", "textResourceBindings": {"title": "Total gjeld"},
            **props}


def test_a_number_is_a_term_and_its_formatted_value(render) -> None:  # noqa: ANN001
    html = render([number(value=20000.2, formatting=NOK)])
    assert '<div class="display-value" id="sum-tall" data-component="Number">' in html
    assert "<dt>Total gjeld</dt>" in html
    assert "<dd>20 000,2 kr</dd>" in html


def test_numbers_from_the_data_model_and_units(render) -> None:  # noqa: ANN001
    html = render([number(value=["dataModel", "soker.navn"],
                          formatting={"unit": "percent", "position": "suffix"})],
                  data={"soker": {"navn": "12.5"}})
    assert "<dd>12,5 %</dd>" in html


def test_english_separators(render) -> None:  # noqa: ANN001
    html = render([number(value=1234567, formatting={"number": {"thousandSeparator": True}})],
                  lang="en")
    assert "<dd>1,234,567</dd>" in html


def test_without_formatting_the_number_is_shown_as_stored(render) -> None:  # noqa: ANN001
    html = render([number(value=2000)])
    assert "<dd>2000</dd>" in html


def test_number_text_reads_like_javascript() -> None:
    assert number_text(2000.0) == "2000"
    assert number_text(20000.2) == "20000.2"
    assert number_text(None) == ""
    assert number_text(True) == ""
    assert number_text(" 12 ") == "12"
