"""Teams own their schemes (issue 11, point 5): a scheme names the team that runs it (`team` in
the scheme TOML, INTERFACES.md) and its referrals belong to that team, whoever imports them.
On SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from tests.integration.delivery_helpers import WB_TEAM, WM_TEAM, set_up_team, team_id
from tests.integration.helpers import audit_rows, demo_user
from tests.integration.intake_data import csv_text, row
from yot_desktop.domain.errors import ValidationError
from yot_desktop.services.admin.schemes import parse_scheme_toml
from yot_desktop.services.container import Services
from yot_desktop.storage.models import Referral, Scheme, Team, YoungPerson

FIELD = "Team that runs it (team)"


def scheme_toml(team: str | None, code: str = "WMX") -> str:
    line = f"team = {team}\n" if team is not None else ""
    return f"""
[scheme]
code = "{code}"
name = "Windsor youth drug diversion (by post)"
area = "Windsor"
{line}model = "conditional"
outcome_code = "22"
min_age = 10
max_age = 17
second_chance = false
sessions_required = 3
assessment_required = true
session_minutes = 60
complete_within_weeks = 12
absence_limit = 2
provider = "Cranstoun"

[[scheme.threshold]]
substance = "cannabis"
max_quantity = 5
unit = "g"
"""


@pytest.fixture
def teams(services: Services) -> Services:
    set_up_team(services)  # teams WB and WM, their staff, the shipped schemes
    return services


def test_a_scheme_names_its_team_and_keeps_it_through_export(teams: Services) -> None:
    manager = demo_user(teams, "manager")
    [loaded] = teams.schemes.load_text(manager, scheme_toml(f'"{WM_TEAM.lower()}"'))
    assert loaded.team == WM_TEAM.lower()  # as written; stored as the team itself

    assert teams.schemes.get("WMX").team == WM_TEAM
    exported = teams.schemes.export_text(manager, "WMX")
    assert f'team = "{WM_TEAM}"' in exported
    assert parse_scheme_toml(exported)[0].team == WM_TEAM
    # A scheme without the key is the importer's, and exports without it.
    assert teams.schemes.get("WB").team == ""
    assert "team =" not in teams.schemes.export_text(manager, "WB")


def test_referrals_for_a_teams_scheme_belong_to_that_team_whoever_imports_them(
    teams: Services,
) -> None:
    teams.schemes.load_text(demo_user(teams, "manager"), scheme_toml(f'"{WM_TEAM}"'))
    priya = demo_user(teams, "practitioner")  # team WB imports Windsor's referral
    report = teams.intake.import_text(priya, csv_text(row("43/26/0090001", scheme="WMX")))

    assert report.ok and report.written, report.problems
    assert report.rows[0].person == f"new, held by {WM_TEAM}"
    wm = team_id(teams, WM_TEAM)
    with teams.ctx.uow() as uow:
        s = uow.session
        referral = s.scalar(select(Referral).where(Referral.crime_reference == "43/26/0090001"))
        assert referral is not None
        person = s.get_one(YoungPerson, referral.young_person_id)
        assert (referral.team_id, person.team_id) == (wm, wm)
    # Windsor's practitioner has the case; the importer's team does not.
    assert [
        r.crime_reference for r in teams.referrals.list_referrals(demo_user(teams, "jo.evans")).rows
    ] == ["43/26/0090001"]
    assert teams.referrals.list_referrals(priya).rows == ()
    # A scheme naming no team: the importer's, as before.
    teams.intake.import_text(priya, csv_text(row("43/26/0090002", "Siobhán", "Murphy")))
    with teams.ctx.uow() as uow:
        assert uow.session.scalar(
            select(Referral.team_id).where(Referral.crime_reference == "43/26/0090002")
        ) == team_id(teams, WB_TEAM)


def test_an_unknown_team_is_a_problem_naming_the_field_for_a_manager(teams: Services) -> None:
    manager = demo_user(teams, "manager")
    before = len(teams.teams.list_teams(manager))
    with pytest.raises(ValidationError) as caught:
        teams.schemes.load_text(manager, scheme_toml('"Reading Youth Justice Service"'))
    [problem] = caught.value.problems
    assert problem.field == FIELD
    assert "no team called 'Reading Youth Justice Service'" in problem.message
    assert WB_TEAM in problem.message and WM_TEAM in problem.message
    with teams.ctx.uow() as uow:
        s = uow.session
        assert s.scalar(select(func.count()).select_from(Scheme).where(Scheme.code == "WMX")) == 0
        assert s.scalar(select(func.count()).select_from(Team)) == before


def test_an_administrator_loading_a_scheme_creates_its_new_team(teams: Services) -> None:
    admin = demo_user(teams, "admin")
    teams.schemes.load_text(admin, scheme_toml('"Reading Youth Justice Service"'))
    assert teams.schemes.get("WMX").team == "Reading Youth Justice Service"
    assert "Reading Youth Justice Service" in {t.name for t in teams.teams.list_teams(admin)}
    assert [(u, o, d) for u, o, d in audit_rows(teams, "create_team")] == [("admin", "ok", "WMX")]


@pytest.mark.parametrize("value", ["5", '"a\\u0007b"', '"' + "x" * 121 + '"'])
def test_a_team_that_is_not_a_name_is_refused_naming_the_field(teams: Services, value: str) -> None:
    with pytest.raises(ValidationError) as caught:
        teams.schemes.load_text(demo_user(teams, "admin"), scheme_toml(value))
    assert [p.field for p in caught.value.problems] == [FIELD]


def test_the_scheme_editor_saves_the_team_chosen(teams: Services) -> None:
    manager = demo_user(teams, "manager")
    wb = teams.schemes.get("WB")
    from yot_desktop.domain.scheme import scheme_to_mapping

    data = scheme_to_mapping(wb) | {"team": WM_TEAM}
    version = teams.scheme_editor.versions(manager)["WB"]
    assert teams.scheme_editor.save(manager, data, version).team == WM_TEAM
    assert teams.schemes.get("WB").team == WM_TEAM
    # Choosing "the importer's team" again clears it.
    version = teams.scheme_editor.versions(manager)["WB"]
    teams.scheme_editor.save(manager, data | {"team": ""}, version)
    assert teams.schemes.get("WB").team == ""
    with pytest.raises(ValidationError) as caught:
        teams.scheme_editor.save(manager, data | {"team": "Nowhere YOT"}, version + 1)
    assert caught.value.problems[0].field == FIELD
