"""Letters: what is due, a preview of each letter, print, save as PDF, mark as sent, batch
printing with progress and cancel, and each young person's letter history.

The screen puts its parts together: the Due and History tabs (letters_due, letters_history),
the preview and its actions (letters_preview), and saving and printing (letters_output). All
database work and all letter rendering run in the TaskRunner; the GUI thread only shows PDF
bytes it is handed (QPdfDocument); printing runs in the TaskRunner too (gui/printing.py).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from yot_desktop.domain.permissions import Permission, allowed
from yot_desktop.gui.screens.letters_due import DueLetters
from yot_desktop.gui.screens.letters_history import LetterHistory
from yot_desktop.gui.screens.letters_output import LetterOutput
from yot_desktop.gui.screens.letters_preview import LetterPreview, Shown
from yot_desktop.gui.screens.letters_words import type_words
from yot_desktop.gui.screens.template_editor import TemplateEditor
from yot_desktop.gui.tasks import TaskRunner, errors_over
from yot_desktop.gui.widgets import named
from yot_desktop.services.changes import Changes
from yot_desktop.services.container import Services
from yot_desktop.services.dto import CurrentUser
from yot_desktop.services.letters.service import (
    LetterDueItem,
    LetterRecordRow,
    LetterRequest,
    MadeLetter,
    with_options,
)

__all__ = ["LettersScreen"]


class LettersScreen(QWidget):
    def __init__(
        self,
        services: Services,
        user: CurrentUser,
        runner: TaskRunner,
        today: Callable[[], date] = date.today,
    ) -> None:
        super().__init__()
        self.setObjectName("lettersScreen")
        self.setAccessibleName("Letters")
        self.services, self.user, self.runner = services, user, runner
        self._failed = errors_over(self)
        self.allowed = allowed(user.role, Permission.PRINT_LETTERS)

        heading = QLabel("Letters")
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        heading.setFont(font)
        named(heading, "lettersHeading", "Letters")

        self.due = DueLetters(
            services,
            user,
            runner,
            today,
            on_rows=self._due_loaded,
            on_kept=self._enable,
            on_error=self._failed,
        )
        self.history = LetterHistory(
            services,
            user,
            runner,
            on_open=lambda shown: self.pane.show_document(shown),
            on_saved=lambda text: self.pane.say(text),
            on_error=self._failed,
        )
        self.tabs = named(QTabWidget(), "lettersTabs", "Letters due and history")
        self.tabs.addTab(self.due, "Due")
        self.tabs.addTab(self.history, "History")
        self.pane = LetterPreview(lambda: self.due.chosen() is not None, self.allowed)
        self.output = LetterOutput(services, user, runner, self, self.pane, self._failed)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        named(splitter, "lettersSplitter", "Letters list and preview")
        splitter.addWidget(self.tabs)
        splitter.addWidget(self.pane)
        splitter.setSizes([520, 480])
        self.templates_button = named(
            QPushButton("Edit letter wording…"),
            "lettersEditTemplates",
            "Edit letter wording",
            "Open the template editor: change or translate the wording of a letter",
        )
        self.templates_button.setVisible(allowed(user.role, Permission.MANAGE_TEMPLATES))
        self.templates_button.clicked.connect(self.open_template_editor)
        self.template_editor: TemplateEditor | None = None
        top = QHBoxLayout()
        top.addWidget(heading)
        top.addStretch(1)
        top.addWidget(self.templates_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)

        self.due.refresh_button.clicked.connect(self.refresh)
        self.due.batch_button.clicked.connect(self.print_batch)
        self.due.view.selectionModel().currentRowChanged.connect(lambda *_: self._due_chosen())
        self.pane.preview_button.clicked.connect(self.preview)
        self.pane.save_button.clicked.connect(self.save)
        self.pane.print_button.clicked.connect(self.print_letter)
        self.pane.sent_button.clicked.connect(self.mark_sent)
        self._enable()
        if not self.allowed:
            self.tabs.setEnabled(False)
            self.due.refresh_button.setEnabled(False)
            self.due.empty.setText(
                f"Your role ({user.role.label}) does not print letters. Practitioners and "
                "managers make and send letters to families."
            )

    def open_template_editor(self) -> TemplateEditor:
        """The managers' wording editor, in its own window (one at a time)."""
        if self.template_editor is None:
            self.template_editor = TemplateEditor(self.services, self.user, self.runner, self)
            self.template_editor.finished.connect(self._template_editor_closed)
        self.template_editor.show()
        self.template_editor.raise_()
        return self.template_editor

    def _template_editor_closed(self) -> None:
        if self.template_editor is not None:
            self.template_editor.deleteLater()
            self.template_editor = None

    # --- state ---------------------------------------------------------------------------
    def _request(self) -> LetterRequest | None:
        item = self.due.chosen()
        if item is None:
            return None
        return with_options(item.request, *self.pane.options())

    def _enable(self) -> None:
        self.pane.enable()
        self.due.batch_button.setEnabled(self.allowed and self.due.model.rowCount() > 0)

    # --- due list ------------------------------------------------------------------------
    def refresh(self) -> None:
        """Load the letters due (the main window calls this when the screen is shown)."""
        if self.allowed:
            self.due.refresh()

    def live_refresh(self, changes: Changes) -> None:
        """Another PC made, sent or queued letters, or booked sessions: reload the letters due
        where the list is, keeping the chosen letter (its preview stays as it is)."""
        if self.allowed and changes.touches(
            "letters_queue", "letter_history", "sessions", "referrals", "young_people", "carers"
        ):
            self.due.reload_in_place()

    def _due_loaded(self, rows: tuple[LetterDueItem, ...]) -> None:
        if self.pane.shown is None:
            noun = "letter" if len(rows) == 1 else "letters"
            self.pane.say(f"{len(rows)} {noun} due." if rows else "")
        self._enable()

    def _due_chosen(self) -> None:
        item = self.due.chosen()
        self._enable()
        if item is None:
            return
        self.history.show_for(item.young_person_id, item.person_name)
        self.preview()

    # --- preview -------------------------------------------------------------------------
    def preview(self) -> None:
        request = self._request()
        if request is None:
            return
        title = type_words(request.letter_type)

        def render() -> tuple[bytes, tuple[str, ...]]:
            letters = self.services.letters
            return letters.preview(self.user, request), letters.warnings(self.user, request)

        def rendered(result: tuple[bytes, tuple[str, ...]]) -> None:
            pdf, warnings = result
            if self._request() == request:  # the user has not moved on meanwhile
                self.pane.show_document(Shown(pdf, title, request=request))
                self.pane.warn(warnings)

        self.pane.say("Preparing the preview…")
        self.runner.run(render, rendered, self._failed)

    # --- making, saving, printing, sending -----------------------------------------------
    def _with_document(self, then: Callable[[Shown], None]) -> None:
        """The letter to save or print: a chosen due letter is made (and kept) first;
        otherwise the document already shown (a reopened letter or a batch)."""
        request = self._request()
        if request is None or self.tabs.currentIndex() != 0:
            if self.pane.shown is not None:
                then(self.pane.shown)
            return
        shown = self.pane.shown
        if shown is not None and shown.record is not None and shown.request == request:
            then(shown)  # already made and kept: save or print that very letter
            return

        def make() -> MadeLetter:
            return self.services.letters.make(self.user, request)

        def made(result: MadeLetter) -> None:
            shown = Shown(result.pdf, type_words(result.record.letter_type), result.record, request)
            self.pane.show_document(shown)
            self.pane.warn(result.warnings)
            self.refresh()
            self.history.reload()  # the letter just kept shows in the history
            then(shown)

        self.runner.run(make, made, self._failed)

    def save(self) -> None:
        self._with_document(self.output.save_as_pdf)

    def print_letter(self) -> None:
        self._with_document(self.output.print_document)

    def print_batch(self) -> None:
        """Every letter shown, made and kept with the options chosen, printed in one go."""
        wanted = self.due.rows()
        if wanted:
            first, last = self.due.dates()
            self.output.batch(wanted, self.pane.options(), first, last, on_kept=self.refresh)

    def mark_sent(self) -> None:
        shown = self.pane.shown
        if shown is None or shown.record is None:
            return
        record, method = shown.record, self.pane.method.currentData()
        title, pdf, request = shown.title, shown.pdf, shown.request

        def send() -> LetterRecordRow:
            return self.services.letters.mark_sent(self.user, record.id, method, record.version)

        def sent(row: LetterRecordRow) -> None:
            self.pane.show_document(Shown(pdf, title, row, request))
            self.refresh()
            self.history.reload()

        self.runner.run(send, sent, self._failed)
