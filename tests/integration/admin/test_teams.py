"""Teams and their letterhead (issue 14, point 10): set by an administrator, read by letters."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.integration.delivery_helpers import new_referral, set_up_team, user
from tests.integration.helpers import audit_rows
from yot_desktop.domain.enums import LetterType, Role
from yot_desktop.domain.errors import ConflictError, PermissionDenied, ValidationError
from yot_desktop.services.container import Services
from yot_desktop.services.dto import CurrentUser
from yot_desktop.services.letters.service import LetterRequest
from yot_desktop.storage.models import Team

TEAM = "West Berkshire Youth Offending Team"


def test_a_fresh_install_gives_its_team_a_letterhead(
    services: Services, admin: CurrentUser
) -> None:
    # The first administrator's team has a name and nothing else.
    (first,) = services.teams.list_teams(admin)
    assert (first.address_lines, first.phone, first.email) == ((), "", "")
    assert not first.has_letterhead

    saved = services.teams.set_team(
        admin,
        TEAM,
        address=("Market Street", "", "  Newbury ", "RG14 5LD"),
        phone="01635503090",
        email=" yot@westberks.example ",
        team_id=first.id,
        version=first.version,
    )

    assert saved.id == first.id  # renamed, not a second team
    assert saved.name == TEAM
    assert saved.address_lines == ("Market Street", "Newbury", "RG14 5LD")
    assert saved.phone == "01635 503090"
    assert saved.email == "yot@westberks.example"
    assert saved.has_letterhead
    assert services.teams.list_teams(admin) == (saved,)
    assert services.users.list_teams()[0].name == TEAM
    # Audited with field names only: no address, phone or email in the audit trail.
    assert audit_rows(services, "set_team") == [("admin", "ok", "changed=name,address,phone,email")]


def test_set_creates_a_new_team_and_updates_by_name(services: Services, admin: CurrentUser) -> None:
    made = services.teams.set_team(admin, "Reading YOT", address=("Civic Offices",), phone="")
    assert [t.name for t in services.teams.list_teams(admin)] == [
        "Reading YOT",
        "Youth Offending Team",
    ]
    assert audit_rows(services, "add_team") == [("admin", "ok", "letterhead")]

    # By name again: the same team; what is not given is kept.
    again = services.teams.set_team(admin, "Reading YOT", phone="0118 937 3737")
    assert again.id == made.id
    assert again.address_lines == ("Civic Offices",)
    assert again.phone == "0118 937 3737"
    assert again.version == made.version + 1

    # Nothing changed: no new version, no audit row.
    same = services.teams.set_team(admin, "Reading YOT", phone="01189373737")
    assert same.version == again.version
    assert len(audit_rows(services, "set_team")) == 1


def test_every_problem_names_its_field_and_nothing_is_written(
    services: Services, admin: CurrentUser
) -> None:
    (team,) = services.teams.list_teams(admin)
    with pytest.raises(ValidationError) as caught:
        services.teams.set_team(
            admin,
            "  ",
            address=("Market Street", "Newbury\tBerks", "x" * 201),
            phone="12345",
            email="not an email",
            team_id=team.id,
        )
    fields = [p.field for p in caught.value.problems]
    assert fields == ["team name", "address line 2", "address line 3", "phone", "email"]
    assert "like 07700 900123" in str(caught.value)
    assert "like name@example.com" in str(caught.value)
    assert services.teams.list_teams(admin) == (team,)


def test_a_name_taken_by_another_team_is_refused(services: Services, admin: CurrentUser) -> None:
    services.teams.set_team(admin, "Reading YOT")
    (first,) = [t for t in services.teams.list_teams(admin) if t.name != "Reading YOT"]
    with pytest.raises(ValidationError, match="team name: There is already a team called"):
        services.teams.set_team(admin, "Reading YOT", team_id=first.id, version=first.version)


def test_a_stale_version_is_a_conflict(services: Services, admin: CurrentUser) -> None:
    (team,) = services.teams.list_teams(admin)
    services.teams.set_team(admin, team.name, phone="01635 503090", version=team.version)
    with pytest.raises(ConflictError):
        services.teams.set_team(
            admin, team.name, phone="0118 496 0000", team_id=team.id, version=team.version
        )
    with services.ctx.uow() as uow:
        assert uow.session.scalar(select(Team.phone).where(Team.id == team.id)) == "01635 503090"


def test_only_an_administrator_sets_a_letterhead(services: Services, admin: CurrentUser) -> None:
    services.users.add_user(admin, "m.manager", Role.MANAGER, "manager-password-long")
    manager = services.auth.sign_in("m.manager", "manager-password-long")
    with pytest.raises(PermissionDenied):
        services.teams.set_team(manager, "Youth Offending Team", phone="01635 503090")
    assert audit_rows(services, "set_team") == [("m.manager", "refused", "manage_users")]
    # Everyone signed in may read the letterhead: letters need it.
    assert services.teams.list_teams(manager)[0].phone == ""


def test_letters_give_the_teams_phone_as_the_workers(services: Services) -> None:
    set_up_team(services)
    rid = new_referral(services, "43/26/4001")
    admin = user(services, "admin")
    team = next(t for t in services.teams.list_teams(admin) if t.name == TEAM)
    services.teams.set_team(
        admin, TEAM, phone="01635 519080", email="diversion@westberks.example", team_id=team.id
    )

    ctx = services.letters.context(
        user(services, "practitioner"), LetterRequest(rid, LetterType.NOT_ELIGIBLE)
    )

    assert ctx.worker.phone == "01635 519080"
    assert ctx.letterhead.phone == "01635 519080"
    assert ctx.letterhead.email == "diversion@westberks.example"
    assert ctx.letterhead.address_lines == team.address_lines


def test_adding_a_team_never_overwrites_one(services: Services, admin: CurrentUser) -> None:
    (team,) = services.teams.list_teams(admin)
    with pytest.raises(ValidationError) as caught:
        services.teams.set_team(admin, team.name, phone="999", new=True)
    assert [p.field for p in caught.value.problems] == ["team name", "phone"]
    assert "There is already a team called Youth Offending Team" in str(caught.value)
    assert services.teams.list_teams(admin) == (team,)
