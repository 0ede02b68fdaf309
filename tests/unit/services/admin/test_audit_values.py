"""Audit values and CSV cells: readable text for before/after, inert cells for spreadsheets."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from decimal import Decimal

import pytest

from yot_desktop.services.admin.audit_csv import AuditTuple, inert, write_audit_csv
from yot_desktop.services.audit_changes import as_text, field_changes
from yot_desktop.storage.models import Carer


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, None),
        ("", ""),
        (True, "yes"),
        (False, "no"),
        (0, "0"),
        (date(2026, 3, 14), "2026-03-14"),
        (datetime(2026, 3, 14, 16, 0, 59), "2026-03-14 16:00"),
        (Decimal("1.500"), "1.5"),
        (Decimal("10.000"), "10"),
        ("Łukasz", "Łukasz"),
    ],
)
def test_values_are_kept_as_plain_text(value: object, text: str | None) -> None:
    assert as_text(value) == text


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+44", "'+44"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("sign_in", "sign_in"),
        ("O'Brien", "O'Brien"),
        ("", ""),
    ],
)
def test_cells_a_spreadsheet_would_run_are_made_inert(cell: str, written: str) -> None:
    assert inert(cell) == written


def test_csv_rows_in_column_order_with_progress() -> None:
    out, seen = io.StringIO(), []
    chunks: list[list[AuditTuple]] = [
        [(1, datetime(2026, 11, 20, 9, 5, 7), "=x", "sign_in", "user", 3, "failed", "")],
        [(2, datetime(2026, 11, 20, 9, 6), "admin", "backup", "", None, "ok", "a,b")],
    ]
    count = write_audit_csv(chunks, out, 2, lambda done, total: seen.append((done, total)))
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert count == 2 and seen == [(1, 2), (2, 2)]
    assert rows == [
        ["id", "at", "username", "action", "entity", "entity_id", "outcome", "detail"],
        ["1", "2026-11-20 09:05:07", "'=x", "sign_in", "user", "3", "failed", ""],
        ["2", "2026-11-20 09:06:00", "admin", "backup", "", "", "ok", "a,b"],
    ]


def test_a_removal_keeps_every_value_it_had() -> None:
    carer = Carer(young_person_id=4, name="Ayşe", phone="", parental_responsibility=True)
    assert field_changes(carer, removed=True)[:2] == ("carer", None)  # not yet saved: no id
    removed = {c.field: (c.before, c.after) for c in field_changes(carer, removed=True)[2]}
    assert removed == {
        "young_person_id": ("4", None),
        "name": ("Ayşe", None),
        "parental_responsibility": ("yes", None),
    }
