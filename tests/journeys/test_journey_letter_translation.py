"""Issue 15, point 7, as a manager and a practitioner meet it: Mina starts a Polish
translation of the reminder in the letter wording editor, sees which phrases are still in
English, clicks two of them and translates them (typed in ASCII: offscreen Qt cannot type
other letters), and saves. Priya then makes the reminder for a Polish-speaking mother on the
Letters screen: the saved PDF has the translated phrases, Polish dates, and English only for
the phrases not translated yet."""

from __future__ import annotations

import re
from datetime import date, time, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFileDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QWidget,
)

from tests.journeys.conftest import MANAGER, PRACTITIONER, Journey
from yot_desktop.domain.calendar import WorkingCalendar
from yot_desktop.services.intake.dto import CarerInput, NewReferral

TODAY = date.today()
POLISH_MONTH = (
    "(stycznia|lutego|marca|kwietnia|maja|czerwca|lipca|sierpnia|września|października"
    "|listopada|grudnia)"
)


def refer_polish_family(j: Journey) -> None:
    """A referral whose mother reads Polish, its programme started (a reminder is due)."""
    services = j.services()
    worker = services.auth.sign_in(PRACTITIONER[0], PRACTITIONER[2])
    detail = services.referrals.create(
        worker,
        NewReferral(
            crime_reference="43/26/1701",
            referral_date=TODAY,
            scheme_code="WB",
            referring_officer="PC Jane Doe",
            offence_date=TODAY - timedelta(days=20),
            substance="cannabis",
            quantity=Decimal("2.5"),
            unit="g",
            supply_suspected=False,
            first_name="Jakub",
            last_name="Nowak",
            date_of_birth=TODAY.replace(year=TODAY.year - 15) - timedelta(days=40),
            gender="male",
            address_line_1="3 Kennet Close",
            town="Thatcham",
            postcode="RG19 4QF",
            carer=CarerInput(
                name="Małgorzata Nowak", relationship="Mother", preferred_language="Polish"
            ),
        ),
    )
    start = WorkingCalendar().next_working_day(TODAY)
    services.programmes.start(worker, detail.id, start=start, at=time(15))


def start_translation(j: Journey, editor: QWidget, code: str, name: str) -> None:
    """Click New translation… and fill in its small dialog (it blocks until answered)."""
    answered: list[bool] = []

    def fill() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None or dialog.objectName() != "templateLanguageDialog":
            QTimer.singleShot(50, fill)
            return
        j.type_into(j.find(QLineEdit, "templateLanguageCode", dialog), code)
        j.type_into(j.find(QLineEdit, "templateLanguageName", dialog), name)
        j.qtbot.mouseClick(
            j.find(QPushButton, "templateLanguageOk", dialog), Qt.MouseButton.LeftButton
        )
        answered.append(True)

    QTimer.singleShot(50, fill)
    j.click(j.find(QPushButton, "templateNewLanguage", editor))
    assert answered


def translate_line(
    j: Journey, still: QListWidget, text: QPlainTextEdit, phrase: str, line: str
) -> None:
    """Click the phrase in the list of those still in English, select its line, retype it."""
    before = still.count()
    j.click_row_with(still, phrase)
    key = phrase.removeprefix("label ").rstrip(":")
    assert text.textCursor().block().text().startswith(f"{key} = ")  # the cursor went there
    j.key(text, Qt.Key.Key_End, Qt.KeyboardModifier.ShiftModifier)
    j.qtbot.keyClicks(text, line)
    j.qtbot.waitUntil(lambda: still.count() == before - 1, timeout=15_000)  # after the preview
    assert not any(phrase in t for t in j.row_texts(still))


def test_a_manager_translates_phrases_and_the_family_letter_follows_its_language(
    set_up_app: Journey, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    j = set_up_app
    refer_polish_family(j)
    j.sign_in(MANAGER[0], MANAGER[2])
    letters = j.go("Letters")
    j.click(j.find(QPushButton, "lettersEditTemplates", letters))
    editor = j.find(QWidget, "templateEditor")
    j.choose(j.find(QComboBox, "templateType", editor), "Reminder")
    start_translation(j, editor, "pl", "Polish")
    j.settle(800)  # the preview, and with it the list of phrases still in English

    heading = j.find(QLabel, "templateUntranslatedLabel", editor)
    still = j.find(QListWidget, "templateUntranslated", editor)
    text = j.find(QPlainTextEdit, "templateText", editor)
    assert heading.text().startswith("Still in English: ")
    assert any("label worker_role" in t for t in j.row_texts(still))
    translate_line(j, still, text, "label worker_role", 'worker_role = "Opiekun ds. mlodziezy"')
    translate_line(j, still, text, "label date:", 'date = "Data:"')
    j.screenshot(editor, "translation-in-progress")
    j.click(j.find(QPushButton, "templateSave", editor))
    j.assert_no_error_shown()
    state = j.find(QLabel, "templateState", editor)
    j.qtbot.waitUntil(lambda: "version 1, saved by m.manager" in state.text(), timeout=15_000)
    j.settle(300)  # the preview of the saved wording does not hide that it was saved
    assert j.find(QLabel, "templatePreviewStatus", editor).text().startswith("Saved. New letters")
    j.click(j.find(QPushButton, "templateClose", editor))
    j.sign_out()

    saved: list[Path] = []

    def save_dialog(_parent: object, _caption: str, suggested: str, filters: str = ""):  # type: ignore[no-untyped-def]
        path = tmp_path / Path(suggested).name
        saved.append(path)
        return str(path), filters

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_dialog)  # the system's dialog
    j.sign_in(PRACTITIONER[0], PRACTITIONER[2])
    letters = j.go("Letters")
    due = j.find(QTableView, "lettersDueTable", letters)
    j.qtbot.waitUntil(lambda: any("Jakub Nowak" in t for t in j.row_texts(due, 3)), timeout=15_000)
    j.click_row_with(due, "Jakub Nowak", 3)
    status = j.find(QLabel, "lettersStatus", letters)
    j.qtbot.waitUntil(lambda: "preview" in status.text(), timeout=15_000)
    j.click(j.find(QPushButton, "lettersSave", letters))
    j.qtbot.waitUntil(lambda: "Saved to" in status.text(), timeout=15_000)
    reader = PdfReader(saved[-1])
    pdf = " ".join(" ".join((p.extract_text() or "") for p in reader.pages).split())
    assert "Opiekun ds. mlodziezy" in pdf and "Youth justice worker" not in pdf
    assert re.search(rf"Data: \d+ {POLISH_MONTH} {TODAY.year}", pdf)  # the letter's date
    assert re.search(rf"\w+, \d+ {POLISH_MONTH} 20\d\d", pdf)  # the appointment's day
    assert "Private and confidential" in pdf  # not translated yet: in English
    assert reader.trailer["/Root"]["/Lang"] == "pl"
    j.assert_no_error_shown()
