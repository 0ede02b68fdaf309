"""The demo's worked cases, made through the services as staff would make them.

Each case is a script (see demo/cast.py): a generator that yields the moment of its
next step and takes that step when resumed. The runner interleaves every script in time order
and sets the services' clock to each moment, so the referral imports, allocations, offers,
consents, screenings, bookings, registers, engagement decisions, letters and outcomes happen
in the order and on the days they would have, under every domain rule and permission check,
each with its audit row. Steps due after "now" never happen: those cases are still open.
"""

from __future__ import annotations

import csv
import heapq
import io
from collections.abc import Generator, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from yot_desktop.demo.bulk import crime_reference
from yot_desktop.demo.people import PersonPlan
from yot_desktop.demo.venues import place_demo_sessions
from yot_desktop.domain.calendar import WorkingCalendar
from yot_desktop.domain.consent import LAWFUL_BASES, Party
from yot_desktop.domain.crafft import CrafftAnswers
from yot_desktop.domain.engagement import DecisionOutcome
from yot_desktop.domain.enums import (
    Attendance,
    Audience,
    LetterType,
    ReferralStatus,
    Role,
    Unit,
    Venue,
)
from yot_desktop.services.core import ServiceContext
from yot_desktop.services.delivery.attendance import AttendanceService
from yot_desktop.services.delivery.calendar_settings import CalendarSettingsService
from yot_desktop.services.delivery.dto import SessionRow
from yot_desktop.services.delivery.engagement import EngagementService
from yot_desktop.services.delivery.programmes import ProgrammeService
from yot_desktop.services.delivery.scheduling import BookingRefused, SchedulingService
from yot_desktop.services.dto import CurrentUser
from yot_desktop.services.intake.carers import CarerService
from yot_desktop.services.intake.decisions import ReferralDecisionService
from yot_desktop.services.intake.dto import CarerInput
from yot_desktop.services.intake.importer import IntakeImportService
from yot_desktop.services.intake.people import PeopleService, PersonChanges
from yot_desktop.services.intake.referrals import ReferralService
from yot_desktop.services.intake.screening import ScreeningService
from yot_desktop.services.letters.service import LetterRequest, LetterService
from yot_desktop.storage.models import Carer, ProgrammeSession, Referral, Team, User, YoungPerson
from yot_desktop.storage.models_delivery import FollowUp, LetterDue, Programme

Script = Generator[datetime, None, None]
IMPORT_COLUMNS = [
    "crime_reference",
    "referral_date",
    "scheme",
    "referring_officer",
    "officer_email",
    "first_name",
    "last_name",
    "date_of_birth",
    "gender",
    "ethnicity",
    "address_line_1",
    "town",
    "postcode",
    "parent_name",
    "parent_relationship",
    "parent_phone",
    "parent_email",
    "offence_date",
    "offence_location",
    "substance",
    "quantity",
    "unit",
    "supply_suspected",
    "notes",
]


class SimClock:
    """The services' clock during the story: moved by the runner, never backwards."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@dataclass
class Case:
    """One referral of the story, and what the services said about it so far."""

    team: str
    worker: str | None
    referred: date
    person: PersonPlan
    officer: str
    substance: str = "cannabis"
    quantity: Decimal = Decimal("2")
    unit: Unit = Unit.G
    supply: bool = False
    notes: str = ""
    crime_reference: str = ""
    referral_id: int = 0
    person_id: int = 0
    booked: tuple[SessionRow, ...] = field(default=())


class Story:
    """Runs case scripts through the real services on a moving clock."""

    def __init__(
        self,
        engine: Engine,
        now: datetime,
        numbers: Iterator[int],
        sessions: sessionmaker[Session] | None = None,
    ) -> None:
        self.now = now
        self.today = now.date()
        self.clock = SimClock(datetime.min)  # moved to each step's moment by run()
        self.ctx = ctx = ServiceContext(engine, self.clock)
        if sessions is not None:  # the demo's one transaction (demo/service.py)
            ctx.sessions = sessions
        self.cal = WorkingCalendar()
        self.numbers = numbers
        self.referrals = ReferralService(ctx)
        self.decisions = ReferralDecisionService(ctx)
        self.intake = IntakeImportService(ctx)
        self.people = PeopleService(ctx)
        self.carers = CarerService(ctx)
        self.screening = ScreeningService(ctx)
        scheduling = SchedulingService(ctx)
        self.programmes = ProgrammeService(ctx, scheduling, CalendarSettingsService(ctx))
        self.attendance = AttendanceService(ctx)
        self.engagement = EngagementService(ctx, self.attendance)
        self.letters = LetterService(ctx)
        self.staff = self._staff()
        self.steps = 0

    # --- running ------------------------------------------------------------------------
    def run(self, scripts: list[Script]) -> None:
        """Every script's steps in time order (ties in script order); none after now."""
        queue: list[tuple[datetime, int, Script]] = []
        for order, script in enumerate(scripts):
            first = next(script, None)
            if first is not None:
                heapq.heappush(queue, (first, order, script))
        while queue:
            when, order, script = heapq.heappop(queue)
            if when > self.now:
                script.close()
                continue
            self.clock.now = max(self.clock.now, when)
            following = next(script, None)
            self.steps += 1
            if following is not None:
                heapq.heappush(queue, (max(following, when), order, script))

    # --- days and times -----------------------------------------------------------------
    def back(self, days: int) -> date:
        """The working day on or before `days` days ago."""
        return self.cal.on_or_before(self.today - timedelta(days=days))

    def later(self, d: date, working_days: int) -> date:
        return self.cal.add_working_days(d, working_days)

    @staticmethod
    def at(d: date, hour: int, minute: int = 0) -> datetime:
        return datetime.combine(d, time(hour, minute))

    # --- intake -------------------------------------------------------------------------
    def import_referral(self, c: Case, by: str) -> None:
        """The police referral arrives as a one-row CSV file, imported by `by`."""
        p = c.person
        carer = p.carers[0] if p.carers else None
        c.crime_reference = crime_reference(c.referred, next(self.numbers))
        row = {
            "crime_reference": c.crime_reference,
            "referral_date": c.referred.isoformat(),
            "scheme": c.team,
            "referring_officer": c.officer,
            "officer_email": "",
            "first_name": p.first_name,
            "last_name": p.last_name,
            "date_of_birth": p.date_of_birth.isoformat(),
            "gender": p.gender,
            "ethnicity": p.ethnicity,
            "address_line_1": p.address_line_1,
            "town": p.town,
            "postcode": p.postcode,
            "parent_name": carer.name if carer else "",
            "parent_relationship": carer.relationship if carer else "",
            "parent_phone": carer.phone if carer else "",
            "parent_email": carer.email if carer else "",
            "offence_date": (c.referred - timedelta(days=1)).isoformat(),
            "offence_location": f"{p.town} town centre",
            "substance": c.substance,
            "quantity": str(c.quantity),
            "unit": c.unit.value,
            "supply_suspected": "yes" if c.supply else "no",
            "notes": c.notes,
        }
        out = io.StringIO()
        writer = csv.DictWriter(out, IMPORT_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerow(row)
        report = self.intake.import_text(self.staff[by], out.getvalue())
        if not report.written:  # invented data that fails intake is a bug in the demo
            raise RuntimeError("; ".join(report.problems))
        with self.ctx.uow() as uow:
            rid, pid = uow.session.execute(
                select(Referral.id, Referral.young_person_id).where(
                    Referral.crime_reference == c.crime_reference
                )
            ).one()
        c.referral_id, c.person_id = rid, pid

    def allocate(self, c: Case) -> None:
        assert c.worker is not None
        worker = self.staff[c.worker]
        self.decisions.assign_worker(
            self.staff["manager"], c.referral_id, self._version(c), worker.id
        )

    def record_details(self, c: Case, **extra: object) -> None:
        """The worker fills in what the police did not send, and a second parent or carer."""
        p = c.person
        with self.ctx.uow() as uow:
            version = uow.session.get_one(YoungPerson, c.person_id).version
        fields: dict[str, object] = {
            "school": p.school,
            "first_language": p.first_language,
            "interpreter_needed": p.interpreter_needed,
            "communication_needs": p.communication_needs,
            "send_needs": p.send_needs,
            "looked_after": p.looked_after,
            "exploitation_concern": p.exploitation_concern,
        }
        changes = PersonChanges(**{**fields, **extra})  # type: ignore[arg-type]
        user = self.worker(c)
        self.people.update(user, c.person_id, version, changes)
        for carer in p.carers[1:]:
            self.carers.add(
                user,
                c.person_id,
                CarerInput(
                    name=carer.name,
                    relationship=carer.relationship,
                    parental_responsibility=carer.parental_responsibility,
                    phone=carer.phone,
                    email=carer.email,
                    preferred_language=carer.preferred_language,
                    letter_preference=carer.letter_preference,
                ),
            )

    # --- decisions ----------------------------------------------------------------------
    def worker(self, c: Case) -> CurrentUser:
        return self.staff[c.worker or "manager"]

    def status(self, c: Case, to: ReferralStatus, note: str = "", by: str = "") -> None:
        user = self.staff[by] if by else self.worker(c)
        self.decisions.change_status(user, c.referral_id, self._version(c), to, note)

    def consent(self, c: Case, *, young_person: bool = True, parent: bool = True) -> None:
        """Consent taken today: the young person's answer, then a parent's (or carer's)."""
        user, today = self.worker(c), self.clock.now.date()
        p = c.person
        self.decisions.record_consent(
            user,
            c.referral_id,
            Party.YOUNG_PERSON,
            f"{p.first_name} {p.last_name}",
            today,
            LAWFUL_BASES[0],
            consented=young_person,
        )
        if not parent:
            return
        with self.ctx.uow() as uow:
            carer = uow.session.execute(  # one with parental responsibility if there is one
                select(Carer.id, Carer.name)
                .where(Carer.young_person_id == c.person_id)
                .order_by(Carer.parental_responsibility.desc(), Carer.id)
            ).first()
        if carer is not None:
            self.decisions.record_consent(
                user,
                c.referral_id,
                Party.PARENT_CARER,
                carer.name,
                today,
                LAWFUL_BASES[0],
                carer_id=carer.id,
            )

    def screen(self, c: Case, answers: CrafftAnswers, *, need: bool = False) -> None:
        self.screening.record(
            self.worker(c),
            c.person_id,
            answers,
            screened_on=self.clock.now.date(),
            referral_id=c.referral_id,
            need_identified_by_worker=need,
        )

    def start(self, c: Case, first: date, hour: int, minute: int, venue: Venue) -> None:
        """Acceptance and the standard programme, weekly from `first`; another time of day
        when the worker is already booked."""
        for shift in (0, 2, -2, 4, -4):
            try:
                started = self.programmes.start(
                    self.worker(c),
                    c.referral_id,
                    start=first,
                    at=time(hour + shift, minute),
                    venue=venue,
                )
            except BookingRefused:
                continue
            with self.ctx.uow() as uow:  # at the team's venue: letters print its address
                place_demo_sessions(uow.session, c.referral_id)
                uow.commit()
            c.booked = started.booked
            return
        raise RuntimeError(f"no free time for {c.crime_reference}")

    def mark(
        self, c: Case, index: int, value: Attendance, reason: str = "", evidence: bool = False
    ) -> None:
        session = c.booked[index]
        self.attendance.mark(
            self.worker(c),
            session.id,
            self._session_version(session.id),
            value,
            reason=reason,
            evidence_received=evidence,
        )

    def follow_up_done(self, c: Case, index: int, note: str) -> None:
        with self.ctx.uow() as uow:
            row = uow.session.execute(
                select(FollowUp.id, FollowUp.version).where(
                    FollowUp.session_id == c.booked[index].id
                )
            ).one()
        self.attendance.complete_follow_up(self.worker(c), row.id, row.version, note)

    def complete(self, c: Case) -> None:
        pid, version = self._programme(c)
        self.engagement.confirm_completion(self.worker(c), pid, version)

    def not_engaged(self, c: Case, reason: str) -> None:
        pid, version = self._programme(c)
        self.engagement.decide(
            self.staff["manager"], pid, version, DecisionOutcome.NOT_ENGAGED, reason
        )

    def override(self, c: Case, reason: str) -> None:
        self.decisions.override(self.staff["manager"], c.referral_id, self._version(c), reason)

    def outcome(self, c: Case, code: str) -> None:
        self.decisions.set_outcome(self.worker(c), c.referral_id, self._version(c), code)

    def police_told(self, c: Case) -> None:
        self.decisions.return_to_police(
            self.worker(c), c.referral_id, self._version(c), self.clock.now.date()
        )

    # --- letters ------------------------------------------------------------------------
    def letter(self, c: Case, kind: LetterType, audience: Audience | None = None) -> int:
        """Make one letter (the queued one, when the rules queued it); its record id."""
        with self.ctx.uow() as uow:
            queued = uow.session.scalar(
                select(LetterDue.id)
                .where(
                    LetterDue.referral_id == c.referral_id,
                    LetterDue.letter_type == kind.value,
                    LetterDue.status == "due",
                )
                .order_by(LetterDue.id)
            )
        request = LetterRequest(c.referral_id, kind, audience, queue_item_id=queued)
        return self.letters.make(self.worker(c), request).record.id

    def sent(self, c: Case, record_id: int, method: str) -> None:
        self.letters.mark_sent(self.worker(c), record_id, method)

    # --- internals ----------------------------------------------------------------------
    def _version(self, c: Case) -> int:
        with self.ctx.uow() as uow:
            return uow.session.get_one(Referral, c.referral_id).version

    def _session_version(self, session_id: int) -> int:
        with self.ctx.uow() as uow:
            return uow.session.get_one(ProgrammeSession, session_id).version

    def _programme(self, c: Case) -> tuple[int, int]:
        with self.ctx.uow() as uow:
            row = uow.session.execute(
                select(Programme.id, Programme.version).where(
                    Programme.referral_id == c.referral_id
                )
            ).one()
        return row.id, row.version

    def _staff(self) -> dict[str, CurrentUser]:
        with self.ctx.uow() as uow:
            rows = uow.session.execute(
                select(User, Team.name).outerjoin(Team, Team.id == User.team_id)
            ).all()
            return {
                u.username: CurrentUser(
                    u.id, u.username, u.display_name, Role(u.role), u.team_id, team or ""
                )
                for u, team in rows
            }
