"""Choosing a database: SQLite file or PostgreSQL server, with a connection test."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from yot_desktop.gui.connection import ConnectionDialog
from yot_desktop.gui.tasks import SyncTaskRunner


def test_sqlite_file_connects(qtbot: QtBot, runner: SyncTaskRunner, tmp_path: Path) -> None:
    dialog = ConnectionDialog(runner, f"sqlite:///{tmp_path / 'a.db'}")
    qtbot.addWidget(dialog)
    assert dialog.ui.sqliteRadio.isChecked()
    assert not dialog.ui.serverBox.isEnabled()
    dialog.test()
    assert dialog.ui.resultLabel.text().startswith("Connected: SQLite")


def test_postgres_fields_make_a_url_with_sslmode(qtbot: QtBot, runner: SyncTaskRunner) -> None:
    dialog = ConnectionDialog(
        runner, "postgresql+psycopg://alice@db.example:5433/yot?sslmode=require"
    )
    qtbot.addWidget(dialog)
    assert dialog.ui.postgresRadio.isChecked()
    assert dialog.ui.hostEdit.text() == "db.example"
    assert dialog.ui.portSpin.value() == 5433
    assert dialog.ui.sslCombo.currentData() == "require"
    dialog.ui.passwordEdit.setText("s3cret")
    assert dialog.url() == "postgresql+psycopg://alice:s3cret@db.example:5433/yot?sslmode=require"


def test_missing_server_name_is_named(qtbot: QtBot, runner: SyncTaskRunner) -> None:
    dialog = ConnectionDialog(runner, "postgresql+psycopg://alice@/yot")
    qtbot.addWidget(dialog)
    dialog.ui.connectButton.click()
    assert dialog.chosen_url is None
    assert "server name" in dialog.ui.resultLabel.text()


def test_unreachable_server_explains_what_to_check(qtbot: QtBot, runner: SyncTaskRunner) -> None:
    # Port 1 on loopback: nothing listens there, so the refusal is immediate.
    dialog = ConnectionDialog(runner, "postgresql+psycopg://nobody@127.0.0.1:1/yot")
    qtbot.addWidget(dialog)
    dialog.test()
    text = dialog.ui.resultLabel.text()
    assert text.startswith("Cannot connect to 127.0.0.1:1/yot")
    assert "Check the server name" in text
