"""The scheme evaluation: the figures the seed articles report, from counts (the database's
(services/reports/sql.py), or referrals counted one by one with count_facts).

Definitions (repeated in the Notes of every export):

* A referral is *in the period* when its referral date is within it (both ends included).
* Funnel: eligible after any manager's override; *offered* counts eligible referrals offered a
  programme; *accepted* counts offered ones accepted. Each stage is part of the one before.
  Of accepted referrals: completed, not engaged, withdrawn, or still in the programme.
  *Declined*: offered, not accepted, status declined.
* **Completion rate** = completed ÷ (completed + not engaged): of the children who started the
  programme and have finished it either way, the share who completed all of it. This is how
  West Berkshire's evaluation measured its 78% (the benchmark). Withdrawn cases (moved away,
  case closed for reasons outside the child's control) and cases still running are left out.
* **Second referral** (a re-offending proxy): a child referred in the period who has another
  referral 1 to 365 days after one of their referrals in the period (the later one may fall
  after the period). Referrals made late in the period have had less time to show one.
* **Officer time saved** = diversions × (custody hours − diversion minutes ÷ 60), where a
  diversion is an accepted programme. The seed figures: 12 hours with custody, 20 minutes
  with a diversion; both are settings.
* **Days to first appointment**: from the referral date to the first appointment, for
  referrals in the period that have one. Median, mean and longest; hidden when fewer than the
  suppression threshold have one.
* KPI 5 (substance misuse): screened → need identified → intervention offered → attended,
  each a part of the one before.
* Police outcomes: referrals in the period by the outcome code recorded, 21, 22 or 23 (the
  codes a YOT reports), or none of those (no outcome yet, or another code).
* **KPI 6** (YJB, out-of-court disposals): children whose intervention (an accepted
  programme) ended in the period, by the date its final status (completed, not engaged or
  withdrawn) was recorded, whatever the referral date; the share of them who completed it.
  A child with two endings in the period counts once, by the later one.
* KPI 1 to 4 (accommodation, education, SEND plan, mental health) need facts the record
  does not hold; the exports say so rather than estimate them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from operator import attrgetter
from typing import Any, NamedTuple

from yot_desktop.domain.enums import Gender, ReferralStatus
from yot_desktop.domain.ethnicity import ETHNICITIES, find_ethnicity
from yot_desktop.domain.evaluation_counts import (
    EvaluationCounts,
    Profile,
    count_facts,
    waiting_from_histogram,
)
from yot_desktop.domain.evaluation_counts import WaitingDays as WaitingDays
from yot_desktop.domain.evaluation_view import BREAKDOWN_STAGES as BREAKDOWN_STAGES
from yot_desktop.domain.evaluation_view import StatLine as StatLine
from yot_desktop.domain.evaluation_view import SuppressedEvaluation as SuppressedEvaluation
from yot_desktop.domain.evaluation_view import build_views
from yot_desktop.domain.statistics import DEFAULT_THRESHOLD

AGE_BANDS: tuple[str, ...] = ("10–12", "13–14", "15–17", "Other ages")
GENDER_GROUPS: tuple[str, ...] = ("Female", "Male", "Other", "Not known")
ETHNIC_GROUPS: tuple[str, ...] = tuple(dict.fromkeys(e.group for e in ETHNICITIES))


@dataclass(frozen=True)
class EvaluationSettings:
    custody_hours: float = 12.0
    diversion_minutes: int = 20
    suppression_threshold: int = DEFAULT_THRESHOLD
    benchmark_completion: float = 0.78
    second_referral_days: int = 365

    @property
    def hours_saved_per_diversion(self) -> float:
        return self.custody_hours - self.diversion_minutes / 60


@dataclass(frozen=True)
class ReferralFact:
    """One referral, flattened: all the evaluation needs and nothing that names a child."""

    referral_id: int
    person_id: int
    scheme_code: str
    referral_date: date
    offence_date: date
    status: ReferralStatus
    eligible: bool
    offered: bool
    accepted: bool
    age_at_offence: int | None
    gender: Gender
    ethnicity: str  # ONS 2021 label or code; blank means not stated
    first_appointment: date | None
    screened: bool
    need_identified: bool
    intervention_offered: bool
    attended_intervention: bool
    outcome_code: str = ""  # the police outcome recorded ("21", "22", "23"...), "" if none
    ended_on: date | None = None  # the day the intervention ended (completed, not engaged,
    # withdrawn after accepting), for KPI 6


@dataclass(frozen=True)
class Funnel:
    referred: int = 0
    eligible: int = 0
    offered: int = 0
    accepted: int = 0
    declined: int = 0
    completed: int = 0
    not_engaged: int = 0
    withdrawn: int = 0
    in_programme: int = 0

    @property
    def finished(self) -> int:
        return self.completed + self.not_engaged

    @property
    def completion_rate(self) -> float | None:
        return self.completed / self.finished if self.finished else None


@dataclass(frozen=True)
class Kpi5:
    screened: int = 0
    need_identified: int = 0
    intervention_offered: int = 0
    attended: int = 0


@dataclass(frozen=True)
class OutcomeCounts:
    """Referrals in the period by the police outcome recorded: 21, 22, 23, or none of them
    (no outcome yet, or another code)."""

    code_21: int = 0
    code_22: int = 0
    code_23: int = 0
    other: int = 0


@dataclass(frozen=True)
class Kpi6:
    """YJB KPI 6: children with an out-of-court disposal whose intervention ended in the
    period, and of whom those who completed it."""

    ended: int = 0
    completed: int = 0

    @property
    def rate(self) -> float | None:
        return self.completed / self.ended if self.ended else None


@dataclass(frozen=True)
class Breakdown:
    title: str
    groups: tuple[tuple[str, Funnel], ...]


def age_band(age: int | None) -> str:
    if age is None:
        return AGE_BANDS[3]
    if 10 <= age <= 12:
        return AGE_BANDS[0]
    if 13 <= age <= 14:
        return AGE_BANDS[1]
    if 15 <= age <= 17:
        return AGE_BANDS[2]
    return AGE_BANDS[3]


_GENDER_GROUPS = {
    Gender.FEMALE: "Female",
    Gender.MALE: "Male",
    Gender.OTHER: "Other",
    Gender.NOT_KNOWN: "Not known",
}
_OUTCOMES = {
    ReferralStatus.COMPLETED: "completed",
    ReferralStatus.NOT_ENGAGED: "not_engaged",
    ReferralStatus.WITHDRAWN: "withdrawn",
}


def gender_group(gender: Gender) -> str:
    return _GENDER_GROUPS[gender]


def ethnic_group(text: str) -> str:
    found = find_ethnicity(text)
    if found is None:
        raise ValueError(f"not an ONS 2021 ethnic group label or code: {text!r}")
    return found.group


class FunnelKey(NamedTuple):
    """What count_funnel reads of a profile: equal ones can be added up first."""

    status: ReferralStatus
    eligible: bool
    offered: bool
    accepted: bool


def count_funnel(profiles: Iterable[tuple[Profile | FunnelKey, int]]) -> Funnel:
    """The funnel of referrals given as (profile, how many) pairs."""
    counts: dict[str, int] = defaultdict(int)
    for f, n in profiles:
        counts["referred"] += n
        if not f.eligible:
            continue
        counts["eligible"] += n
        if not f.offered:
            continue
        counts["offered"] += n
        if not f.accepted:
            if f.status is ReferralStatus.DECLINED:
                counts["declined"] += n
            continue
        counts["accepted"] += n
        counts[_OUTCOMES.get(f.status, "in_programme")] += n
    return Funnel(**counts)


def count_outcomes(profiles: Iterable[tuple[Profile, int]]) -> OutcomeCounts:
    counts = {"21": 0, "22": 0, "23": 0, "": 0}
    for f, n in profiles:
        counts[f.outcome_code if f.outcome_code in counts else ""] += n
    return OutcomeCounts(counts["21"], counts["22"], counts["23"], counts[""])


def _funnel_part(p: Profile) -> FunnelKey:
    return FunnelKey(p.status, p.eligible, p.offered, p.accepted)


def count_kpi5(profiles: Iterable[tuple[Profile, int]]) -> Kpi5:
    k = [0, 0, 0, 0]
    for f, n in profiles:
        steps = (f.screened, f.need_identified, f.intervention_offered, f.attended_intervention)
        for i, passed in enumerate(steps):
            if not passed:
                break
            k[i] += n
    return Kpi5(*k)


@dataclass(frozen=True)
class Evaluation:
    """The raw figures. Never export these: use ``suppressed_view()``."""

    scheme_label: str
    period_from: date
    period_to: date
    settings: EvaluationSettings
    funnel: Funnel
    people_referred: int
    people_referred_again: int
    kpi5: Kpi5
    waiting: WaitingDays
    breakdowns: tuple[Breakdown, ...]
    outcome_codes: OutcomeCounts = OutcomeCounts()
    kpi6: Kpi6 = Kpi6()
    # Every report a user can produce for the same period: all schemes first, then each
    # scheme (``family_index`` is this one's place). They are suppressed together, so that
    # no figure of one can be subtracted from another's (issue 15, point 11).
    family: tuple[Evaluation, ...] = ()
    family_index: int = 0

    @property
    def completion_rate(self) -> float | None:
        return self.funnel.completion_rate

    @property
    def officer_hours_saved(self) -> float:
        return self.funnel.accepted * self.settings.hours_saved_per_diversion

    def suppressed_view(self) -> SuppressedEvaluation:
        """The only form exporters accept: every count passed through suppression, together
        with the other reports of its family when it has one."""
        if not self.family:
            return build_views((self,))[0]
        return build_views(self.family)[self.family_index]


def evaluate(
    facts: Iterable[ReferralFact],
    period_from: date,
    period_to: date,
    settings: EvaluationSettings | None = None,
    *,
    scheme_label: str = "All schemes",
) -> Evaluation:
    """Compute the evaluation for referrals dated in [period_from, period_to], one row per
    referral.

    ``facts`` may include referrals outside the period: they are used only to find second
    referrals after it.
    """
    if period_to < period_from:
        raise ValueError("the period ends before it starts")
    settings = settings or EvaluationSettings()
    everything = list(facts)
    in_period = [f for f in everything if period_from <= f.referral_date <= period_to]
    counts = count_facts(
        in_period, everything, settings.second_referral_days, (period_from, period_to)
    )
    return evaluate_counts(counts, period_from, period_to, settings, scheme_label=scheme_label)


def evaluate_counts(
    counts: EvaluationCounts,
    period_from: date,
    period_to: date,
    settings: EvaluationSettings | None = None,
    *,
    scheme_label: str = "All schemes",
) -> Evaluation:
    """The evaluation from counts the database made (or ``count_facts``)."""
    if period_to < period_from:
        raise ValueError("the period ends before it starts")
    settings = settings or EvaluationSettings()
    dims: list[tuple[str, tuple[str, ...], Callable[[Profile], Any], Callable[[Any], str]]] = [
        ("Age band", AGE_BANDS, attrgetter("age_at_offence"), age_band),
        ("Gender", GENDER_GROUPS, attrgetter("gender"), gender_group),
        ("Ethnic group", ETHNIC_GROUPS, attrgetter("ethnicity"), ethnic_group),
    ]
    profiles = list(counts.profiles.items())
    breakdowns = []
    for title, groups, value_of, group_of in dims:
        # A database hands over thousands of profiles: count each group's by the few facts
        # the funnel reads, and look each value's group up once.
        members: dict[str, dict[FunnelKey, int]] = {g: defaultdict(int) for g in groups}
        group_by_value: dict[Any, str] = {}
        for profile, n in profiles:
            value: Any = value_of(profile)
            group = group_by_value.get(value)
            if group is None:
                group = group_by_value[value] = group_of(value)
            members[group][_funnel_part(profile)] += n
        breakdowns.append(
            Breakdown(title, tuple((g, count_funnel(members[g].items())) for g in groups))
        )
    return Evaluation(
        scheme_label=scheme_label,
        period_from=period_from,
        period_to=period_to,
        settings=settings,
        funnel=count_funnel(profiles),
        people_referred=counts.people_referred,
        people_referred_again=counts.people_referred_again,
        kpi5=count_kpi5(profiles),
        waiting=waiting_from_histogram(counts.waiting),
        breakdowns=tuple(breakdowns),
        outcome_codes=count_outcomes(profiles),
        kpi6=Kpi6(counts.disposals_ended, counts.disposals_completed),
    )
