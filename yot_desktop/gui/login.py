"""The sign-in dialog (layout: ui/login_dialog.ui)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QDialog, QWidget

from yot_desktop.domain.errors import AuthenticationError
from yot_desktop.gui.forms.ui_login_dialog import Ui_LoginDialog
from yot_desktop.gui.tasks import TaskRunner
from yot_desktop.gui.widgets import style_as_error

if TYPE_CHECKING:  # the sign-in window opens before the database libraries are loaded
    from yot_desktop.services.container import Services
    from yot_desktop.services.dto import CurrentUser


class LoginDialog(QDialog):
    """Signs in on a worker thread; emits `signed_in` and accepts on success.

    Made without services, it is the window a person sees at once on start-up, while the
    database opens behind it: they can type, and Sign in is enabled by `ready`."""

    signed_in = Signal(object)
    change_database = Signal()

    def __init__(
        self,
        services: Services | None,
        runner: TaskRunner,
        database_text: str,
        username: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ui = Ui_LoginDialog()
        self.ui.setupUi(self)
        self.services = services
        self.runner = runner
        font = QFont(self.ui.titleLabel.font())
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.ui.titleLabel.setFont(font)
        self.ui.databaseLabel.setText(database_text)
        style_as_error(self.ui.errorLabel)
        self.ui.errorLabel.hide()
        self.ui.usernameEdit.setText(username)
        self.ui.signInButton.clicked.connect(self.sign_in)
        self.ui.cancelButton.clicked.connect(self.reject)
        self.ui.changeDatabaseButton.clicked.connect(self._change_database)
        (self.ui.passwordEdit if username else self.ui.usernameEdit).setFocus()
        self.user: CurrentUser | None = None
        if services is None:
            self.ui.signInButton.setEnabled(False)
            self.ui.signInButton.setToolTip("The database is still opening")

    def ready(self, services: Services, database_text: str) -> None:
        """The database is open: say which one, and let the person sign in."""
        self.services = services
        self.ui.databaseLabel.setText(database_text)
        self.ui.signInButton.setEnabled(True)
        self.ui.signInButton.setToolTip("")

    def _change_database(self) -> None:
        self.change_database.emit()
        self.reject()

    def show_problem(self, message: str) -> None:
        self.ui.errorLabel.setText(message)
        self.ui.errorLabel.show()

    def sign_in(self) -> None:
        if self.services is None:
            return  # still opening: Sign in is disabled meanwhile
        username = self.ui.usernameEdit.text().strip()
        password = self.ui.passwordEdit.text()
        if not username:
            self.show_problem("Enter your user name.")
            self.ui.usernameEdit.setFocus()
            return
        if not password:
            self.show_problem("Enter your password.")
            self.ui.passwordEdit.setFocus()
            return
        self.ui.signInButton.setEnabled(False)
        self.ui.errorLabel.hide()
        services = self.services
        self.runner.run(lambda: services.auth.sign_in(username, password), self._done, self._failed)

    def _done(self, user: CurrentUser) -> None:
        self.user = user
        self.ui.signInButton.setEnabled(True)
        self.signed_in.emit(user)
        self.accept()

    def _failed(self, exc: BaseException, _tb: str) -> None:
        self.ui.signInButton.setEnabled(True)
        self.ui.passwordEdit.clear()
        self.ui.passwordEdit.setFocus()
        if isinstance(exc, AuthenticationError):
            self.show_problem(str(exc))
        else:
            self.show_problem(f"Cannot reach the database: {exc}")
