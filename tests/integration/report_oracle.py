"""The scheme evaluation's reference reading: one plain row per referral, with the rules
written out independently of the SQL aggregate (services/reports/sql.py), which must give
the same counts. Slow on big data and kept here, where only the tests use it."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import Session

from yot_desktop.domain.age import age_on
from yot_desktop.domain.enums import Attendance, Gender, ReferralStatus
from yot_desktop.domain.evaluation import ReferralFact
from yot_desktop.storage.models import ProgrammeSession, Referral, Scheme, YoungPerson
from yot_desktop.storage.models_delivery import Programme
from yot_desktop.storage.models_intake import CrafftScreening, ReferralStatusChange

_OFFERED_STATUSES = frozenset({ReferralStatus.OFFERED.value, ReferralStatus.DECLINED.value})
# A programme started: these statuses come only after acceptance (withdrawn can come before,
# so a withdrawn referral counts as accepted only with a programme or sessions).
_ACCEPTED_STATUSES = frozenset(
    {
        ReferralStatus.IN_PROGRAMME.value,
        ReferralStatus.COMPLETED.value,
        ReferralStatus.NOT_ENGAGED.value,
    }
)
_ATTENDED = (Attendance.ATTENDED.value, Attendance.LATE.value)
# Statuses that end an intervention once it was accepted (KPI 6's disposals that ended).
_ENDING_STATUSES = frozenset(
    {
        ReferralStatus.COMPLETED.value,
        ReferralStatus.NOT_ENGAGED.value,
        ReferralStatus.WITHDRAWN.value,
    }
)


def _gender(text: str) -> Gender:
    try:
        return Gender(text)
    except ValueError:
        return Gender.NOT_KNOWN


def _ethnicity(code: str) -> str:
    return "" if code in ("", "NS") else code


def fact_rows_select(scheme_id: int | None, first: date, last: date) -> Any:
    """The one query of referrals (with person and scheme) a scheme evaluation reads."""
    stmt = (
        select(
            Referral.id,
            Referral.young_person_id,
            Scheme.code,
            Referral.referral_date,
            Referral.offence_date,
            Referral.status,
            Referral.eligible,
            Referral.override_by,
            YoungPerson.date_of_birth,
            YoungPerson.gender,
            YoungPerson.ethnicity,
            Referral.outcome_code,
        )
        .join(YoungPerson, YoungPerson.id == Referral.young_person_id)
        .join(Scheme, Scheme.id == Referral.scheme_id)
        .where(Referral.referral_date >= first, Referral.referral_date <= last)
    )
    if scheme_id is not None:
        stmt = stmt.where(Referral.scheme_id == scheme_id)
    return stmt


def load_facts(
    s: Session, scheme_id: int | None, period_from: date, period_to: date, window_days: int
) -> list[ReferralFact]:
    """Facts for referrals dated up to ``window_days`` after the period's end: those before
    the period only for KPI 6 (an intervention that ended in the period, whenever it was
    referred), the later ones only to find second referrals. Seven queries whatever the
    number of rows."""
    last = period_to + timedelta(days=window_days)
    first = date.min  # KPI 6 looks at every referral; the period's own are picked by date

    def scoped(column: Any, *extra: Any) -> Any:
        stmt = (
            select(column, *extra)
            .join(Referral, Referral.id == column)
            .where(Referral.referral_date >= first, Referral.referral_date <= last)
        )
        if scheme_id is not None:
            stmt = stmt.where(Referral.scheme_id == scheme_id)
        return stmt

    rows = s.execute(fact_rows_select(scheme_id, first, last)).all()
    offered_ids = set(
        s.scalars(
            scoped(ReferralStatusChange.referral_id)
            .where(ReferralStatusChange.to_status == ReferralStatus.OFFERED.value)
            .distinct()
        )
    )
    programme_ids = set(s.scalars(scoped(Programme.referral_id)))
    first_appointment: dict[int, date] = {}
    attended_ids: set[int] = set()
    for rid, first_at, attended in s.execute(
        scoped(
            ProgrammeSession.referral_id,
            func.min(ProgrammeSession.starts_at),
            func.max(case((ProgrammeSession.status.in_(_ATTENDED), 1), else_=0)),
        ).group_by(ProgrammeSession.referral_id)
    ):
        if first_at is not None:
            first_appointment[rid] = first_at.date() if hasattr(first_at, "date") else first_at
        if attended:
            attended_ids.add(rid)
    screened: dict[int, bool] = {}
    for rid, need in s.execute(
        scoped(
            CrafftScreening.referral_id,
            func.max(
                case(
                    (
                        or_(CrafftScreening.positive, CrafftScreening.need_identified_by_worker),
                        1,
                    ),
                    else_=0,
                )
            ),
        ).group_by(CrafftScreening.referral_id)
    ):
        screened[rid] = bool(need)
    # When each status was last recorded: an intervention ended the day its final status
    # (completed, not engaged, withdrawn) was recorded (KPI 6).
    recorded: dict[tuple[int, str], date] = {}
    for rid, to_status, at in s.execute(
        scoped(
            ReferralStatusChange.referral_id,
            ReferralStatusChange.to_status,
            func.max(ReferralStatusChange.at),
        ).group_by(ReferralStatusChange.referral_id, ReferralStatusChange.to_status)
    ):
        recorded[(rid, to_status)] = at.date() if hasattr(at, "date") else at

    facts = []
    for (
        rid,
        pid,
        code,
        referred,
        offence,
        status,
        eligible,
        override_by,
        dob,
        gender,
        eth,
        outcome,
    ) in rows:
        accepted = (
            rid in programme_ids
            or status in _ACCEPTED_STATUSES
            or (status == ReferralStatus.WITHDRAWN.value and rid in first_appointment)
        )
        offered = accepted or rid in offered_ids or status in _OFFERED_STATUSES
        is_screened = rid in screened
        need = screened.get(rid, False)
        intervention = need and accepted
        facts.append(
            ReferralFact(
                referral_id=rid,
                person_id=pid,
                scheme_code=code,
                referral_date=referred,
                offence_date=offence,
                status=ReferralStatus(status),
                eligible=bool(eligible) or bool(override_by),
                offered=offered,
                accepted=accepted,
                age_at_offence=age_on(dob, offence) if dob and offence else None,
                gender=_gender(gender),
                ethnicity=_ethnicity(eth),
                first_appointment=first_appointment.get(rid),
                screened=is_screened,
                need_identified=need,
                intervention_offered=intervention,
                attended_intervention=intervention and rid in attended_ids,
                # The police outcome recorded: 21, 22 and 23 are counted, any other as none.
                outcome_code=(outcome or "").strip(),
                ended_on=recorded.get((rid, status)) if status in _ENDING_STATUSES else None,
            )
        )
    return facts
