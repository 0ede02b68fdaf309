"""Starting and tailoring a programme from My work, driven with qtbot."""

from __future__ import annotations

from datetime import time

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from tests.gui.delivery_fixtures import TODAY
from tests.integration.delivery_helpers import new_referral, set_up_team, user
from yot_desktop.gui.dialogs.programme_dialog import ProgrammeDialog
from yot_desktop.gui.screens.today import TodayScreen
from yot_desktop.gui.tasks import SyncTaskRunner
from yot_desktop.services.container import Services

LEFT = Qt.MouseButton.LeftButton


def test_accept_start_and_tailor_a_programme(
    qtbot: QtBot, qtmodeltester: ModelTester, empty_services: Services, runner: SyncTaskRunner
) -> None:
    set_up_team(empty_services)
    new_referral(empty_services, "43/26/7001", first_name="Siobhán", last_name="O'Brien")
    me = user(empty_services, "practitioner")
    screen = TodayScreen(empty_services, me, runner, today=lambda: TODAY)
    qtbot.addWidget(screen)
    screen.show()
    screen.show_my_work()
    work = screen.my_work
    assert work.referral_model.index(0, 4).data() == "Not started"
    work.referrals.selectRow(0)
    qtbot.mouseClick(work.open_programme, LEFT)
    dialog = work.dialog
    assert isinstance(dialog, ProgrammeDialog) and dialog.isVisible()
    assert dialog.start_box.isVisibleTo(dialog)
    assert "has no programme yet" in dialog.summary.text()

    # Christmas week: Friday 25th and Monday 28th (Boxing Day substitute) are skipped.
    dialog.start_date.setDate(dialog.start_date.date().addDays(28))  # Friday 18 December
    dialog.start_time.setTime(dialog.start_time.time().fromString("16:30", "HH:mm"))
    assert dialog.proposed_summary.text() == (
        "All 4 sessions are free at the standard weekly time."
    )
    qtbot.mouseClick(dialog.start_button, LEFT)
    assert dialog.message.text() == (
        "Programme started. Sessions booked on 18/12/2026 16:30, 29/12/2026 16:30, "
        "04/01/2027 16:30, 08/01/2027 16:30."
    )
    assert not dialog.start_box.isVisibleTo(dialog)
    assert "deadline <b>12 March 2027</b>" in dialog.summary.text()
    items = dialog.items_model
    assert [items.index(r, 1).data() for r in range(items.rowCount())] == [
        "Assessment",
        "Drug education (one to one)",
    ]
    qtmodeltester.check(items)
    qtmodeltester.check(dialog.sessions_model)

    dialog.add_code.setCurrentIndex(dialog.add_code.findText("Family session"))
    dialog.add_count.setValue(2)
    qtbot.mouseClick(dialog.add_button, LEFT)
    assert items.index(2, 1).data() == "Family session" and items.index(2, 2).data() == "2"
    assert items.index(2, 5).data() == "Youth Offending Team"
    dialog.items.selectRow(2)
    qtbot.mouseClick(dialog.up_button, LEFT)
    assert items.index(1, 1).data() == "Family session"

    dialog.items.selectRow(1)
    dialog.edit_minutes.setValue(45)
    qtbot.mouseClick(dialog.apply_button, LEFT)
    assert items.index(1, 4).data() == "45"

    assert dialog.book_date.date().toString("dd/MM/yyyy") == "15/01/2027"
    dialog.book_time.setTime(time(17, 0))
    qtbot.mouseClick(dialog.book_button, LEFT)
    assert dialog.message.text() == "Booked 2 sessions: 15/01/2027, 22/01/2027."
    assert items.index(1, 3).data() == "2"  # both family sessions booked

    # Removing a line whose sessions are booked is refused with a reason.
    dialog.items.selectRow(1)
    qtbot.mouseClick(dialog.remove_button, LEFT)
    assert items.rowCount() == 3
    box = dialog.findChild(QMessageBox, "errorDialog")
    assert box is not None and box.isVisible()
    assert "Family session has sessions booked. Cancel them first" in box.text()
    box.close()

    dialog.accept()
    assert work.referral_model.index(0, 4).data() == "Started"
    assert work.referral_model.index(0, 3).data() == "In programme"
