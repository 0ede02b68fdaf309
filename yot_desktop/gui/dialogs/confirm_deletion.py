"""The retention review's confirmation: names what will be lost and asks why.

"Delete for good" does not close the dialog: it emits `confirmed` with the reason typed, and
the Retention screen closes it once the records are deleted. When the service refuses (the
record changed since the review, a reason that names the child, a record no longer due), the
screen shows why in the dialog itself, with the reason kept, so the person can put it right
and delete again, or cancel.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialogButtonBox, QPushButton, QWidget

from yot_desktop.gui.dialogs.base import Dialog
from yot_desktop.gui.forms.ui_confirm_deletion_dialog import Ui_ConfirmDeletionDialog
from yot_desktop.gui.widgets import named, style_as_error
from yot_desktop.services.admin.retention import DeletionPreview, lost_text, lost_total

MIN_REASON = 5  # the service asks for 5 to 200 characters


def what_is_lost(previews: Sequence[DeletionPreview]) -> str:
    if len(previews) == 1:
        p = previews[0]
        who = f"the record of {p.name} ({p.person_ref})"
    else:
        who = f"{len(previews)} records: " + ", ".join(
            f"{p.name} ({p.person_ref})" for p in previews
        )
    return (
        f"You are about to delete {who}.\n\n"
        f"This removes {lost_text(lost_total(previews))}, for good. "
        "It cannot be undone.\n\n"
        "The audit log keeps a note that the record was deleted, by you and why, "
        "without any personal data."
    )


class ConfirmDeletion(Dialog):
    """Names what will be lost and asks for a reason; Cancel is the default (layout:
    ui/confirm_deletion_dialog.ui)."""

    confirmed = Signal(str)  # the reason, as typed

    def __init__(self, previews: Sequence[DeletionPreview], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_ConfirmDeletionDialog()
        self.ui.setupUi(self)
        self.previews: list[DeletionPreview] = list(previews)
        self.working = False
        self.summary = self.ui.confirmDeletionSummary
        self.problem = style_as_error(self.ui.confirmDeletionProblem)
        self.problem.hide()
        self.reason = self.ui.retentionReasonEdit
        buttons = self.ui.confirmDeletionButtons
        self.delete_button = buttons.addButton(
            "Delete for good", QDialogButtonBox.ButtonRole.DestructiveRole
        )
        named(self.delete_button, "confirmDeletionButton", "Delete for good")
        cancel = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button: QPushButton = named(cancel, "cancelDeletionButton", "Cancel")
        self.cancel_button.setDefault(True)
        self.delete_button.setAutoDefault(False)
        self.delete_button.clicked.connect(self._confirm)
        self.cancel_button.clicked.connect(self.reject)
        self.reason.textChanged.connect(lambda _text: self._enable())
        self._show_previews()

    def _show_previews(self) -> None:
        if self.previews:
            self.summary.setText(what_is_lost(self.previews))
        else:
            self.summary.setText("There is nothing left to delete here.")
        self._enable()

    def _enable(self) -> None:
        ready = bool(self.previews) and len(self.reason.text().strip()) >= MIN_REASON
        self.delete_button.setEnabled(ready and not self.working)
        self.reason.setEnabled(bool(self.previews) and not self.working)
        self.cancel_button.setEnabled(not self.working)

    def _confirm(self) -> None:
        if self.delete_button.isEnabled():
            self.confirmed.emit(self.reason.text())

    def set_working(self, working: bool) -> None:
        """While the records are being deleted: no second press, no closing."""
        self.working = working
        self._enable()

    def refused(self, why: str, previews: Sequence[DeletionPreview]) -> None:
        """Show why records were not deleted; `previews` are those that may be tried again,
        as they are now (a record changed since the review shows what it holds now)."""
        self.previews = list(previews)
        self.working = False
        self.problem.setText(why)
        self.problem.show()
        self.reason.setAccessibleDescription(why)
        self._show_previews()
        if not self.previews:
            self.cancel_button.setText("Close")
            self.cancel_button.setAccessibleName("Close")
        self.adjustSize()
        (self.reason if self.previews else self.cancel_button).setFocus()

    def reject(self) -> None:
        if not self.working:  # Esc while deleting would hide the refusal to come
            super().reject()
