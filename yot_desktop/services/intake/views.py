"""Reading referrals into DTOs: list rows and the full referral with its checklist."""

from __future__ import annotations

from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session, selectinload

from yot_desktop.domain.eligibility import EligibilityInput, decide_eligibility, reasons_from_text
from yot_desktop.domain.enums import ReferralStatus, Unit
from yot_desktop.domain.status import allowed_next
from yot_desktop.services.admin.schemes import rules_of
from yot_desktop.services.admin.staff_names import staff_names
from yot_desktop.services.intake.dto import (
    CarerDetail,
    ConsentRow,
    ReferralDetail,
    ReferralRow,
    StatusChangeRow,
)
from yot_desktop.storage.models import Carer, Referral, Scheme, User, YoungPerson
from yot_desktop.storage.models_intake import Consent, ReferralStatusChange


def row_select() -> Any:
    return (
        select(
            Referral.id,
            Referral.crime_reference,
            Referral.referral_date,
            Referral.offence_date,
            YoungPerson.id,
            YoungPerson.person_ref,
            YoungPerson.first_name,
            YoungPerson.last_name,
            YoungPerson.date_of_birth,
            Scheme.code,
            Referral.status,
            Referral.eligible,
            Referral.eligibility_reasons,
            YoungPerson.possible_duplicate,
            User.display_name,
        )
        .join(YoungPerson, YoungPerson.id == Referral.young_person_id)
        .join(Scheme, Scheme.id == Referral.scheme_id)
        .outerjoin(User, User.id == Referral.worker_id)
    )


def inbox_condition() -> Any:
    """New referrals waiting for a decision, and ineligible ones not yet returned to police."""
    return or_(
        Referral.status == ReferralStatus.RECEIVED.value,
        and_(
            Referral.status == ReferralStatus.INELIGIBLE.value,
            Referral.police_informed_on.is_(None),
        ),
    )


def to_row(r: Any) -> ReferralRow:
    return ReferralRow(
        id=r[0],
        crime_reference=r[1],
        referral_date=r[2],
        offence_date=r[3],
        person_id=r[4],
        person_ref=r[5],
        first_name=r[6],
        last_name=r[7],
        date_of_birth=r[8],
        scheme_code=r[9],
        status=r[10],
        eligible=bool(r[11]),
        reasons=tuple(x for x in r[12].split(";") if x),
        possible_duplicate=bool(r[13]),
        worker=r[14] or "",
    )


def carer_details(s: Session, person_id: int) -> tuple[CarerDetail, ...]:
    carers = s.scalars(select(Carer).where(Carer.young_person_id == person_id).order_by(Carer.id))
    return tuple(
        CarerDetail(
            id=c.id,
            version=c.version,
            name=c.name,
            relationship=c.relationship_to_child,
            parental_responsibility=c.parental_responsibility,
            address=c.address,
            phone=c.phone,
            email=c.email,
            preferred_language=c.preferred_language,
            letter_preference=c.letter_preference,
        )
        for c in carers
    )


def referral_detail(s: Session, r: Referral) -> ReferralDetail:
    person = s.get(YoungPerson, r.young_person_id)
    scheme = s.scalar(
        select(Scheme).options(selectinload(Scheme.thresholds)).where(Scheme.id == r.scheme_id)
    )
    assert person is not None and scheme is not None
    rules = rules_of(scheme)
    # The checklist is worked out again from the facts held at intake, so it always
    # explains the stored decision.
    decision = decide_eligibility(
        EligibilityInput(
            scheme=rules,
            date_of_birth=person.date_of_birth,
            offence_date=r.offence_date,
            substance=r.substance,
            quantity=r.quantity,
            unit=Unit(r.unit),
            supply_suspected=r.supply_suspected,
            prior_diversions=r.prior_diversions,
        )
    )
    worker = s.get(User, r.worker_id) if r.worker_id else None
    consents = s.scalars(select(Consent).where(Consent.referral_id == r.id).order_by(Consent.id))
    history = s.scalars(
        select(ReferralStatusChange)
        .where(ReferralStatusChange.referral_id == r.id)
        .order_by(ReferralStatusChange.id)
    ).all()
    names = staff_names(s, (h.by_username for h in history))
    status = ReferralStatus(r.status)
    return ReferralDetail(
        id=r.id,
        version=r.version,
        crime_reference=r.crime_reference,
        person_id=person.id,
        person_ref=person.person_ref,
        person_name=f"{person.first_name} {person.last_name}",
        date_of_birth=person.date_of_birth,
        possible_duplicate=person.possible_duplicate,
        scheme_code=scheme.code,
        scheme_name=scheme.name,
        scheme_model=scheme.model,
        referral_date=r.referral_date,
        referring_officer=r.referring_officer,
        officer_email=r.officer_email,
        offence_date=r.offence_date,
        offence_location=r.offence_location,
        substance=r.substance,
        quantity=r.quantity,
        unit=r.unit,
        supply_suspected=r.supply_suspected,
        notes=r.notes,
        status=r.status,
        eligible=r.eligible,
        reasons=tuple(x.value for x in reasons_from_text(r.eligibility_reasons)),
        age_at_offence=decision.age_at_offence,
        prior_diversions=r.prior_diversions,
        checklist=decision.checklist,
        override_reason=r.override_reason,
        override_by=r.override_by,
        override_at=r.override_at,
        outcome_code=r.outcome_code,
        panel_date=r.panel_date,
        panel_decision=r.panel_decision,
        police_informed_on=r.police_informed_on,
        worker=worker.display_name if worker else "",
        allowed_next=tuple(
            st.value for st in ReferralStatus if st in allowed_next(status, override=False)
        ),
        consents=tuple(
            ConsentRow(
                id=c.id,
                party=c.party,
                given_by=c.given_by,
                consented=c.consented,
                taken_on=c.taken_on,
                taken_by=c.taken_by,
                lawful_basis=c.lawful_basis,
            )
            for c in consents
        ),
        history=tuple(
            StatusChangeRow(h.from_status, h.to_status, h.at, names.get(h.by_username, ""), h.note)
            for h in history
        ),
        carers=carer_details(s, person.id),
        worker_id=r.worker_id,
    )
