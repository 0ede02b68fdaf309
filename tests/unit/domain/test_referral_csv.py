from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal

import pytest

from yot_desktop.domain.enums import Gender, Unit
from yot_desktop.domain.ethnicity import NOT_STATED
from yot_desktop.domain.referral_csv import (
    OPTIONAL_COLUMNS,
    REQUIRED_COLUMNS,
    CsvProblem,
    ParseResult,
    parse_referral_csv,
)

TODAY = date(2024, 6, 10)
SCHEMES = {"WB", "WM"}
GOOD = {
    "crime_reference": "43/12345/24",
    "referral_date": "2024-06-03",
    "scheme": "WB",
    "referring_officer": "PC Jane Doe",
    "officer_email": "jane.doe@police.example.uk",
    "first_name": " Łukasz ",
    "last_name": "O'Brien",
    "date_of_birth": "14/03/2010",
    "gender": "male",
    "ethnicity": "W5",
    "address_line_1": "1 High Street",
    "address_line_2": "",
    "town": "Newbury",
    "postcode": "rg14 5ab",
    "parent_name": "Anna O'Brien",
    "parent_relationship": "Mother",
    "parent_phone": "07700 900123",
    "parent_email": "anna@example.com",
    "offence_date": "01/06/2024",
    "offence_location": "Victoria Park",
    "substance": "Cannabis",
    "quantity": "2.5",
    "unit": "g",
    "supply_suspected": "no",
    "notes": "",
}


def make_csv(rows: list[dict[str, str]], columns: list[str] | None = None) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns or list(GOOD), extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def parse(text: str) -> ParseResult:
    return parse_referral_csv(text, today=TODAY, known_scheme_codes=SCHEMES)


def with_(**changes: str) -> dict[str, str]:
    return GOOD | changes


def test_good_row_is_fully_typed() -> None:
    result = parse(make_csv([GOOD]))
    assert result.ok
    assert result.warnings == ()
    (ref,) = result.referrals
    assert ref.row == 1
    assert ref.crime_reference == "43/12345/24"
    assert ref.referral_date == date(2024, 6, 3)
    assert ref.scheme_code == "WB"
    assert ref.first_name == "Łukasz"
    assert ref.date_of_birth == date(2010, 3, 14)
    assert ref.gender is Gender.MALE
    assert ref.ethnicity.label == "Other White"
    assert ref.address_line_2 is None
    assert ref.postcode == "RG14 5AB"
    assert ref.parent_phone == "07700 900123"
    assert ref.offence_date == date(2024, 6, 1)
    assert ref.substance == "Cannabis"
    assert ref.quantity == Decimal("2.5")
    assert ref.unit is Unit.G
    assert ref.supply_suspected is False
    assert ref.notes is None


def test_only_required_columns_is_enough() -> None:
    result = parse(make_csv([GOOD], list(REQUIRED_COLUMNS)))
    assert result.ok, result.problem_lines
    (ref,) = result.referrals
    assert ref.gender is Gender.NOT_KNOWN
    assert ref.ethnicity == NOT_STATED
    assert ref.parent_name is None
    assert ref.officer_email is None


def test_bom_and_case_insensitive_headers_in_any_order() -> None:
    columns = list(reversed(GOOD))
    text = make_csv([GOOD], columns)
    header, _, body = text.partition("\r\n")
    text = "\ufeff" + header.upper().replace("CRIME_REFERENCE", " Crime_Reference ") + "\r\n" + body
    result = parse(text)
    assert result.ok, result.problem_lines
    assert result.referrals[0].crime_reference == "43/12345/24"


def test_unknown_column_warns_but_is_ignored() -> None:
    result = parse(make_csv([GOOD | {"shoe_size": "5"}], [*GOOD, "shoe_size"]))
    assert result.ok
    assert result.warnings == ("Column 'shoe_size' is not used and was ignored",)


def test_missing_required_columns_are_file_errors() -> None:
    columns = [c for c in GOOD if c not in {"postcode", "unit"}]
    result = parse(make_csv([GOOD], columns))
    assert result.referrals == ()
    assert result.problem_lines == (
        "postcode: This column is missing. Add it to the file",
        "unit: This column is missing. Add it to the file",
    )


def test_repeated_column_is_an_error() -> None:
    text = make_csv([GOOD]).replace("notes", "town", 1)
    result = parse(text)
    assert CsvProblem(None, "town", "This column appears more than once") in result.problems


@pytest.mark.parametrize("text", ["", "\ufeff", "\n\n"])
def test_empty_file(text: str) -> None:
    result = parse(text)
    assert result.problem_lines == ("The file is empty: it needs a header row",)


def test_header_only() -> None:
    result = parse(make_csv([]))
    assert result.problem_lines == ("The file has a header row but no data rows",)


def test_blank_rows_are_skipped_but_counted() -> None:
    text = make_csv([GOOD, dict.fromkeys(GOOD, ""), with_(crime_reference="X2", quantity="lots")])
    result = parse(text)
    assert result.problem_lines == (
        "row 3: quantity: Enter the quantity as a number, 0 or more, like 2.5",
    )
    assert [r.row for r in result.referrals] == [1]


def test_extra_cells_are_an_error() -> None:
    text = make_csv([GOOD]).rstrip("\r\n") + ",surprise\r\n"
    result = parse(text)
    assert result.problem_lines == ("row 1: This row has more cells than the header has columns",)
    assert result.referrals == ()


def test_duplicate_crime_reference_in_file() -> None:
    text = make_csv([GOOD, with_(first_name="Other"), with_(crime_reference="43/12345/25")])
    result = parse(text)
    assert result.problem_lines == (
        "row 2: crime_reference: 43/12345/24 is also on row 1. "
        "Each referral needs its own crime reference",
    )
    assert [r.row for r in result.referrals] == [1, 3]


def test_unknown_scheme() -> None:
    result = parse(make_csv([with_(scheme="XX")]))
    assert result.problem_lines == (
        "row 1: scheme: There is no scheme with the code XX. Schemes: WB, WM",
    )


def test_scheme_code_case_insensitive() -> None:
    result = parse(make_csv([with_(scheme="wm")]))
    assert result.referrals[0].scheme_code == "WM"


@pytest.mark.parametrize("column", REQUIRED_COLUMNS)
def test_every_required_column_blank(column: str) -> None:
    result = parse(make_csv([with_(**{column: "  "})]))
    assert result.referrals == ()
    assert len(result.problems) == 1
    assert result.problems[0].row == 1
    assert result.problems[0].column == column
    assert result.problems[0].message.startswith("Enter ")


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("referral_date", "3 June 2024", "Enter a date like 14/03/2012"),
        (
            "referral_date",
            "2024-06-11",
            "Enter a referral date that is today or earlier, like 14/03/2012",
        ),
        (
            "officer_email",
            "jane.doe",
            "Enter an email address in the right format, like name@example.com",
        ),
        ("date_of_birth", "31/02/2010", "Enter a real date, like 14/03/2012"),
        ("date_of_birth", "2024-06-10", "Enter a date of birth in the past, like 14/03/2012"),
        ("gender", "boy", "Enter female, male, other or not known, or leave it blank"),
        (
            "ethnicity",
            "Martian",
            "Enter an ONS 2021 ethnic group, like Indian or A3, or leave it blank",
        ),
        ("postcode", "RG14", "Enter a real UK postcode, like RG14 5AB"),
        ("parent_phone", "12345", "Enter a UK phone number, like 07700 900123 or 0118 496 0000"),
        (
            "parent_email",
            "anna@",
            "Enter an email address in the right format, like name@example.com",
        ),
        ("offence_date", "2024/06/01", "Enter a date like 14/03/2012"),
        ("offence_date", "2024-06-04", "Enter an offence date on or before the referral date"),
        ("offence_date", "2009-01-01", "Enter an offence date after the date of birth"),
        ("quantity", "-1", "Enter the quantity as a number, 0 or more, like 2.5"),
        ("quantity", "NaN", "Enter the quantity as a number, 0 or more, like 2.5"),
        ("unit", "kg", "Enter one of g, mg, tablets, ml, wraps, items"),
        ("supply_suspected", "perhaps", "Enter yes or no"),
    ],
)
def test_bad_cell(column: str, value: str, message: str) -> None:
    result = parse(make_csv([with_(**{column: value})]))
    assert result.problem_lines == (f"row 1: {column}: {message}",)
    assert result.referrals == ()


def test_offence_in_future() -> None:
    row = with_(referral_date="2024-06-20", offence_date="2024-06-15")
    lines = parse(make_csv([row])).problem_lines
    assert (
        "row 1: offence_date: Enter an offence date that is today or earlier, like 14/03/2012"
        in lines
    )


def test_parent_contact_without_name() -> None:
    result = parse(make_csv([with_(parent_name="")]))
    assert result.problem_lines == (
        "row 1: parent_name: Enter the parent or carer's name, as their contact details are given",
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Female", Gender.FEMALE),
        ("OTHER", Gender.OTHER),
        ("not  known", Gender.NOT_KNOWN),
        ("", Gender.NOT_KNOWN),
    ],
)
def test_gender_values(value: str, expected: Gender) -> None:
    assert parse(make_csv([with_(gender=value)])).referrals[0].gender is expected


@pytest.mark.parametrize(("value", "code"), [("indian", "A3"), ("b2", "B2"), ("", "NS")])
def test_ethnicity_label_or_code(value: str, code: str) -> None:
    assert parse(make_csv([with_(ethnicity=value)])).referrals[0].ethnicity.code == code


@pytest.mark.parametrize(
    ("value", "expected"), [("YES", True), ("y", True), ("true", True), ("N", False)]
)
def test_supply_values(value: str, expected: bool) -> None:
    assert (
        parse(make_csv([with_(supply_suspected=value)])).referrals[0].supply_suspected is expected
    )


def test_unit_case_insensitive_and_mg() -> None:
    ref = parse(make_csv([with_(unit="MG", quantity="300")])).referrals[0]
    assert ref.unit is Unit.MG
    assert ref.quantity == Decimal(300)


def test_every_problem_in_a_row_is_listed() -> None:
    row = with_(postcode="nope", quantity="x", unit="kg", first_name="")
    result = parse(make_csv([row, with_(crime_reference="B", supply_suspected="?")]))
    assert [str(p) for p in result.problems] == [
        "row 1: first_name: Enter the young person's first name",
        "row 1: postcode: Enter a real UK postcode, like RG14 5AB",
        "row 1: quantity: Enter the quantity as a number, 0 or more, like 2.5",
        "row 1: unit: Enter one of g, mg, tablets, ml, wraps, items",
        "row 2: supply_suspected: Enter yes or no",
    ]


def test_unclosed_quote_is_reported_not_raised() -> None:
    text = make_csv([GOOD]) + '"43/1,2024-06-03\n'
    result = parse(text)
    assert result.referrals == ()
    assert result.problem_lines == (
        "Line 3 of the file is not valid CSV (unexpected end of data). "
        "Check the quote marks on that line",
    )


def test_quoted_commas_and_newlines_are_fine() -> None:
    result = parse(make_csv([with_(notes="Found at 3pm, near the park.\nMother present.")]))
    assert result.ok
    assert result.referrals[0].notes == "Found at 3pm, near the park.\nMother present."


def test_columns_lists_are_the_interface() -> None:
    assert set(REQUIRED_COLUMNS) | set(OPTIONAL_COLUMNS) == set(GOOD)
