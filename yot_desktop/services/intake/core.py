"""What the manual referral form and the CSV import share: linking people, deciding
eligibility at intake, and writing the referral with its first status."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from yot_desktop.domain.carer_rules import CarerFields, check_carer
from yot_desktop.domain.duplicates import (
    ExistingPerson,
    MatchKind,
    blocking_dates,
    find_duplicates,
)
from yot_desktop.domain.eligibility import (
    EligibilityDecision,
    EligibilityInput,
    codes_text,
    count_prior_diversions,
    decide_eligibility,
)
from yot_desktop.domain.enums import ReferralStatus, Unit
from yot_desktop.domain.names import fold
from yot_desktop.domain.scheme import SchemeRules
from yot_desktop.services.intake.dto import CarerInput
from yot_desktop.storage.models import Carer, Referral, YoungPerson, compact_postcode
from yot_desktop.storage.models_intake import DuplicateCandidate, ReferralStatusChange

NEW, LINKED, POSSIBLE_DUPLICATE = "new", "linked", "possible duplicate"


@dataclass(frozen=True)
class PersonFields:
    first_name: str
    last_name: str
    date_of_birth: date
    gender: str = "not known"
    ethnicity: str = "NS"
    address_line_1: str = ""
    address_line_2: str = ""
    town: str = ""
    postcode: str = ""


def person_ref_for(person_id: int) -> str:
    return f"YP{person_id:06d}"


def set_search_columns(person: YoungPerson) -> None:
    """Keep the folded search columns in step with the names and postcode."""
    # Folding can lengthen a name (ß -> ss; U+FDFA -> 18 letters): cut to the columns, which
    # only ever serve prefix searches.
    person.search_name = fold(f"{person.first_name} {person.last_name}")[:220]
    person.search_last = fold(person.last_name)[:110]
    person.search_reverse = fold(f"{person.last_name} {person.first_name}")[:220]
    person.search_postcode = compact_postcode(person.postcode)


class HeldByAnotherTeam(Exception):
    """The young person already exists (same names and date of birth), in a team whose
    records the user may not open: linking would add to a case they cannot see, and a new
    record would hide the child's history from the one-chance rule. A manager must add it."""

    def __init__(self, person_id: int) -> None:
        super().__init__(HELD_BY_ANOTHER_TEAM)
        self.person_id = person_id  # for the audit log only: never shown to the user


HELD_BY_ANOTHER_TEAM = (
    "a young person with these names and date of birth is held by another team, so a "
    "manager must add this referral (it joins that team's record). Ask a manager, or leave "
    "it out"
)


def link_or_create_person(
    s: Session,
    fields: PersonFields,
    team_id: int | None,
    now: datetime,
    username: str,
    *,
    all_teams: bool,
) -> tuple[YoungPerson, str]:
    """An exact match is linked; otherwise a new person in ``team_id``, flagged when a near
    match exists.

    Matching looks at every team (one child, one record: the one-chance rule needs the
    child's whole history), but only a person the user may open is linked: one of
    ``team_id`` unless ``all_teams``. An exact match held by another team raises
    HeldByAnotherTeam. A linked person's new referral belongs in the person's team."""
    existing = s.execute(
        select(
            YoungPerson.id,
            YoungPerson.first_name,
            YoungPerson.last_name,
            YoungPerson.date_of_birth,
            YoungPerson.team_id,
        ).where(
            YoungPerson.date_of_birth.in_(blocking_dates(fields.date_of_birth)),
            YoungPerson.merged_into_id.is_(None),
        )
    ).all()
    team_of = {row.id: row.team_id for row in existing}
    matches = find_duplicates(
        fields.first_name,
        fields.last_name,
        fields.date_of_birth,
        (ExistingPerson(*row[:4]) for row in existing),
    )
    exact = [m for m in matches if m.kind is MatchKind.EXACT]
    if exact:
        linkable = [m for m in exact if all_teams or team_of[m.person_id] == team_id]
        if not linkable:
            raise HeldByAnotherTeam(exact[0].person_id)
        person = s.get(YoungPerson, linkable[0].person_id)
        assert person is not None
        return person, LINKED
    person = YoungPerson(
        person_ref=f"T{uuid.uuid4().hex[:14]}",
        first_name=fields.first_name.strip(),
        last_name=fields.last_name.strip(),
        date_of_birth=fields.date_of_birth,
        gender=fields.gender,
        ethnicity=fields.ethnicity,
        address_line_1=fields.address_line_1.strip(),
        address_line_2=fields.address_line_2.strip(),
        town=fields.town.strip(),
        postcode=fields.postcode,
        team_id=team_id,
        possible_duplicate=bool(matches),
        created_at=now,
        updated_at=now,
        updated_by=username,
    )
    set_search_columns(person)
    s.add(person)
    s.flush()
    person.person_ref = person_ref_for(person.id)
    for match in matches:
        s.add(
            DuplicateCandidate(
                person_id=person.id,
                other_person_id=match.person_id,
                reason=match.reason[:200],
                found_at=now,
            )
        )
        other = s.get(YoungPerson, match.person_id)
        if other is not None:
            other.possible_duplicate = True
    s.flush()
    return person, POSSIBLE_DUPLICATE if matches else NEW


def prior_diversions(s: Session, person_id: int, offence_date: date, exclude: int = 0) -> int:
    others = s.execute(
        select(Referral.offence_date, Referral.status).where(
            Referral.young_person_id == person_id, Referral.id != exclude
        )
    ).all()
    return count_prior_diversions(offence_date, ((d, ReferralStatus(st)) for d, st in others))


@dataclass(frozen=True)
class ReferralFacts:
    crime_reference: str
    referral_date: date
    referring_officer: str
    officer_email: str
    offence_date: date
    offence_location: str
    substance: str
    quantity: Decimal
    unit: Unit
    supply_suspected: bool
    notes: str


def add_referral(
    s: Session,
    person: YoungPerson,
    scheme_id: int,
    rules: SchemeRules,
    facts: ReferralFacts,
    team_id: int | None,
    worker_id: int | None,
    now: datetime,
    username: str,
) -> tuple[Referral, EligibilityDecision, int]:
    """Decide eligibility at intake and write the referral: received or ineligible."""
    prior = prior_diversions(s, person.id, facts.offence_date)
    decision = decide_eligibility(
        EligibilityInput(
            scheme=rules,
            date_of_birth=person.date_of_birth,
            offence_date=facts.offence_date,
            substance=facts.substance,
            quantity=facts.quantity,
            unit=facts.unit,
            supply_suspected=facts.supply_suspected,
            prior_diversions=prior,
        )
    )
    status = ReferralStatus.RECEIVED if decision.eligible else ReferralStatus.INELIGIBLE
    referral = Referral(
        crime_reference=facts.crime_reference.strip(),
        young_person_id=person.id,
        scheme_id=scheme_id,
        team_id=team_id,
        worker_id=worker_id,
        referral_date=facts.referral_date,
        referring_officer=facts.referring_officer.strip(),
        officer_email=facts.officer_email,
        offence_date=facts.offence_date,
        offence_location=facts.offence_location.strip(),
        substance=facts.substance.strip(),
        quantity=facts.quantity,
        unit=facts.unit.value,
        supply_suspected=facts.supply_suspected,
        notes=facts.notes.strip(),
        status=status.value,
        eligible=decision.eligible,
        eligibility_reasons=codes_text(decision.reasons),
        prior_diversions=prior,
        created_at=now,
        updated_at=now,
    )
    s.add(referral)
    s.flush()
    s.add(
        ReferralStatusChange(
            referral_id=referral.id,
            from_status="",
            to_status=status.value,
            at=now,
            by_username=username,
            note="Eligibility decided at intake",
        )
    )
    return referral, decision, prior


def taken_references(s: Session, references: list[str]) -> set[str]:
    """Which of these crime references are already on file (exactly, or in capitals)."""
    wanted = {r.strip() for r in references} | {r.strip().upper() for r in references}
    found: set[str] = set()
    chunk = sorted(wanted)
    for start in range(0, len(chunk), 500):
        found.update(
            s.scalars(
                select(Referral.crime_reference).where(
                    Referral.crime_reference.in_(chunk[start : start + 500])
                )
            )
        )
    return {r for r in references if r.strip() in found or r.strip().upper() in found}


def checked_carer(carer: CarerInput) -> CarerInput:
    """Tidy a parent or carer's details, or raise ValidationError listing every problem."""
    tidy = check_carer(
        CarerFields(
            name=carer.name,
            relationship=carer.relationship,
            address=carer.address,
            phone=carer.phone,
            email=carer.email,
            preferred_language=carer.preferred_language,
            letter_preference=carer.letter_preference,
        )
    )
    return replace(
        carer,
        name=tidy.name,
        relationship=tidy.relationship,
        phone=tidy.phone,
        email=tidy.email,
        address=tidy.address,
        preferred_language=tidy.preferred_language,
    )


def new_carer(person_id: int, carer: CarerInput) -> Carer:
    return Carer(
        young_person_id=person_id,
        name=carer.name,
        relationship_to_child=carer.relationship,
        parental_responsibility=carer.parental_responsibility,
        address=carer.address,
        phone=carer.phone,
        email=carer.email,
        preferred_language=carer.preferred_language,
        letter_preference=carer.letter_preference,
    )
