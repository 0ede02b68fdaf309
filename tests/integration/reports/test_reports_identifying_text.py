"""Done-when of issue 6: what leaves the app pseudonymised or aggregated holds none of the
children's identifying text. Every name, address, postcode, school, parent's name and date of
birth (in every way a date is written) of every young person in the database is looked for
in the text of every pseudonymised panel pack and summary, and in every cell of every sheet
of the scheme evaluation's workbook, its CSV and its PDF."""

from __future__ import annotations

import calendar
import csv
import io
import re
from datetime import date

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from tests.integration.helpers import demo_user
from tests.integration.reports.test_reports_service import pdf_text
from yot_desktop.domain.ethnicity import ETHNICITIES
from yot_desktop.domain.redaction import date_forms as _date_forms
from yot_desktop.domain.redaction import fold
from yot_desktop.services.container import Services
from yot_desktop.storage.models import Carer, Referral, Scheme, Team, User, YoungPerson

EVERYTHING = (date(2000, 1, 1), date(2030, 12, 31))
# Words of the documents' own furniture that are also names in the invented data: a child
# called Page, May or White does not make every "Page 1 of 2", "4 May 2026" or ethnic group
# "White" a leak. Their full names, addresses and dates of birth are still looked for.
FURNITURE = {"page"} | {fold(m) for m in calendar.month_name if m}
FURNITURE |= {fold(w) for e in ETHNICITIES for w in f"{e.label} {e.group}".split()}


def identifying_terms(services: Services) -> set[str]:
    """Every identifying word or phrase in the database, folded; staff, team and scheme names
    (which the documents rightly show) left out where a child's name is the same word."""
    with services.ctx.uow() as uow:
        s = uow.session
        shown = [*s.scalars(select(User.display_name)), *s.scalars(select(Scheme.name))]
        shown += [f"{n} {a}" for n, a in s.execute(select(Team.name, Team.address))]
        allowed = {w for text in shown for w in fold(text).split()} | FURNITURE
        terms: set[str] = set()
        for p in s.scalars(select(YoungPerson)):
            for name in (p.first_name, p.last_name, p.preferred_name):
                terms |= {w for w in fold(name).split() if w not in allowed}
            terms |= {fold(f"{p.first_name} {p.last_name}"), fold(p.address_line_1)}
            terms |= {fold(p.postcode), fold(p.school)}
            terms |= {fold(form) for form in _date_forms(p.date_of_birth)}
        for carer in s.scalars(select(Carer.name)):
            terms.add(fold(carer))
            terms |= {w for w in fold(carer).split() if w not in allowed}
        terms |= {fold(ref) for ref in s.scalars(select(Referral.crime_reference))}
    return {t.strip() for t in terms if len(t.strip()) >= 3}


class Terms:
    """The terms as one pattern (thousands of them: one search per text, not per term)."""

    def __init__(self, terms: Terms) -> None:
        self.terms = terms
        alternatives = "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True))
        self.pattern = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")

    def __len__(self) -> int:
        return len(self.terms)


def found(text: str, terms: Terms) -> list[str]:
    flat = " ".join(fold(text).split())
    return sorted({m.group(0) for m in terms.pattern.finditer(flat)})


@pytest.fixture
def terms(demo: Services) -> Terms:
    got = Terms(identifying_terms(demo))
    assert len(got) > 1000  # 300 children, each with many
    return got


def test_pseudonymised_packs_and_summaries(demo: Services, terms: Terms) -> None:
    manager = demo_user(demo, "manager")
    dates = demo.reports.panel_dates(manager)
    assert dates
    refs: list[str] = []
    for when in dates:
        out = io.BytesIO()
        count, pseudonymised = demo.reports.panel_pack(manager, when, out, pseudonymised=True)
        assert count and pseudonymised
        assert found(pdf_text(out.getvalue()), terms) == []
        with demo.ctx.uow() as uow:
            refs += uow.session.scalars(
                select(Referral.crime_reference).where(Referral.panel_date == when)
            )
    for ref in refs:
        out = io.BytesIO()
        demo.reports.panel_summary(manager, ref, out, pseudonymised=True)
        assert found(pdf_text(out.getvalue()), terms) == [], ref


def test_the_same_scan_finds_identifiable_text(demo: Services, terms: Terms) -> None:
    """The scan works: an identifiable pack shows the children's names and is caught."""
    manager = demo_user(demo, "manager")
    out = io.BytesIO()
    demo.reports.panel_pack(manager, demo.reports.panel_dates(manager)[0], out, pseudonymised=False)
    assert len(found(pdf_text(out.getvalue()), terms)) >= 6


def test_every_cell_of_the_evaluation_exports(demo: Services, terms: Terms) -> None:
    manager = demo_user(demo, "manager")
    for scheme in (None, "WB"):
        files = {}
        for fmt in ("xlsx", "csv", "pdf"):
            out = io.BytesIO()
            demo.reports.export_scheme(manager, *EVERYTHING, fmt, out, scheme)
            files[fmt] = out.getvalue()
        book = load_workbook(io.BytesIO(files["xlsx"]))
        cells = [
            str(cell.value)
            for sheet in book.worksheets
            for row in sheet.iter_rows()
            for cell in row
            if cell.value is not None
        ]
        assert len(book.worksheets) >= 4 and len(cells) > 100
        for value in cells:
            assert found(value, terms) == [], value
        rows = list(csv.reader(io.StringIO(files["csv"].decode("utf-8-sig"))))
        for value in (v for row in rows for v in row):
            assert found(value, terms) == [], value
        assert found(pdf_text(files["pdf"]), terms) == []
