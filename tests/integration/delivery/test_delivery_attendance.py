"""The register, corrections, follow-ups, engagement, the manager's decision and completion."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

import pytest
from sqlalchemy import func, select

from tests.integration.delivery_helpers import new_referral, set_up_team, user
from tests.integration.helpers import FixedClock, audit_rows
from yot_desktop.domain.engagement import DecisionOutcome
from yot_desktop.domain.enums import Attendance, Engagement
from yot_desktop.domain.errors import ConflictError, PermissionDenied, ValidationError
from yot_desktop.services.container import Services
from yot_desktop.services.delivery.dto import ProgrammeDetail
from yot_desktop.storage.models import Referral
from yot_desktop.storage.models_delivery import AttendanceMarkRow

A = Attendance


@pytest.fixture
def started(services: Services, clock: FixedClock) -> tuple[Services, ProgrammeDetail]:
    """A West Berkshire programme (assessment + 3 sessions) from Tuesday 1 December 2026."""
    set_up_team(services)
    rid = new_referral(services, "43/26/2001")
    p = services.programmes.start(user(services, "practitioner"), rid, start=date(2026, 12, 1))
    clock.now = datetime(2026, 12, 1, 18, 0)
    return services, p.programme


def session(services: Services, p: ProgrammeDetail, n: int):  # type: ignore[no-untyped-def]
    me = user(services, "practitioner")
    detail = services.programmes.get(me, p.referral_id)
    assert detail is not None
    return detail.sessions[n]


def test_the_register_lists_the_days_sessions(started: tuple[Services, ProgrammeDetail]) -> None:
    services, _p = started
    me = user(services, "practitioner")
    day = services.attendance.register(me, date(2026, 12, 1))
    assert [(s.crime_reference, s.intervention_label) for s in day] == [
        ("43/26/2001", "Assessment")
    ]
    assert services.attendance.register(me, date(2026, 12, 1), mine_only=True) == day
    assert (
        services.attendance.register(user(services, "sam.patel"), date(2026, 12, 1), mine_only=True)
        == ()
    )
    assert services.attendance.register(user(services, "jo.evans"), date(2026, 12, 1)) == ()


def test_did_not_attend_without_a_reason_is_unexplained(
    started: tuple[Services, ProgrammeDetail],
) -> None:
    """The reason is optional (INTERFACES.md); a cancellation by the young person needs one."""
    services, p = started
    me = user(services, "practitioner")
    s1 = session(services, p, 1)
    with pytest.raises(ValidationError) as no_reason:
        services.attendance.mark(me, s1.id, s1.version, A.CANCELLED_BY_YOUNG_PERSON)
    assert [x.field for x in no_reason.value.problems] == ["reason"]
    s0 = session(services, p, 0)
    result = services.attendance.mark(me, s0.id, s0.version, A.DID_NOT_ATTEND)
    assert (result.session.status, result.session.reason) == (A.DID_NOT_ATTEND, "")
    assert result.follow_up_due == date(2026, 12, 2)
    assert result.engagement is Engagement.AT_RISK


def test_did_not_attend_with_a_reason_creates_a_follow_up(
    started: tuple[Services, ProgrammeDetail],
) -> None:
    services, p = started
    me = user(services, "practitioner")
    s0 = session(services, p, 0)
    result = services.attendance.mark(
        me, s0.id, s0.version, A.DID_NOT_ATTEND, reason="No answer at the door"
    )
    assert result.session.status is A.DID_NOT_ATTEND
    assert result.follow_up_due == date(2026, 12, 2)  # the next working day
    assert result.letters == ("missed",)
    assert result.engagement is Engagement.AT_RISK
    follow_ups = services.attendance.follow_ups(me)
    assert [(f.crime_reference, f.due_date) for f in follow_ups] == [
        ("43/26/2001", date(2026, 12, 2))
    ]
    assert [q.letter_type for q in services.engagement.letters_due(me)] == ["missed"]
    # The audit log names the action and the session, never the reason.
    assert audit_rows(services, "mark_attendance") == [("practitioner", "ok", "did_not_attend")]
    with pytest.raises(ValidationError, match="correct the mark instead"):
        services.attendance.mark(me, s0.id, result.session.version, A.ATTENDED)


def test_a_follow_up_on_friday_is_due_on_monday(services: Services, clock: FixedClock) -> None:
    set_up_team(services)
    rid = new_referral(services, "43/26/2002")
    me = user(services, "practitioner")
    p = services.programmes.start(me, rid, start=date(2026, 12, 4)).programme  # a Friday
    clock.now = datetime(2026, 12, 4, 17, 30)
    s0 = p.sessions[0]
    result = services.attendance.mark(me, s0.id, s0.version, A.DID_NOT_ATTEND, reason="Ill")
    assert result.follow_up_due == date(2026, 12, 7)


def test_marks_cannot_be_recorded_before_the_session(
    started: tuple[Services, ProgrammeDetail],
) -> None:
    services, p = started
    me = user(services, "practitioner")
    later = session(services, p, 1)
    with pytest.raises(ValidationError, match="before the session starts"):
        services.attendance.mark(me, later.id, later.version, A.ATTENDED)
    # A cancellation can be recorded ahead.
    done = services.attendance.mark(
        me, later.id, later.version, A.CANCELLED_BY_YOUNG_PERSON, reason="Family holiday"
    )
    assert done.follow_up_due is None and done.letters == ()


def test_a_correction_keeps_the_old_mark(started: tuple[Services, ProgrammeDetail]) -> None:
    services, p = started
    me = user(services, "practitioner")
    s0 = session(services, p, 0)
    marked = services.attendance.mark(me, s0.id, s0.version, A.DID_NOT_ATTEND, reason="Ill")
    with pytest.raises(ValidationError, match="why the mark is being corrected"):
        services.attendance.correct(
            me,
            s0.id,
            marked.session.version,
            A.DID_NOT_ATTEND,
            note="",
            reason="Ill",
            evidence_received=True,
        )
    fixed = services.attendance.correct(
        me,
        s0.id,
        marked.session.version,
        A.DID_NOT_ATTEND,
        note="Doctor's note arrived",
        reason="Ill",
        evidence_received=True,
    )
    assert fixed.engagement is Engagement.ON_TRACK
    history = services.attendance.history(me, s0.id)
    assert [(h.value, h.evidence_received, h.corrects_id) for h in history] == [
        (A.DID_NOT_ATTEND, False, None),
        (A.DID_NOT_ATTEND, True, history[0].id),
    ]
    assert history[1].correction_note == "Doctor's note arrived"
    with pytest.raises(ConflictError):
        services.attendance.correct(me, s0.id, marked.session.version, A.ATTENDED, note="stale")
    # Corrected to attended: the follow-up is no longer needed.
    services.attendance.correct(
        me, s0.id, fixed.session.version, A.ATTENDED, note="Wrong person ticked"
    )
    assert services.attendance.follow_ups(me) == ()
    with services.ctx.uow() as uow:
        assert uow.session.scalar(select(func.count()).select_from(AttendanceMarkRow)) == 3


def test_reaching_the_limit_then_closing_as_not_engaged(
    started: tuple[Services, ProgrammeDetail], clock: FixedClock
) -> None:
    services, p = started
    me = user(services, "practitioner")
    manager = user(services, "manager")
    s0 = session(services, p, 0)
    services.attendance.mark(me, s0.id, s0.version, A.ATTENDED)
    clock.now = datetime(2026, 12, 15, 18, 0)
    for n, expected in ((1, ("missed",)), (2, ("final_warning",))):
        sn = session(services, p, n)
        r = services.attendance.mark(me, sn.id, sn.version, A.DID_NOT_ATTEND, reason="No show")
        assert r.letters == expected
    assert r.engagement is Engagement.THRESHOLD_REACHED
    due = services.engagement.decisions_due(manager)
    assert [d.crime_reference for d in due] == ["43/26/2001"]

    with pytest.raises(PermissionDenied):
        services.engagement.decide(
            me, p.id, due[0].programme_version, DecisionOutcome.NOT_ENGAGED, ""
        )
    with pytest.raises(ValidationError, match="why the programme should continue"):
        services.engagement.decide(
            manager, p.id, due[0].programme_version, DecisionOutcome.CONTINUE, " "
        )
    result = services.engagement.decide(
        manager,
        p.id,
        due[0].programme_version,
        DecisionOutcome.NOT_ENGAGED,
        "Two missed, no contact",
    )
    assert result.referral_status == "not_engaged" and result.police_informed
    assert result.letters == ("not_engaged", "police_outcome")
    with services.ctx.uow() as uow:
        ref = uow.session.get_one(Referral, p.referral_id)
        assert (ref.status, ref.police_informed_on) == ("not_engaged", date(2026, 12, 15))
    last = session(services, p, 3)
    assert (last.status, last.reason) == (A.CANCELLED_BY_SERVICE, "The programme has ended")
    assert services.engagement.decisions_due(manager) == ()
    letters = [q.letter_type for q in services.engagement.letters_due(manager)]
    assert letters == ["missed", "final_warning", "not_engaged", "police_outcome"]


def test_continuing_with_a_reason(
    started: tuple[Services, ProgrammeDetail], clock: FixedClock
) -> None:
    services, p = started
    me = user(services, "practitioner")
    manager = user(services, "manager")
    clock.now = datetime(2026, 12, 15, 18, 0)
    for n in (0, 1, 2):
        sn = session(services, p, n)
        services.attendance.mark(me, sn.id, sn.version, A.DID_NOT_ATTEND, reason="No show")
    row = services.engagement.decisions_due(manager)[0]
    assert row.unexplained == 3
    done = services.engagement.decide(
        manager, p.id, row.programme_version, DecisionOutcome.CONTINUE, "Family bereavement"
    )
    assert done.referral_status == "in_programme" and not done.police_informed
    assert services.engagement.decisions_due(manager) == ()
    with pytest.raises(ConflictError):
        services.engagement.decide(
            manager, p.id, row.programme_version, DecisionOutcome.CONTINUE, "again"
        )


def test_completion_is_due_then_confirmed(
    started: tuple[Services, ProgrammeDetail], clock: FixedClock
) -> None:
    services, p = started
    me = user(services, "practitioner")
    clock.now = datetime(2027, 1, 30, 12, 0)
    row = services.engagement.for_referral(me, p.referral_id)
    assert row is not None
    with pytest.raises(ValidationError, match="not complete yet"):
        services.engagement.confirm_completion(me, p.id, row.programme_version)
    for n in range(4):
        sn = session(services, p, n)
        value = A.LATE if n == 2 else A.ATTENDED
        result = services.attendance.mark(me, sn.id, sn.version, value)
    assert result.completion_due
    assert [r.crime_reference for r in services.engagement.completions_due(me)] == ["43/26/2001"]
    row = services.engagement.for_referral(me, p.referral_id)
    assert row is not None
    done = services.engagement.confirm_completion(me, p.id, row.programme_version)
    assert done.referral_status == "completed"
    assert done.letters == ("completion", "certificate", "police_outcome")
    assert services.engagement.completions_due(me) == ()


def test_two_copies_of_the_app_cannot_both_mark_a_session(
    started: tuple[Services, ProgrammeDetail], open_services: Callable[[], Services]
) -> None:
    services, p = started
    other_app = open_services()
    me = user(services, "practitioner")
    colleague = user(other_app, "sam.patel")
    seen = session(services, p, 0)  # both screens show version `seen.version`

    other_app.attendance.mark(colleague, seen.id, seen.version, A.ATTENDED)
    with pytest.raises(ConflictError, match="changed"):
        services.attendance.mark(me, seen.id, seen.version, A.DID_NOT_ATTEND, reason="x")

    assert session(services, p, 0).status is A.ATTENDED
    assert [m.value for m in services.attendance.history(me, seen.id)] == [A.ATTENDED]
