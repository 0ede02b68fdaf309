from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from yot_desktop.domain.errors import FieldProblem, ValidationError
from yot_desktop.domain.validation import (
    check_date_of_birth,
    check_not_future,
    normalise_postcode,
    normalise_uk_phone,
    parse_date,
    parse_quantity,
    parse_yes_no,
    validate_email,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("rg14 5ab", "RG14 5AB"),
        ("rg145ab", "RG14 5AB"),
        ("  RG14   5AB ", "RG14 5AB"),
        ("SL6 1AA", "SL6 1AA"),
        ("M1 1AE", "M1 1AE"),
        ("b338th", "B33 8TH"),
        ("CR2 6XH", "CR2 6XH"),
        ("DN55 1PT", "DN55 1PT"),
        ("W1A 0AX", "W1A 0AX"),
        ("EC1A 1BB", "EC1A 1BB"),
        ("gir 0aa", "GIR 0AA"),
    ],
)
def test_postcode_normalised(text: str, expected: str) -> None:
    assert normalise_postcode(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "RG14",
        "RG14 5A",
        "RG14 5ABC",
        "12345",
        "QA1 1AA",
        "RG14 5CI",
        "RG14-5AB",
        "ZZ",
        "V1 1AA",
    ],
)
def test_postcode_rejected(text: str) -> None:
    with pytest.raises(ValidationError) as info:
        normalise_postcode(text)
    assert info.value.problems == [
        FieldProblem("postcode", "Enter a real UK postcode, like RG14 5AB")
    ]


@given(st.from_regex(r"\A[A-PR-UWYZ][A-HK-Y][0-9]{2} [0-9][ABD-HJLNP-UW-Z]{2}\Z"))
def test_postcode_normalise_is_idempotent(postcode: str) -> None:
    once = normalise_postcode(postcode.lower().replace(" ", ""))
    assert once == postcode
    assert normalise_postcode(once) == once


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("07700900123", "07700 900123"),
        ("07700 900 123", "07700 900123"),
        ("+44 7700 900123", "07700 900123"),
        ("+447700900123", "07700 900123"),
        ("0044 7700 900123", "07700 900123"),
        ("(0118) 496 0000", "0118 496 0000"),
        ("0118-496-0000", "0118 496 0000"),
        ("+44 (0)118 496 0000", "0118 496 0000"),
        ("0121 496 0000", "0121 496 0000"),
        ("020 7946 0000", "020 7946 0000"),
        ("02079460000", "020 7946 0000"),
        ("029 2018 0000", "029 2018 0000"),
        ("01632 960123", "01632 960123"),
        ("01632960123", "01632 960123"),
        ("016977 2345", "01697 72345"),
        ("0300 123 4567", "0300 123 4567"),
        ("0800 123 4567", "0800 123 4567"),
    ],
)
def test_phone_normalised(text: str, expected: str) -> None:
    assert normalise_uk_phone(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "0770090012",
        "077009001234",
        "+33 1 23 45 67 89",
        "09098 123456",
        "07700 9OO123",
        "999",
        "hello",
    ],
)
def test_phone_rejected(text: str) -> None:
    with pytest.raises(ValidationError) as info:
        normalise_uk_phone(text, "parent_phone")
    problem = info.value.problems[0]
    assert problem.field == "parent_phone"
    assert problem.message.startswith("Enter a UK phone number, like 07700 900123")


@pytest.mark.parametrize("text", ["name@example.com", " a.b+c@school.sch.uk ", "Ołena@example.pl"])
def test_email_accepted(text: str) -> None:
    assert validate_email(text) == text.strip()


@pytest.mark.parametrize(
    "text", ["", "name", "name@", "@example.com", "a b@example.com", "a@b", "a@@b.com", "a@b..com"]
)
def test_email_rejected(text: str) -> None:
    with pytest.raises(ValidationError, match=r"like name@example\.com"):
        validate_email(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2012-03-14", date(2012, 3, 14)),
        ("14/03/2012", date(2012, 3, 14)),
        ("4/3/2012", date(2012, 3, 4)),
        (" 29/02/2012 ", date(2012, 2, 29)),
    ],
)
def test_parse_date(text: str, expected: date) -> None:
    assert parse_date(text, "date_of_birth") == expected


@pytest.mark.parametrize(
    "text", ["", "14-03-2012", "2012/03/14", "14.03.2012", "14/03/12", "March 14 2012", "20120314"]
)
def test_parse_date_wrong_format(text: str) -> None:
    with pytest.raises(ValidationError) as info:
        parse_date(text, "offence_date")
    assert info.value.problems == [FieldProblem("offence_date", "Enter a date like 14/03/2012")]


@pytest.mark.parametrize("text", ["31/02/2012", "2013-02-29", "00/01/2012", "01/13/2012"])
def test_parse_date_impossible_date(text: str) -> None:
    with pytest.raises(ValidationError, match="Enter a real date, like 14/03/2012"):
        parse_date(text, "offence_date")


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))
def test_parse_date_round_trips_both_formats(value: date) -> None:
    assert parse_date(value.isoformat(), "d") == value
    assert parse_date(value.strftime("%d/%m/%Y"), "d") == value


def test_date_checks() -> None:
    today = date(2024, 6, 1)
    assert check_not_future(today, today, "offence_date", "offence date") == today
    with pytest.raises(
        ValidationError, match=r"^offence_date: Enter an offence date that is today or earlier"
    ):
        check_not_future(date(2024, 6, 2), today, "offence_date", "offence date")
    with pytest.raises(ValidationError, match="Enter a date of birth in the past, like 14/03/2012"):
        check_date_of_birth(today, today)
    assert check_date_of_birth(date(2012, 3, 14), today) == date(2012, 3, 14)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("yes", True), ("Y", True), ("TRUE", True), (" no ", False), ("n", False), ("False", False)],
)
def test_parse_yes_no(text: str, expected: bool) -> None:
    assert parse_yes_no(text, "supply_suspected") is expected


@pytest.mark.parametrize("text", ["", "maybe", "1", "0", "yes please"])
def test_parse_yes_no_rejected(text: str) -> None:
    with pytest.raises(ValidationError, match="Enter yes or no"):
        parse_yes_no(text, "supply_suspected")


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2.5", Decimal("2.5")), ("0", Decimal(0)), (" 10 ", Decimal(10)), ("-0", Decimal(0))],
)
def test_parse_quantity(text: str, expected: Decimal) -> None:
    value = parse_quantity(text)
    assert value == expected
    assert not value.is_signed()


@pytest.mark.parametrize("text", ["", "-1", "-0.01", "NaN", "Infinity", "-inf", "two", "1,5", "2g"])
def test_parse_quantity_rejected(text: str) -> None:
    with pytest.raises(ValidationError, match="number, 0 or more"):
        parse_quantity(text)
