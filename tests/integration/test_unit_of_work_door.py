"""One door for loading, scope and stale writes (issue 13, point 2): UnitOfWork.load gives a
record as the user may have it, at the version they saw; a save that loses the race with
another user's is the app's ConflictError naming the record and keeping its id."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import select

from tests.integration.helpers import demo_user
from tests.integration.test_save_races import just_before_first_flush
from yot_desktop.domain.enums import Attendance
from yot_desktop.domain.errors import ConflictError, NotFound
from yot_desktop.services.container import Services
from yot_desktop.services.core import through_referral
from yot_desktop.services.dto import CurrentUser
from yot_desktop.storage.models import ProgrammeSession, Referral, Team

MISSING = "This session does not exist or is not in your team."


def _planned_session(
    services: Services, team_id: int | None, own: bool, past: bool = False
) -> tuple[int, int]:
    """(id, version) of a planned session of the team (own) or of another team (`past`: one
    that has started, so that it can be marked)."""
    with services.ctx.uow() as uow:
        same_team = Referral.team_id == team_id
        started = ProgrammeSession.starts_at < services.ctx.clock()
        found = uow.session.execute(
            select(ProgrammeSession.id, ProgrammeSession.version)
            .join(Referral, Referral.id == ProgrammeSession.referral_id)
            .where(same_team if own else ~same_team)
            .where(ProgrammeSession.status == Attendance.PLANNED.value)
            .where(started if past else ProgrammeSession.id > 0)
            .order_by(ProgrammeSession.id)
        ).first()
    assert found is not None
    return found[0], found[1]


def test_load_applies_the_team_scope_and_the_version_seen(demo: Services) -> None:
    priya = demo_user(demo, "practitioner")
    theirs, theirs_version = _planned_session(demo, priya.team_id, own=False)
    mine, mine_version = _planned_session(demo, priya.team_id, own=True)
    scope = through_referral(ProgrammeSession.referral_id)

    def load(session_id: int, seen: int | None, user: CurrentUser = priya) -> int:
        with demo.ctx.uow() as uow:
            row = uow.load(
                ProgrammeSession,
                session_id,
                entity="session",
                missing=MISSING,
                user=user,
                scope=scope,
                seen=seen,
            )
            return row.id

    with pytest.raises(NotFound, match="not in your team"):
        load(theirs, theirs_version)  # another team's is as missing as none at all
    assert load(mine, mine_version) == mine
    assert load(mine, None) == mine  # no version to check
    with pytest.raises(ConflictError) as raised:
        load(mine, mine_version - 1)
    assert (raised.value.entity, raised.value.entity_id) == ("session", mine)
    assert str(raised.value) == (
        "This session was changed after you opened it. "
        "Reload to see their changes, or apply yours again on top."
    )
    assert load(theirs, theirs_version, demo_user(demo, "manager")) == theirs  # every team's


def test_a_save_that_loses_the_race_at_commit_keeps_the_records_id(
    services: Services, open_services: Callable[[], Services]
) -> None:
    """The version moved between the check and the write (StaleDataError at commit)."""
    with services.ctx.uow() as uow:
        team = Team(name="Reading Youth Offending Team")
        uow.session.add(team)
        uow.commit()
        team_id, seen = team.id, team.version
    other = open_services()
    with services.ctx.uow() as uow:
        row = uow.load(Team, team_id, entity="team", missing="no team", seen=seen)
        with other.ctx.uow() as theirs:
            theirs.session.get_one(Team, team_id).phone = "0118 000 0000"
            theirs.commit()
        row.phone = "0118 111 1111"
        with pytest.raises(ConflictError) as raised:
            uow.commit()
    assert (raised.value.entity, raised.value.entity_id) == ("team", team_id)
    assert "This team was changed after you opened it." in str(raised.value)


def test_a_service_save_that_loses_the_race_at_flush_is_a_conflict_on_that_record(
    demo: Services, open_services: Callable[[], Services]
) -> None:
    """No decorator: the unit of work turns the lost race into the session's conflict."""
    mine = open_services()
    priya = demo_user(demo, "practitioner")
    session_id, seen = _planned_session(demo, priya.team_id, own=True, past=True)

    def theirs_first() -> None:
        demo.attendance.mark(priya, session_id, seen, Attendance.ATTENDED)

    just_before_first_flush(mine, theirs_first)
    with pytest.raises(ConflictError) as raised:
        mine.attendance.mark(priya, session_id, seen, Attendance.ATTENDED)
    assert (raised.value.entity, raised.value.entity_id) == ("session", session_id)
    assert str(raised.value).startswith("This session was changed after you opened it.")
