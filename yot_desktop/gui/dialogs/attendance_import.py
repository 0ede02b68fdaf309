"""Importing a provider's attendance register: pick a file, preview every row, then record.

The file is read as it is checked, off the GUI thread; a long check or import shows its
progress, and Cancel stops it with nothing recorded (gui/import_progress.py)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from yot_desktop.domain.enums import Attendance
from yot_desktop.domain.errors import ValidationError
from yot_desktop.gui.delivery_common import attendance_words, dmy, letters_sentence, table
from yot_desktop.gui.import_progress import ImportProgress, import_limits
from yot_desktop.gui.models import RowsModel
from yot_desktop.gui.tasks import Progress, TaskRunner, errors_over
from yot_desktop.gui.widgets import configure_item_view, fit_to_screen, named
from yot_desktop.services.container import Services
from yot_desktop.services.delivery.dto import ImportLine, ImportPreview
from yot_desktop.services.dto import CurrentUser
from yot_desktop.services.import_files import ImportCancelled, ImportSource

# A did-not-attend may come without a reason (INTERFACES.md): say so rather than show a blank.
NO_REASON_SHOWN = frozenset({Attendance.DID_NOT_ATTEND})

LINE_COLUMNS = [
    ("Row", lambda r: str(r.row)),
    ("Reference", lambda r: r.crime_reference),
    ("Young person", lambda r: r.person_name),
    ("Session", lambda r: f"{dmy(r.session_date)} {r.starts_at:%H:%M}"),
    ("Attendance", lambda r: attendance_words(r.attendance)),
    ("Reason", lambda r: r.reason or ("Not given" if r.attendance in NO_REASON_SHOWN else "")),
    ("Change", lambda r: r.change.capitalize()),
]


class AttendanceImportDialog(QDialog):
    imported = Signal(object)  # ImportPreview

    def __init__(
        self,
        services: Services,
        user: CurrentUser,
        runner: TaskRunner,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._failed = errors_over(self)
        self.setObjectName("attendanceImportDialog")
        self.setAccessibleName("Import a provider's attendance register")
        self.setWindowTitle("Import a provider's attendance register")
        fit_to_screen(self, 900, 560)
        self.services, self.user, self.runner = services, user, runner
        self.source: ImportSource | None = None
        self.path_edit = named(QLineEdit(), "importPath", "Register file")
        self.path_edit.setReadOnly(True)
        self.choose = named(QPushButton("Choose file…"), "importChoose", "Choose the register file")
        intro = QLabel(
            "A CSV file with the columns crime_reference, session_date, attendance, reason and "
            "evidence_received. Each row must match one booked session. Nothing is recorded "
            "unless every row is right."
        )
        intro.setWordWrap(True)
        self.problems = named(QListWidget(), "importProblems", "Problems in the file")
        configure_item_view(self.problems)
        self.problems.setMaximumHeight(130)
        self.model: RowsModel[ImportLine] = RowsModel(LINE_COLUMNS, self)
        self.lines = table(
            "importPreviewTable", "Rows to import", self.model, (50, 110, 170, 130, 130, 160)
        )
        self.status = named(QLabel(), "importStatus", "Import status")
        self.status.setWordWrap(True)
        self.import_button = named(
            QPushButton("Record attendance"), "importApply", "Record the attendance in the file"
        )
        self.import_button.setEnabled(False)
        close = named(
            QPushButton("Close"),
            "importClose",
            "Close",
            "Closes the dialog; while a file is checked or recorded, stops that first",
        )
        self.close_button = close
        self.progress = ImportProgress(self)
        top = QHBoxLayout()
        top.addWidget(self.path_edit, 1)
        top.addWidget(self.choose)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.import_button)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(top)
        layout.addWidget(QLabel("Problems"))
        layout.addWidget(self.problems)
        layout.addWidget(QLabel("Preview"))
        layout.addWidget(self.lines, 1)
        layout.addWidget(self.progress.bar)  # only while a file is checked or recorded
        layout.addLayout(bottom)
        self.choose.clicked.connect(self._choose)
        self.import_button.clicked.connect(self.apply)
        close.clicked.connect(lambda: self.reject())

    def _choose(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, "Choose the register file", "", "CSV files (*.csv);;All files (*)"
        )
        if name:
            self.load_file(Path(name))

    def load_file(self, path: Path) -> None:
        """Preview the file (a dry run: nothing is written), read off the GUI thread; a file
        too big is refused at once (import_files.py)."""
        self.path_edit.setText(str(path))
        self.source = None
        self.import_button.setEnabled(False)
        self.problems.clear()
        self.status.setText("Checking the file… Cancel stops it.")
        services, user = self.services, self.user

        def check(progress: Progress) -> tuple[ImportSource, ImportPreview]:
            source = ImportSource.from_path(path, import_limits())
            return source, services.attendance_import.import_csv(
                user, source, dry_run=True, progress=progress
            )

        progress = self.progress.begin("Checking row")
        self.runner.run_with_steps(check, progress, self._checked, self._work_failed)

    def load_text(self, text: str) -> None:
        """Preview text (as a file's): a dry run, nothing is written."""
        source, services, user = ImportSource.from_text(text), self.services, self.user
        progress = self.progress.begin("Checking row")
        self.runner.run_with_steps(
            lambda _progress: (
                source,
                services.attendance_import.import_csv(user, source, dry_run=True),
            ),
            progress,
            self._checked,
            self._work_failed,
        )

    def reject(self) -> None:
        """Close (or Esc) while a file is checked or recorded stops that work first, with
        nothing recorded; the dialog closes on the next Close."""
        if self.progress.running:
            self.progress.cancel()
            self.status.setText("Stopping… nothing will be recorded.")
            return
        super().reject()

    def _checked(self, result: tuple[ImportSource, ImportPreview]) -> None:
        self.progress.end()
        self.source, preview = result
        self._previewed(preview)

    def _work_failed(self, exc: BaseException, tb: str) -> None:
        self.progress.end()
        if isinstance(exc, ImportCancelled):
            self.status.setText("Cancelled: nothing was recorded.")
            self.import_button.setEnabled(self.source is not None and self.model.rowCount() > 0)
            return
        if isinstance(exc, ValidationError):  # the file itself: too big, not UTF-8, unreadable
            self.problems.clear()
            self.problems.addItem(exc.problems[0].message)
            self.status.setText("")
            self.import_button.setEnabled(False)
            return
        self._failed(exc, tb)

    def _previewed(self, preview: ImportPreview) -> None:
        self.problems.clear()
        self.problems.addItems(list(preview.problems) + [f"Note: {w}" for w in preview.warnings])
        self.model.set_rows(preview.lines)
        self.import_button.setEnabled(preview.ok and bool(preview.lines))
        if preview.ok:
            changes = sum(1 for line in preview.lines if line.change != "no change")
            self.status.setText(f"Ready: {changes} of {len(preview.lines)} rows will be recorded.")
        else:
            n = len(preview.problems)
            self.status.setText(
                f"{n} problem{'s' * (n != 1)}: fix the file and choose it again. "
                "Nothing has been recorded."
            )

    def apply(self) -> None:
        source, services, user = self.source, self.services, self.user
        if source is None:
            return
        self.import_button.setEnabled(False)
        self.status.setText("Recording… Close stops it, and then nothing is recorded.")
        progress = self.progress.begin("Matching and recording, step")
        self.runner.run_with_steps(
            lambda progress: services.attendance_import.import_csv(user, source, progress=progress),
            progress,
            self._applied,
            self._work_failed,
        )

    def _applied(self, preview: ImportPreview) -> None:
        self.progress.end()
        self._previewed(preview)
        self.import_button.setEnabled(False)
        if preview.applied:
            self.status.setText(
                f"Recorded {len(preview.lines)} rows. " + letters_sentence(preview.letters)
            )
            self.imported.emit(preview)
