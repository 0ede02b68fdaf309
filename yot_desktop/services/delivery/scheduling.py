"""Booking sessions: conflicts explained before saving, weekly series, rescheduling with
history, the diary for a worker, venue or team, and the calendar's closures and venues."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime, timedelta

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from yot_desktop.domain.enums import Attendance, Role, Venue
from yot_desktop.domain.errors import FieldProblem, ValidationError
from yot_desktop.domain.permissions import Permission
from yot_desktop.domain.scheduling import (
    FREE_SLOT_SEARCH_DAYS,
    Conflict,
    SchedulingContext,
    SessionSlot,
    Severity,
    SlotSuggestion,
    find_conflicts,
    suggest_series,
)
from yot_desktop.domain.validation import search_text
from yot_desktop.services.core import ServiceContext, scoped
from yot_desktop.services.delivery.common import (
    NOT_IN_DIARY,
    day_bounds,
    load_referral,
    load_session,
    referral_scope,
    session_query,
    session_row,
    session_rows,
    team_calendar,
)
from yot_desktop.services.delivery.dto import (
    BookingResult,
    SessionProposal,
    SessionRow,
    WorkerRow,
)
from yot_desktop.services.delivery.programme_state import worker_names
from yot_desktop.services.delivery.venues import chosen_venues
from yot_desktop.services.dto import CurrentUser
from yot_desktop.storage.models import ProgrammeSession, Referral, User, YoungPerson
from yot_desktop.storage.models_delivery import Programme
from yot_desktop.storage.models_delivery import Venue as VenueTable


class BookingRefused(ValidationError):
    """The proposed time has conflicts: errors always, warnings until the user accepts them."""

    def __init__(self, conflicts: Sequence[Conflict]) -> None:
        self.conflicts = tuple(conflicts)
        super().__init__([FieldProblem("Date and time", c.message) for c in conflicts])


class SchedulingService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    # --- the diary -----------------------------------------------------------------------
    def diary(
        self,
        user: CurrentUser,
        first: date,
        last: date,
        *,
        worker_id: int | None = None,
        venue_name: str | None = None,
        team_id: int | None = None,
    ) -> tuple[SessionRow, ...]:
        """Sessions from `first` to `last` (inclusive) for a worker, a venue or a team.

        Rescheduled sessions are left out (their replacement is shown); cancelled ones stay,
        so the diary shows what happened.
        """
        self.ctx.require(user, Permission.VIEW_CASES, "view_diary")
        start, end = day_bounds(first, last)
        stmt = referral_scope(
            user,
            session_query()
            .where(ProgrammeSession.starts_at >= start, ProgrammeSession.starts_at < end)
            .where(ProgrammeSession.status.not_in(NOT_IN_DIARY)),
        )
        if worker_id is not None:
            stmt = stmt.where(ProgrammeSession.worker_id == worker_id)
        if venue_name is not None:
            venue = search_text(venue_name).lower()
            stmt = stmt.where(func.lower(ProgrammeSession.venue_name) == venue)
        if team_id is not None:
            stmt = stmt.where(Referral.team_id == team_id)
        with self.ctx.uow() as uow:
            return session_rows(
                uow.session, stmt.order_by(ProgrammeSession.starts_at, ProgrammeSession.id)
            )

    def workers(self, user: CurrentUser) -> tuple[WorkerRow, ...]:
        """Staff who deliver sessions: practitioners and managers (own team for practitioners)."""
        self.ctx.require(user, Permission.VIEW_CASES, "list_workers")
        stmt = select(User).where(
            User.active.is_(True), User.role.in_((Role.PRACTITIONER.value, Role.MANAGER.value))
        )
        stmt = scoped(user, stmt, User.team_id)
        with self.ctx.uow() as uow:
            users = uow.session.scalars(stmt.order_by(User.display_name, User.username)).all()
            return tuple(WorkerRow(u.id, u.display_name or u.username, u.team_id) for u in users)

    # --- checking and booking ------------------------------------------------------------
    def check(self, user: CurrentUser, proposal: SessionProposal) -> tuple[Conflict, ...]:
        """Everything wrong with `proposal`, errors first; nothing is written."""
        self.ctx.require(user, Permission.VIEW_CASES, "check_session")
        with self.ctx.uow() as uow:
            return self._conflicts(uow.session, user, [proposal])[0]

    def check_series(
        self, user: CurrentUser, proposal: SessionProposal, count: int
    ) -> tuple[Conflict, ...]:
        """The conflicts of every session a weekly series would book; nothing is written."""
        self.ctx.require(user, Permission.VIEW_CASES, "check_session")
        with self.ctx.uow() as uow:
            s = uow.session
            referral = load_referral(s, user, proposal.referral_id)
            cal = team_calendar(s, referral.team_id)
            day = proposal.starts_at.date()
            dates = [day] if count <= 1 else cal.weekly_series(day, min(count, 52))
            proposals = [
                replace(proposal, starts_at=datetime.combine(d, proposal.starts_at.time()))
                for d in dates
            ]
            found = [c for cs in self._conflicts(s, user, proposals) for c in cs]
            return tuple(sorted(found, key=lambda c: c.severity is not Severity.ERROR))

    def nearest_free(self, user: CurrentUser, proposal: SessionProposal) -> datetime | None:
        """The proposal's own time when it is free, else the nearest free time after it (the
        domain rule: later that day, then later working days, before the deadline); None
        when nothing is free in reach. Nothing is written."""
        self.ctx.require(user, Permission.VIEW_CASES, "check_session")
        with self.ctx.uow() as uow:
            (found,) = self.free_slots_within(uow.session, user, [proposal])
            return found.slot.start if found.slot is not None else None

    def book(
        self, user: CurrentUser, proposal: SessionProposal, *, accept_warnings: bool = False
    ) -> BookingResult:
        return self.book_series(user, proposal, 1, accept_warnings=accept_warnings)

    def series_dates(
        self, user: CurrentUser, referral_id: int, first: date, count: int
    ) -> tuple[date, ...]:
        """The working days a weekly series from `first` would use (closures included)."""
        self.ctx.require(user, Permission.VIEW_CASES, "plan_series")
        with self.ctx.uow() as uow:
            referral = load_referral(uow.session, user, referral_id)
            cal = team_calendar(uow.session, referral.team_id)
            return tuple(cal.weekly_series(first, count))

    def book_series(
        self,
        user: CurrentUser,
        proposal: SessionProposal,
        count: int,
        *,
        accept_warnings: bool = False,
    ) -> BookingResult:
        """Book `count` weekly sessions from the proposal's date, each on a working day.

        All or nothing: any error in any session books none of them.
        """
        self.ctx.require(user, Permission.EDIT_CASES, "book_session")
        if not 1 <= count <= 52:
            raise ValidationError(FieldProblem("Repeat", "book between 1 and 52 sessions"))
        with self.ctx.uow() as uow:
            s = uow.session
            referral = load_referral(s, user, proposal.referral_id)
            cal = team_calendar(s, referral.team_id)
            day = proposal.starts_at.date()
            dates = [day] if count == 1 else cal.weekly_series(day, count)
            proposals = [
                replace(proposal, starts_at=datetime.combine(d, proposal.starts_at.time()))
                for d in dates
            ]
            rows, warnings = self.save_proposals(s, user, proposals, accept_warnings)
            uow.commit()
            return BookingResult(rows, warnings)

    def save_proposals(
        self,
        s: Session,
        user: CurrentUser,
        proposals: Sequence[SessionProposal],
        accept_warnings: bool,
    ) -> tuple[tuple[SessionRow, ...], tuple[Conflict, ...]]:
        """Check and add new sessions in the caller's transaction (used by programme start)."""
        proposals = chosen_venues(s, proposals)
        found = self._conflicts(s, user, proposals)
        everything = [c for conflicts in found for c in conflicts]
        errors = [c for c in everything if c.severity is Severity.ERROR]
        warnings = tuple(c for c in everything if c.severity is Severity.WARNING)
        if errors or (warnings and not accept_warnings):
            raise BookingRefused(errors or warnings)
        added = []
        for p in proposals:
            row = ProgrammeSession(
                referral_id=p.referral_id,
                intervention=p.intervention,
                starts_at=p.starts_at,
                minutes=p.minutes,
                venue=p.venue.value,
                venue_name=p.venue_name.strip(),
                worker_id=p.worker_id,
                status=Attendance.PLANNED.value,
                reason="",
                evidence_received=False,
                programme_item_id=p.programme_item_id,
                venue_id=p.venue_id,
            )
            s.add(row)
            added.append(row)
        s.flush()
        for row in added:
            self.ctx.audit(s, user, "book_session", "session", row.id)
        return tuple(session_row(s, row.id) for row in added), warnings

    def reschedule(
        self,
        user: CurrentUser,
        session_id: int,
        expected_version: int,
        starts_at: datetime,
        *,
        minutes: int | None = None,
        venue: Venue | None = None,
        venue_name: str | None = None,
        worker_id: int | None = None,
        accept_warnings: bool = False,
        venue_id: int | None = None,
    ) -> SessionRow:
        """Move a planned session. The old row stays, marked rescheduled, pointing at the new.
        With `venue_name` given, the place is `venue_id` (a listed venue) or that name;
        without, the session keeps its place."""
        self.ctx.require(user, Permission.EDIT_CASES, "reschedule_session")
        with self.ctx.uow() as uow:
            s = uow.session
            old = load_session(uow, user, session_id, expected_version)
            if old.status != Attendance.PLANNED.value:
                raise ValidationError(
                    FieldProblem(
                        "session",
                        f"only a planned session can be moved; this one is "
                        f"{Attendance(old.status).label.lower()}",
                    )
                )
            proposal = SessionProposal(
                referral_id=old.referral_id,
                starts_at=starts_at,
                minutes=old.minutes if minutes is None else minutes,
                venue=Venue(old.venue) if venue is None else venue,
                venue_name=old.venue_name if venue_name is None else venue_name,
                venue_id=old.venue_id if venue_name is None and venue is None else venue_id,
                worker_id=old.worker_id if worker_id is None else worker_id,
                intervention=old.intervention,
                programme_item_id=old.programme_item_id,
                session_id=old.id,
            )
            (new_row,), _warnings = self.save_proposals(s, user, [proposal], accept_warnings)
            old.status = Attendance.RESCHEDULED.value
            old.rescheduled_to_id = new_row.id
            self.ctx.audit(s, user, "reschedule_session", "session", old.id, detail=str(new_row.id))
            uow.commit()
            return session_row(s, new_row.id)

    def history(self, user: CurrentUser, session_id: int) -> tuple[SessionRow, ...]:
        """The session and every earlier booking it replaced, oldest first."""
        self.ctx.require(user, Permission.VIEW_CASES, "view_session")
        with self.ctx.uow() as uow:
            s = uow.session
            current = load_session(uow, user, session_id)
            chain = [current.id]
            while True:
                earlier = s.scalar(
                    select(ProgrammeSession.id).where(
                        ProgrammeSession.rescheduled_to_id == chain[-1]
                    )
                )
                if earlier is None:
                    break
                chain.append(earlier)
            return tuple(session_row(s, sid) for sid in reversed(chain))

    # --- conflicts -----------------------------------------------------------------------
    def _conflicts(
        self, s: Session, user: CurrentUser, proposals: Sequence[SessionProposal]
    ) -> list[tuple[Conflict, ...]]:
        if not proposals:
            return []
        slots, existing, context = self._diary_around(s, user, proposals)
        out = []
        for i, slot in enumerate(slots):
            # Sessions of the same series count as existing for one another.
            others = existing + slots[:i]
            out.append(find_conflicts(slot, others, context))
        return out

    def free_slots_within(
        self,
        s: Session,
        user: CurrentUser,
        proposals: Sequence[SessionProposal],
        deadline: date | None = None,
    ) -> tuple[SlotSuggestion, ...]:
        """For each proposal in order, its own time if free, else the nearest free time
        (domain `suggest_series`), in the caller's transaction; nothing is written.
        `deadline` stands in for the programme's when it has not been saved yet."""
        if not proposals:
            return ()
        last = max(p.starts_at.date() for p in proposals) + timedelta(days=FREE_SLOT_SEARCH_DAYS)
        if deadline is not None:
            last = min(last, deadline)
        slots, existing, context = self._diary_around(s, user, proposals, last, deadline)
        return suggest_series(slots, existing, context)

    def _diary_around(
        self,
        s: Session,
        user: CurrentUser,
        proposals: Sequence[SessionProposal],
        search_to: date | None = None,
        deadline: date | None = None,
    ) -> tuple[list[SessionSlot], list[SessionSlot], SchedulingContext]:
        """The proposals as slots, the sessions around them (to `search_to` when searching
        for a free time) and what the checks need to know."""
        referral = load_referral(s, user, proposals[0].referral_id)
        person = s.get_one(YoungPerson, referral.young_person_id)
        programme = s.scalar(select(Programme).where(Programme.referral_id == referral.id))
        cal = team_calendar(s, referral.team_id)
        slots = [self._slot(p, referral.young_person_id) for p in proposals]
        if search_to is None:
            existing = self._existing(s, slots)
        else:
            existing = self._existing_between(
                s, slots, min(sl.start.date() for sl in slots), search_to
            )
        workers = {w for sl in slots for w in sl.worker_ids} | {
            w for sl in existing for w in sl.worker_ids
        }
        people = {sl.young_person_id for sl in existing} | {referral.young_person_id}
        names = dict(
            s.execute(
                select(YoungPerson.id, YoungPerson.first_name).where(YoungPerson.id.in_(people))
            ).all()
        )
        names[person.id] = f"{person.first_name} {person.last_name}"
        context = SchedulingContext(
            calendar=cal,
            worker_names=worker_names(s, workers),
            young_person_names=names,
            venue_capacities=self._capacities(s, referral.team_id),
            deadline=programme.deadline if programme is not None else deadline,
            young_person_in_school=bool(person.school.strip()),
        )
        return slots, existing, context

    @staticmethod
    def _slot(p: SessionProposal, young_person_id: int) -> SessionSlot:
        try:
            return SessionSlot(
                session_id=p.session_id,
                young_person_id=young_person_id,
                worker_ids=frozenset({p.worker_id}) if p.worker_id else frozenset(),
                venue=p.venue,
                venue_name=p.venue_name,
                start=p.starts_at,
                minutes=p.minutes,
            )
        except ValidationError:
            raise
        except ValueError as err:  # pragma: no cover - the dataclass only raises ours
            raise ValidationError(FieldProblem("Date and time", str(err))) from err

    @staticmethod
    def _existing_between(
        s: Session, slots: Sequence[SessionSlot], first: date, last: date
    ) -> list[SessionSlot]:
        """Every session from the day before `first` to `last` of the proposals' workers,
        young person and venues: one query for a search across weeks."""
        workers = {w for sl in slots for w in sl.worker_ids}
        people = {sl.young_person_id for sl in slots}
        venues = {sl.venue_name.strip().lower() for sl in slots if sl.venue_name.strip()}
        start, end = day_bounds(first - timedelta(days=1), max(first, last))
        who = [Referral.young_person_id.in_(people)]
        if workers:
            who.append(ProgrammeSession.worker_id.in_(workers))
        if venues:
            who.append(func.lower(ProgrammeSession.venue_name).in_(venues))
        rows = s.execute(
            select(ProgrammeSession, Referral.young_person_id)
            .join(Referral, Referral.id == ProgrammeSession.referral_id)
            .where(ProgrammeSession.starts_at >= start, ProgrammeSession.starts_at < end)
            .where(or_(*who))
        ).all()
        return [
            SessionSlot(
                session_id=sess.id,
                young_person_id=yp,
                worker_ids=frozenset({sess.worker_id}) if sess.worker_id else frozenset(),
                venue=Venue(sess.venue),
                venue_name=sess.venue_name,
                start=sess.starts_at,
                minutes=max(sess.minutes, 1),
                status=Attendance(sess.status),
            )
            for sess, yp in rows
        ]

    @staticmethod
    def _existing(s: Session, slots: Sequence[SessionSlot]) -> list[SessionSlot]:
        """The sessions around each proposed day (from the day before): one query a day."""
        found: list[SessionSlot] = []
        for day in sorted({sl.start.date() for sl in slots}):
            found.extend(SchedulingService._existing_between(s, slots, day, day))
        return found

    @staticmethod
    def _capacities(s: Session, team_id: int | None) -> dict[str, int]:
        rows = s.scalars(
            select(VenueTable).where(
                VenueTable.active.is_(True),
                VenueTable.capacity.is_not(None),
                or_(VenueTable.team_id == team_id, VenueTable.team_id.is_(None)),
            )
        ).all()
        return {v.name: v.capacity for v in rows if v.capacity is not None}
