"""Date: a date or date-time shown with its title, laid out by `format` (date-fns tokens)."""

from __future__ import annotations

from datetime import datetime

from forms.components.date import format_datetime, parse_datetime


def date(value: object, **props: object) -> dict[str, object]:
    return {"id": "dato-felt", "type": "Date", "textResourceBindings": {"title": "Dato"},
            "value": value, **props}


def test_a_date_is_a_term_and_its_formatted_value(render) -> None:  # noqa: ANN001
    html = render([date("2022-09-27")])
    assert '<div class="display-value" id="dato-felt" data-component="Date">' in html
    assert "<dt>Dato</dt>" in html
    assert "<dd>27.09.2022</dd>" in html


def test_formats_with_time(render) -> None:  # noqa: ANN001
    html = render([date("2022-09-27 18:00:00.000", format="dd/MM/yyyy HH:mm")])
    assert "<dd>27/09/2022 18:00</dd>" in html


def test_a_date_from_the_data_model(render) -> None:  # noqa: ANN001
    html = render([date(["dataModel", "soker.navn"], format="d. MMMM yyyy")],
                  data={"soker": {"navn": "2024-05-17"}})
    assert "<dd>17. mai 2024</dd>" in html


def test_something_that_is_not_a_date_is_shown_as_it_is(render) -> None:  # noqa: ANN001
    html = render([date("snart")])
    assert "<dd>snart</dd>" in html


def test_tokens_follow_date_fns() -> None:
    moment = datetime(2022, 9, 27, 18, 5, 9)
    assert format_datetime(moment, "dd.MM.yyyy hh:mm:ss a") == "27.09.2022 06:05:09 PM"
    assert format_datetime(moment, "d.M.yy H:m") == "27.9.22 18:5"
    assert format_datetime(moment, "'kl.' HH:mm") == "kl. 18:05"
    assert format_datetime(moment, "MMM", "en") == "Sep"


def test_times_with_a_zone_are_shown_in_norwegian_time() -> None:
    assert parse_datetime("2022-09-27T16:00:00Z") == datetime(2022, 9, 27, 18, 0)
    assert parse_datetime("2022-09-27") == datetime(2022, 9, 27)
    assert parse_datetime("27.09.2022") is None
