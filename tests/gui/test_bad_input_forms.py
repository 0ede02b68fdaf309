"""Bad input typed or pasted into the main forms (issue 7): the form explains the problem,
naming the field, and stays open with the typing kept; nothing crashes, nothing is saved."""

from __future__ import annotations

import os

import pytest
from PySide6.QtWidgets import QLineEdit, QMessageBox
from pytestqt.qtbot import QtBot

from yot_desktop.gui.dialogs.carer import CarerDialog
from yot_desktop.gui.dialogs.new_referral import NewReferralDialog
from yot_desktop.gui.screens.caseload import CaseloadScreen
from yot_desktop.gui.tasks import SyncTaskRunner
from yot_desktop.services.container import Services
from yot_desktop.services.dto import CurrentUser

INJECTION = "'; DROP TABLE young_people; --"


@pytest.fixture
def manager(demo_services: Services) -> CurrentUser:
    return demo_services.auth.sign_in("manager", "demo")


def paste(edit: QLineEdit, text: str) -> None:
    """What pasting does: control characters arrive as they were copied."""
    edit.selectAll()
    edit.insert(text)


def shown(box: QMessageBox | None) -> str:
    assert box is not None and box.isVisible()
    text = box.text()
    box.close()
    return text


def filled_referral(dialog: NewReferralDialog, reference: str) -> None:
    dialog.crime_reference.setText(reference)
    dialog.officer.setText("PC Jane Hollis")
    dialog.substance.setCurrentText("cannabis")
    dialog.quantity.setText("1.5")
    dialog.first_name.setText("Zoë")
    dialog.last_name.setText("Hart")
    dialog.date_of_birth.setDate(dialog.date_of_birth.date().addYears(-14))
    dialog.offence_date.setDate(dialog.offence_date.date().addDays(-2))
    dialog.address_1.setText("1 Mill Lane")
    dialog.postcode.setText("RG14 5AB")


@pytest.mark.parametrize(
    ("widget", "text", "field", "words"),
    [
        ("crime_reference", "43/26/7\x00", "crime reference", "U+0000"),
        ("crime_reference", "4" * 41, "crime reference", "40 characters"),
        ("first_name", "Zoë\x1b[31m", "first name", "U+001B"),
        ("last_name", "x" * 101, "last name", "100 characters"),
        ("officer", "PC\u2028Hollis", "referring officer", "one line"),
        ("offence_location", "Park\x00", "offence location", "U+0000"),
        ("notes", "see\x07me", "notes", "U+0007"),
        ("quantity", "1e999", "quantity", "1,000,000,000"),
        ("quantity", "NaN", "quantity", "number"),
        ("postcode", "RG14\x005AB", "postcode", "postcode"),
    ],
)
def test_new_referral_explains_and_stays_open(
    qtbot: QtBot,
    demo_services: Services,
    manager: CurrentUser,
    runner: SyncTaskRunner,
    widget: str,
    text: str,
    field: str,
    words: str,
) -> None:
    dialog = NewReferralDialog(demo_services, manager, runner)
    qtbot.addWidget(dialog)
    dialog.show()
    filled_referral(dialog, "43/26/7770001")
    before = demo_services.referrals.list_referrals(manager).total
    paste(getattr(dialog, widget), text)
    dialog.save()
    lines = shown(dialog.error_box).splitlines()
    # that field alone, by the label the form shows
    assert all(line.startswith(f"• {field.capitalize()}: ") for line in lines), lines
    assert any(words in line for line in lines), lines
    assert dialog.isVisible() and not dialog.result()
    assert getattr(dialog, widget).text() == text  # the typing is kept to correct
    assert demo_services.referrals.list_referrals(manager).total == before
    if os.environ.get("YOT_GRAB"):
        dialog.grab().save(f"/tmp/bad_input_{widget}.png")


def test_new_referral_stores_an_injection_string_as_typed(
    qtbot: QtBot, demo_services: Services, manager: CurrentUser, runner: SyncTaskRunner
) -> None:
    dialog = NewReferralDialog(demo_services, manager, runner)
    qtbot.addWidget(dialog)
    dialog.show()
    filled_referral(dialog, "43/26/7770002")
    qtbot.keyClicks(dialog.offence_location, INJECTION)
    qtbot.keyClicks(dialog.notes, "100% _sure_ \\ O'Brien")
    with qtbot.waitSignal(dialog.created) as made:
        dialog.save()
    referral = made.args[0]
    assert referral.offence_location == INJECTION
    assert referral.notes == "100% _sure_ \\ O'Brien"


@pytest.mark.parametrize(
    ("widget", "text", "field"),
    [
        ("name", "Anna\x00", "carer name"),
        ("name", "   ", "carer name"),
        ("name", "A" * 201, "carer name"),
        ("relationship", "Mother\tand carer", "relationship"),
        ("language", "Polish\x85", "preferred language"),
        ("phone", "07700\x00900123", "carer phone"),
        ("email", "anna@example.com\x00", "carer email"),
    ],
)
def test_carer_dialog_explains_and_stays_open(
    qtbot: QtBot, widget: str, text: str, field: str
) -> None:
    dialog = CarerDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.name.setText("Anna Kowalska")
    paste(getattr(dialog, widget), text)
    dialog.accept()
    lines = shown(dialog.error_box).splitlines()
    assert lines and all(line.startswith(f"• {field.capitalize()}: ") for line in lines), lines
    assert dialog.isVisible() and not dialog.result()
    assert getattr(dialog, widget).text() == text
    paste(getattr(dialog, widget), "Anna Kowalska" if widget == "name" else "")
    dialog.accept()
    assert not dialog.isVisible() and dialog.result() == 1  # accepted


@pytest.mark.parametrize("text", ["%", "_", "\\", "%_%", INJECTION, "zq\x00zq", "x" * 5000])
def test_caseload_search_takes_anything(
    qtbot: QtBot, demo_services: Services, runner: SyncTaskRunner, text: str
) -> None:
    user = demo_services.auth.sign_in("manager", "demo")
    screen = CaseloadScreen(demo_services, user, runner)
    qtbot.addWidget(screen)
    screen.show()
    screen.refresh()
    everyone = screen.model.total
    paste(screen.search, text)
    screen.refresh()
    # Found literally: nobody's name starts with these, so nobody (a wildcard finds all).
    assert screen.model.total == 0 < everyone
    assert screen.count_label.text() == "0 young people match your search"
    assert screen.findChild(QMessageBox) is None


@pytest.mark.parametrize(
    ("decision", "given_by", "basis", "field"),
    [
        ("Offer\x00 the programme", None, None, "panel decision"),
        ("x" * 201, None, None, "panel decision"),
        ("   ", None, None, "panel decision"),
        (None, "Anna\x00", "Consent (UK GDPR 6(1)(a))", "given by"),
        (None, "Anna Hart", "x" * 201, "lawful basis"),
        (None, "Anna Hart", "Consent\t(UK GDPR)", "lawful basis"),
    ],
)
def test_decision_dialogs_explain_and_stay_open(
    qtbot: QtBot,
    demo_services: Services,
    manager: CurrentUser,
    decision: str | None,
    given_by: str | None,
    basis: str | None,
    field: str,
) -> None:
    from yot_desktop.gui.dialogs.decisions import ConsentDialog, PanelDialog

    row = demo_services.referrals.list_referrals(manager, limit=1).rows[0]
    referral = demo_services.referrals.get(manager, row.id)
    today = demo_services.ctx.clock().date()
    dialog: ConsentDialog | PanelDialog
    if decision is not None:
        dialog = PanelDialog(referral, today)
        paste(dialog.decision, decision)
    else:
        dialog = ConsentDialog(referral, today)
        dialog.given_by.setEditText(given_by or "")
        dialog.basis.setEditText(basis or "")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.accept()
    lines = shown(dialog.error_box).splitlines()
    assert lines and all(line.startswith(f"• {field.capitalize()}: ") for line in lines), lines
    assert dialog.isVisible() and not dialog.result()
    if isinstance(dialog, PanelDialog):
        paste(dialog.decision, "Offer the programme; O'Brien's 100% sure")
    else:
        dialog.given_by.setEditText("Anna O'Brien")
        dialog.basis.setEditText("Consent (UK GDPR 6(1)(a))")
    dialog.accept()
    assert not dialog.isVisible() and dialog.result() == 1


@pytest.mark.parametrize("text", ["Called\x00 mum", "x" * 10_001])
def test_follow_up_and_engagement_dialogs_keep_the_typing(qtbot: QtBot, text: str) -> None:
    from datetime import date, datetime

    from yot_desktop.domain.enums import Engagement
    from yot_desktop.gui.screens.engagement import DecisionDialog
    from yot_desktop.gui.screens.my_work import FollowUpDoneDialog
    from yot_desktop.services.delivery.dto import EngagementRow, FollowUpRow

    when = datetime(2026, 11, 16, 16, 0)
    follow_up = FollowUpRow(1, 1, 1, 1, "43/26/1", "Zoë Hart", when, date(2026, 11, 17), False, "")
    dialog = FollowUpDoneDialog(follow_up)
    qtbot.addWidget(dialog)
    dialog.show()
    paste(dialog.note, text)
    dialog.accept()
    assert shown(dialog.error_box).startswith("• What was done: ")
    assert dialog.isVisible() and dialog.note.text() == text

    row = EngagementRow(
        1, 1, 1, "43/26/1", "Zoë Hart", "WB", "voluntary", date(2026, 12, 1), 1, 3, 2, 2,
        Engagement.THRESHOLD_REACHED, True, False,
    )  # fmt: skip
    decision = DecisionDialog(row)
    qtbot.addWidget(decision)
    decision.show()
    decision.continue_.setChecked(True)
    decision.reason.setPlainText(text)
    decision.save.click()
    assert decision.problem.text().startswith("Reason: ") and decision.isVisible()
    assert decision.reason.toPlainText() == text
