"""The scheme evaluation as it may leave the app: every count through small-number
suppression, with secondary suppression so that no total gives a hidden count back. Only
``Evaluation.suppressed_view()`` (which calls ``build_views``) makes one.

Every report a user can produce for the same period (all schemes, and each scheme) is
suppressed in one go: a scheme's figure and the all-schemes figure are linked by a sum, so
"all schemes' not engaged minus the other schemes'" cannot give a hidden count back, and the
same figure is hidden in every report that shows it (issue 15, point 11)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from yot_desktop.domain.statistics import (
    Cell,
    Constraint,
    Measure,
    NotComputed,
    Rate,
    SuppressedTable,
    rate,
    suppress,
)

if TYPE_CHECKING:
    from yot_desktop.domain.evaluation import Evaluation, EvaluationSettings, Funnel

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


_SEAL = object()


@dataclass(frozen=True)
class StatLine:
    key: str
    label: str
    value: Cell | Rate | Measure | NotComputed
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
    yjb: tuple[StatLine, ...] = ()  # police outcome codes and the YJB KPIs
    seal: object = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.seal is not _SEAL:
            raise TypeError("a SuppressedEvaluation comes only from Evaluation.suppressed_view()")

    @property
    def threshold(self) -> int:
        return self.settings.suppression_threshold

    def line(self, key: str) -> StatLine:
        for line in (*self.funnel, *self.outcomes, *self.kpi5, *self.yjb):
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
_Key = tuple[int, str, str, str]  # (report, breakdown, group, stage)


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


def _funnel_constraints(r: int, d: str, g: str) -> list[Constraint[_Key]]:
    def k(stage: str) -> _Key:
        return (r, d, g, stage)

    return [
        Constraint(k("referred"), (k("eligible"), k("ineligible"))),
        Constraint(k("eligible"), (k("offered"), k("not_offered"))),
        Constraint(k("offered"), (k("accepted"), k("offered_not_accepted"))),
        Constraint(k("accepted"), (k("completed"), k("not_engaged"), k("accepted_other"))),
    ]


# Counts of children, not referrals: a child may be referred to two schemes, so the
# all-schemes figure is linked to the schemes' only when it is their sum.
_CHILDREN = ("people_referred", "people_again", "people_not_again")
_CHILDREN_KPI6 = ("kpi6_ended", "kpi6_completed", "kpi6_not_completed")
_YJB_LABELS: tuple[tuple[str, str], ...] = (
    ("outcome_21", "Police outcome 21 (no further action: not in the public interest)"),
    ("outcome_22", "Police outcome 22 (diversionary, educational or intervention activity)"),
    ("outcome_23", "Police outcome 23 (deferred prosecution)"),
    ("outcome_none", "No outcome 21, 22 or 23 recorded yet"),
    (
        "kpi6_ended",
        "KPI 6: children whose out-of-court disposal intervention ended in the period",
    ),
    ("kpi6_completed", "KPI 6: of whom completed the intervention"),
)
_NOT_HELD: tuple[tuple[str, str, str], ...] = (
    (
        "kpi1",
        "KPI 1: suitable accommodation",
        "the record does not hold the child's accommodation at the start and end of the "
        "intervention",
    ),
    (
        "kpi2",
        "KPI 2: education, training and employment",
        "the record holds the school's name only, not the hours of education, training or "
        "employment at the start and end of the intervention",
    ),
    (
        "kpi3",
        "KPI 3: special educational needs (SEND) with a plan",
        "the record notes special educational needs in words, but not whether the child has "
        "an education, health and care plan or other formal plan",
    ),
    (
        "kpi4",
        "KPI 4: mental health screening and support",
        "the record holds no mental health screening (CRAFFT screens substance use: see KPI 5)",
    ),
)


def _report_values(
    r: int, ev: Evaluation
) -> tuple[dict[_Key, int], list[Constraint[_Key]], set[_Key]]:
    """One report's counts, the sums linking them, and those never published."""
    f, kp, oc, k6 = ev.funnel, ev.kpi5, ev.outcome_codes, ev.kpi6

    def a(stage: str) -> _Key:
        return (r, "all", "", stage)

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
        a("no_wait"): f.referred - ev.waiting.count,
        a("screened"): kp.screened,
        a("need_identified"): kp.need_identified,
        a("intervention_offered"): kp.intervention_offered,
        a("attended"): kp.attended,
        a("no_need"): kp.screened - kp.need_identified,
        a("need_not_offered"): kp.need_identified - kp.intervention_offered,
        a("offered_not_attended"): kp.intervention_offered - kp.attended,
        a("not_screened"): f.referred - kp.screened,
        a("outcome_21"): oc.code_21,
        a("outcome_22"): oc.code_22,
        a("outcome_23"): oc.code_23,
        a("outcome_none"): oc.other,
        a("kpi6_ended"): k6.ended,
        a("kpi6_completed"): k6.completed,
        a("kpi6_not_completed"): k6.ended - k6.completed,
    }
    hidden = {a(k) for k in (*_GROUP_GAPS, "awaiting", "people_not_again", "no_wait")}
    hidden |= {a(k) for k in ("no_need", "need_not_offered", "offered_not_attended")}
    hidden |= {a("not_screened"), a("kpi6_not_completed")}
    constraints = _funnel_constraints(r, "all", "")
    constraints += [
        Constraint(a("offered_not_accepted"), (a("declined"), a("awaiting"))),
        Constraint(a("accepted_other"), (a("withdrawn"), a("in_programme"))),
        Constraint(a("finished"), (a("completed"), a("not_engaged"))),
        Constraint(a("people_referred"), (a("people_again"), a("people_not_again"))),
        Constraint(a("referred"), (a("waiting_count"), a("no_wait"))),
        Constraint(a("referred"), (a("screened"), a("not_screened"))),
        Constraint(a("screened"), (a("need_identified"), a("no_need"))),
        Constraint(a("need_identified"), (a("intervention_offered"), a("need_not_offered"))),
        Constraint(a("intervention_offered"), (a("attended"), a("offered_not_attended"))),
        Constraint(
            a("referred"),
            (a("outcome_21"), a("outcome_22"), a("outcome_23"), a("outcome_none")),
        ),
        Constraint(a("kpi6_ended"), (a("kpi6_completed"), a("kpi6_not_completed"))),
    ]
    for b in ev.breakdowns:
        for g, gf in b.groups:
            values |= {(r, b.title, g, k): v for k, v in _funnel_values(gf).items()}
            hidden |= {(r, b.title, g, k) for k in _GROUP_GAPS}
            constraints += _funnel_constraints(r, b.title, g)
        for stage in (*(k for k, _ in BREAKDOWN_STAGES), *_GROUP_GAPS):
            parts = tuple((r, b.title, g, stage) for g, _ in b.groups)
            constraints.append(Constraint(a(stage), parts))
    return values, constraints, hidden


def build_views(family: Sequence[Evaluation]) -> list[SuppressedEvaluation]:
    """The suppressed view of each report in ``family``: the first the all-schemes report
    (or a lone report), the others each scheme's for the same period and team scope."""
    values: dict[_Key, int] = {}
    constraints: list[Constraint[_Key]] = []
    hidden: set[_Key] = set()
    for r, ev in enumerate(family):
        v, c, h = _report_values(r, ev)
        values |= v
        constraints += c
        hidden |= h
    if len(family) > 1:  # link each scheme's figures to the all-schemes figures
        whole = [k for k in values if k[0] == 0]
        for k in whole:
            parts = tuple((r, *k[1:]) for r in range(1, len(family)))
            if any(p not in values for p in parts):
                continue
            children = k[3] in _CHILDREN or k[3] in _CHILDREN_KPI6
            if children and values[k] != sum(values[p] for p in parts):
                continue  # a child in two schemes: not a sum
            constraints.append(Constraint(k, parts))
    threshold = family[0].settings.suppression_threshold
    cells = suppress(
        values, constraints, threshold=threshold, unpublished=hidden, rank=_keep_visible
    )
    return [_view(r, ev, cells) for r, ev in enumerate(family)]


def _keep_visible(k: _Key) -> int:
    """Hide a scheme's breakdown cell before its headline figure, and a scheme's figure
    before the all-schemes one: the headline figures are what readers look for."""
    return 2 * (k[0] == 0) + (k[1] == "all")


def _view(r: int, ev: Evaluation, cells: dict[_Key, Cell]) -> SuppressedEvaluation:
    s = ev.settings

    def c(stage: str) -> Cell:
        return cells[(r, "all", "", stage)]

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
    yjb = (
        *(StatLine(k, label, c(k)) for k, label in _YJB_LABELS),
        StatLine(
            "kpi6_rate",
            "KPI 6: share who completed their intervention",
            rate(c("kpi6_completed"), c("kpi6_ended")),
        ),
        *(
            StatLine(k, label, NotComputed(reason), f"Not computed: {reason}.")
            for k, label, reason in _NOT_HELD
        ),
    )
    tables = tuple(
        SuppressedTable(
            title=b.title,
            row_labels=tuple(g for g, _ in b.groups),
            column_labels=tuple(label for _, label in BREAKDOWN_STAGES),
            cells=tuple(
                tuple(cells[(r, b.title, g, k)] for k, _ in BREAKDOWN_STAGES) for g, _ in b.groups
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
        yjb=yjb,
        seal=_SEAL,
    )
