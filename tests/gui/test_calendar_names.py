"""Every interactive widget of the delivery screens and dialogs has an objectName and an
accessibleName (screen readers and tests need both)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from tests.gui.delivery_fixtures import TODAY, team_with_programmes
from yot_desktop.domain.enums import Attendance
from yot_desktop.gui.dialogs.attendance_import import AttendanceImportDialog
from yot_desktop.gui.dialogs.booking_dialog import BookingDialog, load_choices
from yot_desktop.gui.dialogs.calendar_settings import CalendarSettingsDialog
from yot_desktop.gui.dialogs.catalogue_dialog import CatalogueDialog
from yot_desktop.gui.dialogs.mark_dialog import MarkDialog
from yot_desktop.gui.dialogs.programme_dialog import ProgrammeDialog
from yot_desktop.gui.screens.calendar import CalendarScreen
from yot_desktop.gui.screens.engagement import DecisionDialog
from yot_desktop.gui.screens.today import TodayScreen
from yot_desktop.gui.tasks import SyncTaskRunner
from yot_desktop.services.container import Services

INTERACTIVE = (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
)


def unnamed(root: QWidget) -> list[str]:
    missing = []
    for w in root.findChildren(QWidget):
        if not isinstance(w, INTERACTIVE):
            continue
        parent = w.parentWidget()
        # Parts Qt builds inside a composite widget (a combo's line edit, a table's corner).
        if isinstance(parent, (QComboBox, QAbstractSpinBox, QAbstractItemView)) or (
            parent is not None and isinstance(parent.parentWidget(), QAbstractItemView)
        ):
            continue
        if type(w).__name__ in {"QTabBar", "QScrollBar", "QToolButton"}:
            continue
        if parent is not None and parent.metaObject().className() == "QComboBoxPrivateContainer":
            continue  # a combo box's drop-down list
        if not w.objectName() or not w.accessibleName():
            text = getattr(w, "text", lambda: "")()
            missing.append(f"{type(w).__name__} {w.objectName()!r} {text!r}")
    return missing


def test_every_delivery_widget_is_named(
    qtbot: QtBot, empty_services: Services, runner: SyncTaskRunner
) -> None:
    me = team_with_programmes(empty_services)
    admin = empty_services.auth.sign_in("admin", "demo")
    today = TodayScreen(empty_services, me, runner, today=lambda: TODAY)
    calendar = CalendarScreen(empty_services, me, runner, today=lambda: TODAY)
    session = empty_services.attendance.register(me, TODAY)[0]
    engagement_row = empty_services.engagement.programmes(me)[0]
    widgets: list[QWidget] = [
        today,
        calendar,
        MarkDialog(session, Attendance.DID_NOT_ATTEND, correcting=True),
        BookingDialog(empty_services, me, runner, load_choices(empty_services, me), TODAY),
        ProgrammeDialog(
            empty_services, me, runner, empty_services.programmes.referrals(me)[0], TODAY
        ),
        AttendanceImportDialog(empty_services, me, runner),
        CatalogueDialog(empty_services, admin, runner),
        DecisionDialog(engagement_row),
        CalendarSettingsDialog(empty_services, admin, runner, TODAY),
    ]
    problems = []
    for w in widgets:
        qtbot.addWidget(w)
        problems.extend(f"{w.objectName()}: {m}" for m in unnamed(w))
    assert problems == [], "\n".join(problems)
