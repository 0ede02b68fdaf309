"""Move a young person's case to another team (issue 11, point 4): the "Move to another
team…" button on the record, and its dialog.

The dialog says what moves and who loses access, asks for the team and the reason, and after
the move lists the sessions booked with workers outside the new team, to cancel or re-book.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QPushButton, QTableWidgetItem, QWidget

from yot_desktop.gui.dialogs.base import ServiceDialog
from yot_desktop.gui.forms.ui_transfer_dialog import Ui_TransferDialog
from yot_desktop.gui.tasks import TaskRunner
from yot_desktop.gui.widgets import configure_item_view, fit_to_screen, named
from yot_desktop.services.admin.transfer import TransferChoices, TransferDone
from yot_desktop.services.container import Services
from yot_desktop.services.dto import CurrentUser, PersonDetail

CHOOSE = "Choose a team"


class TransferDialog(ServiceDialog):
    """Before: what moves, to which team, why. After: what moved, and the sessions to cancel
    or re-book (layout: ui/transfer_dialog.ui)."""

    moved = Signal(object)  # TransferDone

    def __init__(
        self,
        services: Services,
        user: CurrentUser,
        runner: TaskRunner,
        person: PersonDetail,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(services, user, runner, parent)
        self.ui = Ui_TransferDialog()
        self.ui.setupUi(self)
        self.person = person
        self.choices: TransferChoices | None = None
        self.outcome: TransferDone | None = None  # not `done`: QDialog.done is virtual
        self.pages = self.ui.transferPages

        # --- before: what moves, to which team, why -----------------------------------------
        self.heading = self.ui.transferHeading
        self.heading.setText(f"Move {person.first_name} {person.last_name}'s case")
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.heading.setFont(font)
        self.explain = self.ui.transferExplain
        self.team = self.ui.transferTeam
        self.team.addItem(CHOOSE, "")
        self.reason = self.ui.transferReason
        self.reason.setFixedHeight(self.reason.fontMetrics().lineSpacing() * 4 + 12)
        self.why_not = self.ui.transferWhyNot
        self.cancel_button = self.ui.transferCancel
        self.move_button = self.ui.transferMove

        # --- after: what moved, and the sessions to cancel or re-book -----------------------
        self.result_label = self.ui.transferResult
        self.sessions_note = self.ui.transferSessionsNote
        self.sessions = configure_item_view(self.ui.transferSessions)
        for column, width in enumerate((130, 200, 150)):
            self.sessions.setColumnWidth(column, width)
        self.close_button = self.ui.transferClose
        fit_to_screen(self, 640, 420)

        self.team.currentIndexChanged.connect(lambda _index: self._update())
        self.reason.textChanged.connect(self._update)
        self.cancel_button.clicked.connect(self.reject)
        self.move_button.clicked.connect(lambda: self.move_case())  # not (checked)
        self.close_button.clicked.connect(self.accept)
        self._update()
        person_id = person.id
        self.run(lambda: self.services.transfers.choices(self.user, person_id), self._loaded)

    # --- before ----------------------------------------------------------------------------
    def _loaded(self, choices: TransferChoices) -> None:
        self.choices = choices
        self.heading.setText(f"Move {choices.name}'s case ({choices.person_ref})")
        held = choices.from_team or "no team"
        self.explain.setText(
            f"Held now by {held}. Everything on the record moves with it: "
            f"{choices.counts.text()}. Practitioners of {held} will no longer see "
            "this young person; the new team's will."
        )
        for name in choices.teams:
            self.team.addItem(name, name)
        self._update()

    def _update(self) -> None:
        """Move case works once a team is chosen and a reason given; until then it says why."""
        why = ""
        if self.choices is None:
            why = "Waiting for the record's details"
        elif not self.choices.teams:
            why = "There is no other team to move the case to"
        elif not self.team.currentData():
            why = "Choose the team to move the case to"
        elif not self.reason.toPlainText().strip():
            why = "Give the reason for the move: it is kept with the record"
        self.move_button.setEnabled(not why)
        self.move_button.setToolTip(why or "Move the case to the chosen team")
        self.move_button.setAccessibleDescription(why)
        self.why_not.setText(why)

    def move_case(self) -> None:
        if self.choices is None or not self.move_button.isEnabled():
            return
        ref, team = self.choices.person_ref, str(self.team.currentData())
        reason = self.reason.toPlainText()
        self.move_button.setEnabled(False)
        self.cancel_button.setEnabled(False)
        self.move_button.setText("Moving…")
        self.run(
            lambda: self.services.transfers.transfer(self.user, ref, team, reason),
            self._moved,
            self._move_failed,
        )

    def _move_failed(self, exc: BaseException, tb: str) -> None:
        self.move_button.setText("Move case")
        self.cancel_button.setEnabled(True)
        self._update()
        self._failed(exc, tb)

    # --- after -----------------------------------------------------------------------------
    def _moved(self, done: TransferDone) -> None:
        self.outcome = done
        lines = [done.summary()]
        if done.unallocated:
            n = done.unallocated
            lines.append(
                f"{n} open referral{'' if n == 1 else 's'} had a worker outside "
                f"{done.to_team} and {'is' if n == 1 else 'are'} now unallocated: "
                "the new team's manager allocates a worker."
            )
        self.result_label.setText("\n".join(lines))
        if done.to_review:
            self.sessions_note.setText(
                f"These sessions are booked with workers outside {done.to_team}, who can no "
                "longer open the record. Cancel or re-book each one from the Calendar."
            )
        else:
            self.sessions_note.setText("No sessions need re-booking.")
        self.sessions.setVisible(bool(done.to_review))
        self.sessions.setRowCount(len(done.to_review))
        for row, session in enumerate(done.to_review):
            cells = (
                f"{session.starts_at:%d/%m/%Y %H:%M}",
                session.what,
                session.worker,
                session.crime_reference,
            )
            for column, text in enumerate(cells):
                self.sessions.setItem(row, column, QTableWidgetItem(text))
        self.pages.setCurrentIndex(1)
        self.close_button.setDefault(True)
        self.close_button.setFocus()
        self.moved.emit(done)


class TransferButton(QPushButton):
    """On the record's Overview, for managers: opens the dialog for the record shown."""

    moved = Signal(object)  # TransferDone

    def __init__(
        self,
        services: Services,
        user: CurrentUser,
        runner: TaskRunner,
        person: Callable[[], PersonDetail | None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("Move to another team…", parent)
        named(
            self,
            "transferButton",
            "Move to another team",
            "Move this young person's case, with everything on it, to another team",
        )
        self.services, self.user, self.runner = services, user, runner
        self._person = person
        self.dialog: TransferDialog | None = None
        self.clicked.connect(lambda: self.open_dialog())

    def open_dialog(self) -> None:
        person = self._person()
        if person is None:
            return
        self.dialog = TransferDialog(self.services, self.user, self.runner, person, self.window())
        self.dialog.moved.connect(self.moved)
        self.dialog.open()
