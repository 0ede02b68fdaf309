"""The current cell shows, not only its row (issue 16, point 5): in a table with the keyboard
focus, the cell the arrow keys are on has a frame in the selected row's text colour."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.gui.test_keyboard_and_layout import open_window
from yot_desktop.services.container import Services


def test_the_current_cell_has_a_frame_of_its_own(qtbot: QtBot, demo_services: Services) -> None:
    window = open_window(qtbot, demo_services, "practitioner")
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    assert window.caseload is not None
    table = window.caseload.table
    qtbot.waitUntil(lambda: table.model().rowCount() > 2)
    table.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(table.hasFocus)
    table.setCurrentIndex(table.model().index(1, 1))
    QApplication.processEvents()
    image = table.viewport().grab().toImage()
    import os

    if shots := os.environ.get("YOT_SCREENSHOTS"):
        table.grab().save(f"{shots}/current-cell.png")
    cell = table.visualRect(table.currentIndex())
    other = table.visualRect(table.model().index(1, 0))
    frame = table.palette().color(QPalette.ColorRole.HighlightedText)
    middle_y = cell.center().y()
    # The current cell's left edge carries the frame; the cell beside it in the same
    # (selected) row does not.
    assert image.pixelColor(cell.left() + 1, middle_y) == frame
    assert image.pixelColor(other.left() + 1, middle_y) != frame
