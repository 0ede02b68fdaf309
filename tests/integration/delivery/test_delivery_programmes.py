"""Programmes: starting from the standard plan around bank holidays, tailoring, the catalogue."""

from __future__ import annotations

from datetime import date, time

import pytest
from sqlalchemy import select

from tests.integration.delivery_helpers import (
    WM_TEAM,
    new_referral,
    set_up_team,
    team_id,
    user,
    user_id,
)
from tests.integration.helpers import audit_rows
from yot_desktop.domain.enums import Attendance, ReferralStatus
from yot_desktop.domain.errors import (
    ConflictError,
    InvalidTransition,
    NotFound,
    PermissionDenied,
    ValidationError,
)
from yot_desktop.services.container import Services
from yot_desktop.storage.models import Referral
from yot_desktop.storage.models_delivery import Programme
from yot_desktop.storage.models_intake import ReferralStatusChange


@pytest.fixture
def team(services: Services) -> Services:
    set_up_team(services)
    return services


def test_start_records_acceptance_and_books_round_christmas(team: Services) -> None:
    rid = new_referral(team, "43/26/0001")
    me = user(team, "practitioner")

    started = team.programmes.start(me, rid, start=date(2026, 12, 18), at=time(16, 0))

    assert started.statuses == ("offered", "in_programme")
    days = [s.starts_at.date() for s in started.booked]
    # Christmas Day (Fri), the Boxing Day substitute (Mon 28th) and New Year's Day are skipped.
    assert days == [date(2026, 12, 18), date(2026, 12, 29), date(2027, 1, 4), date(2027, 1, 8)]
    assert [s.intervention for s in started.booked] == ["assessment"] + ["drug_education"] * 3
    assert all(s.starts_at.time() == time(16, 0) for s in started.booked)
    assert {s.worker_name for s in started.booked} == {"Priya Practitioner"}
    programme = started.programme
    assert programme.deadline == date(2027, 3, 12)  # 12 weeks on, a working Friday
    assert [i.code for i in programme.items] == ["assessment", "drug_education"]
    assert [i.booked for i in programme.items] == [1, 3]
    assert programme.engagement is not None and programme.engagement.value == "on_track"
    with team.ctx.uow() as uow:
        changes = uow.session.execute(
            select(ReferralStatusChange.from_status, ReferralStatusChange.to_status)
            .where(ReferralStatusChange.referral_id == rid)
            .order_by(ReferralStatusChange.id)
        ).all()
        assert [tuple(c) for c in changes] == [("received", "offered"), ("offered", "in_programme")]
        assert uow.session.get_one(Referral, rid).status == "in_programme"
    assert audit_rows(team, "start_programme") == [("practitioner", "ok", "")]


def test_start_round_easter_uses_the_tuesday_after_easter_monday(team: Services) -> None:
    rid = new_referral(team, "43/27/0002", status="offered", scheme="OX")
    started = team.programmes.start(user(team, "manager"), rid, start=date(2027, 3, 22))
    days = [s.starts_at.date() for s in started.booked]
    assert len(days) == 7  # assessment + six sessions
    assert date(2027, 3, 29) not in days  # Easter Monday
    assert days[:3] == [date(2027, 3, 22), date(2027, 3, 30), date(2027, 4, 5)]
    assert all(d.weekday() < 5 for d in days)


def test_start_skips_team_closure_days(team: Services) -> None:
    manager = user(team, "manager")
    team.calendar_settings.add_closure(manager, team_id(team), date(2027, 2, 5), "Training day")
    rid = new_referral(team, "43/27/0003")
    started = team.programmes.start(user(team, "practitioner"), rid, start=date(2027, 1, 29))
    days = [s.starts_at.date() for s in started.booked]
    assert days[1] == date(2027, 2, 8)  # Friday 5th closed: the following Monday


def test_start_is_refused_for_a_final_status_and_writes_nothing(team: Services) -> None:
    rid = new_referral(team, "43/26/0004", status="completed")
    with pytest.raises(InvalidTransition, match="final"):
        team.programmes.start(user(team, "practitioner"), rid, start=date(2026, 12, 1))
    with team.ctx.uow() as uow:
        assert uow.session.scalar(select(Programme.id)) is None


def test_start_twice_is_refused(team: Services) -> None:
    rid = new_referral(team, "43/26/0005")
    me = user(team, "practitioner")
    team.programmes.start(me, rid, start=date(2026, 12, 1))
    with pytest.raises(ValidationError, match="already has a programme"):
        team.programmes.start(me, rid, start=date(2026, 12, 1))


def test_practitioners_cannot_start_another_teams_programme(team: Services) -> None:
    rid = new_referral(team, "43/26/0006", team=WM_TEAM, worker="jo.evans")
    with pytest.raises(NotFound):
        team.programmes.start(user(team, "practitioner"), rid)
    with pytest.raises(NotFound):
        team.programmes.start_by_reference(user(team, "practitioner"), "43/26/0006")
    assert team.programmes.start_by_reference(user(team, "jo.evans"), "43/26/0006").booked


def test_panel_members_cannot_start_programmes(team: Services) -> None:
    rid = new_referral(team, "43/26/0007")
    with pytest.raises(PermissionDenied):
        team.programmes.start(user(team, "panel"), rid)


def test_tailoring_the_plan(team: Services) -> None:
    rid = new_referral(team, "43/26/0008")
    me = user(team, "practitioner")
    p = team.programmes.start(me, rid, start=date(2026, 12, 1)).programme

    p = team.plans.add_item(me, p.id, p.version, "family_session", planned_count=2)
    assert [i.code for i in p.items] == ["assessment", "drug_education", "family_session"]
    assert p.items[2].provider == "Youth Offending Team"
    p = team.plans.move_item(me, p.id, p.version, 2, 0)
    assert [i.code for i in p.items] == ["family_session", "assessment", "drug_education"]
    sam = user_id(team, "sam.patel")
    p = team.plans.update_item(me, p.id, p.version, 0, minutes=45, worker_id=sam)
    assert (p.items[0].minutes, p.items[0].worker_name) == (45, "Sam Patel")
    with pytest.raises(ValidationError, match="sessions booked"):
        team.plans.remove_item(me, p.id, p.version, 1)
    stale = p.version
    p = team.plans.remove_item(me, p.id, p.version, 0)
    assert [i.code for i in p.items] == ["assessment", "drug_education"]
    with pytest.raises(ConflictError):
        team.plans.add_item(me, p.id, stale, "harm_reduction")
    with pytest.raises(ValidationError, match="minutes"):
        team.plans.update_item(me, p.id, p.version, 0, minutes=5)


def test_book_remaining_sessions_of_a_tailored_plan(team: Services) -> None:
    rid = new_referral(team, "43/26/0009")
    me = user(team, "practitioner")
    p = team.programmes.start(me, rid, start=date(2026, 12, 1)).programme
    p = team.plans.add_item(me, p.id, p.version, "harm_reduction", planned_count=2)
    booked = team.programmes.book_remaining(me, p.id, date(2027, 1, 19), time(16, 30))
    assert [s.intervention for s in booked.sessions] == ["harm_reduction"] * 2
    assert [s.starts_at.date() for s in booked.sessions] == [date(2027, 1, 19), date(2027, 1, 26)]
    with pytest.raises(ValidationError, match="already booked"):
        team.programmes.book_remaining(me, p.id, date(2027, 2, 2))


def test_administrators_edit_the_catalogue(team: Services) -> None:
    admin = user(team, "admin")
    codes = [i.code for i in team.programmes.catalogue(admin)]
    assert codes[:2] == ["assessment", "drug_education"] and len(codes) == 7
    row = team.programmes.save_intervention(admin, "knife_crime_awareness", "Knife crime", 45)
    assert row.position == 7
    changed = team.programmes.save_intervention(
        admin, "harm_reduction", "Harm reduction (group)", 90, "Cranstoun", True
    )
    assert changed.label == "Harm reduction (group)"
    with pytest.raises(ConflictError):
        team.programmes.save_intervention(
            admin, "harm_reduction", "Again", 60, expected_version=changed.version - 1
        )
    with pytest.raises(ValidationError) as bad:
        team.programmes.save_intervention(admin, "Bad Code!", "", 2)
    assert [p.field for p in bad.value.problems] == ["Intervention code", "Name", "Usual length"]
    with pytest.raises(PermissionDenied):
        team.programmes.save_intervention(user(team, "practitioner"), "x_y", "X", 60)

    # A new intervention can go into a programme.
    rid = new_referral(team, "43/26/0010")
    me = user(team, "practitioner")
    p = team.programmes.start(me, rid, start=date(2026, 12, 1)).programme
    p = team.plans.add_item(me, p.id, p.version, "knife_crime_awareness")
    assert p.items[-1].label == "Knife crime" and p.items[-1].minutes == 45


def test_sessions_of_a_programme_are_listed_in_the_diary(team: Services) -> None:
    rid = new_referral(team, "43/26/0011")
    me = user(team, "practitioner")
    team.programmes.start(me, rid, start=date(2026, 12, 1))
    week = team.scheduling.diary(me, date(2026, 11, 30), date(2026, 12, 6))
    assert [(s.crime_reference, s.status) for s in week] == [("43/26/0011", Attendance.PLANNED)]
    by_worker = team.scheduling.diary(
        me, date(2026, 11, 30), date(2026, 12, 6), worker_id=user_id(team, "sam.patel")
    )
    assert by_worker == ()


def test_withdrawing_ends_the_programme_and_cancels_its_planned_sessions(team: Services) -> None:
    rid = new_referral(team, "43/26/0012")
    me = user(team, "practitioner")
    started = team.programmes.start(me, rid, start=date(2026, 12, 1))
    detail = team.referrals.get(me, rid)
    # Completed and not engaged are decided on the programme, never by a bare status change.
    with pytest.raises(InvalidTransition, match="confirm completion on the programme"):
        team.decisions.change_status(me, rid, detail.version, ReferralStatus.COMPLETED)
    manager = user(team, "manager")
    with pytest.raises(InvalidTransition, match="engagement decision"):
        team.decisions.change_status(manager, rid, detail.version, ReferralStatus.NOT_ENGAGED)

    withdrawn = team.decisions.change_status(
        me, rid, detail.version, ReferralStatus.WITHDRAWN, "Family moved away"
    )

    assert withdrawn.status == "withdrawn"
    with team.ctx.uow() as uow:
        programme = uow.session.scalars(select(Programme).where(Programme.referral_id == rid)).one()
        assert (programme.status, programme.closed_by) == ("withdrawn", "practitioner")
        assert programme.id == started.programme.id
    week = team.scheduling.diary(me, date(2026, 11, 30), date(2027, 3, 31))
    booked = [s for s in week if s.crime_reference == "43/26/0012"]
    assert len(booked) == len(started.booked)
    assert {s.status for s in booked} == {Attendance.CANCELLED_BY_SERVICE}
    assert rid not in {p.referral_id for p in team.engagement.programmes(me)}
    assert audit_rows(team, "close_programme") == [("practitioner", "ok", "withdrawn")]
