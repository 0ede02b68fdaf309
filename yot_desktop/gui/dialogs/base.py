"""What every dialog sets up, written once (issue 13, point 4).

`Dialog` holds a dialog's name, accessible name and window title (a Designer form sets them
itself: pass none), its accepting and Cancel buttons, named and wired, and "check before
closing": `check_input()` raises a ValidationError for what must be put right, and the problems are
shown over the dialog, by field, with the typing kept.

`ServiceDialog` adds what a dialog that reads or saves needs: the services, the signed-in user,
the task runner, one error hook (`_failed`: a refusal in a box over the dialog) and
`save_then_close`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import SignalInstance
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QMessageBox, QPushButton, QWidget

from yot_desktop.domain.errors import ValidationError
from yot_desktop.gui.errors import show_error
from yot_desktop.gui.tasks import OnError, TaskRunner, errors_over
from yot_desktop.gui.widgets import named

if TYPE_CHECKING:
    from yot_desktop.services.container import Services
    from yot_desktop.services.dto import CurrentUser

T = TypeVar("T")
OK = QDialogButtonBox.StandardButton.Ok
SAVE = QDialogButtonBox.StandardButton.Save
CANCEL = QDialogButtonBox.StandardButton.Cancel


class Dialog(QDialog):
    """A dialog's name, title and buttons, and a check of what was typed before it closes."""

    error_box: QMessageBox  # the last problem shown over the dialog

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        name: str = "",
        title: str = "",
        accessible_name: str = "",
    ) -> None:
        super().__init__(parent)
        if name:
            self.setObjectName(name)
            self.setAccessibleName(accessible_name or title)
            self.setWindowTitle(title)

    def check_input(self) -> None:
        """Raise a ValidationError naming what must be put right before the dialog closes."""

    def accept(self) -> None:
        """Close as accepted once `check_input` finds nothing wrong; otherwise the problems are
        explained over the dialog and the typing is kept to correct."""
        try:
            self.check_input()
        except ValidationError as err:
            self.refuse(err)
            return
        super().accept()

    def refuse(self, err: ValidationError) -> None:
        """Show what was typed wrong, by field, in a box over the dialog (kept as error_box)."""
        self.error_box = show_error(self, err)

    def wire_buttons(
        self,
        box: QDialogButtonBox,
        ok: tuple[str, str],
        cancel: str,
        *,
        ok_text: str = "",
        on_ok: Callable[[], None] | None = None,
    ) -> QPushButton:
        """Name the box's accepting button (Ok or Save: `ok` is its object and accessible
        name; `ok_text` its words, when not the standard ones) and its Cancel button (`cancel`),
        and wire them: the accepting one to `on_ok` (accept when None), Cancel to reject.
        Returns the accepting button."""
        button = box.button(OK) or box.button(SAVE)
        if ok_text:
            button.setText(ok_text)
        named(button, *ok)
        named(box.button(CANCEL), cancel, "Cancel")
        box.accepted.connect(on_ok or self.accept)
        box.rejected.connect(self.reject)
        return button

    def ok_cancel(
        self,
        ok_text: str,
        box: QDialogButtonBox | None = None,
        *,
        on_ok: Callable[[], None] | None = None,
    ) -> QDialogButtonBox:
        """The OK and Cancel box the record's dialogs share (`box` from a Designer form, or a
        new one): OK reads `ok_text`; the buttons are dialogOkButton and dialogCancelButton."""
        if box is None:
            box = QDialogButtonBox(OK | CANCEL)
            box.setObjectName("dialogButtons")
        self.wire_buttons(
            box, ("dialogOkButton", ok_text), "dialogCancelButton", ok_text=ok_text, on_ok=on_ok
        )
        return box


class ServiceDialog(Dialog):
    """A dialog that reads or saves through the services, on the task runner."""

    def __init__(
        self,
        services: Services,
        user: CurrentUser,
        runner: TaskRunner,
        parent: QWidget | None = None,
        *,
        name: str = "",
        title: str = "",
        accessible_name: str = "",
    ) -> None:
        super().__init__(parent, name=name, title=title, accessible_name=accessible_name)
        self.services, self.user, self.runner = services, user, runner
        self._failed = errors_over(self)

    def run(
        self,
        work: Callable[[], T],
        done: Callable[[T], None],
        failed: OnError | None = None,
    ) -> None:
        """Run `work` on the task runner; a failure goes to `failed`, else over the dialog."""
        self.runner.run(work, done, failed or self._failed)

    def save_then_close(self, work: Callable[[], T], saved: SignalInstance) -> None:
        """Save on the task runner; once saved, `saved` carries the result and the dialog
        closes as accepted. A refusal is shown over the dialog, which stays open with what
        was typed."""

        def done(result: T) -> None:
            saved.emit(result)
            QDialog.accept(self)  # saved: not this dialog's accept, which would save again

        self.run(work, done)
