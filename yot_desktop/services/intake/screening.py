"""CRAFFT 2.1 screening and the youth justice KPI 5 stages for a young person."""

from __future__ import annotations

import json
from dataclasses import fields
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from yot_desktop.domain.crafft import (
    PART_A_FIELDS,
    WORDING_KEYS,
    CrafftAnswers,
    CrafftItem,
    kpi5_flags,
    score_crafft,
    tidy_wording,
)
from yot_desktop.domain.enums import Attendance, ReferralStatus
from yot_desktop.domain.errors import FieldProblem, NotFound, ValidationError
from yot_desktop.domain.permissions import Permission
from yot_desktop.domain.validation import DATE_EXAMPLE
from yot_desktop.services.core import ServiceContext, person_scope
from yot_desktop.services.dto import CurrentUser
from yot_desktop.services.intake.dto import ScreeningRow
from yot_desktop.storage.models import AppMeta, ProgrammeSession, Referral, YoungPerson
from yot_desktop.storage.models_intake import CrafftScreening

# app_meta key of the licensed CRAFFT 2.1 wording (a JSON object: question key -> text).
CRAFFT_WORDING_KEY = "crafft_wording"

OFFERED_OR_LATER = frozenset(
    {
        ReferralStatus.OFFERED.value,
        ReferralStatus.DECLINED.value,
        ReferralStatus.IN_PROGRAMME.value,
        ReferralStatus.COMPLETED.value,
        ReferralStatus.NOT_ENGAGED.value,
    }
)


class ScreeningService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def record(
        self,
        user: CurrentUser,
        person_id: int,
        answers: CrafftAnswers,
        *,
        screened_on: date,
        referral_id: int | None = None,
        need_identified_by_worker: bool = False,
    ) -> tuple[ScreeningRow, ...]:
        """Score and keep one CRAFFT screen (the skip rule is checked). All screens back."""
        self.ctx.require(user, Permission.EDIT_CASES, "record_screening")
        result = score_crafft(answers)
        if screened_on > self.ctx.clock().date():
            raise ValidationError(
                FieldProblem(
                    "date", f"Enter the screening date, today or earlier, like {DATE_EXAMPLE}"
                )
            )
        with self.ctx.uow() as uow:
            s = uow.session
            _person(s, user, person_id)
            if (
                referral_id is not None
                and s.scalar(
                    select(Referral.id).where(
                        Referral.id == referral_id, Referral.young_person_id == person_id
                    )
                )
                is None
            ):
                raise ValidationError(
                    FieldProblem("referral", "Choose one of this young person's referrals")
                )
            row = CrafftScreening(
                young_person_id=person_id,
                referral_id=referral_id,
                screened_on=screened_on,
                screened_by=user.username,
                score=result.score,
                positive=result.positive,
                need_identified_by_worker=need_identified_by_worker,
                **{f.name: getattr(answers, f.name) for f in fields(answers)},
            )
            s.add(row)
            s.flush()
            # The score is not personal data in itself, but it is health data: keep it out.
            self.ctx.audit(s, user, "record_screening", "young_person", person_id)
            uow.commit()
            return _rows(s, person_id)

    # --- the licensed question wording ------------------------------------------------------
    def wording(self, user: CurrentUser) -> dict[str, str]:
        """The licensed CRAFFT 2.1 wording entered by the service: question key -> text.

        Empty when none has been entered; the screen then shows the short labels."""
        self.ctx.require(user, Permission.VIEW_CASES, "view_crafft_wording")
        with self.ctx.uow() as uow:
            row = uow.session.get(AppMeta, CRAFFT_WORDING_KEY)
            stored: dict[str, str] = json.loads(row.value) if row is not None else {}
            return {k: stored[k] for k in WORDING_KEYS if stored.get(k)}

    def set_wording(self, user: CurrentUser, wording: dict[str, str]) -> dict[str, str]:
        """Keep the licensed wording (blank questions fall back to their short labels)."""
        self.ctx.require(user, Permission.MANAGE_TEMPLATES, "set_crafft_wording")
        tidy = tidy_wording(wording)
        with self.ctx.uow() as uow:
            s = uow.session
            row = s.get(AppMeta, CRAFFT_WORDING_KEY)
            if not tidy:
                if row is not None:
                    s.delete(row)
            elif row is None:
                s.add(AppMeta(key=CRAFFT_WORDING_KEY, value=json.dumps(tidy)))
            else:
                row.value = json.dumps(tidy)
            self.ctx.audit(
                s, user, "set_crafft_wording", "app_meta", None, detail=f"questions={len(tidy)}"
            )
            uow.commit()
        return tidy

    def list_screenings(self, user: CurrentUser, person_id: int) -> tuple[ScreeningRow, ...]:
        self.ctx.require(user, Permission.VIEW_CASES, "view_screenings")
        with self.ctx.uow() as uow:
            _person(uow.session, user, person_id)
            return _rows(uow.session, person_id)


def _person(s: Session, user: CurrentUser, person_id: int) -> None:
    if (
        s.scalar(person_scope(user, select(YoungPerson.id)).where(YoungPerson.id == person_id))
        is None
    ):
        raise NotFound("This young person's record does not exist or is not in your team.")


def _rows(s: Session, person_id: int) -> tuple[ScreeningRow, ...]:
    screens = s.scalars(
        select(CrafftScreening)
        .where(CrafftScreening.young_person_id == person_id)
        .order_by(CrafftScreening.screened_on.desc(), CrafftScreening.id.desc())
    ).all()
    statuses: dict[int, str] = {
        rid: st
        for rid, st in s.execute(
            select(Referral.id, Referral.status).where(Referral.young_person_id == person_id)
        )
    }
    attended_referrals = set(
        s.scalars(
            select(ProgrammeSession.referral_id).where(
                ProgrammeSession.referral_id.in_(list(statuses) or [0]),
                ProgrammeSession.status.in_((Attendance.ATTENDED.value, Attendance.LATE.value)),
            )
        )
    )
    out = []
    for c in screens:
        answers = CrafftAnswers(**{f.name: getattr(c, f.name) for f in fields(CrafftAnswers)})
        result = score_crafft(answers)
        related = [c.referral_id] if c.referral_id is not None else list(statuses)
        flags = kpi5_flags(
            result,
            need_identified_by_worker=c.need_identified_by_worker,
            intervention_offered=any(statuses.get(r) in OFFERED_OR_LATER for r in related),
            intervention_attended=any(r in attended_referrals for r in related),
        )
        shown = [(label, str(getattr(answers, name))) for name, label in PART_A_FIELDS]
        shown += [
            (item.label, "yes" if answers.answer(item) else "no")
            for item in CrafftItem
            if item in result.items_asked
        ]
        out.append(
            ScreeningRow(
                id=c.id,
                screened_on=c.screened_on,
                screened_by=c.screened_by,
                referral_id=c.referral_id,
                score=result.score,
                positive=result.positive,
                any_use=result.any_use,
                answers=tuple(shown),
                kpi5_stage=flags.stage.value if flags.stage else "",
            )
        )
    return tuple(out)
