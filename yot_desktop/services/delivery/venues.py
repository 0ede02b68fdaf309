"""Venues with their addresses (issue 15, point 1): administrators and managers keep them,
booking picks one, letters print where it is or how to join.

`services.venues`: `venue_list`, `add_venue`, `change_venue`, `set_venue_active`;
`services.calendar_settings.venues` (for booking) gives each venue's address on one line.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from yot_desktop.domain.enums import Venue
from yot_desktop.domain.errors import FieldProblem, NotFound, ValidationError
from yot_desktop.domain.permissions import Permission
from yot_desktop.domain.venues import VenueInput, checked_venue
from yot_desktop.letters.data import VenuePlace
from yot_desktop.services.core import ServiceContext, scoped, sees_all_teams
from yot_desktop.services.delivery.dto import SessionProposal
from yot_desktop.services.dto import CurrentUser
from yot_desktop.storage.models import Referral, Team
from yot_desktop.storage.models_delivery import Venue as VenueTable

_FIELDS = (
    "name",
    "kind",
    "address_line_1",
    "address_line_2",
    "town",
    "postcode",
    "directions",
    "accessibility",
    "join_link",
    "join_instructions",
)


@dataclass(frozen=True)
class VenueDetails:
    """A venue with everything a letter prints about it."""

    id: int
    team_id: int | None
    team_name: str
    name: str
    kind: Venue
    address_line_1: str
    address_line_2: str
    town: str
    postcode: str
    directions: str
    accessibility: str
    join_link: str
    join_instructions: str
    capacity: int | None
    active: bool
    version: int

    @property
    def address_lines(self) -> tuple[str, ...]:
        """Street lines and town, as an envelope has them (the postcode apart)."""
        return tuple(x for x in (self.address_line_1, self.address_line_2, self.town) if x)

    @property
    def online(self) -> bool:
        return self.kind is Venue.ONLINE

    @property
    def where(self) -> str:
        """One line: the address and postcode, or how to join."""
        if self.online:
            return self.join_link or self.join_instructions.replace("\n", " ")
        return ", ".join(x for x in (*self.address_lines, self.postcode) if x)

    @property
    def place(self) -> VenuePlace:
        """As a letter prints it."""
        return VenuePlace(
            name=self.name,
            address_lines=self.address_lines,
            postcode=self.postcode,
            directions=self.directions,
            accessibility=self.accessibility,
            join_link=self.join_link,
            join_instructions=self.join_instructions,
            online=self.online,
        )

    def as_input(self) -> VenueInput:
        return VenueInput(*(getattr(self, f) for f in _FIELDS))


def venue_details(row: VenueTable, team_name: str = "") -> VenueDetails:
    return VenueDetails(
        id=row.id,
        team_id=row.team_id,
        team_name=team_name,
        name=row.name,
        kind=Venue(row.kind),
        address_line_1=row.address_line_1 or "",
        address_line_2=row.address_line_2 or "",
        town=row.town or "",
        postcode=row.postcode or "",
        directions=row.directions or "",
        accessibility=row.accessibility or "",
        join_link=row.join_link or "",
        join_instructions=row.join_instructions or "",
        capacity=row.capacity,
        active=bool(row.active),
        version=row.version,
    )


def venue_places(s: Session, ids: Iterable[int | None]) -> dict[int, VenuePlace]:
    """The venues sessions were booked at, as letters print them (inactive ones too: a
    session booked there before still is)."""
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    rows = s.scalars(select(VenueTable).where(VenueTable.id.in_(wanted))).all()
    return {r.id: venue_details(r).place for r in rows}


def chosen_venues(s: Session, proposals: Sequence[SessionProposal]) -> list[SessionProposal]:
    """Proposals with a listed venue take its name and kind (so clashes at the venue are found
    and the diary shows it). The venue must be in use and the young person's team's own."""
    teams = dict(
        s.execute(
            select(Referral.id, Referral.team_id).where(
                Referral.id.in_({p.referral_id for p in proposals})
            )
        ).all()
    )
    offices: dict[int | None, int | None] = {}
    proposals = [_office_if_unnamed(s, p, teams.get(p.referral_id), offices) for p in proposals]
    wanted = {p.venue_id for p in proposals if p.venue_id is not None}
    if not wanted:
        return list(proposals)
    rows = {v.id: v for v in s.scalars(select(VenueTable).where(VenueTable.id.in_(wanted)))}
    out = []
    for p in proposals:
        if p.venue_id is None:
            out.append(p)
            continue
        row = rows.get(p.venue_id)
        if row is None or not row.active:
            raise ValidationError(
                FieldProblem("Venue", "This venue is no longer in use: choose another")
            )
        if row.team_id is not None and row.team_id != teams.get(p.referral_id):
            raise ValidationError(
                FieldProblem("Venue", "Choose one of the young person's team's venues")
            )
        out.append(replace(p, venue=Venue(row.kind), venue_name=row.name))
    return out


def _office_if_unnamed(
    s: Session,
    p: SessionProposal,
    team_id: int | None,
    offices: dict[int | None, int | None],
) -> SessionProposal:
    """'The YOT office' with no place named (a programme started from the window or the
    command line, which ask for no place) is the team's office when it has exactly one in
    use: letters then print its address. Anything else is left as it was."""
    if p.venue_id is not None or p.venue is not Venue.YOT_OFFICE or p.venue_name.strip():
        return p
    if team_id not in offices:  # once per team and call
        found = s.scalars(
            select(VenueTable.id)
            .where(
                VenueTable.active.is_(True),
                VenueTable.kind == Venue.YOT_OFFICE.value,
                VenueTable.team_id == team_id
                if team_id is not None
                else VenueTable.team_id.is_(None),
            )
            .limit(2)
        ).all()
        offices[team_id] = found[0] if len(found) == 1 else None
    office = offices[team_id]
    return p if office is None else replace(p, venue_id=office)


class VenueService:
    """Keeping the venues: each team's places, with their addresses or how to join online."""

    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def _team_allowed(self, user: CurrentUser, team_id: int | None) -> None:
        if sees_all_teams(user) or team_id in (None, user.team_id):
            return
        self.ctx.audit_now(user, "save_venue", outcome="refused", detail="other team")
        raise NotFound("That team was not found.")

    def venue_list(
        self, user: CurrentUser, team_id: int | None = None, *, include_inactive: bool = True
    ) -> tuple[VenueDetails, ...]:
        """Every venue (of one team, with `team_id`), with its address, for keeping them."""
        self.ctx.require(user, Permission.MANAGE_CALENDAR, "list_venues")
        with self.ctx.uow() as uow:
            stmt = select(VenueTable, Team.name).outerjoin(Team, Team.id == VenueTable.team_id)
            if team_id is not None:
                stmt = stmt.where(VenueTable.team_id == team_id)
            stmt = scoped(user, stmt, VenueTable.team_id, shared=True)
            if not include_inactive:
                stmt = stmt.where(VenueTable.active.is_(True))
            rows = uow.session.execute(stmt.order_by(VenueTable.name, VenueTable.id)).all()
            return tuple(venue_details(v, team or "") for v, team in rows)

    def add_venue(
        self, user: CurrentUser, team_id: int | None, typed: VenueInput, capacity: int | None = None
    ) -> VenueDetails:
        """A new venue for a team (administrators and managers)."""
        self.ctx.require(user, Permission.MANAGE_CALENDAR, "add_venue")
        self._team_allowed(user, team_id)
        tidy = checked_venue(typed)
        with self.ctx.uow() as uow:
            s = uow.session
            team_name = ""
            if team_id is not None:
                team = s.get(Team, team_id)
                if team is None:
                    raise NotFound("That team was not found.")
                team_name = team.name
            self._name_free(s, team_id, tidy.name, None)
            row = VenueTable(team_id=team_id, active=True, capacity=capacity)
            for f in _FIELDS:
                setattr(row, f, getattr(tidy, f))
            row.kind = tidy.kind.value
            s.add(row)
            s.flush()
            self.ctx.audit(s, user, "add_venue", "venue", row.id, detail=f"team={team_id}")
            uow.commit()
            return venue_details(row, team_name)

    def change_venue(
        self, user: CurrentUser, venue_id: int, version: int, typed: VenueInput
    ) -> VenueDetails:
        """Change a venue's name, kind, address or joining details. `version` is the one the
        person read: a venue changed since is a ConflictError."""
        self.ctx.require(user, Permission.MANAGE_CALENDAR, "change_venue")
        tidy = checked_venue(typed)
        with self.ctx.uow() as uow:
            s = uow.session
            row = uow.saw(self._venue(s, user, venue_id), version, "venue")
            self._name_free(s, row.team_id, tidy.name, row.id)
            values = {f: getattr(tidy, f) for f in _FIELDS}
            values["kind"] = tidy.kind.value
            changed = [f for f, v in values.items() if getattr(row, f) != v]
            for f in changed:
                setattr(row, f, values[f])
            if changed:
                s.flush()
                # Field names only, like every audit record.
                detail = "changed=" + ",".join(changed)
                self.ctx.audit(s, user, "change_venue", "venue", row.id, detail=detail)
            uow.commit()
            return venue_details(row, self._team_name(s, row.team_id))

    def set_venue_active(
        self, user: CurrentUser, venue_id: int, version: int, active: bool
    ) -> VenueDetails:
        """Stop offering a venue for booking (or offer it again). Sessions already booked
        there keep it, and their letters still print its address."""
        action = "activate_venue" if active else "deactivate_venue"
        self.ctx.require(user, Permission.MANAGE_CALENDAR, action)
        with self.ctx.uow() as uow:
            s = uow.session
            row = uow.saw(self._venue(s, user, venue_id), version, "venue")
            if bool(row.active) != active:
                if active:
                    checked_venue(venue_details(row).as_input())  # an old one may lack an address
                row.active = active
                s.flush()
                self.ctx.audit(s, user, action, "venue", row.id)
            uow.commit()
            return venue_details(row, self._team_name(s, row.team_id))

    # --- helpers --------------------------------------------------------------------------
    def _venue(self, s: Session, user: CurrentUser, venue_id: int) -> VenueTable:
        row = s.get(VenueTable, venue_id)
        if row is None:
            raise NotFound("This venue was not found: it may have been removed.")
        self._team_allowed(user, row.team_id)
        return row

    @staticmethod
    def _team_name(s: Session, team_id: int | None) -> str:
        team = s.get(Team, team_id) if team_id is not None else None
        return team.name if team is not None else ""

    @staticmethod
    def _name_free(s: Session, team_id: int | None, name: str, own_id: int | None) -> None:
        clash = s.scalar(
            select(VenueTable.id).where(
                VenueTable.name == name,
                VenueTable.team_id == team_id
                if team_id is not None
                else VenueTable.team_id.is_(None),
            )
        )
        if clash is not None and clash != own_id:
            raise ValidationError(
                FieldProblem(
                    "Venue name",
                    f"This team already has a venue called {name}: choose it from the list, "
                    "or use another name",
                )
            )
