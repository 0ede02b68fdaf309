"""Audit trail (issue 7): who did what and when, filtered; a record's field changes; CSV export.

Administrators only (the main window shows the screen to them alone; the service checks too).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from yot_desktop.domain.errors import ValidationError
from yot_desktop.gui.delivery_common import selected_row, table, to_date, to_qdate
from yot_desktop.gui.master_detail import LatestLoad
from yot_desktop.gui.models import Column, RowsModel
from yot_desktop.gui.screens.audit_record import (
    AuditRecordPane,
    outcome_words,
    record_words,
    words,
)
from yot_desktop.gui.tasks import Progress, TaskRunner, errors_over
from yot_desktop.gui.widgets import named
from yot_desktop.services.admin.audit import (
    PAGE_SIZE,
    AuditChoices,
    AuditFilter,
    AuditRow,
    FieldChangeRow,
)
from yot_desktop.services.container import Services
from yot_desktop.services.dto import CurrentUser, Page

COLUMNS: list[Column] = [
    ("When", lambda r: f"{r.at:%d/%m/%Y %H:%M:%S}"),
    ("Staff", lambda r: r.username),
    ("Action", lambda r: words(r.action)),
    ("Record", record_words),
    ("Outcome", lambda r: outcome_words(r.outcome)),
    ("Changes", lambda r: str(r.changes) if r.changes else ""),
    ("Detail", lambda r: r.detail.replace(",", ", ")),
]


class AuditScreen(QWidget):
    def __init__(self, services: Services, user: CurrentUser, runner: TaskRunner) -> None:
        super().__init__()
        self._failed = errors_over(self)
        self.setObjectName("auditScreen")
        self.setAccessibleName("Audit trail")
        self.services = services
        self.user = user
        self.runner = runner
        self.loads = LatestLoad(runner, self._failed)
        self._choices_loaded = False
        # Dialog hook (tests replace it; the real one is the system's save dialog).
        self.choose_save_path: Callable[[str], Path | None] = self._ask_save_path

        heading = named(QLabel("Audit trail"), "auditHeading", "Audit trail")
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        heading.setFont(font)
        intro = named(
            QLabel(
                "Every sign-in, record viewed, change, export, letter and refusal, newest first. "
                "Audit records cannot be changed or deleted."
            ),
            "auditIntro",
            "About the audit trail",
        )
        intro.setWordWrap(True)

        today = services.ctx.clock().date()
        self.first = named(QDateEdit(), "auditFrom", "Audit records from")
        self.last = named(QDateEdit(), "auditTo", "Audit records to")
        for edit in (self.first, self.last):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd/MM/yyyy")
        self.first.setDate(to_qdate(today - timedelta(days=30)))
        self.last.setDate(to_qdate(today))
        self.staff = named(QComboBox(), "auditUser", "Staff member")
        self.action = named(QComboBox(), "auditAction", "Action")
        self.outcome = named(QComboBox(), "auditOutcome", "Outcome")
        self.entity = named(QComboBox(), "auditEntity", "Kind of record")
        for combo, anything in (
            (self.staff, "Any staff member"),
            (self.action, "Any action"),
            (self.outcome, "Any outcome"),
            (self.entity, "Any kind of record"),
        ):
            combo.addItem(anything, "")
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.reference = named(
            QLineEdit(),
            "auditReference",
            "Young person or crime reference",
            "Shows every record about that young person or referral; press Enter",
        )
        self.reference.setPlaceholderText("Young person or crime reference")
        self.reference.setClearButtonEnabled(True)
        self.reference.setMinimumWidth(220)
        self.show_button = named(QPushButton("Show"), "auditShow", "Show matching records")
        self.clear_button = named(
            QPushButton("Clear filters"), "auditClear", "Clear the filters (keeps the dates)"
        )
        self.export_button = named(
            QPushButton("Export CSV…"), "auditExport", "Export the matching records as CSV"
        )

        dates = QHBoxLayout()
        for w in (
            named(QLabel("From"), "auditFromLabel", "From"),
            self.first,
            named(QLabel("to"), "auditToLabel", "to"),
            self.last,
            self.staff,
            self.action,
            self.outcome,
            self.entity,
        ):
            dates.addWidget(w)
        dates.addStretch(1)
        find = QHBoxLayout()
        for button in (self.reference, self.show_button, self.clear_button):
            find.addWidget(button)
        find.addStretch(1)
        find.addWidget(self.export_button)

        self.count_label = named(QLabel(), "auditCount", "Number of audit records found")
        self.count_label.setWordWrap(True)
        self.model: RowsModel[AuditRow] = RowsModel(COLUMNS, self)
        self.view = table("auditTable", "Audit records", self.model, (140, 100, 150, 170, 70, 65))
        self.empty = named(
            QLabel("No audit records match these filters. Widen the dates or clear the filters."),
            "auditEmpty",
            "No audit records",
        )
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.list_stack = QStackedWidget()
        self.list_stack.addWidget(self.view)
        self.list_stack.addWidget(self.empty)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("auditSplitter")
        self.splitter.addWidget(self.list_stack)
        self.record = AuditRecordPane()
        self.splitter.addWidget(self.record)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([820, 420])

        self.status = named(QLabel(), "auditStatus", "Audit export status")
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(intro)
        layout.addLayout(dates)
        layout.addLayout(find)
        layout.addWidget(self.count_label)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.status)

        for combo in (self.staff, self.action, self.outcome, self.entity):
            combo.currentIndexChanged.connect(self.refresh)
        for edit in (self.first, self.last):
            edit.dateChanged.connect(self.refresh)
        self.reference.returnPressed.connect(self.refresh)
        self.show_button.clicked.connect(self.refresh)
        self.clear_button.clicked.connect(self.clear_filters)
        self.export_button.clicked.connect(self.export)
        self.model.more_wanted.connect(self._more)
        self.view.selectionModel().currentRowChanged.connect(self._row_changed)

    # --- filters -------------------------------------------------------------------------
    def filters(self) -> AuditFilter:
        return AuditFilter(
            date_from=to_date(self.first.date()),
            date_to=to_date(self.last.date()),
            username=self.staff.currentData() or "",
            action=self.action.currentData() or "",
            outcome=self.outcome.currentData() or "",
            entity=self.entity.currentData() or "",
            reference=self.reference.text().strip(),
        )

    def clear_filters(self) -> None:
        for combo in (self.staff, self.action, self.outcome, self.entity):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self.reference.clear()
        self.refresh()

    def _set_choices(self, choices: AuditChoices) -> None:
        self._choices_loaded = True
        for combo, values, show in (
            (self.staff, choices.usernames, str),
            (self.action, choices.actions, words),
            (self.outcome, choices.outcomes, outcome_words),
            (self.entity, choices.entities, words),
        ):
            combo.blockSignals(True)
            chosen = combo.currentData()
            while combo.count() > 1:
                combo.removeItem(1)
            for value in values:
                combo.addItem(show(value), value)
            combo.setCurrentIndex(max(combo.findData(chosen), 0))
            combo.blockSignals(False)

    # --- loading -------------------------------------------------------------------------
    def refresh(self) -> None:
        """Load the first page for the current filters; stale answers are dropped."""
        if not self._choices_loaded:
            self.runner.run(
                lambda: self.services.audit.choices(self.user), self._set_choices, self._failed
            )
        filters = self.filters()
        self.loads.run(
            lambda: self.services.audit.search(self.user, filters, 0, PAGE_SIZE),
            self._loaded,
            self._search_failed,
        )

    def _loaded(self, page: Page[AuditRow]) -> None:
        self.model.set_rows(page.rows, page.total)
        self.list_stack.setCurrentWidget(self.view if page.total else self.empty)
        noun = "record" if page.total == 1 else "records"
        self.count_label.setText(f"{page.total:,} audit {noun}")
        self.record.show_row(None)
        self.export_button.setEnabled(page.total > 0)

    def _search_failed(self, exc: BaseException, tb: str) -> None:
        if isinstance(exc, ValidationError):  # a filter to fix: say so beside the filters
            self.model.set_rows(())
            self.list_stack.setCurrentWidget(self.empty)
            self.count_label.setText(" ".join(p.message + "." for p in exc.problems))
            self.export_button.setEnabled(False)
            return
        self._failed(exc, tb)

    def _more(self, offset: int) -> None:
        filters = self.filters()
        self.loads.more(
            lambda: self.services.audit.search(self.user, filters, offset, PAGE_SIZE),
            lambda page: self.model.append_rows(page.rows, offset),
        )

    # --- the selected record ---------------------------------------------------------------
    def _row_changed(self, *_args: object) -> None:
        row: AuditRow | None = selected_row(self.view)
        self.record.show_row(row)
        if row is None or not row.changes:
            return
        audit_id = row.id

        def shown(changes: tuple[FieldChangeRow, ...]) -> None:
            current: AuditRow | None = selected_row(self.view)
            if current is not None and current.id == audit_id:
                self.record.set_changes(changes)

        self.runner.run(
            lambda: self.services.audit.changes(self.user, audit_id), shown, self._failed
        )

    # --- export ----------------------------------------------------------------------------
    def export(self) -> None:
        filters = self.filters()
        suggested = f"audit-{filters.date_from:%Y-%m-%d}-to-{filters.date_to:%Y-%m-%d}.csv"
        path = self.choose_save_path(suggested)
        if path is None:
            return
        self.export_button.setEnabled(False)
        self.status.setText("Exporting…")

        def done(count: int) -> None:
            self.export_button.setEnabled(True)
            noun = "record" if count == 1 else "records"
            self.status.setText(f"Exported {count:,} audit {noun} to {path}.")

        def failed(exc: BaseException, tb: str) -> None:
            self.export_button.setEnabled(True)
            self.status.setText("The export did not finish. Nothing was saved.")
            self._failed(exc, tb)

        services, user = self.services, self.user
        self.runner.run_with_steps(
            lambda progress: services.audit.export_csv(user, filters, path, progress),
            Progress(self._export_step, self),
            done,
            failed,
        )

    def _export_step(self, done: int, total: int, _text: str) -> None:
        self.status.setText(f"Exporting… {done:,} of {total:,} records")

    def _ask_save_path(self, suggested: str) -> Path | None:
        name, _ = QFileDialog.getSaveFileName(
            self, "Export the audit trail as CSV", str(Path.home() / suggested), "CSV (*.csv)"
        )
        return Path(name) if name else None
