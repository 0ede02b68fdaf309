"""The calendar: the week grid, the day list, booking with conflicts explained before saving,
moving a session; engagement decisions; the attendance import preview."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from tests.gui.delivery_fixtures import TODAY, team_with_programmes
from tests.integration.delivery_helpers import new_referral, user
from yot_desktop.domain.enums import Attendance
from yot_desktop.gui.dialogs.attendance_import import AttendanceImportDialog
from yot_desktop.gui.dialogs.booking_dialog import BookingDialog
from yot_desktop.gui.screens.calendar import CalendarScreen
from yot_desktop.gui.screens.engagement import DecisionDialog, EngagementPanel
from yot_desktop.gui.tasks import SyncTaskRunner
from yot_desktop.gui.week_model import WeekModel
from yot_desktop.services.container import Services

LEFT = Qt.MouseButton.LeftButton


def calendar(qtbot: QtBot, services: Services, runner: SyncTaskRunner) -> CalendarScreen:
    me = team_with_programmes(services)
    screen = CalendarScreen(services, me, runner, today=lambda: TODAY)
    qtbot.addWidget(screen)
    screen.resize(1200, 760)
    screen.show()
    screen.refresh()
    return screen


def test_week_grid(
    qtbot: QtBot, qtmodeltester: ModelTester, empty_services: Services, runner: SyncTaskRunner
) -> None:
    screen = calendar(qtbot, empty_services, runner)
    week = screen.week
    assert screen.heading.text() == "Week beginning Monday 16 November 2026"
    assert week.rowCount() == 1 and week.headerData(0, Qt.Orientation.Vertical) == (
        "Priya Practitioner"
    )
    assert week.index(0, 4).data() == "09:00 Zoë A. — Assessment\n11:00 Łukasz A. — Assessment"
    assert week.index(0, 4).data(Qt.ItemDataRole.AccessibleTextRole) == (
        "Priya Practitioner, Friday 20 November: 2 sessions"
    )
    assert week.index(0, 5).data(Qt.ItemDataRole.BackgroundRole) is not None  # Saturday
    qtmodeltester.check(week)
    qtmodeltester.check(screen.agenda_model)

    screen.grid.setCurrentIndex(week.index(0, 4))
    assert screen.agenda_model.rowCount() == 2
    assert screen.agenda_label.text() == "Priya Practitioner, Friday 20 November: 2 sessions"

    # The team view has a row for every worker, with or without sessions.
    screen.scope.setCurrentIndex(1)
    assert [week.row_name(r) for r in range(week.rowCount())] == [
        "Morgan Manager",
        "Priya Practitioner",
        "Sam Patel",
    ]


def test_christmas_week_headers_name_the_bank_holidays() -> None:
    model = WeekModel()
    from yot_desktop.domain.calendar import WorkingCalendar

    model.set_sessions(date(2026, 12, 21), [], calendar=WorkingCalendar())
    assert model.headerData(4, Qt.Orientation.Horizontal) == "Fri 25/12\nChristmas Day"
    assert model.index(0, 0).isValid() is False  # no rows without sessions or workers


def test_day_view(qtbot: QtBot, empty_services: Services, runner: SyncTaskRunner) -> None:
    screen = calendar(qtbot, empty_services, runner)
    qtbot.mouseClick(screen.day_button, LEFT)
    assert screen.grid.isHidden()
    assert screen.agenda_model.rowCount() == 2
    assert screen.agenda_label.text() == "2 sessions on this day"
    qtbot.mouseClick(screen.next, LEFT)  # Saturday
    assert screen.heading.text() == "Saturday 21 November 2026 — a Saturday, not a working day"
    assert screen.agenda_model.rowCount() == 0


def test_booking_a_worker_twice_is_explained_before_saving(
    qtbot: QtBot, empty_services: Services, runner: SyncTaskRunner
) -> None:
    screen = calendar(qtbot, empty_services, runner)
    rid = new_referral(empty_services, "43/26/5003", status="in_programme", first_name="Siobhán")
    del rid
    qtbot.mouseClick(screen.book_button, LEFT)
    dialog = screen.dialog
    assert isinstance(dialog, BookingDialog) and dialog.isVisible()
    dialog.referral.setCurrentIndex(dialog.referral.findText("Siobhán Ağaoğlu — 43/26/5003"))
    dialog.intervention.setCurrentIndex(dialog.intervention.findText("Harm reduction"))
    dialog.time.setTime(dialog.time.time().fromString("09:30", "HH:mm"))
    dialog.check()  # as the debounce timer would

    messages = [dialog.conflict_list.item(i).text() for i in range(dialog.conflict_list.count())]
    assert messages == [
        "Cannot book: Priya Practitioner already has a session from 09:00 to 10:30 on "
        "20 November 2026."
    ]
    assert dialog.summary.text().startswith("This time cannot be booked (1 problem)")
    assert not dialog.save.isEnabled()

    dialog.time.setTime(dialog.time.time().fromString("13:00", "HH:mm"))
    dialog.check()
    assert dialog.conflict_list.count() == 0 and dialog.save.isEnabled()
    qtbot.mouseClick(dialog.save, LEFT)
    assert not dialog.isVisible()
    assert "13:00 Siobhán A. — Harm reduction" in screen.week.index(0, 4).data()


def test_moving_a_session_keeps_its_history(
    qtbot: QtBot, empty_services: Services, runner: SyncTaskRunner
) -> None:
    screen = calendar(qtbot, empty_services, runner)
    qtbot.mouseClick(screen.day_button, LEFT)
    screen.agenda.selectRow(1)
    qtbot.mouseClick(screen.move_button, LEFT)
    dialog = screen.dialog
    assert isinstance(dialog, BookingDialog) and not dialog.referral.isEnabled()
    dialog.time.setTime(dialog.time.time().fromString("14:00", "HH:mm"))
    dialog.check()
    qtbot.mouseClick(dialog.save, LEFT)
    assert [screen.agenda_model.index(r, 1).data() for r in range(2)] == [
        "09:00–10:30",
        "14:00–15:30",
    ]
    screen.agenda.selectRow(1)
    qtbot.mouseClick(screen.history_button, LEFT)
    assert "Moved" in screen.dialog.text() and "20/11/2026 11:00" in screen.dialog.text()


def test_a_manager_closes_a_programme_as_not_engaged(
    qtbot: QtBot, empty_services: Services, runner: SyncTaskRunner
) -> None:
    me = team_with_programmes(empty_services)
    services = empty_services
    choice = next(c for c in services.programmes.referrals(me) if c.crime_reference == "43/26/5001")
    detail = services.programmes.get(me, choice.referral_id)
    assert detail is not None and detail.person_name == "Zoë Ağaoğlu"
    for s in detail.sessions[:2]:
        services.ctx.clock = lambda s=s: s.starts_at  # type: ignore[misc]
        services.attendance.mark(me, s.id, s.version, Attendance.DID_NOT_ATTEND, reason="No show")
    manager = user(services, "manager")
    panel = EngagementPanel(services, manager, runner)
    qtbot.addWidget(panel)
    panel.show()
    panel.refresh()
    assert panel.decision_model.rowCount() == 1
    assert panel.letter_model.rowCount() == 2
    panel.decisions.selectRow(0)
    qtbot.mouseClick(panel.decide_button, LEFT)
    dialog = panel.dialog
    assert isinstance(dialog, DecisionDialog)
    qtbot.mouseClick(dialog.save, LEFT)
    assert dialog.problem.text() == "Choose: close as not engaged, or continue."
    dialog.not_engaged.setChecked(True)
    qtbot.mouseClick(dialog.save, LEFT)
    assert panel.result.text() == (
        "Recorded. The referral is now not engaged. "
        "The police are told the young person did not engage."
    )
    assert panel.decision_model.rowCount() == 0
    assert panel.letter_model.rowCount() == 4


def test_import_preview_lists_problems_then_records(
    qtbot: QtBot, qtmodeltester: ModelTester, empty_services: Services, runner: SyncTaskRunner
) -> None:
    me = team_with_programmes(empty_services)
    dialog = AttendanceImportDialog(empty_services, me, runner)
    qtbot.addWidget(dialog)
    dialog.show()
    header = "crime_reference,session_date,attendance,reason\n"
    dialog.load_text(
        header + "43/26/5001,2026-11-20,cancelled_by_young_person,\n43/26/5009,2026-11-20,late,\n"
    )
    problems = [dialog.problems.item(i).text() for i in range(dialog.problems.count())]
    assert problems == [
        "row 1: reason: say why the session was cancelled (cancelled by young person)",
        "row 2: crime_reference: there is no referral 43/26/5009 in your team",
    ]
    assert not dialog.import_button.isEnabled()
    dialog.load_text(header + "43/26/5001,2026-11-20,attended,\n")
    assert dialog.import_button.isEnabled()
    qtmodeltester.check(dialog.model)
    qtbot.mouseClick(dialog.import_button, LEFT)
    assert dialog.status.text().startswith("Recorded 1 rows.")
    assert empty_services.attendance.register(me, TODAY)[0].status is Attendance.ATTENDED


def test_dragging_a_session_onto_another_day_opens_the_move_dialog(
    qtbot: QtBot, empty_services: Services, runner: SyncTaskRunner
) -> None:
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QDropEvent

    screen = calendar(qtbot, empty_services, runner)
    screen.grid.setCurrentIndex(screen.week.index(0, 4))
    dragged = screen.agenda_model.mimeData([screen.agenda_model.index(1, 0)])
    assert screen.agenda_model.flags(screen.agenda_model.index(1, 0)) & (
        Qt.ItemFlag.ItemIsDragEnabled
    )
    target = screen.grid.visualRect(screen.week.index(0, 3)).center()  # Thursday
    drop = QDropEvent(
        QPointF(target),
        Qt.DropAction.MoveAction,
        dragged,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    screen.grid.dropEvent(drop)

    dialog = screen.dialog
    assert isinstance(dialog, BookingDialog) and dialog.moving is not None
    assert dialog.moving.person_name == "Łukasz Ağaoğlu"
    assert dialog.date.date().toString("dd/MM/yyyy") == "19/11/2026"
    dialog.check()
    qtbot.mouseClick(dialog.save, LEFT)
    assert "11:00 Łukasz A. — Assessment" in screen.week.index(0, 3).data()
    assert "Łukasz" not in screen.week.index(0, 4).data()


def test_a_manager_sets_closure_days_and_venues(
    qtbot: QtBot, qtmodeltester: ModelTester, empty_services: Services, runner: SyncTaskRunner
) -> None:
    from yot_desktop.gui.dialogs.calendar_settings import CalendarSettingsDialog

    team_with_programmes(empty_services)
    manager = user(empty_services, "manager")
    screen = CalendarScreen(empty_services, manager, runner, today=lambda: TODAY)
    qtbot.addWidget(screen)
    screen.show()
    screen.refresh()
    assert screen.settings_button.isVisible()
    qtbot.mouseClick(screen.settings_button, LEFT)
    dialog = screen.dialog
    assert isinstance(dialog, CalendarSettingsDialog)
    dialog.closure_date.setDate(dialog.closure_date.date().addDays(-1))  # Thursday 19th
    qtbot.keyClicks(dialog.closure_reason, "Staff training")
    qtbot.mouseClick(dialog.add_closure, LEFT)
    assert dialog.message.text() == "The team is closed on 19/11/2026."
    assert dialog.closure_model.index(0, 2).data() == "Staff training"
    qtbot.keyClicks(dialog.venue_name, "Newbury office, room 1")
    dialog.venue_capacity.setValue(1)
    qtbot.mouseClick(dialog.save_venue, LEFT)
    assert dialog.venue_model.index(0, 2).data() == "1"
    qtmodeltester.check(dialog.closure_model)
    qtmodeltester.check(dialog.venue_model)
    dialog.accept()
    assert screen.week.headerData(3, Qt.Orientation.Horizontal) == "Thu 19/11\nTeam closed"
    # A manager sees every team's staff, but the team view lists the team's own workers.
    screen.scope.setCurrentIndex(1)
    assert [screen.week.row_name(r) for r in range(screen.week.rowCount())] == [
        "Morgan Manager",
        "Priya Practitioner",
        "Sam Patel",
    ]
    practitioner = user(empty_services, "practitioner")
    other = CalendarScreen(empty_services, practitioner, runner, today=lambda: TODAY)
    qtbot.addWidget(other)
    assert not other.settings_button.isVisibleTo(other)
