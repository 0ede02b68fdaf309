"""Letters: what is due, a preview of each letter, print, save as PDF, mark as sent, batch
printing with progress and cancel, and each young person's letter history.

All database work and all letter rendering run in the TaskRunner; the GUI thread only shows
PDF bytes it is handed (QPdfDocument); printing runs in the TaskRunner too (gui/printing.py).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QObject, Qt, Signal
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QProgressDialog,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from yot_desktop.domain.enums import Audience, LetterType
from yot_desktop.domain.permissions import Permission, allowed
from yot_desktop.gui.delivery_common import dmy, selected_row, table, to_date, to_qdate
from yot_desktop.gui.errors import show_error
from yot_desktop.gui.live_refresh import PlaceKeeper
from yot_desktop.gui.models import RowsModel
from yot_desktop.gui.printing import Printed, print_pdf
from yot_desktop.gui.screens.template_editor import TemplateEditor
from yot_desktop.gui.tasks import TaskRunner
from yot_desktop.gui.widgets import named, never_squeezed
from yot_desktop.letters import Cancelled
from yot_desktop.services.changes import Changes
from yot_desktop.services.container import Services
from yot_desktop.services.dto import CurrentUser
from yot_desktop.services.letters.service import (
    BatchResult,
    LetterDueItem,
    LetterRecordRow,
    LetterRequest,
    MadeLetter,
    with_options,
)
from yot_desktop.services.output_files import write_atomically

SENT_METHODS = [("Post", "post"), ("Email", "email"), ("By hand", "hand")]


def type_words(t: LetterType) -> str:
    return t.value.replace("_", " ").capitalize()


DUE_COLUMNS = [
    ("Due for", lambda i: dmy(i.due_for)),
    ("Letter", lambda i: type_words(i.letter_type)),
    ("Crime reference", lambda i: i.crime_reference),
    ("Young person", lambda i: i.person_name),
    ("Why", lambda i: "Booked session" if i.source == "booking" else "Queued by an event"),
]


def _options(r: LetterRecordRow) -> str:
    parts = [r.audience.label]
    if r.easy_read:
        parts.append("easy read")
    if r.large_print:
        parts.append("large print")
    return ", ".join(parts)


def _sent(r: LetterRecordRow) -> str:
    if r.sent_at is None:
        return "Not yet sent"
    method = {v: k for k, v in SENT_METHODS}.get(r.sent_method, r.sent_method)
    return f"{method}, {dmy(r.sent_at.date())}"


HISTORY_COLUMNS = [
    ("Made", lambda r: r.created_at.strftime("%d/%m/%Y %H:%M")),
    ("Letter", lambda r: type_words(r.letter_type)),
    ("For", _options),
    ("Crime reference", lambda r: r.crime_reference),
    ("Sent", _sent),
    ("Wording", lambda r: r.wording),
]


@dataclass
class Shown:
    """The document in the preview: bytes, and the history record when it was kept."""

    pdf: bytes
    title: str
    record: LetterRecordRow | None = None
    request: LetterRequest | None = None


class _Progress(QObject):
    """Carries batch progress from the worker thread to the dialog (queued signal)."""

    step = Signal(int, int)


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
        self.shown: Shown | None = None
        self.history_person: tuple[int, str] | None = None
        self.progress_dialog: QProgressDialog | None = None
        self._cancel = threading.Event()
        self._relay = _Progress(self)
        self._relay.step.connect(self._batch_step)
        self._buffer: QBuffer | None = None
        self.printer: QPrinter | None = None
        self.print_progress: QProgressDialog | None = None
        self._print_cancel = threading.Event()
        self._print_relay = _Progress(self)
        self._print_relay.step.connect(self._print_step)
        # Dialog hooks (tests replace these; the real ones are the system dialogs).
        self.choose_save_path: Callable[[str], Path | None] = self._ask_save_path
        self.choose_printer: Callable[[], QPrinter | None] = self._ask_printer

        heading = QLabel("Letters")
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        heading.setFont(font)
        named(heading, "lettersHeading", "Letters")

        # --- due -------------------------------------------------------------------------
        self.first = named(QDateEdit(), "lettersFrom", "Letters due from")
        self.last = named(QDateEdit(), "lettersTo", "Letters due to")
        for edit in (self.first, self.last):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd/MM/yyyy")
        self.first.setDate(to_qdate(today() - timedelta(days=30)))
        self.last.setDate(to_qdate(today() + timedelta(days=7)))
        self.type_filter = named(QComboBox(), "lettersTypeFilter", "Letter type to show")
        self.type_filter.addItem("All letter types", None)
        self.type_filter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        for t in LetterType:
            self.type_filter.addItem(type_words(t), t)
        self.refresh_button = named(QPushButton("Refresh"), "lettersRefresh", "Refresh letters due")
        self.batch_button = named(
            QPushButton("Print all shown…"), "lettersBatch", "Print every letter shown in one go"
        )
        filters = QHBoxLayout()
        from_label = named(QLabel("From"), "lettersFromLabel", "From")
        to_label = named(QLabel("to"), "lettersToLabel", "to")
        for w in (from_label, self.first, to_label, self.last, self.refresh_button):
            filters.addWidget(w)
        filters.addStretch(1)
        # The type filter and the batch button on a row of their own: at 1024×700 one row
        # cut them off.
        batch_row = QHBoxLayout()
        batch_row.addWidget(self.type_filter)
        batch_row.addStretch(1)
        batch_row.addWidget(self.batch_button)
        never_squeezed(self.first, self.last, self.type_filter, self.refresh_button)

        self.due_model: RowsModel[LetterDueItem] = RowsModel(DUE_COLUMNS, self)
        self.due_view = table("lettersDueTable", "Letters due", self.due_model, (90, 120, 120, 180))
        self.due_place = PlaceKeeper(self.due_view)  # a live reload keeps the list where it was
        self.due_empty = named(
            QLabel(
                "No letters due in these dates. Letters appear here when sessions are booked, "
                "missed, or a programme ends."
            ),
            "lettersDueEmpty",
            "No letters due",
        )
        self.due_empty.setWordWrap(True)
        due_page = named(QWidget(), "lettersDuePage", "Letters due")
        due_layout = QVBoxLayout(due_page)
        due_layout.addLayout(filters)
        due_layout.addLayout(batch_row)
        due_layout.addWidget(self.due_view, 1)
        due_layout.addWidget(self.due_empty)

        # --- history ---------------------------------------------------------------------
        self.history_label = named(
            QLabel("Choose a letter due to see that young person's letter history."),
            "lettersHistoryLabel",
            "Whose letter history",
        )
        self.history_label.setWordWrap(True)
        self.history_model: RowsModel[LetterRecordRow] = RowsModel(HISTORY_COLUMNS, self)
        self.history_view = table(
            "lettersHistoryTable", "Letter history", self.history_model, (120, 110, 170, 120)
        )
        self.reopen_button = named(
            QPushButton("Open the letter as sent"), "lettersReopen", "Open the stored letter"
        )
        history_page = named(QWidget(), "lettersHistoryPage", "Letter history")
        history_layout = QVBoxLayout(history_page)
        history_layout.addWidget(self.history_label)
        history_layout.addWidget(self.history_view, 1)
        # For a reader who uses a screen reader: the same letter as a web page or plain text.
        self.text_button = named(
            QPushButton("Save as accessible text…"),
            "lettersSaveText",
            "Save the letter as accessible HTML or plain text, for a screen reader",
        )
        history_buttons = QHBoxLayout()
        history_buttons.addWidget(self.reopen_button)
        history_buttons.addWidget(self.text_button)
        history_buttons.addStretch(1)
        history_layout.addLayout(history_buttons)

        self.tabs = named(QTabWidget(), "lettersTabs", "Letters due and history")
        self.tabs.addTab(due_page, "Due")
        self.tabs.addTab(history_page, "History")

        # --- preview and actions -----------------------------------------------------------
        self.audience = named(QComboBox(), "lettersAudience", "Who the letter is for")
        self.audience.addItem("Usual reader", None)
        self.audience.addItem("Parent or carer", Audience.PARENT)
        self.audience.addItem("Young person", Audience.YOUNG_PERSON)
        self.easy_read = named(QComboBox(), "lettersEasyRead", "Easy read")
        self.easy_read.addItem("Easy read: automatic", None)
        self.easy_read.addItem("Easy read: yes", True)
        self.easy_read.addItem("Easy read: no", False)
        self.easy_read.setItemData(
            2, "The standard letter, even for a child under 13", Qt.ItemDataRole.ToolTipRole
        )
        self.large_print = named(QCheckBox("Large print"), "lettersLargePrint", "Large print")
        self.preview_button = named(QPushButton("Preview"), "lettersPreview", "Preview the letter")
        self.save_button = named(QPushButton("Save as PDF…"), "lettersSave", "Save as PDF")
        self.print_button = named(QPushButton("Print…"), "lettersPrint", "Print")
        self.method = named(QComboBox(), "lettersSentMethod", "How the letter was sent")
        for label, value in SENT_METHODS:
            self.method.addItem(label, value)
        self.sent_button = named(
            QPushButton("Mark as sent"), "lettersMarkSent", "Mark the letter as sent"
        )
        self.status = named(QLabel(""), "lettersStatus", "Letter status")
        self.status.setWordWrap(True)
        options = QGridLayout()  # two by two: one row was cut off at 1024×700
        for i, option in enumerate(
            (self.audience, self.easy_read, self.large_print, self.preview_button)
        ):
            never_squeezed(option)
            options.addWidget(option, i // 2, i % 2)
        options.setColumnStretch(2, 1)
        actions = QHBoxLayout()
        for action in (self.save_button, self.print_button, self.method, self.sent_button):
            actions.addWidget(action)
        actions.addStretch(1)

        self.document = QPdfDocument(self)
        self.document.setObjectName("lettersDocument")
        self.viewer = named(QPdfView(), "lettersPreviewPane", "Letter preview")
        self.viewer.setDocument(self.document)
        self.viewer.setPageMode(QPdfView.PageMode.MultiPage)
        self.viewer.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        right = named(QWidget(), "lettersPreviewPanel", "Letter preview and actions")
        right_layout = QVBoxLayout(right)
        right_layout.addLayout(options)
        right_layout.addWidget(self.viewer, 1)
        right_layout.addLayout(actions)
        right_layout.addWidget(self.status)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        named(splitter, "lettersSplitter", "Letters list and preview")
        splitter.addWidget(self.tabs)
        splitter.addWidget(right)
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

        self.refresh_button.clicked.connect(self.refresh)
        self.batch_button.clicked.connect(self.print_batch)
        self.due_view.selectionModel().currentRowChanged.connect(lambda *_: self._due_chosen())
        self.history_view.selectionModel().currentRowChanged.connect(lambda *_: self._enable())
        self.history_view.doubleClicked.connect(lambda *_: self.reopen())
        self.reopen_button.clicked.connect(self.reopen)
        self.text_button.clicked.connect(lambda: self.save_text())
        self.preview_button.clicked.connect(self.preview)
        self.save_button.clicked.connect(self.save)
        self.print_button.clicked.connect(self.print_letter)
        self.sent_button.clicked.connect(self.mark_sent)
        self.allowed = allowed(user.role, Permission.PRINT_LETTERS)
        self._enable()
        if not self.allowed:
            self.tabs.setEnabled(False)
            self.refresh_button.setEnabled(False)
            self.due_empty.setText(
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
        item: LetterDueItem | None = selected_row(self.due_view)
        if item is None:
            return None
        return with_options(
            item.request,
            self.audience.currentData(),
            self.easy_read.currentData(),
            self.large_print.isChecked(),
        )

    def _enable(self) -> None:
        chosen = selected_row(self.due_view) is not None
        self.preview_button.setEnabled(chosen)
        has_doc = self.shown is not None
        self.save_button.setEnabled(chosen or has_doc)
        self.print_button.setEnabled(chosen or has_doc)
        record = self.shown.record if self.shown is not None else None
        self.sent_button.setEnabled(record is not None and record.sent_at is None)
        if record is None:
            why = "Save or print the letter first, then mark it as sent"
        elif record.sent_at is not None:
            why = "This letter is already marked as sent"
        else:
            why = "Record that the letter was sent, and how"
        self.sent_button.setToolTip(why)
        self.method.setEnabled(self.sent_button.isEnabled())
        self.reopen_button.setEnabled(selected_row(self.history_view) is not None)
        self.text_button.setEnabled(self.reopen_button.isEnabled())
        self.batch_button.setEnabled(self.due_model.rowCount() > 0)
        if not getattr(self, "allowed", True):
            for w in (self.preview_button, self.save_button, self.print_button, self.batch_button):
                w.setEnabled(False)

    def _failed(self, exc: BaseException, tb: str) -> None:
        show_error(self, exc, tb)

    # --- due list ------------------------------------------------------------------------
    def refresh(self) -> None:
        """Load the letters due (the main window calls this when the screen is shown)."""
        if not self.allowed:
            return
        first, last = to_date(self.first.date()), to_date(self.last.date())
        kind = self.type_filter.currentData()

        def load() -> tuple[LetterDueItem, ...]:
            return self.services.letters.due(self.user, first, last, kind)

        self.runner.run(load, self._show_due, self._failed)

    def live_refresh(self, changes: Changes) -> None:
        """Another PC made, sent or queued letters, or booked sessions: reload the letters due
        where the list is, keeping the chosen letter (its preview stays as it is)."""
        if not self.allowed or not changes.touches(
            "letters_queue", "letter_history", "sessions", "referrals", "young_people", "carers"
        ):
            return
        chosen: LetterDueItem | None = selected_row(self.due_view)
        key = chosen.key if chosen is not None else None
        first, last = to_date(self.first.date()), to_date(self.last.date())
        kind = self.type_filter.currentData()

        def shown(rows: tuple[LetterDueItem, ...]) -> None:
            self._show_due(rows)
            for i, row in enumerate(rows):
                if row.key == key:
                    selection = self.due_view.selectionModel()
                    selection.blockSignals(True)  # not chosen again: no new preview
                    self.due_view.selectRow(i)
                    selection.blockSignals(False)
                    self.due_view.viewport().update()
                    break
            self._enable()

        self.due_place.hold()
        self.runner.run(
            lambda: self.services.letters.due(self.user, first, last, kind), shown, self._failed
        )

    def _show_due(self, rows: tuple[LetterDueItem, ...]) -> None:
        self.due_model.set_rows(rows)
        self.due_empty.setVisible(not rows)
        if self.shown is None:
            noun = "letter" if len(rows) == 1 else "letters"
            self.status.setText(f"{len(rows)} {noun} due." if rows else "")
        self._enable()

    def _due_chosen(self) -> None:
        item: LetterDueItem | None = selected_row(self.due_view)
        self._enable()
        if item is None:
            return
        self.show_history(item.young_person_id, item.person_name)
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
                self._show(Shown(pdf, title, request=request))
                self._warn(warnings)

        self.status.setText("Preparing the preview…")
        self.runner.run(render, rendered, self._failed)

    def _show(self, shown: Shown) -> None:
        self.shown = shown
        self.document.close()
        buffer = QBuffer(self)
        buffer.setData(QByteArray(shown.pdf))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document.load(buffer)
        if self._buffer is not None:
            self._buffer.deleteLater()
        self._buffer = buffer
        pages = self.document.pageCount()
        if shown.record is not None:
            r = shown.record
            sent = "not yet sent" if r.sent_at is None else f"sent ({_sent(r)})"
            self.status.setText(
                f"{shown.title}: kept in the letter history, {pages} page(s), {sent}. "
                f"Checksum {r.sha256[:12]}…"
            )
        else:
            self.status.setText(f"{shown.title}: preview, {pages} page(s). Not yet kept.")
        self._enable()

    def _warn(self, warnings: tuple[str, ...]) -> None:
        """A parent letter about an adult, and the like: said under the preview."""
        if warnings:
            self.status.setText(" ".join([self.status.text(), *warnings]))

    # --- making, saving, printing --------------------------------------------------------
    def _with_document(self, then: Callable[[Shown], None]) -> None:
        """The letter to save or print: a chosen due letter is made (and kept) first;
        otherwise the document already shown (a reopened letter or a batch)."""
        request = self._request()
        if request is None or self.tabs.currentIndex() != 0:
            if self.shown is not None:
                then(self.shown)
            return
        shown = self.shown
        if shown is not None and shown.record is not None and shown.request == request:
            then(shown)  # already made and kept: save or print that very letter
            return

        def make() -> MadeLetter:
            return self.services.letters.make(self.user, request)

        def made(result: MadeLetter) -> None:
            shown = Shown(result.pdf, type_words(result.record.letter_type), result.record, request)
            self._show(shown)
            self._warn(result.warnings)
            self.refresh()
            if self.history_person is not None:  # the letter just kept shows in the history
                self.show_history(*self.history_person)
            then(shown)

        self.runner.run(make, made, self._failed)

    def save(self) -> None:
        self._with_document(self._save_shown)

    def _save_shown(self, shown: Shown) -> None:
        name = shown.title.lower().replace(" ", "-")
        if shown.record is not None:
            name += f"-{shown.record.crime_reference.replace('/', '-')}"
        path = self.choose_save_path(f"{name}.pdf")
        if path is None:
            return
        pdf = shown.pdf
        record_id = shown.record.id if shown.record is not None else None

        def write() -> Path:
            write_atomically(path, pdf)  # whole, or no file and a clear message
            self.services.audit.record_output(self.user, "save_letter", record_id, shown.title)
            return path

        self.runner.run(write, lambda p: self.status.setText(f"Saved to {p}."), self._failed)

    def _ask_save_path(self, suggested: str) -> Path | None:
        name, _ = QFileDialog.getSaveFileName(
            self, "Save letter as PDF", str(Path.home() / suggested), "PDF files (*.pdf)"
        )
        return Path(name) if name else None

    def print_letter(self) -> None:
        self._with_document(self._print_shown)

    def _ask_printer(self) -> QPrinter | None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        dialog.setObjectName("lettersPrintDialog")
        dialog.setAccessibleName("Print letters")
        return printer if dialog.exec() == QPrintDialog.DialogCode.Accepted else None

    def _print_shown(self, shown: Shown) -> None:
        """Print off the GUI thread: the stored PDF itself where the system takes it, else
        its pages at the printer's resolution (gui/printing.py); progress and cancel."""
        if shown is not self.shown:
            self._show(shown)
        printer = self.choose_printer()
        if printer is None:
            return
        self.printer = printer  # kept alive while the job runs
        pdf, title = shown.pdf, shown.title
        record_id = shown.record.id if shown.record is not None else None
        self._print_cancel.clear()
        dialog = QProgressDialog(f"Sending {title.lower()} to the printer…", "Cancel", 0, 0, self)
        dialog.setObjectName("lettersPrintProgress")
        dialog.setAccessibleName("Printing progress")
        dialog.setWindowTitle("Printing")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(500)  # only a long job shows it
        dialog.canceled.connect(lambda: self._print_cancel.set())
        self.print_progress = dialog
        relay, cancel, services, user = (
            self._print_relay,
            self._print_cancel,
            self.services,
            self.user,
        )

        def progress(done: int, total: int) -> bool:
            relay.step.emit(done, total)
            return not cancel.is_set()

        def run() -> Printed:
            printed = print_pdf(pdf, printer, title, progress)
            if printed.pages and not printed.cancelled:
                services.audit.record_output(
                    user, "print_letter", record_id, f"{title}, pages={printed.pages}"
                )
            return printed

        def done(printed: Printed) -> None:
            self._close_print_progress()
            self.status.setText(f"{title}: {printed.words()}.")

        def failed(exc: BaseException, tb: str) -> None:
            self._close_print_progress()
            self.status.setText(f"{title}: not printed.")
            self._failed(exc, tb)

        self.status.setText(f"{title}: printing…")
        self.runner.run(run, done, failed)

    def _print_step(self, done: int, total: int) -> None:
        if self.print_progress is not None and not self._print_cancel.is_set():
            self.print_progress.setMaximum(total)
            self.print_progress.setValue(done)
            self.print_progress.setLabelText(f"Printing page {done} of {total}")

    def _close_print_progress(self) -> None:
        if self.print_progress is not None:
            self.print_progress.close()
            self.print_progress.deleteLater()
            self.print_progress = None

    # --- sending ---------------------------------------------------------------------------
    def mark_sent(self) -> None:
        if self.shown is None or self.shown.record is None:
            return
        record, method = self.shown.record, self.method.currentData()
        title, pdf, request = self.shown.title, self.shown.pdf, self.shown.request

        def send() -> LetterRecordRow:
            return self.services.letters.mark_sent(self.user, record.id, method, record.version)

        def sent(row: LetterRecordRow) -> None:
            self._show(Shown(pdf, title, row, request))
            self.refresh()
            if self.history_person is not None:
                self.show_history(*self.history_person)

        self.runner.run(send, sent, self._failed)

    # --- history ---------------------------------------------------------------------------
    def show_history(self, young_person_id: int, name: str) -> None:
        self.history_person = (young_person_id, name)
        self.history_label.setText(f"Letters kept for {name}, newest first.")

        def load() -> tuple[LetterRecordRow, ...]:
            return self.services.letters.history(self.user, young_person_id)

        def loaded(rows: tuple[LetterRecordRow, ...]) -> None:
            self.history_model.set_rows(rows)
            self._enable()

        self.runner.run(load, loaded, self._failed)

    def reopen(self) -> None:
        row: LetterRecordRow | None = selected_row(self.history_view)
        if row is None:
            return

        def load() -> bytes:
            return self.services.letters.reopen(self.user, row.id)

        def loaded(pdf: bytes) -> None:
            self._show(Shown(pdf, type_words(row.letter_type), row))

        self.runner.run(load, loaded, self._failed)

    def save_text(self) -> None:
        """The chosen letter as kept, as an accessible web page (.html) or plain text."""
        row: LetterRecordRow | None = selected_row(self.history_view)
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

        self.runner.run(write, lambda p: self.status.setText(f"Saved to {p}."), self._failed)

    # --- batch -----------------------------------------------------------------------------
    def print_batch(self) -> None:
        items = tuple(self.due_model.row_at(i) for i in range(self.due_model.rowCount()))
        wanted = tuple(i for i in items if i is not None)
        if not wanted:
            return
        options = (
            self.audience.currentData(),
            self.easy_read.currentData(),
            self.large_print.isChecked(),
        )
        first, last = to_date(self.first.date()), to_date(self.last.date())
        self._cancel.clear()
        dialog = QProgressDialog("Preparing letters…", "Cancel", 0, len(wanted) * 2, self)
        dialog.setObjectName("lettersBatchProgress")
        dialog.setAccessibleName("Batch printing progress")
        dialog.setWindowTitle("Printing letters")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(0)
        dialog.canceled.connect(self._cancel.set)
        dialog.show()
        self.progress_dialog = dialog
        relay, cancel = self._relay, self._cancel

        def progress(done: int, total: int) -> bool:
            relay.step.emit(done, total)
            return not cancel.is_set()

        def run() -> BatchResult:
            return self.services.letters.batch(
                self.user,
                None,
                first,
                last,
                progress,
                items=wanted,
                options=options,
            )

        self.runner.run(run, self._batch_done, self._batch_failed)

    def _batch_step(self, done: int, total: int) -> None:
        if self.progress_dialog is not None and not self._cancel.is_set():
            self.progress_dialog.setMaximum(total)
            self.progress_dialog.setValue(done)
            half = total // 2  # each letter is made once for its history, once for the batch
            if done <= half:
                self.progress_dialog.setLabelText(f"Preparing letters: {done} of {half}")
            else:
                self.progress_dialog.setLabelText(
                    f"Putting the letters together: {done - half} of {half}"
                )

    def _close_progress(self) -> None:
        if self.progress_dialog is not None:
            self.progress_dialog.canceled.disconnect(self._cancel.set)
            self.progress_dialog.close()
            self.progress_dialog.deleteLater()
            self.progress_dialog = None

    def _batch_failed(self, exc: BaseException, tb: str) -> None:
        self._close_progress()
        if isinstance(exc, Cancelled):
            self.status.setText("Batch cancelled: no letters were kept or printed.")
            return
        self._failed(exc, tb)

    def _batch_done(self, result: BatchResult) -> None:
        self._close_progress()
        self.refresh()
        if result.count == 0:
            self.status.setText("No letters to print.")
            return
        shown = Shown(result.pdf, f"{result.count} letters")
        self._show(shown)
        self.status.setText(
            f"{result.count} letters kept in the letter history; printing them in one go."
        )
        self._print_shown(shown)
