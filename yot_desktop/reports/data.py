"""What a panel case summary shows, and its pseudonymised form."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date, time
from typing import Any, TypeVar

from yot_desktop.domain.redaction import Identifiers, Redactor

T = TypeVar("T")


@dataclass(frozen=True)
class ParentCarer:
    name: str
    relationship: str
    parental_responsibility: bool = False
    phone: str = ""
    email: str = ""
    address: tuple[str, ...] = ()  # only when it differs from the child's


@dataclass(frozen=True)
class ChecklistItem:
    """One eligibility test: e.g. "Age at offence in range", passed, "14 at offence"."""

    label: str
    passed: bool
    explanation: str = ""


@dataclass(frozen=True)
class AttendanceRow:
    date: date
    time: time | None
    session: str
    status: str  # a label such as "Attended" or "Did not attend"


@dataclass(frozen=True)
class LetterSent:
    date: date
    letter_type: str  # a label such as "Invitation to first appointment"


@dataclass(frozen=True)
class PanelCase:
    person_ref: str
    scheme_name: str
    panel_date: date
    practitioner_name: str
    first_name: str = ""
    last_name: str = ""
    preferred_name: str = ""
    date_of_birth: date | None = None
    age: int | None = None
    address: tuple[str, ...] = ()  # lines, the postcode last
    school: str = ""
    parents: tuple[ParentCarer, ...] = ()
    crime_reference: str = ""
    background: str = ""
    offence_date: date | None = None
    offence_place: str = ""
    substance: str = ""
    quantity: str = ""  # with its unit, e.g. "3.5 g"
    eligibility: tuple[ChecklistItem, ...] = ()
    crafft_score: int | None = None
    crafft_positive: bool | None = None
    safeguarding_notes: str = ""
    plan: tuple[str, ...] = ()
    attendance: tuple[AttendanceRow, ...] = ()
    letters: tuple[LetterSent, ...] = ()
    recommendation: str = ""
    pseudonymised: bool = False
    # The reference the panel knows the child by: for this panel only, printed nowhere else
    # (services/reports/pseudonym.py). A pseudonymised case shows it instead of person_ref.
    panel_ref: str = ""
    referral_date: date | None = None
    status: str = ""  # the referral's status now, e.g. "Completed"
    outcome: str = ""  # the police outcome recorded, e.g. "22: Diversionary, ..."; "" if none
    closed: bool = False  # the case is closed (completed, not engaged, withdrawn, declined)
    # Names of the service's schemes and teams: places and teams, not personal data. They are
    # never scrubbed, and a place named in them is kept where it stands alone.
    place_names: tuple[str, ...] = ()

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.first_name, self.last_name) if p)


def pseudonymise(case: PanelCase) -> PanelCase:
    """The case with everything that identifies the child removed: names, date of birth,
    address, school, parents' details, crime reference, offence place, and the person
    reference (printed on every letter: the panel sees its own ``panel_ref`` instead). Free
    text is scrubbed of those words too. Age, offence date, referral date and status remain,
    and so do the names of schemes, teams and places that are not the family's address (see
    domain/redaction.py)."""
    if case.pseudonymised:
        return case
    redactor = Redactor(identifiers_of(case))
    blanked = dataclasses.replace(
        case,
        person_ref=case.panel_ref or "Withheld",
        first_name="",
        last_name="",
        preferred_name="",
        date_of_birth=None,
        address=(),
        school="",
        parents=(),
        crime_reference="",
        offence_place="",
        pseudonymised=True,
    )
    return _redact_strings(blanked, redactor, keep=_NOT_PERSONAL)


# Fields that never hold the child's details: the reference, and the service's own names.
_NOT_PERSONAL = frozenset(
    {"person_ref", "panel_ref", "scheme_name", "practitioner_name", "place_names", "status"}
)


def _redact_strings(value: T, redactor: Redactor, keep: frozenset[str] = frozenset()) -> T:
    """Every string inside ``value`` (nested dataclasses and tuples too), redacted."""
    result: Any
    if isinstance(value, str):
        result = redactor.redact(value)
    elif isinstance(value, tuple):
        result = tuple(_redact_strings(v, redactor) for v in value)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {
            f.name: _redact_strings(getattr(value, f.name), redactor)
            for f in dataclasses.fields(value)
            if f.name not in keep
        }
        result = dataclasses.replace(value, **changes)
    else:
        result = value
    return result


def identifiers_of(case: PanelCase) -> Identifiers:
    """What identifies the child and family in ``case``: taken out of every free-text field
    of its pseudonymised form, in every form it may be written (domain/redaction.py)."""
    parents = case.parents
    return Identifiers(
        names=(
            case.first_name,
            case.last_name,
            case.preferred_name,
            case.full_name,
            *(p.name for p in parents),
        ),
        dates_of_birth=(case.date_of_birth,) if case.date_of_birth else (),
        # The person reference is printed on every letter: it links the case to the child.
        references=(case.crime_reference, case.person_ref),
        addresses=(case.address, *(p.address for p in parents)),
        phones=tuple(p.phone for p in parents),
        emails=tuple(p.email for p in parents),
        schools=(case.school,),
        places=(case.offence_place,),
        keep=(case.scheme_name, *case.place_names),
    )
