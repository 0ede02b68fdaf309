"""Progress and Cancel for a file import running off the GUI thread (issue 12, point 4).

The import calls `progress(done, total)` from the worker; the task runner's Progress carries it
to the progress bar (tasks.py). Cancel stops the Progress, whose next call answers False: the
service then raises ImportCancelled inside its one transaction, which is rolled back, so
nothing is written.
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QProgressBar

from yot_desktop.gui.tasks import Progress
from yot_desktop.gui.widgets import named
from yot_desktop.services.import_files import ImportLimits


def import_limits() -> ImportLimits:
    """The limits set in settings.json (import_max_mb, import_max_rows). Reads a file:
    call it in the task, off the GUI thread."""
    from yot_desktop.settings import load_settings

    return ImportLimits.from_settings(load_settings().extra)


class ImportProgress(QObject):
    """One import's progress bar and Stop, shared by the two import dialogs. The steps and
    the stop flag are the task runner's Progress: `begin` makes the one to hand the task
    (TaskRunner.run_with_steps)."""

    def __init__(self, parent: QObject, name: str = "importProgress") -> None:
        super().__init__(parent)
        self.bar = named(QProgressBar(), name, "Import progress")
        self.bar.setTextVisible(True)
        self.bar.hide()
        self.task: Progress | None = None
        self.doing = ""

    @property
    def running(self) -> bool:
        return self.task is not None

    def begin(self, doing: str) -> Progress:
        """A new task: `doing` is the words before the count ("Checking row")."""
        self.task = Progress(self._show, self)
        self.doing = doing
        self.bar.setRange(0, 0)  # busy until the first count: reading the file
        self.bar.setFormat("Reading the file…")
        self.bar.show()
        return self.task

    def end(self) -> None:
        self.task = None
        self.bar.hide()

    def cancel(self) -> None:
        if self.task is not None:
            self.task.stop.set()
        self.bar.setFormat("Stopping…")

    def _show(self, done: int, total: int, _text: str) -> None:
        if self.task is None or total <= 0:
            return
        self.bar.setRange(0, total)
        self.bar.setValue(done)
        self.bar.setFormat(f"{self.doing} {min(done + 1, total):,} of {total:,}…")
        self.bar.setAccessibleDescription(self.bar.format())
