"""Issue 15 on the Letters screen, as a practitioner meets it: a letter about a young man of
18 goes to him, and asking for his parent's letter says why not; a standard letter for an
11-year-old (Easy read: no); the letter kept saved again as accessible text for a screen reader.
"""

from __future__ import annotations

from datetime import date, time, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtWidgets import QComboBox, QFileDialog, QLabel, QPushButton, QTableView, QTabWidget

from tests.journeys.conftest import PRACTITIONER, Journey
from yot_desktop.domain.calendar import WorkingCalendar
from yot_desktop.services.intake.dto import CarerInput, NewReferral

TODAY = date.today()


def years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def refer(j: Journey, ref: str, first: str, last: str, born: date, at: time) -> None:
    """A referral with a parent and the programme started (a reminder is due): set up as the
    intake and delivery journeys do it through the window."""
    services = j.services()
    worker = services.auth.sign_in(PRACTITIONER[0], PRACTITIONER[2])
    detail = services.referrals.create(
        worker,
        NewReferral(
            crime_reference=ref,
            referral_date=TODAY,
            scheme_code="WB",
            referring_officer="PC Jane Doe",
            offence_date=TODAY - timedelta(days=20),
            substance="cannabis",
            quantity=Decimal("2.5"),
            unit="g",
            supply_suspected=False,
            first_name=first,
            last_name=last,
            date_of_birth=born,
            gender="male",
            address_line_1="3 Kennet Close",
            town="Thatcham",
            postcode="RG19 4QF",
            carer=CarerInput(name=f"Ruth {last}", relationship="Mother"),
        ),
    )
    start = WorkingCalendar().next_working_day(TODAY)
    services.programmes.start(worker, detail.id, start=start, at=at)


def choose_due(j: Journey, letters: object, who: str) -> QLabel:
    due = j.find(QTableView, "lettersDueTable", letters)  # type: ignore[arg-type]
    j.qtbot.waitUntil(lambda: any(who in t for t in j.row_texts(due, 3)), timeout=15_000)
    j.click_row_with(due, who, 3)
    status = j.find(QLabel, "lettersStatus", letters)  # type: ignore[arg-type]
    j.qtbot.waitUntil(lambda: "preview" in status.text(), timeout=15_000)
    return status


def test_letters_for_an_adult_a_young_child_and_a_screen_reader(
    set_up_app: Journey, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    j = set_up_app
    # Leo was 17 when the police stopped him (the scheme is for 10 to 17): 18 ten days ago.
    refer(j, "43/26/1501", "Leo", "Abbott", years_before(TODAY - timedelta(days=10), 18), time(10))
    refer(j, "43/26/1502", "Mia", "Lane", years_before(TODAY - timedelta(days=100), 11), time(14))
    saved: list[Path] = []

    def save_dialog(_parent: object, _caption: str, suggested: str, filters: str = ""):  # type: ignore[no-untyped-def]
        path = tmp_path / Path(suggested).name
        saved.append(path)
        return str(path), filters

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_dialog)  # the system's dialog
    j.sign_in(PRACTITIONER[0], PRACTITIONER[2])
    letters = j.go("Letters")

    # Leo is 18: his reminder goes to him, without a word of warning.
    status = choose_due(j, letters, "Leo Abbott")
    assert "adult" not in status.text()
    # Asking for his mother's letter: made if she must have it, but the screen says why not.
    j.choose(j.find(QComboBox, "lettersAudience", letters), "Parent or carer")
    j.click(j.find(QPushButton, "lettersPreview", letters))
    j.qtbot.waitUntil(lambda: "an adult" in status.text(), timeout=15_000)
    assert "Leo Abbott is 18, an adult: letters go to them" in status.text()
    j.assert_no_error_shown()

    # Mia is 11: easy read is chosen for her, and "Easy read: no" gives the standard letter.
    j.choose(j.find(QComboBox, "lettersAudience", letters), "Young person")
    status = choose_due(j, letters, "Mia Lane")
    j.choose(j.find(QComboBox, "lettersEasyRead", letters), "Easy read: no")
    j.click(j.find(QPushButton, "lettersPreview", letters))
    j.qtbot.waitUntil(lambda: "preview" in status.text(), timeout=15_000)
    j.click(j.find(QPushButton, "lettersSave", letters))
    j.qtbot.waitUntil(lambda: "Saved to" in status.text(), timeout=15_000)
    pdf = saved[-1]
    text = " ".join(" ".join((p.extract_text() or "") for p in PdfReader(pdf).pages).split())
    assert "Dear Mia," in text
    assert "If you cannot come, please call" in text and "Cannot come?" not in text
    reader = PdfReader(pdf)
    assert reader.trailer["/Root"]["/Lang"] == "en-GB"
    assert reader.metadata is not None
    assert reader.metadata.title.startswith("Appointment reminder for Mia Lane, ")

    # The same letter, from the history, as a web page a screen reader reads in order.
    j.tab(j.find(QTabWidget, "lettersTabs", letters), "History")
    history = j.find(QTableView, "lettersHistoryTable", letters)
    j.qtbot.waitUntil(lambda: bool(j.row_texts(history, 0)), timeout=15_000)
    assert any("Young person" in t for t in j.row_texts(history, 2) + j.row_texts(history, 3))
    j.click_row(history, 0)
    j.click(j.find(QPushButton, "lettersSaveText", letters))
    j.qtbot.waitUntil(lambda: saved[-1].suffix == ".html" and saved[-1].exists(), timeout=15_000)
    page = saved[-1].read_text(encoding="utf-8")
    assert '<html lang="en-GB">' in page and "<title>Appointment reminder for Mia Lane" in page
    assert "Dear Mia," in page and "If you cannot come, please call" in page
    j.assert_no_error_shown()
