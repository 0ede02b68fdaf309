"""The attendance register dialog while a file is checked (issue 12, point 4): progress shows,
Close stops the work first (the service's progress call answers False and it rolls back),
then closes the dialog."""

from __future__ import annotations

import threading
from pathlib import Path
from types import SimpleNamespace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QProgressBar, QPushButton
from pytestqt.qtbot import QtBot

from yot_desktop.gui.dialogs.attendance_import import AttendanceImportDialog
from yot_desktop.gui.tasks import TaskRunner
from yot_desktop.services.import_files import ImportCancelled, ImportSource, Progress


class SlowRegister:
    """Stands in for AttendanceService.import_csv on a long register: it reports each row
    and stops, as the service does, when progress answers False."""

    def __init__(self) -> None:
        self.stopped_at: int | None = None
        self.went_on = threading.Event()

    def import_csv(
        self, _user: object, source: ImportSource, *, dry_run: bool, progress: Progress
    ) -> object:
        assert dry_run and source.name == "register.csv"
        for done in range(10_000):
            if progress(done, 10_000) is False:
                self.stopped_at = done
                raise ImportCancelled
            self.went_on.wait(0.01)
        raise AssertionError("never stopped")


def test_close_stops_the_check_then_closes(qtbot: QtBot, tmp_path: Path) -> None:
    register = tmp_path / "register.csv"
    register.write_text("crime_reference,session_date,attendance\n", encoding="utf-8")
    slow = SlowRegister()
    runner = TaskRunner()
    dialog = AttendanceImportDialog(
        SimpleNamespace(attendance_import=slow),  # type: ignore[arg-type]
        SimpleNamespace(),  # type: ignore[arg-type]
        runner,
    )
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.load_file(register)
    bar = dialog.findChild(QProgressBar, "importProgress")
    assert bar is not None
    qtbot.waitUntil(lambda: bar.isVisible() and bar.value() >= 3, timeout=10_000)
    assert bar.format().startswith("Checking row ") and bar.format().endswith(" of 10,000…")
    close = dialog.findChild(QPushButton, "importClose")
    qtbot.mouseClick(close, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: runner.running == 0, timeout=10_000)
    assert slow.stopped_at is not None and slow.stopped_at < 10_000
    assert dialog.isVisible() and not bar.isVisible()
    assert dialog.status.text() == "Cancelled: nothing was recorded."
    assert not dialog.import_button.isEnabled()
    qtbot.mouseClick(close, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
