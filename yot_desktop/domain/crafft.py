"""CRAFFT 2.1 screening: validation and scoring, and the youth justice KPI 5 stages.

CRAFFT is copyright Boston Children's Hospital. Only short labels live here; a service
with a licence enters the question wording itself.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from enum import StrEnum

from yot_desktop.domain.errors import FieldProblem, ValidationError
from yot_desktop.domain.validation import is_plain

MAX_DAYS = 365
POSITIVE_SCORE = 2


class CrafftItem(StrEnum):
    """Part B items, in the order they are asked. Values are the field names."""

    CAR = "car"
    RELAX = "relax"
    ALONE = "alone"
    FORGET = "forget"
    FAMILY_FRIENDS = "family_friends"
    TROUBLE = "trouble"

    @property
    def label(self) -> str:
        return "Family/friends" if self is CrafftItem.FAMILY_FRIENDS else self.value.capitalize()


PART_A_FIELDS: tuple[tuple[str, str], ...] = (
    ("alcohol_days", "Days drinking alcohol"),
    ("cannabis_days", "Days using cannabis"),
    ("other_days", "Days using anything else to get high"),
)


@dataclass(frozen=True)
class CrafftAnswers:
    """Part A: days of use in the past 12 months. Part B: yes/no, None when not asked."""

    alcohol_days: int
    cannabis_days: int
    other_days: int
    car: bool | None = None
    relax: bool | None = None
    alone: bool | None = None
    forget: bool | None = None
    family_friends: bool | None = None
    trouble: bool | None = None

    @property
    def any_use(self) -> bool:
        return any(getattr(self, name) > 0 for name, _ in PART_A_FIELDS)

    def answer(self, item: CrafftItem) -> bool | None:
        value: bool | None = getattr(self, item.value)
        return value


@dataclass(frozen=True)
class CrafftResult:
    score: int
    positive: bool
    any_use: bool
    items_asked: tuple[CrafftItem, ...]


def items_to_ask(any_use: bool) -> tuple[CrafftItem, ...]:
    """With no use in the past year, only the Car question is asked."""
    return tuple(CrafftItem) if any_use else (CrafftItem.CAR,)


def validate_crafft(answers: CrafftAnswers) -> None:
    """Raise ValidationError listing every problem with the answers."""
    problems: list[FieldProblem] = []
    for name, label in PART_A_FIELDS:
        value = getattr(answers, name)
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_DAYS:
            problems.append(FieldProblem(label, f"enter a whole number from 0 to {MAX_DAYS}"))
    if problems:
        # Which Part B items are asked depends on Part A, so stop here.
        raise ValidationError(problems)
    asked = items_to_ask(answers.any_use)
    for item in CrafftItem:
        value = answers.answer(item)
        if item in asked and value is None:
            problems.append(FieldProblem(item.label, "choose yes or no"))
        elif item not in asked and value is not None:
            problems.append(
                FieldProblem(
                    item.label,
                    "leave this blank, it is only asked when Part A shows some use",
                )
            )
    if problems:
        raise ValidationError(problems)


def score_crafft(answers: CrafftAnswers) -> CrafftResult:
    """Validate, then score one point per yes; 2 or more is positive."""
    validate_crafft(answers)
    asked = items_to_ask(answers.any_use)
    score = sum(1 for item in asked if answers.answer(item))
    return CrafftResult(
        score=score,
        positive=score >= POSITIVE_SCORE,
        any_use=answers.any_use,
        items_asked=asked,
    )


class Kpi5Stage(StrEnum):
    """Youth justice KPI 5 (substance misuse), in funnel order."""

    SCREENED = "screened"
    NEED_IDENTIFIED = "need_identified"
    INTERVENTION_OFFERED = "intervention_offered"
    INTERVENTION_ATTENDED = "intervention_attended"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


@dataclass(frozen=True)
class Kpi5Flags:
    screened: bool
    need_identified: bool
    intervention_offered: bool
    intervention_attended: bool

    @property
    def stage(self) -> Kpi5Stage | None:
        """The furthest stage reached, or None when not screened."""
        reached = [s for s, f in zip(Kpi5Stage, self._values(), strict=True) if f]
        return reached[-1] if reached else None

    def _values(self) -> tuple[bool, ...]:
        return tuple(getattr(self, f.name) for f in fields(self))


def kpi5_flags(
    result: CrafftResult | None,
    *,
    need_identified_by_worker: bool = False,
    intervention_offered: bool = False,
    intervention_attended: bool = False,
) -> Kpi5Flags:
    """Derive the KPI 5 stages for one child.

    The KPI counts a funnel, so a stage only counts when every earlier stage does:
    an intervention attended without a screen or an identified need is not a KPI 5
    attendance. A need is identified by a positive CRAFFT or by the worker's judgement.
    """
    screened = result is not None
    need = screened and (need_identified_by_worker or (result is not None and result.positive))
    offered = need and (intervention_offered or intervention_attended)
    attended = offered and intervention_attended
    return Kpi5Flags(screened, need, offered, attended)


# The licensed CRAFFT 2.1 wording a service may enter: one text per Part A and Part B
# question, keyed by field name, in the order they are asked.
WORDING_KEYS: tuple[str, ...] = tuple(name for name, _ in PART_A_FIELDS) + tuple(
    item.value for item in CrafftItem
)
MAX_WORDING = 500


def short_label(key: str) -> str:
    """The short label shown when no licensed wording has been entered."""
    for name, label in PART_A_FIELDS:
        if name == key:
            return label
    return CrafftItem(key).label


def tidy_wording(wording: dict[str, str]) -> dict[str, str]:
    """Trimmed wording for known questions, blanks dropped; every problem raised at once."""
    problems: list[FieldProblem] = []
    tidy: dict[str, str] = {}
    for key, text in wording.items():
        if key not in WORDING_KEYS:
            problems.append(FieldProblem("Question", f"{key!r} is not a CRAFFT 2.1 question"))
            continue
        plain = is_plain(text, multi_line=True)  # before split() hides some control characters
        text = " ".join(text.split())
        if not plain:
            problems.append(
                FieldProblem(
                    short_label(key),
                    "Retype this: it holds hidden characters, often left by copying and pasting",
                )
            )
        elif len(text) > MAX_WORDING:
            problems.append(
                FieldProblem(
                    short_label(key),
                    f"Shorten the wording to {MAX_WORDING} characters or fewer "
                    f"(it has {len(text)})",
                )
            )
        elif text:
            tidy[key] = text
    if problems:
        raise ValidationError(problems)
    return {key: tidy[key] for key in WORDING_KEYS if key in tidy}
