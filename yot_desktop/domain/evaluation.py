"""The scheme evaluation: the figures the seed articles report, computed from plain rows.

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
"""

from __future__ import annotations

import statistics as pystats
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from yot_desktop.domain.enums import Gender, ReferralStatus
from yot_desktop.domain.ethnicity import ETHNICITIES, find_ethnicity
from yot_desktop.domain.statistics import (
    DEFAULT_THRESHOLD,
    Cell,
    Constraint,
    Measure,
    Rate,
    SuppressedTable,
    rate,
    suppress,
)

AGE_BANDS: tuple[str, ...] = ("10–12", "13–14", "15–17", "Other ages")
GENDER_GROUPS: tuple[str, ...] = ("Female", "Male", "Other", "Not known")
ETHNIC_GROUPS: tuple[str, ...] = tuple(dict.fromkeys(e.group for e in ETHNICITIES))
# Funnel stages shown in the breakdowns, in order; each a part of the one before until
# "accepted", whose outcomes follow.
BREAKDOWN_STAGES: tuple[tuple[str, str], ...] = (
    ("referred", "Referred"),
    ("eligible", "Eligible"),
    ("offered", "Offered"),
    ("accepted", "Accepted"),
    ("completed", "Completed"),
    ("not_engaged", "Not engaged"),
)


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
class WaitingDays:
    count: int
    median: float | None
    mean: float | None
    longest: int | None


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


def gender_group(gender: Gender) -> str:
    return {
        Gender.FEMALE: "Female",
        Gender.MALE: "Male",
        Gender.OTHER: "Other",
        Gender.NOT_KNOWN: "Not known",
    }[gender]


def ethnic_group(text: str) -> str:
    found = find_ethnicity(text)
    if found is None:
        raise ValueError(f"not an ONS 2021 ethnic group label or code: {text!r}")
    return found.group


def count_funnel(facts: Iterable[ReferralFact]) -> Funnel:
    counts: dict[str, int] = defaultdict(int)
    for f in facts:
        counts["referred"] += 1
        if not f.eligible:
            continue
        counts["eligible"] += 1
        if not f.offered:
            continue
        counts["offered"] += 1
        if not f.accepted:
            counts["declined"] += f.status is ReferralStatus.DECLINED
            continue
        counts["accepted"] += 1
        outcome = {
            ReferralStatus.COMPLETED: "completed",
            ReferralStatus.NOT_ENGAGED: "not_engaged",
            ReferralStatus.WITHDRAWN: "withdrawn",
        }.get(f.status, "in_programme")
        counts[outcome] += 1
    return Funnel(**counts)


def count_kpi5(facts: Iterable[ReferralFact]) -> Kpi5:
    k = [0, 0, 0, 0]
    for f in facts:
        steps = (f.screened, f.need_identified, f.intervention_offered, f.attended_intervention)
        for i, passed in enumerate(steps):
            if not passed:
                break
            k[i] += 1
    return Kpi5(*k)


def second_referrals(
    in_period: Sequence[ReferralFact], everything: Sequence[ReferralFact], window_days: int
) -> tuple[int, int]:
    """(children referred in the period, of whom referred again within the window)."""
    dates_by_person: dict[int, list[date]] = defaultdict(list)
    for f in everything:
        dates_by_person[f.person_id].append(f.referral_date)
    people = {f.person_id for f in in_period}
    again = {
        f.person_id
        for f in in_period
        if any(1 <= (d - f.referral_date).days <= window_days for d in dates_by_person[f.person_id])
    }
    return len(people), len(again)


def waiting_days(facts: Iterable[ReferralFact]) -> WaitingDays:
    days = [(f.first_appointment - f.referral_date).days for f in facts if f.first_appointment]
    if not days:
        return WaitingDays(0, None, None, None)
    return WaitingDays(len(days), float(pystats.median(days)), pystats.fmean(days), max(days))


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

    @property
    def completion_rate(self) -> float | None:
        return self.funnel.completion_rate

    @property
    def officer_hours_saved(self) -> float:
        return self.funnel.accepted * self.settings.hours_saved_per_diversion

    def suppressed_view(self) -> SuppressedEvaluation:
        """The only form exporters accept: every count passed through suppression."""
        return _build_view(self)


def evaluate(
    facts: Iterable[ReferralFact],
    period_from: date,
    period_to: date,
    settings: EvaluationSettings | None = None,
    *,
    scheme_label: str = "All schemes",
) -> Evaluation:
    """Compute the evaluation for referrals dated in [period_from, period_to].

    ``facts`` may include referrals outside the period: they are used only to find second
    referrals after it.
    """
    if period_to < period_from:
        raise ValueError("the period ends before it starts")
    settings = settings or EvaluationSettings()
    everything = list(facts)
    in_period = [f for f in everything if period_from <= f.referral_date <= period_to]
    people, again = second_referrals(in_period, everything, settings.second_referral_days)
    dims: tuple[tuple[str, tuple[str, ...], Callable[[ReferralFact], str]], ...] = (
        ("Age band", AGE_BANDS, lambda f: age_band(f.age_at_offence)),
        ("Gender", GENDER_GROUPS, lambda f: gender_group(f.gender)),
        ("Ethnic group", ETHNIC_GROUPS, lambda f: ethnic_group(f.ethnicity)),
    )
    breakdowns = []
    for title, groups, group_of in dims:
        members: dict[str, list[ReferralFact]] = {g: [] for g in groups}
        for f in in_period:
            members[group_of(f)].append(f)
        breakdowns.append(Breakdown(title, tuple((g, count_funnel(members[g])) for g in groups)))
    return Evaluation(
        scheme_label=scheme_label,
        period_from=period_from,
        period_to=period_to,
        settings=settings,
        funnel=count_funnel(in_period),
        people_referred=people,
        people_referred_again=again,
        kpi5=count_kpi5(in_period),
        waiting=waiting_days(in_period),
        breakdowns=tuple(breakdowns),
    )


_SEAL = object()


@dataclass(frozen=True)
class StatLine:
    key: str
    label: str
    value: Cell | Rate | Measure
    note: str = ""


@dataclass(frozen=True)
class SuppressedEvaluation:
    """The evaluation as it may leave the app. Only ``Evaluation.suppressed_view()`` makes one,
    so an exporter that takes this type cannot be handed unsuppressed counts."""

    scheme_label: str
    period_from: date
    period_to: date
    settings: EvaluationSettings
    funnel: tuple[StatLine, ...]
    outcomes: tuple[StatLine, ...]
    kpi5: tuple[StatLine, ...]
    breakdowns: tuple[SuppressedTable, ...]
    seal: object = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.seal is not _SEAL:
            raise TypeError("a SuppressedEvaluation comes only from Evaluation.suppressed_view()")

    @property
    def threshold(self) -> int:
        return self.settings.suppression_threshold

    def line(self, key: str) -> StatLine:
        for line in (*self.funnel, *self.outcomes, *self.kpi5):
            if line.key == key:
                return line
        raise KeyError(key)


_FUNNEL_LABELS: tuple[tuple[str, str], ...] = (
    ("referred", "Referred"),
    ("eligible", "Eligible"),
    ("offered", "Offered a programme"),
    ("accepted", "Accepted (diversions)"),
    ("declined", "Declined"),
    ("completed", "Completed"),
    ("not_engaged", "Not engaged"),
    ("withdrawn", "Withdrawn"),
    ("in_programme", "Still in programme"),
    ("finished", "Finished (completed or not engaged)"),
)
_KPI5_LABELS: tuple[tuple[str, str], ...] = (
    ("screened", "Screened for substance misuse"),
    ("need_identified", "Need identified"),
    ("intervention_offered", "Intervention offered"),
    ("attended", "Attended intervention"),
)
# Stages shared by the summary and each breakdown group, published or not; the column sums
# of every one link each breakdown to the summary.
_GROUP_GAPS = ("ineligible", "not_offered", "offered_not_accepted", "accepted_other")
_Key = tuple[str, str, str]


def _funnel_values(f: Funnel) -> dict[str, int]:
    return {
        "referred": f.referred,
        "eligible": f.eligible,
        "offered": f.offered,
        "accepted": f.accepted,
        "completed": f.completed,
        "not_engaged": f.not_engaged,
        "ineligible": f.referred - f.eligible,
        "not_offered": f.eligible - f.offered,
        "offered_not_accepted": f.offered - f.accepted,
        "accepted_other": f.withdrawn + f.in_programme,
    }


def _funnel_constraints(d: str, g: str) -> list[Constraint[_Key]]:
    def k(stage: str) -> _Key:
        return (d, g, stage)

    return [
        Constraint(k("referred"), (k("eligible"), k("ineligible"))),
        Constraint(k("eligible"), (k("offered"), k("not_offered"))),
        Constraint(k("offered"), (k("accepted"), k("offered_not_accepted"))),
        Constraint(k("accepted"), (k("completed"), k("not_engaged"), k("accepted_other"))),
    ]


def _build_view(ev: Evaluation) -> SuppressedEvaluation:
    s, f, kp = ev.settings, ev.funnel, ev.kpi5

    def a(stage: str) -> _Key:
        return ("all", "", stage)

    values: dict[_Key, int] = {a(k): v for k, v in _funnel_values(f).items()}
    values |= {
        a("declined"): f.declined,
        a("withdrawn"): f.withdrawn,
        a("in_programme"): f.in_programme,
        a("finished"): f.finished,
        a("awaiting"): f.offered - f.accepted - f.declined,
        a("people_referred"): ev.people_referred,
        a("people_again"): ev.people_referred_again,
        a("people_not_again"): ev.people_referred - ev.people_referred_again,
        a("waiting_count"): ev.waiting.count,
        a("screened"): kp.screened,
        a("need_identified"): kp.need_identified,
        a("intervention_offered"): kp.intervention_offered,
        a("attended"): kp.attended,
        a("no_need"): kp.screened - kp.need_identified,
        a("need_not_offered"): kp.need_identified - kp.intervention_offered,
        a("offered_not_attended"): kp.intervention_offered - kp.attended,
    }
    hidden = {a(k) for k in (*_GROUP_GAPS, "awaiting", "people_not_again")}
    hidden |= {a(k) for k in ("no_need", "need_not_offered", "offered_not_attended")}
    constraints = _funnel_constraints("all", "")
    constraints += [
        Constraint(a("offered_not_accepted"), (a("declined"), a("awaiting"))),
        Constraint(a("accepted_other"), (a("withdrawn"), a("in_programme"))),
        Constraint(a("finished"), (a("completed"), a("not_engaged"))),
        Constraint(a("people_referred"), (a("people_again"), a("people_not_again"))),
        Constraint(a("screened"), (a("need_identified"), a("no_need"))),
        Constraint(a("need_identified"), (a("intervention_offered"), a("need_not_offered"))),
        Constraint(a("intervention_offered"), (a("attended"), a("offered_not_attended"))),
    ]
    for b in ev.breakdowns:
        for g, gf in b.groups:
            values |= {(b.title, g, k): v for k, v in _funnel_values(gf).items()}
            hidden |= {(b.title, g, k) for k in _GROUP_GAPS}
            constraints += _funnel_constraints(b.title, g)
        for stage in (*(k for k, _ in BREAKDOWN_STAGES), *_GROUP_GAPS):
            parts = tuple((b.title, g, stage) for g, _ in b.groups)
            constraints.append(Constraint(a(stage), parts))
    cells = suppress(values, constraints, threshold=s.suppression_threshold, unpublished=hidden)

    def c(stage: str) -> Cell:
        return cells[a(stage)]

    accepted = c("accepted")
    hours = Measure(
        None if accepted.suppressed else ev.officer_hours_saved,
        accepted.suppressed,
        "hours",
    )
    few = c("waiting_count").suppressed or ev.waiting.count < s.suppression_threshold

    def days(value: float | None, decimals: int = 1) -> Measure:
        return Measure(None if few else value, few and ev.waiting.count > 0, "days", decimals)

    outcomes = (
        StatLine("completion_rate", "Completion rate", rate(c("completed"), c("finished"))),
        StatLine(
            "benchmark_completion",
            "Benchmark completion rate (West Berkshire)",
            Rate(s.benchmark_completion),
        ),
        StatLine("take_up_rate", "Take-up rate (accepted ÷ offered)", rate(accepted, c("offered"))),
        StatLine("people_referred", "Children referred", c("people_referred")),
        StatLine("people_again", "Children referred again within 12 months", c("people_again")),
        StatLine(
            "second_referral_rate",
            "Second referral rate",
            rate(c("people_again"), c("people_referred")),
        ),
        StatLine(
            "hours_saved_each",
            "Officer hours saved per diversion",
            Measure(s.hours_saved_per_diversion, False, "hours", 2),
        ),
        StatLine("officer_hours_saved", "Officer hours saved", hours),
        StatLine("waiting_count", "Referrals with a first appointment", c("waiting_count")),
        StatLine("waiting_median", "Median days to first appointment", days(ev.waiting.median)),
        StatLine("waiting_mean", "Mean days to first appointment", days(ev.waiting.mean)),
        StatLine(
            "waiting_longest",
            "Longest wait for a first appointment (days)",
            days(None if ev.waiting.longest is None else float(ev.waiting.longest), 0),
        ),
    )
    tables = tuple(
        SuppressedTable(
            title=b.title,
            row_labels=tuple(g for g, _ in b.groups),
            column_labels=tuple(label for _, label in BREAKDOWN_STAGES),
            cells=tuple(
                tuple(cells[(b.title, g, k)] for k, _ in BREAKDOWN_STAGES) for g, _ in b.groups
            ),
            row_totals=None,
            column_totals=tuple(c(k) for k, _ in BREAKDOWN_STAGES),
            grand_total=None,
            threshold=s.suppression_threshold,
            total_label="All",
        )
        for b in ev.breakdowns
    )
    return SuppressedEvaluation(
        scheme_label=ev.scheme_label,
        period_from=ev.period_from,
        period_to=ev.period_to,
        settings=s,
        funnel=tuple(StatLine(k, label, c(k)) for k, label in _FUNNEL_LABELS),
        outcomes=outcomes,
        kpi5=tuple(StatLine(k, label, c(k)) for k, label in _KPI5_LABELS),
        breakdowns=tables,
        seal=_SEAL,
    )
