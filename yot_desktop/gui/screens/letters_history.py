"""The Letters screen's History tab: the letters kept for one young person, newest first.

A kept letter can be opened again exactly as it was sent (the stored PDF), or saved as an
accessible web page or plain text for a reader who uses a screen reader.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from yot_desktop.gui.delivery_common import selected_row, table
from yot_desktop.gui.models import RowsModel
from yot_desktop.gui.screens.letters_preview import Shown
from yot_desktop.gui.screens.letters_words import sent_words, type_words
from yot_desktop.gui.tasks import OnError, TaskRunner
from yot_desktop.gui.widgets import named
from yot_desktop.services.container import Services
from yot_desktop.services.dto import CurrentUser
from yot_desktop.services.letters.service import LetterRecordRow
from yot_desktop.services.output_files import write_atomically


def _options(r: LetterRecordRow) -> str:
    parts = [r.audience.label]
    if r.easy_read:
        parts.append("easy read")
    if r.large_print:
        parts.append("large print")
    return ", ".join(parts)


HISTORY_COLUMNS = [
    ("Made", lambda r: r.created_at.strftime("%d/%m/%Y %H:%M")),
    ("Letter", lambda r: type_words(r.letter_type)),
    ("For", _options),
    ("Crime reference", lambda r: r.crime_reference),
    ("Sent", sent_words),
    ("Wording", lambda r: r.wording),
]


class LetterHistory(QWidget):
    """The History tab's page. `on_open(shown)` is handed a reopened letter for the preview;
    `on_saved(text)` says where the accessible text went."""

    def __init__(
        self,
        services: Services,
        user: CurrentUser,
        runner: TaskRunner,
        *,
        on_open: Callable[[Shown], None],
        on_saved: Callable[[str], None],
        on_error: OnError,
    ) -> None:
        super().__init__()
        named(self, "lettersHistoryPage", "Letter history")
        self.services, self.user, self.runner = services, user, runner
        self.on_open, self.on_saved, self.on_error = on_open, on_saved, on_error
        self.person: tuple[int, str] | None = None  # whose letters are listed

        self.label = named(
            QLabel("Choose a letter due to see that young person's letter history."),
            "lettersHistoryLabel",
            "Whose letter history",
        )
        self.label.setWordWrap(True)
        self.model: RowsModel[LetterRecordRow] = RowsModel(HISTORY_COLUMNS, self)
        self.view = table("lettersHistoryTable", "Letter history", self.model, (120, 110, 170, 120))
        self.reopen_button = named(
            QPushButton("Open the letter as sent"), "lettersReopen", "Open the stored letter"
        )
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
        layout.addWidget(self.view, 1)
        # For a reader who uses a screen reader: the same letter as a web page or plain text.
        self.text_button = named(
            QPushButton("Save as accessible text…"),
            "lettersSaveText",
            "Save the letter as accessible HTML or plain text, for a screen reader",
        )
        buttons = QHBoxLayout()
        buttons.addWidget(self.reopen_button)
        buttons.addWidget(self.text_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)

        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._enable())
        self.view.doubleClicked.connect(lambda *_: self.reopen())
        self.reopen_button.clicked.connect(self.reopen)
        self.text_button.clicked.connect(lambda: self.save_text())
        self._enable()

    def _enable(self) -> None:
        self.reopen_button.setEnabled(selected_row(self.view) is not None)
        self.text_button.setEnabled(self.reopen_button.isEnabled())

    def show_for(self, young_person_id: int, name: str) -> None:
        """List the letters kept for this young person."""
        self.person = (young_person_id, name)
        self.label.setText(f"Letters kept for {name}, newest first.")

        def load() -> tuple[LetterRecordRow, ...]:
            return self.services.letters.history(self.user, young_person_id)

        def loaded(rows: tuple[LetterRecordRow, ...]) -> None:
            self.model.set_rows(rows)
            self._enable()

        self.runner.run(load, loaded, self.on_error)

    def reload(self) -> None:
        """A letter was kept or sent: list this young person's letters again."""
        if self.person is not None:
            self.show_for(*self.person)

    def reopen(self) -> None:
        row: LetterRecordRow | None = selected_row(self.view)
        if row is None:
            return

        def load() -> bytes:
            return self.services.letters.reopen(self.user, row.id)

        def loaded(pdf: bytes) -> None:
            self.on_open(Shown(pdf, type_words(row.letter_type), row))

        self.runner.run(load, loaded, self.on_error)

    def save_text(self) -> None:
        """The chosen letter as kept, as an accessible web page (.html) or plain text."""
        row: LetterRecordRow | None = selected_row(self.view)
        if row is None:
            return
        suggested = f"{type_words(row.letter_type).lower().replace(' ', '-')}-" + (
            f"{row.crime_reference.replace('/', '-')}.html"
        )
        name, _ = QFileDialog.getSaveFileName(
            self,
            "Save letter as accessible text",
            str(Path.home() / suggested),
            "Web page for screen readers (*.html);;Plain text (*.txt)",
        )
        if not name:
            return
        path = Path(name)
        if path.suffix.lower() not in (".html", ".htm", ".txt"):
            path = path.with_suffix(".html")

        def write() -> Path:
            text = self.services.letters.accessible(
                self.user, row.id, plain=path.suffix.lower() == ".txt"
            )
            write_atomically(path, text.encode("utf-8"))
            return path

        self.runner.run(write, lambda p: self.on_saved(f"Saved to {p}."), self.on_error)
