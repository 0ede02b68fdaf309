"""The scheme evaluation as one tidy CSV: one figure per row, with a header. UTF-8 with a
byte order mark, like the subject-access files, so Excel shows accented names as written.

Columns: scheme, period_from, period_to, section, group, measure, value, unit.
Counts are whole numbers, rates are proportions from 0 to 1 (unit ``proportion``), dates are
YYYY-MM-DD; a hidden figure is ``[c]`` and a figure with nothing to divide by is empty. A
figure the record cannot give (KPI 1 to 4) says "Not computed: " and why.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import BinaryIO

from yot_desktop.domain.evaluation import SuppressedEvaluation
from yot_desktop.domain.spreadsheet import inert_row
from yot_desktop.domain.statistics import SUPPRESSED_MARK, Cell, Measure, NotComputed, Rate
from yot_desktop.reports.common import require_suppressed

COLUMNS = ("scheme", "period_from", "period_to", "section", "group", "measure", "value", "unit")


def write_evaluation_csv(view: SuppressedEvaluation, stream: BinaryIO, *, bom: bool = True) -> None:
    """Write the CSV to a binary stream, which stays open. Suppressed view only."""
    view = require_suppressed(view)
    text = io.TextIOWrapper(stream, encoding="utf-8-sig" if bom else "utf-8", newline="")
    try:
        writer = csv.writer(text, lineterminator="\r\n")
        writer.writerow(COLUMNS)
        prefix = [view.scheme_label, view.period_from.isoformat(), view.period_to.isoformat()]
        for row in _rows(view):
            writer.writerow(inert_row([*prefix, *row]))
        text.flush()
    finally:
        text.detach()


def _rows(view: SuppressedEvaluation) -> Iterator[list[str]]:
    for section, lines in (
        ("Referrals", view.funnel),
        ("Outcomes", view.outcomes),
        ("KPI 5 substance misuse", view.kpi5),
        ("Police outcomes and YJB KPIs", view.yjb),
    ):
        for line in lines:
            yield [section, "All", line.label, *_value(line.value)]
    for t in view.breakdowns:
        for group, cells in zip(t.row_labels, t.cells, strict=True):
            for stage, cell in zip(t.column_labels, cells, strict=True):
                yield [t.title, group, stage, *_value(cell)]
        if t.column_totals is not None:
            for stage, cell in zip(t.column_labels, t.column_totals, strict=True):
                yield [t.title, t.total_label, stage, *_value(cell)]


def _value(value: Cell | Rate | Measure | NotComputed) -> tuple[str, str]:
    if isinstance(value, NotComputed):
        return f"Not computed: {value.reason}", ""
    if isinstance(value, Cell):
        unit = "count"
    elif isinstance(value, Rate):
        unit = "proportion"
    else:
        unit = value.unit
    if value.suppressed:
        return SUPPRESSED_MARK, unit
    if value.value is None:
        return "", unit
    if isinstance(value, Rate):
        return f"{value.value:.4f}", unit
    if isinstance(value, Measure):
        return f"{value.value:.{value.decimals}f}", unit
    return str(value.value), unit
