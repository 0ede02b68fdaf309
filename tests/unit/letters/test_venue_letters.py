"""Issue 15, point 1: every letter that names an appointment says where it is — the venue's
name, address and postcode, how to get there and the access notes — or, online, how to join.
Read from the rendered PDF's own text, and from the accessible HTML copy."""

from __future__ import annotations

import dataclasses
import io
import re

import pytest
from pypdf import PdfReader

from tests.unit.letters import samples
from yot_desktop.domain.enums import Audience, LetterType, Venue
from yot_desktop.letters import render_letter
from yot_desktop.letters.accessible import accessible_html, plain_text
from yot_desktop.letters.data import LetterContext, VenuePlace

OFFICE = VenuePlace(
    name="Newbury YOT office",
    address_lines=("Northcroft House", "West Street", "Newbury"),
    postcode="RG14 1HD",
    directions="Five minutes' walk from Newbury station. Ring the bell at the blue door.",
    accessibility="Step-free entrance and an accessible toilet on the ground floor.",
)
ONLINE = VenuePlace(
    name="Online video call",
    join_link="https://meet.example.org/yot-newbury",
    join_instructions="Open the link on a phone or computer. The worker will let you in.",
    online=True,
)
# Letters that name an appointment (one, or a list of them).
APPOINTMENT_LETTERS = [
    LetterType.INVITATION,
    LetterType.REMINDER,
    LetterType.MISSED,
    LetterType.FINAL_WARNING,
    LetterType.SCHEDULE,
]


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def pdf_text(ctx: LetterContext) -> str:
    out = io.BytesIO()
    render_letter(ctx, out)
    reader = PdfReader(io.BytesIO(out.getvalue()))
    return flat(" ".join(page.extract_text() or "" for page in reader.pages))


def at(ctx: LetterContext, place: VenuePlace) -> LetterContext:
    """The letter with its sessions booked at `place`."""
    sessions = tuple(
        dataclasses.replace(
            s,
            venue=Venue.ONLINE if place.online else Venue.YOT_OFFICE,
            place=place.name,
            where=place,
        )
        for s in ctx.sessions
    )
    nxt = ctx.next_appointment
    return dataclasses.replace(
        ctx,
        sessions=sessions,
        next_appointment=None
        if nxt is None
        else dataclasses.replace(nxt, place=place.name, where=place),
    )


@pytest.mark.parametrize("variant", ["standard", "easy read", "large print"])
@pytest.mark.parametrize("audience", [Audience.PARENT, Audience.YOUNG_PERSON])
@pytest.mark.parametrize("letter_type", APPOINTMENT_LETTERS)
def test_every_appointment_letter_prints_the_venue_address(
    letter_type: LetterType, audience: Audience, variant: str
) -> None:
    ctx = at(
        samples.make_context(
            letter_type, audience, variant == "easy read", large_print=variant == "large print"
        ),
        OFFICE,
    )
    text = pdf_text(ctx)
    for words in (
        "Newbury YOT office",
        "Northcroft House",
        "RG14 1HD",
        "Five minutes' walk from Newbury station",
        "Ring the bell at the blue door.",
        "Step-free entrance and an accessible toilet",
        "How to get there",
        "Access",
    ):
        assert words in text, f"{words!r} not in {letter_type.value} letter: {text}"
    # The accessible copy says the same, in reading order.
    page = plain_text(accessible_html(ctx))
    assert "RG14 1HD" in page and "Northcroft House" in page
    assert "Step-free entrance" in flat(page)


@pytest.mark.parametrize("letter_type", APPOINTMENT_LETTERS)
def test_an_online_session_gives_how_to_join_instead_of_an_address(
    letter_type: LetterType,
) -> None:
    ctx = at(samples.make_context(letter_type), ONLINE)
    text = pdf_text(ctx)
    assert "How to join" in text
    assert "https://meet.example.org/yot-newbury" in text.replace(" ", "")
    assert "The worker will let you in." in text
    assert "How to get there" not in text


def test_a_schedule_names_each_venue_once_under_where_the_sessions_are() -> None:
    ctx = samples.make_context(LetterType.SCHEDULE)
    mixed = tuple(
        dataclasses.replace(s, place=p.name, where=p, venue=Venue.ONLINE if p.online else s.venue)
        for s, p in zip(ctx.sessions, (OFFICE, ONLINE, OFFICE, ONLINE), strict=True)
    )
    text = pdf_text(dataclasses.replace(ctx, sessions=mixed))
    assert "Where the sessions are" in text
    assert text.count("RG14 1HD") == 1
    assert text.count("How to join") == 1


def test_the_police_letter_lists_sessions_without_the_venue_details() -> None:
    ctx = at(samples.make_context(LetterType.POLICE_OUTCOME), OFFICE)
    text = pdf_text(ctx)
    assert "Newbury YOT office" in text  # the place, as before
    assert "Ring the bell" not in text and "Where the sessions are" not in text


def test_a_place_typed_in_by_hand_still_prints_its_name() -> None:
    ctx = samples.make_context(LetterType.INVITATION)
    assert ctx.next_appointment is not None and ctx.next_appointment.where is None
    text = pdf_text(ctx)
    assert ctx.next_appointment.place.split(",")[0] in text
    assert "How to get there" not in text
