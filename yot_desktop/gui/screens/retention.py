"""Retention review (issue 7): records past their retention period, and deleting them.

Managers and administrators see the records due today with the reason for each, and delete
the ones they pick after a confirmation that names what will be lost. Administrators also
set the rule. Deletion runs on the task runner, one record per transaction, with progress.
A refused deletion keeps the confirmation open with the reason in it (dialogs don't close
before the refusal).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressDialog,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from yot_desktop.domain.errors import ConflictError, DomainError, ValidationError
from yot_desktop.domain.permissions import Permission, allowed
from yot_desktop.domain.retention import MAX_YEARS, RetentionSettings
from yot_desktop.gui.dialogs.confirm_deletion import ConfirmDeletion
from yot_desktop.gui.errors import show_error
from yot_desktop.gui.models import RowsModel
from yot_desktop.gui.save_keys import save_keys
from yot_desktop.gui.tasks import Progress, TaskRunner, errors_over
from yot_desktop.gui.widgets import EmptyState, configure_item_view, named
from yot_desktop.services.admin.retention import DeletionPreview, DueList, DueRecord
from yot_desktop.services.container import Services
from yot_desktop.services.dto import CurrentUser

COLUMNS = [
    ("Reference", lambda r: r.person_ref),
    ("Name", lambda r: r.name),
    ("Born", lambda r: f"{r.date_of_birth:%d/%m/%Y}"),
    ("Last action", lambda r: f"{r.last_action:%d/%m/%Y}, {r.last_action_what}"),
    ("Due since", lambda r: f"{r.due_on:%d/%m/%Y}"),
    ("Why", lambda r: r.reason),
]


@dataclass
class Outcome:
    deleted: list[str] = field(default_factory=list)  # references
    warnings: list[str] = field(default_factory=list)  # deleted, with something left to do
    refused: dict[str, list[str]] = field(default_factory=dict)  # why -> references
    retry: list[DeletionPreview] = field(default_factory=list)  # refused, still due, as now

    def refusal_text(self) -> str:
        n = len(self.deleted)
        lines = [f"Deleted {n} record{'' if n == 1 else 's'}."] if n else []
        lines += [f"Not deleted ({', '.join(refs)}): {why}" for why, refs in self.refused.items()]
        return "\n".join(lines)


def refusal_reason(exc: DomainError, now: DeletionPreview | None) -> str:
    """Why the service did not delete a record, in words that say what to do next."""
    if now is not None and not now.is_due:
        return f"{now.reason} It cannot be deleted yet."
    if isinstance(exc, ConflictError) and now is not None:
        return (
            "Someone changed this record after you opened it. What will be lost is shown "
            "again above: check it, then delete again."
        )
    if isinstance(exc, ValidationError):
        return " ".join(f"{p.shown}." for p in exc.problems)
    return str(exc)


class RetentionScreen(QWidget):
    def __init__(self, services: Services, user: CurrentUser, runner: TaskRunner) -> None:
        super().__init__()
        self._failed = errors_over(self)
        self.setObjectName("retentionScreen")
        self.setAccessibleName("Retention review")
        self.services, self.user, self.runner = services, user, runner
        self.seen: RetentionSettings | None = None
        self._note = ""  # what was just done, shown before the list's summary
        self.confirm_dialog: ConfirmDeletion | None = None
        self.progress_dialog: QProgressDialog | None = None
        layout = QVBoxLayout(self)

        heading = QLabel("Retention review")
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        heading.setFont(font)
        layout.addWidget(heading)
        self.rule = named(QLabel(), "retentionRuleLabel", "The retention rule")
        self.rule.setWordWrap(True)
        layout.addWidget(self.rule)

        self.settings_box: QGroupBox | None = None
        if allowed(user.role, Permission.ADMINISTER_DATABASE):
            self._build_settings(layout)

        self.model: RowsModel[DueRecord] = RowsModel(COLUMNS, self)
        self.table = named(QTableView(), "retentionTable", "Records due for deletion")
        configure_item_view(self.table)
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setWordWrap(True)
        # Room for a reason on two lines, without measuring every row.
        lines = self.table.fontMetrics().lineSpacing()
        self.table.verticalHeader().setDefaultSectionSize(2 * lines + 10)
        header = self.table.horizontalHeader()
        for column, width in enumerate((90, 170, 90, 210, 90)):
            header.resizeSection(column, width)
        header.setStretchLastSection(True)
        header.setSectionResizeMode(len(COLUMNS) - 1, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._selection())
        self.empty = EmptyState(
            "retentionEmpty",
            "No records are due for deletion",
            "Records appear here once their retention period is over. A record with a "
            "referral still open is kept until the referral is closed.",
        )
        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty)
        layout.addWidget(self.stack, 1)

        row = QHBoxLayout()
        self.status = named(QLabel(), "retentionStatus", "Retention review status")
        self.status.setWordWrap(True)
        row.addWidget(self.status, 1)
        self.delete_button = named(
            QPushButton("Delete selected records…"),
            "retentionDeleteButton",
            "Delete selected records",
            "Asks once, naming what will be lost",
        )
        self.delete_button.setEnabled(False)
        self.delete_button.clicked.connect(self.delete_selected)
        row.addWidget(self.delete_button)
        layout.addLayout(row)

    def _build_settings(self, layout: QVBoxLayout) -> None:
        box = QGroupBox("Retention rule (administrators)")
        box.setObjectName("retentionSettingsBox")
        row = QHBoxLayout(box)
        row.addWidget(QLabel("Delete records"))
        self.years = named(QSpinBox(), "retentionYearsSpin", "Years after the last action")
        self.years.setRange(1, MAX_YEARS)
        self.years.setSuffix(" years")
        row.addWidget(self.years)
        row.addWidget(QLabel("after the last action"))
        self.until_18 = named(
            QCheckBox("or at the 18th birthday if that is later"),
            "retentionUntil18Check",
            "Keep until the 18th birthday if that is later",
        )
        row.addWidget(self.until_18)
        row.addStretch()
        self.save_settings_button = named(
            QPushButton("Save rule"), "retentionSaveSettings", "Save the retention rule"
        )
        self.save_settings_button.clicked.connect(self.save_settings)
        save_keys(box, self.save_settings_button)
        row.addWidget(self.save_settings_button)
        layout.addWidget(box)
        self.settings_box = box

    # --- loading -------------------------------------------------------------------------
    def refresh(self) -> None:
        self.runner.run(lambda: self.services.retention.due(self.user), self._loaded, self._failed)

    def _loaded(self, due: DueList) -> None:
        self.seen = due.settings
        self.rule.setText(
            f"Records are deleted {due.settings.describe()}. "
            "Select the records to delete, then choose Delete selected records."
        )
        if self.settings_box is not None:
            self.years.setValue(due.settings.years_after_last_action)
            self.until_18.setChecked(due.settings.keep_until_18)
        self.model.set_rows(due.rows)
        self.stack.setCurrentWidget(self.table if due.rows else self.empty)
        n = len(due.rows)
        text = f"{n} record{'' if n == 1 else 's'} due on {due.as_of:%d/%m/%Y}."
        if due.kept_open:
            text += (
                f" {due.kept_open} more would be due, but a referral is still open: they are kept."
            )
        self.status.setText(f"{self._note} {text}".strip())
        self._note = ""
        self._selection()

    def _selected(self) -> list[DueRecord]:
        rows = sorted(i.row() for i in self.table.selectionModel().selectedRows())
        return [r for r in (self.model.row_at(i) for i in rows) if r is not None]

    def _selection(self) -> None:
        n = len(self._selected())
        self.delete_button.setEnabled(n > 0)
        self.delete_button.setText(
            "Delete selected records…" if n != 1 else "Delete selected record…"
        )

    # --- settings ------------------------------------------------------------------------
    def save_settings(self) -> None:
        if self.seen is None:
            return
        new = RetentionSettings(self.years.value(), self.until_18.isChecked())
        seen = self.seen

        def saved(settings: RetentionSettings) -> None:
            self._note = f"Saved: records are now deleted {settings.describe()}."
            self.refresh()

        self.runner.run(
            lambda: self.services.retention.save_settings(self.user, new, seen),
            saved,
            self._failed,
        )

    # --- deleting ------------------------------------------------------------------------
    def delete_selected(self) -> None:
        chosen = self._selected()
        if not chosen:
            return
        ids = [r.person_id for r in chosen]
        self.runner.run(
            lambda: [self.services.retention.preview(self.user, i) for i in ids],
            self._confirm,
            self._failed,
        )

    def _confirm(self, previews: list[DeletionPreview]) -> None:
        due = [p for p in previews if p.is_due]
        if not due:
            self.status.setText("None of these records is due any more. The list is refreshed.")
            self.refresh()
            return
        dialog = ConfirmDeletion(due, self)
        self.confirm_dialog = dialog
        dialog.confirmed.connect(lambda reason: self._delete(dialog, reason))
        dialog.open()

    def _delete(self, confirm: ConfirmDeletion, reason: str) -> None:
        previews = list(confirm.previews)
        confirm.set_working(True)
        retention, user = self.services.retention, self.user

        def run(progress: Progress) -> Outcome:
            out = Outcome()
            for i, p in enumerate(previews):
                if progress.cancelled:
                    break  # between records: each one is deleted whole or not at all
                try:
                    done = retention.delete(user, p.person_id, reason, p.version)
                except DomainError as exc:
                    # As the record is now, so that a second try confirms what it holds now.
                    now: DeletionPreview | None
                    try:
                        now = retention.preview(user, p.person_id)
                    except DomainError:
                        now = None  # gone, or no longer ours to see: the first error says so
                    out.refused.setdefault(refusal_reason(exc, now), []).append(p.person_ref)
                    if now is not None and now.is_due:
                        out.retry.append(now)
                else:
                    out.deleted.append(p.person_ref)
                    out.warnings.extend(
                        f"The copy {path.name}, made before an upgrade, could not be opened: "
                        "delete it by hand."
                        for path in done.backups_not_cleaned
                    )
                progress(i + 1, len(previews))
            return out

        self.progress_dialog = self.runner.run_with_progress(
            run,
            lambda out: self._deleted(confirm, out),
            lambda exc, tb: self._deleted_failed(confirm, exc, tb),
            parent=confirm,
            name="retentionProgress",
            title="Deleting records",
            label=lambda done, total: f"Deleting records: {done} of {total or len(previews)}",
        )

    def _deleted(self, confirm: ConfirmDeletion, out: Outcome) -> None:
        self.progress_dialog = None  # the runner closed it
        n = len(out.deleted)
        self._note = " ".join([f"Deleted {n} record{'' if n == 1 else 's'}.", *out.warnings])
        if out.refused:
            self._note += " Some were not deleted: the confirmation says why."
            confirm.refused(out.refusal_text(), out.retry)
        else:
            confirm.set_working(False)
            confirm.accept()
        self.refresh()

    def _deleted_failed(self, confirm: ConfirmDeletion, exc: BaseException, tb: str) -> None:
        """Something unexpected: the confirmation stays open, with the reason typed."""
        self.progress_dialog = None  # the runner closed it
        confirm.set_working(False)
        self.refresh()
        show_error(confirm, exc, tb)
