"""Reading the police referral CSV (shared/INTERFACES.md) from text, row by row.

The parser checks everything it can without a database and reports every problem as
`row N: column: message`. It never stops at the first problem: staff fix a file once.
The caller decides what to import (all or nothing).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TypeVar

from yot_desktop.domain.enums import Gender, Unit
from yot_desktop.domain.errors import FieldProblem, ValidationError
from yot_desktop.domain.ethnicity import NOT_STATED, Ethnicity, find_ethnicity
from yot_desktop.domain.validation import (
    ADDRESS_LINE_MAX,
    CARER_NAME_MAX,
    CRIME_REFERENCE_MAX,
    DATE_EXAMPLE,
    EDGE_SPACE,
    FREE_TEXT_MAX,
    NAME_MAX,
    OFFICER_MAX,
    PLACE_MAX,
    RELATIONSHIP_MAX,
    SUBSTANCE_MAX,
    TOWN_MAX,
    check_date_of_birth,
    check_not_future,
    check_text,
    is_plain,
    normalise_postcode,
    normalise_uk_phone,
    parse_date,
    parse_quantity,
    parse_yes_no,
    text_problem,
    validate_email,
)

T = TypeVar("T")


@dataclass(frozen=True)
class CsvProblem:
    """One problem; `row` is None for the file as a whole (e.g. a missing column)."""

    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        parts = ([f"row {self.row}"] if self.row is not None else []) + (
            [self.column] if self.column else []
        )
        return ": ".join([*parts, self.message])


@dataclass(frozen=True)
class CsvTable:
    """A parsed CSV: folded header names and the data records, numbered from 1."""

    columns: tuple[str, ...]
    rows: tuple[tuple[int, dict[str, str]], ...]


class TooManyRows(Exception):
    """The file has more data rows than `max_rows`: reading stopped at the first one over."""

    def __init__(self, max_rows: int) -> None:
        super().__init__(f"more than {max_rows} rows")
        self.max_rows = max_rows


def read_table(
    source: str | Iterable[str],
    required: Sequence[str],
    optional: Sequence[str],
    *,
    max_rows: int | None = None,
) -> tuple[CsvTable | None, list[CsvProblem], list[str]]:
    """Split the file into records keyed by lower-case column name.

    `source` is the whole text, or its lines as they are read (a file opened with
    `newline=""`): records are taken one at a time, so only the cells are ever held, never
    the text beside them. A file with more than `max_rows` data records raises `TooManyRows`
    at the first one over, without reading the rest.

    Returns the table (None if unusable), file-level problems and warnings.
    Rows with every cell blank are skipped but still counted, so row numbers
    match the file.
    """
    problems: list[CsvProblem] = []
    warnings: list[str] = []
    if isinstance(source, str):
        # A spreadsheet saved as "CSV UTF-8" starts with a byte order mark.
        source = io.StringIO(source.removeprefix("\ufeff"), newline="")
    reader = csv.reader(source, strict=True)
    try:
        first = next(reader, None)
        if first is not None and first and first[0].startswith("\ufeff"):
            first[0] = first[0].removeprefix("\ufeff")
        if first is None or not any(cell.strip() for cell in first):
            problems.append(CsvProblem(None, None, "The file is empty: it needs a header row"))
            return None, problems, warnings
        header = [cell.strip().casefold() for cell in first]
        known = set(required) | set(optional)
        seen: set[str] = set()
        for name in header:
            if name in seen:
                problems.append(CsvProblem(None, name, "This column appears more than once"))
            seen.add(name)
            if name and name not in known:
                warnings.append(f"Column {name!r} is not used and was ignored")
        for name in required:
            if name not in seen:
                problems.append(
                    CsvProblem(None, name, "This column is missing. Add it to the file")
                )
        if problems:
            return None, problems, warnings
        rows: list[tuple[int, dict[str, str]]] = []
        for number, record in enumerate(reader, start=1):
            if max_rows is not None and number > max_rows:
                raise TooManyRows(max_rows)
            if not any(cell.strip() for cell in record):
                continue
            if len(record) > len(header) and any(c.strip() for c in record[len(header) :]):
                problems.append(
                    CsvProblem(number, None, "This row has more cells than the header has columns")
                )
            values = {name: "" for name in known}
            for name, cell in zip(header, record, strict=False):
                if name in known:
                    # Not str.strip(): it also removes some control characters (U+001C to
                    # U+001F, U+0085), which the row checker must see to refuse.
                    values[name] = cell.strip(EDGE_SPACE)
            rows.append((number, values))
    except csv.Error as exc:
        # Strict mode: a stray quote mark would otherwise swallow the rows after it.
        problems.append(
            CsvProblem(
                None,
                None,
                f"Line {reader.line_num} of the file is not valid CSV ({exc}). "
                "Check the quote marks on that line",
            )
        )
        return None, problems, warnings
    if not rows:
        problems.append(CsvProblem(None, None, "The file has a header row but no data rows"))
    return CsvTable(tuple(header), tuple(rows)), problems, warnings


class RowChecker:
    """Collects the problems of one row while parsing its cells."""

    def __init__(self, row: int, values: dict[str, str], problems: list[CsvProblem]) -> None:
        self.row = row
        self.values = values
        self.problems = problems

    def add(self, column: str, message: str) -> None:
        self.problems.append(CsvProblem(self.row, column, message))

    def text(self, column: str, required: bool = False, what: str = "") -> str | None:
        value = self.values.get(column, "")
        if value:
            limit, multi_line = TEXT_COLUMNS.get(column, (FREE_TEXT_MAX, False))
            problem = text_problem(value, column, limit, multi_line=multi_line)
            if problem is not None:
                self.add(column, problem.message)
                return None
            return check_text(value, column, limit, multi_line=multi_line)
        if required:
            self.add(column, f"Enter {what or 'a value'}")
        return None

    def parse(self, column: str, parser: Callable[[str, str], T], required: bool) -> T | None:
        """Run a validation parser on a cell, recording its message on failure."""
        value = self.values.get(column, "")
        if not value:
            if required:
                self.add(column, _MISSING.get(column, "Enter a value"))
            return None
        if not is_plain(value):
            problem = text_problem(value, column, len(value))
            self.add(column, problem.message if problem else "Remove the control characters")
            return None
        try:
            return parser(value, column)
        except ValidationError as exc:
            for p in exc.problems:
                self.add(column, p.message)
            return None


# Free-text columns of both CSV formats: (longest value, may hold line breaks).
TEXT_COLUMNS = {
    "crime_reference": (CRIME_REFERENCE_MAX, False),
    "referring_officer": (OFFICER_MAX, False),
    "first_name": (NAME_MAX, False),
    "last_name": (NAME_MAX, False),
    "address_line_1": (ADDRESS_LINE_MAX, False),
    "address_line_2": (ADDRESS_LINE_MAX, False),
    "town": (TOWN_MAX, False),
    "parent_name": (CARER_NAME_MAX, False),
    "parent_relationship": (RELATIONSHIP_MAX, False),
    "offence_location": (PLACE_MAX, False),
    "substance": (SUBSTANCE_MAX, False),
    "notes": (FREE_TEXT_MAX, True),
    "reason": (FREE_TEXT_MAX, True),
}

_MISSING = {
    "referral_date": f"Enter the referral date, like {DATE_EXAMPLE}",
    "offence_date": f"Enter the offence date, like {DATE_EXAMPLE}",
    "date_of_birth": f"Enter the date of birth, like {DATE_EXAMPLE}",
    "session_date": f"Enter the session date, like {DATE_EXAMPLE}",
    "postcode": "Enter the postcode, like RG14 5AB",
    "quantity": "Enter the quantity as a number, like 2.5",
    "unit": "Enter the unit: " + ", ".join(u.value for u in Unit),
    "supply_suspected": "Enter yes or no",
    "scheme": "Enter the scheme code, like WB",
    "attendance": "Enter one of attended, late, did_not_attend, cancelled_by_young_person, "
    "cancelled_by_service",
}

REQUIRED_COLUMNS = (
    "crime_reference",
    "referral_date",
    "scheme",
    "referring_officer",
    "first_name",
    "last_name",
    "date_of_birth",
    "address_line_1",
    "postcode",
    "offence_date",
    "substance",
    "quantity",
    "unit",
    "supply_suspected",
)
OPTIONAL_COLUMNS = (
    "officer_email",
    "gender",
    "ethnicity",
    "address_line_2",
    "town",
    "parent_name",
    "parent_relationship",
    "parent_phone",
    "parent_email",
    "offence_location",
    "notes",
)

_GENDERS = {g.value: g for g in Gender} | {"not_known": Gender.NOT_KNOWN}


@dataclass(frozen=True)
class ParsedReferral:
    row: int
    crime_reference: str
    referral_date: date
    scheme_code: str
    referring_officer: str
    officer_email: str | None
    first_name: str
    last_name: str
    date_of_birth: date
    gender: Gender
    ethnicity: Ethnicity
    address_line_1: str
    address_line_2: str | None
    town: str | None
    postcode: str
    parent_name: str | None
    parent_relationship: str | None
    parent_phone: str | None
    parent_email: str | None
    offence_date: date
    offence_location: str | None
    substance: str
    quantity: Decimal
    unit: Unit
    supply_suspected: bool
    notes: str | None


@dataclass(frozen=True)
class ParseResult:
    referrals: tuple[ParsedReferral, ...]
    problems: tuple[CsvProblem, ...]
    warnings: tuple[str, ...]
    # Every data record's cells as read (row number, column -> cell), for a row-by-row preview.
    records: tuple[tuple[int, dict[str, str]], ...] = ()

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def problem_lines(self) -> tuple[str, ...]:
        return tuple(str(p) for p in self.problems)


def _fail(field: str, message: str) -> ValidationError:
    return ValidationError(FieldProblem(field, message))


def _parse_unit(text: str, field: str) -> Unit:
    try:
        return Unit(text.casefold())
    except ValueError:
        raise _fail(field, "Enter one of " + ", ".join(u.value for u in Unit)) from None


def _parse_gender(text: str, field: str) -> Gender:
    gender = _GENDERS.get(" ".join(text.casefold().split()))
    if gender is None:
        raise _fail(field, "Enter female, male, other or not known, or leave it blank")
    return gender


def _parse_ethnicity(text: str, field: str) -> Ethnicity:
    found = find_ethnicity(text)
    if found is None:
        raise _fail(field, "Enter an ONS 2021 ethnic group, like Indian or A3, or leave it blank")
    return found


def _scheme_parser(known: Collection[str]) -> Callable[[str, str], str]:
    by_key = {code.casefold(): code for code in known}

    def parse(text: str, field: str) -> str:
        code = by_key.get(text.casefold())
        if code is None:
            listed = ", ".join(sorted(known)) or "none set up yet"
            shown = text if len(text) <= 20 else text[:20] + "…"
            raise _fail(field, f"There is no scheme with the code {shown}. Schemes: {listed}")
        return code

    return parse


def parse_referral_csv(
    source: str | Iterable[str],
    *,
    today: date,
    known_scheme_codes: Collection[str],
    max_rows: int | None = None,
) -> ParseResult:
    """Parse the whole file (its text, or its lines as read: see `read_table`).
    `referrals` holds only rows without problems."""
    table, problems, warnings = read_table(
        source, REQUIRED_COLUMNS, OPTIONAL_COLUMNS, max_rows=max_rows
    )
    if table is None:
        return ParseResult((), tuple(problems), tuple(warnings))
    parse_scheme = _scheme_parser(known_scheme_codes)
    first_row_of: dict[str, int] = {}
    referrals: list[ParsedReferral] = []
    for number, values in table.rows:
        before = len(problems)
        check = RowChecker(number, values, problems)
        crime_ref = check.text("crime_reference", True, "the police crime reference")
        if crime_ref is not None:
            key = crime_ref.casefold()
            if key in first_row_of:
                check.add(
                    "crime_reference",
                    f"{crime_ref} is also on row {first_row_of[key]}. "
                    "Each referral needs its own crime reference",
                )
            else:
                first_row_of[key] = number
        referral_date = check.parse("referral_date", parse_date, True)
        if referral_date is not None and referral_date > today:
            check.add(
                "referral_date",
                f"Enter a referral date that is today or earlier, like {DATE_EXAMPLE}",
            )
            referral_date = None
        scheme = check.parse("scheme", parse_scheme, True)
        officer = check.text("referring_officer", True, "the referring officer's name")
        officer_email = check.parse("officer_email", validate_email, False)
        first = check.text("first_name", True, "the young person's first name")
        last = check.text("last_name", True, "the young person's last name")
        dob = check.parse("date_of_birth", parse_date, True)
        if dob is not None:
            dob = _checked(check, "date_of_birth", lambda d: check_date_of_birth(d, today), dob)
        gender = check.parse("gender", _parse_gender, False) or Gender.NOT_KNOWN
        ethnicity = check.parse("ethnicity", _parse_ethnicity, False) or NOT_STATED
        line_1 = check.text("address_line_1", True, "the first line of the address")
        postcode = check.parse("postcode", normalise_postcode, True)
        parent_name = check.text("parent_name")
        parent_phone = check.parse("parent_phone", normalise_uk_phone, False)
        parent_email = check.parse("parent_email", validate_email, False)
        parent_relationship = check.text("parent_relationship")
        if not values["parent_name"] and (values["parent_phone"] or values["parent_email"]):
            check.add(
                "parent_name",
                "Enter the parent or carer's name, as their contact details are given",
            )
        offence_date = check.parse("offence_date", parse_date, True)
        if offence_date is not None:
            offence_date = _check_offence_date(check, offence_date, referral_date, dob, today)
        substance = check.text("substance", True, "the substance, like cannabis")
        quantity = check.parse("quantity", parse_quantity, True)
        unit = check.parse("unit", _parse_unit, True)
        supply = check.parse("supply_suspected", parse_yes_no, True)
        # A required value is None only when its problem was recorded above.
        if (
            len(problems) > before
            or crime_ref is None
            or referral_date is None
            or scheme is None
            or officer is None
            or first is None
            or last is None
            or dob is None
            or line_1 is None
            or postcode is None
            or offence_date is None
            or substance is None
            or quantity is None
            or unit is None
            or supply is None
        ):
            continue
        referrals.append(
            ParsedReferral(
                row=number,
                crime_reference=crime_ref,
                referral_date=referral_date,
                scheme_code=scheme,
                referring_officer=officer,
                officer_email=officer_email,
                first_name=first,
                last_name=last,
                date_of_birth=dob,
                gender=gender,
                ethnicity=ethnicity,
                address_line_1=line_1,
                address_line_2=check.text("address_line_2"),
                town=check.text("town"),
                postcode=postcode,
                parent_name=parent_name,
                parent_relationship=parent_relationship,
                parent_phone=parent_phone,
                parent_email=parent_email,
                offence_date=offence_date,
                offence_location=check.text("offence_location"),
                substance=substance,
                quantity=quantity,
                unit=unit,
                supply_suspected=supply,
                notes=check.text("notes"),
            )
        )
    bad_rows = {p.row for p in problems}
    clean = tuple(r for r in referrals if r.row not in bad_rows)
    return ParseResult(clean, tuple(problems), tuple(warnings), table.rows)


def _checked(
    check: RowChecker, column: str, rule: Callable[[date], date], value: date
) -> date | None:
    try:
        return rule(value)
    except ValidationError as exc:
        for p in exc.problems:
            check.add(column, p.message)
        return None


def _check_offence_date(
    check: RowChecker,
    offence: date,
    referral: date | None,
    dob: date | None,
    today: date,
) -> date | None:
    column = "offence_date"
    if (
        _checked(
            check, column, lambda d: check_not_future(d, today, column, "offence date"), offence
        )
        is None
    ):
        return None
    if referral is not None and offence > referral:
        check.add(column, "Enter an offence date on or before the referral date")
        return None
    if dob is not None and offence < dob:
        check.add(column, "Enter an offence date after the date of birth")
        return None
    return offence
