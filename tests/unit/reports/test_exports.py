"""Evaluation exports: PDF, XLSX and CSV take only the suppressed view and show no small count."""

from __future__ import annotations

import csv
import io
import unicodedata
from datetime import date, datetime

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from yot_desktop.domain.evaluation import EvaluationSettings, ReferralFact, evaluate
from yot_desktop.reports.csv_export import COLUMNS, write_evaluation_csv
from yot_desktop.reports.evaluation_pdf import render_evaluation_pdf
from yot_desktop.reports.xlsx import write_evaluation_xlsx

PERIOD = (date(2024, 4, 1), date(2025, 3, 31))
SHEETS = ["Summary", "Age band", "Gender", "Ethnic group", "Notes"]


def xlsx_of(facts: list[ReferralFact], threshold: int = 5) -> bytes:
    out = io.BytesIO()
    ev = evaluate(facts, *PERIOD, EvaluationSettings(suppression_threshold=threshold))
    write_evaluation_xlsx(ev.suppressed_view(), out)
    return out.getvalue()


def test_exporters_refuse_raw_figures(hand_facts: list[ReferralFact]) -> None:
    raw = evaluate(hand_facts, *PERIOD)
    for export in (render_evaluation_pdf, write_evaluation_xlsx, write_evaluation_csv):
        with pytest.raises(TypeError, match="suppressed_view"):
            export(raw, io.BytesIO())  # type: ignore[arg-type]


def test_xlsx_sheets_types_and_frozen_header(hand_facts: list[ReferralFact]) -> None:
    wb = load_workbook(io.BytesIO(xlsx_of(hand_facts, threshold=1)))
    assert wb.sheetnames == SHEETS
    for ws in wb.worksheets:
        assert ws.freeze_panes in ("A2", "B2"), ws.title
        assert ws["A1"].font.bold
    summary = {row[1].value: row[2] for row in wb["Summary"].iter_rows(min_row=2)}
    assert summary["Referred"].value == 20
    assert isinstance(summary["Referred"].value, int)
    assert summary["Completion rate"].value == pytest.approx(7 / 9)
    assert "%" in summary["Completion rate"].number_format
    assert summary["Benchmark completion rate (West Berkshire)"].value == pytest.approx(0.78)
    assert isinstance(summary["Referrals dated from"].value, datetime)
    assert summary["Referrals dated from"].value.date() == date(2024, 4, 1)
    assert summary["Officer hours saved"].value == pytest.approx(128 + 1 / 3)
    age = wb["Age band"]
    assert [c.value for c in age[1]] == [
        "Age band",
        "Referred",
        "Eligible",
        "Offered",
        "Accepted",
        "Completed",
        "Not engaged",
    ]
    assert [c.value for c in age[2]] == ["10–12", 4, 2, 2, 2, 1, 1]
    assert [c.value for c in age[6]] == ["All", 20, 15, 13, 11, 7, 2]


def test_xlsx_has_no_small_count_anywhere(hand_facts: list[ReferralFact]) -> None:
    wb = load_workbook(io.BytesIO(xlsx_of(hand_facts)))
    hidden = 0
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, int) and not isinstance(cell.value, bool):
                    assert not 0 < cell.value < 5, (ws.title, cell.coordinate, cell.value)
                if cell.value == "[c]":
                    hidden += 1
                    assert cell.comment is not None
                    assert "hidden" in cell.comment.text
    assert hidden > 10
    notes = " ".join(str(c.value) for c in wb["Notes"]["A"])
    assert "[c]" in notes
    assert "12 hours" in notes
    assert "20 minutes" in notes


def test_csv(hand_facts: list[ReferralFact]) -> None:
    out = io.BytesIO()
    view = evaluate(hand_facts, *PERIOD, scheme_label="Łódź pilot").suppressed_view()
    write_evaluation_csv(view, out)
    assert not out.closed  # the caller's stream stays open
    # UTF-8 with a byte order mark, like the subject-access files: Excel shows "Łódź".
    assert out.getvalue().startswith(b"\xef\xbb\xbfscheme,")
    text = out.getvalue().decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert tuple(rows[0]) == COLUMNS
    assert rows[0]["scheme"] == "Łódź pilot"
    assert rows[0]["period_from"] == "2024-04-01"
    by_key = {(r["section"], r["group"], r["measure"]): r for r in rows}
    assert by_key[("Referrals", "All", "Referred")]["value"] == "20"
    assert by_key[("Referrals", "All", "Not engaged")]["value"] == "[c]"
    assert by_key[("Age band", "13–14", "Referred")]["value"] == "5"
    assert by_key[("Outcomes", "All", "Benchmark completion rate (West Berkshire)")] == {
        **by_key[("Outcomes", "All", "Benchmark completion rate (West Berkshire)")],
        "value": "0.7800",
        "unit": "proportion",
    }
    for r in rows:
        if r["unit"] == "count" and r["value"] != "[c]":
            assert not 0 < int(r["value"]) < 5, r
    # One row per figure: 26 summary lines + 11 police outcome and YJB KPI lines + 3
    # breakdowns x (groups + "All") x 6 stages.
    assert len(rows) == 26 + 11 + (5 + 5 + 7) * 6
    # What funders ask (issue 15, point 13): KPI 6, outcomes 21 to 23; KPI 1 to 4 say plainly
    # that the record cannot give them.
    yjb = {r["measure"]: r["value"] for r in rows if r["section"] == "Police outcomes and YJB KPIs"}
    assert "KPI 6: share who completed their intervention" in yjb
    assert {"Police outcome 21 (no further action: not in the public interest)"} <= set(yjb)
    for kpi in ("KPI 1", "KPI 2", "KPI 3", "KPI 4"):
        (value,) = [v for m, v in yjb.items() if m.startswith(kpi + ":")]
        assert value.startswith("Not computed: the record"), value


def test_csv_with_bom_for_excel(hand_facts: list[ReferralFact]) -> None:
    out = io.BytesIO()
    write_evaluation_csv(evaluate(hand_facts, *PERIOD).suppressed_view(), out, bom=True)
    assert out.getvalue().startswith("\ufeffscheme,".encode())


def test_evaluation_pdf(hand_facts: list[ReferralFact]) -> None:
    out = io.BytesIO()
    view = evaluate(hand_facts, *PERIOD, scheme_label="West Berkshire").suppressed_view()
    render_evaluation_pdf(view, out)
    reader = PdfReader(io.BytesIO(out.getvalue()))
    pages = [unicodedata.normalize("NFC", p.extract_text()) for p in reader.pages]
    text = "\n".join(pages)
    assert "Scheme evaluation: West Berkshire" in text
    assert "1 April 2024 to 31 March 2025" in text
    for heading in ("Key figures", "By age band", "By gender", "By ethnic group", "Notes"):
        assert heading in text
    assert "[c]" in text
    assert "78%" in text
    for number, page in enumerate(pages, start=1):
        assert page.count("OFFICIAL-SENSITIVE") == 2
        assert f"Page {number} of {len(pages)}" in page
