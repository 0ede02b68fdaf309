"""The application on an encrypted database: passphrase, password store, idle lock, sign-out."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from tests.keyring_backends import MemoryKeyring
from yot_desktop.app import AppController
from yot_desktop.gui.login import LoginDialog
from yot_desktop.gui.security import PassphraseDialog
from yot_desktop.gui.tasks import SyncTaskRunner
from yot_desktop.services.container import Services
from yot_desktop.settings import load_settings

KEY = "kettle harbour lantern 7"
PASSWORD = "a-long-enough-passphrase"


@pytest.fixture
def encrypted_url(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'team.db'}"
    services = Services.open(url)
    services.database.upgrade()
    lead = services.auth.create_first_administrator("lead", PASSWORD)
    services.database.encrypt(lead, KEY, KEY)
    services.database.set_idle_lock_limit(lead, 5)  # every computer: at most 5 minutes
    services.close()
    return url


def test_passphrase_is_asked_checked_and_remembered(
    qtbot: QtBot, encrypted_url: str, memory_keyring: MemoryKeyring
) -> None:
    controller = AppController(load_settings(encrypted_url), runner=SyncTaskRunner())
    controller.start()
    dialog = controller.dialog
    assert isinstance(dialog, PassphraseDialog)
    dialog.passphrase.setText("not the passphrase")
    dialog.open_button.click()
    again = controller.dialog
    assert isinstance(again, PassphraseDialog) and again is not dialog
    assert again.problem.text().startswith("The passphrase is not right")

    again.passphrase.setText(KEY)
    again.remember.setChecked(True)
    again.open_button.click()
    assert isinstance(controller.dialog, LoginDialog)
    assert list(memory_keyring.secrets.values()) == [KEY]
    controller.dialog.close()
    controller.close_services()

    # Next time the password store answers, and no passphrase is asked.
    second = AppController(load_settings(encrypted_url), runner=SyncTaskRunner())
    second.start()
    assert isinstance(second.dialog, LoginDialog)
    second.dialog.close()
    second.close_services()


def test_signed_in_window_locks_and_sign_out_instead_returns_to_sign_in(
    qtbot: QtBot, encrypted_url: str, memory_keyring: MemoryKeyring
) -> None:
    memory_keyring.secrets.clear()
    controller = AppController(
        load_settings(encrypted_url), "lead", PASSWORD, runner=SyncTaskRunner()
    )
    controller.start()
    dialog = controller.dialog
    assert isinstance(dialog, PassphraseDialog)
    dialog.passphrase.setText(KEY)
    dialog.open_button.click()
    window = controller.window
    assert window is not None and window.isVisible()
    lock = controller.idle_lock
    assert lock is not None
    # This computer's setting is the default 15 minutes; the administrator's limit wins.
    assert controller.settings.idle_lock_minutes == 15
    assert lock.minutes == 5 and lock.timer.interval() == 5 * 60_000
    assert memory_keyring.secrets == {}  # not asked to remember it

    lock.lock()
    assert lock.screen is not None
    lock.screen.sign_out.click()
    lock.screen.sign_out.click()
    assert controller.window is None
    assert controller.idle_lock is None
    assert isinstance(controller.dialog, LoginDialog)
    controller.dialog.close()
    controller.close_services()
