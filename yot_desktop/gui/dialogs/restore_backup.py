"""File > Restore from backup… (administrator): pick a backup, confirm its date, put it back.

The list shows the copies the app made (each day's automatic backup, the copies taken before
upgrades and before earlier restores), newest first; "Choose another file…" takes any other.
"Restore…" asks once, naming the backup's date and what will be lost; the service then checks
the backup (integrity, schema) before it replaces anything, and keeps the database as it was.
A refusal is shown in the dialog itself, which stays open.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from yot_desktop.gui.errors import explain
from yot_desktop.gui.tasks import TaskRunner
from yot_desktop.gui.widgets import configure_item_view, named, style_as_error
from yot_desktop.services.admin.backups import BackupFile, Restored
from yot_desktop.services.container import Services
from yot_desktop.services.dto import CurrentUser

PATH_ROLE = Qt.ItemDataRole.UserRole
TAKEN_ROLE = Qt.ItemDataRole.UserRole + 1


def when(taken: object) -> str:
    """14 March 2026 at 16:00 (UI.md: dates in prose)."""
    from datetime import datetime

    if not isinstance(taken, datetime):
        return "an unknown date"
    return f"{taken.day} {taken:%B %Y} at {taken:%H:%M}"


def _size(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB" if size >= 1024 * 1024 else f"{size // 1024} KB"


class RestoreBackupDialog(QDialog):
    restored = Signal(object)  # Restored

    def __init__(
        self,
        services: Services,
        user: CurrentUser,
        runner: TaskRunner,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.user = user
        self.runner = runner
        self.setObjectName("restoreBackupDialog")
        self.setAccessibleName("Restore from a backup")
        self.setWindowTitle("Restore from a backup")
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        intro = QLabel(
            "Put back a copy of the database. The backup is checked first; the database as it "
            "is now is kept as a copy in the backups folder."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addWidget(QLabel("Backups made by YOT Desktop, newest first:"))
        self.list = configure_item_view(
            named(QListWidget(), "backupList", "Backups", "Pick the backup to put back")
        )
        self.list.setMinimumHeight(180)
        layout.addWidget(self.list)
        self.empty = named(
            QLabel("No automatic backups yet: they are made each day when someone signs in."),
            "noBackupsLabel",
            "No backups",
        )
        self.empty.setWordWrap(True)
        self.empty.hide()
        layout.addWidget(self.empty)
        self.status = named(QLabel(), "restoreStatus", "What is happening")
        self.status.setWordWrap(True)
        self.status.hide()
        layout.addWidget(self.status)
        self.problem = named(QLabel(), "restoreProblem", "Why the backup was not restored")
        self.problem.setWordWrap(True)
        style_as_error(self.problem)
        self.problem.hide()
        layout.addWidget(self.problem)

        buttons = QHBoxLayout()
        self.other = named(
            QPushButton("Choose another &file…"),
            "chooseBackupFileButton",
            "Choose another backup file",
        )
        self.other.clicked.connect(lambda _checked=False: self.choose_file())
        buttons.addWidget(self.other)
        buttons.addStretch(1)
        self.cancel = named(QPushButton("Cancel"), "cancelRestoreButton", "Cancel")
        self.cancel.clicked.connect(lambda _checked=False: self.reject())
        buttons.addWidget(self.cancel)
        self.restore_button = named(
            QPushButton("&Restore…"),
            "restoreButton",
            "Restore the chosen backup",
            "Asks once, naming the backup's date, before anything is replaced",
        )
        self.restore_button.setEnabled(False)
        self.restore_button.clicked.connect(lambda _checked=False: self.confirm())
        buttons.addWidget(self.restore_button)
        layout.addLayout(buttons)
        self.list.currentItemChanged.connect(
            lambda current, _previous: self.restore_button.setEnabled(current is not None)
        )
        self.list.itemDoubleClicked.connect(lambda _item: self.confirm())
        self.runner.run(self.services.database.backup_files, self._listed, self._failed)

    # --- the list -----------------------------------------------------------------------
    def _listed(self, found: list[BackupFile]) -> None:
        self.list.clear()
        for backup in found:
            self._add(
                f"{when(backup.taken)} — {backup.kind} — {backup.path.name} ({_size(backup.size)})",
                backup.path,
                backup.taken,
            )
        self.empty.setVisible(not found)

    def _add(self, text: str, path: Path, taken: object) -> QListWidgetItem:
        item = QListWidgetItem(text)
        item.setData(PATH_ROLE, str(path))
        item.setData(TAKEN_ROLE, taken)
        item.setToolTip(str(path))
        self.list.addItem(item)
        return item

    def choose_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, "Choose a backup of the database", "", "Database (*.db);;All files (*)"
        )
        if not name:
            return
        from datetime import datetime

        path = Path(name)
        try:
            taken: object = datetime.fromtimestamp(path.stat().st_mtime).replace(microsecond=0)
        except OSError:
            taken = None
        item = self._add(f"{when(taken)} — chosen file — {path}", path, taken)
        self.list.setCurrentItem(item)

    # --- restoring ----------------------------------------------------------------------
    def confirm(self) -> None:
        item = self.list.currentItem()
        if item is None or not self.restore_button.isEnabled():
            return
        path = Path(item.data(PATH_ROLE))
        box = QMessageBox(self)
        box.setObjectName("confirmRestoreBox")
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle("Restore this backup?")
        box.setAccessibleName("Restore this backup?")
        box.setText(
            f"Replace the database with the backup of {when(item.data(TAKEN_ROLE))}?\n\n"
            f"Everything saved since then will be gone from the database. The database as it "
            f"is now is kept as a copy in the backups folder. Everyone will need to sign in "
            f"again.\n\n{path}"
        )
        restore = box.addButton("Restore", QMessageBox.ButtonRole.DestructiveRole)
        restore.setObjectName("confirmRestoreButton")
        keep = box.addButton("Cancel", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)
        box.setEscapeButton(keep)
        box.exec()
        if box.clickedButton() is restore:
            self.start(path)

    def start(self, path: Path) -> None:
        self.problem.hide()
        self.status.setText("Checking the backup and putting it back…")
        self.status.show()
        for widget in (self.list, self.other, self.cancel, self.restore_button):
            widget.setEnabled(False)
        self.runner.run(
            lambda: self.services.database.restore(self.user, path), self._done, self._failed
        )

    def _done(self, done: Restored) -> None:
        self.restored.emit(done)
        self.accept()

    def _failed(self, exc: BaseException, _tb: str) -> None:
        _title, message = explain(exc)
        self.status.hide()
        self.problem.setText(message)
        self.problem.show()
        for widget in (self.list, self.other, self.cancel):
            widget.setEnabled(True)
        self.restore_button.setEnabled(self.list.currentItem() is not None)
