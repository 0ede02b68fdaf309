"""Conflicts found before a session is saved, each explained in plain words."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

import pytest

from yot_desktop.domain.calendar import WorkingCalendar
from yot_desktop.domain.enums import Attendance, Venue
from yot_desktop.domain.errors import ValidationError
from yot_desktop.domain.scheduling import (
    Conflict,
    ConflictKind,
    SchedulingContext,
    SessionSlot,
    Severity,
    find_conflicts,
    has_errors,
)

SAM, ALEX = 1, 2
ZOE, LUKASZ = 10, 11
TUESDAY = datetime(2026, 3, 17, 16, 0)  # after school, an ordinary working day

CONTEXT = SchedulingContext(
    worker_names={SAM: "Sam Patel", ALEX: "Alex O'Brien"},
    young_person_names={ZOE: "Zoë Smith", LUKASZ: "Łukasz Nowak"},
    venue_capacities={"Newbury YOT office": 2, "Interview room 1": 1},
)


def slot(
    *,
    session_id: int | None = None,
    person: int = ZOE,
    workers: frozenset[int] = frozenset({SAM}),
    venue: Venue = Venue.YOT_OFFICE,
    venue_name: str = "Newbury YOT office",
    start: datetime = TUESDAY,
    minutes: int = 60,
    status: Attendance = Attendance.PLANNED,
) -> SessionSlot:
    return SessionSlot(session_id, person, workers, venue, venue_name, start, minutes, status)


def kinds(conflicts: tuple[Conflict, ...]) -> list[ConflictKind]:
    return [c.kind for c in conflicts]


def test_a_clear_slot_has_no_conflicts() -> None:
    assert find_conflicts(slot(), [], CONTEXT) == ()
    assert not has_errors(())


# --- worker ------------------------------------------------------------------------------


def test_worker_double_booked_is_an_error_naming_worker_and_time() -> None:
    existing = slot(session_id=5, person=LUKASZ, venue_name="Greenham school")
    found = find_conflicts(slot(start=datetime(2026, 3, 17, 16, 30)), [existing], CONTEXT)
    assert kinds(found) == [ConflictKind.WORKER_DOUBLE_BOOKED]
    assert found[0].severity is Severity.ERROR
    assert (
        found[0].message == "Sam Patel already has a session from 16:00 to 17:00 on 17 March 2026."
    )
    assert found[0].other_session_id == 5
    assert has_errors(found)


def test_each_double_booked_worker_is_named() -> None:
    existing = slot(session_id=5, person=LUKASZ, workers=frozenset({SAM, ALEX}), venue_name="")
    found = find_conflicts(slot(workers=frozenset({SAM, ALEX})), [existing], CONTEXT)
    assert [c.message.split(" already")[0] for c in found] == ["Alex O'Brien", "Sam Patel"]


def test_other_workers_sessions_do_not_clash() -> None:
    existing = slot(session_id=5, person=LUKASZ, workers=frozenset({ALEX}), venue_name="")
    assert find_conflicts(slot(), [existing], CONTEXT) == ()


def test_unknown_worker_is_still_named_by_number() -> None:
    existing = slot(session_id=5, person=LUKASZ, workers=frozenset({99}), venue_name="")
    found = find_conflicts(slot(workers=frozenset({99})), [existing], CONTEXT)
    assert found[0].message.startswith("Worker 99 already has a session")


# --- young person ------------------------------------------------------------------------


def test_young_person_double_booked_is_an_error() -> None:
    existing = slot(session_id=6, workers=frozenset({ALEX}), venue_name="Cranstoun Newbury")
    found = find_conflicts(
        slot(start=datetime(2026, 3, 17, 15, 0), minutes=90), [existing], CONTEXT
    )
    assert kinds(found) == [ConflictKind.YOUNG_PERSON_DOUBLE_BOOKED, ConflictKind.SCHOOL_HOURS]
    assert (
        found[0].message == "Zoë Smith already has a session from 16:00 to 17:00 on 17 March 2026."
    )
    assert found[0].severity is Severity.ERROR


def test_other_young_peoples_sessions_do_not_clash() -> None:
    existing = slot(session_id=6, person=LUKASZ, workers=frozenset({ALEX}), venue_name="")
    assert find_conflicts(slot(), [existing], CONTEXT) == ()


# --- overlap rules -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "minutes"),
    [(datetime(2026, 3, 17, 15, 0), 60), (datetime(2026, 3, 17, 17, 0), 60)],
)
def test_touching_sessions_do_not_clash(start: datetime, minutes: int) -> None:
    existing = slot(session_id=5, start=start, minutes=minutes, venue_name="")
    assert kinds(find_conflicts(slot(venue_name=""), [existing], CONTEXT)) == []


def test_a_session_inside_another_clashes() -> None:
    existing = slot(session_id=5, start=datetime(2026, 3, 17, 15, 30), minutes=120, venue_name="")
    found = find_conflicts(slot(minutes=30, venue_name=""), [existing], CONTEXT)
    assert ConflictKind.WORKER_DOUBLE_BOOKED in kinds(found)


@pytest.mark.parametrize(
    "status",
    [Attendance.CANCELLED_BY_SERVICE, Attendance.CANCELLED_BY_YOUNG_PERSON, Attendance.RESCHEDULED],
)
def test_cancelled_and_rescheduled_sessions_do_not_count(status: Attendance) -> None:
    existing = slot(session_id=5, status=status)
    assert find_conflicts(slot(), [existing], CONTEXT) == ()


@pytest.mark.parametrize("status", [Attendance.ATTENDED, Attendance.DID_NOT_ATTEND])
def test_sessions_that_happened_still_count(status: Attendance) -> None:
    existing = slot(session_id=5, status=status)
    assert ConflictKind.WORKER_DOUBLE_BOOKED in kinds(find_conflicts(slot(), [existing], CONTEXT))


def test_a_session_being_moved_does_not_clash_with_itself() -> None:
    saved = slot(session_id=5)
    moved = replace(saved, start=datetime(2026, 3, 17, 16, 30))
    assert find_conflicts(moved, [saved], CONTEXT) == ()


# --- venue capacity ----------------------------------------------------------------------


def test_venue_full_is_an_error() -> None:
    existing = [
        slot(session_id=1, person=LUKASZ, workers=frozenset({ALEX})),
        slot(session_id=2, person=30, workers=frozenset({3})),
    ]
    found = find_conflicts(slot(), existing, CONTEXT)
    assert kinds(found) == [ConflictKind.VENUE_OVER_CAPACITY]
    assert found[0].message == (
        "Newbury YOT office can hold 2 sessions at a time and already has 2 sessions booked "
        "from 16:00 to 17:00 on 17 March 2026."
    )


def test_venue_with_room_is_fine() -> None:
    existing = [slot(session_id=1, person=LUKASZ, workers=frozenset({ALEX}))]
    assert find_conflicts(slot(), existing, CONTEXT) == ()


def test_venue_counts_sessions_at_the_same_moment_not_in_the_whole_slot() -> None:
    existing = [
        slot(session_id=1, person=LUKASZ, workers=frozenset({ALEX}), minutes=30),
        slot(
            session_id=2,
            person=30,
            workers=frozenset({3}),
            start=datetime(2026, 3, 17, 16, 30),
            minutes=30,
        ),
    ]
    assert find_conflicts(slot(), existing, CONTEXT) == ()


def test_venue_names_match_ignoring_case_and_spaces() -> None:
    existing = [
        slot(session_id=1, person=LUKASZ, workers=frozenset({ALEX}), venue_name="INTERVIEW ROOM 1 ")
    ]
    found = find_conflicts(slot(venue_name="Interview room 1"), existing, CONTEXT)
    assert kinds(found) == [ConflictKind.VENUE_OVER_CAPACITY]
    assert "can hold 1 session at a time and already has 1 session booked" in found[0].message


def test_other_venues_and_unlisted_venues_have_no_limit() -> None:
    elsewhere = [slot(session_id=1, person=LUKASZ, workers=frozenset({ALEX}), venue_name="Hall")]
    assert find_conflicts(slot(venue_name="Interview room 1"), elsewhere, CONTEXT) == ()
    assert find_conflicts(slot(venue_name="Hall"), elsewhere * 3, CONTEXT) == ()


def test_cancelled_sessions_free_the_room() -> None:
    existing = [
        slot(
            session_id=1,
            person=LUKASZ,
            workers=frozenset({ALEX}),
            venue_name="Interview room 1",
            status=Attendance.CANCELLED_BY_SERVICE,
        )
    ]
    assert find_conflicts(slot(venue_name="Interview room 1"), existing, CONTEXT) == ()


def test_venue_with_no_capacity_takes_no_bookings() -> None:
    context = replace(CONTEXT, venue_capacities={"Closed room": 0})
    found = find_conflicts(slot(venue_name="Closed room"), [], context)
    assert [c.message for c in found] == ["Closed room is not taking bookings."]


# --- deadline ----------------------------------------------------------------------------


def test_after_the_programme_deadline_is_an_error() -> None:
    context = replace(CONTEXT, deadline=date(2026, 3, 16))
    found = find_conflicts(slot(), [], context)
    assert kinds(found) == [ConflictKind.AFTER_DEADLINE]
    assert found[0].message == "17 March 2026 is after the programme deadline of 16 March 2026."
    assert found[0].severity is Severity.ERROR


def test_on_the_deadline_day_is_fine() -> None:
    assert find_conflicts(slot(), [], replace(CONTEXT, deadline=date(2026, 3, 17))) == ()


# --- non-working days --------------------------------------------------------------------


def test_bank_holiday_is_an_error_naming_the_holiday() -> None:
    found = find_conflicts(slot(start=datetime(2026, 4, 6, 16, 0)), [], CONTEXT)
    assert kinds(found) == [ConflictKind.NON_WORKING_DAY]
    assert found[0].message == (
        "6 April 2026 is Easter Monday, a bank holiday. Choose a working day."
    )


def test_substitute_bank_holiday_is_an_error() -> None:
    found = find_conflicts(slot(start=datetime(2026, 12, 28, 10, 0)), [], CONTEXT)
    assert found[0].message.startswith("28 December 2026 is Boxing Day (observed), a bank holiday")


def test_weekend_and_team_closure_are_errors() -> None:
    saturday = find_conflicts(slot(start=datetime(2026, 3, 14, 11, 0)), [], CONTEXT)
    assert saturday[0].message == "14 March 2026 is a Saturday. Choose a working day."
    closed = replace(CONTEXT, calendar=WorkingCalendar(frozenset({date(2026, 3, 17)})))
    found = find_conflicts(slot(), [], closed)
    assert found[0].message == "17 March 2026 is a team closure day. Choose a working day."


# --- school hours ------------------------------------------------------------------------


def test_school_hours_is_only_a_warning() -> None:
    found = find_conflicts(slot(start=datetime(2026, 3, 17, 10, 0)), [], CONTEXT)
    assert kinds(found) == [ConflictKind.SCHOOL_HOURS]
    assert found[0].severity is Severity.WARNING
    assert not has_errors(found)
    assert "Zoë Smith" in found[0].message
    assert "08:45 to 15:15" in found[0].message


@pytest.mark.parametrize(
    ("start", "minutes"),
    [
        (datetime(2026, 3, 17, 8, 0), 45),  # ends as school starts
        (datetime(2026, 3, 17, 15, 15), 60),  # starts as school ends
    ],
)
def test_sessions_touching_school_hours_are_fine(start: datetime, minutes: int) -> None:
    assert find_conflicts(slot(start=start, minutes=minutes), [], CONTEXT) == ()


def test_session_running_into_school_hours_warns() -> None:
    found = find_conflicts(slot(start=datetime(2026, 3, 17, 15, 0)), [], CONTEXT)
    assert kinds(found) == [ConflictKind.SCHOOL_HOURS]


def test_no_school_warning_when_not_in_school() -> None:
    context = replace(CONTEXT, young_person_in_school=False)
    assert find_conflicts(slot(start=datetime(2026, 3, 17, 10, 0)), [], context) == ()


def test_errors_come_before_warnings() -> None:
    existing = slot(session_id=5, start=datetime(2026, 3, 17, 10, 0), venue_name="")
    context = replace(CONTEXT, deadline=date(2026, 3, 1))
    found = find_conflicts(
        slot(start=datetime(2026, 3, 17, 10, 0), venue_name=""), [existing], context
    )
    assert [c.severity for c in found] == [Severity.ERROR] * 3 + [Severity.WARNING]
    assert kinds(found) == [
        ConflictKind.AFTER_DEADLINE,
        ConflictKind.WORKER_DOUBLE_BOOKED,
        ConflictKind.YOUNG_PERSON_DOUBLE_BOOKED,
        ConflictKind.SCHOOL_HOURS,
    ]


def test_session_needs_a_length() -> None:
    with pytest.raises(ValidationError) as err:
        slot(minutes=0)
    assert [p.field for p in err.value.problems] == ["Length"]


def test_conflict_prints_as_its_message() -> None:
    c = Conflict(ConflictKind.SCHOOL_HOURS, Severity.WARNING, "Check school.")
    assert str(c) == "Check school."
