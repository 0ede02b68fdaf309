"""A provider's attendance register: matched to sessions, all or nothing; and My work."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from tests.integration.delivery_helpers import new_referral, set_up_team, user
from tests.integration.helpers import FixedClock
from yot_desktop.domain.enums import Attendance
from yot_desktop.services.container import Services

HEADER = "crime_reference,session_date,attendance,reason,evidence_received\n"


@pytest.fixture
def two(services: Services, clock: FixedClock) -> Services:
    """Two West Berkshire programmes from Tuesday 1 December 2026; today is 16 December."""
    set_up_team(services)
    me = user(services, "practitioner")
    for ref, hour in (("43/26/3001", 16), ("43/26/3002", 18)):
        rid = new_referral(services, ref)
        services.programmes.start(
            me, rid, start=date(2026, 12, 1), at=datetime(1, 1, 1, hour).time()
        )
    clock.now = datetime(2026, 12, 16, 9, 0)
    return services


def statuses(services: Services, ref: str) -> list[Attendance]:
    me = user(services, "practitioner")
    choice = next(c for c in services.programmes.referrals(me) if c.crime_reference == ref)
    detail = services.programmes.get(me, choice.referral_id)
    assert detail is not None
    return [s.status for s in detail.sessions]


def test_every_problem_is_listed_and_nothing_is_written(two: Services) -> None:
    me = user(two, "practitioner")
    text = HEADER + (
        "43/26/3001,2026-12-01,attended,,\n"
        "43/26/9999,2026-12-01,attended,,\n"
        "43/26/3002,2026-12-02,attended,,\n"
        "43/26/3002,2026-12-08,cancelled_by_young_person,,\n"
        "43/26/3002,2026-12-09,maybe,,\n"
    )
    preview = two.attendance_import.import_csv(me, text)
    assert not preview.applied
    assert preview.problems == (
        "row 2: crime_reference: there is no referral 43/26/9999 in your team",
        "row 3: session_date: 43/26/3002 has no session booked on 02/12/2026",
        "row 4: reason: say why the session was cancelled (cancelled by young person)",
        "row 5: attendance: Enter one of attended, late, did_not_attend, "
        "cancelled_by_young_person, cancelled_by_service",
    )
    assert statuses(two, "43/26/3001")[0] is Attendance.PLANNED


def test_two_sessions_on_one_day_is_an_error(two: Services) -> None:
    from yot_desktop.services.delivery.dto import SessionProposal

    me = user(two, "practitioner")
    rid = next(
        c.referral_id for c in two.programmes.referrals(me) if c.crime_reference == "43/26/3001"
    )
    two.scheduling.book(
        me,
        SessionProposal(rid, datetime(2026, 12, 1, 10, 0), 60, intervention="harm_reduction"),
        accept_warnings=True,
    )
    preview = two.attendance_import.import_csv(me, HEADER + "43/26/3001,01/12/2026,attended,,\n")
    assert preview.problems == (
        "row 1: session_date: 43/26/3001 has 2 sessions on 01/12/2026; "
        "record this one in the register",
    )


def test_did_not_attend_without_a_reason_is_an_unexplained_absence(two: Services) -> None:
    """INTERFACES.md: `reason` is optional; no reason (and no evidence) = unexplained."""
    me = user(two, "practitioner")
    done = two.attendance_import.import_csv(me, HEADER + "43/26/3001,2026-12-01,did_not_attend,,\n")
    assert done.problems == () and done.applied
    assert [(line.attendance, line.reason) for line in done.lines] == [
        (Attendance.DID_NOT_ATTEND, "")
    ]
    assert statuses(two, "43/26/3001")[0] is Attendance.DID_NOT_ATTEND
    choice = next(c for c in two.programmes.referrals(me) if c.crime_reference == "43/26/3001")
    detail = two.programmes.get(me, choice.referral_id)
    assert detail is not None and detail.unexplained == 1
    assert done.letters == ("missed",)


def test_a_dry_run_previews_then_the_import_applies(two: Services) -> None:
    me = user(two, "practitioner")
    text = HEADER + (
        "43/26/3001,2026-12-01,attended,,\n"
        "43/26/3002,2026-12-01,late,,\n"
        "43/26/3001,2026-12-08,did_not_attend,Unwell,yes\n"
        "43/26/3002,2026-12-08,did_not_attend,No show,no\n"
        "43/26/3002,2026-12-15,did_not_attend,No show,\n"
    )
    preview = two.attendance_import.import_csv(me, text, dry_run=True)
    assert preview.ok and not preview.applied
    assert [(line.row, line.change, line.person_name) for line in preview.lines][:2] == [
        (1, "new mark", "Zoë Ağaoğlu"),
        (2, "new mark", "Zoë Ağaoğlu"),
    ]
    assert statuses(two, "43/26/3002")[0] is Attendance.PLANNED

    done = two.attendance_import.import_csv(me, text)
    assert done.applied
    # Two absences at once: one letter, the most serious step.
    assert done.letters == ("final_warning",)
    assert statuses(two, "43/26/3002")[:3] == [
        Attendance.LATE,
        Attendance.DID_NOT_ATTEND,
        Attendance.DID_NOT_ATTEND,
    ]
    assert [f.due_date for f in two.attendance.follow_ups(me)] == [date(2026, 12, 17)] * 3

    # The same file again changes nothing; a changed line is a correction.
    again = two.attendance_import.import_csv(me, text.replace("No show,\n", "No show,yes\n"))
    assert [line.change for line in again.lines] == ["no change"] * 4 + ["correction"]
    history = two.attendance.history(me, again.lines[-1].session_id)
    assert [h.source for h in history] == ["import", "import"]
    assert history[1].correction_note == "From the provider's register"


def test_my_work(two: Services, clock: FixedClock) -> None:
    me = user(two, "practitioner")
    text = HEADER + "43/26/3001,2026-12-08,did_not_attend,No show,no\n"
    two.attendance_import.import_csv(me, text)
    clock.now = datetime(2027, 2, 15, 9, 0)
    work = two.engagement.my_work(me, date(2026, 12, 16))
    assert work.week_start == date(2026, 12, 14)
    assert [s.starts_at.date() for s in work.sessions] == [date(2026, 12, 15)] * 2
    assert work.overdue_follow_ups == ()
    later = two.engagement.my_work(me, date(2027, 2, 15))
    assert [f.crime_reference for f in later.overdue_follow_ups] == ["43/26/3001"]
    assert [r.deadline for r in later.near_deadline] == [date(2027, 2, 23)] * 2


def test_demo_programmes_get_their_programme_rows(demo: Services) -> None:
    from sqlalchemy import func, select

    from yot_desktop.storage.models import Referral

    manager = user(demo, "manager")
    with demo.ctx.uow() as uow:
        in_programme = uow.session.scalar(
            select(func.count()).select_from(Referral).where(Referral.status == "in_programme")
        )
    rows = demo.engagement.programmes(manager)
    assert len(rows) == in_programme > 0
    assert all(r.deadline >= date(2024, 1, 1) for r in rows)
    # Asking again makes no more.
    assert len(demo.engagement.programmes(manager)) == in_programme
    first = rows[0]
    row = demo.engagement.for_referral(manager, first.referral_id)
    assert row is not None and row.programme_id == first.programme_id


def test_a_register_stopped_at_the_last_moment_records_nothing(two: Services) -> None:
    """Cancel when every mark is made but not yet committed (issue 12, point 4)."""
    from yot_desktop.services.import_files import ImportCancelled

    me = user(two, "practitioner")
    text = HEADER + "43/26/3001,2026-12-01,attended,,\n43/26/3002,2026-12-01,late,,\n"
    heard: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> bool:
        heard.append((done, total))
        return done < total

    with pytest.raises(ImportCancelled):
        two.attendance_import.import_csv(me, text, progress=progress)
    assert heard == [(0, 4), (1, 4), (2, 4), (3, 4), (4, 4)]
    assert statuses(two, "43/26/3001")[0] is Attendance.PLANNED
    assert statuses(two, "43/26/3002")[0] is Attendance.PLANNED
    assert two.attendance_import.import_csv(me, text).applied
    assert statuses(two, "43/26/3001")[0] is Attendance.ATTENDED
