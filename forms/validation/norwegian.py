"""Norwegian identifiers, checked with python-stdnum: fødselsnummer (D- and H-numbers too),
organisasjonsnummer and kontonummer. Each check answers None for a valid number, else the id
of the message that says what is wrong (a Blankett UI text, so `view.ui(code)` gives it in nb,
nn or en, and an app may override it). The schema formats `fodselsnummer`,
`organisasjonsnummer` and `kontonummer` use these; app code may call them too:

    from forms.validation.norwegian import fodselsnummer_problem
    if fodselsnummer_problem(value): ...
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from stdnum.exceptions import InvalidComponent, InvalidLength, ValidationError
from stdnum.no import fodselsnummer, kontonr, orgnr

_SEPARATORS = re.compile(r"[\s.\-]")


def _digits(value: str) -> str:
    return _SEPARATORS.sub("", value)


def fodselsnummer_problem(value: str) -> str | None:
    """A fødselsnummer, D-number or H-number: 11 digits with both check digits right and a
    real birth date. Skatteetaten's synthetic test numbers (month + 80, as Altinn's test users
    have) pass too, so test environments work; FH-numbers (first digit 8 or 9) only need their
    check digits."""
    number = _digits(value)
    if not number.isdigit() or len(number) != 11:
        return "validation_errors.fodselsnummer_length"
    try:
        fodselsnummer.validate(number)
        return None
    except InvalidComponent:  # the check digits are right; the birth date is not a date
        if int(number[0]) >= 8:  # an FH-number, which has none
            return None
        month = int(number[2:4])
        if month > 80 and _born(f"{number[:2]}{month - 80:02d}{number[4:]}"):
            return None  # synthetic
    except ValidationError:
        pass
    return "validation_errors.fodselsnummer"


def _born(number: str) -> bool:
    try:
        return fodselsnummer.get_birth_date(number) <= date.today()
    except ValidationError:
        return False


def organisasjonsnummer_problem(value: str) -> str | None:
    """An organisasjonsnummer: 9 digits with a right check digit."""
    number = _digits(value)
    if not number.isdigit() or len(number) != 9:
        return "validation_errors.organisasjonsnummer_length"
    try:
        orgnr.validate(number)
    except ValidationError:
        return "validation_errors.organisasjonsnummer"
    return None


def kontonummer_problem(value: str) -> str | None:
    """A Norwegian bank account number: 11 digits with a right check digit (or an old
    7-digit postgiro number)."""
    number = _digits(value)
    if not number.isdigit():
        return "validation_errors.kontonummer_length"
    try:
        kontonr.validate(number)
    except InvalidLength:
        return "validation_errors.kontonummer_length"
    except ValidationError:
        return "validation_errors.kontonummer"
    return None


# The schema formats, by name: each value → its problem (None when valid).
FORMATS: dict[str, Callable[[str], str | None]] = {
    "fodselsnummer": fodselsnummer_problem,
    "organisasjonsnummer": organisasjonsnummer_problem,
    "kontonummer": kontonummer_problem,
}
