"""Reading the database into report data: ReferralFact rows (a few bulk queries, never one
per referral) and the PanelCase of one referral."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import Session, selectinload

from yot_desktop.domain.age import age_on
from yot_desktop.domain.eligibility import EligibilityInput, decide_eligibility
from yot_desktop.domain.enums import Attendance, Gender, ReferralStatus, Unit
from yot_desktop.domain.evaluation import ReferralFact
from yot_desktop.reports.data import (
    AttendanceRow,
    ChecklistItem,
    LetterSent,
    PanelCase,
    ParentCarer,
)
from yot_desktop.services.schemes import rules_of
from yot_desktop.storage.models import (
    Carer,
    ProgrammeSession,
    Referral,
    Scheme,
    User,
    YoungPerson,
)
from yot_desktop.storage.models_delivery import Intervention, Programme, ProgrammeItem
from yot_desktop.storage.models_intake import CrafftScreening, ReferralStatusChange
from yot_desktop.storage.models_letters import LetterRecord

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
    """Facts for referrals dated from the period's start to ``window_days`` after its end
    (the later ones only find second referrals). Six queries whatever the number of rows."""
    last = period_to + timedelta(days=window_days)

    def scoped(column: Any, *extra: Any) -> Any:
        stmt = (
            select(column, *extra)
            .join(Referral, Referral.id == column)
            .where(Referral.referral_date >= period_from, Referral.referral_date <= last)
        )
        if scheme_id is not None:
            stmt = stmt.where(Referral.scheme_id == scheme_id)
        return stmt

    rows = s.execute(fact_rows_select(scheme_id, period_from, last)).all()
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

    facts = []
    for rid, pid, code, referred, offence, status, eligible, override_by, dob, gender, eth in rows:
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
            )
        )
    return facts


def _safeguarding(p: YoungPerson) -> str:
    notes = []
    if p.looked_after:
        notes.append("Looked after child.")
    if p.exploitation_concern:
        notes.append("Concern about exploitation.")
    if p.nrm_referral_date:
        decision = f" Decision: {p.nrm_decision}." if p.nrm_decision else ""
        notes.append(f"National Referral Mechanism referral made.{decision}")
    if p.missing_episodes:
        notes.append(f"Missing episodes: {p.missing_episodes}.")
    if p.other_agencies:
        notes.append(f"Other agencies involved: {p.other_agencies}")
    if p.send_needs:
        notes.append(f"Special educational needs: {p.send_needs}")
    if p.communication_needs:
        notes.append(f"Communication needs: {p.communication_needs}")
    return " ".join(notes) or "None recorded."


def _quantity(r: Referral) -> str:
    q = r.quantity.normalize() if r.quantity is not None else None
    text = f"{q:f}" if q is not None else ""
    return f"{text} {r.unit}".strip()


def build_panel_case(s: Session, r: Referral, today: date, recommendation: str = "") -> PanelCase:
    person = s.get(YoungPerson, r.young_person_id)
    scheme = s.scalar(
        select(Scheme).options(selectinload(Scheme.thresholds)).where(Scheme.id == r.scheme_id)
    )
    assert person is not None and scheme is not None
    decision = decide_eligibility(
        EligibilityInput(
            scheme=rules_of(scheme),
            date_of_birth=person.date_of_birth,
            offence_date=r.offence_date,
            substance=r.substance,
            quantity=r.quantity,
            unit=Unit(r.unit),
            supply_suspected=r.supply_suspected,
            prior_diversions=r.prior_diversions,
        )
    )
    checklist = tuple(ChecklistItem(i.label, i.passed, i.explanation) for i in decision.checklist)
    if r.override_by:
        checklist += (ChecklistItem("Manager's override", True, r.override_reason),)
    worker = s.get(User, r.worker_id) if r.worker_id else None
    carers = s.scalars(select(Carer).where(Carer.young_person_id == person.id).order_by(Carer.id))
    screening = s.scalar(
        select(CrafftScreening)
        .where(
            or_(
                CrafftScreening.referral_id == r.id,
                CrafftScreening.young_person_id == person.id,
            )
        )
        .order_by(CrafftScreening.screened_on.desc(), CrafftScreening.id.desc())
        .limit(1)
    )
    labels = {c: lb for c, lb in s.execute(select(Intervention.code, Intervention.label))}
    plan: list[str] = []
    programme = s.scalar(select(Programme).where(Programme.referral_id == r.id))
    if programme is not None:
        items = s.scalars(
            select(ProgrammeItem)
            .where(ProgrammeItem.programme_id == programme.id)
            .order_by(ProgrammeItem.position, ProgrammeItem.id)
        )
        for item in items:
            who = f", {item.provider}" if item.provider else ""
            plan.append(f"{item.label}: {item.planned_count} × {item.minutes} minutes{who}")
    sessions = s.scalars(
        select(ProgrammeSession)
        .where(ProgrammeSession.referral_id == r.id)
        .order_by(ProgrammeSession.starts_at)
    )
    attendance = tuple(
        AttendanceRow(
            date=x.starts_at.date(),
            time=x.starts_at.time(),
            session=labels.get(x.intervention, x.intervention.replace("_", " ").capitalize()),
            status=_attendance_label(x.status),
        )
        for x in sessions
    )
    address = tuple(
        line
        for line in (person.address_line_1, person.address_line_2, person.town, person.postcode)
        if line
    )
    panel_date = r.panel_date or today
    return PanelCase(
        person_ref=person.person_ref,
        scheme_name=scheme.name,
        panel_date=panel_date,
        practitioner_name=(worker.display_name or worker.username) if worker else "Not allocated",
        first_name=person.first_name,
        last_name=person.last_name,
        preferred_name=person.preferred_name,
        date_of_birth=person.date_of_birth,
        age=age_on(person.date_of_birth, panel_date),
        address=address,
        school=person.school,
        parents=tuple(
            ParentCarer(
                name=c.name,
                relationship=c.relationship_to_child,
                parental_responsibility=c.parental_responsibility,
                phone=c.phone,
                email=c.email,
                address=tuple(x.strip() for x in c.address.splitlines() if x.strip()),
            )
            for c in carers
        ),
        crime_reference=r.crime_reference,
        background=r.notes,
        offence_date=r.offence_date,
        offence_place=r.offence_location,
        substance=r.substance,
        quantity=_quantity(r),
        eligibility=checklist,
        crafft_score=screening.score if screening else None,
        crafft_positive=screening.positive if screening else None,
        safeguarding_notes=_safeguarding(person),
        plan=tuple(plan),
        attendance=attendance,
        letters=tuple(
            LetterSent(
                date=(x.sent_at or x.created_at).date(),
                letter_type=x.letter_type.replace("_", " ").capitalize()
                + ("" if x.sent_at else " (made, not yet marked sent)"),
            )
            for x in s.scalars(
                select(LetterRecord)
                .where(LetterRecord.referral_id == r.id)
                .order_by(LetterRecord.created_at, LetterRecord.id)
            )
        ),
        recommendation=recommendation,
    )


def _attendance_label(status: str) -> str:
    try:
        return Attendance(status).label
    except ValueError:
        return status.replace("_", " ").capitalize()
