"""The audit trail (issue 7): append-only in the database itself, field changes kept apart
(and erased with the young person), record views audited, filters, CSV export, refusals."""

from __future__ import annotations

import csv
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

from tests.integration.delivery_helpers import WB_TEAM, WM_TEAM, new_referral
from tests.integration.helpers import FixedClock, audit_rows, demo_user, last_audit_id
from yot_desktop.domain.enums import LetterType
from yot_desktop.domain.errors import (
    AuthenticationError,
    NotFound,
    PermissionDenied,
    ValidationError,
)
from yot_desktop.services.admin.audit import AuditFilter
from yot_desktop.services.container import Services
from yot_desktop.services.intake.dto import CarerInput
from yot_desktop.services.intake.people import PersonChanges
from yot_desktop.services.letters.service import LetterRequest
from yot_desktop.storage.models import AuditEntry, Carer, Referral, YoungPerson
from yot_desktop.storage.models_audit import AuditFieldChange


@pytest.fixture
def small_demo(demo: Services) -> Services:
    """The demo (a copy of the one built once per run), which has an audit trail of its own:
    tests count from a mark."""
    return demo


def audit_table(services: Services) -> list[tuple[object, ...]]:
    with services.ctx.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text("SELECT * FROM audit_log ORDER BY id"))]


def first_referral(services: Services) -> tuple[int, int]:
    """(referral id, young person id) of the first referral."""
    with services.ctx.uow() as uow:
        r = uow.session.scalars(select(Referral).order_by(Referral.id)).first()
        assert r is not None
        return r.id, r.young_person_id


def test_audit_rows_cannot_be_changed_or_deleted_even_with_direct_sql(
    small_demo: Services,
) -> None:
    services = small_demo
    demo_user(services, "admin")  # a sign-in: at least two rows
    before = audit_table(services)
    assert len(before) >= 2
    first_id = before[0][0]
    attempts = [
        "UPDATE audit_log SET detail = 'tampered'",
        f"UPDATE audit_log SET username = 'someone else' WHERE id = {first_id}",
        f"DELETE FROM audit_log WHERE id = {first_id}",
        "DELETE FROM audit_log",
        "INSERT INTO audit_log (id, at, username, action, entity, outcome, detail)"
        f" VALUES ({first_id}, '2026-01-01 00:00:00', 'x', 'x', '', 'ok', '')"
        " ON CONFLICT (id) DO UPDATE SET detail = 'tampered'",
    ]
    if services.ctx.engine.dialect.name == "postgresql":
        attempts.append("TRUNCATE audit_log CASCADE")
    else:
        # REPLACE deletes the old row without firing delete triggers: refused on insert.
        attempts.append(
            "INSERT OR REPLACE INTO audit_log (id, at, username, action, entity, outcome, detail)"
            f" VALUES ({first_id}, '2026-01-01 00:00:00', 'x', 'x', '', 'ok', '')"
        )
    for statement in attempts:
        with pytest.raises(DBAPIError, match="append-only"), services.ctx.engine.begin() as conn:
            conn.execute(text(statement))
    # Through the ORM too.
    with services.ctx.uow() as uow:
        entry = uow.session.get(AuditEntry, first_id)
        assert entry is not None
        uow.session.delete(entry)
        with pytest.raises(DBAPIError, match="append-only"):
            uow.commit()

    assert audit_table(services) == before
    # Adding rows still works.
    services.ctx.audit_now("admin", "check")
    assert len(audit_table(services)) == len(before) + 1


def test_person_carer_and_referral_edits_keep_before_and_after_apart_from_the_log(
    small_demo: Services,
) -> None:
    services = small_demo
    manager = demo_user(services, "manager")
    referral_id, person_id = first_referral(services)
    person = services.people.get(manager, person_id)
    mark = last_audit_id(services)

    services.people.update(
        manager,
        person_id,
        person.version,
        PersonChanges(school="Kennet School", missing_episodes=3),
    )
    carers = services.carers.add(manager, person_id, CarerInput("Mary Doe", "Mother"))
    carer = carers[-1]
    updated = services.carers.update(
        manager, carer.id, carer.version, CarerInput("Mary Doe", "Aunt", phone="01632 960001")
    )[-1]
    referral = services.referrals.get(manager, referral_id)
    services.decisions.record_panel(
        manager, referral_id, referral.version, date(2026, 11, 19), "Diversion agreed"
    )
    services.carers.remove(manager, updated.id, updated.version)

    assert audit_rows(services, "edit_person", mark) == [
        ("manager", "ok", "school,missing_episodes")
    ]
    assert audit_rows(services, "edit_carer", mark) == [
        ("manager", "ok", "relationship_to_child,phone")
    ]
    assert audit_rows(services, "record_panel", mark) == [
        ("manager", "ok", "panel_date,panel_decision")
    ]
    with services.ctx.uow() as uow:
        changes = uow.session.execute(
            select(
                AuditEntry.action,
                AuditFieldChange.entity,
                AuditFieldChange.field,
                AuditFieldChange.before,
                AuditFieldChange.after,
                AuditFieldChange.young_person_id,
            )
            .join(AuditEntry, AuditEntry.id == AuditFieldChange.audit_id)
            .where(AuditEntry.id > mark)
            .order_by(AuditFieldChange.id)
        ).all()
    assert [tuple(c) for c in changes if c[0] != "remove_carer"] == [
        ("edit_person", "young_person", "school", person.school, "Kennet School", person_id),
        ("edit_person", "young_person", "missing_episodes", "0", "3", person_id),
        ("edit_carer", "carer", "relationship_to_child", "Mother", "Aunt", person_id),
        ("edit_carer", "carer", "phone", "", "01632 960001", person_id),
        ("record_panel", "referral", "panel_date", None, "2026-11-19", person_id),
        ("record_panel", "referral", "panel_decision", "", "Diversion agreed", person_id),
    ]
    # A removal keeps what was removed, as befores (erased with the young person too).
    removed = {c[2]: c[3:] for c in changes if c[0] == "remove_carer"}
    assert removed["name"] == ("Mary Doe", None, person_id)
    assert removed["phone"] == ("01632 960001", None, person_id)
    assert "address" not in removed  # nothing there to keep
    assert audit_rows(services, "remove_carer", mark) == [("manager", "ok", f"person={person_id}")]
    # The log itself holds no values.
    new_rows = [row for row in audit_table(services) if int(str(row[0])) > mark]
    logged = " ".join(str(cell) for row in new_rows for cell in row)
    for personal in ("Kennet School", "Aunt", "01632", "Diversion agreed", "Mary"):
        assert personal not in logged


def test_saving_without_a_change_writes_no_field_changes(small_demo: Services) -> None:
    services = small_demo
    manager = demo_user(services, "manager")
    _referral_id, person_id = first_referral(services)
    person = services.people.get(manager, person_id)
    mark = last_audit_id(services)
    services.people.update(manager, person_id, person.version, PersonChanges(school=person.school))
    assert audit_rows(services, "edit_person", mark) == []
    with services.ctx.uow() as uow:
        new_changes = select(func.count()).where(AuditFieldChange.audit_id > mark)
        assert uow.session.scalar(new_changes) == 0


def test_deleting_a_young_person_erases_their_field_changes_but_not_the_log(
    services: Services, admin: object
) -> None:
    """What retention relies on: the values go with the person, the audit row stays."""
    now = datetime(2026, 11, 20, 10, 0)
    with services.ctx.uow() as uow:
        person = YoungPerson(
            person_ref="YP-T1",
            first_name="Zoë",
            last_name="Ağaoğlu",
            search_name="zoe agaoglu",
            search_last="agaoglu",
            date_of_birth=date(2012, 3, 14),
            created_at=now,
            updated_at=now,
        )
        uow.session.add(person)
        uow.session.flush()
        uow.session.add(Carer(young_person_id=person.id, name="Ayşe Ağaoğlu"))
        uow.commit()
        person_id = person.id
    with services.ctx.uow() as uow:
        carer = uow.session.scalars(select(Carer)).one()
        carer.phone = "01632 960002"
        services.ctx.audit_changes(uow.session, "admin", "edit_carer", carer, person_id)
        uow.commit()
    with services.ctx.uow() as uow:
        assert uow.session.scalar(select(func.count()).select_from(AuditFieldChange)) == 1
    logged = len(audit_table(services))

    with services.ctx.engine.begin() as conn:
        conn.execute(text(f"DELETE FROM young_people WHERE id = {person_id}"))

    with services.ctx.uow() as uow:
        assert uow.session.scalar(select(func.count()).select_from(AuditFieldChange)) == 0
    assert len(audit_table(services)) == logged
    assert audit_rows(services, "edit_carer") == [("admin", "ok", "phone")]


def test_viewing_a_record_is_audited(small_demo: Services) -> None:
    services = small_demo
    practitioner = demo_user(services, "practitioner")
    with services.ctx.uow() as uow:
        referral_id, person_id = uow.session.execute(
            select(Referral.id, Referral.young_person_id)
            .where(Referral.team_id == practitioner.team_id)
            .order_by(Referral.id)
        ).first()  # type: ignore[misc]
    services.people.get(practitioner, person_id)
    services.referrals.get(practitioner, referral_id)
    with services.ctx.uow() as uow:
        elsewhere = uow.session.scalar(
            select(Referral.id).where(Referral.team_id != practitioner.team_id)
        )
    assert elsewhere is not None
    with pytest.raises(NotFound):  # another team's referral: not theirs to see
        services.referrals.get(practitioner, elsewhere)
    with pytest.raises(NotFound):
        services.people.get(practitioner, 999_999)
    with services.ctx.uow() as uow:
        views = uow.session.execute(
            select(AuditEntry.username, AuditEntry.action, AuditEntry.entity, AuditEntry.entity_id)
            .where(AuditEntry.action.startswith("view_"))
            .order_by(AuditEntry.id)
        ).all()
    assert [tuple(v) for v in views] == [
        ("practitioner", "view_person", "young_person", person_id),
        ("practitioner", "view_referral", "referral", referral_id),
        ("practitioner", "view_referral", "referral", elsewhere),
        ("practitioner", "view_person", "young_person", 999_999),
    ]
    assert [o for _u, o, _d in audit_rows(services, "view_referral")] == ["ok", "not_found"]


def test_filters_paging_and_reading_is_audited(small_demo: Services, clock: FixedClock) -> None:
    services = small_demo
    admin = demo_user(services, "admin")
    manager = demo_user(services, "manager")
    clock.advance(days=2)
    with pytest.raises(AuthenticationError):
        services.auth.sign_in("manager", "wrong password")
    _referral_id, person_id = first_referral(services)
    person = services.people.get(manager, person_id)
    services.people.update(manager, person_id, person.version, PersonChanges(school="Park House"))

    audit = services.audit
    everything = audit.search(admin)
    assert everything.total == len(audit_table(services)) - 1  # not the search's own row
    assert [r.at for r in everything.rows] == sorted((r.at for r in everything.rows), reverse=True)

    later = audit.search(admin, AuditFilter(date_from=date(2026, 11, 22)))
    assert {(r.username, r.action) for r in later.rows} == {
        ("admin", "view_audit"),  # the search before
        ("manager", "sign_in"),
        ("manager", "view_person"),
        ("manager", "edit_person"),
    }
    earlier = audit.search(admin, AuditFilter(date_to=date(2026, 11, 21)))
    assert earlier.rows and all(r.at < datetime(2026, 11, 22) for r in earlier.rows)
    assert earlier.total + later.total == everything.total + 1  # + the first search's row

    failed = audit.search(admin, AuditFilter(action="sign_in", outcome="failed"))
    assert [(r.username, r.outcome) for r in failed.rows] == [("manager", "failed")]

    about = audit.search(admin, AuditFilter(reference=person.person_ref))
    assert {r.action for r in about.rows} >= {"view_person", "edit_person"}
    assert all(
        r.entity in {"young_person", "referral", "carer", "programme", "session", "letter"}
        for r in about.rows
    )
    edit = next(r for r in about.rows if r.action == "edit_person")
    assert (edit.changes, edit.reference) == (1, person.person_ref)
    assert audit.changes(admin, edit.id)[0].after == "Park House"

    page = audit.search(admin, AuditFilter(username="manager"), offset=1, limit=2)
    assert len(page.rows) == 2 and page.offset == 1

    with pytest.raises(ValidationError, match="reference"):
        audit.search(admin, AuditFilter(reference="NO-SUCH-REF"))
    with pytest.raises(ValidationError, match="'to' date"):
        audit.search(admin, AuditFilter(date_from=date(2026, 11, 22), date_to=date(2026, 11, 1)))

    # Reading is audited once per search (the first page), and so is opening the values.
    views = audit_rows(services, "view_audit")
    assert ("admin", "ok", "username=manager") not in views  # offset 1: not a new search
    assert ("admin", "ok", "action=sign_in outcome=failed") in views
    assert audit_rows(services, "view_audit_changes") == [("admin", "ok", "")]
    choices = audit.choices(admin)
    assert "manager" in choices.usernames and "edit_person" in choices.actions
    assert "failed" in choices.outcomes and "young_person" in choices.entities


def test_csv_export_is_complete_inert_and_audited(small_demo: Services, tmp_path: Path) -> None:
    services = small_demo
    admin = demo_user(services, "admin")
    with pytest.raises(AuthenticationError):
        services.auth.sign_in('=HYPERLINK("http://x")', "whatever")
    out = tmp_path / "audit.csv"

    count = services.audit.export_csv(admin, AuditFilter(), out)

    with out.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0] == ["id", "at", "username", "action", "entity", "entity_id", "outcome", "detail"]
    assert len(rows) == count + 1
    ids = [int(r[0]) for r in rows[1:]]
    assert ids == sorted(ids)
    assert rows[1][2:4] == ["demo", "demo_fill"]
    assert rows[1][1].startswith("2026-11-20 ")
    failed = [r for r in rows[1:] if r[3] == "sign_in" and r[6] == "failed"]
    assert [r[2] for r in failed] == ['\'=HYPERLINK("http://x")']
    assert audit_rows(services, "export_audit") == [("admin", "ok", f"rows={count}")]
    assert not list(tmp_path.glob("*.part"))

    only = services.audit.export_csv(admin, AuditFilter(action="sign_in"), tmp_path / "s.csv")
    assert only == 2
    assert audit_rows(services, "export_audit")[-1] == ("admin", "ok", "rows=2 action=sign_in")

    with pytest.raises(ValidationError, match="folder"):
        services.audit.export_csv(admin, AuditFilter(), tmp_path / "missing" / "a.csv")


@pytest.mark.parametrize("username", ["manager", "practitioner", "panel"])
def test_only_administrators_read_the_audit(small_demo: Services, username: str) -> None:
    services = small_demo
    user = demo_user(services, username)
    with pytest.raises(PermissionDenied):
        services.audit.search(user)
    with pytest.raises(PermissionDenied):
        services.audit.export_csv(user, AuditFilter(), Path("never.csv"))
    assert not Path("never.csv").exists()
    assert audit_rows(services, "view_audit") == [(username, "refused", "view_audit")]
    assert audit_rows(services, "export_audit") == [(username, "refused", "view_audit")]


def _letter_in(services: Services, reference: str, team: str, worker: str) -> int:
    """A letter made (by the manager, who may write to every team) for a new referral."""
    referral = new_referral(services, reference, team=team, worker=worker)
    request = LetterRequest(referral, LetterType.OFFER)
    return services.letters.make(demo_user(services, "manager"), request).record.id


def test_letter_outputs_are_recorded_only_for_those_who_print(small_demo: Services) -> None:
    services = small_demo
    practitioner = demo_user(services, "practitioner")
    mine = _letter_in(services, "43/26/0090001", WB_TEAM, "practitioner")
    services.audit.record_output(practitioner, "print_letter", mine, "Reminder, pages=2")
    with pytest.raises(ValueError, match="not a letter output"):
        services.audit.record_output(practitioner, "delete_everything")
    with pytest.raises(PermissionDenied):
        services.audit.record_output(demo_user(services, "panel"), "save_letter")
    assert audit_rows(services, "print_letter") == [("practitioner", "ok", "Reminder, pages=2")]
    assert audit_rows(services, "save_letter") == [("panel", "refused", "print_letters")]


def output_rows(services: Services) -> list[tuple[str, str, int | None, str]]:
    with services.ctx.uow() as uow:
        rows = uow.session.execute(
            select(AuditEntry.username, AuditEntry.outcome, AuditEntry.entity_id, AuditEntry.detail)
            .where(AuditEntry.action.in_(["print_letter", "save_letter"]))
            .order_by(AuditEntry.id)
        ).all()
    return [tuple(r) for r in rows]  # type: ignore[misc]


def test_a_practitioner_cannot_record_outputs_of_another_teams_letter(
    small_demo: Services,
) -> None:
    """The outputs recorded are the user's own team's letters; another team's letter (or one
    that does not exist) is not found, and the attempt is audited as such."""
    services = small_demo
    priya = demo_user(services, "practitioner")  # team WB
    theirs = _letter_in(services, "43/26/0090002", WM_TEAM, "jo.evans")
    with pytest.raises(NotFound, match="not in your team"):
        services.audit.record_output(priya, "print_letter", theirs, "Offer, pages=2")
    with pytest.raises(NotFound):
        services.audit.record_output(priya, "save_letter", 999_999, "Offer")
    assert output_rows(services) == [
        ("practitioner", "not_found", theirs, ""),
        ("practitioner", "not_found", 999_999, ""),
    ]
    # Their own team, the manager (every team) and a batch (no one letter) are recorded.
    services.audit.record_output(demo_user(services, "jo.evans"), "save_letter", theirs, "Offer")
    services.audit.record_output(demo_user(services, "manager"), "print_letter", theirs, "Offer")
    services.audit.record_output(priya, "print_letter", None, "3 letters, pages=6\n")
    assert output_rows(services)[2:] == [
        ("jo.evans", "ok", theirs, "Offer"),
        ("manager", "ok", theirs, "Offer"),
        ("practitioner", "ok", None, "3 letters, pages=6"),
    ]
