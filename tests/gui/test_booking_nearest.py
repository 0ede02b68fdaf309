"""Booking a session in the calendar at a time that clashes: the dialog offers the nearest free
time, and one click takes it (issue 14, point 5: a way forward, not a bare refusal)."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from tests.gui.delivery_fixtures import TODAY, team_with_programmes
from tests.integration.delivery_helpers import new_referral
from yot_desktop.gui.dialogs.booking_dialog import BookingDialog
from yot_desktop.gui.screens.calendar import CalendarScreen
from yot_desktop.gui.tasks import SyncTaskRunner
from yot_desktop.services.container import Services

LEFT = Qt.MouseButton.LeftButton


def test_a_clash_offers_the_nearest_free_time(
    qtbot: QtBot, empty_services: Services, runner: SyncTaskRunner
) -> None:
    me = team_with_programmes(empty_services)  # Priya sees Zoë 09:00-10:30, Łukasz 11:00-12:30
    new_referral(empty_services, "43/26/5003", status="in_programme", first_name="Siobhán")
    screen = CalendarScreen(empty_services, me, runner, today=lambda: TODAY)
    qtbot.addWidget(screen)
    screen.resize(1200, 760)
    screen.show()
    screen.refresh()
    qtbot.mouseClick(screen.book_button, LEFT)
    dialog = screen.dialog
    assert isinstance(dialog, BookingDialog) and dialog.isVisible()
    dialog.referral.setCurrentIndex(dialog.referral.findText("Siobhán Ağaoğlu — 43/26/5003"))
    dialog.intervention.setCurrentIndex(dialog.intervention.findText("Harm reduction"))
    line = dialog.time.findChild(QLineEdit)
    assert line is not None
    qtbot.mouseDClick(line, LEFT, pos=QPoint(8, line.height() // 2))
    qtbot.keyClicks(dialog.time, "0930")
    qtbot.waitUntil(lambda: dialog.summary.text().startswith("This time cannot be booked"))

    assert dialog.nearest_button.isVisible()
    assert dialog.nearest_button.text() == (
        "Use the nearest free time: Friday 20 November 2026 at 12:30"
    )
    assert not dialog.save.isEnabled()
    qtbot.mouseClick(dialog.nearest_button, LEFT)
    qtbot.waitUntil(lambda: dialog.summary.text() == "No clashes: this time is free.")
    assert dialog.time.text() == "12:30" and not dialog.nearest_button.isVisible()
    qtbot.mouseClick(dialog.save, LEFT)
    assert not dialog.isVisible()
    assert "12:30 Siobhán A. — Harm reduction" in screen.week.index(0, 4).data()
