"""Engagement: counting unexplained absences, the letters they trigger, and what follows.

The escalation, for a scheme whose `absence_limit` is L:

- each new unexplained absence below L queues a `missed` appointment letter;
- the absence that brings the count to L queues a `final_warning` letter instead, and the
  engagement state becomes `threshold_reached`;
- an absence beyond L queues no letter: a manager's decision is now due (not engaged, with
  the police informed; or continue, with a written reason).

An absence limit of 0 is read as 1 ("zero tolerance"): the first unexplained absence reaches
the threshold. Reading it literally would put every child at the threshold before they had
missed anything.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Protocol

from yot_desktop.domain.enums import (
    Attendance,
    Engagement,
    LetterType,
    ReferralStatus,
    SchemeModel,
)
from yot_desktop.domain.errors import FieldProblem, ValidationError
from yot_desktop.domain.validation import FREE_TEXT_MAX, text_problems, tidy_lines


class MarkLike(Protocol):
    """Anything with an attendance value and an evidence flag (a mark or a session DTO)."""

    @property
    def value(self) -> Attendance: ...

    @property
    def evidence_received(self) -> bool: ...


def effective_limit(absence_limit: int) -> int:
    if absence_limit < 0:
        raise ValueError("absence_limit must be 0 or more")
    return max(absence_limit, 1)


def is_unexplained(value: Attendance, evidence_received: bool) -> bool:
    """A did-not-attend without evidence received. Late counts as attended."""
    return value is Attendance.DID_NOT_ATTEND and not evidence_received


def unexplained_absences(marks: Iterable[MarkLike]) -> int:
    """How many of `marks` are unexplained absences. Pass the current mark of each session."""
    return sum(1 for m in marks if is_unexplained(m.value, m.evidence_received))


def attended_count(marks: Iterable[MarkLike]) -> int:
    return sum(1 for m in marks if m.value in (Attendance.ATTENDED, Attendance.LATE))


def engagement_state(
    unexplained: int, absence_limit: int, programme_started: bool
) -> Engagement | None:
    """None before a programme; then on track, at risk (one or more), or threshold reached."""
    if unexplained < 0:
        raise ValueError("unexplained must be 0 or more")
    limit = effective_limit(absence_limit)
    if not programme_started:
        return None
    if unexplained == 0:
        return Engagement.ON_TRACK
    if unexplained < limit:
        return Engagement.AT_RISK
    return Engagement.THRESHOLD_REACHED


def letters_due(
    previous_unexplained: int, new_unexplained: int, absence_limit: int
) -> tuple[LetterType, ...]:
    """The letter a change in the count of unexplained absences calls for: at most one.

    When several absences are recorded at once (an imported register), the family gets the
    single letter for the most serious step reached, not a pile of letters.
    A count that stays the same or falls (a correction) sends nothing.
    """
    limit = effective_limit(absence_limit)
    if new_unexplained <= previous_unexplained:
        return ()
    if previous_unexplained < limit <= new_unexplained:
        return (LetterType.FINAL_WARNING,)
    if previous_unexplained + 1 < limit:
        return (LetterType.MISSED,)
    return ()


def manager_decision_due(
    unexplained: int, absence_limit: int, decided_at: int | None = None
) -> bool:
    """True once the count goes beyond the limit, and again after each further absence
    following a decision to continue (`decided_at`: the count when that decision was made)."""
    floor = effective_limit(absence_limit)
    if decided_at is not None:
        floor = max(floor, decided_at)
    return unexplained > floor


def completion_due(
    attended_count: int,
    sessions_required: int,
    assessment_attended: bool,
    assessment_required: bool,
) -> bool:
    """The programme is complete: the sessions (not counting the assessment) are attended,
    and so is the assessment when the scheme requires one."""
    return attended_count >= sessions_required and (assessment_attended or not assessment_required)


@dataclass(frozen=True)
class EngagementUpdate:
    state: Engagement | None
    letters: tuple[LetterType, ...]
    manager_decision_due: bool


def assess_engagement(
    previous_unexplained: int,
    new_unexplained: int,
    absence_limit: int,
    programme_started: bool = True,
    decided_at: int | None = None,
) -> EngagementUpdate:
    """Everything that follows from a new count of unexplained absences, in one value."""
    return EngagementUpdate(
        state=engagement_state(new_unexplained, absence_limit, programme_started),
        letters=letters_due(previous_unexplained, new_unexplained, absence_limit)
        if programme_started
        else (),
        manager_decision_due=programme_started
        and manager_decision_due(new_unexplained, absence_limit, decided_at),
    )


# --- the manager's decision ----------------------------------------------------------------


class DecisionOutcome(StrEnum):
    NOT_ENGAGED = "not_engaged"
    CONTINUE = "continue"

    @property
    def label(self) -> str:
        return "Not engaged" if self is DecisionOutcome.NOT_ENGAGED else "Continue the programme"


@dataclass(frozen=True)
class ManagerDecision:
    outcome: DecisionOutcome
    reason: str
    decided_by: str
    decided_on: date
    unexplained_at_decision: int

    @property
    def police_informed(self) -> bool:
        return self.outcome is DecisionOutcome.NOT_ENGAGED


@dataclass(frozen=True)
class DecisionConsequences:
    """What the service does after a decision."""

    new_status: ReferralStatus
    letters: tuple[LetterType, ...]
    police_informed: bool
    prosecution_may_proceed: bool
    summary: str


def make_decision(
    outcome: DecisionOutcome,
    *,
    reason: str,
    decided_by: str,
    decided_on: date,
    unexplained: int,
) -> ManagerDecision:
    """A checked decision. Continuing past the threshold needs a written reason."""
    problems: list[FieldProblem] = []
    if outcome is DecisionOutcome.CONTINUE and not reason.strip():
        problems.append(
            FieldProblem("reason", "say why the programme should continue after the absences")
        )
    if not decided_by.strip():
        problems.append(FieldProblem("Decided by", "say which manager made the decision"))
    problems += text_problems(("reason", reason, FREE_TEXT_MAX), multi_line=True)
    if unexplained < 0:
        problems.append(FieldProblem("Unexplained absences", "must be 0 or more"))
    if problems:
        raise ValidationError(problems)
    return ManagerDecision(outcome, tidy_lines(reason), decided_by.strip(), decided_on, unexplained)


def decision_consequences(decision: ManagerDecision, model: SchemeModel) -> DecisionConsequences:
    """Not engaged: the police are told (and under a conditional scheme the deferred
    prosecution may go ahead). Continue: the programme carries on, nobody is written to."""
    if decision.outcome is DecisionOutcome.CONTINUE:
        return DecisionConsequences(
            new_status=ReferralStatus.IN_PROGRAMME,
            letters=(),
            police_informed=False,
            prosecution_may_proceed=False,
            summary="The programme continues.",
        )
    conditional = model is SchemeModel.CONDITIONAL
    return DecisionConsequences(
        new_status=ReferralStatus.NOT_ENGAGED,
        letters=(LetterType.NOT_ENGAGED, LetterType.POLICE_OUTCOME),
        police_informed=True,
        prosecution_may_proceed=conditional,
        summary=(
            "The police are told the young person did not engage, so the prosecution may go ahead."
            if conditional
            else "The police are told the young person did not engage."
        ),
    )
