"""The young person's Letters tab: every letter made for them, and the exact PDF kept.

"Open" asks the letters service for the stored bytes (checked against their checksum) and
hands them to the system's PDF viewer through a private temporary file. The file name holds
only the letter's number, never the child's name, and the folder is removed when the app ends.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from yot_desktop.domain.permissions import Permission, allowed
from yot_desktop.gui.models import RowsModel
from yot_desktop.gui.screens.letters_history import HISTORY_COLUMNS
from yot_desktop.gui.tasks import TaskRunner, errors_over
from yot_desktop.gui.widgets import configure_item_view, named
from yot_desktop.services.container import Services
from yot_desktop.services.dto import CurrentUser
from yot_desktop.services.letters.service import LetterRecordRow

_PRIVATE_DIR: Path | None = None


def private_copy(record_id: int, pdf: bytes) -> Path:
    """Write `pdf` to this session's private temporary folder (readable by this user only)."""
    global _PRIVATE_DIR
    if _PRIVATE_DIR is None or not _PRIVATE_DIR.is_dir():
        _PRIVATE_DIR = Path(tempfile.mkdtemp(prefix="yot-letters-"))
        atexit.register(shutil.rmtree, _PRIVATE_DIR, ignore_errors=True)
    path = _PRIVATE_DIR / f"letter-{record_id}.pdf"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(pdf)
    return path


class PersonLetters(QWidget):
    def __init__(self, services: Services, user: CurrentUser, runner: TaskRunner) -> None:
        super().__init__()
        self._failed = errors_over(self)
        self.setObjectName("lettersTab")
        self.services, self.user, self.runner = services, user, runner
        self.person_id: int | None = None
        self.can_see = allowed(user.role, Permission.PRINT_LETTERS)
        layout = QVBoxLayout(self)
        self.model: RowsModel[LetterRecordRow] = RowsModel(HISTORY_COLUMNS, self)
        self.table = named(QTableView(), "personLettersTable", "Letters made for this young person")
        configure_item_view(self.table)
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        for col, width in enumerate((120, 130, 150, 120)):
            self.table.setColumnWidth(col, width)
        self.table.doubleClicked.connect(lambda _i: self.open_letter())
        self.table.selectionModel().selectionChanged.connect(self._enable)
        self.note = named(QLabel(), "personLettersNote", "About the letters")
        self.note.setWordWrap(True)
        self.open_button = named(
            QPushButton("Open"),
            "openLetterButton",
            "Open the letter",
            "Opens the exact PDF that was made, in your PDF viewer",
        )
        self.open_button.clicked.connect(self.open_letter)
        row = QHBoxLayout()
        row.addWidget(self.note, 1)
        row.addWidget(self.open_button)
        layout.addWidget(self.table)
        layout.addLayout(row)
        self.opened: Path | None = None
        self._enable()

    def load(self, person_id: int) -> None:
        self.person_id = person_id
        self.model.set_rows(())
        if not self.can_see:
            self.note.setText("Your role does not include letters.")
            self._enable()
            return
        self.runner.run(
            lambda: self.services.letters.history(self.user, young_person_id=person_id),
            lambda rows: self._loaded(person_id, rows),
            self._failed,
        )

    def _loaded(self, person_id: int, rows: tuple[LetterRecordRow, ...]) -> None:
        if person_id != self.person_id:
            return  # another young person was picked meanwhile
        self.model.set_rows(rows)
        self.note.setText(
            "No letters made yet. Letters are made on the Letters screen."
            if not rows
            else "Double-click a letter, or pick it and press Open, to see it exactly as made."
        )
        self._enable()

    def picked(self) -> LetterRecordRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def _enable(self) -> None:
        self.open_button.setEnabled(self.picked() is not None)

    def open_letter(self) -> None:
        row = self.picked()
        if row is None:
            return
        record_id = row.id

        def fetch() -> Path:
            return private_copy(record_id, self.services.letters.reopen(self.user, record_id))

        self.runner.run(fetch, self._show, self._failed)

    def _show(self, path: Path) -> None:
        self.opened = path
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
            self.note.setText(f"No PDF viewer opened the letter. It is saved at {path}.")
