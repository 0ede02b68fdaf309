"""Marking attendance at a session, and correcting a mark without losing the old one."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from yot_desktop.domain.calendar import WorkingCalendar
from yot_desktop.domain.enums import Attendance
from yot_desktop.domain.errors import FieldProblem, ValidationError
from yot_desktop.domain.validation import FREE_TEXT_MAX, text_problem, text_problems, tidy_lines

# What a worker can record once a session's time has come. `planned` is where a session
# starts, and `rescheduled` is set by moving a session, not by marking it.
MARK_VALUES = frozenset(
    {
        Attendance.ATTENDED,
        Attendance.LATE,
        Attendance.DID_NOT_ATTEND,
        Attendance.CANCELLED_BY_YOUNG_PERSON,
        Attendance.CANCELLED_BY_SERVICE,
    }
)
# Whoever cancels says why. A did-not-attend may have no reason yet (nobody answered the
# door): the reason is optional and, without evidence, the absence counts as unexplained
# (shared/INTERFACES.md, attendance register: `reason` optional).
REASON_REQUIRED = frozenset({Attendance.CANCELLED_BY_YOUNG_PERSON})
# Late still counts as attending.
ATTENDED_VALUES = frozenset({Attendance.ATTENDED, Attendance.LATE})

MAX_REASON_LENGTH = 1000
# A young person who misses a session is asked for proof (e.g. a doctor's note) within 24 hours.
EVIDENCE_WINDOW = timedelta(hours=24)


def needs_reason(value: Attendance) -> bool:
    return value in REASON_REQUIRED


def evidence_applies(value: Attendance) -> bool:
    """Evidence (proof of a good reason) only means something for a missed session."""
    return value is Attendance.DID_NOT_ATTEND


def needs_follow_up(value: Attendance) -> bool:
    """A did-not-attend is followed up (a call to the family) by the next working day."""
    return value is Attendance.DID_NOT_ATTEND


def follow_up_due(marked_on: date, calendar: WorkingCalendar) -> date:
    """The follow-up for a non-attendance marked on `marked_on` is due the next working day."""
    return calendar.next_working_day(marked_on)


def evidence_due_by(session_end: datetime) -> datetime:
    return session_end + EVIDENCE_WINDOW


@dataclass(frozen=True)
class AttendanceMark:
    """One record of what happened at a session.

    A correction is a new mark that points at the mark it replaces (`corrects`); the old one
    is kept, so the history of who recorded what, and when, is never lost.
    """

    value: Attendance
    reason: str
    evidence_received: bool
    marked_by: str
    marked_at: datetime
    corrects: AttendanceMark | None = None
    correction_note: str = ""

    @property
    def is_correction(self) -> bool:
        return self.corrects is not None

    @property
    def attended(self) -> bool:
        return self.value in ATTENDED_VALUES

    def history(self) -> tuple[AttendanceMark, ...]:
        """This mark and every mark it replaced, oldest first."""
        chain: list[AttendanceMark] = []
        current: AttendanceMark | None = self
        while current is not None:
            chain.append(current)
            current = current.corrects
        return tuple(reversed(chain))

    @property
    def original(self) -> AttendanceMark:
        return self.history()[0]


def _problems(
    value: Attendance,
    reason: str,
    evidence_received: bool,
    marked_by: str,
    marked_at: datetime,
    session_start: datetime | None,
) -> list[FieldProblem]:
    problems: list[FieldProblem] = []
    if value not in MARK_VALUES:
        allowed = ", ".join(v.label.lower() for v in sorted(MARK_VALUES))
        problems.append(FieldProblem("What happened", f"choose one of: {allowed}"))
    if needs_reason(value) and not reason.strip():
        problems.append(
            FieldProblem("reason", f"say why the session was cancelled ({value.label.lower()})")
        )
    if len(reason) > MAX_REASON_LENGTH:
        problems.append(FieldProblem("reason", f"keep it under {MAX_REASON_LENGTH} characters"))
    elif (
        problem := text_problem(reason, "reason", MAX_REASON_LENGTH, multi_line=True)
    ) is not None:
        problems.append(problem)
    if evidence_received and not evidence_applies(value):
        problems.append(
            FieldProblem("Evidence received", "evidence is only recorded for did not attend")
        )
    if not marked_by.strip():
        problems.append(FieldProblem("Recorded by", "say who recorded the attendance"))
    if session_start is not None and marked_at < session_start:
        problems.append(
            FieldProblem("Session", "attendance cannot be recorded before the session starts")
        )
    return problems


def make_mark(
    value: Attendance,
    *,
    marked_by: str,
    marked_at: datetime,
    reason: str = "",
    evidence_received: bool = False,
    session_start: datetime | None = None,
) -> AttendanceMark:
    """A first mark for a session, checked; ValidationError names every field at fault."""
    problems = _problems(value, reason, evidence_received, marked_by, marked_at, session_start)
    if problems:
        raise ValidationError(problems)
    return AttendanceMark(
        value, tidy_lines(reason), evidence_received, marked_by.strip(), marked_at
    )


def correct_mark(
    previous: AttendanceMark,
    value: Attendance,
    *,
    marked_by: str,
    marked_at: datetime,
    note: str,
    reason: str = "",
    evidence_received: bool = False,
) -> AttendanceMark:
    """A new mark replacing `previous`, which it keeps.

    A correction says why it was made (`note`), is recorded after the mark it replaces, and
    must change something: e.g. evidence arriving after a did-not-attend.
    """
    problems = _problems(value, reason, evidence_received, marked_by, marked_at, None)
    if not note.strip():
        problems.append(FieldProblem("Why correct it", "say why the mark is being corrected"))
    problems += text_problems(("Why correct it", note, FREE_TEXT_MAX), multi_line=True)
    if marked_at < previous.marked_at:
        problems.append(
            FieldProblem(
                "Time recorded", "a correction cannot be dated before the mark it replaces"
            )
        )
    if (
        value is previous.value
        and tidy_lines(reason) == previous.reason
        and evidence_received == previous.evidence_received
    ):
        problems.append(FieldProblem("What happened", "this is the same as the current mark"))
    if problems:
        raise ValidationError(problems)
    return AttendanceMark(
        value,
        tidy_lines(reason),
        evidence_received,
        marked_by.strip(),
        marked_at,
        corrects=previous,
        correction_note=tidy_lines(note),
    )
