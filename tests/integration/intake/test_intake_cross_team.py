"""A police referral for a young person another team already holds (same names and date of
birth): one child, one record, one team.

A practitioner may not link the referral to a record they cannot open, and a new record would
hide the child's history from the one-chance rule: the row is refused (nothing imported, the
attempt audited), saying a manager must add it and nothing about the record itself. A
manager's import links it, and the referral joins the team that holds the child, where the
earlier diversion makes it ineligible. Runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select, update

from tests.integration.delivery_helpers import (
    WB_TEAM,
    WM_TEAM,
    new_referral,
    set_up_team,
    team_id,
    user,
)
from tests.integration.intake_data import csv_text, row
from yot_desktop.domain.errors import ValidationError
from yot_desktop.services.container import Services
from yot_desktop.services.intake.core import HELD_BY_ANOTHER_TEAM
from yot_desktop.services.intake.dto import ImportReport, NewReferral
from yot_desktop.storage.models import AuditEntry, Referral, YoungPerson

THEIRS = "43/26/0080001"  # team WM's referral: a completed diversion, in June
NEW = "43/26/0080002"
OTHER_CHILD = "43/26/0080003"


@pytest.fixture
def held(services: Services) -> tuple[Services, int, str]:
    """Team WM holds Zoë Ağaoğlu (born 4 May 2011), diverted once already."""
    set_up_team(services)
    rid = new_referral(
        services, THEIRS, status="completed", scheme="WM", team=WM_TEAM, worker="jo.evans"
    )
    with services.ctx.uow() as uow:
        s = uow.session
        s.execute(
            update(Referral)
            .where(Referral.id == rid)
            .values(offence_date=date(2026, 6, 1), referral_date=date(2026, 6, 2))
        )
        person = s.get_one(YoungPerson, s.get_one(Referral, rid).young_person_id)
        found = person.id, person.person_ref
        uow.commit()
    return services, *found


def same_child(ref: str = NEW) -> str:
    return row(ref, "Zoë", "Ağaoğlu", "2011-05-04", scheme="WB")


def counts(services: Services) -> tuple[int, int]:
    with services.ctx.uow() as uow:
        s = uow.session
        return (
            s.scalar(select(func.count()).select_from(Referral)) or 0,
            s.scalar(select(func.count()).select_from(YoungPerson)) or 0,
        )


def shown(report: ImportReport) -> str:
    """Everything the preview shows."""
    return repr(report)


@pytest.mark.parametrize("dry_run", [None, True, False], ids=["preview", "dry_run", "import"])
def test_a_practitioner_cannot_reach_another_teams_young_person_by_importing(
    held: tuple[Services, int, str], dry_run: bool | None
) -> None:
    services, person_id, person_ref = held
    priya = user(services, "practitioner")  # team WB
    text = csv_text(row(OTHER_CHILD), same_child())
    before = counts(services)
    if dry_run is None:
        report = services.intake.preview(priya, text)
    else:
        report = services.intake.import_text(priya, text, dry_run=dry_run)

    assert not report.ok and not report.written
    assert report.problems == (f"row 2: first_name: {HELD_BY_ANOTHER_TEAM}",)
    assert report.imported == 0  # all or nothing: the other child's row waits too
    assert [(r.row, r.status, r.person, r.prior_diversions) for r in report.rows] == [
        (1, "", "", 0),
        (2, "", "", 0),
    ]
    # Nothing from the other team's record: not its reference, team, history or status.
    for secret in (person_ref, THEIRS, WM_TEAM, "Windsor", "completed", "PRIOR_DIVERSION"):
        assert secret not in shown(report)
    assert counts(services) == before
    # The attempt is audited, naming the record (by id) for the administrator.
    with services.ctx.uow() as uow:
        refused = uow.session.execute(
            select(AuditEntry.entity, AuditEntry.entity_id, AuditEntry.detail).where(
                AuditEntry.username == "practitioner", AuditEntry.outcome == "refused"
            )
        ).all()
    assert ("young_person", person_id, "held by another team") in [tuple(r) for r in refused]


def test_a_manager_links_the_referral_into_the_team_that_holds_the_child(
    held: tuple[Services, int, str],
) -> None:
    services, person_id, _ref = held
    manager = user(services, "manager")  # team WB, sees every team
    report = services.intake.import_text(manager, csv_text(same_child()))

    assert report.ok and report.written, report.problems
    [imported] = report.rows
    assert imported.person == f"linked, held by {WM_TEAM}"
    # The one-chance rule saw the child's whole history.
    assert (imported.status, imported.reasons) == ("ineligible", ("PRIOR_DIVERSION",))
    with services.ctx.uow() as uow:
        new = uow.session.scalar(select(Referral).where(Referral.crime_reference == NEW))
        assert new is not None
        assert (new.young_person_id, new.team_id) == (person_id, team_id(services, WM_TEAM))
    # Team WM sees the whole case; team WB's practitioner sees none of it.
    jo, priya = user(services, "jo.evans"), user(services, "practitioner")
    theirs = services.referrals.list_referrals(jo, person_id=person_id).rows
    assert sorted(r.crime_reference for r in theirs) == [THEIRS, NEW]
    assert services.referrals.list_referrals(priya, person_id=person_id).rows == ()


def test_the_holding_teams_practitioner_links_as_before(
    held: tuple[Services, int, str],
) -> None:
    services, person_id, _ref = held
    report = services.intake.import_text(user(services, "jo.evans"), csv_text(same_child()))
    assert report.ok and report.written, report.problems
    assert [(r.person, r.status) for r in report.rows] == [("linked", "ineligible")]
    assert counts(services)[1] == 1  # no second record of the child
    rows = services.referrals.list_referrals(user(services, "jo.evans"), person_id=person_id)
    assert sorted(r.crime_reference for r in rows.rows) == [THEIRS, NEW]


def test_a_new_child_still_goes_into_the_importers_team(
    held: tuple[Services, int, str],
) -> None:
    services, _person_id, _ref = held
    report = services.intake.import_text(user(services, "practitioner"), csv_text(row(NEW)))
    assert report.ok and [r.person for r in report.rows] == ["new"]
    with services.ctx.uow() as uow:
        team = uow.session.scalar(select(Referral.team_id).where(Referral.crime_reference == NEW))
    assert team == team_id(services, WB_TEAM)


def test_the_referral_form_refuses_it_too(held: tuple[Services, int, str]) -> None:
    services, person_id, person_ref = held
    before = counts(services)
    form = NewReferral(
        crime_reference=NEW,
        referral_date=date(2026, 11, 2),
        scheme_code="WB",
        referring_officer="PC Jane Hollis",
        offence_date=date(2026, 10, 30),
        substance="cannabis",
        quantity=Decimal("2"),
        unit="g",
        supply_suspected=False,
        first_name="Zoë",
        last_name="Ağaoğlu",
        date_of_birth=date(2011, 5, 4),
        address_line_1="12 Oxford Road",
        postcode="RG14 1AB",
    )
    with pytest.raises(ValidationError) as refused:
        services.referrals.create(user(services, "practitioner"), form)
    assert str(refused.value) == f"young person: {HELD_BY_ANOTHER_TEAM}"
    assert person_ref not in str(refused.value)
    assert counts(services) == before
    # A manager may: the referral joins team WM's record of the child.
    detail = services.referrals.create(user(services, "manager"), form)
    assert detail.person_id == person_id
