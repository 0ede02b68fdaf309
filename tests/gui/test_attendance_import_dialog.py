"""The attendance import, clicked through: a did-not-attend row with no reason is recorded
(INTERFACES.md: the reason is optional; no reason means an unexplained absence)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from tests.gui.delivery_fixtures import TODAY, team_with_programmes
from yot_desktop.domain.enums import Attendance
from yot_desktop.gui.dialogs.attendance_import import AttendanceImportDialog
from yot_desktop.gui.tasks import SyncTaskRunner
from yot_desktop.services.container import Services

LEFT = Qt.MouseButton.LeftButton


def test_a_did_not_attend_row_without_a_reason_is_imported(
    qtbot: QtBot,
    empty_services: Services,
    runner: SyncTaskRunner,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    me = team_with_programmes(empty_services)
    register = tmp_path / "register.csv"
    register.write_text(
        "crime_reference,session_date,attendance,reason,evidence_received\n"
        f"43/26/5001,{TODAY:%Y-%m-%d},did_not_attend,,\n"
        f"43/26/5002,{TODAY:%Y-%m-%d},did_not_attend,Ill in bed,no\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", lambda *_a, **_k: (str(register), "CSV files (*.csv)")
    )
    dialog = AttendanceImportDialog(empty_services, me, runner)
    qtbot.addWidget(dialog)
    dialog.show()

    qtbot.mouseClick(dialog.choose, LEFT)

    assert dialog.problems.count() == 0
    assert dialog.status.text() == "Ready: 2 of 2 rows will be recorded."
    assert dialog.model.index(0, 4).data() == "Did not attend"
    assert dialog.model.index(0, 5).data() == "Not given"
    assert dialog.import_button.isEnabled()
    qtbot.mouseClick(dialog.import_button, LEFT)
    assert dialog.status.text().startswith("Recorded 2 rows.")
    marks = {
        s.person_name.split()[0]: (s.status, s.reason)
        for s in empty_services.attendance.register(me, TODAY)
    }
    assert marks == {
        "Zoë": (Attendance.DID_NOT_ATTEND, ""),
        "Łukasz": (Attendance.DID_NOT_ATTEND, "Ill in bed"),
    }
