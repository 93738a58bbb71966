"""`displayValue` for rules Altinn's shared tests leave out: values missing from the options,
option lists with text keys, number formatting by language, date formats, rows and files."""

from __future__ import annotations

from typing import Any

import pytest

from forms.expressions.context import ExpressionContext
from forms.expressions.engine import compile_expression
from forms.expressions.layout import LayoutTree
from forms.expressions.values import ExprError
from forms.formatting import numeric_formatter, pattern_formatter
from forms.texts import TextResource, TextResources, Variable

NBSP = "\u00a0"
COLORS = [{"value": "red", "label": "Red car"}, {"value": "blue", "label": "Blue car"}]
WORDS = [{"value": str(i), "label": w} for i, w in enumerate(
    ["Sad", "Happy", "Angry", "Five", "Ten", "People", "Jumping", "Running"])]


def display(components: list[dict[str, Any]], data: dict[str, Any], target: str,
            at: str | None = None, rows: tuple[int, ...] = (), **context: Any) -> Any:
    tree = LayoutTree({"Page": {"data": {"layout": components}}}, data)
    ctx = ExpressionContext(data=data, layout=tree, **context)
    node = tree.node_for(at or target, "Page", rows)
    return compile_expression(["displayValue", target]).evaluate(ctx.at(node))


def one(component: dict[str, Any], data: dict[str, Any], **context: Any) -> Any:
    return display([{"id": "c", **component}], data, "c", **context)


def choice(kind: str, value: Any, options: list[dict[str, Any]], **context: Any) -> Any:
    component = {"type": kind, "dataModelBindings": {"simpleBinding": "v"}, "options": options}
    return one(component, {"v": value}, **context)


# ---- options ----------------------------------------------------------------------------------
@pytest.mark.parametrize("kind", ["RadioButtons", "Dropdown", "LikertItem"])
def test_a_value_not_among_the_options_is_shown_as_stored(kind: str) -> None:
    assert choice(kind, "purple", COLORS) == "purple"
    assert choice(kind, "blue", COLORS) == "Blue car"
    assert choice(kind, None, COLORS) == ""


@pytest.mark.parametrize("kind", ["Checkboxes", "MultipleSelect"])
def test_checked_values_not_among_the_options_are_left_out(kind: str) -> None:
    assert choice(kind, "1,9,3", WORDS) == "Happy, Five"
    assert choice(kind, "9", WORDS) == ""


def test_checkbox_values_are_split_on_commas_only() -> None:
    # Blank parts are skipped; a part with spaces around it is not the option's value.
    assert choice("Checkboxes", "1,,3, ", WORDS) == "Happy, Five"
    assert choice("Checkboxes", "1, 3", WORDS) == "Happy"
    assert choice("Checkboxes", "a b", [{"value": "a b", "label": "Both"}]) == "Both"


def test_checked_values_are_listed_as_the_frontend_lists_them() -> None:
    # The frontend collects labels in an object: number-like values come first, ascending,
    # and a value checked twice is shown once.
    options = [*WORDS, {"value": "x", "label": "Ex"}]
    assert choice("Checkboxes", "x,6,1,6", options) == "Happy, Jumping, Ex"


def test_labels_are_text_keys_and_option_lists_come_from_options_id() -> None:
    texts = TextResources({"nb": {"color.red": TextResource("Rød bil")},
                           "en": {"color.red": TextResource("Red car")}})
    component = {"type": "Dropdown", "dataModelBindings": {"simpleBinding": "v"},
                 "optionsId": "colors"}
    lists = {"colors": [{"value": "red", "label": "color.red"}, {"value": 2, "label": "Two"}]}
    assert one(component, {"v": "red"}, option_lists=lists, texts=texts) == "Rød bil"
    assert one(component, {"v": "red"}, option_lists=lists, texts=texts, lang="en") == "Red car"
    assert one(component, {"v": 2}, option_lists=lists, texts=texts) == "Two"
    assert one(component, {"v": "red"}, option_lists={}) == "red"


def test_option_labels_fill_in_variables_in_the_components_row() -> None:
    texts = TextResources({"nb": {"lbl": TextResource(
        "{0} sin bil", (Variable("rows[{0}].owner", "dataModel.default"),))}})
    components = [
        {"id": "g", "type": "RepeatingGroup", "dataModelBindings": {"group": "rows"},
         "children": ["color"]},
        {"id": "color", "type": "RadioButtons",
         "dataModelBindings": {"simpleBinding": "rows.color"},
         "options": [{"value": "red", "label": "lbl"}]},
    ]
    data = {"rows": [{"color": "red", "owner": "Kari"}, {"color": "red", "owner": "Ola"}]}
    assert display(components, data, "color", rows=(1,), texts=texts) == "Ola sin bil"


def test_choices_saved_as_group_rows_show_the_checked_rows_values() -> None:
    component = {"type": "MultipleSelect", "options": WORDS, "dataModelBindings": {
        "group": "picked", "simpleBinding": "picked.value", "checked": "picked.on"}}
    data = {"picked": [{"value": "1", "on": True}, {"value": "2", "on": False},
                       {"value": "3", "on": True}]}
    assert one(component, data) == "1, 3"


# ---- numbers ----------------------------------------------------------------------------------
def number_input(value: Any, formatting: dict[str, Any], lang: str = "nb") -> Any:
    component = {"type": "Input", "dataModelBindings": {"simpleBinding": "v"},
                 "formatting": formatting}
    return one(component, {"v": value}, lang=lang)


def test_currency_and_unit_follow_the_language() -> None:
    assert number_input("1234.5", {"currency": "NOK"}) == f"kr 1{NBSP}234,5"
    assert number_input("1234.5", {"currency": "NOK"}, "en") == "NOK 1,234.5"
    assert number_input("1234", {"currency": "EUR", "position": "suffix"}) == f"1{NBSP}234 €"
    assert number_input("999", {"currency": "NOK"}) == "kr 999"
    assert number_input("12.5", {"unit": "kilogram"}) == "12,5 kg"
    assert number_input("1", {"unit": "day"}, "en") == "1 day"
    assert number_input("2", {"unit": "day"}, "en") == "2 days"
    assert number_input(1500, {"unit": "percent"}) == f"1{NBSP}500 %"
    assert number_input("", {"currency": "NOK"}) == ""


def test_number_formatting_as_written_wins_over_the_language() -> None:
    assert number_input("1234.5", {"currency": "NOK", "number": {"thousandSeparator": "."}}) \
        == "kr 1.234,5"
    assert number_input("1234567.891", {"number": {
        "thousandSeparator": " ", "decimalSeparator": ",", "decimalScale": 2}}) \
        == "1 234 567,89"
    assert number_input("12", {"number": {"prefix": "$", "decimalScale": 2,
                                          "fixedDecimalScale": True}}) == "$12.00"
    assert number_input("-1234", {"number": {"thousandSeparator": True, "suffix": " m"}}) \
        == "-1,234 m"
    assert number_input("98765432", {"number": {"format": "## ## ## ##"}}) == "98 76 54 32"
    assert number_input("12", {"number": {"format": "####", "mask": "_"}}) == "12__"
    assert number_input("abc", {}) == "abc"


def test_react_number_format_details() -> None:
    assert numeric_formatter("-", {"prefix": "kr "}) == "-"
    assert numeric_formatter("1.5", {"decimalScale": 0}) == "1"
    assert numeric_formatter("0001234", {"thousandSeparator": ","}) == "0001,234"
    assert numeric_formatter("123456789", {"thousandSeparator": ",",
                                           "thousandsGroupStyle": "lakh"}) == "12,34,56,789"
    assert numeric_formatter("-5", {"allowNegative": False, "prefix": "#"}) == "#5"
    assert pattern_formatter("123", {"format": "(###) ###", "mask": ["a", "b", "c", "d", "e"]}) \
        == "(123) de "


def test_the_number_component_evaluates_and_formats_its_value() -> None:
    component = {"type": "Number", "value": ["multiply", ["dataModel", "n"], 2],
                 "formatting": {"currency": "NOK"}}
    assert one(component, {"n": "600.25"}) == f"kr 1{NBSP}200,5"
    assert one({"type": "Number", "value": ["dataModel", "n"]}, {"n": None}) == ""
    assert one({"type": "Number", "value": ["dataModel", "n"]}, {"n": "abc"}) == ""


# ---- dates ------------------------------------------------------------------------------------
def test_datepicker_without_format_uses_the_languages_short_date() -> None:
    component = {"type": "Datepicker", "dataModelBindings": {"simpleBinding": "d"}}
    assert one(component, {"d": "2023-07-21"}) == "21.07.2023"
    assert one(component, {"d": "2023-07-21"}, lang="en") == "07/21/2023"
    assert one({**component, "format": "d. MMM yyyy"}, {"d": "2023-07-21"}) == "21. Jul 2023"
    assert one(component, {"d": "yesterday"}) == "yesterday"
    assert one(component, {"d": ""}) == ""


def test_date_component_shows_the_date_or_says_it_cannot() -> None:
    component = {"type": "Date", "value": ["dataModel", "d"]}
    assert one(component, {"d": "2023-07-21"}) == "Fri Jul 21 2023"
    assert one({**component, "format": "yyyy/MM/dd"}, {"d": "2023-07-21T10:00:00"}) \
        == "2023/07/21"
    assert one(component, {"d": "21.07.2023"}) == "Ugyldig format"
    assert one(component, {"d": None}) == ""


# ---- other types ------------------------------------------------------------------------------
def test_address_joins_every_part_even_a_missing_one() -> None:
    component = {"type": "Address", "dataModelBindings": {
        "address": "a.street", "zipCode": "a.zip", "postPlace": "a.place"}}
    assert one(component, {"a": {"street": "Storgata 1", "zip": 150, "place": "Oslo"}}) \
        == "Storgata 1 150 Oslo"
    assert one(component, {"a": {"street": "Storgata 1", "place": "Oslo"}}) \
        == "Storgata 1  Oslo"


def test_person_lookup_builds_the_name_from_its_parts() -> None:
    component = {"type": "PersonLookup", "dataModelBindings": {
        "person_lookup_ssn": "p.ssn", "person_lookup_first_name": "p.first",
        "person_lookup_last_name": "p.last"}}
    assert one(component, {"p": {"ssn": "123", "first": "Kari", "last": "Nordmann"}}) \
        == "123, Kari Nordmann"
    assert one(component, {"p": {}}) == ""


def test_map_shows_a_valid_location_only() -> None:
    component = {"type": "Map", "dataModelBindings": {"simpleBinding": "pos"}}
    assert one(component, {"pos": "59.90,10.75"}) == "59.9, 10.75"
    assert one(component, {"pos": "59.9"}) == ""
    assert one(component, {"pos": "north,10"}) == ""


def test_list_shows_the_summary_binding() -> None:
    component = {"type": "List", "summaryBinding": "name",
                 "dataModelBindings": {"name": "who.name", "age": "who.age"}}
    assert one(component, {"who": {"name": "Alice", "age": 24}}) == "Alice"
    component = {"type": "List", "bindingToShowInSummary": "who.age",
                 "dataModelBindings": {"name": "who.name", "age": "who.age"}}
    assert one(component, {"who": {"name": "Alice", "age": 24}}) == "24"


def test_files_in_a_repeating_group_are_the_rows_own() -> None:
    files = [{"id": "f1", "dataType": "doc", "filename": "a.pdf"},
             {"id": "f2", "dataType": "doc", "filename": "b.pdf"},
             {"id": "f3", "dataType": "other", "filename": "c.pdf"}]
    components = [
        {"id": "g", "type": "RepeatingGroup", "dataModelBindings": {"group": "rows"},
         "children": ["doc"]},
        {"id": "doc", "type": "FileUpload", "dataModelBindings": {"simpleBinding": "rows.file"}},
    ]
    data = {"rows": [{"file": "f1"}, {"file": "f2"}]}
    assert display(components, data, "doc", rows=(1,), data_elements=files) == "b.pdf"
    assert display([{"id": "doc", "type": "FileUploadWithTag"}], {}, "doc",
                   data_elements=files) == "a.pdf, b.pdf"
    assert display([{"id": "doc", "type": "FileUpload"}], {}, "doc") == ""


def test_a_component_in_a_row_is_read_in_that_row() -> None:
    components = [
        {"id": "g", "type": "RepeatingGroup", "dataModelBindings": {"group": "rows"},
         "children": ["amount"]},
        {"id": "amount", "type": "Input", "dataModelBindings": {"simpleBinding": "rows.n"},
         "formatting": {"number": {"thousandSeparator": " "}}},
    ]
    data = {"rows": [{"n": 1000}, {"n": 2500000}]}
    assert display(components, data, "amount", rows=(0,)) == "1 000"
    assert display(components, data, "amount", rows=(1,)) == "2 500 000"


def test_components_without_a_display_value_are_an_error() -> None:
    with pytest.raises(ExprError, match="does not have a displayValue"):
        one({"type": "Paragraph"}, {})
    with pytest.raises(ExprError, match="does not have a displayValue"):
        one({"type": "Group", "children": []}, {})


def test_hidden_components_have_no_display_value() -> None:
    component = {"type": "Input", "hidden": ["equals", ["dataModel", "v"], "x"],
                 "dataModelBindings": {"simpleBinding": "v"}}
    assert one(component, {"v": "x"}) is None
    assert one(component, {"v": "y"}) == "y"
