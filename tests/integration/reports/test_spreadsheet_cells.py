"""Formula injection (issue 12): every CSV and XLSX the app writes shows a hostile cell as text.

A name typed as `=HYPERLINK(...)` or `@SUM(...)` in a police file is stored exactly as entered,
and comes out of every export with a leading apostrophe (shared/INTERFACES.md)."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

from openpyxl import load_workbook
from sqlalchemy import select, update

from tests.integration.helpers import demo_user
from yot_desktop.services.container import Services
from yot_desktop.storage.models import Referral, Scheme, YoungPerson

HOSTILE_FIRST = '=HYPERLINK("http://evil.example","Click")'
HOSTILE_LAST = "@SUM(1+1)*cmd|' /C calc'!A0"


def _hostile_person(services: Services) -> tuple[int, str, str]:
    with services.ctx.uow() as uow:
        s = uow.session
        person_id, ref = s.execute(
            select(YoungPerson.id, YoungPerson.person_ref)
            .join(Referral, Referral.young_person_id == YoungPerson.id)
            .order_by(YoungPerson.id)
        ).first()
        crime_ref = s.scalars(
            select(Referral.crime_reference).where(Referral.young_person_id == person_id)
        ).first()
        s.execute(
            update(YoungPerson)
            .where(YoungPerson.id == person_id)
            .values(first_name=HOSTILE_FIRST, last_name=HOSTILE_LAST)
        )
        uow.commit()
    assert crime_ref is not None
    return person_id, ref, crime_ref


def test_referral_export_shows_formulas_as_text(demo: Services) -> None:
    _pid, _ref, crime_ref = _hostile_person(demo)
    text = demo.referral_export.export_csv(demo_user(demo, "manager"))
    rows = {r["crime_reference"]: r for r in csv.DictReader(io.StringIO(text))}
    row = rows[crime_ref]
    assert row["first_name"] == "'" + HOSTILE_FIRST
    assert row["last_name"] == "'" + HOSTILE_LAST
    # Numbers stay numbers: no apostrophe before a count.
    assert row["sessions_required"] == "" or row["sessions_required"].isdigit()


def test_subject_access_files_show_formulas_as_text(demo: Services, tmp_path: Path) -> None:
    _pid, ref, _crime = _hostile_person(demo)
    out = demo.subject_access.export_by_reference(demo_user(demo, "admin"), ref, tmp_path / "sa")
    cells = []
    for path in out.folder.rglob("*.csv"):
        cells += [c for row in csv.reader(io.StringIO(path.read_text("utf-8-sig"))) for c in row]
    assert "'" + HOSTILE_FIRST in cells
    assert HOSTILE_FIRST not in cells
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]


def test_evaluation_xlsx_and_csv_show_formulas_as_text(demo: Services) -> None:
    with demo.ctx.uow() as uow:
        uow.session.execute(update(Scheme).where(Scheme.code == "WB").values(name="=1+1"))
        uow.commit()
    manager = demo_user(demo, "manager")
    period = (date(2025, 1, 1), date(2026, 12, 31))
    book = io.BytesIO()
    demo.reports.export_scheme(manager, *period, "xlsx", book, scheme_code="WB")
    wb = load_workbook(io.BytesIO(book.getvalue()))
    values = [c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row]
    texts = [v for v in values if isinstance(v, str)]
    assert any(t.startswith("'=1+1") for t in texts)
    assert not [t for t in texts if t[:1] in ("=", "+", "-", "@", "\t", "\r")]
    flat = io.BytesIO()
    demo.reports.export_scheme(manager, *period, "csv", flat, scheme_code="WB")
    first = next(csv.DictReader(io.StringIO(flat.getvalue().decode("utf-8-sig"))))
    assert first["scheme"].startswith("'=1+1")
