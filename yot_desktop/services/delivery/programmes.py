"""The intervention catalogue and each young person's tailored programme."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime, time

from sqlalchemy import select
from sqlalchemy.orm import Session

from yot_desktop.domain.enums import ReferralStatus, Role, Venue
from yot_desktop.domain.errors import FieldProblem, NotFound, ValidationError
from yot_desktop.domain.permissions import Permission
from yot_desktop.domain.programme import (
    MAX_MINUTES,
    MIN_MINUTES,
    PlannedIntervention,
    programme_deadline,
    standard_plan,
)
from yot_desktop.domain.scheduling import Severity
from yot_desktop.domain.validation import LABEL_MAX, PROVIDER_MAX, search_text, text_problems
from yot_desktop.services.admin.schemes import rules_of
from yot_desktop.services.core import ServiceContext
from yot_desktop.services.delivery.calendar_settings import CalendarSettingsService
from yot_desktop.services.delivery.common import (
    ACTIVE,
    catalogue_labels,
    find_referral,
    load_programme,
    load_referral,
    person_name,
    record_status,
    referral_scope,
    team_calendar,
)
from yot_desktop.services.delivery.dto import (
    BookingChoices,
    BookingResult,
    InterventionRow,
    ProgrammeDetail,
    ProgrammeStarted,
    ReferralChoice,
    SessionProposal,
)
from yot_desktop.services.delivery.programme_state import programme_detail, programme_of
from yot_desktop.services.delivery.scheduling import BookingRefused, SchedulingService
from yot_desktop.services.delivery.start_plan import (
    ProgrammeClashes,
    StartPlan,
    proposed_session,
    weekly_proposals,
)
from yot_desktop.services.dto import CurrentUser
from yot_desktop.storage.models import Referral, Scheme, YoungPerson
from yot_desktop.storage.models_delivery import Intervention, Programme, ProgrammeItem

# After school, so a standard programme does not clash with lessons.
DEFAULT_TIME = time(16, 0)
_CODE = re.compile(r"^[a-z][a-z0-9_]{1,39}$")
_OPEN = (ReferralStatus.RECEIVED, ReferralStatus.OFFERED, ReferralStatus.IN_PROGRAMME)


def _intervention_row(i: Intervention) -> InterventionRow:
    return InterventionRow(
        i.id,
        i.code,
        i.label,
        i.default_minutes,
        i.default_provider,
        i.active,
        i.position,
        i.version,
    )


class ProgrammeService:
    def __init__(
        self,
        ctx: ServiceContext,
        scheduling: SchedulingService,
        calendar_settings: CalendarSettingsService,
    ) -> None:
        self.ctx = ctx
        self.scheduling = scheduling
        self.calendar_settings = calendar_settings

    # --- the catalogue -------------------------------------------------------------------
    def catalogue(
        self, user: CurrentUser, include_inactive: bool = False
    ) -> tuple[InterventionRow, ...]:
        self.ctx.require(user, Permission.VIEW_CASES, "view_catalogue")
        with self.ctx.uow() as uow:
            stmt = select(Intervention).order_by(Intervention.position, Intervention.id)
            if not include_inactive:
                stmt = stmt.where(Intervention.active.is_(True))
            return tuple(_intervention_row(i) for i in uow.session.scalars(stmt))

    def save_intervention(
        self,
        user: CurrentUser,
        code: str,
        label: str,
        default_minutes: int,
        default_provider: str = "",
        active: bool = True,
        expected_version: int | None = None,
    ) -> InterventionRow:
        """Add an intervention, or change one (`expected_version` guards against stale edits)."""
        self.ctx.require(user, Permission.MANAGE_CATALOGUE, "edit_catalogue")
        code = code.strip().lower()
        problems = text_problems(
            ("Name", label, LABEL_MAX), ("Provider", default_provider, PROVIDER_MAX)
        )
        if not _CODE.match(code):
            problems.append(
                FieldProblem(
                    "Intervention code",
                    "use 2 to 40 lower-case letters, digits or _, like harm_reduction",
                )
            )
        if not label.strip():
            problems.append(FieldProblem("Name", "enter the name staff will see"))
        if not MIN_MINUTES <= default_minutes <= MAX_MINUTES:
            problems.append(
                FieldProblem("Usual length", f"enter {MIN_MINUTES} to {MAX_MINUTES} minutes")
            )
        if problems:
            raise ValidationError(problems)
        with self.ctx.uow() as uow:
            s = uow.session
            row = s.scalar(select(Intervention).where(Intervention.code == code))
            if row is None:
                last = s.scalar(
                    select(Intervention.position).order_by(Intervention.position.desc())
                )
                row = Intervention(code=code, position=(last or 0) + 1)
                s.add(row)
            else:
                uow.saw(row, expected_version, "intervention")
            row.label = label.strip()
            row.default_minutes = default_minutes
            row.default_provider = default_provider.strip()
            row.active = active
            s.flush()
            self.ctx.audit(s, user, "edit_catalogue", "intervention", row.id, detail=code)
            uow.commit()
            return _intervention_row(row)

    # --- finding referrals ---------------------------------------------------------------
    def referrals(
        self,
        user: CurrentUser,
        query: str = "",
        limit: int | None = 200,
        statuses: Sequence[ReferralStatus] = _OPEN,
    ) -> tuple[ReferralChoice, ...]:
        """Referrals that can start, or are in, a programme (received, offered, in programme),
        or those of `statuses` only; at most `limit` (None: all), newest first."""
        self.ctx.require(user, Permission.VIEW_CASES, "list_programmes")
        stmt = referral_scope(
            user,
            select(Referral, YoungPerson.first_name, YoungPerson.last_name, Scheme.code)
            .join(YoungPerson, YoungPerson.id == Referral.young_person_id)
            .join(Scheme, Scheme.id == Referral.scheme_id)
            .where(Referral.status.in_([s.value for s in statuses])),
        )
        q = search_text(query)
        if q:
            # % and _ typed in the box are characters to find, not wildcards.
            stmt = stmt.where(Referral.crime_reference.icontains(q, autoescape=True))
        with self.ctx.uow() as uow:
            s = uow.session
            rows = s.execute(stmt.order_by(Referral.referral_date.desc()).limit(limit)).all()
            ids = [r.id for r, *_ in rows]
            programmes = dict(
                s.execute(
                    select(Programme.referral_id, Programme.id).where(
                        Programme.referral_id.in_(ids)
                    )
                ).all()
            )
            return tuple(
                ReferralChoice(
                    r.id,
                    r.crime_reference,
                    person_name(f, la),
                    r.status,
                    code,
                    programmes.get(r.id),
                    r.team_id,
                )
                for r, f, la, code in rows
            )

    def booking_choices(self, user: CurrentUser) -> BookingChoices:
        """What the booking dialog offers: every referral in a programme that the user may
        see (not only the newest of all open ones), the active catalogue, the workers and
        the venues."""
        return BookingChoices(
            self.referrals(user, limit=None, statuses=(ReferralStatus.IN_PROGRAMME,)),
            self.catalogue(user),
            self.scheduling.workers(user),
            self.calendar_settings.venues(user),
        )

    def get(self, user: CurrentUser, referral_id: int) -> ProgrammeDetail | None:
        self.ctx.require(user, Permission.VIEW_CASES, "view_programme")
        with self.ctx.uow() as uow:
            s = uow.session
            referral = load_referral(s, user, referral_id)
            programme = programme_of(s, referral)
            if programme is None:
                return None
            self.ctx.audit(s, user, "view_programme", "programme", programme.id)
            detail = programme_detail(s, programme)
            uow.commit()
            return detail

    # --- starting ------------------------------------------------------------------------
    def start_by_reference(
        self, user: CurrentUser, crime_reference: str, **kw: object
    ) -> ProgrammeStarted:
        # Checked before the lookup, so a refused role learns nothing about the reference.
        self.ctx.require(user, Permission.EDIT_CASES, "start_programme")
        with self.ctx.uow() as uow:
            referral = find_referral(uow.session, user, crime_reference)
            if referral is None:
                raise NotFound(
                    f"Crime reference: there is no referral {crime_reference.strip()} in your team"
                )
            referral_id = referral.id
        return self.start(user, referral_id, **kw)  # type: ignore[arg-type]

    def plan_start(
        self,
        user: CurrentUser,
        referral_id: int,
        *,
        start: date | None = None,
        at: time | None = None,
        venue: Venue = Venue.YOT_OFFICE,
        venue_name: str = "",
        worker_id: int | None = None,
        sessions: Sequence[datetime] | None = None,
    ) -> StartPlan:
        """The sessions `start` would book, each at its standard weekly time when that is
        free, else at the nearest free time (domain `suggest_series`). Nothing is written.

        `sessions` checks the worker's own times instead (in plan order): each is `wanted`,
        and `suggested` differs from it when it clashes."""
        self.ctx.require(user, Permission.EDIT_CASES, "plan_programme")
        now = self.ctx.clock()
        with self.ctx.uow() as uow:
            s = uow.session
            referral = load_referral(s, user, referral_id)
            self._refuse_second_programme(s, referral)
            rules = rules_of(s.get_one(Scheme, referral.scheme_id))
            cal = team_calendar(s, referral.team_id)
            first = cal.on_or_after(start or now.date())
            deadline = programme_deadline(first, rules, cal)
            worker = self._worker(user, referral, worker_id)
            labels = catalogue_labels(s)
            lines = [
                (i.code, labels.get(i.code, i.label), i.planned_count, i.minutes, i.worker_id)
                for i in standard_plan(rules)
            ]
            proposals = weekly_proposals(
                cal,
                referral.id,
                first,
                at or DEFAULT_TIME,
                venue,
                venue_name,
                [(code, n, minutes, w or worker, None) for code, _l, n, minutes, w in lines],
            )
            if sessions is not None:
                if len(sessions) != len(proposals):
                    raise ValidationError(
                        FieldProblem(
                            "Session times",
                            f"give a date and time for each of the {len(proposals)} sessions",
                        )
                    )
                proposals = [
                    replace(p, starts_at=when) for p, when in zip(proposals, sessions, strict=True)
                ]
            found = self.scheduling.free_slots_within(s, user, proposals, deadline)
            names = [label for _c, label, n, _m, _w in lines for _ in range(n)]
            return StartPlan(
                referral.id,
                first,
                deadline,
                worker,
                tuple(
                    proposed_session(number, name, proposal, suggestion)
                    for number, (name, proposal, suggestion) in enumerate(
                        zip(names, proposals, found, strict=True), start=1
                    )
                ),
            )

    @staticmethod
    def _refuse_second_programme(s: Session, referral: Referral) -> None:
        if s.scalar(select(Programme.id).where(Programme.referral_id == referral.id)):
            raise ValidationError(
                FieldProblem("referral", f"{referral.crime_reference} already has a programme")
            )

    @staticmethod
    def _worker(user: CurrentUser, referral: Referral, worker_id: int | None) -> int | None:
        if worker_id is not None:
            return worker_id
        return referral.worker_id or (
            user.id if user.role in (Role.PRACTITIONER, Role.MANAGER) else None
        )

    def start(
        self,
        user: CurrentUser,
        referral_id: int,
        *,
        start: date | None = None,
        at: time | None = None,
        venue: Venue = Venue.YOT_OFFICE,
        venue_name: str = "",
        worker_id: int | None = None,
        sessions: Sequence[datetime] | None = None,
        venue_id: int | None = None,
    ) -> ProgrammeStarted:
        """Record acceptance (received -> offered -> in programme) and book the scheme's
        standard programme weekly from `start`, on the team's working days. All or nothing.

        `sessions` gives each session's own date and time instead, in plan order (the times
        the worker accepted from `plan_start`). When the weekly times clash with the diary,
        nothing is booked and `ProgrammeClashes` names each clash and its nearest free time.
        `venue_id`: every session at that venue of the team's (its address goes on letters).
        """
        self.ctx.require(user, Permission.EDIT_CASES, "start_programme")
        now = self.ctx.clock()
        with self.ctx.uow() as uow:
            s = uow.session
            referral = load_referral(s, user, referral_id)
            self._refuse_second_programme(s, referral)
            statuses = []
            if referral.status == ReferralStatus.RECEIVED.value:
                record_status(self.ctx, s, referral, ReferralStatus.OFFERED, user.username, now)
                statuses.append(ReferralStatus.OFFERED.value)
            record_status(
                self.ctx,
                s,
                referral,
                ReferralStatus.IN_PROGRAMME,
                user.username,
                now,
                "programme started",
            )
            statuses.append(ReferralStatus.IN_PROGRAMME.value)
            rules = rules_of(s.get_one(Scheme, referral.scheme_id))
            cal = team_calendar(s, referral.team_id)
            first = cal.on_or_after(start or now.date())
            if sessions:
                first = min(first, min(sessions).date())
            labels = catalogue_labels(s)
            worker_id = self._worker(user, referral, worker_id)
            programme = Programme(
                referral_id=referral.id,
                start_date=first,
                deadline=programme_deadline(first, rules, cal),
                status=ACTIVE,
                unexplained=0,
                started_by=user.username,
                started_at=now,
            )
            s.add(programme)
            for position, planned in enumerate(standard_plan(rules)):
                programme.items.append(self._item_row(planned, position, labels, worker_id))
            s.flush()
            proposals = weekly_proposals(
                cal,
                referral.id,
                first,
                at or DEFAULT_TIME,
                venue,
                venue_name,
                [
                    (i.intervention_code, i.planned_count, i.minutes, i.worker_id, i.id)
                    for i in programme.items
                ],
            )
            if sessions is not None:
                if len(sessions) != len(proposals):
                    raise ValidationError(
                        FieldProblem(
                            "Session times",
                            f"give a date and time for each of the {len(proposals)} sessions",
                        )
                    )
                proposals = [
                    replace(p, starts_at=when) for p, when in zip(proposals, sessions, strict=True)
                ]
            if venue_id is not None:
                proposals = [replace(p, venue_id=venue_id) for p in proposals]
            try:
                booked, warnings = self.scheduling.save_proposals(s, user, proposals, True)
            except BookingRefused as refused:
                if sessions is not None:
                    raise
                found = self.scheduling.free_slots_within(s, user, proposals)
                labels_of = {i.id: i.label for i in programme.items}
                raise ProgrammeClashes(
                    refused.conflicts,
                    tuple(
                        proposed_session(n, labels_of.get(p.programme_item_id or 0, ""), p, f)
                        for n, (p, f) in enumerate(zip(proposals, found, strict=True), start=1)
                    ),
                ) from None
            self.ctx.audit(s, user, "start_programme", "programme", programme.id)
            uow.commit()
            detail = programme_detail(s, programme)
        return ProgrammeStarted(detail, booked, warnings, tuple(statuses))

    @staticmethod
    def _item_row(
        item: PlannedIntervention, position: int, labels: dict[str, str], worker_id: int | None
    ) -> ProgrammeItem:
        return ProgrammeItem(
            position=position,
            intervention_code=item.code,
            label=labels.get(item.code, item.label),
            planned_count=item.planned_count,
            minutes=item.minutes,
            provider=item.provider or "",
            worker_id=item.worker_id or worker_id,
        )

    def book_remaining(
        self,
        user: CurrentUser,
        programme_id: int,
        first: date,
        at: time = DEFAULT_TIME,
        *,
        venue: Venue = Venue.YOT_OFFICE,
        venue_name: str = "",
        accept_warnings: bool = False,
    ) -> BookingResult:
        """Book, weekly from `first`, every planned session not booked yet, in plan order."""
        self.ctx.require(user, Permission.EDIT_CASES, "book_session")
        detail = self._detail(user, programme_id)
        proposals: list[SessionProposal] = []
        for item in detail.items:
            proposals.extend(
                SessionProposal(
                    referral_id=detail.referral_id,
                    starts_at=datetime.combine(first, at),
                    minutes=item.minutes,
                    venue=venue,
                    venue_name=venue_name,
                    worker_id=item.worker_id,
                    intervention=item.code,
                    programme_item_id=item.id,
                )
                for _ in range(max(item.planned_count - item.booked, 0))
            )
        if not proposals:
            raise ValidationError(
                FieldProblem("sessions", "every planned session is already booked")
            )
        with self.ctx.uow() as uow:
            s = uow.session
            referral = load_referral(s, user, detail.referral_id)
            dates = team_calendar(s, referral.team_id).weekly_series(first, len(proposals))
            proposals = [
                replace(p, starts_at=datetime.combine(d, at))
                for p, d in zip(proposals, dates, strict=True)
            ]
            try:
                rows, warnings = self.scheduling.save_proposals(s, user, proposals, accept_warnings)
            except BookingRefused as refused:
                if not any(c.severity is Severity.ERROR for c in refused.conflicts):
                    raise
                # Say where each clashing session would fit, so the worker can choose again.
                found = self.scheduling.free_slots_within(s, user, proposals)
                labels = {i.id: i.label for i in detail.items}
                already = sum(i.booked for i in detail.items)  # numbered after those
                raise ProgrammeClashes(
                    refused.conflicts,
                    tuple(
                        proposed_session(n, labels.get(p.programme_item_id or 0, ""), p, f)
                        for n, (p, f) in enumerate(
                            zip(proposals, found, strict=True), start=already + 1
                        )
                    ),
                ) from None
            uow.commit()
            return BookingResult(rows, warnings)

    # --- internals -----------------------------------------------------------------------
    def _detail(self, user: CurrentUser, programme_id: int) -> ProgrammeDetail:
        with self.ctx.uow() as uow:
            programme = load_programme(uow, user, programme_id)
            return programme_detail(uow.session, programme)
