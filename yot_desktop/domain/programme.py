"""A young person's programme: the intervention catalogue, the standard plan and its deadline."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, replace
from datetime import date, timedelta

from yot_desktop.domain.calendar import WorkingCalendar
from yot_desktop.domain.errors import FieldProblem, ValidationError
from yot_desktop.domain.scheme import SchemeRules
from yot_desktop.domain.validation import PROVIDER_MAX, text_problems

MIN_MINUTES = 15
MAX_MINUTES = 240
MAX_PLANNED_COUNT = 52

YOT_PROVIDER = "Youth Offending Team"


@dataclass(frozen=True)
class InterventionType:
    """One kind of intervention a programme can hold.

    `default_provider` None means the scheme's own provider (e.g. Cranstoun) delivers it.
    """

    code: str
    label: str
    default_minutes: int
    default_provider: str | None


ASSESSMENT = "assessment"
DRUG_EDUCATION = "drug_education"

CATALOGUE: tuple[InterventionType, ...] = (
    InterventionType(ASSESSMENT, "Assessment", 90, None),
    InterventionType(DRUG_EDUCATION, "Drug education (one to one)", 60, None),
    InterventionType("harm_reduction", "Harm reduction", 60, None),
    InterventionType("family_session", "Family session", 60, YOT_PROVIDER),
    InterventionType("specialist_treatment_referral", "Specialist treatment referral", 30, None),
    InterventionType(
        "education_training_support", "Education or training support", 60, YOT_PROVIDER
    ),
    InterventionType("exploitation_awareness", "Exploitation awareness", 60, YOT_PROVIDER),
)

_BY_CODE = {t.code: t for t in CATALOGUE}


def intervention_type(code: str) -> InterventionType:
    """The catalogue entry for `code`; ValidationError naming `code` when there is none."""
    found = _BY_CODE.get(code)
    if found is None:
        raise ValidationError(
            FieldProblem("Intervention", f"{code!r} is not an intervention we offer")
        )
    return found


@dataclass(frozen=True)
class PlannedIntervention:
    """A line of a programme plan: what, how many sessions, how long each, and who delivers."""

    code: str
    label: str
    planned_count: int
    minutes: int
    provider: str | None
    worker_id: int | None = None


def plan_item(
    code: str,
    scheme: SchemeRules,
    *,
    planned_count: int = 1,
    minutes: int | None = None,
    provider: str | None = None,
    worker_id: int | None = None,
) -> PlannedIntervention:
    """A validated plan line from the catalogue, filling in its defaults."""
    kind = intervention_type(code)
    item = PlannedIntervention(
        code=kind.code,
        label=kind.label,
        planned_count=planned_count,
        minutes=kind.default_minutes if minutes is None else minutes,
        provider=provider or kind.default_provider or (scheme.provider.strip() or None),
        worker_id=worker_id,
    )
    validate_intervention(item)
    return item


def validate_intervention(
    item: PlannedIntervention, known_codes: Collection[str] | None = None
) -> None:
    """Raise ValidationError listing every field of `item` that cannot be accepted.

    `known_codes`: the codes of the catalogue in use (administrators may add to the shipped
    one); None means the shipped catalogue.
    """
    problems: list[FieldProblem] = []
    if item.code not in (_BY_CODE if known_codes is None else known_codes):
        problems.append(
            FieldProblem("Intervention", f"{item.code!r} is not an intervention we offer")
        )
    if not 1 <= item.planned_count <= MAX_PLANNED_COUNT:
        problems.append(
            FieldProblem("Sessions planned", f"plan between 1 and {MAX_PLANNED_COUNT} sessions")
        )
    if not MIN_MINUTES <= item.minutes <= MAX_MINUTES:
        problems.append(
            FieldProblem(
                "Minutes per session", f"a session lasts {MIN_MINUTES} to {MAX_MINUTES} minutes"
            )
        )
    if item.provider is not None and not item.provider.strip():
        problems.append(FieldProblem("provider", "enter who provides it, or leave it empty"))
    problems += text_problems(("provider", item.provider, PROVIDER_MAX))
    if problems:
        raise ValidationError(problems)


def standard_plan(scheme: SchemeRules) -> tuple[PlannedIntervention, ...]:
    """The scheme's standard programme: an assessment if required, then its drug education
    sessions of the scheme's length, all delivered by the scheme's provider."""
    provider = scheme.provider.strip() or None
    plan: list[PlannedIntervention] = []
    if scheme.assessment_required:
        plan.append(plan_item(ASSESSMENT, scheme, provider=provider))
    if scheme.sessions_required > 0:
        plan.append(
            plan_item(
                DRUG_EDUCATION,
                scheme,
                planned_count=scheme.sessions_required,
                minutes=scheme.session_minutes,
                provider=provider,
            )
        )
    return tuple(plan)


def planned_session_count(plan: tuple[PlannedIntervention, ...]) -> int:
    return sum(item.planned_count for item in plan)


def programme_deadline(
    start: date, scheme: SchemeRules, calendar: WorkingCalendar | None = None
) -> date:
    """The date by which the programme must be complete.

    `complete_within_weeks` weeks after `start`; when that is not a working day, the last
    working day before it, so the deadline is always a day the team can see the young person.
    """
    cal = calendar if calendar is not None else WorkingCalendar()
    return cal.on_or_before(start + timedelta(weeks=scheme.complete_within_weeks))


# --- editing a plan: each helper returns a new tuple and leaves the old one alone ----------


def _check_index(
    plan: tuple[PlannedIntervention, ...], index: int, name: str = "Intervention"
) -> None:
    if not 0 <= index < len(plan):
        raise ValidationError(FieldProblem(name, f"there is no intervention number {index + 1}"))


def add_intervention(
    plan: tuple[PlannedIntervention, ...], item: PlannedIntervention, *, index: int | None = None
) -> tuple[PlannedIntervention, ...]:
    """`plan` with `item` inserted at `index` (at the end when None)."""
    validate_intervention(item)
    at = len(plan) if index is None else index
    if not 0 <= at <= len(plan):
        raise ValidationError(FieldProblem("Position", f"there is no position {at + 1}"))
    return (*plan[:at], item, *plan[at:])


def remove_intervention(
    plan: tuple[PlannedIntervention, ...], index: int
) -> tuple[PlannedIntervention, ...]:
    """`plan` without the item at `index`. A programme keeps at least one intervention."""
    _check_index(plan, index)
    if len(plan) == 1:
        raise ValidationError(
            FieldProblem("Interventions", "a programme needs at least one intervention")
        )
    return (*plan[:index], *plan[index + 1 :])


def move_intervention(
    plan: tuple[PlannedIntervention, ...], index: int, new_index: int
) -> tuple[PlannedIntervention, ...]:
    """`plan` with the item at `index` moved so that it ends up at `new_index`."""
    _check_index(plan, index)
    _check_index(plan, new_index, "Position")
    items = list(plan)
    items.insert(new_index, items.pop(index))
    return tuple(items)


def update_intervention(
    plan: tuple[PlannedIntervention, ...],
    index: int,
    *,
    planned_count: int | None = None,
    minutes: int | None = None,
    provider: str | None = None,
    worker_id: int | None = None,
) -> tuple[PlannedIntervention, ...]:
    """`plan` with the given fields of the item at `index` changed (None leaves a field)."""
    _check_index(plan, index)
    old = plan[index]
    new = replace(
        old,
        planned_count=old.planned_count if planned_count is None else planned_count,
        minutes=old.minutes if minutes is None else minutes,
        provider=old.provider if provider is None else provider,
        worker_id=old.worker_id if worker_id is None else worker_id,
    )
    validate_intervention(new)
    return (*plan[:index], new, *plan[index + 1 :])
