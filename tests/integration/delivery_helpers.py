"""Shared by the delivery tests: a small team with schemes, staff and referrals made to order."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import select

from tests.integration.helpers import demo_user
from yot_desktop.demo import fill_demo
from yot_desktop.domain.enums import ReferralStatus
from yot_desktop.domain.names import fold
from yot_desktop.services.container import Services
from yot_desktop.services.delivery.programme_state import open_programme
from yot_desktop.services.dto import CurrentUser
from yot_desktop.storage.models import Referral, Scheme, Team, User, YoungPerson

WB_TEAM = "West Berkshire Youth Offending Team"
WM_TEAM = "Windsor and Maidenhead Youth Offending Team"


def set_up_team(services: Services) -> None:
    """Teams, schemes and the demo staff, with no young people."""
    fill_demo(services, people=0, seed=1)


def user(services: Services, name: str) -> CurrentUser:
    return demo_user(services, name)


def user_id(services: Services, username: str) -> int:
    with services.ctx.uow() as uow:
        return uow.session.scalar(select(User.id).where(User.username == username))  # type: ignore[return-value]


def team_id(services: Services, name: str = WB_TEAM) -> int:
    with services.ctx.uow() as uow:
        return uow.session.scalar(select(Team.id).where(Team.name == name))  # type: ignore[return-value]


def new_referral(
    services: Services,
    crime_reference: str,
    *,
    status: str = "received",
    scheme: str = "WB",
    team: str = WB_TEAM,
    worker: str | None = "practitioner",
    first_name: str = "Zoë",
    last_name: str = "Ağaoğlu",
    school: str = "",
) -> int:
    """A referral (and a new young person) straight into the tables, with its programme row when
    it is in a programme; returns the referral id."""
    now = services.ctx.clock()
    with services.ctx.uow() as uow:
        s = uow.session
        team_row = s.scalar(select(Team).where(Team.name == team))
        assert team_row is not None
        scheme_id = s.scalar(select(Scheme.id).where(Scheme.code == scheme))
        worker_id = s.scalar(select(User.id).where(User.username == worker)) if worker else None
        count = len(s.scalars(select(YoungPerson.id)).all())
        person = YoungPerson(
            person_ref=f"YPT{count + 1:05d}",
            first_name=first_name,
            last_name=last_name,
            search_name=fold(f"{first_name} {last_name}"),
            search_last=fold(last_name),
            date_of_birth=date(2011, 5, 4),
            school=school,
            team_id=team_row.id,
            created_at=now,
            updated_at=now,
        )
        s.add(person)
        s.flush()
        referral = Referral(
            crime_reference=crime_reference,
            young_person_id=person.id,
            scheme_id=scheme_id,
            team_id=team_row.id,
            worker_id=worker_id,
            referral_date=now.date(),
            referring_officer="PC Example",
            offence_date=now.date(),
            substance="cannabis",
            quantity=Decimal("2"),
            unit="g",
            supply_suspected=False,
            status=status,
            eligible=True,
            created_at=now,
            updated_at=now,
        )
        s.add(referral)
        s.flush()
        if status == ReferralStatus.IN_PROGRAMME.value:  # as a move into a programme makes it
            open_programme(s, referral, "manager", now)
        uow.commit()
        return referral.id


def at(day: date, hour: int = 16, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute)
