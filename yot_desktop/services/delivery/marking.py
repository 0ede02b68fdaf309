"""Marks on the register, shared by marking by hand and importing a provider's register: a
mark kept with the one it corrects, the session's status, and the follow-up after a missed
session."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from yot_desktop.domain import attendance as marks
from yot_desktop.domain.enums import Attendance
from yot_desktop.domain.errors import FieldProblem, ValidationError
from yot_desktop.services.delivery.common import team_calendar
from yot_desktop.services.dto import CurrentUser
from yot_desktop.storage.models import ProgrammeSession, Referral
from yot_desktop.storage.models_delivery import AttendanceMarkRow, FollowUp


def record_mark(
    s: Session,
    session: ProgrammeSession,
    mark: marks.AttendanceMark,
    corrects_id: int | None,
    source: str,
) -> AttendanceMarkRow:
    """Keep `mark` for `session` (correcting mark `corrects_id`, if any), set the session's
    status from it, and open (or close) the follow-up a missed session needs."""
    row = AttendanceMarkRow(
        session_id=session.id,
        value=mark.value.value,
        reason=mark.reason,
        evidence_received=mark.evidence_received,
        marked_by=mark.marked_by,
        marked_at=mark.marked_at,
        corrects_id=corrects_id,
        correction_note=mark.correction_note,
        source=source,
    )
    s.add(row)
    session.status = mark.value.value
    session.reason = mark.reason
    session.evidence_received = mark.evidence_received
    referral = s.get_one(Referral, session.referral_id)
    open_follow_up = s.scalar(
        select(FollowUp).where(FollowUp.session_id == session.id, FollowUp.done.is_(False))
    )
    if marks.needs_follow_up(mark.value) and open_follow_up is None:
        cal = team_calendar(s, referral.team_id)
        s.add(
            FollowUp(
                session_id=session.id,
                referral_id=referral.id,
                due_date=marks.follow_up_due(mark.marked_at.date(), cal),
                done=False,
                note="",
                created_at=mark.marked_at,
            )
        )
    elif not marks.needs_follow_up(mark.value) and open_follow_up is not None:
        # The mark was a mistake: nobody needs to chase a session the young person came to.
        open_follow_up.done = True
        open_follow_up.done_by = mark.marked_by
        open_follow_up.done_at = mark.marked_at
        open_follow_up.note = "Not needed: the attendance mark was corrected"
    s.flush()
    return row


def record_correction(
    s: Session,
    user: CurrentUser,
    session: ProgrammeSession,
    value: Attendance,
    note: str,
    reason: str,
    evidence: bool,
    now: datetime,
    source: str,
) -> None:
    """A new mark for a session already marked, keeping the one it corrects."""
    if session.status in (Attendance.PLANNED.value, Attendance.RESCHEDULED.value):
        raise ValidationError(
            FieldProblem("What happened", "this session has no mark to correct; mark it instead")
        )
    last = s.scalar(
        select(AttendanceMarkRow)
        .where(AttendanceMarkRow.session_id == session.id)
        .order_by(AttendanceMarkRow.id.desc())
        .limit(1)
    )
    # Sessions marked before marks were kept have their mark on the session row only.
    previous = marks.AttendanceMark(
        Attendance(session.status),
        session.reason,
        session.evidence_received,
        last.marked_by if last is not None else "earlier record",
        min(last.marked_at if last is not None else session.starts_at, now),
    )
    mark = marks.correct_mark(
        previous,
        value,
        marked_by=user.username,
        marked_at=now,
        note=note,
        reason=reason,
        evidence_received=evidence,
    )
    record_mark(s, session, mark, last.id if last is not None else None, source)
