"""Starting a programme when the standard weekly times clash with the worker's diary (issue 14,
point 5): the plan offers the nearest free time for each clashing session, the worker may
change any, then the programme is booked at those times. Without chosen times, the start is
refused naming each clash and its nearest free time, and nothing is written."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from sqlalchemy import func, select

from tests.integration.delivery_helpers import new_referral, set_up_team, user
from yot_desktop.domain.errors import ValidationError
from yot_desktop.services.container import Services
from yot_desktop.services.delivery.programmes import ProgrammeClashes
from yot_desktop.storage.models import ProgrammeSession
from yot_desktop.storage.models_delivery import Programme

# Tuesday 1 December 2026: WB's standard plan is an assessment and three sessions, weekly.
FIRST = date(2026, 12, 1)


@pytest.fixture
def clash(services: Services) -> tuple[Services, int]:
    """Priya already sees another young person at 16:00 on Tuesday 8 December."""
    set_up_team(services)
    me = user(services, "practitioner")
    other = new_referral(services, "43/26/7001", first_name="Łukasz")
    services.programmes.start(me, other, start=date(2026, 12, 8), at=time(16, 0))
    return services, new_referral(services, "43/26/7002")


def sessions_of(services: Services, referral_id: int) -> int:
    with services.ctx.uow() as uow:
        return (
            uow.session.scalar(
                select(func.count(ProgrammeSession.id)).where(
                    ProgrammeSession.referral_id == referral_id
                )
            )
            or 0
        )


def test_the_plan_offers_the_nearest_free_time_for_each_clash(clash: tuple[Services, int]) -> None:
    services, rid = clash
    me = user(services, "practitioner")
    plan = services.programmes.plan_start(me, rid, start=FIRST, at=time(16, 0))

    assert [p.wanted for p in plan.sessions] == [
        datetime(2026, 12, 1, 16, 0),
        datetime(2026, 12, 8, 16, 0),
        datetime(2026, 12, 15, 16, 0),
        datetime(2026, 12, 22, 16, 0),
    ]
    # Łukasz's programme takes 16:00 on the 8th, 15th, 22nd (and 29th): later that day.
    assert [p.moved for p in plan.sessions] == [False, True, True, True]
    # His assessment on the 8th runs 16:00 to 17:30; his sessions after it, 16:00 to 17:00.
    assert [p.suggested for p in plan.sessions] == [
        datetime(2026, 12, 1, 16, 0),
        datetime(2026, 12, 8, 17, 30),
        datetime(2026, 12, 15, 17, 0),
        datetime(2026, 12, 22, 17, 0),
    ]
    assert plan.sessions[1].clashes == (
        "Priya Practitioner already has a session from 16:00 to 17:30 on 8 December 2026.",
    )
    assert plan.sessions[0].label == "Assessment"
    assert plan.deadline == date(2027, 2, 23)
    assert sessions_of(services, rid) == 0  # planning writes nothing


def test_the_worker_changes_one_time_and_books(clash: tuple[Services, int]) -> None:
    services, rid = clash
    me = user(services, "practitioner")
    plan = services.programmes.plan_start(me, rid, start=FIRST, at=time(16, 0))
    chosen = [p.suggested or p.wanted for p in plan.sessions]
    chosen[2] = datetime(2026, 12, 16, 10, 0)  # a Wednesday morning instead

    started = services.programmes.start(me, rid, start=FIRST, at=time(16, 0), sessions=chosen)

    assert [s.starts_at for s in started.booked] == chosen
    assert started.programme.start_date == FIRST
    assert sessions_of(services, rid) == 4


def test_chosen_times_are_still_checked(clash: tuple[Services, int]) -> None:
    services, rid = clash
    me = user(services, "practitioner")
    clashing = [datetime(2026, 12, d, 16, 0) for d in (1, 8, 15, 22)]
    with pytest.raises(ValidationError) as refused:
        services.programmes.start(me, rid, start=FIRST, sessions=clashing)
    assert "already has a session from 16:00 to 17:30 on 8 December 2026" in str(refused.value)
    with pytest.raises(ValidationError, match="each of the 4 sessions"):
        services.programmes.start(me, rid, start=FIRST, sessions=clashing[:2])
    assert sessions_of(services, rid) == 0


def test_start_without_chosen_times_names_each_clash_and_its_nearest_free_time(
    clash: tuple[Services, int],
) -> None:
    services, rid = clash
    me = user(services, "practitioner")
    with pytest.raises(ProgrammeClashes) as refused:
        services.programmes.start(me, rid, start=FIRST, at=time(16, 0))
    lines = [str(p) for p in refused.value.problems]
    assert lines[0] == (
        "Session 2: Drug education (one to one) at 16:00 on Tuesday 8 December 2026 clashes: "
        "Priya Practitioner already has a session from 16:00 to 17:30 on 8 December 2026. "
        "The nearest free time is 17:30 on Tuesday 8 December 2026."
    )
    assert len(lines) == 3
    with services.ctx.uow() as uow:
        assert uow.session.scalar(select(func.count(Programme.id))) == 1  # Łukasz's only
    assert sessions_of(services, rid) == 0


def test_a_free_diary_plans_the_standard_times(services: Services) -> None:
    set_up_team(services)
    me = user(services, "practitioner")
    rid = new_referral(services, "43/26/7003")
    plan = services.programmes.plan_start(me, rid, start=FIRST)
    assert plan.moved == ()
    assert all(p.suggested == p.wanted for p in plan.sessions)


def test_booking_the_rest_of_a_tailored_plan_names_the_nearest_free_times(
    clash: tuple[Services, int],
) -> None:
    services, rid = clash
    me = user(services, "practitioner")
    plan = services.programmes.plan_start(me, rid, start=FIRST, at=time(16, 0))
    started = services.programmes.start(
        me, rid, start=FIRST, sessions=[p.suggested or p.wanted for p in plan.sessions]
    )
    p = started.programme
    detail = services.plans.update_item(me, p.id, p.version, 1, planned_count=4)
    # Tuesday 29 December at 16:00: Łukasz's fourth session is there.
    with pytest.raises(ProgrammeClashes) as refused:
        services.programmes.book_remaining(me, detail.id, date(2026, 12, 29), time(16, 0))
    assert [str(x) for x in refused.value.problems] == [
        "Session 5: Drug education (one to one) at 16:00 on Tuesday 29 December 2026 clashes: "
        "Priya Practitioner already has a session from 16:00 to 17:00 on 29 December 2026. "
        "The nearest free time is 17:00 on Tuesday 29 December 2026."
    ]
    assert sessions_of(services, rid) == 4


def test_the_workers_own_times_are_checked_before_booking(clash: tuple[Services, int]) -> None:
    services, rid = clash
    me = user(services, "practitioner")
    mine = [datetime(2026, 12, d, h, 0) for d, h in ((1, 16), (8, 16), (15, 18), (22, 17))]
    checked = services.programmes.plan_start(me, rid, start=FIRST, sessions=mine)
    assert [p.wanted for p in checked.sessions] == mine
    assert [p.moved for p in checked.sessions] == [False, True, False, False]
    assert checked.sessions[1].suggested == datetime(2026, 12, 8, 17, 30)
    with pytest.raises(ValidationError, match="each of the 4 sessions"):
        services.programmes.plan_start(me, rid, start=FIRST, sessions=mine[:3])
    assert sessions_of(services, rid) == 0
