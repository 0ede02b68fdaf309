"""The main window: navigation, shortcuts, status bar, names for every control."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from yot_desktop.gui.main_window import MainWindow
from yot_desktop.gui.tasks import SyncTaskRunner
from yot_desktop.services.container import Services

INTERACTIVE = (QAbstractButton, QLineEdit, QComboBox, QAbstractItemView)


def open_window(
    qtbot: QtBot,
    services: Services,
    runner: SyncTaskRunner,
    username: str,
    state: QSettings | None = None,
) -> MainWindow:
    user = services.auth.sign_in(username, "demo")
    window = MainWindow(services, user, runner, services.database.info(), state)
    qtbot.addWidget(window)
    window.show()
    return window


def test_administrator_sees_every_screen(
    qtbot: QtBot, demo_services: Services, runner: SyncTaskRunner
) -> None:
    window = open_window(qtbot, demo_services, runner, "admin")
    assert window.screen_keys == [
        "caseload",
        "referrals",
        "calendar",
        "today",
        "letters",
        "reports",
        "retention",
        "audit",
        "administration",
    ]


def test_practitioner_has_no_administration(
    qtbot: QtBot, demo_services: Services, runner: SyncTaskRunner
) -> None:
    window = open_window(qtbot, demo_services, runner, "practitioner")
    assert "administration" not in window.screen_keys
    assert "audit" not in window.screen_keys
    assert "retention" not in window.screen_keys


@pytest.mark.parametrize("number", range(1, 10))
def test_ctrl_number_jumps_to_a_screen(
    qtbot: QtBot, demo_services: Services, runner: SyncTaskRunner, number: int
) -> None:
    window = open_window(qtbot, demo_services, runner, "admin")
    shortcut = f"Ctrl+{number}"
    matches = [a for a in window.findChildren(QAction) if a.shortcut().toString() == shortcut]
    assert len(matches) == 1
    matches[0].trigger()
    assert window.nav.currentRow() == number - 1
    assert window.stack.currentIndex() == number - 1


def test_status_bar_shows_user_database_and_demo_banner(
    qtbot: QtBot, demo_services: Services, runner: SyncTaskRunner
) -> None:
    window = open_window(qtbot, demo_services, runner, "practitioner")
    assert "Priya Practitioner" in window.user_label.text()
    assert window.db_label.text().startswith("SQLite: ")
    banner = window.findChild(QWidget, "demoBanner")
    assert banner is not None and "DEMO" in banner.text()  # type: ignore[attr-defined]
    assert "DEMO" in window.windowTitle()


def test_every_interactive_widget_is_named(
    qtbot: QtBot, demo_services: Services, runner: SyncTaskRunner
) -> None:
    window = open_window(qtbot, demo_services, runner, "admin")
    for row in range(window.nav.count()):
        window.nav.setCurrentRow(row)
    unnamed = [
        f"{type(w).__name__} in {type(w.parent()).__name__}"
        for w in window.findChildren(QWidget)
        if isinstance(w, INTERACTIVE)
        and w.isVisibleTo(window)
        and not isinstance(w, QHeaderView)  # part of its table, which is named
        and not (w.objectName() and w.accessibleName())
        # Qt's own sub-controls (scroll bar buttons, header sections) are not ours to name.
        and not w.objectName().startswith("qt_")
    ]
    assert unnamed == []


def test_window_remembers_its_screen(
    qtbot: QtBot, demo_services: Services, runner: SyncTaskRunner, tmp_path: Path
) -> None:
    state = QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat)
    window = open_window(qtbot, demo_services, runner, "admin", state)
    window.show_screen("letters")
    window.close()
    again = open_window(qtbot, demo_services, runner, "admin", state)
    assert again.current_screen_key() == "letters"


def test_ctrl_f_focuses_search(
    qtbot: QtBot, demo_services: Services, runner: SyncTaskRunner
) -> None:
    window = open_window(qtbot, demo_services, runner, "practitioner")
    window.show_screen("letters")
    find = [
        a
        for a in window.findChildren(QAction)
        if a.shortcut().matches(QKeySequence(QKeySequence.StandardKey.Find))
        == QKeySequence.SequenceMatch.ExactMatch
    ]
    assert len(find) == 1
    find[0].trigger()
    assert window.current_screen_key() == "caseload"
    assert window.caseload.search.hasFocus() or window.focusWidget() is window.caseload.search
