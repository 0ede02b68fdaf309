"""Decisions taken on a referral: status changes, the manager's override, consent, the joint
decision panel, outcome codes and the return to the police.

Status changes go through domain/status.py only; each is kept in the referral's history.
Reading and adding referrals is `ReferralService` (services/intake/referrals.py).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from yot_desktop.domain.consent import ConsentFacts, Party, check_consent, missing_consents
from yot_desktop.domain.enums import ReferralStatus, Role
from yot_desktop.domain.errors import (
    FieldProblem,
    InvalidTransition,
    ValidationError,
)
from yot_desktop.domain.outcomes import find_outcome
from yot_desktop.domain.permissions import Permission
from yot_desktop.domain.status import check_transition, returned_to_police
from yot_desktop.domain.validation import (
    DATE_EXAMPLE,
    FREE_TEXT_MAX,
    PANEL_DECISION_MAX,
    check_not_future,
    check_text,
    text_problems,
)
from yot_desktop.services.core import (
    ServiceContext,
    UnitOfWork,
    referral_scope,
    sees_all_teams,
)
from yot_desktop.services.delivery.common import ACTIVE, load_referral
from yot_desktop.services.delivery.programme_state import (
    cancel_planned_sessions,
    open_programme,
    programme_of,
)
from yot_desktop.services.dto import CurrentUser
from yot_desktop.services.intake.dto import ReferralDetail, WorkerChoice
from yot_desktop.services.intake.views import referral_detail
from yot_desktop.storage.models import Carer, Referral, User
from yot_desktop.storage.models_delivery import Programme
from yot_desktop.storage.models_intake import Consent, ReferralStatusChange

MIN_OVERRIDE_REASON = 20
# Who can hold a case: practitioners, and managers who carry cases themselves.
WORKER_ROLES = (Role.PRACTITIONER.value, Role.MANAGER.value)


class ReferralDecisionService:
    """What staff decide on a referral, and who holds it."""

    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    # --- decisions ------------------------------------------------------------------------
    def change_status(
        self, user: CurrentUser, referral_id: int, version: int, to: ReferralStatus, note: str = ""
    ) -> ReferralDetail:
        """Offer, decline, withdraw, start the programme, and so on, as the rules allow."""
        self.ctx.require(user, Permission.EDIT_CASES, "change_status")
        note = check_text(note, "Note about the change", FREE_TEXT_MAX, multi_line=True)
        if to is ReferralStatus.NOT_ENGAGED:
            self.ctx.require(user, Permission.DECIDE_ENGAGEMENT, "change_status")
        with self.ctx.uow() as uow:
            s = uow.session
            r = self._load_version(uow, user, referral_id, version)
            old = ReferralStatus(r.status)
            check_transition(old, to)
            running = self._running_programme(s, r) if old is ReferralStatus.IN_PROGRAMME else None
            if running is not None and to is not ReferralStatus.WITHDRAWN:
                raise InvalidTransition(
                    "This referral's programme is still running: "
                    + (
                        "confirm completion on the programme once its sessions are attended."
                        if to is ReferralStatus.COMPLETED
                        else "'not engaged' is the manager's engagement decision on the programme."
                    )
                )
            if to is ReferralStatus.IN_PROGRAMME:
                given = s.execute(
                    select(Consent.party, Consent.consented)
                    .where(Consent.referral_id == r.id)
                    .order_by(Consent.id)
                ).all()
                missing = missing_consents((Party(p), c) for p, c in given)
                if missing:
                    raise InvalidTransition(". ".join(missing) + ".")
            self._set_status(s, user, r, to, note)
            if to is ReferralStatus.IN_PROGRAMME and programme_of(s, r) is None:
                open_programme(s, r, user.username, self.ctx.clock())
            if running is not None:  # withdrawn: the programme ends and its diary is cleared
                now = self.ctx.clock()
                running.status = ReferralStatus.WITHDRAWN.value
                running.closed_by, running.closed_at = user.username, now
                # Before any query: a flush would leave no before and after to read.
                if not self.ctx.audit_changes(
                    s, user, "close_programme", running, r.young_person_id, "withdrawn"
                ):
                    self.ctx.audit(s, user, "close_programme", "programme", running.id)
                cancel_planned_sessions(s, r.id, user.username, now, "The referral was withdrawn")
            uow.commit()
            return referral_detail(s, r)

    @staticmethod
    def _running_programme(s: Session, r: Referral) -> Programme | None:
        return s.scalar(
            select(Programme).where(Programme.referral_id == r.id, Programme.status == ACTIVE)
        )

    def override(
        self, user: CurrentUser, referral_id: int, version: int, reason: str
    ) -> ReferralDetail:
        """A manager's override: an ineligible referral is received after all, with a reason."""
        self.ctx.require(user, Permission.OVERRIDE_ELIGIBILITY, "override_eligibility")
        reason = check_text(reason, "reason", FREE_TEXT_MAX, multi_line=True)
        if len(reason) < MIN_OVERRIDE_REASON:
            raise ValidationError(
                FieldProblem(
                    "reason",
                    f"Write why the scheme should take this referral (at least "
                    f"{MIN_OVERRIDE_REASON} characters). It is kept on the referral",
                )
            )
        with self.ctx.uow() as uow:
            s = uow.session
            r = self._load_version(uow, user, referral_id, version)
            check_transition(ReferralStatus(r.status), ReferralStatus.RECEIVED, override=True)
            r.override_reason = reason
            r.override_by = user.display_name or user.username
            r.override_at = self.ctx.clock()
            self._set_status(s, user, r, ReferralStatus.RECEIVED, "Manager's override")
            uow.commit()
            return referral_detail(s, r)

    def record_consent(
        self,
        user: CurrentUser,
        referral_id: int,
        party: Party,
        given_by: str,
        taken_on: date,
        lawful_basis: str,
        *,
        consented: bool = True,
        carer_id: int | None = None,
    ) -> ReferralDetail:
        self.ctx.require(user, Permission.EDIT_CASES, "record_consent")
        facts = ConsentFacts(party, given_by, consented, taken_on, lawful_basis)
        with self.ctx.uow() as uow:
            s = uow.session
            r = load_referral(s, user, referral_id)
            if r.status != ReferralStatus.OFFERED.value:
                raise InvalidTransition(
                    "Consent is recorded once the programme has been offered. "
                    f"This referral is {ReferralStatus(r.status).label.lower()}."
                )
            offered_on = s.scalar(
                select(func.max(ReferralStatusChange.at)).where(
                    ReferralStatusChange.referral_id == r.id,
                    ReferralStatusChange.to_status == ReferralStatus.OFFERED.value,
                )
            )
            check_consent(facts, self.ctx.clock().date(), offered_on.date() if offered_on else None)
            if carer_id is not None:
                carer = s.get(Carer, carer_id)
                if carer is None or carer.young_person_id != r.young_person_id:
                    raise ValidationError(
                        FieldProblem(
                            "parent or carer",
                            "Choose a parent or carer recorded for this young person",
                        )
                    )
            s.add(
                Consent(
                    referral_id=r.id,
                    party=party.value,
                    carer_id=carer_id,
                    given_by=given_by.strip(),
                    consented=consented,
                    taken_on=taken_on,
                    taken_by=user.username,
                    lawful_basis=lawful_basis.strip(),
                    recorded_at=self.ctx.clock(),
                )
            )
            self.ctx.audit(s, user, "record_consent", "referral", r.id, detail=party.value)
            uow.commit()
            return referral_detail(s, r)

    def record_panel(
        self, user: CurrentUser, referral_id: int, version: int, panel_date: date, decision: str
    ) -> ReferralDetail:
        """The joint decision-making panel's date and decision."""
        self.ctx.require(user, Permission.EDIT_CASES, "record_panel")
        problems = []
        if panel_date > self.ctx.clock().date():
            problems.append(
                FieldProblem("panel date", f"Enter the date the panel met, like {DATE_EXAMPLE}")
            )
        if not decision.strip():
            problems.append(FieldProblem("panel decision", "Enter the panel's decision"))
        problems += text_problems(("panel decision", decision, PANEL_DECISION_MAX))
        if problems:
            raise ValidationError(problems)
        return self._edit(
            user,
            referral_id,
            version,
            "record_panel",
            panel_date=panel_date,
            panel_decision=decision.strip(),
        )

    def set_outcome(
        self, user: CurrentUser, referral_id: int, version: int, code: str
    ) -> ReferralDetail:
        """The Home Office outcome code the police recorded."""
        self.ctx.require(user, Permission.EDIT_CASES, "set_outcome")
        outcome = find_outcome(code)
        if outcome is None:
            raise ValidationError(
                FieldProblem("outcome code", "Choose an outcome code: 1, 2, 8, 21, 22 or 23")
            )
        return self._edit(user, referral_id, version, "set_outcome", outcome_code=outcome.code)

    def return_to_police(
        self, user: CurrentUser, referral_id: int, version: int, informed_on: date
    ) -> ReferralDetail:
        """Record that the police were told: for declined, ineligible or not engaged only."""
        self.ctx.require(user, Permission.EDIT_CASES, "return_to_police")
        with self.ctx.uow() as uow:
            r = load_referral(uow.session, user, referral_id)
            status = ReferralStatus(r.status)
        if not returned_to_police(status):
            raise InvalidTransition(
                f"This referral is {status.label.lower()}. Only declined, not eligible or "
                "not engaged referrals go back to the police."
            )
        check_not_future(informed_on, self.ctx.clock().date(), "date", "date")
        return self._edit(
            user, referral_id, version, "return_to_police", police_informed_on=informed_on
        )

    # --- allocation -----------------------------------------------------------------------
    def workers(
        self, user: CurrentUser, referral_id: int | None = None
    ) -> tuple[WorkerChoice, ...]:
        """Staff a referral can be allocated to: active practitioners and managers of the
        referral's team (or, with no referral, of the user's own team)."""
        self.ctx.require(user, Permission.VIEW_CASES, "list_workers")
        with self.ctx.uow() as uow:
            s = uow.session
            team_id = user.team_id
            if referral_id is not None:
                team_id = load_referral(s, user, referral_id).team_id
            stmt = select(User.id, User.display_name, User.username).where(
                User.active.is_(True), User.role.in_(WORKER_ROLES)
            )
            if team_id is not None or not sees_all_teams(user):
                stmt = stmt.where(User.team_id == team_id)
            rows = s.execute(stmt.order_by(User.display_name, User.username)).all()
            return tuple(WorkerChoice(uid, display or name) for uid, display, name in rows)

    def assign_worker(
        self, user: CurrentUser, referral_id: int, version: int, worker_id: int | None
    ) -> ReferralDetail:
        """Allocate the referral to a worker of its team, reallocate it, or (None) leave it
        unallocated. Managers decide who holds a case."""
        self.ctx.require(user, Permission.ALLOCATE_CASES, "assign_worker")
        with self.ctx.uow() as uow:
            s = uow.session
            r = self._load_version(uow, user, referral_id, version)
            if worker_id is not None:
                worker = s.get(User, worker_id)
                if (
                    worker is None
                    or not worker.active
                    or worker.role not in WORKER_ROLES
                    or worker.team_id != r.team_id
                ):
                    raise ValidationError(
                        FieldProblem(
                            "allocated worker",
                            "Choose a practitioner or manager in this referral's team, "
                            "or Unallocated",
                        )
                    )
            if r.worker_id != worker_id:
                r.worker_id = worker_id
                r.updated_at = self.ctx.clock()
                # A user id is a reference, not personal data about the child.
                detail = f"worker={worker_id}" if worker_id is not None else "worker=none"
                self.ctx.audit(s, user, "assign_worker", "referral", r.id, detail=detail)
            uow.commit()
            return referral_detail(s, r)

    # --- helpers ---------------------------------------------------------------------------
    def _edit(
        self, user: CurrentUser, referral_id: int, version: int, action: str, **values: object
    ) -> ReferralDetail:
        with self.ctx.uow() as uow:
            s = uow.session
            r = self._load_version(uow, user, referral_id, version)
            for name, value in values.items():
                setattr(r, name, value)
            r.updated_at = self.ctx.clock()
            if not self.ctx.audit_changes(s, user, action, r, r.young_person_id):
                self.ctx.audit(s, user, action, "referral", r.id, detail=",".join(values))
            uow.commit()
            return referral_detail(s, r)

    def _set_status(
        self, s: Session, user: CurrentUser, r: Referral, to: ReferralStatus, note: str
    ) -> None:
        old = r.status
        r.status = to.value
        r.updated_at = self.ctx.clock()
        s.add(
            ReferralStatusChange(
                referral_id=r.id,
                from_status=old,
                to_status=to.value,
                at=self.ctx.clock(),
                by_username=user.username,
                note=note,
            )
        )
        # With the status, any fields set before it (a manager's override reason).
        detail = f"{old}>{to.value}"
        if not self.ctx.audit_changes(s, user, "change_status", r, r.young_person_id, detail):
            self.ctx.audit(s, user, "change_status", "referral", r.id, detail=detail)

    def _load_version(
        self, uow: UnitOfWork, user: CurrentUser, referral_id: int, version: int
    ) -> Referral:
        return uow.load(
            Referral,
            referral_id,
            entity="referral",
            missing="This referral does not exist or is not in your team.",
            user=user,
            scope=referral_scope,
            seen=version,
        )
