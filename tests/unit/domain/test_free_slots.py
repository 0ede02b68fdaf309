"""The nearest free slot: offered when a wanted time clashes with the diary (issue 14, point 5).

Same rules as booking: working days only (weekends, bank holidays, closures skipped), never
after the deadline, no new warning, and a series keeps its order.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from yot_desktop.domain.calendar import WorkingCalendar
from yot_desktop.domain.enums import Attendance, Venue
from yot_desktop.domain.scheduling import (
    ConflictKind,
    SchedulingContext,
    SessionSlot,
    nearest_free_slot,
    suggest_series,
)

SAM, ALEX = 1, 2
ZOE, LUKASZ = 10, 11
TUESDAY = datetime(2026, 3, 17, 16, 0)
CONTEXT = SchedulingContext(
    worker_names={SAM: "Sam Patel"},
    young_person_names={ZOE: "Zoë Smith", LUKASZ: "Łukasz Nowak"},
    venue_capacities={"Interview room 1": 1},
    young_person_in_school=True,
)


def slot(
    start: datetime = TUESDAY,
    *,
    person: int = ZOE,
    worker: int = SAM,
    minutes: int = 60,
    venue_name: str = "",
    status: Attendance = Attendance.PLANNED,
) -> SessionSlot:
    return SessionSlot(
        None, person, frozenset({worker}), Venue.YOT_OFFICE, venue_name, start, minutes, status
    )


def test_a_free_time_is_kept() -> None:
    assert nearest_free_slot(slot(), [], CONTEXT) == slot()


def test_a_clash_moves_to_the_next_free_time_the_same_day() -> None:
    busy = slot(TUESDAY, person=LUKASZ)  # Sam sees Łukasz 16:00-17:00
    found = nearest_free_slot(slot(), [busy], CONTEXT)
    assert found is not None and found.start == datetime(2026, 3, 17, 17, 0)


def test_a_session_ending_after_the_day_ends_moves_to_the_next_day_at_the_same_time() -> None:
    busy = slot(TUESDAY, person=LUKASZ, minutes=150)  # 16:00-18:30
    found = nearest_free_slot(slot(), [busy], CONTEXT)
    # 18:30 to 19:30 would end after 19:00: Wednesday at 16:00 instead.
    assert found is not None and found.start == datetime(2026, 3, 18, 16, 0)


def test_weekends_and_bank_holidays_are_skipped() -> None:
    friday = datetime(2026, 4, 2, 16, 0)  # Thursday 2 April; Good Friday is 3 April 2026
    busy = slot(friday, person=LUKASZ, minutes=180)
    found = nearest_free_slot(slot(friday), [busy], CONTEXT)
    assert found is not None
    assert found.start == datetime(2026, 4, 7, 16, 0)  # Easter Monday too: Tuesday 7 April


def test_team_closures_are_skipped() -> None:
    closed = SchedulingContext(calendar=WorkingCalendar(closures=frozenset({date(2026, 3, 18)})))
    busy = slot(TUESDAY, person=LUKASZ, minutes=180)
    found = nearest_free_slot(slot(), [busy], closed)
    assert found is not None and found.start == datetime(2026, 3, 19, 16, 0)


def test_nothing_after_the_deadline() -> None:
    tight = SchedulingContext(deadline=TUESDAY.date())
    busy = slot(TUESDAY, person=LUKASZ, minutes=180)
    assert nearest_free_slot(slot(), [busy], tight) is None


def test_the_young_persons_own_sessions_and_a_full_room_count_as_busy() -> None:
    mine = slot(TUESDAY, worker=ALEX)  # Zoë is with Alex at 16:00
    room = slot(
        datetime(2026, 3, 17, 17, 0), person=LUKASZ, worker=ALEX, venue_name="Interview room 1"
    )
    wanted = slot(venue_name="Interview room 1")
    found = nearest_free_slot(wanted, [mine, room], CONTEXT)
    assert found is not None and found.start == datetime(2026, 3, 17, 18, 0)


def test_cancelled_sessions_free_their_time() -> None:
    gone = slot(TUESDAY, person=LUKASZ, status=Attendance.CANCELLED_BY_SERVICE)
    assert nearest_free_slot(slot(), [gone], CONTEXT) == slot()


def test_no_new_school_hours_warning_but_an_old_one_is_kept() -> None:
    morning = datetime(2026, 3, 17, 10, 0)  # in school hours already: that warning is allowed
    busy = slot(morning, person=LUKASZ)
    found = nearest_free_slot(slot(morning), [busy], CONTEXT)
    assert found is not None and found.start == datetime(2026, 3, 17, 11, 0)


def test_a_series_keeps_its_order_and_counts_its_own_suggestions() -> None:
    wanted = [slot(TUESDAY + timedelta(weeks=w)) for w in range(3)]
    busy = [slot(TUESDAY + timedelta(weeks=1), person=LUKASZ, minutes=180)]  # week 2 blocked
    found = suggest_series(wanted, busy, CONTEXT)
    assert [s.moved for s in found] == [False, True, False]
    assert [s.slot.start for s in found if s.slot is not None] == [
        TUESDAY,
        datetime(2026, 3, 25, 16, 0),
        datetime(2026, 3, 31, 16, 0),
    ]
    assert [c.kind for c in found[1].conflicts] == [ConflictKind.WORKER_DOUBLE_BOOKED]
    assert "Sam Patel already has a session from 16:00 to 19:00 on 24 March 2026" in (
        found[1].conflicts[0].message
    )


def test_a_series_never_goes_back_before_the_session_before_it() -> None:
    # Both wanted on the same day: the second starts after the first has ended.
    wanted = [slot(TUESDAY), slot(TUESDAY)]
    found = suggest_series(wanted, [], CONTEXT)
    assert [s.slot.start.time() for s in found if s.slot is not None] == [time(16), time(17)]
    assert found[1].moved


def test_nothing_free_in_reach_is_none() -> None:
    wanted = slot()
    busy = [
        slot(
            datetime.combine(TUESDAY.date() + timedelta(days=d), time(8)),
            person=LUKASZ,
            minutes=720,
        )
        for d in range(10)
    ]
    (only,) = suggest_series([wanted], busy, CONTEXT, search_days=5)
    assert only.slot is None and only.moved
