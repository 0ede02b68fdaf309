"""One rule for every CSV and XLSX cell: text a spreadsheet would run gets a leading '."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from yot_desktop.domain.spreadsheet import FORMULA_STARTS, inert, inert_cell, inert_row


@given(st.sampled_from(FORMULA_STARTS), st.text())
def test_text_that_would_run_is_shown_as_text(start: str, rest: str) -> None:
    assert inert(start + rest) == "'" + start + rest


@given(st.text().filter(lambda t: not t.startswith(FORMULA_STARTS)))
def test_other_text_is_kept_exactly(text: str) -> None:
    assert inert(text) == text


def test_examples_from_a_hostile_police_file() -> None:
    assert inert('=HYPERLINK("http://x","click")') == '\'=HYPERLINK("http://x","click")'
    assert inert("@SUM(1+1)") == "'@SUM(1+1)"
    assert inert("-2+3") == "'-2+3"
    assert inert("O'Brien") == "O'Brien"


def test_only_text_cells_change() -> None:
    day = date(2026, 12, 4)
    assert inert_row(["+44 1635", 3, -1, None, day, 0.5]) == ["'+44 1635", 3, -1, None, day, 0.5]
    assert inert_cell(-7) == -7
