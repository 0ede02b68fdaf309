"""Every referral in a programme has its programme row, made when it moves into the programme
(issue 13, point 1): reads only read, a manual move makes the row, and migration 0012 makes
the rows older databases lack."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, time

import pytest
from sqlalchemy import delete, event, select

from tests.integration.delivery_helpers import new_referral, set_up_team, user
from tests.integration.helpers import FixedClock
from yot_desktop.domain.consent import Party
from yot_desktop.domain.enums import Attendance, ReferralStatus
from yot_desktop.domain.programme import programme_deadline
from yot_desktop.services.admin.schemes import rules_of
from yot_desktop.services.container import Services
from yot_desktop.services.delivery.common import team_calendar
from yot_desktop.services.delivery.dto import SessionProposal
from yot_desktop.storage import migrate
from yot_desktop.storage.models import Referral, Scheme
from yot_desktop.storage.models_delivery import Programme
from yot_desktop.storage.models_intake import ReferralStatusChange

BASIS = "Consent: the young person and a parent agreed to take part"


@pytest.fixture
def team(services: Services) -> Services:
    set_up_team(services)
    return services


@contextmanager
def inserts_into(services: Services, table: str) -> Iterator[list[str]]:
    """The INSERT statements into `table` run while the block runs."""
    seen: list[str] = []

    def listen(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        words = statement.split()
        if words[:2] == ["INSERT", "INTO"] and words[2].strip('"') == table:
            seen.append(statement)

    engine = services.ctx.engine
    event.listen(engine, "before_cursor_execute", listen)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", listen)


def programme_row(services: Services, referral_id: int) -> Programme | None:
    with services.ctx.uow() as uow:
        found = uow.session.scalar(select(Programme).where(Programme.referral_id == referral_id))
        if found is not None:
            uow.session.expunge(found)
        return found


def expected_deadline(services: Services, referral_id: int, start: date) -> date:
    with services.ctx.uow() as uow:
        s = uow.session
        referral = s.get_one(Referral, referral_id)
        rules = rules_of(s.get_one(Scheme, referral.scheme_id))
        return programme_deadline(start, rules, team_calendar(s, referral.team_id))


def test_reading_a_programme_writes_no_programme(team: Services, clock: FixedClock) -> None:
    me = user(team, "practitioner")
    rid = new_referral(team, "43/26/7001")
    started = team.programmes.start(me, rid, start=date(2026, 12, 1), at=time(16, 0))
    clock.now = datetime(2026, 12, 1, 18, 0)
    first = started.booked[0]

    with inserts_into(team, "programmes") as seen:
        detail = team.programmes.get(me, rid)
        row = team.engagement.for_referral(me, rid)
        listed = team.engagement.programmes(me)
        team.attendance.mark(me, first.id, first.version, Attendance.DID_NOT_ATTEND)

    assert seen == []
    assert detail is not None and row is not None
    assert [r.referral_id for r in listed] == [rid]


def test_a_referral_in_programme_without_its_row_is_read_not_mended(team: Services) -> None:
    """Such a record cannot arise any more (migration 0012 mends old ones): reading it shows no
    programme rather than writing one."""
    me = user(team, "practitioner")
    rid = new_referral(team, "43/26/7002", status="in_programme")
    with team.ctx.uow() as uow:
        uow.session.execute(delete(Programme).where(Programme.referral_id == rid))
        uow.commit()

    with inserts_into(team, "programmes") as seen:
        assert team.programmes.get(me, rid) is None
        assert team.engagement.for_referral(me, rid) is None
        assert team.engagement.programmes(me) == ()

    assert seen == []
    assert programme_row(team, rid) is None


def test_moving_a_referral_into_a_programme_by_hand_makes_its_row(
    team: Services, clock: FixedClock
) -> None:
    me = user(team, "practitioner")
    rid = new_referral(team, "43/26/7003", status="offered")
    assert programme_row(team, rid) is None
    for party, name in ((Party.YOUNG_PERSON, "Zoë Ağaoğlu"), (Party.PARENT_CARER, "Ana Ağaoğlu")):
        detail = team.decisions.record_consent(me, rid, party, name, clock.now.date(), BASIS)

    with inserts_into(team, "programmes") as seen:
        team.decisions.change_status(me, rid, detail.version, ReferralStatus.IN_PROGRAMME)

    assert len(seen) == 1
    made = programme_row(team, rid)
    assert made is not None
    today = clock.now.date()
    assert (made.start_date, made.deadline) == (today, expected_deadline(team, rid, today))
    assert (made.status, made.unexplained, made.started_by) == ("active", 0, "practitioner")
    assert made.started_at == clock.now
    shown = team.programmes.get(me, rid)
    assert shown is not None and shown.id == made.id and shown.items == ()


def test_migration_0012_gives_referrals_in_programme_their_rows(
    team: Services, clock: FixedClock
) -> None:
    """An older database: a referral in a programme with a missed session and no programme
    row, one in a programme with no session, and one merely offered."""
    me = user(team, "practitioner")
    with_session = new_referral(team, "43/26/7004", status="in_programme")
    without = new_referral(team, "43/26/7005", status="in_programme", first_name="Siobhán")
    offered = new_referral(team, "43/26/7006", status="offered", first_name="Łukasz")
    booked = team.scheduling.book(
        me, SessionProposal(with_session, datetime(2026, 11, 23, 16, 0), 60)
    )
    session = booked.sessions[0]
    clock.now = datetime(2026, 11, 24, 9, 0)
    team.attendance.mark(me, session.id, session.version, Attendance.DID_NOT_ATTEND)
    moved_at = datetime(2026, 11, 20, 10, 30)
    with team.ctx.uow() as uow:
        s = uow.session
        s.add(
            ReferralStatusChange(
                referral_id=with_session,
                from_status="offered",
                to_status="in_programme",
                at=moved_at,
                by_username="jo.evans",
                note="",
            )
        )
        s.execute(delete(Programme).where(Programme.referral_id.in_([with_session, without])))
        uow.commit()
    engine = team.ctx.engine
    migrate.downgrade(engine, "0011")

    migrate.upgrade(engine)

    first = programme_row(team, with_session)
    assert first is not None
    start = date(2026, 11, 23)  # its first session
    assert (first.start_date, first.deadline) == (
        start,
        expected_deadline(team, with_session, start),
    )
    assert (first.status, first.unexplained, first.continued_at) == ("active", 1, None)
    assert (first.started_by, first.started_at, first.version) == ("jo.evans", moved_at, 1)
    second = programme_row(team, without)
    assert second is not None
    today = date.today()  # no session: from the day of the upgrade
    assert (second.start_date, second.deadline) == (today, expected_deadline(team, without, today))
    assert (second.unexplained, second.started_by) == (0, "")
    assert programme_row(team, offered) is None
    detail = team.programmes.get(me, with_session)
    assert detail is not None and detail.unexplained == 1
