"""Progress and Cancel for a file import running off the GUI thread (issue 12, point 4).

The import calls `progress(done, total)` from the worker; a queued signal carries it to the
progress bar. Cancel sets an event the next call answers with False: the service then raises
ImportCancelled inside its one transaction, which is rolled back, so nothing is written.
"""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QProgressBar

from yot_desktop.gui.widgets import named
from yot_desktop.services.import_files import ImportLimits


def import_limits() -> ImportLimits:
    """The limits set in settings.json (import_max_mb, import_max_rows). Reads a file:
    call it in the task, off the GUI thread."""
    from yot_desktop.settings import load_settings

    return ImportLimits.from_settings(load_settings().extra)


class ImportProgress(QObject):
    """One import's progress bar and stop flag, shared by the two import dialogs."""

    step = Signal(int, int)

    def __init__(self, parent: QObject, name: str = "importProgress") -> None:
        super().__init__(parent)
        self.bar = named(QProgressBar(), name, "Import progress")
        self.bar.setTextVisible(True)
        self.bar.hide()
        self.stop = threading.Event()
        self.running = False
        self.doing = ""
        self.step.connect(self._show)

    def begin(self, doing: str) -> None:
        """A new task: `doing` is the words before the count ("Checking row")."""
        self.stop.clear()
        self.running = True
        self.doing = doing
        self.bar.setRange(0, 0)  # busy until the first count: reading the file
        self.bar.setFormat("Reading the file…")
        self.bar.show()

    def end(self) -> None:
        self.running = False
        self.bar.hide()

    def cancel(self) -> None:
        self.stop.set()
        self.bar.setFormat("Stopping…")

    def __call__(self, done: int, total: int) -> bool:
        """Called by the import on its worker thread: False stops it."""
        self.step.emit(done, total)
        return not self.stop.is_set()

    def _show(self, done: int, total: int) -> None:
        if not self.running or self.stop.is_set() or total <= 0:
            return
        self.bar.setRange(0, total)
        self.bar.setValue(done)
        self.bar.setFormat(f"{self.doing} {min(done + 1, total):,} of {total:,}…")
        self.bar.setAccessibleDescription(self.bar.format())
