"""Engagement: who is on track, who has reached the absence limit, the manager's decision,
completing a programme, the letters due, and a practitioner's own work list."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from yot_desktop.domain import engagement as rules
from yot_desktop.domain.enums import Attendance, Engagement, LetterType, ReferralStatus
from yot_desktop.domain.errors import FieldProblem, ValidationError
from yot_desktop.domain.permissions import Permission
from yot_desktop.services.admin.schemes import rules_of
from yot_desktop.services.core import ServiceContext, UnitOfWork
from yot_desktop.services.delivery.attendance import AttendanceService
from yot_desktop.services.delivery.common import (
    ACTIVE,
    day_bounds,
    load_programme,
    load_referral,
    record_status,
    referral_scope,
    session_query,
    session_rows,
)
from yot_desktop.services.delivery.dto import (
    DecisionResult,
    EngagementRow,
    LetterDueRow,
    MyWork,
)
from yot_desktop.services.delivery.engagement_bulk import engagement_rows
from yot_desktop.services.delivery.programme_state import (
    cancel_planned_sessions,
    engagement_row,
    programme_of,
    queue_letters,
)
from yot_desktop.services.dto import CurrentUser
from yot_desktop.storage.models import ProgrammeSession, Referral, Scheme
from yot_desktop.storage.models_delivery import (
    EngagementDecision,
    LetterDue,
    Programme,
)

NEAR_DEADLINE_DAYS = 14


class EngagementService:
    def __init__(self, ctx: ServiceContext, attendance: AttendanceService) -> None:
        self.ctx = ctx
        self.attendance = attendance

    # --- lists ---------------------------------------------------------------------------
    def programmes(
        self, user: CurrentUser, *, worker_only: bool = False
    ) -> tuple[EngagementRow, ...]:
        """Every active programme the user may see, with its engagement."""
        self.ctx.require(user, Permission.VIEW_CASES, "view_engagement")
        stmt = referral_scope(
            user,
            select(Programme, Referral)
            .join(Referral, Referral.id == Programme.referral_id)
            .where(Programme.status == ACTIVE),
        )
        if worker_only:
            stmt = stmt.where(Referral.worker_id == user.id)
        with self.ctx.uow() as uow:
            s = uow.session
            pairs = [(p, r) for p, r in s.execute(stmt.order_by(Programme.deadline, Programme.id))]
            return engagement_rows(s, pairs)

    def for_referral(self, user: CurrentUser, referral_id: int) -> EngagementRow | None:
        self.ctx.require(user, Permission.VIEW_CASES, "view_engagement")
        with self.ctx.uow() as uow:
            s = uow.session
            referral = load_referral(s, user, referral_id)
            programme = programme_of(s, referral)
            return engagement_row(s, programme, referral) if programme is not None else None

    def decisions_due(self, user: CurrentUser) -> tuple[EngagementRow, ...]:
        """Programmes at or beyond the absence limit, waiting for a manager."""
        return tuple(r for r in self.programmes(user) if r.decision_due)

    def completions_due(self, user: CurrentUser) -> tuple[EngagementRow, ...]:
        return tuple(r for r in self.programmes(user) if r.completion_due)

    def letters_due(self, user: CurrentUser) -> tuple[LetterDueRow, ...]:
        self.ctx.require(user, Permission.VIEW_CASES, "view_letters_due")
        stmt = referral_scope(
            user,
            select(LetterDue, Referral.crime_reference)
            .join(Referral, Referral.id == LetterDue.referral_id)
            .where(LetterDue.status == "due"),
        )
        with self.ctx.uow() as uow:
            return tuple(
                LetterDueRow(
                    q.id, q.referral_id, ref, q.session_id, q.letter_type, q.created_at, q.status
                )
                for q, ref in uow.session.execute(stmt.order_by(LetterDue.id))
            )

    # --- decisions -----------------------------------------------------------------------
    def decide(
        self,
        user: CurrentUser,
        programme_id: int,
        expected_version: int,
        outcome: rules.DecisionOutcome,
        reason: str,
    ) -> DecisionResult:
        """Close as not engaged (police informed) or continue, with a reason."""
        self.ctx.require(user, Permission.DECIDE_ENGAGEMENT, "decide_engagement")
        now = self.ctx.clock()
        with self.ctx.uow() as uow:
            s = uow.session
            programme, referral = self._load(uow, user, programme_id, expected_version)
            row = engagement_row(s, programme, referral)
            if row.engagement is not Engagement.THRESHOLD_REACHED:
                raise ValidationError(
                    FieldProblem(
                        "programme",
                        f"{row.person_name} has {row.unexplained} unexplained absences, below "
                        f"the limit of {rules.effective_limit(row.absence_limit)}: "
                        "no decision is needed yet",
                    )
                )
            decision = rules.make_decision(
                outcome,
                reason=reason,
                decided_by=user.username,
                decided_on=now.date(),
                unexplained=row.unexplained,
            )
            scheme = rules_of(s.get_one(Scheme, referral.scheme_id))
            result = rules.decision_consequences(decision, scheme.model)
            s.add(
                EngagementDecision(
                    programme_id=programme.id,
                    outcome=outcome.value,
                    reason=decision.reason,
                    decided_by=user.username,
                    decided_at=now,
                    unexplained_at_decision=row.unexplained,
                )
            )
            if outcome is rules.DecisionOutcome.CONTINUE:
                programme.continued_at = row.unexplained
                self._audit_programme(
                    s, user, "decide_engagement", programme, referral, outcome.value
                )
            else:
                # Set before the status moves, so that the change_status audit row holds it.
                referral.police_informed_on = now.date()
                record_status(
                    self.ctx,
                    s,
                    referral,
                    result.new_status,
                    user.username,
                    now,
                    "manager: not engaged",
                )
                programme.status = "not_engaged"
                programme.closed_by, programme.closed_at = user.username, now
                # Before any query: a flush would leave no before and after to read.
                self._audit_programme(
                    s, user, "decide_engagement", programme, referral, outcome.value
                )
                cancel_planned_sessions(s, referral.id, user.username, now)
                queue_letters(s, referral.id, (lt.value for lt in result.letters), now)
            uow.commit()
            return DecisionResult(
                referral.status,
                result.police_informed,
                result.summary,
                tuple(lt.value for lt in result.letters),
            )

    def confirm_completion(
        self, user: CurrentUser, programme_id: int, expected_version: int
    ) -> DecisionResult:
        """A practitioner confirms a programme whose required sessions are attended."""
        self.ctx.require(user, Permission.EDIT_CASES, "complete_programme")
        now = self.ctx.clock()
        with self.ctx.uow() as uow:
            s = uow.session
            programme, referral = self._load(uow, user, programme_id, expected_version)
            row = engagement_row(s, programme, referral)
            if not row.completion_due:
                raise ValidationError(
                    FieldProblem(
                        "programme",
                        f"{row.person_name} has attended {row.attended} of {row.required} "
                        "sessions (and the assessment, where the scheme needs one): "
                        "the programme is not complete yet",
                    )
                )
            referral.police_informed_on = now.date()  # audited with the status, below
            record_status(
                self.ctx,
                s,
                referral,
                ReferralStatus.COMPLETED,
                user.username,
                now,
                "programme completed",
            )
            programme.status = "completed"
            programme.closed_by, programme.closed_at = user.username, now
            # Before any query: a flush would leave no before and after to read.
            self._audit_programme(s, user, "complete_programme", programme, referral, "")
            cancel_planned_sessions(s, referral.id, user.username, now)
            letters = (LetterType.COMPLETION, LetterType.CERTIFICATE, LetterType.POLICE_OUTCOME)
            queue_letters(s, referral.id, (lt.value for lt in letters), now)
            uow.commit()
            return DecisionResult(
                referral.status,
                True,
                "The programme is complete. The police are told the outcome.",
                tuple(lt.value for lt in letters),
            )

    # --- my work -------------------------------------------------------------------------
    def my_work(self, user: CurrentUser, today: date | None = None) -> MyWork:
        """This week's sessions, overdue follow-ups, and programmes near their deadline."""
        self.ctx.require(user, Permission.VIEW_CASES, "view_my_work")
        day = today or self.ctx.clock().date()
        monday = day - timedelta(days=day.weekday())
        start, end = day_bounds(monday, monday + timedelta(days=6))
        stmt = referral_scope(
            user,
            session_query()
            .where(ProgrammeSession.starts_at >= start, ProgrammeSession.starts_at < end)
            .where(ProgrammeSession.worker_id == user.id)
            .where(ProgrammeSession.status != Attendance.RESCHEDULED.value),
        )
        with self.ctx.uow() as uow:
            sessions = session_rows(uow.session, stmt.order_by(ProgrammeSession.starts_at))
        follow_ups = tuple(
            f for f in self.attendance.follow_ups(user, due_by=day) if f.due_date < day
        )
        horizon = day + timedelta(days=NEAR_DEADLINE_DAYS)
        near = tuple(
            r
            for r in self.programmes(user, worker_only=user.role.value == "practitioner")
            if r.deadline <= horizon
        )
        return MyWork(sessions, follow_ups, near, monday)

    # --- internals -----------------------------------------------------------------------
    def _load(
        self, uow: UnitOfWork, user: CurrentUser, programme_id: int, expected_version: int
    ) -> tuple[Programme, Referral]:
        programme = load_programme(uow, user, programme_id, expected_version)
        referral = uow.session.get_one(Referral, programme.referral_id)
        if programme.status != ACTIVE:
            raise ValidationError(
                FieldProblem("programme", f"this programme is already {programme.status}")
            )
        return programme, referral

    def _audit_programme(
        self,
        s: Session,
        user: CurrentUser,
        action: str,
        programme: Programme,
        referral: Referral,
        detail: str,
    ) -> None:
        """The decision's audit row, with the programme's fields before and after (its
        status, who closed it and when, where a decision to continue left the count)."""
        if not self.ctx.audit_changes(s, user, action, programme, referral.young_person_id, detail):
            self.ctx.audit(s, user, action, "programme", programme.id, detail=detail)
