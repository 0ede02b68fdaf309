"""Starting on a database that is not there, or is damaged: the app says so and asks where
the database is, instead of making an empty one or showing a traceback (issue 12, point 5)."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from tests.journeys.conftest import Journey, set_up_service
from yot_desktop.gui.connection import ConnectionDialog


def test_a_mistyped_database_path_opens_the_connection_dialog(
    tmp_path: Path, journey_factory: Callable[[str], Journey]
) -> None:
    missing = tmp_path / "Shared" / "yot-dekstop.db"
    j = journey_factory(f"sqlite:///{missing}")
    dialog = j.modal(ConnectionDialog)
    text = dialog.ui.resultLabel.text()
    assert f"There is no database at {missing}" in text
    assert "click Use this database" in text
    assert not (tmp_path / "Shared").exists()


def test_a_damaged_database_file_says_so(
    tmp_path: Path, journey_factory: Callable[[str], Journey]
) -> None:
    good = tmp_path / "good.db"
    set_up_service(f"sqlite:///{good}")
    damaged = tmp_path / "damaged.db"
    shutil.copyfile(good, damaged)
    data = bytearray(damaged.read_bytes())
    for offset in range(4096, len(data), 4096):
        data[offset : offset + 64] = b"\xff" * 64
    damaged.write_bytes(bytes(data))
    j = journey_factory(f"sqlite:///{damaged}")
    dialog = j.modal(ConnectionDialog)
    text = dialog.ui.resultLabel.text()
    assert f"The database file {damaged} is damaged" in text
    assert "db backup" in text


def test_choosing_the_new_file_in_the_dialog_makes_it(
    tmp_path: Path, journey_factory: Callable[[str], Journey]
) -> None:
    """Asked, the person may start a new database there: the first-run wizard opens."""
    from PySide6.QtWidgets import QWizard

    missing = tmp_path / "Shared" / "new.db"
    j = journey_factory(f"sqlite:///{missing}")
    dialog = j.modal(ConnectionDialog)
    j.click_button(dialog, "Use this database")
    wizard = j.modal(QWizard)
    assert wizard.objectName() == "firstRunWizard"
    assert missing.is_file()
