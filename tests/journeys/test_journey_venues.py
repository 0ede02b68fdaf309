"""Issue 15, point 1, as people meet it: the administrator adds the team's office with its
address on the Administration screen (a wrong postcode is named and fixed first); the
practitioner books a session there from the Calendar, choosing it from the team's venues;
the appointment letter for that session prints where it is, how to get there and the access
notes."""

from __future__ import annotations

from datetime import date, time, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFileDialog,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QTimeEdit,
)

from tests.journeys.conftest import ADMIN, PRACTITIONER, Journey
from yot_desktop.domain.calendar import WorkingCalendar
from yot_desktop.gui.dialogs.booking_dialog import BookingDialog
from yot_desktop.gui.screens.venues_box import VenueDialog
from yot_desktop.services.intake.dto import CarerInput, NewReferral

TODAY = date.today()
CAL = WorkingCalendar()


def refer(j: Journey) -> date:
    """Zoë's referral with her programme started (sessions at 10:00): set up as the intake and
    delivery journeys do it through the window. The day her programme starts."""
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
            first_name="Zoë",
            last_name="Ağaoğlu",
            date_of_birth=TODAY.replace(year=TODAY.year - 14) - timedelta(days=40),
            gender="female",
            address_line_1="3 Kennet Close",
            town="Thatcham",
            postcode="RG19 4QF",
            carer=CarerInput(name="Ruth Ağaoğlu", relationship="Mother"),
        ),
    )
    start = CAL.next_working_day(TODAY)
    services.programmes.start(worker, detail.id, start=start, at=time(10))
    return start


def type_date(j: Journey, edit: QDateEdit, day: date) -> None:
    line = edit.findChild(QLineEdit)
    assert line is not None
    j.qtbot.mouseDClick(line, Qt.MouseButton.LeftButton, pos=QPoint(8, line.height() // 2))
    j.qtbot.keyClicks(edit, day.strftime("%d%m%Y"))
    j.settle()
    assert edit.date().toPython() == day, f"{edit.objectName()} shows {edit.text()}"


def type_time(j: Journey, edit: QTimeEdit, at: time) -> None:
    line = edit.findChild(QLineEdit)
    assert line is not None
    j.qtbot.mouseDClick(line, Qt.MouseButton.LeftButton, pos=QPoint(8, line.height() // 2))
    j.qtbot.keyClicks(edit, at.strftime("%H%M"))
    j.settle()
    assert edit.time().toPython() == at, f"{edit.objectName()} shows {edit.text()}"


def test_a_venue_added_in_administration_is_booked_and_printed_on_the_letter(
    set_up_app: Journey, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    j = set_up_app
    first_day = refer(j)
    saved: list[Path] = []

    def save_dialog(_parent: object, _caption: str, suggested: str, filters: str = ""):  # type: ignore[no-untyped-def]
        path = tmp_path / Path(suggested).name
        saved.append(path)
        return str(path), filters

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_dialog)  # the system's dialog

    # --- the administrator adds the office, with its address -------------------------------
    j.sign_in(ADMIN[0], ADMIN[2])
    admin = j.go("Administration")
    venues = j.find(QTableView, "venuesAdminTable", admin)
    message = j.find(QLabel, "venueMessage", admin)
    j.qtbot.waitUntil(lambda: "has no venues yet" in message.text(), timeout=15_000)
    j.click(j.find(QPushButton, "addVenueButton", admin))
    dialog = j.modal(VenueDialog)
    j.type_into(j.find(QLineEdit, "venueNameEdit", dialog), "Northcroft House, room 2")
    j.choose(j.find(QComboBox, "venueKindCombo", dialog), "YOT office")
    j.type_into(j.find(QLineEdit, "venueLine1Edit", dialog), "Northcroft House")
    j.type_into(j.find(QLineEdit, "venueLine2Edit", dialog), "West Street")
    j.type_into(j.find(QLineEdit, "venueTownEdit", dialog), "Newbury")
    j.type_into(j.find(QLineEdit, "venuePostcodeEdit", dialog), "RG14")  # half of it
    j.type_into(
        j.find(QPlainTextEdit, "venueDirectionsEdit", dialog),
        "Opposite the library. Press the buzzer marked YOT.",
    )
    j.type_into(
        j.find(QPlainTextEdit, "venueAccessEdit", dialog),
        "Lift to the first floor. Hearing loop at reception.",
    )
    j.click(j.find(QPushButton, "venueSave", dialog))
    problem = j.find(QLabel, "venueProblem", dialog)
    j.qtbot.waitUntil(lambda: bool(problem.text()), timeout=15_000)
    assert problem.text() == "Postcode: Enter a real UK postcode, like RG14 5AB"
    assert dialog.isVisible()  # nothing lost: the details stay to be put right
    j.screenshot(dialog, "venues_dialog_problem")
    j.type_into(j.find(QLineEdit, "venuePostcodeEdit", dialog), "rg14 1hd")
    j.click(j.find(QPushButton, "venueSave", dialog))
    j.qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=15_000)
    j.qtbot.waitUntil(lambda: "Added Northcroft House" in message.text(), timeout=15_000)
    assert j.row_texts(venues, 0) == ["Northcroft House, room 2"]
    assert j.row_texts(venues, 3) == ["Northcroft House, West Street, Newbury, RG14 1HD"]
    j.screenshot(j.window, "venues_administration")
    j.assert_no_error_shown()
    j.sign_out()

    # --- the practitioner books a session there ---------------------------------------------
    j.sign_in(PRACTITIONER[0], PRACTITIONER[2])
    calendar = j.go("Calendar")
    j.click(j.find(QPushButton, "calendarBook", calendar))
    booking = j.modal(BookingDialog)
    j.choose(j.find(QComboBox, "bookReferral", booking), "43/26/1701")
    day = CAL.next_working_day(first_day + timedelta(days=1))
    type_date(j, j.find(QDateEdit, "bookDate", booking), day)
    type_time(j, j.find(QTimeEdit, "bookTime", booking), time(15, 0))
    j.choose(j.find(QComboBox, "bookVenueName", booking), "Northcroft House, room 2")
    assert not booking.venue_other.isVisible()  # a listed venue: nothing to type
    address = j.find(QLabel, "bookVenueAddress", booking)
    assert address.text() == "Northcroft House, West Street, Newbury, RG14 1HD"
    assert not j.find(QComboBox, "bookVenue", booking).isEnabled()  # the venue's own kind
    summary = j.find(QLabel, "bookSummary", booking)
    j.qtbot.waitUntil(lambda: summary.text() == "No clashes: this time is free.", timeout=15_000)
    j.screenshot(booking, "venues_booking")
    j.click(j.find(QPushButton, "bookSave", booking))
    j.qtbot.waitUntil(lambda: not booking.isVisible(), timeout=15_000)
    j.assert_no_error_shown()

    # --- the reminder for that session says where it is --------------------------------------
    letters = j.go("Letters")
    due = j.find(QTableView, "lettersDueTable", letters)
    when = day.strftime("%d/%m/%Y")
    j.qtbot.waitUntil(lambda: when in j.row_texts(due, 0), timeout=15_000)
    j.click_row_with(due, when, 0)
    status = j.find(QLabel, "lettersStatus", letters)
    j.qtbot.waitUntil(lambda: "preview" in status.text(), timeout=15_000)
    j.click(j.find(QPushButton, "lettersSave", letters))
    j.qtbot.waitUntil(lambda: "Saved to" in status.text(), timeout=15_000)
    pdf = saved[-1]
    text = " ".join(" ".join((p.extract_text() or "") for p in PdfReader(pdf).pages).split())
    for words in (
        "Northcroft House, room 2",
        "West Street",
        "Newbury",
        "RG14 1HD",
        "How to get there Opposite the library. Press the buzzer marked YOT.",
        "Access Lift to the first floor. Hearing loop at reception.",
    ):
        assert words in text, f"{words!r} not in the letter: {text}"
    j.assert_no_error_shown()
