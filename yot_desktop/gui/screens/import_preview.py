"""Preview a police referral file: every row with its problems or its decision, before
anything is written. Import is only possible when no row has a problem (all or nothing).

The file is read as it is checked; a long check or import shows its progress, and Cancel stops
it with nothing written (gui/import_progress.py, on the task runner's Progress)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from yot_desktop.domain.enums import ReferralStatus
from yot_desktop.domain.errors import ValidationError
from yot_desktop.gui.import_progress import ImportProgress, import_limits
from yot_desktop.gui.models import RowsModel
from yot_desktop.gui.tasks import Progress, TaskRunner, errors_over
from yot_desktop.gui.widgets import configure_item_view, fit_to_screen, named
from yot_desktop.services.container import Services
from yot_desktop.services.dto import CurrentUser
from yot_desktop.services.import_files import ImportCancelled, ImportSource
from yot_desktop.services.intake.dto import ImportReport, ImportRow


def _result(r: ImportRow) -> str:
    if r.problems:
        return "Needs fixing"
    if not r.status:
        return "Not checked yet"
    label = ReferralStatus(r.status).label
    return f"{label}: {'; '.join(r.reasons)}" if r.reasons else label


def _problems(r: ImportRow) -> str:
    # "row 3: postcode: Enter a real UK postcode" -> "postcode: Enter a real UK postcode"
    return " | ".join(p.split(": ", 1)[1] if p.startswith("row ") else p for p in r.problems)


PREVIEW_COLUMNS = [
    ("Row", lambda r: str(r.row)),
    ("Crime reference", lambda r: r.crime_reference),
    ("Young person", lambda r: r.name),
    ("Result", _result),
    ("Person", lambda r: r.person),
    ("Problems", _problems),
]


def open_source(path: Path) -> ImportSource:
    """The file, refused at once when it is too big or not UTF-8 (import_files.py)."""
    try:
        return ImportSource.from_path(path, import_limits())
    except ValidationError as err:
        raise ValueError(err.problems[0].message) from None


class ImportPreviewDialog(QDialog):
    imported = Signal()

    def __init__(
        self,
        services: Services,
        user: CurrentUser,
        runner: TaskRunner,
        path: Path,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._failed = errors_over(self)
        self.setObjectName("importPreviewDialog")
        self.setAccessibleName("Import preview")
        self.setWindowTitle(f"Import police referrals — {path.name}")
        fit_to_screen(self, 1000, 560)
        self.services, self.user, self.runner, self.path = services, user, runner, path
        self.report: ImportReport | None = None
        self.source: ImportSource | None = None
        layout = QVBoxLayout(self)
        self.summary = named(QLabel("Checking the file…"), "importSummary", "Import summary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.progress = ImportProgress(self)
        layout.addWidget(self.progress.bar)
        self.model: RowsModel[ImportRow] = RowsModel(PREVIEW_COLUMNS, self)
        self.table = named(QTableView(), "importPreviewTable", "Rows in the file")
        configure_item_view(self.table)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for col, width in enumerate((45, 115, 150, 200, 110)):
            self.table.setColumnWidth(col, width)
        layout.addWidget(self.table, 3)
        self.details = named(QLabel(), "importRowDetails", "Problems of the selected row")
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.details, 1)
        self.table.selectionModel().currentRowChanged.connect(self._row_picked)
        self.file_problems = named(QLabel(), "importFileProblems", "Problems with the whole file")
        self.file_problems.setWordWrap(True)
        layout.addWidget(self.file_problems)
        buttons = QHBoxLayout()
        buttons.addStretch()
        self.cancel_button = named(QPushButton("Cancel"), "importCancelButton", "Cancel")
        self.import_button = named(
            QPushButton("Import"),
            "importConfirmButton",
            "Import every row",
            "Writes every row. Only possible when no row has a problem.",
        )
        self.import_button.setEnabled(False)
        self.import_button.setDefault(True)
        self.cancel_button.clicked.connect(lambda: self.reject())
        self.import_button.clicked.connect(self.confirm)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.import_button)
        layout.addLayout(buttons)

    def start(self) -> None:
        path, services, user = self.path, self.services, self.user

        def check(progress: Progress) -> tuple[ImportSource, ImportReport]:
            source = open_source(path)
            return source, services.intake.preview(user, source, progress)

        progress = self.progress.begin("Checking row")
        self.runner.run_with_steps(check, progress, self._checked, self._work_failed)

    def reject(self) -> None:
        """Cancel (or Esc, or closing) while the file is checked or imported stops that work
        first, with nothing written; the dialog closes on the next Cancel."""
        if self.progress.running:
            self.progress.cancel()
            self.summary.setText("Stopping… nothing will be imported.")
            return
        super().reject()

    def _checked(self, result: tuple[ImportSource, ImportReport]) -> None:
        self.progress.end()
        self.source, report = result
        self._previewed(report)

    def _previewed(self, report: ImportReport) -> None:
        self.report = report
        self.model.set_rows(report.rows)
        file_level = [p for p in report.problems if not p.startswith("row ")]
        self.file_problems.setText(
            "\n".join(["Problems with the whole file:", *file_level]) if file_level else ""
        )
        warnings = (" " + " ".join(report.warnings)) if report.warnings else ""
        if report.ok:
            eligible = sum(1 for r in report.rows if r.status == "received")
            self.summary.setText(
                f"{len(report.rows)} referrals are ready to import: {eligible} eligible, "
                f"{len(report.rows) - eligible} not eligible. Nothing has been written yet."
                + warnings
            )
        else:
            bad = sum(1 for r in report.rows if r.problems)
            self.summary.setText(
                f"Nothing can be imported yet: {len(report.problems)} problems in {bad} "
                f"of {len(report.rows)} rows. Choose a row to see all of its problems, fix "
                "them in the file and open it again. Nothing has been written." + warnings
            )
        self.import_button.setEnabled(report.ok)
        self.import_button.setToolTip(
            "Import every row"
            if report.ok
            else "Nothing can be imported while a row has a problem: fix the file and open it again"
        )

    def _row_picked(self, *_args: object) -> None:
        row = self.model.row_at(self.table.currentIndex().row())
        if row is None:
            self.details.setText("")
        elif row.problems:
            self.details.setText("\n".join(row.problems))
        else:
            reasons = f" ({'; '.join(row.reasons)})" if row.reasons else ""
            self.details.setText(
                f"row {row.row}: {_result(row)}{reasons}; young person: {row.person}"
            )

    def confirm(self) -> None:
        source, services, user = self.source, self.services, self.user
        if source is None:
            return
        self.import_button.setEnabled(False)
        self.summary.setText("Importing… Cancel stops it, and then nothing is imported.")
        progress = self.progress.begin("Importing row")
        self.runner.run_with_steps(
            lambda progress: services.intake.import_text(user, source, progress=progress),
            progress,
            self._done,
            self._work_failed,
        )

    def _done(self, report: ImportReport) -> None:
        self.progress.end()
        self.report = report
        if report.written:
            self.imported.emit()
            self.accept()
        else:
            self._previewed(report)

    def _work_failed(self, exc: BaseException, tb: str) -> None:
        self.progress.end()
        if isinstance(exc, ImportCancelled):
            ready = self.report is not None and self.report.ok
            self.summary.setText(
                "Cancelled: nothing was imported."
                + (" Import starts again from the first row." if ready else "")
            )
            self.import_button.setEnabled(ready)
            return
        if isinstance(exc, ValueError):
            self.summary.setText(str(exc))
            return
        self._failed(exc, tb)
