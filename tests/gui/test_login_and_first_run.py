"""Signing in and the first-run wizard, driven as a user would."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard
from pytestqt.qtbot import QtBot

from yot_desktop.gui.first_run import FirstRunWizard
from yot_desktop.gui.login import LoginDialog
from yot_desktop.gui.tasks import SyncTaskRunner
from yot_desktop.services.container import Services


def test_wrong_password_says_so_and_keeps_the_dialog_open(
    qtbot: QtBot, demo_services: Services, runner: SyncTaskRunner
) -> None:
    dialog = LoginDialog(demo_services, runner, "SQLite database: test", "practitioner")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.ui.passwordEdit, "not-the-password")
    qtbot.mouseClick(dialog.ui.signInButton, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert dialog.user is None
    assert "not right" in dialog.ui.errorLabel.text()
    assert dialog.ui.passwordEdit.text() == ""


def test_enter_signs_in_with_the_right_password(
    qtbot: QtBot, demo_services: Services, runner: SyncTaskRunner
) -> None:
    dialog = LoginDialog(demo_services, runner, "SQLite database: test", "")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.ui.usernameEdit, "manager")
    qtbot.keyClicks(dialog.ui.passwordEdit, "demo")
    with qtbot.waitSignal(dialog.signed_in) as signal:
        qtbot.keyClick(dialog.ui.passwordEdit, Qt.Key.Key_Return)
    assert signal.args[0].username == "manager"
    assert dialog.result() == LoginDialog.DialogCode.Accepted


def test_empty_fields_are_named(
    qtbot: QtBot, demo_services: Services, runner: SyncTaskRunner
) -> None:
    dialog = LoginDialog(demo_services, runner, "db", "")
    qtbot.addWidget(dialog)
    dialog.sign_in()
    assert dialog.ui.errorLabel.text() == "Enter your user name."


def test_first_run_creates_the_administrator(
    qtbot: QtBot, empty_services: Services, runner: SyncTaskRunner
) -> None:
    wizard = FirstRunWizard(empty_services, runner)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.next()
    assert wizard.currentId() == wizard.admin_id
    page = wizard.admin
    qtbot.keyClicks(page.name, "Dana Okoro")
    qtbot.keyClicks(page.username, "d.okoro")
    qtbot.keyClicks(page.password, "short")
    assert not page.isComplete()
    assert "12 characters" in page.problem.text()
    page.password.clear()
    qtbot.keyClicks(page.password, "a-long-enough-passphrase")
    qtbot.keyClicks(page.confirm, "a-long-enough-passphrase")
    assert page.isComplete()
    wizard.next()
    assert wizard.user is not None and wizard.user.username == "d.okoro"
    assert wizard.button(QWizard.WizardButton.FinishButton).isEnabled()
    assert not empty_services.auth.needs_first_user()
    # The shipped schemes come with the first administrator.
    assert {s.code for s in empty_services.schemes.list_schemes()} == {"OX", "WB", "WM"}


def test_first_run_can_open_demo_data(
    qtbot: QtBot, empty_services: Services, runner: SyncTaskRunner
) -> None:
    wizard = FirstRunWizard(empty_services, runner)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.choice.demo.setChecked(True)
    wizard.next()
    assert wizard.currentId() == wizard.progress_id
    assert wizard.demo_username == "admin"
    assert empty_services.auth.is_demo()
    assert empty_services.auth.sign_in("practitioner", "demo").username == "practitioner"
