"""The scheme evaluation as it may leave the app: every count through small-number
suppression, with secondary suppression so that no total gives a hidden count back. Only
``Evaluation.suppressed_view()`` (which calls ``build_view``) makes one."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from yot_desktop.domain.statistics import (
    Cell,
    Constraint,
    Measure,
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


def build_view(ev: Evaluation) -> SuppressedEvaluation:
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
