"""Journey: a case moves to another team (issue 11, point 4).

Zoë Hart's family moves from West Berkshire to Windsor. Mina, the manager, opens Zoë's
record, clicks "Move to another team…", chooses Windsor and Maidenhead's team, gives the
reason and moves the case; the dialog then lists the sessions booked with Priya (West
Berkshire), to cancel or re-book. Wendy, a Windsor practitioner, signs in and sees Zoë
marked "Transferred in"; Priya signs in and no longer sees her. Clicks and keys only, on
SQLite and PostgreSQL.

Set-up through the services: the second team and Wendy (as the Administration screen adds
them), and Priya's referral with its programme started (as journey 3 does in the window).
"""

from __future__ import annotations

from datetime import date, time, timedelta
from decimal import Decimal

from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QTableWidget,
    QWidget,
)

from tests.journeys.conftest import (
    ADMIN,
    MANAGER,
    OTHER_TEAM,
    PRACTITIONER,
    TEAM,
    Journey,
)
from yot_desktop.domain.calendar import WorkingCalendar
from yot_desktop.domain.enums import Role
from yot_desktop.gui.dialogs.transfer_dialog import TransferDialog
from yot_desktop.services.intake.dto import NewReferral

WINDSOR = ("w.one", "Wendy Windsor", "windsor-practitioner-pw")
REF = "43/26/0095001"
REASON = "Family moved to Maidenhead"
FLAG = 7  # the caseload's Flag column


def set_up_case(j: Journey) -> int:
    """The other team with Wendy in it; Priya's referral for Zoë with its programme started."""
    services = j.services()
    admin = services.auth.sign_in(ADMIN[0], ADMIN[2])
    services.teams.set_team(admin, OTHER_TEAM, address=("Town Hall", "Maidenhead"))
    services.users.add_user(
        admin,
        WINDSOR[0],
        Role.PRACTITIONER,
        WINDSOR[2],
        team=OTHER_TEAM,
        display_name=WINDSOR[1],
        must_change_password=False,
    )
    priya = services.auth.sign_in(PRACTITIONER[0], PRACTITIONER[2])
    today = date.today()
    detail = services.referrals.create(
        priya,
        NewReferral(
            crime_reference=REF,
            referral_date=today,
            scheme_code="WB",
            referring_officer="PC Jane Doe",
            offence_date=today - timedelta(days=6),
            substance="cannabis",
            quantity=Decimal("2.5"),
            unit="g",
            supply_suspected=False,
            first_name="Zoë",
            last_name="Hart",
            date_of_birth=date(today.year - 15, 1, 1),
            gender="female",
            address_line_1="3 Kennet Close",
            town="Thatcham",
            postcode="RG19 4QF",
        ),
    )
    start = WorkingCalendar().on_or_after(today + timedelta(days=7))
    services.programmes.start(priya, detail.id, start=start, at=time(10))
    return detail.id


def caseload(j: Journey) -> QTableView:
    j.go("Caseload")
    table = j.find(QTableView, "caseloadTable")
    j.settle()
    return table


def test_a_manager_moves_a_case_to_another_team(set_up_app: Journey) -> None:
    j = set_up_app
    set_up_case(j)

    # --- Mina opens Zoë's record and moves it --------------------------------------------------
    j.sign_in(MANAGER[0], MANAGER[2])
    table = caseload(j)
    j.qtbot.waitUntil(lambda: "Hart, Zoë" in j.row_texts(table), timeout=15_000)
    assert j.row_texts(table, FLAG) == [""]
    j.click_row_with(table, "Hart, Zoë")
    heading = j.find(QLabel, "personHeading")
    j.qtbot.waitUntil(lambda: heading.text() == "Zoë Hart")
    move = j.find(QPushButton, "transferButton")
    assert move.text() == "Move to another team…"
    j.screenshot(j.window, "transfer_record")
    j.click(move)

    dialog = j.modal(TransferDialog)
    j.settle()
    explain = j.find(QLabel, "transferExplain", dialog)
    assert explain.text().startswith(f"Held now by {TEAM}. Everything on the record moves")
    assert "1 referral, 1 programme, 4 planned sessions and 0 letters" in explain.text()
    assert f"Practitioners of {TEAM} will no longer see" in explain.text()
    # Nothing to move to yet: the button says why.
    assert not dialog.move_button.isEnabled()
    assert dialog.move_button.toolTip() == "Choose the team to move the case to"
    j.choose(dialog.team, OTHER_TEAM)
    assert dialog.move_button.toolTip() == (
        "Give the reason for the move: it is kept with the record"
    )
    j.type_into(dialog.reason, REASON)
    assert dialog.move_button.isEnabled()
    j.screenshot(dialog, "transfer_dialog")
    j.click(dialog.move_button)

    # After the move: what moved, and Priya's sessions to cancel or re-book.
    result = j.find(QLabel, "transferResult", dialog)
    assert result.text().startswith(f"Moved {dialog.person.person_ref} from {TEAM} to {OTHER_TEAM}")
    assert "1 open referral had a worker outside" in result.text()
    sessions = j.find(QTableWidget, "transferSessions", dialog)
    assert sessions.rowCount() == 4
    workers = {sessions.item(r, 2).text() for r in range(sessions.rowCount())}
    assert workers == {PRACTITIONER[1]}
    assert {sessions.item(r, 3).text() for r in range(sessions.rowCount())} == {REF}
    note = j.find(QLabel, "transferSessionsNote", dialog)
    assert "Cancel or re-book each one from the Calendar" in note.text()
    j.screenshot(dialog, "transfer_done")
    j.click(dialog.close_button)
    assert not dialog.isVisible()
    j.assert_no_error_shown()

    # The record and the list show where the case is now.
    subheading = j.find(QLabel, "personSubheading")
    j.qtbot.waitUntil(lambda: OTHER_TEAM in subheading.text())
    assert f"Transferred in from {TEAM} on {date.today():%d/%m/%Y}" in subheading.text()
    j.qtbot.waitUntil(lambda: j.row_texts(table) == ["Hart, Zoë (transferred in)"])
    assert j.row_texts(table, FLAG) == [f"Transferred in from {TEAM} on {date.today():%d/%m/%Y}"]
    j.sign_out()

    # --- Wendy (Windsor) has the case, marked as transferred in --------------------------------
    j.sign_in(WINDSOR[0], WINDSOR[2])
    table = caseload(j)
    j.qtbot.waitUntil(lambda: j.row_texts(table) == ["Hart, Zoë (transferred in)"])
    assert j.row_texts(table, FLAG) == [f"Transferred in from {TEAM} on {date.today():%d/%m/%Y}"]
    j.click_row_with(table, "Hart, Zoë")
    subheading = j.find(QLabel, "personSubheading")
    j.qtbot.waitUntil(lambda: "Transferred in from" in subheading.text())
    j.screenshot(j.window, "transfer_received")
    j.sign_out()

    # --- Priya (West Berkshire) no longer sees Zoë ---------------------------------------------
    j.sign_in(PRACTITIONER[0], PRACTITIONER[2])
    j.go("Caseload")
    count = j.find(QLabel, "caseloadCount")
    j.qtbot.waitUntil(lambda: count.text() == "0 young people")
    j.find(QWidget, "caseloadEmpty")  # "No young people yet"
    j.type_into(j.find(QLineEdit, "caseloadSearch"), "Hart")
    j.qtbot.waitUntil(lambda: count.text() == "0 young people match your search")
    table = j.find(QTableView, "caseloadTable")
    assert j.row_texts(table) == []
    j.assert_no_error_shown()
