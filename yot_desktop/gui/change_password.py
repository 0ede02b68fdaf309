"""Choose a new password: required after an administrator set the first one."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from yot_desktop.domain.errors import ValidationError
from yot_desktop.gui.tasks import TaskRunner
from yot_desktop.gui.widgets import named, style_as_error
from yot_desktop.services.container import Services
from yot_desktop.services.dto import CurrentUser

# The service's field names as this dialog labels them.
FIELD_LABELS = {"password": "New password", "current password": "Current password"}


class ChangePasswordDialog(QDialog):
    changed = Signal(object)

    def __init__(
        self,
        services: Services,
        runner: TaskRunner,
        user: CurrentUser,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("changePasswordDialog")
        self.setAccessibleName("Choose a new password")
        self.setWindowTitle("Choose a new password")
        self.services, self.runner, self.user = services, runner, user
        form = QFormLayout(self)
        intro = QLabel(
            "Your password was set by an administrator. Choose your own now: "
            "12 or more characters that you do not use anywhere else."
        )
        intro.setWordWrap(True)
        form.addRow(intro)
        self.current = named(QLineEdit(), "currentPasswordEdit", "Current password")
        self.new = named(QLineEdit(), "newPasswordEdit", "New password")
        self.confirm = named(QLineEdit(), "confirmPasswordEdit", "Confirm new password")
        for edit, label in (
            (self.current, "Current password"),
            (self.new, "New password"),
            (self.confirm, "Confirm new password"),
        ):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
            form.addRow(label, edit)
        self.problem = named(QLabel(), "changePasswordProblem", "Problem with the new password")
        self.problem.setWordWrap(True)
        style_as_error(self.problem)
        form.addRow(self.problem)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        named(buttons.button(QDialogButtonBox.StandardButton.Save), "changePasswordSave", "Save")
        named(
            buttons.button(QDialogButtonBox.StandardButton.Cancel), "changePasswordCancel", "Cancel"
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def save(self) -> None:
        if self.new.text() != self.confirm.text():
            self.problem.setText("The two new passwords are different; type the same one twice.")
            return
        current, new = self.current.text(), self.new.text()
        self.runner.run(
            lambda: self.services.auth.change_password(self.user, current, new),
            self._done,
            self._failed,
        )

    def _done(self, user: CurrentUser) -> None:
        self.changed.emit(user)
        self.accept()

    def _failed(self, exc: BaseException, _tb: str) -> None:
        if isinstance(exc, ValidationError):
            self.problem.setText(
                "\n".join(
                    f"{FIELD_LABELS.get(p.field, p.field.capitalize())}: {p.message}"
                    for p in exc.problems
                )
            )
        else:
            self.problem.setText(str(exc))
