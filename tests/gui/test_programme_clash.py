"""Starting a programme when the standard weekly times clash with the worker's diary (issue 14,
point 5), clicked through: the dialog proposes each session's time, marks the ones moved to
the nearest free time and why, lets the worker change any, then books."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from tests.gui.delivery_fixtures import TODAY
from tests.integration.delivery_helpers import new_referral, set_up_team, user
from yot_desktop.gui.dialogs.programme_dialog import ProgrammeDialog
from yot_desktop.gui.screens.today import TodayScreen
from yot_desktop.gui.tasks import SyncTaskRunner
from yot_desktop.services.container import Services

LEFT = Qt.MouseButton.LeftButton


def test_clashing_sessions_are_moved_to_the_nearest_free_time_then_booked(
    qtbot: QtBot, empty_services: Services, runner: SyncTaskRunner, tmp_path: Path
) -> None:
    set_up_team(empty_services)
    me = user(empty_services, "practitioner")
    # Priya already sees Łukasz at 16:00 a week today, in the diary.
    other = new_referral(empty_services, "43/26/7101", first_name="Łukasz")
    a_week_on = TODAY + timedelta(weeks=1)
    empty_services.programmes.start(me, other, start=a_week_on, at=time(16, 0))
    new_referral(empty_services, "43/26/7102", first_name="Siobhán", last_name="O'Brien")
    screen = TodayScreen(empty_services, me, runner, today=lambda: TODAY)
    qtbot.addWidget(screen)
    screen.show()
    screen.show_my_work()
    work = screen.my_work
    row = next(
        r
        for r in range(work.referral_model.rowCount())
        if work.referral_model.index(r, 0).data() == "43/26/7102"
    )
    work.referrals.selectRow(row)
    qtbot.mouseClick(work.open_programme, LEFT)
    dialog = work.dialog
    assert isinstance(dialog, ProgrammeDialog) and dialog.isVisible()
    dialog.resize(1024, 700)

    rows = dialog.proposed.rows
    assert [r.title.text() for r in rows] == [
        "1. Assessment (90 min)",
        "2. Drug education (one to one) (60 min)",
        "3. Drug education (one to one) (60 min)",
        "4. Drug education (one to one) (60 min)",
    ]
    assert dialog.proposed_summary.text().startswith("3 of 4 sessions clash with the diary")
    assert rows[0].note.text() == "Free in the diary."
    assert rows[1].note.text().startswith("Moved from ")
    assert "Priya Practitioner already has a session from 16:00 to 17:30" in rows[1].note.text()
    assert rows[1].chosen() == datetime.combine(a_week_on, time(17, 30))
    dialog.grab().save(str(tmp_path / "programme-clash.png"))

    # The worker tries 16:00 for the third session: the diary says no, and Book waits.
    edit = rows[2].time.findChild(QLineEdit)
    qtbot.mouseDClick(edit, LEFT, pos=QPoint(8, edit.height() // 2))
    qtbot.keyClicks(rows[2].time, "16")
    assert (
        rows[2]
        .note.text()
        .startswith(
            "Changed by you, but it clashes: Priya Practitioner already has a session from 16:00 "
            "to 17:00"
        )
    )
    assert rows[2].note.text().endswith("The nearest free time is Friday 4 December 2026 at 17:00.")
    assert dialog.proposed_summary.text() == (
        "Session 3 clashes with the diary at the time you chose: change it, then book."
    )
    assert not dialog.start_button.isEnabled()
    # 18:00 then: free.
    qtbot.mouseDClick(edit, LEFT, pos=QPoint(8, edit.height() // 2))
    qtbot.keyClicks(rows[2].time, "18")
    assert rows[2].note.text() == (
        "Changed by you (the proposal was Friday 4 December 2026 at 17:00): free in the diary."
    )
    assert dialog.start_button.isEnabled()
    chosen = [r.chosen() for r in rows]
    assert chosen[2].time() == time(18, 0)

    qtbot.mouseClick(dialog.start_button, LEFT)

    assert dialog.message.text().startswith("Programme started. Sessions booked on ")
    assert not dialog.start_box.isVisibleTo(dialog)
    assert [s.starts_at for s in dialog.detail.sessions] == chosen  # type: ignore[union-attr]
    assert chosen[0].date() == TODAY and isinstance(chosen[0].date(), date)
