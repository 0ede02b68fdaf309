"""Is a referral eligible for the scheme? The decision, its reasons and a checklist.

The reasons always come in the order of `EligibilityReason` (the export order of
shared/INTERFACES.md), whatever order the checks run in.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from yot_desktop.domain.age import age_on
from yot_desktop.domain.enums import DIVERSION_STATUSES, EligibilityReason, ReferralStatus, Unit
from yot_desktop.domain.scheme import SchemeRules, Threshold

_REASON_ORDER = {reason: i for i, reason in enumerate(EligibilityReason)}

# Only mass units convert into each other; tablets, wraps, ml, items cannot be compared.
_MG_PER_UNIT = {Unit.G: Decimal(1000), Unit.MG: Decimal(1)}


@dataclass(frozen=True)
class EligibilityInput:
    scheme: SchemeRules
    date_of_birth: date
    offence_date: date
    substance: str
    quantity: Decimal
    unit: Unit
    supply_suspected: bool
    prior_diversions: int


@dataclass(frozen=True)
class ChecklistItem:
    """One line of the screening checklist staff see beside the decision."""

    key: str
    label: str
    passed: bool
    explanation: str


@dataclass(frozen=True)
class EligibilityDecision:
    eligible: bool
    reasons: tuple[EligibilityReason, ...]
    age_at_offence: int
    checklist: tuple[ChecklistItem, ...]


def sort_reasons(reasons: Iterable[EligibilityReason]) -> tuple[EligibilityReason, ...]:
    """Deduplicate and put reasons in the canonical export order."""
    return tuple(sorted(set(reasons), key=_REASON_ORDER.__getitem__))


def codes_text(reasons: Iterable[EligibilityReason]) -> str:
    """The export form: codes joined by ';' in canonical order, empty when eligible."""
    return ";".join(r.value for r in sort_reasons(reasons))


def reasons_from_text(text: str) -> tuple[EligibilityReason, ...]:
    """Read back `codes_text` output. Raises ValueError on an unknown code."""
    return sort_reasons(EligibilityReason(part.strip()) for part in text.split(";") if part.strip())


def convert_quantity(quantity: Decimal, unit: Unit, to_unit: Unit) -> Decimal | None:
    """`quantity` in `to_unit`, or None when the units cannot be compared."""
    if unit == to_unit:
        return quantity
    if unit in _MG_PER_UNIT and to_unit in _MG_PER_UNIT:
        return quantity * _MG_PER_UNIT[unit] / _MG_PER_UNIT[to_unit]
    return None


def _fmt(quantity: Decimal) -> str:
    """Show 5, 0.5 or 1.25 rather than 5.000 or 5E+3."""
    return format(quantity.normalize(), "f")


def decide_eligibility(inp: EligibilityInput) -> EligibilityDecision:
    scheme = inp.scheme
    reasons: list[EligibilityReason] = []
    items: list[ChecklistItem] = []

    age = age_on(inp.date_of_birth, inp.offence_date)
    age_ok = scheme.min_age <= age <= scheme.max_age
    span = f"{scheme.min_age} to {scheme.max_age}"
    items.append(
        ChecklistItem(
            "age",
            "Age at offence within the scheme's range",
            age_ok,
            f"Age at offence {age}: {'within' if age_ok else 'outside'} {span}",
        )
    )
    if not age_ok:
        reasons.append(EligibilityReason.AGE_OUT_OF_RANGE)

    substance = inp.substance.strip()
    threshold = scheme.threshold_for(substance)
    compared = (
        convert_quantity(inp.quantity, inp.unit, threshold.unit) if threshold is not None else None
    )
    covered = threshold is not None and compared is not None
    items.append(
        ChecklistItem(
            "substance",
            "Substance covered by the scheme",
            covered,
            _substance_explanation(substance, inp.unit, threshold, covered),
        )
    )
    if not covered:
        reasons.append(EligibilityReason.SUBSTANCE_NOT_COVERED)

    given = f"{_fmt(inp.quantity)} {inp.unit.value}"
    if threshold is None or compared is None:
        # No limit to compare against; the substance item already says why.
        items.append(
            ChecklistItem(
                "quantity",
                "Quantity within the scheme's limit",
                False,
                f"{given}: cannot be compared, the scheme sets no limit for this",
            )
        )
    else:
        limit = f"{_fmt(threshold.max_quantity)} {threshold.unit.value}"
        within = compared <= threshold.max_quantity
        items.append(
            ChecklistItem(
                "quantity",
                "Quantity within the scheme's limit",
                within,
                f"{given}: {'within' if within else 'over'} the limit of {limit}",
            )
        )
        if not within:
            reasons.append(EligibilityReason.OVER_THRESHOLD)

    items.append(
        ChecklistItem(
            "supply",
            "Supply not suspected",
            not inp.supply_suspected,
            "Police suspect supply" if inp.supply_suspected else "Police do not suspect supply",
        )
    )
    if inp.supply_suspected:
        reasons.append(EligibilityReason.SUPPLY_SUSPECTED)

    prior_blocks = not scheme.second_chance and inp.prior_diversions >= 1
    items.append(
        ChecklistItem(
            "prior",
            "No earlier diversion (where the scheme gives one chance)",
            not prior_blocks,
            _prior_explanation(inp.prior_diversions, scheme.second_chance),
        )
    )
    if prior_blocks:
        reasons.append(EligibilityReason.PRIOR_DIVERSION)

    ordered = sort_reasons(reasons)
    return EligibilityDecision(
        eligible=not ordered,
        reasons=ordered,
        age_at_offence=age,
        checklist=tuple(items),
    )


def _substance_explanation(
    substance: str, unit: Unit, threshold: Threshold | None, covered: bool
) -> str:
    name = substance or "No substance given"
    if threshold is None:
        return f"{name}: not covered, the scheme sets no limit for it"
    if not covered:
        return (
            f"{name}: the scheme's limit is in {threshold.unit.value}, "
            f"so a quantity in {unit.value} cannot be compared"
        )
    return f"{name}: covered by the scheme"


def _prior_explanation(prior: int, second_chance: bool) -> str:
    if prior <= 0:
        return "No earlier diversion found"
    count = "1 earlier diversion" if prior == 1 else f"{prior} earlier diversions"
    if second_chance:
        return f"{count} found: this scheme allows a second chance"
    return f"{count} found: this scheme gives one chance only"


def count_prior_diversions(
    offence_date: date, earlier: Iterable[tuple[date, ReferralStatus]]
) -> int:
    """How many of the same person's other referrals were diversions before this offence.

    Only an offence date strictly earlier counts, so two offences on one day do not
    block each other; statuses such as declined or ineligible were never a diversion.
    """
    return sum(
        1
        for other_date, status in earlier
        if other_date < offence_date and status in DIVERSION_STATUSES
    )
