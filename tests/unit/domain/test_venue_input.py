"""A venue's details as typed: every problem at once, each naming its field and the fix."""

from __future__ import annotations

import pytest

from yot_desktop.domain.enums import Venue
from yot_desktop.domain.errors import ValidationError
from yot_desktop.domain.venues import VENUE_NOTE_MAX, VenueInput, checked_venue


def problems(typed: VenueInput) -> dict[str, str]:
    with pytest.raises(ValidationError) as err:
        checked_venue(typed)
    return {p.field: p.message for p in err.value.problems}


def test_an_office_is_tidied_postcode_and_all() -> None:
    tidy = checked_venue(
        VenueInput(
            "  Newbury YOT office ",
            Venue.YOT_OFFICE,
            " Market Street ",
            "",
            "Newbury",
            "rg14  5ld",
            "Ring the bell.\r\nWe come down.",
            "Step-free entrance",
        )
    )
    assert tidy.name == "Newbury YOT office"
    assert tidy.address_line_1 == "Market Street"
    assert tidy.postcode == "RG14 5LD"
    assert tidy.directions == "Ring the bell.\nWe come down."


def test_a_place_families_go_to_needs_its_street_town_and_postcode() -> None:
    found = problems(VenueInput("Trinity School", Venue.SCHOOL))
    assert found == {
        "Address line 1": "Enter the street address families go to",
        "Town": "Enter the town",
        "Postcode": "Enter the postcode, like RG14 5LD",
    }


def test_a_postcode_that_is_not_a_uk_one_is_refused_with_an_example() -> None:
    found = problems(
        VenueInput("Office", Venue.YOT_OFFICE, "Market Street", "", "Newbury", "RG14 5")
    )
    assert found == {"Postcode": "Enter a real UK postcode, like RG14 5AB"}


def test_every_problem_is_given_at_once() -> None:
    found = problems(
        VenueInput(
            "",
            Venue.PROVIDER,
            "Line\nbreak",
            "",
            "Newbury",
            "12345",
            "x" * (VENUE_NOTE_MAX + 1),
        )
    )
    assert set(found) == {"Venue name", "Address line 1", "Postcode", "Directions"}
    assert found["Venue name"] == "Enter the venue's name, like Newbury YOT office"
    assert found["Address line 1"] == "Keep this to one line: remove the line break"
    assert (
        found["Directions"] == f"Shorten this to {VENUE_NOTE_MAX} characters or fewer (it has 301)"
    )


def test_online_needs_how_to_join_and_a_whole_https_link() -> None:
    assert problems(VenueInput("Video call", Venue.ONLINE)) == {
        "Joining link": "Enter the joining link, or the joining instructions, so families can join"
    }
    assert problems(VenueInput("Video call", Venue.ONLINE, join_link="meet.example.org/x")) == {
        "Joining link": "Enter the whole link, starting https://, like https://meet.example.org/abc"
    }
    ok = checked_venue(
        VenueInput("Video call", Venue.ONLINE, join_instructions="We will text you the link.")
    )
    assert ok.postcode == "" and ok.join_instructions == "We will text you the link."
    # A home visit is at the family's home: nothing more to give.
    assert checked_venue(VenueInput("Home visit", Venue.HOME_VISIT)).address_line_1 == ""
