"""Administration's Venues box and the booking dialog's venue, widget by widget: an online
venue asks how to join instead of an address; stopping a venue; a place not in the list."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from tests.gui.delivery_fixtures import team_with_programmes
from tests.integration.delivery_helpers import team_id, user
from yot_desktop.domain.enums import Venue
from yot_desktop.domain.venues import VenueInput
from yot_desktop.gui.dialogs.booking_dialog import OTHER_PLACE, BookingDialog, load_choices
from yot_desktop.gui.screens.venues_box import VenueDialog, VenuesBox
from yot_desktop.gui.tasks import SyncTaskRunner
from yot_desktop.services.container import Services

LEFT = Qt.MouseButton.LeftButton


def test_an_online_venue_asks_how_to_join_and_can_be_stopped(
    qtbot: QtBot, qtmodeltester: ModelTester, empty_services: Services, runner: SyncTaskRunner
) -> None:
    team_with_programmes(empty_services)
    admin = user(empty_services, "admin")
    box = VenuesBox(empty_services, admin, runner)
    qtbot.addWidget(box)
    box.show()
    box.refresh()
    assert box.team_combo.currentData() == admin.team_id
    assert "has no venues yet" in box.message.text()
    qtbot.mouseClick(box.add_button, LEFT)
    dialog = box.dialog
    assert isinstance(dialog, VenueDialog)
    assert dialog.line_1.isVisible() and not dialog.join_link.isVisible()
    dialog.kind.setCurrentIndex(dialog.kind.findData(Venue.ONLINE.value))
    assert dialog.join_link.isVisible() and not dialog.postcode.isVisible()
    qtbot.keyClicks(dialog.name, "Video call")
    qtbot.mouseClick(dialog.save_button, LEFT)
    assert dialog.problem.text() == (
        "Joining link: Enter the joining link, or the joining instructions, so families can join"
    )
    assert dialog.isVisible() and dialog.focusWidget() is dialog.join_link
    qtbot.keyClicks(dialog.join_link, "https://meet.example.org/wb")
    qtbot.mouseClick(dialog.save_button, LEFT)
    assert not dialog.isVisible()
    assert box.model.rowCount() == 1
    assert box.model.index(0, 3).data() == "https://meet.example.org/wb"
    qtmodeltester.check(box.model)

    box.table.selectRow(0)
    assert box.active_button.text() == "Stop using"
    qtbot.mouseClick(box.active_button, LEFT)
    assert box.message.text() == (
        "Video call is no longer offered for booking. Sessions already booked there keep it."
    )
    assert box.model.index(0, 2).data() == "No"
    assert box.active_button.text() == "Use again"


def test_booking_offers_the_teams_venues_or_another_place_typed_in(
    qtbot: QtBot, empty_services: Services, runner: SyncTaskRunner
) -> None:
    me = team_with_programmes(empty_services)
    admin = user(empty_services, "admin")
    empty_services.venues.add_venue(
        admin,
        team_id(empty_services),
        VenueInput(
            "Newbury YOT office", Venue.YOT_OFFICE, "Market Street", "", "Newbury", "RG14 5LD"
        ),
    )
    dialog = BookingDialog(
        empty_services, me, runner, load_choices(empty_services, me), date(2026, 12, 8)
    )
    qtbot.addWidget(dialog)
    dialog.show()
    items = [dialog.venue_name.itemText(i) for i in range(dialog.venue_name.count())]
    assert items == ["Newbury YOT office", OTHER_PLACE]
    assert dialog.venue_address.text() == "Market Street, Newbury, RG14 5LD"
    proposal = dialog.proposal()
    assert proposal is not None and proposal.venue_id is not None
    assert not dialog.venue_other.isVisible()

    dialog.venue_name.setCurrentIndex(1)
    assert dialog.venue_other.isVisible() and dialog.venue.isEnabled()
    qtbot.keyClicks(dialog.venue_other, "Trinity School")
    assert dialog.venue_address.text().startswith("Not one of the team's venues")
    proposal = dialog.proposal()
    assert proposal is not None
    assert (proposal.venue_id, proposal.venue_name) == (None, "Trinity School")


def test_starting_a_programme_books_its_sessions_at_the_chosen_venue(
    qtbot: QtBot, empty_services: Services, runner: SyncTaskRunner
) -> None:
    from tests.gui.delivery_fixtures import TODAY
    from tests.integration.delivery_helpers import new_referral, set_up_team
    from yot_desktop.gui.dialogs.programme_dialog import ProgrammeDialog
    from yot_desktop.gui.screens.today import TodayScreen

    set_up_team(empty_services)
    me, admin = user(empty_services, "practitioner"), user(empty_services, "admin")
    team = team_id(empty_services)
    office = empty_services.venues.add_venue(
        admin,
        team,
        VenueInput(
            "Newbury YOT office", Venue.YOT_OFFICE, "Market Street", "", "Newbury", "RG14 5LD"
        ),
    )
    school = empty_services.venues.add_venue(
        admin,
        team,
        VenueInput("Trinity School", Venue.SCHOOL, "Love Lane", "", "Newbury", "RG14 2DU"),
    )
    new_referral(empty_services, "43/26/7201", first_name="Siobhán", last_name="O'Brien")
    screen = TodayScreen(empty_services, me, runner, today=lambda: TODAY)
    qtbot.addWidget(screen)
    screen.show()
    screen.show_my_work()
    work = screen.my_work
    row = next(
        r
        for r in range(work.referral_model.rowCount())
        if work.referral_model.index(r, 0).data() == "43/26/7201"
    )
    work.referrals.selectRow(row)
    qtbot.mouseClick(work.open_programme, LEFT)
    dialog = work.dialog
    assert isinstance(dialog, ProgrammeDialog) and dialog.isVisible()
    venues = [dialog.start_venue.itemText(i) for i in range(dialog.start_venue.count())]
    assert venues == ["Newbury YOT office", "Trinity School"]  # the office first
    assert dialog.start_venue.currentData() == office.id
    dialog.start_venue.setCurrentIndex(1)
    qtbot.waitUntil(lambda: dialog.start_button.isEnabled(), timeout=10_000)
    qtbot.mouseClick(dialog.start_button, LEFT)
    assert dialog.message.text().startswith("Programme started."), dialog.message.text()
    assert dialog.detail is not None
    assert {(s.venue_id, s.venue_name) for s in dialog.detail.sessions} == {
        (school.id, "Trinity School")
    }
