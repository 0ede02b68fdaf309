"""The scheme evaluation as an Excel workbook with real typed cells.

Counts are numbers, rates are numbers formatted as percentages, dates are dates. A suppressed
value is the text "[c]" with a comment, and the Notes sheet explains why.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import BinaryIO

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from yot_desktop.domain.evaluation import StatLine, SuppressedEvaluation
from yot_desktop.domain.spreadsheet import inert
from yot_desktop.domain.statistics import (
    NOT_APPLICABLE_MARK,
    SUPPRESSED_MARK,
    Cell,
    Measure,
    NotComputed,
    Rate,
    SuppressedTable,
    suppression_note,
)
from yot_desktop.reports.common import require_suppressed
from yot_desktop.reports.notes import evaluation_notes

_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="E8EDF2")
_DATE_FORMAT = "d mmm yyyy"
_COUNT_FORMAT = "#,##0"
_RATE_FORMAT = "0%"
_AUTHOR = "YOT Desktop"

Value = Cell | Rate | Measure | NotComputed


def write_evaluation_xlsx(view: SuppressedEvaluation, stream: BinaryIO) -> None:
    """Write the workbook: Summary, one sheet per breakdown, Notes. Suppressed view only."""
    view = require_suppressed(view)
    wb = Workbook()
    summary = wb.active
    assert summary is not None
    summary.title = "Summary"
    _summary(summary, view)
    for breakdown in view.breakdowns:
        _breakdown(wb.create_sheet(sheet_title(breakdown.title)), breakdown, view.threshold)
    _notes(wb.create_sheet("Notes"), view)
    wb.properties.title = f"Scheme evaluation {view.scheme_label}"
    wb.properties.creator = _AUTHOR
    make_inert(wb)
    wb.save(stream)


def make_inert(wb: Workbook) -> None:
    """Every text cell as text, never a formula (the rule for every CSV and XLSX we write)."""
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    cell.value = inert(cell.value)


def sheet_title(text: str) -> str:
    """Excel's rules: at most 31 characters, none of []:*?/\\."""
    return re.sub(r"[\[\]:*?/\\]", " ", text)[:31]


def put(ws: Worksheet, row: int, col: int, value: Value, threshold: int) -> None:
    """One figure in its proper type, or [c] with a comment when hidden."""
    cell = ws.cell(row=row, column=col)
    cell.alignment = Alignment(horizontal="right")
    if isinstance(value, NotComputed):
        cell.value = f"Not computed: {value.reason}"
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    elif value.suppressed:
        cell.value = SUPPRESSED_MARK
        cell.comment = Comment(suppression_note(threshold), _AUTHOR, width=300, height=110)
    elif value.value is None:
        cell.value = NOT_APPLICABLE_MARK
    elif isinstance(value, Cell):
        cell.value = value.value
        cell.number_format = _COUNT_FORMAT
    elif isinstance(value, Rate):
        cell.value = value.value
        cell.number_format = _RATE_FORMAT
    else:
        cell.value = value.value
        cell.number_format = "#,##0" + ("." + "0" * value.decimals if value.decimals else "")


def _header(ws: Worksheet, labels: Sequence[str], widths: Sequence[float]) -> None:
    for col, (label, width) in enumerate(zip(labels, widths, strict=True), start=1):
        cell = ws.cell(row=1, column=col, value=label)
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.column_dimensions[get_column_letter(col)].width = width


def _summary(ws: Worksheet, view: SuppressedEvaluation) -> None:
    _header(ws, ["Section", "Measure", "Value", "Unit"], [22, 48, 14, 12])
    ws.freeze_panes = "A2"
    about: list[tuple[str, str | date | int, str]] = [
        ("Scheme", view.scheme_label, ""),
        ("Referrals dated from", view.period_from, "date"),
        ("Referrals dated to", view.period_to, "date"),
        ("Suppression threshold", view.threshold, "count"),
    ]
    row = 2
    for label, value, unit in about:
        ws.cell(row=row, column=1, value="About")
        ws.cell(row=row, column=2, value=label)
        cell = ws.cell(row=row, column=3, value=value)
        if isinstance(value, date):
            cell.number_format = _DATE_FORMAT
        ws.cell(row=row, column=4, value=unit)
        row += 1
    sections: tuple[tuple[str, Sequence[StatLine]], ...] = (
        ("Referrals", view.funnel),
        ("Outcomes", view.outcomes),
        ("KPI 5 substance misuse", view.kpi5),
        ("Police outcomes and YJB KPIs", view.yjb),
    )
    for section, lines in sections:
        for line in lines:
            ws.cell(row=row, column=1, value=section)
            ws.cell(row=row, column=2, value=line.label)
            put(ws, row, 3, line.value, view.threshold)
            ws.cell(row=row, column=4, value=unit_of(line.value))
            row += 1


def unit_of(value: Value) -> str:
    if isinstance(value, Cell):
        return "count"
    if isinstance(value, Rate):
        return "percentage"
    if isinstance(value, NotComputed):
        return ""
    return value.unit


def _breakdown(ws: Worksheet, t: SuppressedTable, threshold: int) -> None:
    _header(ws, [t.title, *t.column_labels], [40, *[13] * len(t.column_labels)])
    ws.freeze_panes = "B2"
    rows = list(zip(t.row_labels, t.cells, strict=True))
    if t.column_totals is not None:
        rows.append((t.total_label, t.column_totals))
    for r, (label, cells) in enumerate(rows, start=2):
        ws.cell(row=r, column=1, value=label).alignment = Alignment(wrap_text=True)
        for c, value in enumerate(cells, start=2):
            put(ws, r, c, value, threshold)
    if t.column_totals is not None:
        for c in range(1, len(t.column_labels) + 2):
            ws.cell(row=len(rows) + 1, column=c).font = _HEADER_FONT


def _notes(ws: Worksheet, view: SuppressedEvaluation) -> None:
    _header(ws, ["Notes"], [120])
    ws.freeze_panes = "A2"
    for r, note in enumerate(evaluation_notes(view), start=2):
        ws.cell(row=r, column=1, value=note).alignment = Alignment(wrap_text=True, vertical="top")
