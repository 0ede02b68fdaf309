"""Booking: every conflict rule explained before saving, series, rescheduling with history."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from tests.integration.delivery_helpers import at, new_referral, set_up_team, user, user_id
from yot_desktop.domain.enums import Attendance, Venue
from yot_desktop.domain.errors import ConflictError, PermissionDenied, ValidationError
from yot_desktop.domain.scheduling import ConflictKind, Severity
from yot_desktop.services.container import Services
from yot_desktop.services.delivery.dto import SessionProposal
from yot_desktop.services.delivery.scheduling import BookingRefused

MONDAY = date(2026, 12, 7)


@pytest.fixture
def team(services: Services) -> Services:
    set_up_team(services)
    return services


def proposal(rid: int, when: datetime, worker: int | None, **kw: object) -> SessionProposal:
    return SessionProposal(referral_id=rid, starts_at=when, minutes=60, worker_id=worker, **kw)  # type: ignore[arg-type]


def kinds(conflicts: object) -> list[ConflictKind]:
    return [c.kind for c in conflicts]  # type: ignore[attr-defined]


def test_a_worker_booked_twice_is_explained_and_refused(team: Services) -> None:
    me = user(team, "practitioner")
    priya = user_id(team, "practitioner")
    first = new_referral(team, "43/26/1001", status="in_programme")
    second = new_referral(team, "43/26/1002", status="in_programme", first_name="Łukasz")
    team.scheduling.book(me, proposal(first, at(MONDAY, 16), priya))

    clash = proposal(second, at(MONDAY, 16, 30), priya)
    found = team.scheduling.check(me, clash)
    assert kinds(found) == [ConflictKind.WORKER_DOUBLE_BOOKED]
    assert found[0].message == (
        "Priya Practitioner already has a session from 16:00 to 17:00 on 7 December 2026."
    )
    with pytest.raises(BookingRefused) as refused:
        team.scheduling.book(me, clash)
    assert refused.value.conflicts == found
    assert len(team.scheduling.diary(me, MONDAY, MONDAY)) == 1
    # Back to back is fine: sessions are half-open.
    assert not team.scheduling.check(me, proposal(second, at(MONDAY, 17), priya))


def test_a_young_person_booked_twice(team: Services) -> None:
    me = user(team, "practitioner")
    rid = new_referral(team, "43/26/1003", status="in_programme", first_name="Siobhán")
    team.scheduling.book(me, proposal(rid, at(MONDAY, 16), user_id(team, "practitioner")))
    found = team.scheduling.check(me, proposal(rid, at(MONDAY, 16), user_id(team, "sam.patel")))
    assert kinds(found) == [ConflictKind.YOUNG_PERSON_DOUBLE_BOOKED]
    assert found[0].message.startswith("Siobhán Ağaoğlu already has a session from 16:00")


def test_a_venue_over_capacity(team: Services) -> None:
    manager = user(team, "manager")
    me = user(team, "practitioner")
    team.calendar_settings.save_venue(manager, "Newbury office, room 1", Venue.YOT_OFFICE, 1, None)
    a = new_referral(team, "43/26/1004", status="in_programme")
    b = new_referral(team, "43/26/1005", status="in_programme")
    room = {"venue_name": "Newbury office, room 1"}
    team.scheduling.book(me, proposal(a, at(MONDAY, 16), user_id(team, "practitioner"), **room))
    found = team.scheduling.check(
        me,
        proposal(
            b, at(MONDAY, 16), user_id(team, "sam.patel"), venue_name="newbury office, room 1 "
        ),
    )
    assert kinds(found) == [ConflictKind.VENUE_OVER_CAPACITY]
    assert "can hold 1 session at a time" in found[0].message


def test_after_the_deadline_and_on_a_bank_holiday(team: Services) -> None:
    me = user(team, "practitioner")
    rid = new_referral(team, "43/26/1006")
    p = team.programmes.start(me, rid, start=date(2026, 12, 1)).programme
    assert p.deadline == date(2027, 2, 23)
    late = team.scheduling.check(me, proposal(rid, at(date(2027, 2, 24)), None))
    assert kinds(late) == [ConflictKind.AFTER_DEADLINE]
    assert "after the programme deadline of 23 February 2027" in late[0].message
    holiday = team.scheduling.check(me, proposal(rid, at(date(2026, 12, 28)), None))
    assert kinds(holiday) == [ConflictKind.NON_WORKING_DAY]
    assert "Boxing Day" in holiday[0].message


def test_school_hours_are_a_warning_the_user_can_accept(team: Services) -> None:
    me = user(team, "practitioner")
    rid = new_referral(team, "43/26/1007", status="in_programme", school="Kennet School")
    daytime = proposal(rid, at(MONDAY, 11), user_id(team, "practitioner"))
    found = team.scheduling.check(me, daytime)
    assert kinds(found) == [ConflictKind.SCHOOL_HOURS]
    assert found[0].severity is Severity.WARNING
    with pytest.raises(BookingRefused):
        team.scheduling.book(me, daytime)
    booked = team.scheduling.book(me, daytime, accept_warnings=True)
    assert kinds(booked.warnings) == [ConflictKind.SCHOOL_HOURS]
    # No school recorded: no warning.
    other = new_referral(team, "43/26/1008", status="in_programme")
    assert not team.scheduling.check(me, proposal(other, at(MONDAY, 11), None))


def test_a_weekly_series_is_all_or_nothing(team: Services) -> None:
    me = user(team, "practitioner")
    priya = user_id(team, "practitioner")
    a = new_referral(team, "43/26/1009", status="in_programme")
    b = new_referral(team, "43/26/1010", status="in_programme")
    team.scheduling.book(me, proposal(a, at(date(2026, 12, 21), 16), priya))
    with pytest.raises(BookingRefused) as refused:
        team.scheduling.book_series(me, proposal(b, at(MONDAY, 16), priya), 4)
    assert kinds(refused.value.conflicts) == [ConflictKind.WORKER_DOUBLE_BOOKED]
    assert team.scheduling.diary(me, MONDAY, date(2027, 1, 31), worker_id=priya)[0].referral_id == a
    series = team.scheduling.book_series(me, proposal(b, at(MONDAY, 17), priya), 4)
    assert [s.starts_at.date() for s in series.sessions] == [
        date(2026, 12, 7),
        date(2026, 12, 14),
        date(2026, 12, 21),
        date(2026, 12, 29),  # Christmas and the Boxing Day substitute skipped
    ]


def test_rescheduling_keeps_the_history(team: Services) -> None:
    me = user(team, "practitioner")
    rid = new_referral(team, "43/26/1011", status="in_programme")
    first = team.scheduling.book(me, proposal(rid, at(MONDAY, 16), None)).sessions[0]
    moved = team.scheduling.reschedule(me, first.id, first.version, at(date(2026, 12, 8), 17))
    assert moved.starts_at == at(date(2026, 12, 8), 17)
    history = team.scheduling.history(me, moved.id)
    assert [(h.id, h.status) for h in history] == [
        (first.id, Attendance.RESCHEDULED),
        (moved.id, Attendance.PLANNED),
    ]
    assert history[0].rescheduled_to_id == moved.id
    # The diary shows the new time only.
    assert [s.id for s in team.scheduling.diary(me, MONDAY, date(2026, 12, 8))] == [moved.id]
    with pytest.raises(ConflictError):
        team.scheduling.reschedule(me, first.id, first.version, at(date(2026, 12, 9), 17))
    with pytest.raises(ValidationError, match="only a planned session"):
        team.scheduling.reschedule(me, first.id, first.version + 1, at(date(2026, 12, 9), 17))


def test_only_managers_and_administrators_set_closures(team: Services) -> None:
    from tests.integration.delivery_helpers import team_id

    with pytest.raises(PermissionDenied):
        team.calendar_settings.add_closure(user(team, "practitioner"), team_id(team), MONDAY, "x")
    team.calendar_settings.add_closure(user(team, "manager"), team_id(team), MONDAY, "Training")
    with pytest.raises(ValidationError, match="already a closure day"):
        team.calendar_settings.add_closure(user(team, "admin"), team_id(team), MONDAY, "Again")
    closures = team.calendar_settings.closures(user(team, "practitioner"), team_id(team))
    assert [(c.day, c.reason) for c in closures] == [(MONDAY, "Training")]
