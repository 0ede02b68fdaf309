"""A server password typed in the connection dialog goes to the password store, not a file."""

from __future__ import annotations

import json

from pytestqt.qtbot import QtBot

from tests.keyring_backends import MemoryKeyring
from yot_desktop.app import AppController
from yot_desktop.gui.connection import ConnectionDialog
from yot_desktop.gui.tasks import SyncTaskRunner
from yot_desktop.services.admin.secrets import SERVICE
from yot_desktop.settings import SSL_MODES, load_settings, save_setting


def test_new_server_connection_uses_the_sslmode_setting(
    qtbot: QtBot, runner: SyncTaskRunner
) -> None:
    for mode in SSL_MODES:
        dialog = ConnectionDialog(runner, "sqlite:///x.db", sslmode=mode)
        qtbot.addWidget(dialog)
        assert dialog.ui.sslCombo.currentData() == mode  # every setting has its choice
    assert "password store" in dialog.ui.passwordEdit.placeholderText()


def test_password_goes_to_the_store_and_the_settings_file_has_none(
    qtbot: QtBot, memory_keyring: MemoryKeyring
) -> None:
    settings = save_setting(load_settings("sqlite:///unused.db"), "sslmode", "require")
    controller = AppController(settings, runner=SyncTaskRunner())
    controller.choose_database()
    dialog = controller.dialog
    assert isinstance(dialog, ConnectionDialog)
    dialog.ui.postgresRadio.setChecked(True)
    assert dialog.ui.sslCombo.currentData() == "require"
    dialog.ui.hostEdit.setText("127.0.0.1")
    dialog.ui.portSpin.setValue(1)  # nothing listens: the open fails at once, after saving
    dialog.ui.databaseEdit.setText("yot")
    dialog.ui.userEdit.setText("alice")
    dialog.ui.passwordEdit.setText("s3cret-Pa55")
    dialog.ui.connectButton.click()

    saved = settings.config_file.read_text(encoding="utf-8")
    assert "s3cret" not in saved
    assert json.loads(saved)["database_url"] == (
        "postgresql+psycopg://alice@127.0.0.1:1/yot?sslmode=require"
    )
    assert memory_keyring.secrets == {
        (SERVICE, "server password: alice@127.0.0.1:1/yot"): "s3cret-Pa55"
    }
    # The server cannot be reached: the dialog comes back saying so.
    again = controller.dialog
    assert isinstance(again, ConnectionDialog) and again is not dialog
    assert again.ui.resultLabel.text().startswith("YOT Desktop cannot open the database")
    again.close()
    controller.close_services()
