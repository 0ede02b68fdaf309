"""Frozen data for intake (issue 3): referrals, imports, duplicates, screening."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from yot_desktop.domain.eligibility import ChecklistItem


@dataclass(frozen=True)
class CarerDetail:
    id: int
    version: int
    name: str
    relationship: str
    parental_responsibility: bool
    address: str
    phone: str
    email: str
    preferred_language: str
    letter_preference: str


@dataclass(frozen=True)
class CarerInput:
    """A new or changed parent or carer. Phone and email are checked and tidied."""

    name: str
    relationship: str = ""
    parental_responsibility: bool = True
    address: str = ""
    phone: str = ""
    email: str = ""
    preferred_language: str = "English"
    letter_preference: str = "post"


@dataclass(frozen=True)
class ReferralRow:
    """One line of the Referrals inbox or a person's referral history."""

    id: int
    crime_reference: str
    referral_date: date
    offence_date: date
    person_id: int
    person_ref: str
    first_name: str
    last_name: str
    date_of_birth: date
    scheme_code: str
    status: str
    eligible: bool
    reasons: tuple[str, ...]
    possible_duplicate: bool
    worker: str


@dataclass(frozen=True)
class ConsentRow:
    id: int
    party: str  # young_person | parent_carer
    given_by: str
    consented: bool
    taken_on: date
    taken_by: str
    lawful_basis: str


@dataclass(frozen=True)
class StatusChangeRow:
    from_status: str
    to_status: str
    at: datetime
    by: str
    note: str


@dataclass(frozen=True)
class ReferralDetail:
    id: int
    version: int
    crime_reference: str
    person_id: int
    person_ref: str
    person_name: str
    date_of_birth: date
    possible_duplicate: bool
    scheme_code: str
    scheme_name: str
    scheme_model: str
    referral_date: date
    referring_officer: str
    officer_email: str
    offence_date: date
    offence_location: str
    substance: str
    quantity: Decimal
    unit: str
    supply_suspected: bool
    notes: str
    status: str
    eligible: bool
    reasons: tuple[str, ...]
    age_at_offence: int
    prior_diversions: int
    checklist: tuple[ChecklistItem, ...]
    override_reason: str
    override_by: str
    override_at: datetime | None
    outcome_code: str
    panel_date: date | None
    panel_decision: str
    police_informed_on: date | None
    worker: str
    allowed_next: tuple[str, ...]
    consents: tuple[ConsentRow, ...]
    history: tuple[StatusChangeRow, ...]
    carers: tuple[CarerDetail, ...]
    worker_id: int | None = None


@dataclass(frozen=True)
class WorkerChoice:
    """A member of staff a referral can be allocated to."""

    id: int
    name: str


@dataclass(frozen=True)
class NewReferral:
    """The manual referral form. `person_id` links an existing young person; otherwise the
    person fields make a new one (or link an exact match, as an import would)."""

    crime_reference: str
    referral_date: date
    scheme_code: str
    referring_officer: str
    offence_date: date
    substance: str
    quantity: Decimal
    unit: str
    supply_suspected: bool
    person_id: int | None = None
    first_name: str = ""
    last_name: str = ""
    date_of_birth: date | None = None
    gender: str = "not known"
    address_line_1: str = ""
    address_line_2: str = ""
    town: str = ""
    postcode: str = ""
    officer_email: str = ""
    offence_location: str = ""
    notes: str = ""
    carer: CarerInput | None = None


@dataclass(frozen=True)
class ImportRow:
    """One data row of an import file, as the preview shows it."""

    row: int
    crime_reference: str
    name: str
    problems: tuple[str, ...]
    person: str = ""  # "new", "linked" or "possible duplicate"
    status: str = ""
    reasons: tuple[str, ...] = ()
    prior_diversions: int = 0


@dataclass(frozen=True)
class ImportReport:
    rows: tuple[ImportRow, ...]
    problems: tuple[str, ...]  # every problem, "row N: column: message"
    warnings: tuple[str, ...]
    written: bool

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def imported(self) -> int:
        return sum(1 for r in self.rows if r.status)


@dataclass(frozen=True)
class PersonSide:
    """One side of a duplicate comparison."""

    id: int
    person_ref: str
    fields: tuple[tuple[str, str], ...]  # (label, value) in display order
    referrals: tuple[str, ...]  # "crime ref · status"


@dataclass(frozen=True)
class DuplicateRow:
    id: int
    status: str
    reason: str
    person_id: int
    other_person_id: int
    person_name: str
    other_name: str
    date_of_birth: date
    merge_id: int | None  # an unconfirmed merge that can still be undone


@dataclass(frozen=True)
class DuplicateComparison:
    candidate: DuplicateRow
    left: PersonSide
    right: PersonSide


@dataclass(frozen=True)
class ScreeningRow:
    id: int
    screened_on: date
    screened_by: str
    referral_id: int | None
    score: int
    positive: bool
    any_use: bool
    answers: tuple[tuple[str, str], ...]  # (label, answer) asked, in order
    kpi5_stage: str
