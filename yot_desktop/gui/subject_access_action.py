"""The "Subject access export…" button on a young person's record (issue 7).

Asks where to save, makes a new folder there named after the person's reference and the
day, and runs the export on the task runner; says where the files went when it is done.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox, QPushButton, QWidget

from yot_desktop.gui.errors import show_error
from yot_desktop.gui.tasks import TaskRunner
from yot_desktop.gui.widgets import named
from yot_desktop.services.admin.subject_access import SubjectAccessExport, folder_name
from yot_desktop.services.dto import PersonDetail

Export = Callable[[int, Path], SubjectAccessExport]


class SubjectAccessButton(QPushButton):
    def __init__(
        self,
        runner: TaskRunner,
        export: Export,
        person: Callable[[], PersonDetail | None],
        parent: QWidget | None = None,
        today: Callable[[], date] = date.today,
    ) -> None:
        super().__init__("Subject access export…", parent)
        named(
            self,
            "subjectAccessButton",
            "Subject access export",
            "Save everything held about this young person in a new folder, with an index",
        )
        self.runner = runner
        self._export = export
        self._person = person
        self._today = today
        # Dialog hook: tests replace it; the real one is the system folder dialog.
        self.choose_folder: Callable[[], Path | None] = self._ask_folder
        self.result_box: QMessageBox | None = None
        self.clicked.connect(self.start)

    def _ask_folder(self) -> Path | None:
        chosen = QFileDialog.getExistingDirectory(
            self, "Choose where to save the subject access export"
        )
        return Path(chosen) if chosen else None

    def start(self) -> None:
        person = self._person()
        if person is None:
            return
        parent = self.choose_folder()
        if parent is None:
            return
        folder = parent / folder_name(person.person_ref, self._today())
        person_id = person.id
        self.setEnabled(False)
        self.setText("Exporting…")
        self.runner.run(lambda: self._export(person_id, folder), self._done, self._failed)

    def _finish(self) -> None:
        self.setText("Subject access export…")
        self.setEnabled(self._person() is not None)

    def _done(self, result: SubjectAccessExport) -> None:
        self._finish()
        box = QMessageBox(self.window())
        box.setObjectName("subjectAccessDone")
        box.setAccessibleName("Subject access export saved")
        box.setIcon(QMessageBox.Icon.Information)
        box.setWindowTitle("Subject access export saved")
        letters = "1 letter" if result.letters == 1 else f"{result.letters} letters"
        box.setText(
            f"Saved {len(result.files)} files about {result.person_ref} in {result.folder}, "
            f"including {letters} and {result.audit_entries} audit entries. "
            "Start with index.pdf: it explains each file."
        )
        open_button = box.addButton("Open the folder", QMessageBox.ButtonRole.ActionRole)
        named(open_button, "subjectAccessOpenFolder", "Open the folder")
        close = box.addButton(QMessageBox.StandardButton.Close)
        named(close, "subjectAccessClose", "Close")

        def chosen() -> None:
            if box.clickedButton() is open_button:
                QDesktopServices.openUrl(QUrl.fromLocalFile(str(result.folder)))

        box.finished.connect(chosen)
        box.open()
        self.result_box = box

    def _failed(self, exc: BaseException, tb: str) -> None:
        self._finish()
        show_error(self.window(), exc, tb)
