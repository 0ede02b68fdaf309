"""The scheme evaluation as an A4 PDF: key figures, the funnel, outcomes, KPI 5 and the
breakdowns by age, gender and ethnic group, with charts. Suppressed figures only."""

from __future__ import annotations

from collections.abc import Sequence
from typing import BinaryIO

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from yot_desktop.domain.audit_chain import head_note
from yot_desktop.domain.evaluation import StatLine, SuppressedEvaluation
from yot_desktop.domain.statistics import SuppressedTable
from yot_desktop.reports.charts import breakdown_chart, funnel_chart
from yot_desktop.reports.common import period_text, require_suppressed
from yot_desktop.reports.layout import (
    CONTENT_WIDTH,
    HEADING,
    SMALL,
    TITLE,
    build_pdf,
    para,
    table,
)
from yot_desktop.reports.notes import evaluation_notes

_KEY_FIGURES = (
    "referred",
    "accepted",
    "completion_rate",
    "benchmark_completion",
    "officer_hours_saved",
    "second_referral_rate",
)


def render_evaluation_pdf(
    view: SuppressedEvaluation, stream: BinaryIO, audit_head: tuple[int, str] | None = None
) -> None:
    """Write the evaluation report. Takes only the suppressed view. `audit_head` (the audit
    chain's last link and hash) is printed last, so that a tail cut from the trail shows."""
    view = require_suppressed(view)
    story: list[Flowable] = [
        para(f"Scheme evaluation: {view.scheme_label}", TITLE),
        para(f"Referrals dated {period_text(view)}."),
        para(
            f"Counts from 1 to {view.threshold - 1} are shown as [c] to protect children's "
            "identities; see the notes at the end.",
            SMALL,
        ),
        para("Key figures", HEADING),
        _lines_table([view.line(k) for k in _KEY_FIGURES]),
        para("Referrals through the scheme", HEADING),
        _lines_table(view.funnel),
        Spacer(1, 4 * mm),
        funnel_chart(view, CONTENT_WIDTH),
        para("Outcomes and officer time", HEADING),
        _lines_table(view.outcomes),
        para("Substance misuse (youth justice KPI 5)", HEADING),
        _lines_table(view.kpi5),
        para("Police outcomes and youth justice KPIs", HEADING),
        _lines_table(view.yjb),
    ]
    for breakdown in view.breakdowns:
        story.append(
            KeepTogether(
                [
                    para(f"By {breakdown.title.lower()}", HEADING),
                    _breakdown_table(breakdown),
                    Spacer(1, 4 * mm),
                    breakdown_chart(breakdown, CONTENT_WIDTH),
                ]
            )
        )
    story.append(para("Notes", HEADING))
    story += [para(f"• {note}", SMALL) for note in evaluation_notes(view)]
    if audit_head is not None:
        story.append(para(f"• {head_note(*audit_head)}", SMALL))
    build_pdf(
        stream,
        story,
        title=f"Scheme evaluation {view.scheme_label}",
        subject=f"Scheme evaluation, {period_text(view)}",
    )


def _lines_table(lines: Sequence[StatLine]) -> Flowable:
    rows = [["Measure", "Value"]] + [
        [f"{ln.label}\n{ln.note}" if ln.note else ln.label, ln.value.display()] for ln in lines
    ]
    return table(rows, [CONTENT_WIDTH - 40 * mm, 40 * mm], align_right_from=1)


def _breakdown_table(t: SuppressedTable) -> Flowable:
    rows = [[t.title, *t.column_labels]]
    for label, row in zip(t.row_labels, t.cells, strict=True):
        rows.append([label, *(c.display() for c in row)])
    if t.column_totals is not None:
        rows.append([t.total_label, *(c.display() for c in t.column_totals)])
    first = 38 * mm
    rest = (CONTENT_WIDTH - first) / len(t.column_labels)
    return table(rows, [first, *[rest] * len(t.column_labels)], align_right_from=1)
