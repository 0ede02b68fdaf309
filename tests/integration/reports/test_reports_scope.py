"""A practitioner's reports count their own team's referrals only (issue 7: scoped in the
queries), whatever they ask for: nothing another team records changes a figure, a file or a
list they can get from the reports service. Managers and administrators count every team.

Checked by non-interference: everything a West Berkshire practitioner can get is taken, team
Windsor and Maidenhead's records are changed (more referrals, other outcomes, a West
Berkshire child referred again in Windsor and Maidenhead, panel dates), and everything is
taken again: it must be the same, byte for byte, while the manager's figures moved.
"""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, update

from tests.integration.delivery_helpers import WB_TEAM, WM_TEAM, new_referral, set_up_team
from tests.integration.helpers import audit_rows, demo_user
from yot_desktop.services.container import Services
from yot_desktop.services.dto import CurrentUser
from yot_desktop.storage.models import Referral, Team

PERIOD = (date(2026, 11, 1), date(2026, 11, 30))
PANEL = date(2026, 11, 18)


def add(services: Services, ref: str, team: str, scheme: str, status: str) -> int:
    worker = "practitioner" if team == WB_TEAM else "jo.evans"
    return new_referral(services, ref, status=status, scheme=scheme, team=team, worker=worker)


@pytest.fixture
def two_teams(services: Services) -> Services:
    """Team WB: six referrals to scheme WB. Team WM: seven, to schemes WB and WM."""
    set_up_team(services)
    for i, status in enumerate(("received", "offered", "completed", "completed", "declined")):
        add(services, f"43/26/00601{i}", WB_TEAM, "WB", status)
    add(services, "43/26/0060199", WB_TEAM, "WB", "in_programme")
    for i in range(4):
        add(services, f"43/26/00602{i}", WM_TEAM, "WB", "not_engaged")
    for i in range(3):
        add(services, f"43/26/00603{i}", WM_TEAM, "WM", "completed")
    return services


def change_the_other_team(services: Services) -> None:
    """What team WM does next: none of it may show in team WB's reports."""
    for i in range(5):
        add(services, f"43/26/00604{i}", WM_TEAM, "WB", "completed")
    with services.ctx.uow() as uow:
        s = uow.session
        wm = s.scalar(select(Team.id).where(Team.name == WM_TEAM))
        s.execute(update(Referral).where(Referral.team_id == wm).values(panel_date=PANEL))
        s.execute(
            update(Referral)
            .where(Referral.team_id == wm, Referral.status == "not_engaged")
            .values(status="completed")
        )
        # A West Berkshire child referred again, by the police, to Windsor and Maidenhead.
        child = s.scalar(
            select(Referral.young_person_id).where(Referral.crime_reference == "43/26/0060199")
        )
        again = s.scalar(select(Referral).where(Referral.crime_reference == "43/26/006044"))
        assert again is not None
        again.young_person_id = child  # type: ignore[assignment]
        again.referral_date = date(2026, 12, 20)
        uow.commit()


def everything(services: Services, user: CurrentUser, tmp: Path) -> dict[str, Any]:
    """Every reports call a practitioner may make, for every scheme choice."""
    r = services.reports
    got: dict[str, Any] = {
        "schemes": r.schemes(user),
        "panel_dates": r.panel_dates(user),
        "panel_pack": r.panel_pack(user, PANEL, io.BytesIO())[0],
    }
    for scheme in (None, "WB", "WM"):
        got[f"evaluation {scheme}"] = r.evaluation(user, *PERIOD, scheme)
        out = io.BytesIO()
        r.export_scheme(user, *PERIOD, "csv", out, scheme)
        got[f"csv {scheme}"] = out.getvalue()
        path = tmp / f"{scheme}.csv"
        r.export_scheme_file(user, *PERIOD, path, scheme)
        got[f"file {scheme}"] = path.read_bytes()
    return got


def test_a_practitioner_learns_nothing_of_another_teams_referrals(
    two_teams: Services, tmp_path: Path
) -> None:
    services = two_teams
    priya, manager = demo_user(services, "practitioner"), demo_user(services, "manager")
    before = everything(services, priya, tmp_path)
    managers_before = services.reports.evaluation(manager, *PERIOD)

    change_the_other_team(services)

    after = everything(services, priya, tmp_path)
    assert after.keys() == before.keys()
    for key, value in before.items():
        assert after[key] == value, key
    # The test could fail: the manager, who counts every team, sees the change.
    managers_after = services.reports.evaluation(manager, *PERIOD)
    assert managers_before.funnel.referred == 13
    assert managers_after.funnel.referred == 17  # five more, one moved to December
    assert managers_after.funnel.completed != managers_before.funnel.completed
    assert managers_after.people_referred_again == 1


def test_each_team_counts_its_own_and_says_so(two_teams: Services) -> None:
    services = two_teams
    priya, jo = demo_user(services, "practitioner"), demo_user(services, "jo.evans")
    wb = services.reports.evaluation(priya, *PERIOD)
    wm = services.reports.evaluation(jo, *PERIOD)
    assert (wb.funnel.referred, wb.funnel.completed) == (6, 2)
    assert (wm.funnel.referred, wm.funnel.not_engaged, wm.funnel.completed) == (7, 4, 3)
    assert wb.scheme_label == f"All schemes: {WB_TEAM}'s cases only"
    every = services.reports.evaluation(demo_user(services, "admin"), *PERIOD, "WB")
    assert every.funnel.referred == 10 and not every.scheme_label.endswith("only")
    # A scheme another team works: none of this team's referrals, and no one else's.
    assert services.reports.evaluation(priya, *PERIOD, "WM").funnel.referred == 0
    # The export is suppressed (six referred: shown; two completed: hidden) and audited.
    out = io.BytesIO()
    services.reports.export_scheme(priya, *PERIOD, "csv", out)
    text = out.getvalue().decode("utf-8")
    assert f"{WB_TEAM}'s cases only" in text
    assert ",Referrals,All,Referred,6,count" in text
    assert ",Referrals,All,Completed,[c],count" in text
    [(_who, _outcome, detail)] = audit_rows(services, "report_scheme_export")
    assert detail.startswith("csv; scheme all; 2026-11-01 to 2026-11-30; team ")
