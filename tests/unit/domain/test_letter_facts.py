"""domain/letter_facts.py: the facts a letter prints, chosen from plain data (issue 13)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import pytest

from yot_desktop.domain import letter_facts as facts
from yot_desktop.domain.enums import Attendance, Audience, LetterType, ReferralStatus
from yot_desktop.domain.errors import ValidationError
from yot_desktop.domain.programme import ASSESSMENT

A = Attendance
TODAY = date(2026, 12, 4)


def test_the_police_read_the_police_letter_and_only_that_one() -> None:
    assert facts.audience(LetterType.POLICE_OUTCOME, Audience.PARENT, 15) is Audience.POLICE
    assert facts.audience(LetterType.POLICE_OUTCOME, None, 15) is Audience.POLICE
    with pytest.raises(ValidationError, match="only the police outcome letter"):
        facts.audience(LetterType.OFFER, Audience.POLICE, 15)
    with pytest.raises(ValidationError):
        facts.audience(LetterType.OFFER, "police", 15)  # a drop-down list's text


def test_who_reads_a_letter_nobody_chose_for() -> None:
    assert facts.audience(LetterType.OFFER, None, 15) is Audience.PARENT
    assert facts.audience(LetterType.OFFER, None, 18) is Audience.YOUNG_PERSON  # an adult
    assert facts.audience(LetterType.CERTIFICATE, None, 12) is Audience.YOUNG_PERSON
    assert facts.audience(LetterType.OFFER, "young_person", 15) is Audience.YOUNG_PERSON
    assert facts.audience(LetterType.OFFER, Audience.PARENT, 19) is Audience.PARENT  # asked


@pytest.mark.parametrize(
    ("reader", "asked", "age", "needs", "expected"),
    [
        (Audience.YOUNG_PERSON, None, 12, False, True),  # under 13
        (Audience.YOUNG_PERSON, None, 13, False, False),
        (Audience.YOUNG_PERSON, None, 16, True, True),  # recorded needs
        (Audience.PARENT, None, 10, True, False),  # a parent's letter is never chosen easy
        (Audience.PARENT, True, 15, False, True),  # asked for
        (Audience.YOUNG_PERSON, False, 10, True, False),  # asked not to
    ],
)
def test_easy_read(
    reader: Audience, asked: bool | None, age: int, needs: bool, expected: bool
) -> None:
    assert facts.easy_read(LetterType.MISSED, reader, asked, age, needs) is expected


def test_never_easy_read_for_the_police() -> None:
    assert not facts.easy_read(LetterType.POLICE_OUTCOME, Audience.POLICE, True, 10, True)


def test_needs_are_any_recorded_text() -> None:
    assert not facts.has_needs("", None)
    assert not facts.has_needs("  ", "\n")
    assert facts.has_needs("", "Dyslexia")
    assert facts.has_needs("Uses BSL", "")


@dataclass(frozen=True)
class _Carer:
    name: str
    parental_responsibility: bool


def test_the_main_carer() -> None:
    aunt, mother, father = _Carer("aunt", False), _Carer("mum", True), _Carer("dad", True)
    assert facts.main_carer([aunt, mother, father]) is mother
    assert facts.main_carer([aunt]) is aunt
    assert facts.main_carer([]) is None


def test_the_readers_language() -> None:
    assert facts.preferred_language(LetterType.OFFER, Audience.PARENT, "Urdu", "Polish") == "Polish"
    assert facts.preferred_language(LetterType.OFFER, Audience.PARENT, "Urdu", None) == ""
    young = facts.preferred_language(LetterType.OFFER, Audience.YOUNG_PERSON, "Urdu", "Polish")
    assert young == "Urdu"
    assert facts.preferred_language(LetterType.POLICE_OUTCOME, Audience.POLICE, "Urdu", "pl") == ""


def test_addresses() -> None:
    assert facts.split_address("3 Kennet Road\nNewbury\nrg14 5ja") == (
        ("3 Kennet Road", "Newbury"),
        "RG14 5JA",
    )
    assert facts.split_address("Flat 2, 3 High St, Reading") == (
        ("Flat 2", "3 High St", "Reading"),
        "",
    )
    assert facts.split_address("") == ((), "")
    assert facts.address_lines(" a ,\n\n b ") == ["a", "b"]


def test_outcome_and_completion() -> None:
    assert facts.outcome_text(ReferralStatus.COMPLETED) == "Completed the diversion programme"
    assert facts.outcome_text(ReferralStatus.RECEIVED) == ReferralStatus.RECEIVED.label
    changed = datetime(2026, 11, 30, 15, 0)
    closed = datetime(2026, 11, 20, 9, 0)
    done = ReferralStatus.COMPLETED
    assert facts.completion_date(done, closed, changed) == date(2026, 11, 20)
    assert facts.completion_date(done, None, changed) == date(2026, 11, 30)
    assert facts.completion_date(ReferralStatus.NOT_ENGAGED, closed, changed) == closed.date()
    assert facts.completion_date(ReferralStatus.NOT_ENGAGED, None, changed) is None


def _booked(*rows: tuple[int, int, Attendance]) -> list[facts.Booked]:
    return [facts.Booked(i, date(2026, 12, day), att) for i, day, att in rows]


def test_the_next_appointment_and_the_missed_date() -> None:
    sessions = _booked(
        (1, 1, A.ATTENDED),
        (2, 2, A.DID_NOT_ATTEND),
        (3, 3, A.DID_NOT_ATTEND),
        (4, 4, A.RESCHEDULED),  # the new booking (6) stands for it
        (5, 5, A.CANCELLED_BY_SERVICE),
        (6, 8, A.PLANNED),
        (7, 15, A.PLANNED),
    )
    got = facts.appointments(sessions, TODAY)
    # The police's record: every session but the rescheduled one, the service's cancellation
    # included (their attendance summary counts it, so their table shows it).
    assert got.listed == (1, 2, 3, 5, 6, 7)
    # A family's schedule: only what is still to come (past dates are no appointments).
    assert got.coming == (6, 7)
    assert got.next_appointment == 6  # the first still planned from today
    assert got.missed_date == date(2026, 12, 3)  # the last missed


def test_a_letter_about_one_session() -> None:
    sessions = _booked((1, 1, A.DID_NOT_ATTEND), (2, 2, A.DID_NOT_ATTEND), (3, 8, A.PLANNED))
    about_first = facts.appointments(sessions, TODAY, chosen_id=1)
    # A letter about a missed session names the next one, never the one missed (it once
    # printed "The next appointment: Tuesday 1 December", the day the family had missed).
    assert about_first.next_appointment == 3
    assert about_first.missed_date == date(2026, 12, 1)
    about_later = facts.appointments(sessions, TODAY, chosen_id=3)
    assert about_later.next_appointment == 3  # a reminder for a session still planned
    assert about_later.missed_date == date(2026, 12, 2)  # the chosen one was not missed
    rescheduled = _booked((1, 1, A.RESCHEDULED), (2, 9, A.PLANNED))
    # A session moved since the letter was asked for: the new booking stands for it.
    assert facts.appointments(rescheduled, TODAY, chosen_id=1).next_appointment == 2
    nothing_after = facts.appointments(_booked((1, 1, A.DID_NOT_ATTEND)), TODAY, chosen_id=1)
    assert nothing_after.next_appointment is None


def test_nothing_planned_nothing_missed() -> None:
    past = _booked((1, 1, A.PLANNED), (2, 2, A.ATTENDED))
    got = facts.appointments(past, TODAY)
    assert got.next_appointment is None and got.missed_date is None
    assert facts.appointments([], TODAY) == facts.Appointments((), None, None)
    today = _booked((1, 4, A.PLANNED))
    assert facts.appointments(today, TODAY).next_appointment == 1  # today counts
    assert facts.appointments(today, TODAY).coming == (1,)
    assert got.coming == ()  # a planned session already past is not listed to the family


def test_attendance_counts() -> None:
    day = date(2026, 12, 1)
    sessions = [
        facts.Booked(1, day, A.ATTENDED, ASSESSMENT),  # the assessment does not count
        facts.Booked(2, day, A.ATTENDED, "drug_education"),
        facts.Booked(3, day, A.LATE, "drug_education"),
        facts.Booked(4, day, A.DID_NOT_ATTEND, "drug_education", evidence_received=True),
        facts.Booked(5, day, A.DID_NOT_ATTEND, "drug_education"),
        facts.Booked(6, day, A.CANCELLED_BY_SERVICE, "drug_education"),
        facts.Booked(7, day, A.CANCELLED_BY_YOUNG_PERSON, "drug_education"),
        facts.Booked(8, day, A.PLANNED, "drug_education"),
        facts.Booked(9, day, A.RESCHEDULED, "drug_education"),
    ]
    assert facts.attendance_counts(sessions) == facts.AttendanceCounts(
        attended=2, late=1, did_not_attend=2, unexplained=1, cancelled=2
    )
    late_assessment = [facts.Booked(1, day, A.LATE, ASSESSMENT)]
    assert facts.attendance_counts(late_assessment) == facts.AttendanceCounts(late=1)
