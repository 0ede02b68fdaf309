"""Today's register driven with qtbot: one action per session, reasons, follow-ups, corrections."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from tests.gui.delivery_fixtures import TODAY, team_with_programmes
from yot_desktop.domain.enums import Attendance
from yot_desktop.gui.dialogs.mark_dialog import MarkDialog
from yot_desktop.gui.screens.today import TodayScreen
from yot_desktop.gui.tasks import SyncTaskRunner
from yot_desktop.services.container import Services

LEFT = Qt.MouseButton.LeftButton


def today_screen(qtbot: QtBot, services: Services, runner: SyncTaskRunner) -> TodayScreen:
    me = team_with_programmes(services)
    screen = TodayScreen(services, me, runner, today=lambda: TODAY)
    qtbot.addWidget(screen)
    screen.resize(1100, 700)
    screen.show()
    screen.refresh()
    return screen


def test_the_register_model_passes_the_model_tester(
    qtbot: QtBot, qtmodeltester: ModelTester, empty_services: Services, runner: SyncTaskRunner
) -> None:
    screen = today_screen(qtbot, empty_services, runner)
    model = screen.register.model
    assert model.rowCount() == 2
    assert [model.index(r, 1).data() for r in range(2)] == ["Zoë Ağaoğlu", "Łukasz Ağaoğlu"]
    assert model.index(0, 0).data() == "09:00–10:30"
    assert model.index(0, 6).data() == "Planned"
    qtmodeltester.check(model)
    assert "20 November 2026" in screen.register.heading.text()


def test_attended_is_one_click(
    qtbot: QtBot, empty_services: Services, runner: SyncTaskRunner
) -> None:
    screen = today_screen(qtbot, empty_services, runner)
    register = screen.register
    register.table.selectRow(0)
    assert register.buttons[Attendance.ATTENDED].isEnabled()
    assert not register.correct_button.isEnabled()

    qtbot.mouseClick(register.buttons[Attendance.ATTENDED], LEFT)

    assert register.model.index(0, 6).data() == "Attended"
    assert "Zoë Ağaoğlu: attended." in register.result.text()
    assert "on track" in register.result.text()
    # The row stays selected; marking again is not offered, correcting is.
    assert not register.buttons[Attendance.ATTENDED].isEnabled()
    assert register.correct_button.isEnabled()


def test_did_not_attend_without_a_reason_is_recorded_as_unexplained(
    qtbot: QtBot, empty_services: Services, runner: SyncTaskRunner
) -> None:
    """The reason is optional for a did-not-attend (nobody may have said why yet)."""
    screen = today_screen(qtbot, empty_services, runner)
    register = screen.register
    register.table.selectRow(0)
    qtbot.mouseClick(register.buttons[Attendance.DID_NOT_ATTEND], LEFT)
    dialog = register.dialog
    assert isinstance(dialog, MarkDialog) and dialog.isVisible()
    assert dialog.reason_label.text() == "Reason (if known)"
    assert "counts as unexplained" in dialog.reason_hint.text()

    qtbot.mouseClick(dialog.save, LEFT)  # no reason

    assert not dialog.isVisible()
    assert register.model.index(0, 6).data() == "Did not attend"
    assert "Follow-up due 23 November 2026." in register.result.text()


def test_cancelled_by_young_person_asks_why(
    qtbot: QtBot, empty_services: Services, runner: SyncTaskRunner
) -> None:
    screen = today_screen(qtbot, empty_services, runner)
    register = screen.register
    register.table.selectRow(0)
    qtbot.mouseClick(register.buttons[Attendance.CANCELLED_BY_YOUNG_PERSON], LEFT)
    dialog = register.dialog
    assert isinstance(dialog, MarkDialog) and dialog.isVisible()
    assert dialog.reason_label.text() == "Reason"
    qtbot.mouseClick(dialog.save, LEFT)  # no reason yet
    assert dialog.isVisible()
    assert dialog.problem.text() == "Enter a reason: say why the session was cancelled."
    assert register.model.index(0, 6).data() == "Planned"


def test_did_not_attend_asks_why_then_sets_a_follow_up(
    qtbot: QtBot, empty_services: Services, runner: SyncTaskRunner
) -> None:
    screen = today_screen(qtbot, empty_services, runner)
    register = screen.register
    register.table.selectRow(0)
    qtbot.mouseClick(register.buttons[Attendance.DID_NOT_ATTEND], LEFT)
    dialog = register.dialog
    assert isinstance(dialog, MarkDialog) and dialog.isVisible()
    assert dialog.evidence.isEnabled()

    qtbot.keyClicks(dialog.reason, "No answer at the door")
    qtbot.mouseClick(dialog.save, LEFT)

    assert not dialog.isVisible()
    assert register.model.index(0, 6).data() == "Did not attend"
    text = register.result.text()
    assert "Follow-up due 23 November 2026." in text  # Friday: due on Monday
    assert "Letter due: missed appointment." in text
    assert "at risk" in text


def test_a_mistaken_mark_is_corrected_and_kept(
    qtbot: QtBot, empty_services: Services, runner: SyncTaskRunner
) -> None:
    screen = today_screen(qtbot, empty_services, runner)
    register = screen.register
    register.table.selectRow(0)
    qtbot.mouseClick(register.buttons[Attendance.DID_NOT_ATTEND], LEFT)
    assert register.dialog is not None
    qtbot.keyClicks(register.dialog.reason, "Ill")
    qtbot.mouseClick(register.dialog.save, LEFT)

    register.table.selectRow(0)
    qtbot.mouseClick(register.correct_button, LEFT)
    dialog = register.dialog
    assert dialog is not None and dialog.correcting and dialog.value.isEnabled()
    assert dialog.reason.toPlainText() == "Ill"
    dialog.evidence.setChecked(True)
    qtbot.mouseClick(dialog.save, LEFT)
    assert dialog.problem.text() == "Say why the mark is being corrected."
    qtbot.keyClicks(dialog.note, "Doctor's note arrived")
    qtbot.mouseClick(dialog.save, LEFT)

    assert "on track" in register.result.text()
    session_id = register.model.row_at(0).id  # type: ignore[union-attr]
    history = empty_services.attendance.history(register.user, session_id)
    assert [(h.value, h.evidence_received) for h in history] == [
        (Attendance.DID_NOT_ATTEND, False),
        (Attendance.DID_NOT_ATTEND, True),
    ]


def test_sessions_not_started_cannot_be_marked_attended(
    qtbot: QtBot, empty_services: Services, runner: SyncTaskRunner
) -> None:
    screen = today_screen(qtbot, empty_services, runner)
    register = screen.register
    register.table.selectRow(1)  # 11:00, and it is 10:00
    qtbot.mouseClick(register.buttons[Attendance.ATTENDED], LEFT)
    box = register.findChild(QMessageBox, "errorDialog")
    assert box is not None and box.isVisible()
    assert box.text() == "• Session: Attendance cannot be recorded before the session starts"
    assert register.model.index(1, 6).data() == "Planned"
    box.close()


def test_empty_day_and_my_team(
    qtbot: QtBot, empty_services: Services, runner: SyncTaskRunner
) -> None:
    screen = today_screen(qtbot, empty_services, runner)
    register = screen.register
    qtbot.mouseClick(register.next, LEFT)
    assert register.list_stack.currentWidget() is register.empty
    qtbot.mouseClick(register.today_button, LEFT)
    register.team.setChecked(True)
    assert register.model.rowCount() == 2


def test_my_work_and_engagement_tabs(
    qtbot: QtBot, qtmodeltester: ModelTester, empty_services: Services, runner: SyncTaskRunner
) -> None:
    screen = today_screen(qtbot, empty_services, runner)
    screen.tabs.setCurrentWidget(screen.my_work)
    work = screen.my_work
    assert work.sessions_model.rowCount() == 2
    assert work.summary.text().startswith("Week beginning 16/11/2026: 2 sessions for you")
    assert work.referral_model.rowCount() == 2
    qtmodeltester.check(work.sessions_model)
    qtmodeltester.check(work.referral_model)
    screen.tabs.setCurrentWidget(screen.engagement)
    assert screen.engagement.decision_model.rowCount() == 0
    assert not screen.engagement.decide_button.isVisible()  # a practitioner cannot decide
