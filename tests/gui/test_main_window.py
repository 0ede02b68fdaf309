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
    QMessageBox,
    QWidget,
)
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from yot_desktop.gui.main_window import MainWindow
from yot_desktop.gui.tasks import SyncTaskRunner, TaskRunner
from yot_desktop.services.container import Services
from yot_desktop.storage.models import AuditEntry, Referral, User

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


@pytest.mark.parametrize("username", ["admin", "panel"])
def test_every_interactive_widget_is_named(
    qtbot: QtBot, demo_services: Services, runner: SyncTaskRunner, username: str
) -> None:
    window = open_window(qtbot, demo_services, runner, username)
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


# --- each role gets the screens, menus and shortcuts it may use -----------------------------

SCREENS_BY_ROLE = {
    "admin": [
        "caseload",
        "referrals",
        "calendar",
        "today",
        "letters",
        "reports",
        "retention",
        "audit",
        "administration",
    ],
    "manager": ["caseload", "referrals", "calendar", "today", "letters", "reports", "retention"],
    "practitioner": ["caseload", "referrals", "calendar", "today", "letters", "reports"],
    "panel": ["reports"],
}
FILE_ACTIONS_BY_ROLE = {
    "admin": [
        "connectAction",
        "backupAction",
        "restoreAction",
        "catalogueAction",
        "signOutAction",
        "quitAction",
    ],
    "manager": [
        "connectAction",
        "newReferralAction",
        "importReferralsAction",
        "importAttendanceAction",
        "signOutAction",
        "quitAction",
    ],
    "practitioner": [
        "connectAction",
        "newReferralAction",
        "importReferralsAction",
        "importAttendanceAction",
        "signOutAction",
        "quitAction",
    ],
    "panel": ["connectAction", "signOutAction", "quitAction"],
}


def refusals(services: Services, username: str) -> list[tuple[str, str]]:
    """(action, permission) of every refusal audited for `username`."""
    with services.ctx.uow() as uow:
        rows = uow.session.execute(
            select(AuditEntry.action, AuditEntry.detail)
            .where(AuditEntry.username == username, AuditEntry.outcome == "refused")
            .order_by(AuditEntry.id)
        ).all()
    return [(action, detail) for action, detail in rows]


def settle(qtbot: QtBot, runner: TaskRunner) -> None:
    """Wait until every background load, and any load its answer starts, has finished."""
    qtbot.waitUntil(lambda: runner.running == 0, timeout=20000)


def shortcut_actions(window: MainWindow, shortcut: QKeySequence) -> list[QAction]:
    return [
        a
        for a in window.findChildren(QAction)
        if not a.shortcut().isEmpty()
        and a.shortcut().matches(shortcut) == QKeySequence.SequenceMatch.ExactMatch
    ]


@pytest.mark.parametrize("username", list(SCREENS_BY_ROLE))
def test_no_role_meets_a_refusal_at_start_up_or_on_any_screen(
    qtbot: QtBot, demo_services: Services, username: str
) -> None:
    # The real threaded runner, as in the app: loads finish after the window is shown.
    runner = TaskRunner()
    user = demo_services.auth.sign_in(username, "demo")
    window = MainWindow(demo_services, user, runner, demo_services.database.info())
    qtbot.addWidget(window)
    window.show()
    settle(qtbot, runner)
    assert window.screen_keys == SCREENS_BY_ROLE[username]
    assert refusals(demo_services, username) == []
    for row in range(window.nav.count()):
        window.nav.setCurrentRow(row)
        settle(qtbot, runner)
    assert refusals(demo_services, username) == []


@pytest.mark.parametrize("username", list(SCREENS_BY_ROLE))
def test_menus_and_shortcuts_match_the_rail(
    qtbot: QtBot, demo_services: Services, runner: SyncTaskRunner, username: str
) -> None:
    window = open_window(qtbot, demo_services, runner, username)
    file_menu = window.menuBar().actions()[0].menu()
    assert file_menu is not None
    names = [a.objectName() for a in file_menu.actions() if not a.isSeparator()]
    assert names == FILE_ACTIONS_BY_ROLE[username]
    go = [a for a in window.findChildren(QAction) if a.objectName().startswith("go_")]
    assert [a.objectName() for a in go] == [f"go_{k}" for k in SCREENS_BY_ROLE[username]]
    for i, action in enumerate(go):
        assert action.shortcut().toString() == f"Ctrl+{i + 1}"
        action.trigger()
        assert window.current_screen_key() == SCREENS_BY_ROLE[username][i]
    assert shortcut_actions(window, QKeySequence(f"Ctrl+{len(go) + 1}")) == []
    new = shortcut_actions(window, QKeySequence(QKeySequence.StandardKey.New))
    find = shortcut_actions(window, QKeySequence(QKeySequence.StandardKey.Find))
    has_cases = "referrals" in SCREENS_BY_ROLE[username]
    assert len(find) == (1 if has_cases else 0)
    assert [a.objectName() for a in new] == (
        ["newReferralAction"] if "newReferralAction" in names else []
    )
    assert refusals(demo_services, username) == []


def test_panel_member_sees_pseudonymised_reports_only(
    qtbot: QtBot, demo_services: Services, runner: SyncTaskRunner, tmp_path: Path
) -> None:
    state = QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat)
    state.setValue("main/screen", "caseload")  # left by someone else on this computer
    window = open_window(qtbot, demo_services, runner, "panel", state)
    window.resize(1100, 700)
    assert window.screen_keys == ["reports"]
    assert window.nav.count() == 1 and window.nav.item(0).text() == "Reports"
    assert window.current_screen_key() == "reports"
    assert window.referrals is None and window.today is None and window.letters is None
    reports = window.reports
    assert reports is not None and reports.evaluation_box is None
    assert reports.panel_box is not None
    assert reports.panel_box.pseudonymised.isChecked()
    assert not reports.panel_box.pseudonymised.isEnabled()
    assert [m.title() for m in (a.menu() for a in window.menuBar().actions()) if m] == [
        "&File",
        "&Go",
        "&Help",
    ]
    # What other screens call on the window copes with the missing screens.
    assert window.caseload is None
    window.open_referral(1)
    window.new_referral()
    window.import_attendance()
    window.focus_find()
    assert window.current_screen_key() == "reports"
    window.grab().save(str(tmp_path / "panel.png"))
    window.close()  # no unsaved caseload to ask about
    assert not window.isVisible()
    assert state.value("main/screen") == "reports"
    assert refusals(demo_services, "panel") == []


def test_closing_asks_before_losing_an_unsaved_panel_recommendation(
    qtbot: QtBot, demo_services: Services, runner: SyncTaskRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    with demo_services.ctx.uow() as uow:
        ref = uow.session.scalars(
            select(Referral.crime_reference)
            .join(User, User.team_id == Referral.team_id)
            .where(User.username == "practitioner")
            .order_by(Referral.id)
            .limit(1)
        ).one()
    window = open_window(qtbot, demo_services, runner, "practitioner")
    window.show_screen("reports")
    assert window.reports is not None and window.reports.panel_box is not None
    box = window.reports.panel_box
    box.referral.setText(ref)
    box.open_recommendation()
    box.recommendation.setPlainText("Suitable for the scheme: engaged well at assessment.")
    assert window.unsaved_work() == ["the panel recommendation"]
    asked: list[str] = []

    def answer(_parent: object, _title: str, text: str, *_args: object) -> object:
        asked.append(text)
        return QMessageBox.StandardButton.Cancel

    monkeypatch.setattr(QMessageBox, "question", answer)
    window.close()
    assert window.isVisible()
    assert "the panel recommendation" in asked[0]
    monkeypatch.setattr(QMessageBox, "question", lambda *_a: QMessageBox.StandardButton.Discard)
    window.close()
    assert not window.isVisible()
