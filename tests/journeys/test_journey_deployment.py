"""Settings IT sets for every PC (issue 16, point 3), as a member of staff meets them.

IT puts deployment.toml on every office PC: the database, the screen-lock time and the update
channel, some of them locked. Staff see what is in force and where it came from (Help >
Settings on this computer), and cannot change a locked one: the screen-lock time is greyed out
in Security settings, and File > Connect to database shows IT's database, not changeable.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtWidgets import QSpinBox, QTableView

from tests.journeys.conftest import ADMIN, Journey, set_up_service
from yot_desktop.gui.connection import ConnectionDialog
from yot_desktop.gui.security import SecurityDialog
from yot_desktop.gui.settings_sources import SettingsSourcesDialog


def test_settings_it_locks_are_shown_with_their_source_and_cannot_be_changed(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    journey_factory: Callable[[str], Journey],
) -> None:
    db = tmp_path / "team.db"
    db.touch()
    url = f"sqlite:///{db}"
    set_up_service(url)
    deployment = tmp_path / "deployment.toml"
    deployment.write_text(
        f'database_url = "{url}"\n'
        "idle_lock_minutes = 10\n"
        'update_channel = "preview"\n'
        'locked = ["database_url", "idle_lock_minutes"]\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("YOT_DEPLOYMENT_FILE", str(deployment))

    j = journey_factory(url)
    j.sign_in(ADMIN[0], ADMIN[2])

    j.menu("Help", "Settings on this computer")
    dialog = j.modal(SettingsSourcesDialog)
    table = j.find(QTableView, "settingsSourcesTable", dialog)
    model = table.model()
    rows = {
        model.index(r, 0).data(): [model.index(r, c).data() for c in range(1, 3)]
        for r in range(model.rowCount())
    }
    assert rows["Database"] == ["IT's deployment file (locked)", url]
    assert rows["Screen lock after (minutes)"] == ["IT's deployment file (locked)", "10"]
    assert rows["Update channel"] == ["IT's deployment file", "preview"]
    assert rows["Connection encryption (sslmode)"] == ["built-in default", "prefer"]
    assert str(deployment) in dialog.findChild(object, "settingsSourcesIntro").text()
    j.screenshot(dialog, "deployment_settings_sources")
    j.click_button(dialog, "closeSettingsSourcesButton")
    assert not dialog.isVisible()

    admin_screen = j.go("Administration")
    j.click_button(admin_screen, "Security settings…")
    security = j.modal(SecurityDialog)
    minutes = j.find(QSpinBox, "idleMinutesSpin", security)
    assert minutes.value() == 10
    assert not minutes.isEnabled()
    assert "IT department" in minutes.toolTip()
    security.reject()
    j.settle()

    j.menu("File", "Connect to database…")
    connection = j.modal(ConnectionDialog)
    assert connection.ui.fileEdit.text() == str(db)
    assert not connection.ui.fileEdit.isEnabled()
    assert not connection.ui.postgresRadio.isEnabled()
    assert connection.ui.resultLabel.text() == (
        "Your IT department has set which database this computer uses."
    )
    j.screenshot(connection, "deployment_connection_locked")
