"""The index of a subject access export: what each file is, in plain words (issue 7).

Takes a plain description of the export (built by services.subject_access); knows no
database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import BinaryIO

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from yot_desktop.domain.calendar import long_date
from yot_desktop.reports.layout import (
    BODY,
    CONTENT_WIDTH,
    HEADING,
    SMALL,
    TITLE,
    build_pdf,
    para,
    table,
)

INDEX_NAME = "index.pdf"
TEXT = ParagraphStyle("sa_text", parent=BODY, spaceAfter=2 * mm)


@dataclass(frozen=True)
class IndexEntry:
    name: str  # the path inside the folder, like "letters/letter-12-invitation.pdf"
    what: str  # a short plain-English explanation
    size: str  # "3 rows" or "48 KB"


@dataclass(frozen=True)
class SubjectAccessIndex:
    person_name: str
    person_ref: str
    date_of_birth: date
    produced_at: datetime
    produced_by: str
    entries: tuple[IndexEntry, ...]
    letters: int
    audit_entries: int


def size_text(n_bytes: int) -> str:
    if n_bytes < 1024:
        return f"{n_bytes} bytes"
    return f"{(n_bytes + 512) // 1024:,} KB"


def rows_text(n: int) -> str:
    return "1 row" if n == 1 else f"{n:,} rows"


def render_subject_access_index(index: SubjectAccessIndex, stream: BinaryIO) -> None:
    produced = index.produced_at
    letters = "1 letter" if index.letters == 1 else f"{index.letters} letters"
    story: list[Flowable] = [
        para(f"Information held about {index.person_name}", TITLE),
        para(
            f"This folder holds everything YOT Desktop holds about {index.person_name} "
            f"(reference {index.person_ref}, born {long_date(index.date_of_birth)}): their "
            f"records, {letters} exactly as sent, and {index.audit_entries:,} entries from "
            "the audit log that show who looked at or changed their records, and when.",
            TEXT,
        ),
        para(
            f"Produced on {long_date(produced.date())} at {produced:%H:%M} by {index.produced_by}."
        ),
        para("The files in this folder", HEADING),
        table(
            [("File", "What it holds", "Size")] + [(e.name, e.what, e.size) for e in index.entries],
            [CONTENT_WIDTH * 0.34, CONTENT_WIDTH * 0.51, CONTENT_WIDTH * 0.15],
            align_right_from=2,
        ),
        para("How to read the files", HEADING),
        para(
            "The files ending in .csv open in a spreadsheet such as Excel or LibreOffice Calc. "
            "Each row is one record and the first row names the columns. Dates are written "
            "year-month-day (2026-03-14) and times with a 24-hour clock. Empty cells mean "
            "nothing was recorded.",
            TEXT,
        ),
        para(
            "The letters are exact copies of the PDF files as they were made. Each was checked "
            "against the fingerprint (SHA-256 checksum) kept when it was made, so they have "
            "not been changed since.",
            TEXT,
        ),
        para("Before you share this folder", HEADING),
        para(
            "Check it for information about other people, such as staff names in the audit "
            "log or a possible duplicate record of another young person, and remove what must "
            "not be shared. Keep the folder secure and delete it once the request is closed.",
            TEXT,
        ),
        para(
            "OFFICIAL-SENSITIVE: personal data about a child. Handle under your data "
            "protection policy.",
            SMALL,
        ),
    ]
    build_pdf(
        stream,
        story,
        title=f"Subject access export {index.person_ref}",
        subject="Information held about a young person",
    )
