"""A manager picks the wrong, huge file to import: the app says so at once (issue 12, point 4).

Before, a 100 MB file took minutes and gigabytes to be refused; now the preview says what the
limit is within a moment, nothing is imported, and the Import button stays off."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QLabel, QPushButton

from tests.journeys.conftest import MANAGER, Journey
from yot_desktop.gui.screens.import_preview import ImportPreviewDialog


def test_a_file_far_too_big_is_refused_in_the_preview(
    set_up_app: Journey, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    j = set_up_app
    big = tmp_path / "whole-force-export.csv"
    with big.open("wb") as f:
        f.truncate(100 * 1024 * 1024)  # 100 MB on disk, never read
    j.sign_in(MANAGER[0], MANAGER[2])
    # The operating system's file dialog stands in for a person choosing the file.
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *_a, **_k: (str(big), ""))
    )
    j.menu("File", "Import police referrals…")
    preview = j.modal(ImportPreviewDialog)
    summary = j.find(QLabel, "importSummary", preview)
    j.qtbot.waitUntil(lambda: "MB" in summary.text(), timeout=5000)
    assert summary.text().startswith("whole-force-export.csv is 100.0 MB: the most one import")
    importing = [b for b in preview.findChildren(QPushButton) if b.text().startswith("Import")]
    assert importing and not any(b.isEnabled() for b in importing)
    j.assert_no_error_shown()


def test_an_attendance_register_far_too_big_is_refused(
    set_up_app: Journey, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QListWidget

    from yot_desktop.gui.dialogs.attendance_import import AttendanceImportDialog

    j = set_up_app
    big = tmp_path / "provider-register.csv"
    with big.open("wb") as f:
        f.truncate(30 * 1024 * 1024)
    j.sign_in(MANAGER[0], MANAGER[2])
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *_a, **_k: (str(big), ""))
    )
    j.menu("File", "Import an attendance register…")
    dialog = j.modal(AttendanceImportDialog)
    j.click_button(dialog, "importChoose")
    problems = j.find(QListWidget, "importProblems", dialog)
    assert [problems.item(i).text() for i in range(problems.count())] == [
        "provider-register.csv is 30.0 MB: the most one import takes is 20 MB or 50,000 "
        "rows. Check it is the right file; a large one can be split into smaller files, each "
        "with the header row, and imported one after another"
    ]
    assert not j.find(QPushButton, "importApply", dialog).isEnabled()
