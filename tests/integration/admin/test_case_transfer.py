"""Case transfer between teams (issue 11, point 4), on SQLite and PostgreSQL.

Zoë's family moves from West Berkshire to Windsor: a manager moves her case, with its
referrals, programme, planned sessions and letters, to the Windsor and Maidenhead team.
West Berkshire's practitioner loses the case; Windsor's sees it as "Transferred in"; her
earlier diversion still counts under the one-chance rule; the sessions booked with West
Berkshire's worker are listed for cancelling or re-booking; the audit log says who, when and
from which team to which, and the reason is kept where erasure reaches it.
"""

from __future__ import annotations

import csv
import hashlib
import io
from datetime import date, datetime, time
from pathlib import Path

import pytest
from sqlalchemy import func, select, update

from tests.integration.delivery_helpers import WB_TEAM, WM_TEAM, new_referral, set_up_team
from tests.integration.helpers import demo_user
from tests.integration.intake_data import csv_text, row
from yot_desktop.domain.errors import NotFound, PermissionDenied, ValidationError
from yot_desktop.services.container import Services
from yot_desktop.services.intake.core import HELD_BY_ANOTHER_TEAM
from yot_desktop.storage.models import (
    AuditEntry,
    ProgrammeSession,
    Referral,
    Team,
    User,
    YoungPerson,
)
from yot_desktop.storage.models_audit import AuditFieldChange
from yot_desktop.storage.models_delivery import Programme
from yot_desktop.storage.models_letters import LetterRecord
from yot_desktop.storage.models_transfer import CaseTransfer

DIVERTED = "43/26/0070001"  # a completed diversion in June
CURRENT = "43/26/0070002"  # in programme now, sessions ahead
REASON = "Family moved to Maidenhead in November"


def _ids(services: Services, model: type, column: str, value: object) -> int:
    with services.ctx.uow() as uow:
        found = uow.session.scalar(select(model.id).where(getattr(model, column) == value))  # type: ignore[attr-defined]
        assert found is not None
        return int(found)


@pytest.fixture
def case(services: Services) -> tuple[Services, int, str]:
    """Team WB holds Zoë Ağaoğlu: a completed diversion, and a programme under way with two
    planned sessions with WB's practitioner, one with WM's jo.evans, one attended, and a
    letter in the history."""
    set_up_team(services)
    first = new_referral(services, DIVERTED, status="completed", scheme="WB", team=WB_TEAM)
    now = services.ctx.clock()
    priya = _ids(services, User, "username", "practitioner")
    jo = _ids(services, User, "username", "jo.evans")
    with services.ctx.uow() as uow:
        s = uow.session
        person = s.get_one(YoungPerson, s.get_one(Referral, first).young_person_id)
        s.execute(
            update(Referral)
            .where(Referral.id == first)
            .values(offence_date=date(2026, 6, 1), referral_date=date(2026, 6, 2))
        )
        current = Referral(
            crime_reference=CURRENT,
            young_person_id=person.id,
            scheme_id=s.get_one(Referral, first).scheme_id,
            team_id=person.team_id,
            worker_id=priya,
            referral_date=date(2026, 11, 2),
            referring_officer="PC Example",
            offence_date=date(2026, 10, 30),
            substance="cannabis",
            quantity=2,
            unit="g",
            supply_suspected=False,
            status="in_programme",
            eligible=True,
            created_at=now,
            updated_at=now,
        )
        s.add(current)
        s.flush()
        s.add(
            Programme(
                referral_id=current.id,
                start_date=date(2026, 11, 16),
                deadline=date(2027, 2, 8),
                started_by="manager",
                started_at=now,
            )
        )
        for day, worker, status in (
            (date(2026, 11, 16), priya, "attended"),
            (date(2026, 11, 23), priya, "planned"),
            (date(2026, 11, 30), jo, "planned"),
            (date(2026, 12, 7), priya, "planned"),
        ):
            s.add(
                ProgrammeSession(
                    referral_id=current.id,
                    intervention="drug_education",
                    starts_at=datetime.combine(day, time(16, 0)),
                    minutes=60,
                    venue="yot_office",
                    worker_id=worker,
                    status=status,
                )
            )
        s.add(
            LetterRecord(
                referral_id=current.id,
                letter_type="schedule",
                audience="parent",
                created_at=now,
                created_by="practitioner",
                sha256=hashlib.sha256(b"pdf").hexdigest(),
                size=3,
                pdf=b"pdf",
            )
        )
        found = person.id, person.person_ref
        uow.commit()
    return services, *found


def _team_of_everything(services: Services, person_id: int) -> set[int | None]:
    with services.ctx.uow() as uow:
        s = uow.session
        teams = set(
            s.scalars(select(Referral.team_id).where(Referral.young_person_id == person_id))
        )
        teams.add(s.get_one(YoungPerson, person_id).team_id)
        return teams


def test_a_manager_moves_the_whole_case_and_sees_the_sessions_to_rebook(
    case: tuple[Services, int, str],
) -> None:
    services, person_id, ref = case
    manager = demo_user(services, "manager")
    wm = _ids(services, Team, "name", WM_TEAM)
    wb = _ids(services, Team, "name", WB_TEAM)

    choices = services.transfers.choices(manager, person_id)
    assert choices.from_team == WB_TEAM and WM_TEAM in choices.teams
    assert WB_TEAM not in choices.teams
    assert choices.counts.text() == "2 referrals, 1 programme, 3 planned sessions and 1 letter"

    done = services.transfers.transfer(manager, ref.lower(), WM_TEAM.upper(), REASON)

    assert (done.from_team, done.to_team) == (WB_TEAM, WM_TEAM)
    assert _team_of_everything(services, person_id) == {wm}
    # The sessions booked with WB's practitioner, in date order; not jo.evans's (WM), not the
    # attended one.
    assert [(s.starts_at.date(), s.crime_reference) for s in done.to_review] == [
        (date(2026, 11, 23), CURRENT),
        (date(2026, 12, 7), CURRENT),
    ]
    assert all("Priya" in s.worker for s in done.to_review), done.to_review
    # Allocated to WB's practitioner: now unallocated, for WM to allocate.
    assert done.unallocated == 1
    with services.ctx.uow() as uow:
        s = uow.session
        assert (
            s.scalar(select(Referral.worker_id).where(Referral.crime_reference == CURRENT)) is None
        )
        [record] = s.scalars(select(CaseTransfer)).all()
        assert (record.young_person_id, record.from_team_id, record.to_team_id) == (
            person_id,
            wb,
            wm,
        )
        assert (record.by_username, record.at, record.reason) == (
            "manager",
            services.ctx.clock(),
            REASON,
        )
        entry = s.scalar(select(AuditEntry).where(AuditEntry.action == "transfer_case"))
        assert entry is not None
        assert (entry.username, entry.entity, entry.entity_id, entry.outcome) == (
            "manager",
            "young_person",
            person_id,
            "ok",
        )
        assert f"from {WB_TEAM} to {WM_TEAM}" in entry.detail
        assert REASON not in entry.detail  # the log holds no personal data...
        entry_id = entry.id
        changes = {
            c.field: (c.before, c.after)
            for c in s.scalars(
                select(AuditFieldChange).where(AuditFieldChange.audit_id == entry.id)
            )
        }
    # ...the reason is behind it, erased with the child.
    assert changes == {"team": (WB_TEAM, WM_TEAM), "reason": (None, REASON)}
    # The Audit screen's view of it shows the reason.
    admin = demo_user(services, "admin")
    shown = {c.field: c.after for c in services.audit.changes(admin, entry_id)}
    assert shown["reason"] == REASON


def test_the_old_team_loses_the_case_and_the_new_team_sees_it_transferred_in(
    case: tuple[Services, int, str],
) -> None:
    services, person_id, ref = case
    priya, jo = demo_user(services, "practitioner"), demo_user(services, "jo.evans")
    assert [r.id for r in services.people.search(priya, "Ağaoğlu").rows] == [person_id]
    assert services.people.search(jo, "Ağaoğlu").rows == ()

    services.transfers.transfer(demo_user(services, "manager"), ref, WM_TEAM, REASON)

    assert services.people.search(priya, "Ağaoğlu").rows == ()
    with pytest.raises(NotFound):
        services.people.get(priya, person_id)
    assert services.referrals.list_referrals(priya, person_id=person_id).rows == ()
    referral_id = _ids(services, Referral, "crime_reference", CURRENT)
    with pytest.raises(NotFound):
        services.referrals.get(priya, referral_id)

    [seen] = services.people.search(jo, "Ağaoğlu").rows
    assert seen.transferred_in == f"Transferred in from {WB_TEAM} on 20/11/2026"
    assert services.people.get(jo, person_id).transferred_in == seen.transferred_in
    theirs = services.referrals.list_referrals(jo, person_id=person_id).rows
    assert sorted(r.crime_reference for r in theirs) == [DIVERTED, CURRENT]


def test_a_case_moved_back_is_no_longer_transferred_in_for_the_team_that_sent_it_on(
    case: tuple[Services, int, str],
) -> None:
    services, person_id, ref = case
    manager = demo_user(services, "manager")
    services.transfers.transfer(manager, ref, WM_TEAM)
    services.transfers.transfer(manager, ref, WB_TEAM, "Moved back")
    priya = demo_user(services, "practitioner")
    [seen] = services.people.search(priya, "Ağaoğlu").rows
    assert seen.transferred_in == f"Transferred in from {WM_TEAM} on 20/11/2026"
    assert services.people.search(demo_user(services, "jo.evans"), "Ağaoğlu").rows == ()
    with services.ctx.uow() as uow:
        assert uow.session.scalar(select(func.count()).select_from(CaseTransfer)) == 2
    assert _team_of_everything(services, person_id) == {_ids(services, Team, "name", WB_TEAM)}


def test_the_one_chance_rule_counts_a_diversion_given_by_the_old_team(
    case: tuple[Services, int, str],
) -> None:
    services, person_id, ref = case
    services.transfers.transfer(demo_user(services, "manager"), ref, WM_TEAM, REASON)
    again = row(
        "43/26/0070003",
        "Zoë",
        "Ağaoğlu",
        "2011-05-04",
        scheme="WM",
        referral="2026-11-12",
        offence="2026-11-10",
    )

    # The old team cannot start a fresh record that would hide her history...
    refused = services.intake.import_text(demo_user(services, "practitioner"), csv_text(again))
    assert refused.problems == (f"row 1: first_name: {HELD_BY_ANOTHER_TEAM}",)
    # ...and the new team's import links her and counts the diversion WB gave her.
    report = services.intake.import_text(demo_user(services, "jo.evans"), csv_text(again))
    assert report.ok and report.written, report.problems
    [imported] = report.rows
    assert (imported.person, imported.status, imported.reasons) == (
        "linked",
        "ineligible",
        ("PRIOR_DIVERSION",),
    )
    assert imported.prior_diversions == 2  # June's completed one, and the programme under way
    assert _team_of_everything(services, person_id) == {_ids(services, Team, "name", WM_TEAM)}


@pytest.mark.parametrize("who", ["practitioner", "jo.evans", "admin", "panel"])
def test_only_a_manager_may_transfer(case: tuple[Services, int, str], who: str) -> None:
    services, person_id, ref = case
    user = demo_user(services, who)
    with pytest.raises(PermissionDenied):
        services.transfers.transfer(user, ref, WM_TEAM, REASON)
    with pytest.raises(PermissionDenied):
        services.transfers.choices(user, person_id)
    assert _team_of_everything(services, person_id) == {_ids(services, Team, "name", WB_TEAM)}
    with services.ctx.uow() as uow:
        s = uow.session
        assert s.scalar(select(func.count()).select_from(CaseTransfer)) == 0
        refused = s.scalars(
            select(AuditEntry.action).where(
                AuditEntry.username == who, AuditEntry.outcome == "refused"
            )
        ).all()
    assert sorted(refused) == ["transfer_case", "view_transfer"]


@pytest.mark.parametrize(
    ("person", "team", "expected"),
    [
        ("YP999999", WM_TEAM, "young person: no young person has the reference 'YP999999'"),
        (None, "Reading Youth Justice", "team to move to: there is no team called 'Reading"),
        (None, WB_TEAM, f"team to move to: {{ref}} is already held by {WB_TEAM}"),
        (None, WM_TEAM + "\x00", None),  # control characters dropped: found
    ],
    ids=["unknown person", "unknown team", "same team", "team with a NUL"],
)
def test_refusals_say_what_is_wrong_and_move_nothing(
    case: tuple[Services, int, str], person: str | None, team: str, expected: str | None
) -> None:
    services, person_id, ref = case
    manager = demo_user(services, "manager")
    if expected is None:
        services.transfers.transfer(manager, person or ref, team)
        assert _team_of_everything(services, person_id) == {_ids(services, Team, "name", WM_TEAM)}
        return
    with pytest.raises((NotFound, ValidationError)) as caught:
        services.transfers.transfer(manager, person or ref, team, REASON)
    assert str(caught.value).startswith(expected.format(ref=ref)), str(caught.value)
    assert _team_of_everything(services, person_id) == {_ids(services, Team, "name", WB_TEAM)}
    with services.ctx.uow() as uow:
        assert uow.session.scalar(select(func.count()).select_from(CaseTransfer)) == 0


def test_a_reason_with_control_characters_is_refused_naming_the_field(
    case: tuple[Services, int, str],
) -> None:
    services, person_id, ref = case
    with pytest.raises(ValidationError) as caught:
        services.transfers.transfer(demo_user(services, "manager"), ref, WM_TEAM, "moved\x07")
    assert caught.value.problems[0].field == "reason"
    assert _team_of_everything(services, person_id) == {_ids(services, Team, "name", WB_TEAM)}


def test_retention_erases_the_transfer_history_with_the_child(
    case: tuple[Services, int, str],
) -> None:
    from yot_desktop.services.intake.person_data import find_person_rows

    services, person_id, ref = case
    services.transfers.transfer(demo_user(services, "manager"), ref, WM_TEAM, REASON)
    with services.ctx.uow() as uow:
        rows = find_person_rows(uow.session, person_id)
    assert rows.count("case_transfers") == 1
    assert rows.count("audit_field_change") >= 2


def test_the_subject_access_export_tells_the_family_about_the_move(
    case: tuple[Services, int, str], tmp_path: Path
) -> None:
    services, person_id, ref = case
    manager = demo_user(services, "manager")
    services.transfers.transfer(manager, ref, WM_TEAM, REASON)
    services.subject_access.export(manager, person_id, tmp_path / "sar")
    text = (tmp_path / "sar" / "team_transfers.csv").read_text("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [(r["From team"], r["To team"], r["Reason"]) for r in rows] == [
        (WB_TEAM, WM_TEAM, REASON)
    ]
    assert not any(h.endswith("id") for h in rows[0])  # no internal keys
