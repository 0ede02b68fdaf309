"""Managers enter the licensed CRAFFT 2.1 question wording, once, for everyone.

CRAFFT is copyright Boston Children's Hospital. The app ships only short labels; a service
that holds a licence types (or pastes) its own copy of the questions here.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QLabel, QPlainTextEdit, QWidget

from yot_desktop.domain.crafft import WORDING_KEYS, short_label
from yot_desktop.gui.dialogs.base import ServiceDialog
from yot_desktop.gui.tasks import TaskRunner
from yot_desktop.gui.widgets import fit_to_screen, named
from yot_desktop.services.container import Services
from yot_desktop.services.dto import CurrentUser


class CrafftWordingDialog(ServiceDialog):
    saved = Signal(object)

    def __init__(
        self,
        services: Services,
        user: CurrentUser,
        runner: TaskRunner,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            services,
            user,
            runner,
            parent,
            name="crafftWordingDialog",
            title="CRAFFT 2.1 question wording",
        )
        form = QFormLayout(self)
        note = named(
            QLabel(
                "CRAFFT 2.1 is copyright Boston Children's Hospital. Enter the questions "
                "exactly as your licensed copy words them. Practitioners then see this wording "
                "on the screening form. Leave a question blank to show its short label instead."
            ),
            "crafftWordingNote",
            "About the wording",
        )
        note.setWordWrap(True)
        form.addRow(note)
        self.edits: dict[str, QPlainTextEdit] = {}
        for i, key in enumerate(WORDING_KEYS):
            if i == 0:
                form.addRow(QLabel("<b>Part A</b>: days of use in the past 12 months"))
            elif key == "car":
                form.addRow(QLabel("<b>Part B</b>: yes or no"))
            label = short_label(key)
            edit = named(
                QPlainTextEdit(),
                f"crafftWording_{key}",
                f"Wording for {label}",
                "The licensed question text",
            )
            edit.setTabChangesFocus(True)
            edit.setFixedHeight(edit.fontMetrics().lineSpacing() * 3 + 12)
            edit.setPlaceholderText(f"Blank: shows “{label}”")
            self.edits[key] = edit
            form.addRow(label, edit)
        self.button_box = self.ok_cancel("Save wording")
        form.addRow(self.button_box)
        fit_to_screen(self, 640, 720)
        self.run(lambda: self.services.screening.wording(self.user), self._show)

    def _show(self, wording: dict[str, str]) -> None:
        for key, edit in self.edits.items():
            edit.setPlainText(wording.get(key, ""))

    def value(self) -> dict[str, str]:
        return {key: edit.toPlainText() for key, edit in self.edits.items()}

    def accept(self) -> None:
        wording = self.value()
        self.save_then_close(
            lambda: self.services.screening.set_wording(self.user, wording), self.saved
        )
