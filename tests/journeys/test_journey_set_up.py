"""Journey 1: set up a new service from nothing (issue 14).

A brand-new installation, no demo: the first-run wizard makes the administrator, who gives the
team its name and letterhead in Administration, adds a manager and two practitioners, changes
a scheme's local policy, looks at the bank holidays and the intervention catalogue, and signs
out. A new practitioner signs in, chooses their own password, and their team's letters now
carry the team's phone (point 10).
"""

from __future__ import annotations

import io
from datetime import date, timedelta
from decimal import Decimal

from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QWizard,
)

from tests.journeys.conftest import ADMIN, MANAGER, PRACTITIONER, PRACTITIONER_2, TEAM, Journey
from yot_desktop.domain.enums import LetterType, ReferralStatus
from yot_desktop.services.intake.dto import NewReferral
from yot_desktop.services.letters.service import LetterRequest

PHONE = "01635 503090"
EMAIL = "yot@westberks.example"
ADDRESS = ("Market Street", "Newbury", "RG14 5LD")
NEW_PASSWORD = "my-own-password-now"
READING = "Reading Youth Offending Team"


def first_run(j: Journey) -> None:
    wizard = j.modal(QWizard)
    assert wizard.objectName() == "firstRunWizard"
    j.click(wizard.button(QWizard.WizardButton.NextButton))
    j.type_into(j.find(QLineEdit, "adminNameEdit"), ADMIN[1])
    j.type_into(j.find(QLineEdit, "adminUsernameEdit"), ADMIN[0])
    j.type_into(j.find(QLineEdit, "adminPasswordEdit"), ADMIN[2])
    j.type_into(j.find(QLineEdit, "adminConfirmEdit"), ADMIN[2])
    j.screenshot(wizard, "first-run")
    j.click(wizard.button(QWizard.WizardButton.NextButton))
    finish = wizard.button(QWizard.WizardButton.FinishButton)
    j.qtbot.waitUntil(finish.isEnabled, timeout=15_000)
    status = j.find(QLabel, "setupStatusLabel")
    assert status.text() == f"Your administrator account {ADMIN[0]} is ready."
    j.click(finish)
    j.qtbot.waitUntil(lambda: j.controller.window is not None, timeout=15_000)
    j.settle()


def set_letterhead(j: Journey) -> None:
    j.go("Administration")
    box = j.find(QPushButton, "saveTeamButton").parentWidget()
    combo = j.find(QComboBox, "teamCombo")
    name = j.find(QLineEdit, "teamNameEdit")
    message = j.find(QLabel, "teamMessage")
    # The wizard's team has a name and nothing else: the screen says what letters lack.
    assert combo.currentText() == "Youth Offending Team"
    assert name.text() == "Youth Offending Team"
    assert message.text().startswith("Add the address and phone of Youth Offending Team.")

    j.type_into(name, TEAM)
    address = j.find(QPlainTextEdit, "teamAddressEdit")
    address.setFocus()
    for i, line in enumerate(ADDRESS):
        if i:
            j.key(address, Qt.Key.Key_Return)
        j.qtbot.keyClicks(address, line)
    assert address.toPlainText() == "\n".join(ADDRESS)
    j.type_into(j.find(QLineEdit, "teamPhoneEdit"), "01635 5030")  # two digits short
    j.type_into(j.find(QLineEdit, "teamEmailEdit"), "yot at westberks")
    j.click_button(box, "saveTeamButton")
    # Each problem names its field and how to put it right; nothing is saved.
    assert message.text().splitlines() == [
        "Phone: Enter a UK phone number, like 07700 900123 or 0118 496 0000",
        "Email: Enter an email address in the right format, like name@example.com",
    ]
    j.assert_no_error_shown()

    j.type_into(j.find(QLineEdit, "teamPhoneEdit"), "01635503090")
    j.type_into(j.find(QLineEdit, "teamEmailEdit"), EMAIL)
    j.click_button(box, "saveTeamButton")
    j.assert_no_error_shown()
    assert message.text() == (f"Saved {TEAM}. Its letters now carry this address, phone and email.")
    assert combo.currentText() == TEAM
    assert j.find(QLineEdit, "teamPhoneEdit").text() == PHONE  # written the usual way
    # The status bar says which team the administrator is in: by its new name.
    assert j.window.user_label.text() == f"{ADMIN[1]} (Administrator) · {TEAM}"

    # The administrator's own account says when they signed in: just now, by the wizard.
    table = j.find(QTableView, "usersTable")
    row = j.row_texts(table, 0).index(ADMIN[0])
    assert j.row_texts(table, 4)[row].startswith(f"{date.today():%d/%m/%Y} ")

    # Saving again, untouched, is no conflict (point 1).
    j.click_button(box, "saveTeamButton")
    assert message.text().startswith(f"Saved {TEAM}.")
    j.assert_no_error_shown()

    # A second team, for the Reading office; a name already taken is refused, by its field.
    j.click(j.find(QPushButton, "newTeamButton"))
    assert name.text() == "" and combo.currentText() == ""
    j.type_into(name, TEAM)
    j.type_into(j.find(QLineEdit, "teamPhoneEdit"), "0118 937 3737")
    j.click_button(box, "saveTeamButton")
    assert message.text().startswith(f"Team name: There is already a team called {TEAM}")
    j.type_into(name, READING)
    j.click_button(box, "saveTeamButton")
    assert message.text().startswith(f"Saved {READING}.")
    assert [combo.itemText(i) for i in range(combo.count())] == [READING, TEAM]
    # Picking a team shows its letterhead.
    j.choose(combo, TEAM)
    assert j.find(QLineEdit, "teamPhoneEdit").text() == PHONE
    assert address.toPlainText() == "\n".join(ADDRESS)


def add_account(j: Journey, user: tuple[str, str, str], role: str, first_try: str = "") -> None:
    screen = j.window.administration
    assert screen is not None
    j.click(j.find(QPushButton, "addUserButton"))
    dialog = j.modal(QDialog)
    assert dialog.objectName() == "addUserDialog"
    # The team is already the one just set up: nobody types it again.
    assert j.find(QComboBox, "newTeamCombo", dialog).currentText() == TEAM
    j.type_into(j.find(QLineEdit, "newDisplayNameEdit", dialog), user[1])
    j.type_into(j.find(QLineEdit, "newUsernameEdit", dialog), user[0])
    j.choose(j.find(QComboBox, "newRoleCombo", dialog), role)
    if first_try:
        # A first password too short: the dialog stays, saying which field and how to fix it.
        j.type_into(j.find(QLineEdit, "newPasswordEdit", dialog), first_try)
        j.click(j.find(QPushButton, "addUserSave", dialog))
        j.qtbot.waitUntil(dialog.isVisible, timeout=15_000)
        problem = j.find(QLabel, "addUserProblem", dialog)
        assert problem.text() == "First password: Use at least 12 characters"
        j.assert_no_error_shown()
    j.type_into(j.find(QLineEdit, "newPasswordEdit", dialog), user[2])
    j.click(j.find(QPushButton, "addUserSave", dialog))
    problem = j.find(QLabel, "addUserProblem", dialog) if dialog.isVisible() else None
    assert problem is None, problem.text()
    table = j.find(QTableView, "usersTable")
    j.qtbot.waitUntil(
        lambda: user[0] in j.row_texts(table, 0) or bool(j.message_boxes()), timeout=15_000
    )
    j.assert_no_error_shown()
    row = j.row_texts(table, 0).index(user[0])
    assert [j.row_texts(table, c)[row] for c in range(1, 5)] == [user[1], role, TEAM, "Never"]


def edit_a_scheme(j: Journey) -> None:
    j.go("Referrals")
    j.click(j.find(QPushButton, "schemesButton"))
    dialog = j.modal(QDialog)
    assert dialog.objectName() == "schemeEditorDialog"
    schemes = j.find(QListWidget, "schemeList", dialog)
    j.qtbot.waitUntil(lambda: schemes.count() == 3, timeout=15_000)
    assert j.row_texts(schemes) == ["OX", "WB", "WM"]  # shipped with the first administrator
    j.click_row_with(schemes, "WB")
    name = j.find(QLineEdit, "scheme_name", dialog)
    assert name.text() == "West Berkshire youth drug diversion"
    # Local policy: one more unexplained absence allowed before the threshold.
    limit = j.find(QSpinBox, "scheme_absence_limit", dialog)
    assert limit.value() == 2
    j.type_into(limit, "3")
    j.click(j.find(QPushButton, "saveSchemeButton", dialog))
    j.assert_no_error_shown()
    status = j.find(QLabel, "schemeStatus", dialog)
    assert status.text().startswith("Saved WB.")
    # Saved again straight away: the editor holds the new version, so no false conflict.
    j.click(j.find(QPushButton, "saveSchemeButton", dialog))
    j.assert_no_error_shown()
    assert status.text().startswith("Saved WB.")
    j.click(j.find(QPushButton, "schemeClose", dialog))
    assert not dialog.isVisible()


def check_bank_holidays(j: Journey) -> None:
    j.go("Calendar")
    j.click(j.find(QPushButton, "calendarSettings"))
    dialog = j.modal(QDialog)
    assert dialog.objectName() == "calendarSettingsDialog"
    holidays = j.find(QTableView, "bankHolidaysTable", dialog)
    names = j.row_texts(holidays, 2)
    # Within any year from today: Christmas Day and Boxing Day, in date order.
    assert "Christmas Day" in names and "Boxing Day" in names
    assert len(names) >= 8
    dates = [date(*reversed([int(p) for p in d.split("/")])) for d in j.row_texts(holidays, 0)]
    assert dates == sorted(dates) and date.today() <= dates[0]
    assert dates[-1] <= date.today() + timedelta(days=366)
    j.click(j.find(QPushButton, "calendarSettingsClose", dialog))
    assert not dialog.isVisible()


def check_catalogue(j: Journey) -> None:
    j.menu("File", "Intervention catalogue…")
    dialog = j.modal(QDialog)
    assert dialog.objectName() == "catalogueDialog"
    table = j.find(QTableView, "catalogueTable", dialog)
    j.qtbot.waitUntil(lambda: table.model().rowCount() > 0, timeout=15_000)
    labels = j.row_texts(table, 0)
    assert labels, "a new installation comes with the usual interventions"
    # Open the first one and save it untouched: saved, no conflict (point 1).
    j.click_row(table, 0)
    assert j.find(QLineEdit, "catalogueLabel", dialog).text() == labels[0]
    j.click(j.find(QPushButton, "catalogueSave", dialog))
    j.assert_no_error_shown()
    assert j.find(QLabel, "catalogueMessage", dialog).text() == f"Saved {labels[0]}."
    j.click(j.find(QPushButton, "catalogueClose", dialog))
    assert not dialog.isVisible()


def practitioner_first_sign_in(j: Journey) -> None:
    login = j.login_dialog()
    j.type_into(login.ui.usernameEdit, PRACTITIONER[0])
    j.type_into(login.ui.passwordEdit, PRACTITIONER[2])
    j.screenshot(login, "sign-in")
    j.click(login.ui.signInButton)
    dialog = j.modal(QDialog)
    assert dialog.objectName() == "changePasswordDialog"
    # A new password too short: the dialog stays and says which field and why.
    j.type_into(j.find(QLineEdit, "currentPasswordEdit", dialog), PRACTITIONER[2])
    j.type_into(j.find(QLineEdit, "newPasswordEdit", dialog), "too-short")
    j.type_into(j.find(QLineEdit, "confirmPasswordEdit", dialog), "too-short")
    j.click(j.find(QPushButton, "changePasswordSave", dialog))
    problem = j.find(QLabel, "changePasswordProblem", dialog)
    assert problem.text() == "New password: Use at least 12 characters"
    assert j.controller.window is None or not j.controller.window.isVisible()
    j.type_into(j.find(QLineEdit, "newPasswordEdit", dialog), NEW_PASSWORD)
    j.type_into(j.find(QLineEdit, "confirmPasswordEdit", dialog), NEW_PASSWORD)
    j.click(j.find(QPushButton, "changePasswordSave", dialog))
    j.qtbot.waitUntil(
        lambda: j.controller.window is not None and j.controller.window.isVisible(),
        timeout=15_000,
    )
    j.settle()


def test_set_up_a_new_service_from_nothing(fresh_app: Journey) -> None:
    j = fresh_app
    first_run(j)
    assert j.window.user_label.text() == f"{ADMIN[1]} (Administrator) · Youth Offending Team"

    set_letterhead(j)
    add_account(j, MANAGER, "Manager")
    add_account(j, PRACTITIONER, "Practitioner")
    add_account(j, PRACTITIONER_2, "Practitioner", first_try="short-pw")
    edit_a_scheme(j)
    check_bank_holidays(j)
    check_catalogue(j)
    j.go("Administration")
    j.screenshot(j.window, "journey1_administrator")
    j.sign_out()

    practitioner_first_sign_in(j)
    assert j.window.user_label.text() == f"{PRACTITIONER[1]} (Practitioner) · {TEAM}"
    j.assert_no_error_shown()

    # What was saved, checked afterwards.
    services = j.services()
    admin = services.auth.sign_in(ADMIN[0], ADMIN[2])
    reading, team = services.teams.list_teams(admin)
    assert (reading.name, reading.phone, reading.address_lines) == (READING, "0118 937 3737", ())
    assert (team.name, team.address_lines, team.phone, team.email) == (
        TEAM,
        ADDRESS,
        PHONE,
        EMAIL,
    )
    users = {u.username: u for u in services.users.list_users(admin)}
    assert {u.team_name for u in users.values()} == {TEAM}
    assert services.schemes.get("WB").absence_limit == 3
    practitioner = services.auth.sign_in(PRACTITIONER[0], NEW_PASSWORD)
    assert not practitioner.must_change_password

    # A "not eligible" letter needs the worker's phone: the team's phone is it. (Making the
    # referral by hand through the window is journey 2; here one is added as a service call.)
    today = date.today()
    made = services.referrals.create(
        practitioner,
        NewReferral(
            crime_reference="43/26/0001",
            referral_date=today,
            scheme_code="WB",
            referring_officer="PC Lee",
            offence_date=today - timedelta(days=3),
            substance="cannabis",
            quantity=Decimal("2"),
            unit="g",
            supply_suspected=True,
            first_name="Zoë",
            last_name="Ağaoğlu",
            date_of_birth=today.replace(year=today.year - 15, day=1),
            address_line_1="3 Kennet Road",
            postcode="RG14 5JA",
        ),
    )
    assert made.status == ReferralStatus.INELIGIBLE.value
    pdf = services.letters.preview(practitioner, LetterRequest(made.id, LetterType.NOT_ELIGIBLE))
    text = "\n".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(pdf)).pages)
    assert PHONE in text
    assert TEAM in text and "Market Street" in text
