"""The screen lock: after some idle minutes every window is covered until the password is given.

Nothing is closed or reloaded while locked, so unsaved edits and open dialogs wait underneath.
Unlocking goes through the sign-in service: wrong passwords count toward the account lock-out
and are audited, like any sign-in.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from yot_desktop.domain.errors import AuthenticationError
from yot_desktop.gui.errors import show_error
from yot_desktop.gui.tasks import TaskRunner
from yot_desktop.gui.widgets import named, style_as_error
from yot_desktop.services.admin.auth import AuthService
from yot_desktop.services.dto import CurrentUser

LOCKED_TITLE = "YOT Desktop (locked)"
# Input that means someone is at the keyboard. Timers, repaints and data arriving do not count.
ACTIVITY = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.TabletPress,
    }
)


class Cover(QWidget):
    """An opaque panel over one window's contents, following its size."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self._window = window
        self.setObjectName("lockCover")
        self.setAccessibleName("Locked")
        self.setAutoFillBackground(True)
        self.setAttribute(Qt.WidgetAttribute.WA_NoMousePropagation)
        layout = QVBoxLayout(self)
        label = QLabel("YOT Desktop is locked to keep records private.")
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(label)
        window.installEventFilter(self)
        self.setGeometry(window.rect())
        self.raise_()
        self.show()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._window and event.type() == QEvent.Type.Resize:
            self.setGeometry(self._window.rect())
            self.raise_()
        return False


class LockScreen(QDialog):
    """Asks the signed-in person for their password; cannot be closed any other way."""

    unlock_requested = Signal(str)
    sign_out_requested = Signal()

    def __init__(self, user: CurrentUser, minutes: int) -> None:
        super().__init__(None, Qt.WindowType.Dialog | Qt.WindowType.CustomizeWindowHint)
        self.setObjectName("lockScreen")
        self.setAccessibleName("YOT Desktop is locked")
        self.setWindowTitle(LOCKED_TITLE)
        self.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.setMinimumWidth(460)
        layout = QVBoxLayout(self)
        heading = QLabel("YOT Desktop is locked")
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        heading.setFont(font)
        layout.addWidget(heading)
        after = f"{minutes} minute{'s' if minutes != 1 else ''}"
        intro = QLabel(
            f"It locked after {after} without use, to keep records private.\n\n"
            f"{user.display_name}, enter your password to carry on where you left off. "
            "Anything you had not saved is still there."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addWidget(QLabel(f"Password for {user.username}"))
        self.password = named(
            QLineEdit(), "lockPasswordEdit", "Password", f"The password of {user.username}"
        )
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        layout.addWidget(self.password)
        self.problem = named(QLabel(), "lockProblem", "Problem unlocking")
        self.problem.setWordWrap(True)
        style_as_error(self.problem)
        layout.addWidget(self.problem)
        row = QHBoxLayout()
        self.sign_out = named(
            QPushButton("Sign out instead"),
            "lockSignOutButton",
            "Sign out instead",
            "Closes everything; changes not saved are lost",
        )
        self.unlock = named(QPushButton("Unlock"), "lockUnlockButton", "Unlock")
        self.unlock.setDefault(True)
        row.addWidget(self.sign_out)
        row.addStretch()
        row.addWidget(self.unlock)
        layout.addLayout(row)
        self.unlock.clicked.connect(self._unlock_clicked)
        self.password.returnPressed.connect(self._unlock_clicked)
        self.sign_out.clicked.connect(self._sign_out_clicked)
        self._confirming = False

    def _unlock_clicked(self) -> None:
        if not self.password.text():
            self.show_problem("Enter your password.")
            return
        self.unlock.setEnabled(False)
        self.unlock_requested.emit(self.password.text())

    def _sign_out_clicked(self) -> None:
        if not self._confirming:  # destructive: ask once, naming what will be lost
            self._confirming = True
            self.sign_out.setText("Sign out and lose unsaved changes")
            self.show_problem(
                "Signing out closes every window. Changes that were not saved will be lost."
            )
            return
        self.sign_out_requested.emit()

    def show_problem(self, text: str) -> None:
        self.unlock.setEnabled(True)
        self.problem.setText(text)
        self.password.clear()
        self.password.setFocus()

    # It stays until the password is given or the person signs out.
    def reject(self) -> None:
        pass

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            event.ignore()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        event.ignore()


class IdleLock(QObject):
    """Locks the app after `minutes` without keyboard, mouse or touch input."""

    locked = Signal()
    unlocked = Signal()
    sign_out_requested = Signal()

    def __init__(
        self,
        auth: AuthService,
        user: CurrentUser,
        runner: TaskRunner,
        minutes: int,
        interval_ms: int | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.auth = auth
        self.user = user
        self.runner = runner
        self.minutes = minutes
        self.screen: LockScreen | None = None
        self._covers: list[tuple[QWidget, Cover, str]] = []
        self.timer = QTimer(self)
        self.timer.setObjectName("idleLockTimer")
        self.timer.setSingleShot(True)
        self.timer.setInterval(interval_ms if interval_ms is not None else minutes * 60_000)
        self.timer.timeout.connect(self.lock)
        app = QApplication.instance()
        assert app is not None
        app.installEventFilter(self)
        self.timer.start()

    def set_minutes(self, minutes: int) -> None:
        """A new idle time (an administrator's limit arrived); the countdown starts again."""
        self.minutes = minutes
        self.timer.setInterval(minutes * 60_000)
        if self.screen is None:
            self.timer.start()

    @property
    def is_locked(self) -> bool:
        return self.screen is not None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self.screen is None:
            if event.type() in ACTIVITY:
                self.timer.start()  # restart the countdown
        elif (
            event.type() == QEvent.Type.Show
            and isinstance(watched, QWidget)
            and watched.isWindow()
            and not isinstance(watched, LockScreen | Cover)
        ):
            # A window that opens while locked (a message from work finishing) is covered too.
            QTimer.singleShot(0, watched, lambda: self._cover_new(watched))  # not if deleted
        return False

    def _cover(self, window: QWidget) -> None:
        # Titles can name a young person: hide them too.
        self._covers.append((window, Cover(window), window.windowTitle()))
        window.setWindowTitle(LOCKED_TITLE)

    def _cover_new(self, window: QWidget) -> None:
        covered = any(w is window for w, _c, _t in self._covers)
        if self.screen is not None and window.isVisible() and not covered:
            self._cover(window)
            self.screen.raise_()
            self.screen.activateWindow()

    def lock(self) -> None:
        if self.screen is not None:
            return
        self.timer.stop()
        while (popup := QApplication.activePopupWidget()) is not None:
            popup.close()  # open menus and lists would float above the covers
        for window in QApplication.topLevelWidgets():
            if window.isVisible() and not isinstance(window, LockScreen):
                self._cover(window)
        screen = LockScreen(self.user, self.minutes)
        screen.unlock_requested.connect(self._check_password)
        screen.sign_out_requested.connect(self.sign_out_requested)
        self.screen = screen
        screen.show()
        screen.raise_()
        screen.activateWindow()
        screen.password.setFocus()
        self.locked.emit()

    def _check_password(self, password: str) -> None:
        username = self.user.username

        def failed(exc: BaseException, tb: str) -> None:
            if self.screen is None:
                return
            if isinstance(exc, AuthenticationError):
                self.screen.show_problem(str(exc))
            else:
                self.screen.show_problem("Cannot check the password just now. Try again.")
                show_error(self.screen, exc, tb)

        self.runner.run(lambda: self.auth.sign_in(username, password), self._checked, failed)

    def _checked(self, user: CurrentUser) -> None:
        if self.screen is None:
            return
        if user.id != self.user.id:  # pragma: no cover - sign_in answers for this username
            self.screen.show_problem("That is not the account that was signed in.")
            return
        self.unlock()

    def unlock(self) -> None:
        """Uncover every window as it was; restart the countdown."""
        for window, cover, title in self._covers:
            window.removeEventFilter(cover)
            cover.hide()
            cover.deleteLater()
            window.setWindowTitle(title)
        self._covers.clear()
        if self.screen is not None:
            screen, self.screen = self.screen, None
            screen.hide()
            screen.deleteLater()
        self.timer.start()
        self.unlocked.emit()

    def stop(self) -> None:
        """Signing out or closing: no more locking, and no covers left behind."""
        self.timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        if self.screen is not None:
            self.unlock()
            self.timer.stop()
