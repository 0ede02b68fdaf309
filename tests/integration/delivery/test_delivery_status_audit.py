"""Status changes made by the delivery services (starting a programme, completing it, a
manager's engagement decision) are audited with their before and after values, as a status
change made on the referral screen is: one change_status row per move, and the values in
audit_field_change (erased with the young person)."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import select

from tests.integration.delivery_helpers import new_referral, set_up_team, user
from tests.integration.helpers import FixedClock
from yot_desktop.domain.engagement import DecisionOutcome
from yot_desktop.domain.enums import Attendance, ReferralStatus
from yot_desktop.services.admin.audit import AuditFilter
from yot_desktop.services.container import Services
from yot_desktop.services.delivery.dto import ProgrammeDetail
from yot_desktop.storage.models import AuditEntry, Referral
from yot_desktop.storage.models_audit import AuditFieldChange

Change = tuple[str, str | None, str | None]  # field, before, after


def audited(
    services: Services, action: str
) -> list[tuple[str, str, int | None, str, list[Change]]]:
    """(username, entity, entity id, detail, field changes) of each `action` row, oldest first."""
    with services.ctx.uow() as uow:
        s = uow.session
        entries = s.scalars(
            select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)
        ).all()
        out = []
        for e in entries:
            changes = s.execute(
                select(AuditFieldChange.field, AuditFieldChange.before, AuditFieldChange.after)
                .where(AuditFieldChange.audit_id == e.id)
                .order_by(AuditFieldChange.field)
            ).all()
            out.append((e.username, e.entity, e.entity_id, e.detail, [tuple(c) for c in changes]))
        return out  # type: ignore[return-value]


def person_of_changes(services: Services, action: str) -> set[int | None]:
    """The young person every field change of `action` is filed under (for erasure)."""
    with services.ctx.uow() as uow:
        return set(
            uow.session.scalars(
                select(AuditFieldChange.young_person_id)
                .join(AuditEntry, AuditEntry.id == AuditFieldChange.audit_id)
                .where(AuditEntry.action == action)
            )
        )


def person_id(services: Services, referral_id: int) -> int:
    with services.ctx.uow() as uow:
        return uow.session.get_one(Referral, referral_id).young_person_id


@pytest.fixture
def started(services: Services, clock: FixedClock) -> tuple[Services, ProgrammeDetail]:
    """A programme started from a received referral (two status moves in one go)."""
    set_up_team(services)
    rid = new_referral(services, "43/26/7001")
    p = services.programmes.start(user(services, "practitioner"), rid, start=date(2026, 12, 1))
    clock.now = datetime(2026, 12, 1, 18, 0)
    return services, p.programme


def test_starting_a_programme_audits_each_status_move(
    started: tuple[Services, ProgrammeDetail],
) -> None:
    services, p = started
    rid = p.referral_id
    assert audited(services, "change_status") == [
        ("practitioner", "referral", rid, "received>offered", [("status", "received", "offered")]),
        (
            "practitioner",
            "referral",
            rid,
            "offered>in_programme",
            [("status", "offered", "in_programme")],
        ),
    ]
    assert person_of_changes(services, "change_status") == {person_id(services, rid)}
    # The administrator's audit screen shows them, one row at a time.
    admin = user(services, "admin")
    page = services.audit.search(admin, AuditFilter(action="change_status"))
    assert [r.changes for r in page.rows] == [1, 1]
    shown = services.audit.changes(admin, page.rows[0].id)
    assert [(c.field, c.before, c.after) for c in shown] == [("status", "offered", "in_programme")]


def test_completion_audits_the_referral_and_the_programme(
    started: tuple[Services, ProgrammeDetail], clock: FixedClock
) -> None:
    services, p = started
    me = user(services, "practitioner")
    clock.now = datetime(2027, 1, 30, 12, 0)
    detail = services.programmes.get(me, p.referral_id)
    assert detail is not None
    for s in detail.sessions:
        services.attendance.mark(me, s.id, s.version, Attendance.ATTENDED)
    row = services.engagement.for_referral(me, p.referral_id)
    assert row is not None
    services.engagement.confirm_completion(me, p.id, row.programme_version)

    assert audited(services, "change_status")[-1] == (
        "practitioner",
        "referral",
        p.referral_id,
        "in_programme>completed",
        [("police_informed_on", None, "2027-01-30"), ("status", "in_programme", "completed")],
    )
    [(who, entity, entity_id, note, changes)] = audited(services, "complete_programme")
    assert (who, entity, entity_id, note) == ("practitioner", "programme", p.id, "")
    assert changes == [
        ("closed_at", None, "2027-01-30 12:00"),
        ("closed_by", "", "practitioner"),
        ("status", "active", "completed"),
    ]
    assert person_of_changes(services, "complete_programme") == {person_id(services, p.referral_id)}


def miss_three(services: Services, p: ProgrammeDetail, clock: FixedClock) -> int:
    me = user(services, "practitioner")
    clock.now = datetime(2026, 12, 15, 18, 0)
    detail = services.programmes.get(me, p.referral_id)
    assert detail is not None
    for s in detail.sessions[:3]:
        services.attendance.mark(me, s.id, s.version, Attendance.DID_NOT_ATTEND, reason="None")
    return services.engagement.decisions_due(user(services, "manager"))[0].programme_version


def test_a_not_engaged_decision_audits_the_status_and_the_police_date(
    started: tuple[Services, ProgrammeDetail], clock: FixedClock
) -> None:
    services, p = started
    version = miss_three(services, p, clock)
    services.engagement.decide(
        user(services, "manager"), p.id, version, DecisionOutcome.NOT_ENGAGED, "No contact"
    )
    assert audited(services, "change_status")[-1] == (
        "manager",
        "referral",
        p.referral_id,
        f"in_programme>{ReferralStatus.NOT_ENGAGED.value}",
        [("police_informed_on", None, "2026-12-15"), ("status", "in_programme", "not_engaged")],
    )
    [(_who, _entity, _id, note, changes)] = audited(services, "decide_engagement")
    assert note == "not_engaged"
    assert ("status", "active", "not_engaged") in changes


def test_a_decision_to_continue_audits_where_it_left_the_count(
    started: tuple[Services, ProgrammeDetail], clock: FixedClock
) -> None:
    services, p = started
    version = miss_three(services, p, clock)
    services.engagement.decide(
        user(services, "manager"), p.id, version, DecisionOutcome.CONTINUE, "Bereavement"
    )
    assert [a[3] for a in audited(services, "change_status")] == [
        "received>offered",
        "offered>in_programme",
    ]  # the status did not move
    [(who, entity, entity_id, note, changes)] = audited(services, "decide_engagement")
    assert (who, entity, entity_id, note) == ("manager", "programme", p.id, "continue")
    assert changes == [("continued_at", None, "3")]
