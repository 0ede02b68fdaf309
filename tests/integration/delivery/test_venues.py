"""Venues with addresses (issue 15, point 1): kept by administrators and managers, chosen
when booking, printed on the family's letters."""

from __future__ import annotations

import io
from datetime import date, datetime, time

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from tests.integration.delivery_helpers import (
    WM_TEAM,
    at,
    new_referral,
    set_up_team,
    team_id,
    user,
    user_id,
)
from tests.integration.helpers import FixedClock, audit_rows
from yot_desktop.domain.enums import LetterType, Venue
from yot_desktop.domain.errors import ConflictError, PermissionDenied, ValidationError
from yot_desktop.domain.venues import VenueInput
from yot_desktop.services.container import Services
from yot_desktop.services.delivery.dto import SessionProposal
from yot_desktop.services.letters.service import LetterRequest
from yot_desktop.storage.models import ProgrammeSession
from yot_desktop.storage.models_delivery import Venue as VenueRecord

MONDAY = date(2026, 12, 7)
NORTHCROFT = VenueInput(
    "Northcroft House, room 2",
    Venue.YOT_OFFICE,
    "Northcroft House",
    "West Street",
    "Newbury",
    "rg141hd",
    "Opposite the library. Press the buzzer marked YOT.",
    "Lift to the first floor; hearing loop at reception.",
)


@pytest.fixture
def team(services: Services) -> Services:
    set_up_team(services)
    return services


def text_of(pdf: bytes) -> str:
    return " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf)).pages)


def test_an_administrator_adds_a_venue_with_its_address_audited_by_field_names(
    team: Services,
) -> None:
    admin = user(team, "admin")
    made = team.venues.add_venue(admin, team_id(team), NORTHCROFT)
    assert made.postcode == "RG14 1HD"
    assert made.where == "Northcroft House, West Street, Newbury, RG14 1HD"
    assert made.team_name.startswith("West Berkshire")
    assert made in team.venues.venue_list(admin, team_id(team))
    assert audit_rows(team, "add_venue")[-1][:2] == ("admin", "ok")

    changed = team.venues.change_venue(
        admin, made.id, made.version, VenueInput(**{**NORTHCROFT.__dict__, "town": "Thatcham"})
    )
    assert changed.town == "Thatcham"
    assert audit_rows(team, "change_venue")[-1] == ("admin", "ok", "changed=town")
    # Someone working from the old copy is told, and nothing is written.
    with pytest.raises(ConflictError):
        team.venues.change_venue(admin, made.id, made.version, NORTHCROFT)
    # A second venue of the same name in the same team is refused, naming the field.
    with pytest.raises(ValidationError) as err:
        team.venues.add_venue(admin, team_id(team), NORTHCROFT)
    assert err.value.problems[0].field == "Venue name"


def test_a_practitioner_may_not_keep_venues_and_the_refusal_is_audited(team: Services) -> None:
    me = user(team, "practitioner")
    for call in (
        lambda: team.venues.add_venue(me, me.team_id, NORTHCROFT),
        lambda: team.venues.venue_list(me),
    ):
        with pytest.raises(PermissionDenied):
            call()
    assert audit_rows(team, "add_venue")[-1][:2] == ("practitioner", "refused")
    assert NORTHCROFT.name not in [v.name for v in team.calendar_settings.venues(me)]
    # A manager may.
    manager = user(team, "manager")
    assert team.venues.add_venue(manager, me.team_id, NORTHCROFT).name == NORTHCROFT.name


def test_booking_a_listed_venue_stores_it_and_the_invitation_prints_its_address(
    team: Services, clock: FixedClock
) -> None:
    admin, me = user(team, "admin"), user(team, "practitioner")
    venue = team.venues.add_venue(admin, team_id(team), NORTHCROFT)
    listed = next(v for v in team.calendar_settings.venues(me) if v.id == venue.id)
    assert listed.address == "Northcroft House, West Street, Newbury, RG14 1HD"
    rid = new_referral(team, "43/26/5001", status="in_programme")
    booked = team.scheduling.book(
        me,
        SessionProposal(
            rid, at(MONDAY, 16), 60, worker_id=user_id(team, "practitioner"), venue_id=venue.id
        ),
    )
    (row,) = booked.sessions
    # The venue's own name and kind, whatever the dialog sent.
    assert (row.venue_id, row.venue_name, row.venue) == (venue.id, venue.name, Venue.YOT_OFFICE)
    with team.ctx.uow() as uow:
        stored = uow.session.scalar(
            select(ProgrammeSession.venue_id).where(ProgrammeSession.id == row.id)
        )
    assert stored == venue.id

    clock.now = datetime(2026, 11, 30, 9, 0)
    text = text_of(team.letters.preview(me, LetterRequest(rid, LetterType.INVITATION)))
    for words in (
        "Northcroft House, room 2",
        "West Street",
        "RG14 1HD",
        "Press the buzzer marked YOT.",
        "hearing loop at reception",
    ):
        assert words in text, words

    # No longer offered once inactive; the session booked there keeps its address.
    team.venues.set_venue_active(admin, venue.id, venue.version, False)
    assert venue.id not in [v.id for v in team.calendar_settings.venues(me)]
    assert audit_rows(team, "deactivate_venue")[-1][:2] == ("admin", "ok")
    assert "RG14 1HD" in text_of(
        team.letters.preview(me, LetterRequest(rid, LetterType.INVITATION))
    )
    with pytest.raises(ValidationError) as err:
        team.scheduling.book(me, SessionProposal(rid, at(MONDAY, 18), 60, venue_id=venue.id))
    assert err.value.problems[0].field == "Venue"


def test_another_teams_venue_cannot_be_booked(team: Services) -> None:
    admin, me = user(team, "admin"), user(team, "practitioner")
    windsor = team.venues.add_venue(
        admin,
        team_id(team, WM_TEAM),
        VenueInput("Windsor Youth Centre", Venue.PROVIDER, "Alma Road", "", "Windsor", "SL4 3HD"),
    )
    rid = new_referral(team, "43/26/5002", status="in_programme")
    with pytest.raises(ValidationError) as err:
        team.scheduling.book(me, SessionProposal(rid, at(MONDAY, 16), 60, venue_id=windsor.id))
    assert err.value.problems[0].message == "Choose one of the young person's team's venues"


def test_the_demo_books_its_sessions_at_venues_and_its_letters_say_where(
    demo: Services,
) -> None:
    me = user(demo, "practitioner")
    with demo.ctx.uow() as uow:
        s = uow.session
        kinds = dict(
            s.execute(
                select(ProgrammeSession.venue, func.count())
                .where(ProgrammeSession.venue_id.is_(None))
                .group_by(ProgrammeSession.venue)
            ).all()
        )
        placed = s.scalar(select(func.count()).where(ProgrammeSession.venue_id.is_not(None)))
    assert kinds == {} and placed  # every session at one of its team's venues
    offices = [v for v in demo.calendar_settings.venues(me) if v.kind is Venue.YOT_OFFICE]
    assert [(v.name, v.address) for v in offices] == [
        ("Newbury YOT office", "Market Street Offices, Market Street, Newbury, RG14 5LD")
    ]
    # A reminder due for a booked session names its venue's address (or how to join).
    due = [
        i
        for i in demo.letters.due(me)
        if i.letter_type is LetterType.REMINDER and i.session_id is not None
    ]
    assert due
    item = due[0]
    with demo.ctx.uow() as uow:
        venue = uow.session.scalars(
            select(VenueRecord)
            .join(ProgrammeSession, ProgrammeSession.venue_id == VenueRecord.id)
            .where(ProgrammeSession.id == item.session_id)
        ).one()
        where = venue.join_link if venue.kind == Venue.ONLINE.value else venue.postcode
        name = venue.name
    request = LetterRequest(item.referral_id, LetterType.REMINDER, session_id=item.session_id)
    text = text_of(demo.letters.preview(me, request))
    assert name in text
    assert where.replace(" ", "") in text.replace(" ", ""), text


def test_a_programme_started_without_a_place_is_at_the_teams_one_office(
    team: Services, clock: FixedClock
) -> None:
    """The programme start (window and command line) asks for no place: 'the YOT office' is
    the team's office when it has exactly one, so the letters print its address."""
    admin, me = user(team, "admin"), user(team, "practitioner")
    rid = new_referral(team, "43/26/5003")
    office = team.venues.add_venue(admin, team_id(team), NORTHCROFT)
    started = team.programmes.start(me, rid, start=MONDAY)
    assert {s.venue_id for s in started.booked} == {office.id}
    assert {s.venue_name for s in started.booked} == {NORTHCROFT.name}
    clock.now = datetime(2026, 12, 1, 9, 0)
    text = text_of(team.letters.preview(me, LetterRequest(rid, LetterType.SCHEDULE)))
    assert "RG14 1HD" in text and "Where the sessions are" in text

    # Two offices: which one is not guessed; a place typed in stays as typed.
    team.venues.add_venue(
        admin, team_id(team), VenueInput(**{**NORTHCROFT.__dict__, "name": "Thatcham office"})
    )
    other = new_referral(team, "43/26/5004", first_name="Łukasz")
    later = team.programmes.start(me, other, start=MONDAY, at=time(10))
    assert {s.venue_id for s in later.booked} == {None}
    typed = team.scheduling.book(
        me, SessionProposal(rid, at(MONDAY, 18), 60, venue_name="Trinity School")
    )
    assert typed.sessions[0].venue_id is None
