"""Security settings: this computer's idle lock time, and encrypting the database file."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from tests.keyring_backends import MemoryKeyring
from yot_desktop.gui.security import SecurityDialog
from yot_desktop.gui.tasks import SyncTaskRunner
from yot_desktop.services.container import Services
from yot_desktop.settings import load_settings
from yot_desktop.storage.encryption import is_encrypted_file
from yot_desktop.storage.engine import sqlite_path

KEY = "four unrelated words here"


def make_dialog(qtbot: QtBot, services: Services, runner: SyncTaskRunner) -> SecurityDialog:
    admin = services.auth.sign_in("admin", "demo")
    dialog = SecurityDialog(services, admin, runner, None)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def db_file(services: Services) -> Path:
    path = sqlite_path(services.ctx.engine.url)
    assert path is not None
    return path


def test_idle_lock_minutes_are_saved_for_this_computer(
    qtbot: QtBot, demo_services: Services, runner: SyncTaskRunner
) -> None:
    dialog = make_dialog(qtbot, demo_services, runner)
    assert not dialog.forget_button.isVisible()  # nothing encrypted, nothing to forget
    assert dialog.minutes.value() == 15
    assert not dialog.limit_check.isChecked() and not dialog.limit.isEnabled()
    dialog.minutes.setValue(5)
    dialog.save_minutes.click()
    assert load_settings().idle_lock_minutes == 5
    assert demo_services.database.idle_lock_limit() is None


def test_an_administrator_limits_every_computer(
    qtbot: QtBot, demo_services: Services, runner: SyncTaskRunner
) -> None:
    dialog = make_dialog(qtbot, demo_services, runner)
    dialog.limit_check.setChecked(True)
    dialog.limit.setValue(10)
    dialog.save_minutes.click()
    assert demo_services.database.idle_lock_limit() == 10
    assert dialog.save_minutes.text() == "Saved"
    again = make_dialog(qtbot, demo_services, runner)
    assert again.limit_check.isChecked() and again.limit.value() == 10
    again.limit_check.setChecked(False)
    again.save_minutes.click()
    assert demo_services.database.idle_lock_limit() is None


def test_encrypts_and_remembers_the_passphrase(
    qtbot: QtBot,
    demo_services: Services,
    runner: SyncTaskRunner,
    memory_keyring: MemoryKeyring,
) -> None:
    dialog = make_dialog(qtbot, demo_services, runner)
    assert "is not encrypted" in dialog.status.text()
    dialog.new_passphrase.setText(KEY)
    dialog.confirm.setText(KEY + "!")
    dialog.encrypt_button.click()
    assert dialog.problem.text() == "Confirm passphrase: Type the same passphrase twice"
    assert not is_encrypted_file(db_file(demo_services))

    dialog.confirm.setText(KEY)
    dialog.encrypt_button.click()
    assert is_encrypted_file(db_file(demo_services))
    assert "is encrypted (SQLCipher, AES-256)" in dialog.status.text()
    assert dialog.problem.text().startswith("Encrypted, with every record kept")
    assert "kept in this computer's password store" in dialog.problem.text()
    assert list(memory_keyring.secrets.values()) == [KEY]
    assert not dialog.encrypt_button.isVisible()
    assert dialog.forget_button.isVisible()
    dialog.forget_button.click()
    assert memory_keyring.secrets == {}
    assert dialog.problem.text().startswith("Forgotten on this computer")
    dialog.grab().save(str(db_file(demo_services).with_name("security.png")))


def test_no_password_store_is_said_before_anything_changes(
    qtbot: QtBot, demo_services: Services, runner: SyncTaskRunner, no_keyring: None
) -> None:
    dialog = make_dialog(qtbot, demo_services, runner)
    dialog.new_passphrase.setText(KEY)
    dialog.confirm.setText(KEY)
    dialog.encrypt_button.click()
    assert dialog.problem.text().startswith("This computer has no password store")
    assert not is_encrypted_file(db_file(demo_services))
    dialog.remember.setChecked(False)
    dialog.encrypt_button.click()
    assert is_encrypted_file(db_file(demo_services))
    assert "Type the passphrase each time" in dialog.problem.text()
