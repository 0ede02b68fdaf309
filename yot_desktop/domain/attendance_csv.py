"""Reading a provider's attendance register CSV (shared/INTERFACES.md) from text.

Matching each row to a scheduled session needs the database, so services do it;
this module checks the cells and repeats within the file.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from yot_desktop.domain.enums import Attendance
from yot_desktop.domain.errors import FieldProblem, ValidationError
from yot_desktop.domain.referral_csv import CsvProblem, RowChecker, read_table
from yot_desktop.domain.validation import DATE_EXAMPLE, parse_date, parse_yes_no

REQUIRED_COLUMNS = ("crime_reference", "session_date", "attendance")
OPTIONAL_COLUMNS = ("reason", "evidence_received")

# What a register may report; planned and rescheduled are the service's own states.
REGISTER_VALUES = (
    Attendance.ATTENDED,
    Attendance.LATE,
    Attendance.DID_NOT_ATTEND,
    Attendance.CANCELLED_BY_YOUNG_PERSON,
    Attendance.CANCELLED_BY_SERVICE,
)
# Only these say the session happened (or should have); a cancellation may be ahead.
_NOT_IN_FUTURE = frozenset({Attendance.ATTENDED, Attendance.LATE, Attendance.DID_NOT_ATTEND})


@dataclass(frozen=True)
class ParsedAttendance:
    row: int
    crime_reference: str
    session_date: date
    attendance: Attendance
    reason: str | None
    evidence_received: bool | None


@dataclass(frozen=True)
class AttendanceParseResult:
    rows: tuple[ParsedAttendance, ...]
    problems: tuple[CsvProblem, ...]
    warnings: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def problem_lines(self) -> tuple[str, ...]:
        return tuple(str(p) for p in self.problems)


def parse_attendance_value(text: str, field: str = "attendance") -> Attendance:
    """'Did not attend', 'did-not-attend' and 'did_not_attend' all mean the same."""
    key = "_".join(text.casefold().replace("-", " ").split())
    for value in REGISTER_VALUES:
        if value.value == key:
            return value
    raise ValidationError(
        FieldProblem(field, "Enter one of " + ", ".join(v.value for v in REGISTER_VALUES))
    )


def parse_attendance_csv(
    source: str | Iterable[str], *, today: date, max_rows: int | None = None
) -> AttendanceParseResult:
    """Parse the whole register (its text, or its lines as read: see `read_table`).
    `rows` holds only rows without problems."""
    table, problems, warnings = read_table(
        source, REQUIRED_COLUMNS, OPTIONAL_COLUMNS, max_rows=max_rows
    )
    if table is None:
        return AttendanceParseResult((), tuple(problems), tuple(warnings))
    first_row_of: dict[tuple[str, date], int] = {}
    parsed: list[ParsedAttendance] = []
    for number, values in table.rows:
        before = len(problems)
        check = RowChecker(number, values, problems)
        crime_ref = check.text("crime_reference", True, "the police crime reference")
        session_date = check.parse("session_date", parse_date, True)
        attendance = check.parse("attendance", parse_attendance_value, True)
        reason = check.text("reason")
        evidence = check.parse("evidence_received", parse_yes_no, False)
        if session_date is not None and attendance in _NOT_IN_FUTURE and session_date > today:
            check.add(
                "session_date",
                f"Enter a session date that is today or earlier, like {DATE_EXAMPLE}. "
                "Only a cancellation can be recorded ahead",
            )
        if crime_ref is not None and session_date is not None:
            key = (crime_ref.casefold(), session_date)
            if key in first_row_of:
                check.add(
                    "session_date",
                    f"{crime_ref} on {session_date:%d/%m/%Y} is also on row "
                    f"{first_row_of[key]}. Give each session once",
                )
            else:
                first_row_of[key] = number
        if (
            len(problems) > before
            or crime_ref is None
            or session_date is None
            or attendance is None
        ):
            continue
        parsed.append(
            ParsedAttendance(number, crime_ref, session_date, attendance, reason, evidence)
        )
    bad_rows = {p.row for p in problems}
    clean = tuple(r for r in parsed if r.row not in bad_rows)
    return AttendanceParseResult(clean, tuple(problems), tuple(warnings))
