"""Bad input (issue 7): the text policy's properties, and both CSV parsers given hostile
cells in every column. A parser lists each problem naming the column; it never raises."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from sqlalchemy import String

from tests.bad_input import (
    CONTROL,
    DOMAIN_PROFILE,
    NASTY,
    hostile_text,
    must_refuse,
    refused_char,
    stored_form,
)
from tests.unit.domain.test_referral_csv import GOOD as REFERRAL_ROW
from yot_desktop.domain import validation as v
from yot_desktop.domain.attendance_csv import AttendanceParseResult, parse_attendance_csv
from yot_desktop.domain.errors import FieldProblem, ValidationError
from yot_desktop.domain.referral_csv import (
    OPTIONAL_COLUMNS,
    REQUIRED_COLUMNS,
    TEXT_COLUMNS,
    ParseResult,
    parse_referral_csv,
)
from yot_desktop.domain.scheme import scheme_from_mapping
from yot_desktop.storage import models, models_delivery, models_intake  # noqa: F401
from yot_desktop.storage.models import Base

TODAY = date(2024, 6, 10)
LIMITS = st.sampled_from([8, 12, 40, 60, 100, 120, 200])


# --- the policy ------------------------------------------------------------------------------
@DOMAIN_PROFILE
@given(text=hostile_text, limit=LIMITS, multi_line=st.booleans())
@example(text="a\x00b", limit=200, multi_line=True)
@example(text="line\r\nbreak", limit=200, multi_line=True)
@example(text="x" * 41, limit=40, multi_line=False)
@example(text=" " + "x" * 40 + " ", limit=40, multi_line=False)
def test_text_is_kept_verbatim_or_refused_naming_the_field(
    text: str, limit: int, multi_line: bool
) -> None:
    problem = v.text_problem(text, "the field", limit, multi_line=multi_line)
    if must_refuse(text, limit, multi_line):
        assert problem is not None and problem.field == "the field"
        with pytest.raises(ValidationError) as err:
            v.check_text(text, "the field", limit, multi_line=multi_line)
        assert [p.field for p in err.value.problems] == ["the field"]
    else:
        assert problem is None
        assert v.check_text(text, "f", limit, multi_line=multi_line) == stored_form(
            text, multi_line
        )


@pytest.mark.parametrize(
    ("text", "multi_line", "words"),
    [
        ("a\x00b", False, "U+0000"),
        ("a\x00b", True, "U+0000"),
        ("a\nb", False, "one line"),
        ("a\tb", False, "tab"),
        ("a\u2028b", False, "one line"),
        ("a\x1bb", True, "Only line breaks and tabs"),
        ("x" * 41, False, "40 characters or fewer (it has 41)"),
    ],
)
def test_messages_say_what_to_do(text: str, multi_line: bool, words: str) -> None:
    problem = v.text_problem(text, "crime reference", 40, multi_line=multi_line)
    assert problem is not None and words in problem.message


def test_line_breaks_and_tabs_are_kept_in_free_text_and_trimmed_at_the_ends() -> None:
    assert v.check_text("  First.\r\n\tSecond.\r\n", "notes", 100, multi_line=True) == (
        "First.\n\tSecond."
    )
    assert v.check_text("\tSmith \n", "last name", 100) == "Smith"


@DOMAIN_PROFILE
@given(query=hostile_text)
def test_search_text_never_holds_a_character_the_database_refuses(query: str) -> None:
    cleaned = v.search_text(query)
    assert not refused_char(cleaned, multi_line=False)
    assert len(cleaned) <= 200
    assert v.search_text(cleaned) == cleaned
    # Quotes and wildcards are ordinary characters: kept for the query to match literally.
    for ch in "%_\\'\"":
        assert cleaned.count(ch) == query.strip().count(ch) or len(query.strip()) > 200


@pytest.mark.parametrize("text", ["RG14\x005AB", "rg14\x1f5ab", "RG14\n5AB"])
def test_postcodes_with_control_characters_are_refused(text: str) -> None:
    with pytest.raises(ValidationError, match="postcode"):
        v.normalise_postcode(text)


@pytest.mark.parametrize("text", ["07700\x00900123", "07700\x1f900123", "٠٧٧٠٠٩٠٠١٢٣"])
def test_phones_with_control_characters_or_other_digits_are_refused(text: str) -> None:
    with pytest.raises(ValidationError, match="phone"):
        v.normalise_uk_phone(text)


def test_emails_longer_than_the_column_are_refused() -> None:
    address = "a" * 190 + "@example.com"
    with pytest.raises(ValidationError, match="200 characters or fewer"):
        v.validate_email(address)
    with pytest.raises(ValidationError, match="right format"):
        v.validate_email("a\x00@example.com")


@pytest.mark.parametrize(
    ("text", "words"),
    [("1e999", "below 1,000,000,000"), ("1000000000", "below"), ("2.1255", "3 decimal places")],
)
def test_quantities_the_column_cannot_hold_are_refused(text: str, words: str) -> None:
    with pytest.raises(ValidationError, match=words):
        v.parse_quantity(text)
    assert v.parse_quantity("999999999.999") == Decimal("999999999.999")


# The domain's limits against the columns they guard: a change to either must change both.
GUARDED = {
    v.NAME_MAX: (
        "young_people.first_name",
        "young_people.last_name",
        "young_people.preferred_name",
    ),
    v.ADDRESS_LINE_MAX: ("young_people.address_line_1", "young_people.address_line_2"),
    v.TOWN_MAX: ("young_people.town",),
    v.SCHOOL_MAX: ("young_people.school",),
    v.LANGUAGE_MAX: ("young_people.first_language", "carers.preferred_language"),
    v.NRM_DECISION_MAX: ("young_people.nrm_decision",),
    v.CARER_NAME_MAX: ("carers.name",),
    v.RELATIONSHIP_MAX: ("carers.relationship_to_child",),
    v.EMAIL_MAX: ("carers.email", "referrals.officer_email", "teams.email"),
    v.CRIME_REFERENCE_MAX: ("referrals.crime_reference",),
    v.SCHEME_CODE_MAX: ("schemes.code",),
    v.OFFICER_MAX: ("referrals.referring_officer",),
    v.PLACE_MAX: ("referrals.offence_location", "sessions.venue_name"),
    v.SUBSTANCE_MAX: ("referrals.substance", "scheme_thresholds.substance"),
    v.PANEL_DECISION_MAX: ("referrals.panel_decision",),
    v.GIVEN_BY_MAX: ("consents.given_by",),
    v.LAWFUL_BASIS_MAX: ("consents.lawful_basis",),
    v.CLOSURE_REASON_MAX: ("team_closures.reason",),
    v.VENUE_NAME_MAX: ("venues.name",),
    v.LABEL_MAX: ("interventions.label", "programme_items.label"),
    v.PROVIDER_MAX: ("schemes.provider", "interventions.default_provider"),
    v.SCHEME_NAME_MAX: ("schemes.name",),
    v.AREA_MAX: ("schemes.area",),
    v.OUTCOME_CODE_MAX: ("schemes.outcome_code",),
    v.TEAM_NAME_MAX: ("teams.name",),
    v.DISPLAY_NAME_MAX: ("users.display_name",),
}


@pytest.mark.parametrize(
    ("limit", "column"), [(limit, c) for limit, cols in GUARDED.items() for c in cols]
)
def test_domain_limits_match_the_columns(limit: int, column: str) -> None:
    table, name = column.split(".")
    col = Base.metadata.tables[table].c[name]
    assert isinstance(col.type, String) and col.type.length == limit


# --- the police referral CSV -----------------------------------------------------------------
# The referral tests' good row, with every optional column filled in.
GOOD = REFERRAL_ROW | {"address_line_2": "Flat 2", "notes": "Seen by PC Doe."}
COLUMNS = REQUIRED_COLUMNS + OPTIONAL_COLUMNS
# Wrong types for the columns that are not free text.
WRONG = {
    "referral_date": ["2024-13-01", "31/02/2024", "yesterday", "2999-01-01", "0"],
    "date_of_birth": ["2024-06-11", "14/03/2010 10:00", "1e5"],
    "offence_date": ["2024-06-04", "1999-01-01", "--"],
    "scheme": ["ZZ", "WB; DROP TABLE schemes", "%"],
    "officer_email": ["not an email", "a@b", "x" * 200 + "@example.com"],
    "parent_email": ["@", "a b@example.com"],
    "parent_phone": ["12345", "+1 555 0100", "0770090012"],
    "gender": ["unknown", "M/F"],
    "ethnicity": ["Z9", "martian"],
    "postcode": ["RG14", "12345", "%"],
    "quantity": ["-1", "NaN", "Infinity", "1e999", "two", "2,5", "1.0001"],
    "unit": ["kg", "grams", "%"],
    "supply_suspected": ["maybe", "1", "%"],
}


def csv_of(row: dict[str, str]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(COLUMNS))
    writer.writeheader()
    writer.writerow(row)
    return out.getvalue()


def parse_one(column: str, value: str) -> tuple[ParseResult, list[str]]:
    result = parse_referral_csv(
        csv_of(GOOD | {column: value}), today=TODAY, known_scheme_codes={"WB", "WM"}
    )
    assert all(p.row == 1 for p in result.problems), result.problem_lines
    return result, [p.column or "" for p in result.problems]


def test_the_good_row_is_good() -> None:
    result, columns = parse_one("notes", GOOD["notes"])
    assert columns == []
    assert result.referrals[0].notes == GOOD["notes"]


@DOMAIN_PROFILE
@given(column=st.sampled_from(COLUMNS), value=hostile_text)
@example(column="first_name", value="'; DROP TABLE young_people; --")
@example(column="notes", value="a\x00b")
@example(column="crime_reference", value="")
def test_every_referral_column_takes_hostile_text_without_crashing(column: str, value: str) -> None:
    result, columns = parse_one(column, value)
    # Problems name this column; a date may also put the offence date out of order.
    assert set(columns) <= {column, "offence_date"}, columns
    rows = result.referrals
    assert len(rows) == (0 if columns else 1)
    if column in TEXT_COLUMNS:
        limit, multi_line = TEXT_COLUMNS[column]
        if must_refuse(value, limit, multi_line):
            assert columns == [column]
        elif stored_form(value, multi_line) and not columns:
            assert getattr(rows[0], column) == stored_form(value, multi_line)
    elif refused_char(value, multi_line=False):
        assert columns == [column]
    if column in REQUIRED_COLUMNS and not value.strip():
        assert columns == [column]


@pytest.mark.parametrize(("column", "value"), [(c, w) for c, ws in WRONG.items() for w in ws])
def test_wrong_types_are_listed_naming_the_column(column: str, value: str) -> None:
    _result, columns = parse_one(column, value)
    assert columns == [column]


@pytest.mark.parametrize("column", REQUIRED_COLUMNS)
def test_every_required_column_left_empty_is_named(column: str) -> None:
    _result, columns = parse_one(column, "")
    assert columns == [column]


@pytest.mark.parametrize("column", list(TEXT_COLUMNS))
def test_every_text_column_refuses_one_character_too_many(column: str) -> None:
    limit, _multi = TEXT_COLUMNS[column]
    if column == "reason":
        return  # the attendance register's column: tested below
    _result, columns = parse_one(column, "x" * limit)
    assert columns == []
    result, columns = parse_one(column, "x" * (limit + 1))
    assert columns == [column]
    assert f"{limit:,} characters or fewer" in result.problem_lines[0]


@DOMAIN_PROFILE
@given(st.text(st.one_of(CONTROL, st.sampled_from(',"\n\r'), st.characters()), max_size=300))
def test_any_file_at_all_is_parsed_or_explained(text: str) -> None:
    result = parse_referral_csv(text, today=TODAY, known_scheme_codes={"WB"})
    assert result.ok == (not result.problems)
    assert not (result.ok and not result.referrals) or not text.strip()


# --- the attendance register CSV -------------------------------------------------------------
ATTENDANCE = {
    "crime_reference": "43/1",
    "session_date": "2024-06-03",
    "attendance": "did_not_attend",
    "reason": "Ill",
    "evidence_received": "no",
}
ATTENDANCE_WRONG = {
    "session_date": ["2024-02-30", "2099-01-01", "today"],
    "attendance": ["present", "planned", "rescheduled", "%"],
    "evidence_received": ["perhaps", "2"],
}


def parse_register(column: str, value: str) -> tuple[AttendanceParseResult, list[str]]:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(ATTENDANCE))
    writer.writeheader()
    writer.writerow(ATTENDANCE | {column: value})
    result = parse_attendance_csv(out.getvalue(), today=TODAY)
    assert all(p.row == 1 for p in result.problems), result.problem_lines
    return result, [p.column or "" for p in result.problems]


@DOMAIN_PROFILE
@given(column=st.sampled_from(list(ATTENDANCE)), value=hostile_text)
@example(column="reason", value="line one\r\nline two")
@example(column="crime_reference", value="x" * 41)
def test_every_register_column_takes_hostile_text_without_crashing(column: str, value: str) -> None:
    result, columns = parse_register(column, value)
    assert set(columns) <= {column}, columns
    rows = result.rows
    assert len(rows) == (0 if columns else 1)
    if column in ("crime_reference", "reason"):
        limit, multi_line = TEXT_COLUMNS[column]
        if must_refuse(value, limit, multi_line):
            assert columns == [column]
        elif stored_form(value, multi_line):
            assert getattr(rows[0], column) == stored_form(value, multi_line)
    elif refused_char(value, multi_line=False):
        assert columns == [column]


@pytest.mark.parametrize(
    ("column", "value"), [(c, w) for c, ws in ATTENDANCE_WRONG.items() for w in ws]
)
def test_register_wrong_types_are_listed_naming_the_column(column: str, value: str) -> None:
    _result, columns = parse_register(column, value)
    assert columns == [column]


def test_nasty_strings_cover_the_classics() -> None:
    # The explicit list the service tests also use: injection, wildcards, NUL, overlong.
    assert {"'; DROP TABLE young_people; --", "%", "_", "\\", "\x00", "x" * 201} <= set(NASTY)


# --- scheme definitions (TOML) of any shape --------------------------------------------------
SCHEME_KEYS = [
    "code",
    "name",
    "area",
    "model",
    "outcome_code",
    "min_age",
    "max_age",
    "second_chance",
    "sessions_required",
    "assessment_required",
    "session_minutes",
    "complete_within_weeks",
    "absence_limit",
    "provider",
    "threshold",
]
any_value = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | hostile_text,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=12), inner),
    max_leaves=8,
)


@DOMAIN_PROFILE
@given(st.dictionaries(st.sampled_from(SCHEME_KEYS), any_value))
@example({"threshold": 5})
@example({"threshold": [{"substance": "x", "max_quantity": float("nan"), "unit": "g"}]})
@example({"min_age": 10**30, "name": "a\x00b"})
def test_scheme_tables_of_any_shape_are_checked_never_crash(data: dict[str, object]) -> None:
    problems: list[FieldProblem] = []
    try:
        rules = scheme_from_mapping(data)
    except ValidationError as err:
        problems = err.problems
    if problems:
        assert all(p.field and p.message for p in problems)
        return
    assert not refused_char(rules.name, multi_line=False) and len(rules.code) <= v.SCHEME_CODE_MAX
