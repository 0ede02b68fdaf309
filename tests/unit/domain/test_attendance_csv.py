from __future__ import annotations

from datetime import date

import pytest

from yot_desktop.domain.attendance_csv import (
    AttendanceParseResult,
    parse_attendance_csv,
    parse_attendance_value,
)
from yot_desktop.domain.enums import Attendance
from yot_desktop.domain.errors import ValidationError

TODAY = date(2024, 6, 10)
HEADER = "crime_reference,session_date,attendance,reason,evidence_received\n"


def parse(body: str, header: str = HEADER) -> AttendanceParseResult:
    return parse_attendance_csv(header + body, today=TODAY)


def test_good_rows() -> None:
    result = parse(
        "43/1,2024-06-03,attended,,\n"
        "43/1,10/06/2024,did_not_attend,Ill,yes\n"
        "43/2,2024-06-03,LATE,,no\n"
    )
    assert result.ok, result.problem_lines
    assert [(r.row, r.attendance, r.reason, r.evidence_received) for r in result.rows] == [
        (1, Attendance.ATTENDED, None, None),
        (2, Attendance.DID_NOT_ATTEND, "Ill", True),
        (3, Attendance.LATE, None, False),
    ]
    assert result.rows[1].session_date == date(2024, 6, 10)


def test_bom_case_insensitive_headers_only_required_and_unknown_column() -> None:
    text = "\ufeffAttendance,SESSION_DATE,Crime_Reference,Venue\nattended,2024-06-03,43/1,Office\n"
    result = parse_attendance_csv(text, today=TODAY)
    assert result.ok
    assert result.rows[0].crime_reference == "43/1"
    assert result.warnings == ("Column 'venue' is not used and was ignored",)


def test_missing_column() -> None:
    result = parse("43/1,2024-06-03\n", header="crime_reference,session_date\n")
    assert result.problem_lines == ("attendance: This column is missing. Add it to the file",)


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        (",2024-06-03,attended,,", "row 1: crime_reference: Enter the police crime reference"),
        ("43/1,,attended,,", "row 1: session_date: Enter the session date, like 14/03/2012"),
        ("43/1,3rd June,attended,,", "row 1: session_date: Enter a date like 14/03/2012"),
        (
            "43/1,2024-06-03,,,",
            "row 1: attendance: Enter one of attended, late, did_not_attend, "
            "cancelled_by_young_person, cancelled_by_service",
        ),
        (
            "43/1,2024-06-03,planned,,",
            "row 1: attendance: Enter one of attended, late, did_not_attend, "
            "cancelled_by_young_person, cancelled_by_service",
        ),
        ("43/1,2024-06-03,attended,,maybe", "row 1: evidence_received: Enter yes or no"),
        (
            "43/1,2024-06-11,attended,,",
            "row 1: session_date: Enter a session date that is today or earlier, like "
            "14/03/2012. Only a cancellation can be recorded ahead",
        ),
    ],
)
def test_bad_cells(line: str, problem: str) -> None:
    result = parse(line + "\n")
    assert result.problem_lines == (problem,)
    assert result.rows == ()


def test_future_cancellation_is_allowed() -> None:
    result = parse("43/1,2024-07-01,cancelled_by_service,Worker on leave,\n")
    assert result.ok


def test_same_session_twice_in_file() -> None:
    result = parse("43/1,2024-06-03,attended,,\n43/1,03/06/2024,late,,\n")
    assert result.problem_lines == (
        "row 2: session_date: 43/1 on 03/06/2024 is also on row 1. Give each session once",
    )
    assert [r.row for r in result.rows] == [1]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Did not attend", Attendance.DID_NOT_ATTEND),
        ("did-not-attend", Attendance.DID_NOT_ATTEND),
        ("CANCELLED_BY_YOUNG_PERSON", Attendance.CANCELLED_BY_YOUNG_PERSON),
        (" cancelled by service ", Attendance.CANCELLED_BY_SERVICE),
    ],
)
def test_attendance_value_spellings(text: str, expected: Attendance) -> None:
    assert parse_attendance_value(text) is expected


def test_rescheduled_is_not_a_register_value() -> None:
    with pytest.raises(ValidationError):
        parse_attendance_value("rescheduled")
