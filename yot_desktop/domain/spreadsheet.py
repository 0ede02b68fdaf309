"""Cells a spreadsheet shows and never runs: one rule for every CSV and XLSX the app writes.

A text cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage return could be run as a
formula by Excel, LibreOffice or Google Sheets (CSV/formula injection: a name typed as
`=HYPERLINK(...)` in a police file). Such a cell gets a leading apostrophe, which the
spreadsheet hides and which makes it text (shared/INTERFACES.md, referral export). Numbers,
dates and empty cells are left as they are.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
T = TypeVar("T")


def inert(value: str) -> str:
    """A text cell a spreadsheet shows as text, never runs."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def inert_cell(value: T) -> T | str:
    """`inert` for text; any other value (a number, a date, None) unchanged."""
    return inert(value) if isinstance(value, str) else value


def inert_row(row: Iterable[T]) -> list[T | str]:
    return [inert_cell(value) for value in row]
