"""The notes every evaluation export carries: what the figures mean and what is hidden.

The definitions themselves live in ``yot_desktop.domain.evaluation``; keep the two in step.
"""

from __future__ import annotations

from yot_desktop.domain.evaluation import SuppressedEvaluation
from yot_desktop.domain.statistics import suppression_note
from yot_desktop.reports.common import period_text


def evaluation_notes(view: SuppressedEvaluation) -> tuple[str, ...]:
    s = view.settings
    return (
        suppression_note(s.suppression_threshold),
        f"Period: referrals dated {period_text(view)}, both days included.",
        "Completion rate = completed ÷ (completed + not engaged): of the children who "
        "started the programme and have finished it either way, the share who completed "
        "it all. Withdrawn cases and cases still running are left out. "
        f"Benchmark: {s.benchmark_completion:.0%} (West Berkshire's evaluation).",
        f"Officer time saved = accepted diversions × ({s.custody_hours:g} hours in custody "
        f"− {s.diversion_minutes} minutes for a diversion) = "
        f"{s.hours_saved_per_diversion:.2f} hours each. The 12 hours and 20 minutes are "
        "the figures police gave for a possession case; they are settings.",
        "Second referral: a child referred in the period who is referred again 1 to "
        f"{s.second_referral_days} days after one of those referrals. Children referred "
        "late in the period have had less time to be referred again.",
        "Each funnel stage is part of the one before: eligible (after any override), "
        "offered, accepted. Completed, not engaged, withdrawn and still in programme are "
        "outcomes of accepted referrals.",
        "Days to first appointment: referral date to first appointment, for referrals "
        "that have one. Hidden when fewer than "
        f"{s.suppression_threshold} have one.",
        "KPI 5 (substance misuse): screened, need identified, intervention offered, "
        "attended; each is part of the one before.",
        "Police outcomes: referrals in the period by the outcome code recorded: 21, 22 or "
        "23, the codes a youth offending team reports, or none of them yet.",
        "KPI 6 (Youth Justice Board, out-of-court disposals): children whose intervention "
        "(an accepted programme) ended in the period, by the day its final status "
        "(completed, not engaged or withdrawn) was recorded, whatever the referral date, and "
        "the share of them who completed it. A child with two endings counts once, by the "
        "later one.",
        "KPI 1 to 4 (accommodation, education, SEND plan, mental health) are not computed: "
        "the record does not hold the facts they need, and they are not estimated.",
    )
