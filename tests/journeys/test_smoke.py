"""The fixture itself: the app starts on an empty database and a person signs in by typing."""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit, QWizard

from tests.journeys.conftest import ADMIN, PRACTITIONER, Journey


def test_first_run_wizard_by_clicks(fresh_app: Journey) -> None:
    j = fresh_app
    wizard = j.modal(QWizard)
    assert wizard.objectName() == "firstRunWizard"
    j.click(wizard.button(QWizard.WizardButton.NextButton))
    j.type_into(j.find(QLineEdit, "adminNameEdit"), ADMIN[1])
    j.type_into(j.find(QLineEdit, "adminUsernameEdit"), ADMIN[0])
    j.type_into(j.find(QLineEdit, "adminPasswordEdit"), ADMIN[2])
    j.type_into(j.find(QLineEdit, "adminConfirmEdit"), ADMIN[2])
    j.click(wizard.button(QWizard.WizardButton.NextButton))
    j.qtbot.waitUntil(wizard.button(QWizard.WizardButton.FinishButton).isEnabled)
    j.click(wizard.button(QWizard.WizardButton.FinishButton))
    j.qtbot.waitUntil(lambda: j.controller.window is not None)
    assert ADMIN[1] in j.window.user_label.text()
    j.go("Administration")


def test_practitioner_signs_in(set_up_app: Journey) -> None:
    window = set_up_app.sign_in(PRACTITIONER[0], PRACTITIONER[2])
    assert window.isVisible()
    assert PRACTITIONER[1] in window.user_label.text()
    set_up_app.sign_out()
