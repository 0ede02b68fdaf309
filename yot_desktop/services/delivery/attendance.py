"""Today's register: marking attendance, corrections that keep the old mark, and follow-ups
after a missed session (a provider's register imported from CSV: attendance_import.py)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from yot_desktop.domain import attendance as marks
from yot_desktop.domain.enums import Attendance
from yot_desktop.domain.errors import FieldProblem, ValidationError
from yot_desktop.domain.permissions import Permission
from yot_desktop.domain.validation import FREE_TEXT_MAX, check_text
from yot_desktop.services.core import ServiceContext, through_referral
from yot_desktop.services.delivery.common import (
    NOT_IN_DIARY,
    day_bounds,
    load_session,
    person_name,
    referral_scope,
    session_query,
    session_row,
    session_rows,
)
from yot_desktop.services.delivery.dto import (
    FollowUpRow,
    MarkResult,
    MarkRow,
    SessionRow,
)
from yot_desktop.services.delivery.marking import record_correction, record_mark
from yot_desktop.services.delivery.programme_state import (
    engagement_row,
    programme_of,
    update_engagement,
)
from yot_desktop.services.dto import CurrentUser
from yot_desktop.storage.models import ProgrammeSession, Referral, YoungPerson
from yot_desktop.storage.models_delivery import AttendanceMarkRow, FollowUp

# Marks that say the session happened (or should have): never recorded ahead of its start.
_ON_THE_DAY = frozenset({Attendance.ATTENDED, Attendance.LATE, Attendance.DID_NOT_ATTEND})


def _mark_row(m: AttendanceMarkRow) -> MarkRow:
    return MarkRow(
        m.id,
        m.session_id,
        Attendance(m.value),
        m.reason,
        m.evidence_received,
        m.marked_by,
        m.marked_at,
        m.corrects_id,
        m.correction_note,
        m.source,
    )


class AttendanceService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    # --- the register --------------------------------------------------------------------
    def register(
        self, user: CurrentUser, day: date, *, mine_only: bool = False
    ) -> tuple[SessionRow, ...]:
        """The day's sessions for the user (or the user's team), by time."""
        self.ctx.require(user, Permission.VIEW_CASES, "view_register")
        start, end = day_bounds(day, day)
        stmt = referral_scope(
            user,
            session_query()
            .where(ProgrammeSession.starts_at >= start, ProgrammeSession.starts_at < end)
            .where(ProgrammeSession.status.not_in(NOT_IN_DIARY)),
        )
        if mine_only:
            stmt = stmt.where(ProgrammeSession.worker_id == user.id)
        elif user.team_id is not None:
            stmt = stmt.where(Referral.team_id == user.team_id)
        with self.ctx.uow() as uow:
            return session_rows(
                uow.session, stmt.order_by(ProgrammeSession.starts_at, ProgrammeSession.id)
            )

    def mark(
        self,
        user: CurrentUser,
        session_id: int,
        expected_version: int,
        value: Attendance,
        *,
        reason: str = "",
        evidence_received: bool = False,
    ) -> MarkResult:
        """The first mark for a planned session. A missed session gets a follow-up due the
        next working day; the absence count is updated and letters queued."""
        self.ctx.require(user, Permission.EDIT_CASES, "mark_attendance")
        now = self.ctx.clock()
        with self.ctx.uow() as uow:
            s = uow.session
            session = load_session(uow, user, session_id, expected_version)
            if session.status != Attendance.PLANNED.value:
                raise ValidationError(
                    FieldProblem(
                        "What happened",
                        "this session is already marked "
                        f"{Attendance(session.status).label.lower()}; correct the mark instead",
                    )
                )
            mark = marks.make_mark(
                value,
                marked_by=user.username,
                marked_at=now,
                reason=reason,
                evidence_received=evidence_received,
                session_start=session.starts_at if value in _ON_THE_DAY else None,
            )
            record_mark(s, session, mark, None, "register")
            result = self._after_mark(s, user, session, now)
            self.ctx.audit(s, user, "mark_attendance", "session", session.id, detail=value.value)
            uow.commit()
            return result

    def correct(
        self,
        user: CurrentUser,
        session_id: int,
        expected_version: int,
        value: Attendance,
        *,
        note: str,
        reason: str = "",
        evidence_received: bool = False,
    ) -> MarkResult:
        """Replace the session's mark, keeping the old one: e.g. evidence arrived later."""
        self.ctx.require(user, Permission.EDIT_CASES, "correct_attendance")
        now = self.ctx.clock()
        with self.ctx.uow() as uow:
            s = uow.session
            session = load_session(uow, user, session_id, expected_version)
            record_correction(
                s, user, session, value, note, reason, evidence_received, now, "register"
            )
            result = self._after_mark(s, user, session, now)
            self.ctx.audit(s, user, "correct_attendance", "session", session.id, detail=value.value)
            uow.commit()
            return result

    def history(self, user: CurrentUser, session_id: int) -> tuple[MarkRow, ...]:
        """Every mark recorded for the session, oldest first (corrections included)."""
        self.ctx.require(user, Permission.VIEW_CASES, "view_attendance")
        with self.ctx.uow() as uow:
            s = uow.session
            load_session(uow, user, session_id)
            rows = s.scalars(
                select(AttendanceMarkRow)
                .where(AttendanceMarkRow.session_id == session_id)
                .order_by(AttendanceMarkRow.id)
            ).all()
            return tuple(_mark_row(m) for m in rows)

    # --- follow-ups ----------------------------------------------------------------------
    def follow_ups(
        self, user: CurrentUser, *, due_by: date | None = None, open_only: bool = True
    ) -> tuple[FollowUpRow, ...]:
        self.ctx.require(user, Permission.VIEW_CASES, "view_follow_ups")
        stmt = referral_scope(
            user,
            select(
                FollowUp,
                Referral.crime_reference,
                YoungPerson.first_name,
                YoungPerson.last_name,
                ProgrammeSession.starts_at,
            )
            .join(Referral, Referral.id == FollowUp.referral_id)
            .join(YoungPerson, YoungPerson.id == Referral.young_person_id)
            .join(ProgrammeSession, ProgrammeSession.id == FollowUp.session_id),
        )
        if open_only:
            stmt = stmt.where(FollowUp.done.is_(False))
        if due_by is not None:
            stmt = stmt.where(FollowUp.due_date <= due_by)
        with self.ctx.uow() as uow:
            return tuple(
                FollowUpRow(
                    f.id,
                    f.version,
                    f.session_id,
                    f.referral_id,
                    ref,
                    person_name(first, last),
                    at,
                    f.due_date,
                    f.done,
                    f.note,
                )
                for f, ref, first, last, at in uow.session.execute(
                    stmt.order_by(FollowUp.due_date, FollowUp.id)
                )
            )

    def complete_follow_up(
        self, user: CurrentUser, follow_up_id: int, expected_version: int, note: str
    ) -> None:
        self.ctx.require(user, Permission.EDIT_CASES, "complete_follow_up")
        if not note.strip():
            raise ValidationError(
                FieldProblem("What was done", "say what was done, like 'Called mum'")
            )
        note = check_text(note, "What was done", FREE_TEXT_MAX, multi_line=True)
        with self.ctx.uow() as uow:
            s = uow.session
            row = uow.load(
                FollowUp,
                follow_up_id,
                entity="follow-up",
                missing="This follow-up does not exist or is not in your team.",
                user=user,
                scope=through_referral(FollowUp.referral_id),
                seen=expected_version,
            )
            row.done, row.done_by, row.done_at = True, user.username, self.ctx.clock()
            row.note = note
            self.ctx.audit(s, user, "complete_follow_up", "follow_up", row.id)
            uow.commit()

    # --- internals -----------------------------------------------------------------------
    def _after_mark(
        self, s: Session, user: CurrentUser, session: ProgrammeSession, now: datetime
    ) -> MarkResult:
        referral = s.get_one(Referral, session.referral_id)
        programme = programme_of(s, referral)
        letters = update_engagement(s, referral, programme, now, session.id)
        due = s.scalar(
            select(func.max(FollowUp.due_date)).where(
                FollowUp.session_id == session.id, FollowUp.done.is_(False)
            )
        )
        s.flush()
        row = engagement_row(s, programme, referral) if programme is not None else None
        return MarkResult(
            session=session_row(s, session.id),
            follow_up_due=due,
            letters=letters,
            engagement=row.engagement if row else None,
            completion_due=row.completion_due if row else False,
        )
