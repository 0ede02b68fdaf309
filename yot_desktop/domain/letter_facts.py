"""Which facts a letter prints, chosen from plain data (issue 13): who reads it, whether it is
in easy read, which language the reader asked for, which carer it goes to, the next
appointment, the missed date, the attendance counts and the day the programme finished.

The letters service loads the records (for a whole batch at once) and hands them here as
plain values; nothing here reads a table. The rules that do not depend on one letter's
records (the default reader, the dates to act by, the police outcome code) are in
letter_rules.py.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol, TypeVar

from yot_desktop.domain import letter_rules as rules
from yot_desktop.domain.enums import Attendance, Audience, LetterType, ReferralStatus
from yot_desktop.domain.errors import FieldProblem, ValidationError
from yot_desktop.domain.programme import ASSESSMENT

# A young person younger than this gets their own letters in easy read.
EASY_READ_BELOW_AGE = 13
_POSTCODE = re.compile(r"^[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}$", re.IGNORECASE)
_OUTCOMES = {
    ReferralStatus.COMPLETED: "Completed the diversion programme",
    ReferralStatus.NOT_ENGAGED: "Did not engage with the diversion programme",
    ReferralStatus.WITHDRAWN: "Withdrawn from the diversion programme",
    ReferralStatus.DECLINED: "Declined the diversion programme",
}


def audience(letter_type: LetterType, asked: Audience | str | None, age: int) -> Audience:
    """Who reads the letter: the police read the police outcome letter whoever was asked
    for; no other letter goes to the police; nobody asked: the type's usual reader for the
    young person's age (letter_rules.default_audience: 18 and over read their own)."""
    # A drop-down list hands back the enum's text ("parent"): the enum from here on.
    wanted = Audience(asked) if asked is not None else None
    if letter_type is LetterType.POLICE_OUTCOME:
        return Audience.POLICE
    if wanted is Audience.POLICE:
        raise ValidationError(
            FieldProblem(
                "Who the letter is for",
                "only the police outcome letter goes to the police; choose parent or "
                "carer, or young person",
            )
        )
    return wanted or rules.default_audience(letter_type, age)


def has_needs(communication_needs: str | None, send_needs: str | None) -> bool:
    """Whether the young person has recorded communication or special educational needs."""
    return bool((communication_needs or "").strip() or (send_needs or "").strip())


def easy_read(
    letter_type: LetterType, reader: Audience, asked: bool | None, age: int, needs: bool
) -> bool:
    """Easy read: never for the police; as asked when someone chose; otherwise for a young
    person reading their own letter who is under 13 or has recorded needs."""
    if letter_type is LetterType.POLICE_OUTCOME:
        return False
    if asked is not None:
        return asked
    return reader is Audience.YOUNG_PERSON and (age < EASY_READ_BELOW_AGE or needs)


class CarerLike(Protocol):
    @property
    def parental_responsibility(self) -> bool: ...


C = TypeVar("C", bound=CarerLike)


def main_carer(carers: Sequence[C]) -> C | None:
    """The carer letters go to: the first (as recorded) with parental responsibility, else
    the first recorded; None when there is none."""
    return next((c for c in carers if c.parental_responsibility), None) or (
        carers[0] if carers else None
    )


def preferred_language(
    letter_type: LetterType, reader: Audience, first_language: str, carer_language: str | None
) -> str:
    """The reader's language as recorded: the young person's first language for their own
    letters, the main carer's preferred language for a parent's; the police read English
    (''); '' when nothing is recorded."""
    if letter_type is LetterType.POLICE_OUTCOME:
        return ""
    if reader is Audience.YOUNG_PERSON:
        return first_language or ""
    return carer_language or ""


def address_lines(text: str) -> list[str]:
    """An address typed as lines or with commas, as its non-empty lines."""
    return [p.strip() for p in re.split(r"[\n,]", text or "") if p.strip()]


def split_address(text: str) -> tuple[tuple[str, ...], str]:
    """Address lines and the postcode (taken from the end when it looks like one)."""
    lines = address_lines(text)
    if lines and _POSTCODE.match(lines[-1]):
        return tuple(lines[:-1]), lines[-1].upper()
    return tuple(lines), ""


def outcome_text(status: ReferralStatus) -> str:
    """How the letter names where the referral ended up."""
    return _OUTCOMES.get(status, status.label)


def completion_date(
    status: ReferralStatus, programme_closed_at: datetime | None, updated_at: datetime
) -> date | None:
    """The day the programme finished: when it was closed, else (a completed referral
    without a closed programme) the day the referral last changed; None otherwise."""
    if programme_closed_at is not None:
        return programme_closed_at.date()
    if status is ReferralStatus.COMPLETED:
        return updated_at.date()
    return None


@dataclass(frozen=True)
class Booked:
    """A booked session as the letter rules see it."""

    id: int
    day: date
    attendance: Attendance
    intervention: str = ""
    evidence_received: bool = False


@dataclass(frozen=True)
class Appointments:
    """Which sessions a letter shows (ids, in booking order), its next appointment and the
    missed date. `listed` is the whole record, for the police: every session but those
    rescheduled, with the service's cancellations, so the table holds each session the
    attendance summary counts. `coming` is what a family's schedule lists: the sessions still
    planned from today (a date already past is not an appointment to keep)."""

    listed: tuple[int, ...]
    next_appointment: int | None
    missed_date: date | None
    coming: tuple[int, ...] = ()


def appointments(
    sessions: Sequence[Booked], today: date, chosen_id: int | None = None
) -> Appointments:
    """`sessions` in booking order (start, then id). Rescheduled sessions are left out (the
    new booking stands for them). The next appointment
    is the session the letter was asked for while it is still planned (a reminder), else the
    first still planned from today: a letter about a missed session names the one after it,
    never the one missed. The missed date is the chosen session's when it was missed, else
    the last missed one."""
    chosen = next((x for x in sessions if x.id == chosen_id), None) if chosen_id else None
    kept = [x for x in sessions if x.attendance is not Attendance.RESCHEDULED]
    upcoming = [x for x in kept if x.attendance is Attendance.PLANNED and x.day >= today]
    if chosen is not None and chosen.attendance is Attendance.PLANNED:
        following: Booked | None = chosen
    else:
        following = upcoming[0] if upcoming else None
    missed = [x.day for x in kept if x.attendance is Attendance.DID_NOT_ATTEND]
    if chosen is not None and chosen.attendance is Attendance.DID_NOT_ATTEND:
        missed_date: date | None = chosen.day
    else:
        missed_date = missed[-1] if missed else None
    return Appointments(
        listed=tuple(x.id for x in kept),
        next_appointment=following.id if following is not None else None,
        missed_date=missed_date,
        coming=tuple(x.id for x in upcoming),
    )


@dataclass(frozen=True)
class AttendanceCounts:
    attended: int = 0  # attended or late, the assessment not counted
    late: int = 0
    did_not_attend: int = 0
    unexplained: int = 0  # missed with no evidence received
    cancelled: int = 0  # by the service or by the young person


def attendance_counts(sessions: Sequence[Booked]) -> AttendanceCounts:
    """What the letter says about attendance, over every session booked."""
    attended = late = dna = unexplained = cancelled = 0
    for x in sessions:
        if x.attendance in (Attendance.ATTENDED, Attendance.LATE):
            if x.intervention != ASSESSMENT:
                attended += 1
            late += x.attendance is Attendance.LATE
        elif x.attendance is Attendance.DID_NOT_ATTEND:
            dna += 1
            unexplained += not x.evidence_received
        elif x.attendance in (
            Attendance.CANCELLED_BY_SERVICE,
            Attendance.CANCELLED_BY_YOUNG_PERSON,
        ):
            cancelled += 1
    return AttendanceCounts(attended, late, dna, unexplained, cancelled)
