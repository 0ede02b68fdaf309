"""Marking attendance, the follow-up date, and corrections that keep the old mark."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from yot_desktop.domain.attendance import (
    MARK_VALUES,
    AttendanceMark,
    correct_mark,
    evidence_applies,
    evidence_due_by,
    follow_up_due,
    make_mark,
    needs_follow_up,
    needs_reason,
)
from yot_desktop.domain.calendar import WorkingCalendar
from yot_desktop.domain.enums import Attendance
from yot_desktop.domain.errors import ValidationError

AT = datetime(2026, 3, 17, 17, 5)
CAL = WorkingCalendar()


def fields(err: pytest.ExceptionInfo[ValidationError]) -> list[str]:
    return [p.field for p in err.value.problems]


@pytest.mark.parametrize(
    ("value", "needed"),
    [
        (Attendance.ATTENDED, False),
        (Attendance.LATE, False),
        (Attendance.DID_NOT_ATTEND, False),  # optional: no reason = unexplained
        (Attendance.CANCELLED_BY_YOUNG_PERSON, True),
        (Attendance.CANCELLED_BY_SERVICE, False),
    ],
)
def test_which_values_need_a_reason(value: Attendance, needed: bool) -> None:
    assert needs_reason(value) is needed
    if needed:
        with pytest.raises(ValidationError) as err:
            make_mark(value, marked_by="sam", marked_at=AT, reason="  ")
        assert fields(err) == ["reason"]
    else:
        assert make_mark(value, marked_by="sam", marked_at=AT).value is value


def test_evidence_only_for_did_not_attend() -> None:
    assert evidence_applies(Attendance.DID_NOT_ATTEND)
    assert not evidence_applies(Attendance.CANCELLED_BY_YOUNG_PERSON)
    mark = make_mark(
        Attendance.DID_NOT_ATTEND,
        marked_by="sam",
        marked_at=AT,
        reason="Ill, sent a GP note",
        evidence_received=True,
    )
    assert mark.evidence_received
    with pytest.raises(ValidationError) as err:
        make_mark(Attendance.ATTENDED, marked_by="sam", marked_at=AT, evidence_received=True)
    assert fields(err) == ["Evidence received"]


@pytest.mark.parametrize("value", [Attendance.PLANNED, Attendance.RESCHEDULED])
def test_planned_and_rescheduled_are_not_marks(value: Attendance) -> None:
    assert value not in MARK_VALUES
    with pytest.raises(ValidationError) as err:
        make_mark(value, marked_by="sam", marked_at=AT)
    assert fields(err) == ["What happened"]


def test_mark_needs_who_and_not_before_the_session() -> None:
    with pytest.raises(ValidationError) as err:
        make_mark(
            Attendance.ATTENDED,
            marked_by=" ",
            marked_at=datetime(2026, 3, 17, 15, 0),
            session_start=datetime(2026, 3, 17, 16, 0),
        )
    assert fields(err) == ["Recorded by", "Session"]


def test_reason_is_trimmed_and_length_limited() -> None:
    mark = make_mark(
        Attendance.DID_NOT_ATTEND, marked_by=" sam ", marked_at=AT, reason="  Overslept "
    )
    assert mark.reason == "Overslept"
    assert mark.marked_by == "sam"
    with pytest.raises(ValidationError) as err:
        make_mark(Attendance.DID_NOT_ATTEND, marked_by="sam", marked_at=AT, reason="x" * 1001)
    assert fields(err) == ["reason"]


def test_follow_up_is_due_the_next_working_day() -> None:
    assert follow_up_due(date(2026, 3, 17), CAL) == date(2026, 3, 18)
    assert follow_up_due(date(2026, 3, 20), CAL) == date(2026, 3, 23)  # Friday -> Monday
    assert follow_up_due(date(2026, 4, 2), CAL) == date(2026, 4, 7)  # over Easter
    assert follow_up_due(date(2026, 12, 24), CAL) == date(2026, 12, 29)  # over Christmas
    assert needs_follow_up(Attendance.DID_NOT_ATTEND)
    assert not needs_follow_up(Attendance.LATE)


def test_evidence_is_asked_for_within_24_hours() -> None:
    assert evidence_due_by(datetime(2026, 3, 17, 17, 0)) == datetime(2026, 3, 18, 17, 0)


def dna() -> AttendanceMark:
    return make_mark(Attendance.DID_NOT_ATTEND, marked_by="sam", marked_at=AT, reason="No show")


def test_correction_keeps_the_old_mark() -> None:
    first = dna()
    later = datetime(2026, 3, 18, 9, 0)
    second = correct_mark(
        first,
        Attendance.DID_NOT_ATTEND,
        marked_by="alex",
        marked_at=later,
        note="Mum brought a hospital letter",
        reason="No show",
        evidence_received=True,
    )
    assert second.corrects is first
    assert second.is_correction
    assert not first.is_correction
    assert second.history() == (first, second)
    assert second.original is first
    assert second.correction_note == "Mum brought a hospital letter"
    third = correct_mark(
        second, Attendance.ATTENDED, marked_by="alex", marked_at=later, note="Wrong session"
    )
    assert third.history() == (first, second, third)
    assert third.attended
    assert not first.attended


def test_correction_needs_a_note_a_change_and_a_later_time() -> None:
    first = dna()
    with pytest.raises(ValidationError) as err:
        correct_mark(
            first,
            Attendance.DID_NOT_ATTEND,
            marked_by="alex",
            marked_at=datetime(2026, 3, 17, 9, 0),
            note=" ",
            reason="No show",
        )
    assert fields(err) == ["Why correct it", "Time recorded", "What happened"]


def test_correction_is_checked_like_a_mark() -> None:
    with pytest.raises(ValidationError) as err:
        correct_mark(
            dna(), Attendance.CANCELLED_BY_YOUNG_PERSON, marked_by="alex", marked_at=AT, note="x"
        )
    assert fields(err) == ["reason"]
    assert "reason" in str(err.value)
