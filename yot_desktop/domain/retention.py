"""How long a young person's record is kept, and why a record is due for deletion.

The rule is local policy (DOMAIN.md: "3 years after last action or at 18 — a local setting"):
a record is due on the later of N years after the last action and, when the setting asks for
it, the young person's 18th birthday. A record with a referral still open is never due.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from yot_desktop.domain.enums import ReferralStatus
from yot_desktop.domain.errors import FieldProblem, ValidationError

DEFAULT_YEARS = 3
MAX_YEARS = 100
# A referral in one of these is a case still being worked: its record is never due.
OPEN_STATUSES = frozenset(
    {ReferralStatus.RECEIVED, ReferralStatus.OFFERED, ReferralStatus.IN_PROGRAMME}
)


@dataclass(frozen=True)
class RetentionSettings:
    years_after_last_action: int = DEFAULT_YEARS
    keep_until_18: bool = True

    def check(self) -> RetentionSettings:
        if not 1 <= self.years_after_last_action <= MAX_YEARS:
            raise ValidationError(
                FieldProblem(
                    "Years after the last action",
                    f"Enter a whole number of years from 1 to {MAX_YEARS}, like {DEFAULT_YEARS}",
                )
            )
        return self

    def describe(self) -> str:
        years = _years(self.years_after_last_action)
        if self.keep_until_18:
            return f"{years} after the last action, or the 18th birthday if that is later"
        return f"{years} after the last action"


@dataclass(frozen=True)
class LastAction:
    """The latest thing that happened on a record, and what it was ("letter sent")."""

    on: date
    what: str


@dataclass(frozen=True)
class RetentionFacts:
    date_of_birth: date
    actions: tuple[LastAction, ...]
    open_referrals: tuple[ReferralStatus, ...] = ()


@dataclass(frozen=True)
class RetentionDecision:
    due_on: date
    is_due: bool
    held: bool  # not due whatever the dates say: a case is still open
    last_action: LastAction
    eighteenth_birthday: date
    reason: str  # plain words for the review list


def add_years(start: date, years: int) -> date:
    """The same day `years` later; 29 February becomes 1 March in a common year, as in
    domain.age (a period of years has not passed until the day after 28 February)."""
    try:
        return start.replace(year=start.year + years)
    except ValueError:
        return date(start.year + years, 3, 1)


def latest_action(actions: Iterable[LastAction]) -> LastAction | None:
    """The latest action; on a tie, the first one given."""
    best: LastAction | None = None
    for action in actions:
        if best is None or action.on > best.on:
            best = action
    return best


def decide(facts: RetentionFacts, settings: RetentionSettings, as_of: date) -> RetentionDecision:
    """When the record is due for deletion, whether it is due on `as_of`, and why."""
    last = latest_action(facts.actions) or LastAction(facts.date_of_birth, "date of birth")
    eighteenth = add_years(facts.date_of_birth, 18)
    after_action = add_years(last.on, settings.years_after_last_action)
    by_birthday = settings.keep_until_18 and eighteenth > after_action
    due_on = eighteenth if by_birthday else after_action
    held = bool(facts.open_referrals)
    is_due = as_of >= due_on and not held
    years = _years(settings.years_after_last_action)
    last_text = f"the last action ({last.what}, {last.on:%d/%m/%Y})"
    if by_birthday:
        why = (
            f"the 18th birthday ({eighteenth:%d/%m/%Y}), which is later than {years} after "
            f"{last_text}"
        )
    else:
        why = f"{years} after {last_text}"
        if settings.keep_until_18:
            why += f"; the 18th birthday ({eighteenth:%d/%m/%Y}) came first"
    if held:
        statuses = ", ".join(sorted({s.label.lower() for s in facts.open_referrals}))
        reason = (
            f"Kept: a referral is still open ({statuses}). It would be due on {due_on:%d/%m/%Y}."
        )
    elif is_due:
        reason = f"Due since {due_on:%d/%m/%Y}: {why}."
    else:
        reason = f"Not due until {due_on:%d/%m/%Y}: {why}."
    return RetentionDecision(due_on, is_due, held, last, eighteenth, reason)


def _years(n: int) -> str:
    return "1 year" if n == 1 else f"{n} years"
