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
    empty_services.scheduling.add_venue(
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
