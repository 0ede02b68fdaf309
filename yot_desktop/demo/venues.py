"""The demo teams' venues, with invented but realistic addresses, directions and access
notes (issue 15, point 1), so the demo's letters say where each session is. Sessions the demo
books are placed at their team's venue of the session's kind."""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from yot_desktop.domain.enums import Venue
from yot_desktop.domain.venues import VenueInput, checked_venue
from yot_desktop.storage.models import ProgrammeSession, Referral
from yot_desktop.storage.models_delivery import Venue as VenueTable

_ONLINE = (
    "Open the link on a phone, tablet or computer a few minutes before the session. "
    "Your worker will let you in. No camera? You can still join with sound only."
)


def _team(
    office: tuple[str, str, str, str, str],
    school: tuple[str, str, str, str],
    provider: tuple[str, str, str, str, str],
    code: str,
    station: str,
) -> tuple[VenueInput, ...]:
    return (
        VenueInput(
            office[0],
            Venue.YOT_OFFICE,
            office[1],
            office[2],
            office[3],
            office[4],
            f"{station} Ring the bell at the main door and say who you are here to see.",
            "Step-free entrance with a ramp. Accessible toilet on the ground floor. "
            "Hearing loop at reception.",
        ),
        VenueInput(
            school[0],
            Venue.SCHOOL,
            school[1],
            "",
            school[2],
            school[3],
            "Sign in at the school reception. Staff will take you to the meeting room.",
            "Lift to all floors.",
        ),
        VenueInput(
            provider[0],
            Venue.PROVIDER,
            provider[1],
            provider[2],
            provider[3],
            provider[4],
            "The entrance is at the side of the building. Press the buzzer marked Cranstoun.",
            "Ground floor only. Quiet room if you need a break.",
        ),
        VenueInput(
            "Online video call",
            Venue.ONLINE,
            join_link=f"https://meet.example.org/yot-{code.lower()}",
            join_instructions=_ONLINE,
        ),
        VenueInput("Home visit", Venue.HOME_VISIT),
    )


# By team code (demo/service.py TEAMS).
DEMO_VENUES: dict[str, tuple[VenueInput, ...]] = {
    "WB": _team(
        ("Newbury YOT office", "Market Street Offices", "Market Street", "Newbury", "RG14 5LD"),
        ("Trinity School, meeting room 2", "Love Lane", "Newbury", "RG14 2DU"),
        ("Cranstoun Newbury", "The Old Vicarage", "Bartholomew Street", "Newbury", "RG14 5LL"),
        "WB",
        "Five minutes' walk from Newbury railway station.",
    ),
    "WM": _team(
        ("Maidenhead YOT office", "Town Hall", "St Ives Road", "Maidenhead", "SL6 1RF"),
        ("Cox Green School, pastoral office", "Highfield Lane", "Maidenhead", "SL6 3AX"),
        ("Cranstoun Maidenhead", "Unit 4, Reform Road", "", "Maidenhead", "SL6 8BY"),
        "WM",
        "Ten minutes' walk from Maidenhead railway station; buses stop outside.",
    ),
    "OX": _team(
        ("Oxford YOT office", "County Hall", "New Road", "Oxford", "OX1 1ND"),
        ("Cheney School, student support", "Cheney Lane", "Oxford", "OX3 7QH"),
        ("Cranstoun Oxford", "Cowley Road", "", "Oxford", "OX4 1XG"),
        "OX",
        "Opposite the Westgate bus stops, five minutes from Carfax.",
    ),
}


def add_demo_venues(s: Session, teams: dict[str, int]) -> dict[tuple[int, str], VenueTable]:
    """Each demo team's venues (kept if there already): by (team id, kind)."""
    out: dict[tuple[int, str], VenueTable] = {}
    for code, team_id in teams.items():
        for typed in DEMO_VENUES.get(code, ()):
            tidy = checked_venue(typed)
            row = s.scalar(
                select(VenueTable).where(
                    VenueTable.team_id == team_id, VenueTable.name == tidy.name
                )
            )
            if row is None:
                row = VenueTable(team_id=team_id, name=tidy.name, active=True)
                for f in (
                    "address_line_1",
                    "address_line_2",
                    "town",
                    "postcode",
                    "directions",
                    "accessibility",
                    "join_link",
                    "join_instructions",
                ):
                    setattr(row, f, getattr(tidy, f))
                row.kind = tidy.kind.value
                s.add(row)
            out[(team_id, row.kind)] = row
    s.flush()
    return out


def place_demo_sessions(s: Session, referral_id: int | None = None) -> None:
    """Sessions booked without a listed venue (all, or one referral's) are placed at their
    team's venue of the same kind, as a practitioner choosing from the list would."""
    names = {v.name for team in DEMO_VENUES.values() for v in team}
    venues = s.scalars(
        select(VenueTable).where(VenueTable.active.is_(True), VenueTable.name.in_(names))
    ).all()
    for v in venues:
        if v.team_id is None:
            continue
        of_team = select(Referral.id).where(Referral.team_id == v.team_id)
        if referral_id is not None:
            of_team = of_team.where(Referral.id == referral_id)
        s.execute(
            update(ProgrammeSession)
            .where(
                ProgrammeSession.venue_id.is_(None),
                ProgrammeSession.venue == v.kind,
                ProgrammeSession.referral_id.in_(of_team),
            )
            .values(venue_id=v.id, venue_name=v.name)
            .execution_options(synchronize_session=False)
        )
