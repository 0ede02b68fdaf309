"""Two PCs on one database: what one saves shows on the other by itself (issue 11, point 1).

Priya and Tom work at two PCs of the same team, on one SQLite file or one PostgreSQL database;
a third PC imports a referral. Priya touches nothing while the others save: Tom's change to
Mia's postcode appears in her caseload, with Leo still the one selected; the new referral
appears in her Referrals inbox. Then, while she is halfway through editing Leo's record, Tom
saves Leo's record too: her typing stays, and a calm bar says who changed it, with Reload.

The deadline of each wait is the issue's 2 seconds with room for a busy CI machine (3 s);
bench_live_refresh.py measures the real delay.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal

from PySide6.QtWidgets import QLabel, QLineEdit, QTableView

from tests.journeys.conftest import PRACTITIONER, PRACTITIONER_2, Journey, set_up_service
from yot_desktop.gui.screens.caseload import CaseloadScreen
from yot_desktop.services.container import Services
from yot_desktop.services.intake.dto import CarerInput, NewReferral

LIVE_MS = 3000  # the 2 s, with room for a slow CI machine
TODAY = date.today()


def refer(services: Services, ref: str, first: str, last: str) -> None:
    """A police referral added on some PC (as the New referral form adds one)."""
    worker = services.auth.sign_in(PRACTITIONER[0], PRACTITIONER[2])
    services.referrals.create(
        worker,
        NewReferral(
            crime_reference=ref,
            referral_date=TODAY,
            scheme_code="WB",
            referring_officer="PC Jane Doe",
            offence_date=TODAY - timedelta(days=20),
            substance="cannabis",
            quantity=Decimal("2.5"),
            unit="g",
            supply_suspected=False,
            first_name=first,
            last_name=last,
            date_of_birth=date(TODAY.year - 15, 3, 14),
            gender="male",
            address_line_1="3 Kennet Close",
            town="Thatcham",
            postcode="RG19 4QF",
            carer=CarerInput(name=f"Ruth {last}", relationship="Mother"),
        ),
    )


def open_record(j: Journey, row_text: str) -> CaseloadScreen:
    caseload = j.go("Caseload")
    assert isinstance(caseload, CaseloadScreen)
    table = j.find(QTableView, "caseloadTable", caseload)
    j.qtbot.waitUntil(lambda: any(row_text in t for t in j.row_texts(table)), timeout=15_000)
    j.click_row_with(table, row_text)
    j.qtbot.waitUntil(
        lambda: (
            caseload.panel.person is not None
            and row_text.endswith(caseload.panel.person.first_name)
        ),
        timeout=15_000,
    )
    return caseload


def selected_name(caseload: CaseloadScreen) -> str:
    rows = caseload.table.selectionModel().selectedRows()
    assert len(rows) == 1, "one row is selected"
    row = caseload.model.row_at(rows[0].row())
    assert row is not None
    return f"{row.last_name}, {row.first_name}"


def save_field(j: Journey, caseload: CaseloadScreen, field: str, text: str) -> None:
    j.type_into(j.find(QLineEdit, f"person_{field}", caseload), text)
    j.click_button(caseload, "personSaveButton")
    j.qtbot.waitUntil(lambda: not caseload.panel.is_dirty, timeout=15_000)
    j.assert_no_error_shown()


def test_what_one_pc_saves_shows_on_the_other_untouched(
    fresh_db_url: str, journey_factory: Callable[[str], Journey]
) -> None:
    url = fresh_db_url
    set_up_service(url)
    third_pc = Services.open(url)
    try:
        refer(third_pc, "43/26/2001", "Leo", "Abbott")
        refer(third_pc, "43/26/2002", "Mia", "Lane")
        priya = journey_factory(url)
        priya.sign_in(PRACTITIONER[0], PRACTITIONER[2])
        tom = journey_factory(url)
        tom.sign_in(PRACTITIONER_2[0], PRACTITIONER_2[2])

        # Priya opens Leo's record; Tom, at his PC, changes Mia's postcode and saves.
        mine = open_record(priya, "Abbott, Leo")
        theirs = open_record(tom, "Lane, Mia")
        save_field(tom, theirs, "postcode", "RG14 1AA")

        # Priya does nothing: Mia's new postcode is in her list, and Leo is still selected.
        qtbot = priya.qtbot
        qtbot.waitUntil(lambda: "RG14 1AA" in priya.row_texts(mine.table, 3), timeout=LIVE_MS)
        assert selected_name(mine) == "Abbott, Leo"
        assert mine.panel.person is not None and mine.panel.person.first_name == "Leo"

        # A referral added on a third PC appears in her Referrals inbox.
        referrals = priya.go("Referrals")
        inbox = priya.find(QTableView, "referralsTable", referrals)
        assert not any("Price" in t for t in priya.row_texts(inbox, 2))
        refer(third_pc, "43/26/2003", "Noah", "Price")
        qtbot.waitUntil(
            lambda: any("Price, Noah" in t for t in priya.row_texts(inbox, 2)), timeout=LIVE_MS
        )

        # Priya is halfway through changing Leo's school when Tom saves Leo's record too.
        mine = open_record(priya, "Abbott, Leo")
        school = priya.find(QLineEdit, "person_school", mine)
        priya.type_into(school, "Kennet School")
        tom_side = open_record(tom, "Abbott, Leo")
        save_field(tom, tom_side, "town", "Newbury")

        # Her typing stays; a calm bar says who changed it and offers to reload.
        bar_text = mine.changed_bar.label
        qtbot.waitUntil(mine.changed_bar.isVisible, timeout=LIVE_MS)
        assert "Changed by Tom Practitioner at" in bar_text.text()
        assert school.text() == "Kennet School" and mine.panel.is_dirty
        town = priya.find(QLineEdit, "person_town", mine)
        assert town.text() == "Thatcham"  # not overwritten under her
        priya.screenshot(priya.window, "live_refresh_changed_by_someone_else")

        # She chooses Reload: Tom's town, her unsaved school gone, the bar away.
        priya.click_button(mine.changed_bar, "changedElsewhereReload")
        qtbot.waitUntil(lambda: town.text() == "Newbury", timeout=15_000)
        assert school.text() == "" and not mine.changed_bar.isVisible()
        assert isinstance(bar_text, QLabel)
        priya.assert_no_error_shown()
    finally:
        third_pc.close()
