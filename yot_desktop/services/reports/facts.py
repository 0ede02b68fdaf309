"""Reading the database into report data: the PanelCase of one referral. (The scheme
evaluation's counts come from reports_sql.)"""

from __future__ import annotations

from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, selectinload

from yot_desktop.domain.age import age_on
from yot_desktop.domain.eligibility import EligibilityInput, decide_eligibility
from yot_desktop.domain.enums import Attendance, ReferralStatus, Unit
from yot_desktop.domain.outcomes import outcome_label
from yot_desktop.domain.status import is_final
from yot_desktop.reports.data import (
    AttendanceRow,
    ChecklistItem,
    LetterSent,
    PanelCase,
    ParentCarer,
)
from yot_desktop.services.admin.schemes import rules_of
from yot_desktop.services.intake.panel_recommendations import stored_text
from yot_desktop.storage.models import (
    Carer,
    ProgrammeSession,
    Referral,
    Scheme,
    Team,
    User,
    YoungPerson,
)
from yot_desktop.storage.models_delivery import Intervention, Programme, ProgrammeItem
from yot_desktop.storage.models_intake import CrafftScreening
from yot_desktop.storage.models_letters import LetterRecord


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


def build_panel_case(
    s: Session, r: Referral, today: date, recommendation: str | None = None
) -> PanelCase:
    """The case; ``recommendation`` None means the practitioner's stored one."""
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
        recommendation=stored_text(s, r.id) if recommendation is None else recommendation,
        place_names=service_names(s),
        referral_date=r.referral_date,
        status=_status_label(r.status),
        outcome=outcome_label(r.outcome_code) if r.outcome_code.strip() else "",
        closed=_closed(r.status),
    )


def service_names(s: Session) -> tuple[str, ...]:
    """The schemes' and teams' names: places and teams, which pseudonymising keeps."""
    schemes = s.scalars(select(Scheme.name).order_by(Scheme.name))
    teams = s.scalars(select(Team.name).order_by(Team.name))
    return tuple(n for n in (*schemes, *teams) if n)


def _status_label(status: str) -> str:
    try:
        return ReferralStatus(status).label
    except ValueError:
        return status.replace("_", " ").capitalize()


def _closed(status: str) -> bool:
    try:
        st = ReferralStatus(status)
    except ValueError:
        return False
    return is_final(st) or st is ReferralStatus.INELIGIBLE


def _attendance_label(status: str) -> str:
    try:
        return Attendance(status).label
    except ValueError:
        return status.replace("_", " ").capitalize()
