"""The calendar's settings: team closure days and venues (with their capacity)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from yot_desktop.domain.enums import Venue
from yot_desktop.domain.errors import FieldProblem, NotFound, ValidationError
from yot_desktop.domain.permissions import Permission
from yot_desktop.domain.validation import (
    CLOSURE_REASON_MAX,
    VENUE_NAME_MAX,
    check_text,
    text_problems,
)
from yot_desktop.services.core import ServiceContext, scoped
from yot_desktop.services.delivery.dto import ClosureRow, VenueRow
from yot_desktop.services.delivery.venues import venue_details
from yot_desktop.services.dto import CurrentUser
from yot_desktop.storage.models_delivery import TeamClosure
from yot_desktop.storage.models_delivery import Venue as VenueTable

# Far above any room; keeps the number inside the database's integer column.
MAX_CAPACITY = 10_000


class CalendarSettingsService:
    """A team's closure days, and the venues sessions are booked at (the venues' addresses are
    kept by VenueService)."""

    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def closures(self, user: CurrentUser, team_id: int) -> tuple[ClosureRow, ...]:
        self.ctx.require(user, Permission.VIEW_CASES, "list_closures")
        with self.ctx.uow() as uow:
            rows = uow.session.scalars(
                select(TeamClosure).where(TeamClosure.team_id == team_id).order_by(TeamClosure.day)
            ).all()
            return tuple(ClosureRow(c.id, c.team_id, c.day, c.reason) for c in rows)

    def add_closure(self, user: CurrentUser, team_id: int, day: date, reason: str) -> ClosureRow:
        self.ctx.require(user, Permission.MANAGE_CALENDAR, "add_closure")
        reason = check_text(reason, "reason", CLOSURE_REASON_MAX)
        with (
            self.ctx.uow() as uow,
            self.ctx.translate_integrity(f"{day:%d/%m/%Y} is already a closure day for this team"),
        ):
            row = TeamClosure(team_id=team_id, day=day, reason=reason)
            uow.session.add(row)
            uow.session.flush()
            self.ctx.audit(uow.session, user, "add_closure", "team", team_id, detail=str(day))
            uow.commit()
            return ClosureRow(row.id, team_id, day, row.reason)

    def remove_closure(self, user: CurrentUser, closure_id: int) -> None:
        self.ctx.require(user, Permission.MANAGE_CALENDAR, "remove_closure")
        with self.ctx.uow() as uow:
            row = uow.session.get(TeamClosure, closure_id)
            if row is None:
                raise NotFound("This closure day has already been removed.")
            self.ctx.audit(
                uow.session, user, "remove_closure", "team", row.team_id, detail=str(row.day)
            )
            uow.session.delete(row)
            uow.commit()

    def venues(self, user: CurrentUser) -> tuple[VenueRow, ...]:
        self.ctx.require(user, Permission.VIEW_CASES, "list_venues")
        with self.ctx.uow() as uow:
            stmt = select(VenueTable).where(VenueTable.active.is_(True))
            stmt = scoped(user, stmt, VenueTable.team_id, shared=True)
            rows = uow.session.scalars(stmt.order_by(VenueTable.name)).all()
            return tuple(
                VenueRow(
                    v.id,
                    v.name,
                    Venue(v.kind),
                    v.capacity,
                    v.team_id,
                    v.version,
                    venue_details(v).where,
                )
                for v in rows
            )

    def save_venue(
        self,
        user: CurrentUser,
        name: str,
        kind: Venue,
        capacity: int | None,
        team_id: int | None,
    ) -> VenueRow:
        self.ctx.require(user, Permission.MANAGE_CALENDAR, "save_venue")
        problems = text_problems(("Venue name", name, VENUE_NAME_MAX))
        if not name.strip():
            problems.append(FieldProblem("Venue name", "enter the venue's name"))
        if capacity is not None and capacity > MAX_CAPACITY:
            problems.append(FieldProblem("Sessions at once", f"enter {MAX_CAPACITY:,} or fewer"))
        if capacity is not None and capacity < 0:
            problems.append(FieldProblem("Sessions at once", "enter 0 or more, or leave it empty"))
        if problems:
            raise ValidationError(problems)
        with self.ctx.uow() as uow:
            s = uow.session
            row = s.scalar(
                select(VenueTable).where(
                    VenueTable.name == name.strip(),
                    VenueTable.team_id == team_id
                    if team_id is not None
                    else VenueTable.team_id.is_(None),
                )
            )
            if row is None:
                row = VenueTable(name=name.strip(), team_id=team_id, active=True)
                s.add(row)
            row.kind = kind.value
            row.capacity = capacity
            s.flush()
            self.ctx.audit(s, user, "save_venue", "venue", row.id)
            uow.commit()
            return VenueRow(row.id, row.name, kind, capacity, team_id, row.version)
