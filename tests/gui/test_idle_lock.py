"""The idle screen lock: covers everything, keeps unsaved work, unlocks with the password."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from tests.integration.helpers import audit_rows
from yot_desktop.gui.idle_lock import LOCKED_TITLE, Cover, IdleLock, LockScreen
from yot_desktop.gui.tasks import SyncTaskRunner
from yot_desktop.services.container import Services

UNSAVED = "Told me about school; follow up with Łukasz's carer"


class Window(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.setWindowTitle("Łukasz Kowalski - YOT Desktop")
        self.edit = QLineEdit(UNSAVED)
        QVBoxLayout(self).addWidget(self.edit)
        self.resize(600, 400)


@pytest.fixture
def window(qtbot: QtBot) -> Window:
    w = Window()
    qtbot.addWidget(w)
    w.show()
    return w


@pytest.fixture
def idle(
    qtbot: QtBot, demo_services: Services, runner: SyncTaskRunner, window: Window
) -> Iterator[IdleLock]:
    user = demo_services.auth.sign_in("practitioner", "demo")
    lock = IdleLock(demo_services.auth, user, runner, minutes=15, interval_ms=60_000)
    yield lock
    lock.stop()


def locked_now(qtbot: QtBot, idle: IdleLock) -> LockScreen:
    with qtbot.waitSignal(idle.locked):
        idle.timer.setInterval(1)
        idle.timer.start()
    assert idle.screen is not None
    return idle.screen


def test_idle_time_locks_and_covers_every_window_and_title(
    qtbot: QtBot, idle: IdleLock, window: Window
) -> None:
    dialog = QDialog(window)
    dialog.setWindowTitle("Edit Łukasz Kowalski")
    dialog_edit = QLineEdit("half-typed note", dialog)
    dialog.open()

    screen = locked_now(qtbot, idle)

    assert screen.isVisible()
    assert screen.windowModality() == Qt.WindowModality.ApplicationModal
    for w in (window, dialog):
        assert w.windowTitle() == LOCKED_TITLE  # titles can name a child
        on_top = w.childAt(w.rect().center())
        assert isinstance(on_top, Cover) or isinstance(on_top.parent(), Cover)
    # Nothing was closed or cleared underneath.
    assert dialog.isVisible() and dialog_edit.text() == "half-typed note"
    assert window.edit.text() == UNSAVED
    assert "Kowalski" not in screen.findChild(QLineEdit, "lockPasswordEdit").text()


def test_wrong_password_is_refused_and_audited(
    qtbot: QtBot, idle: IdleLock, demo_services: Services
) -> None:
    screen = locked_now(qtbot, idle)
    screen.password.setText("not my password")
    qtbot.mouseClick(screen.unlock, Qt.MouseButton.LeftButton)
    assert idle.is_locked
    assert screen.problem.text() == "The user name or password is not right. Try again."
    assert screen.password.text() == ""
    assert ("practitioner", "failed", "") in audit_rows(demo_services, "sign_in")


def test_right_password_unlocks_with_the_unsaved_edit_still_there(
    qtbot: QtBot, idle: IdleLock, window: Window
) -> None:
    window.edit.setText(UNSAVED + " (edited)")
    screen = locked_now(qtbot, idle)
    screen.password.setText("demo")
    with qtbot.waitSignal(idle.unlocked):
        qtbot.keyClick(screen.password, Qt.Key.Key_Return)
    assert not idle.is_locked
    assert not screen.isVisible()
    assert window.edit.text() == UNSAVED + " (edited)"
    assert window.windowTitle() == "Łukasz Kowalski - YOT Desktop"
    assert window.childAt(window.edit.geometry().center()) is window.edit
    assert idle.timer.isActive()  # counting again


def test_repeated_wrong_passwords_lock_the_account(qtbot: QtBot, idle: IdleLock) -> None:
    screen = locked_now(qtbot, idle)
    for _ in range(5):
        screen.password.setText("guess")
        screen.unlock.click()
    screen.password.setText("demo")  # even the right one, now
    screen.unlock.click()
    assert idle.is_locked
    assert screen.problem.text().startswith("This account is locked after too many failed")


def test_escape_and_closing_do_not_unlock(qtbot: QtBot, idle: IdleLock) -> None:
    screen = locked_now(qtbot, idle)
    qtbot.keyClick(screen, Qt.Key.Key_Escape)
    screen.close()
    assert screen.isVisible() and idle.is_locked


def test_sign_out_instead_asks_once_then_signs_out(qtbot: QtBot, idle: IdleLock) -> None:
    screen = locked_now(qtbot, idle)
    with qtbot.assertNotEmitted(idle.sign_out_requested):
        screen.sign_out.click()
    assert screen.sign_out.text() == "Sign out and lose unsaved changes"
    assert "will be lost" in screen.problem.text()
    with qtbot.waitSignal(idle.sign_out_requested):
        screen.sign_out.click()


def test_input_restarts_the_countdown_but_not_while_locked(
    qtbot: QtBot, idle: IdleLock, window: Window
) -> None:
    def move() -> None:
        event = QMouseEvent(
            QEvent.Type.MouseMove,
            QPointF(5, 5),
            QPointF(5, 5),
            Qt.MouseButton.NoButton,
            Qt.MouseButton.NoButton,
            Qt.KeyboardModifier.NoModifier,
        )
        QApplication.sendEvent(window, event)

    idle.timer.stop()
    move()
    assert idle.timer.isActive()
    locked_now(qtbot, idle)
    move()
    assert not idle.timer.isActive()


def test_a_window_that_opens_while_locked_is_covered_too(
    qtbot: QtBot, idle: IdleLock, window: Window
) -> None:
    locked_now(qtbot, idle)
    late = QDialog(window)
    late.setWindowTitle("Saved Łukasz Kowalski's record")
    late.show()
    qtbot.waitUntil(lambda: late.windowTitle() == LOCKED_TITLE)
    on_top = late.childAt(late.rect().center())
    assert isinstance(on_top, Cover) or isinstance(on_top.parent(), Cover)
    idle.unlock()
    assert late.windowTitle() == "Saved Łukasz Kowalski's record"


def test_every_lock_control_is_named(qtbot: QtBot, idle: IdleLock) -> None:
    screen = locked_now(qtbot, idle)
    for widget in (screen.password, screen.unlock, screen.sign_out):
        assert widget.objectName() and widget.accessibleName()
