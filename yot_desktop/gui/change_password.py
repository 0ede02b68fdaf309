"""Choose a new password: required after an administrator set the first one (layout:
ui/change_password_dialog.ui)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QWidget

from yot_desktop.domain.errors import ValidationError
from yot_desktop.gui.forms.ui_change_password_dialog import Ui_ChangePasswordDialog
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
        self.ui = Ui_ChangePasswordDialog()
        self.ui.setupUi(self)
        self.services, self.runner, self.user = services, runner, user
        self.current = self.ui.currentPasswordEdit
        self.new = self.ui.newPasswordEdit
        self.confirm = self.ui.confirmPasswordEdit
        self.problem = style_as_error(self.ui.changePasswordProblem)
        buttons = self.ui.buttonBox
        named(buttons.button(QDialogButtonBox.StandardButton.Save), "changePasswordSave", "Save")
        named(
            buttons.button(QDialogButtonBox.StandardButton.Cancel), "changePasswordCancel", "Cancel"
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)

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
