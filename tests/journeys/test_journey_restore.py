"""Journey: Ada, the administrator, puts the morning's backup back (issue 12, point 8).

Signing in made the day's automatic backup. Later a wrong account is added by mistake; Ada
opens File > Restore from backup…, picks the day's backup in the list, is asked once (the
backup's date named) and confirms. The app tells her the database is back as it was and where
the replaced one is kept, and asks her to sign in again: the wrong account is gone."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from tests.journeys.conftest import ADMIN, TEAM, Journey, set_up_service
from yot_desktop.domain.enums import Role
from yot_desktop.gui.dialogs.restore_backup import RestoreBackupDialog
from yot_desktop.storage.backups import daily_backups, safety_copies


@pytest.fixture
def sqlite_app(tmp_path: Path, journey_factory: Callable[[str], Journey]) -> Journey:
    path = tmp_path / "journey.db"
    path.touch()
    url = f"sqlite:///{path}"
    set_up_service(url)
    journey = journey_factory(url)
    journey.login_dialog()
    return journey


def _usernames(j: Journey) -> set[str]:
    services = j.services()
    try:
        admin = services.auth.sign_in(ADMIN[0], ADMIN[2])
        return {u.username for u in services.users.list_users(admin)}
    finally:
        services.close()
        j.opened.remove(services)


def test_an_administrator_restores_the_days_backup(sqlite_app: Journey) -> None:
    j = sqlite_app
    db = Path(j.db_url.removeprefix("sqlite:///"))
    assert daily_backups(db) == []

    window = j.sign_in(ADMIN[0], ADMIN[2])
    j.settle()
    [(day, backup)] = daily_backups(db)  # signing in made the day's backup
    assert "Today's backup is made" in window.statusBar().currentMessage()

    # Later that day, a mistake (what journey 1 does through Administration > Users).
    services = j.services()
    admin = services.auth.sign_in(ADMIN[0], ADMIN[2])
    services.users.add_user(
        admin, "wrong.account", Role.PRACTITIONER, "a-long-password-1", team=TEAM
    )
    services.close()
    j.opened.remove(services)
    assert "wrong.account" in _usernames(j)

    j.menu("File", "Restore from backup…")
    dialog = j.modal(RestoreBackupDialog)
    j.settle()
    j.click_row_with(dialog.list, backup.name)
    j.screenshot(dialog, "restore_dialog")
    taken = dialog.list.currentItem().text().split(" — ")[0]
    assert taken.startswith(f"{day.day} {day:%B %Y} at ")

    box = j.answer("Restore", lambda: j.click(dialog.restore_button, settle=False))

    assert isinstance(box, QMessageBox)
    assert f"Replace the database with the backup of {taken}?" in box.text()
    j.qtbot.waitUntil(
        lambda: (
            dialog.problem.isVisible()
            or any(b.objectName() == "restoredBox" for b in j.message_boxes())
        ),
        timeout=30_000,
    )
    assert not dialog.problem.isVisible(), dialog.problem.text()
    done = next(b for b in j.message_boxes() if b.objectName() == "restoredBox")
    [kept] = safety_copies(db)
    assert done.text().startswith(f"The database is back as it was on {taken}.")
    assert str(kept) in done.text()
    j.screenshot(done, "restored_message")
    j.click_button(done, "OK")

    j.sign_in(ADMIN[0], ADMIN[2])
    j.assert_no_error_shown()
    assert "wrong.account" not in _usernames(j)
    assert ADMIN[0] in _usernames(j)
