"""Invented letter contexts for the letter tests and the benchmark."""

from __future__ import annotations

import dataclasses
from datetime import date, time, timedelta

from yot_desktop.domain.enums import (
    Attendance,
    Audience,
    EligibilityReason,
    LetterType,
    SchemeModel,
    Venue,
)
from yot_desktop.letters import Cancelled
from yot_desktop.letters.data import (
    AttendanceSummary,
    LetterContext,
    Letterhead,
    Person,
    Recipient,
    SessionLine,
    Worker,
)

LETTERHEAD = Letterhead(
    team_name="West Berkshire Youth Justice Service",
    address_lines=("Market Street Offices", "Newbury", "Berkshire RG14 5LD"),
    phone="01635 503090",
    email="yjs@westberks.example.gov.uk",
)
WORKER = Worker(
    name="Siobhán Ağaoğlu",
    phone="01635 503091",
    email="s.agaoglu@westberks.example.gov.uk",
)
PEOPLE = (
    Person("Łukasz", "Nguyễn", date(2011, 5, 3), 14),
    Person("Zoë", "O'Brien", date(2013, 1, 20), 13, preferred_name="Zoë"),
    Person("Aaliyah", "Smith-Jones", date(2010, 11, 9), 15, preferred_name="Ally"),
)
PARENTS = ("Marta Nguyễn", "Siobhán O'Brien", "Dawn Smith-Jones")
LETTER_DATE = date(2026, 3, 14)
FIRST_SESSION = date(2026, 3, 24)


def sessions(count: int = 4, start: date = FIRST_SESSION) -> tuple[SessionLine, ...]:
    venues = (Venue.YOT_OFFICE, Venue.SCHOOL, Venue.PROVIDER, Venue.ONLINE)
    places = (
        "Newbury YOT office, Market Street",
        "Trinity School",
        "Cranstoun, Bartholomew St",
        "",
    )
    return tuple(
        SessionLine(
            date=start + timedelta(weeks=i),
            start=time(16, 0),
            minutes=60,
            venue=venues[i % 4],
            place=places[i % 4],
            worker=WORKER.name,
            title="Drug education",
            attendance=(Attendance.ATTENDED, Attendance.DID_NOT_ATTEND, Attendance.LATE)[i % 3],
        )
        for i in range(count)
    )


def make_context(
    letter_type: LetterType,
    audience: Audience = Audience.PARENT,
    easy_read: bool = False,
    large_print: bool = False,
    model: SchemeModel = SchemeModel.CONDITIONAL,
    second_chance: bool = False,
    person_index: int = 0,
    session_count: int = 4,
) -> LetterContext:
    person = PEOPLE[person_index % len(PEOPLE)]
    if letter_type is LetterType.POLICE_OUTCOME:
        recipient = Recipient(
            "PC Gareth Hughes 4471",
            ("Thames Valley Police", "Newbury Police Station", "Mill Lane", "Newbury"),
            "RG14 5QS",
        )
    elif audience is Audience.PARENT:
        recipient = Recipient(
            PARENTS[person_index % len(PARENTS)], ("12 Kennet Road", "Newbury"), "RG14 5JA"
        )
    else:
        recipient = Recipient(person.full_name, ("12 Kennet Road", "Newbury"), "RG14 5JA")
    all_sessions = sessions(session_count)
    return LetterContext(
        letter_type=letter_type,
        audience=audience,
        scheme_name="West Berkshire youth drug diversion",
        scheme_model=model,
        second_chance=second_chance,
        crime_reference="43/1234/26",
        person_reference=f"P{1000 + person_index}",
        person=person,
        recipient=recipient,
        letterhead=LETTERHEAD,
        worker=WORKER,
        letter_date=LETTER_DATE,
        easy_read=easy_read,
        large_print=large_print,
        provider="Cranstoun",
        sessions_required=3,
        session_minutes=60,
        absence_limit=2,
        referral_date=date(2026, 3, 2),
        offence_date=date(2026, 2, 27),
        sessions=all_sessions,
        next_appointment=all_sessions[0],
        missed_date=date(2026, 3, 10),
        deadline=date(2026, 6, 5),
        reply_by=date(2026, 3, 28),
        call_by=date(2026, 3, 20),
        completion_date=date(2026, 5, 29),
        not_eligible_reasons=(EligibilityReason.SUPPLY_SUSPECTED, EligibilityReason.OVER_THRESHOLD),
        outcome="Completed the diversion programme",
        outcome_code="22",
        finished=True,
        officer_name="PC Gareth Hughes",
        attendance=AttendanceSummary(
            sessions_required=3, attended=3, late=1, did_not_attend=1, unexplained_absences=0
        ),
    )


def replace(ctx: LetterContext, **changes: object) -> LetterContext:
    return dataclasses.replace(ctx, **changes)  # type: ignore[arg-type]


__all__ = ["Cancelled", "Recipient", "make_context", "replace", "sessions"]
