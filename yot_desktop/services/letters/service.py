"""Letters from the database (issue 5): build each letter's facts, render it, keep the exact
PDF in the letter history, list what is due, print batches, mark letters sent, reopen them.

The letter layer (yot_desktop.letters) is pure; this service is the only place that reads the
tables for it. Audit rows hold ids, types and counts only, never a name.
"""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from yot_desktop.domain import letter_rules as rules
from yot_desktop.domain.age import age_on
from yot_desktop.domain.eligibility import reasons_from_text
from yot_desktop.domain.enums import (
    Attendance,
    Audience,
    LetterType,
    ReferralStatus,
    SchemeModel,
    Venue,
)
from yot_desktop.domain.errors import ConflictError, FieldProblem, NotFound, ValidationError
from yot_desktop.domain.permissions import Permission
from yot_desktop.domain.programme import ASSESSMENT
from yot_desktop.letters import (
    AttendanceSummary,
    Cancelled,
    LetterContext,
    Letterhead,
    Person,
    Recipient,
    SessionLine,
    Worker,
    render_batch,
    render_letter,
)
from yot_desktop.letters.accessible import accessible_html, plain_text
from yot_desktop.letters.edited import TemplateKey
from yot_desktop.letters.police import force_for
from yot_desktop.services.core import ServiceContext
from yot_desktop.services.delivery.common import (
    catalogue_labels,
    day_bounds,
    find_referral,
    load_referral,
    person_name,
    referral_scope,
    stale_is_conflict,
    team_calendar,
    worker_names,
)
from yot_desktop.services.delivery.venues import venue_places
from yot_desktop.services.dto import CurrentUser
from yot_desktop.services.letters.templates import WordingChooser
from yot_desktop.services.output_files import discard, write_atomically
from yot_desktop.storage.models import (
    Carer,
    ProgrammeSession,
    Referral,
    Scheme,
    Team,
    User,
    YoungPerson,
)
from yot_desktop.storage.models_delivery import LetterDue, Programme
from yot_desktop.storage.models_letters import LetterRecord

SENT_METHODS = ("post", "email", "hand")
# Reminders are due for sessions booked this many days ahead.
REMINDER_DAYS = 7
_POSTCODE = re.compile(r"^[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}$", re.IGNORECASE)

# progress(done, total) -> False to cancel
BatchProgress = Callable[[int, int], bool | None]


@dataclass(frozen=True)
class LetterRequest:
    """One letter to make. `audience` None: the type's usual reader; `easy_read` None: chosen
    from the young person's age and recorded needs; True asks for it."""

    referral_id: int
    letter_type: LetterType
    audience: Audience | None = None
    easy_read: bool | None = None
    large_print: bool = False
    session_id: int | None = None
    queue_item_id: int | None = None


@dataclass(frozen=True)
class LetterDueItem:
    """A letter waiting to be made: from the delivery queue, or a reminder for a booking."""

    key: str
    referral_id: int
    crime_reference: str
    young_person_id: int
    person_name: str
    letter_type: LetterType
    due_for: date
    source: str  # queue | booking
    queue_item_id: int | None = None
    session_id: int | None = None

    @property
    def request(self) -> LetterRequest:
        return LetterRequest(
            self.referral_id,
            self.letter_type,
            session_id=self.session_id,
            queue_item_id=self.queue_item_id,
        )


@dataclass(frozen=True)
class LetterRecordRow:
    id: int
    version: int
    referral_id: int
    crime_reference: str
    letter_type: LetterType
    audience: Audience
    easy_read: bool
    large_print: bool
    created_at: datetime
    created_by: str
    sent_at: datetime | None
    sent_by: str
    sent_method: str
    sha256: str
    size: int
    language: str = "en"  # the wording's language code
    template_version: int | None = None  # a manager's edited wording (its version), or None

    @property
    def wording(self) -> str:
        """Which wording was used, in words: 'English', 'pl, edited (version 2)'."""
        name = "English" if self.language == "en" else f"language {self.language}"
        if self.template_version is None:
            return name
        return f"{name}, edited wording (version {self.template_version})"


@dataclass(frozen=True)
class MadeLetter:
    record: LetterRecordRow
    pdf: bytes
    # What the person making it should know, like a parent letter about an adult.
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class BatchResult:
    count: int
    pdf: bytes
    record_ids: tuple[int, ...]


def checksum(pdf: bytes) -> str:
    return hashlib.sha256(pdf).hexdigest()


def default_audience(letter_type: LetterType, age: int | None = None) -> Audience:
    """Who reads a letter when nobody chose (domain/letter_rules.py): the police for the
    outcome letter, the young person for a certificate or once they are 18 or over."""
    return rules.default_audience(letter_type, age)


def _lines(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"[\n,]", text or "") if p.strip()]


def _address(lines: list[str]) -> tuple[tuple[str, ...], str]:
    """Address lines and the postcode (taken from the end when it looks like one)."""
    if lines and _POSTCODE.match(lines[-1]):
        return tuple(lines[:-1]), lines[-1].upper()
    return tuple(lines), ""


def _record_row(r: LetterRecord, crime_reference: str) -> LetterRecordRow:
    return LetterRecordRow(
        id=r.id,
        version=r.version,
        referral_id=r.referral_id,
        crime_reference=crime_reference,
        letter_type=LetterType(r.letter_type),
        audience=Audience(r.audience),
        easy_read=r.easy_read,
        large_print=r.large_print,
        created_at=r.created_at,
        created_by=r.created_by,
        sent_at=r.sent_at,
        sent_by=r.sent_by,
        sent_method=r.sent_method,
        sha256=r.sha256,
        size=r.size,
        language=r.language,
        template_version=r.template_version,
    )


class LetterService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    # --- facts ---------------------------------------------------------------------------
    def context(self, user: CurrentUser, request: LetterRequest) -> LetterContext:
        """The facts of one letter, read from the database (nothing written)."""
        self.ctx.require(user, Permission.PRINT_LETTERS, "letter_context")
        with self.ctx.uow() as uow:
            return self._context(uow.session, user, request)

    def _context(
        self,
        s: Session,
        user: CurrentUser,
        request: LetterRequest,
        chooser: WordingChooser | None = None,
    ) -> LetterContext:
        today = self.ctx.clock().date()
        referral = load_referral(s, user, request.referral_id)
        person = s.get_one(YoungPerson, referral.young_person_id)
        scheme = s.get_one(Scheme, referral.scheme_id)
        team_id = referral.team_id or person.team_id or user.team_id
        team = s.get(Team, team_id) if team_id is not None else None
        letter_type = request.letter_type
        age = age_on(person.date_of_birth, today)
        police = letter_type is LetterType.POLICE_OUTCOME
        # A drop-down list hands back the enum's text ("parent"): the enum from here on.
        asked = Audience(request.audience) if request.audience is not None else None
        if police:
            audience = Audience.POLICE  # the officer reads it, whoever was asked for
        elif asked is Audience.POLICE:
            raise ValidationError(
                FieldProblem(
                    "Who the letter is for",
                    "only the police outcome letter goes to the police; choose parent or "
                    "carer, or young person",
                )
            )
        else:
            audience = asked or default_audience(letter_type, age)
        needs = bool(
            (person.communication_needs or "").strip() or (person.send_needs or "").strip()
        )
        if police:
            easy_read = False
        elif request.easy_read is None:
            easy_read = audience is Audience.YOUNG_PERSON and (age < 13 or needs)
        else:
            easy_read = request.easy_read
        calendar = team_calendar(s, team_id)
        status = ReferralStatus(referral.status)

        worker_user = s.get(User, referral.worker_id) if referral.worker_id else None
        if worker_user is None:
            worker_user = s.get(User, user.id)
        team_phone = team.phone if team else ""
        team_email = team.email if team else ""
        worker = Worker(
            name=(worker_user.display_name or worker_user.username) if worker_user else "",
            phone=team_phone,
            email=team_email,
        )
        letterhead = Letterhead(
            team_name=team.name if team else "Youth Offending Team",
            address_lines=tuple(_lines(team.address)) if team else (),
            phone=team_phone,
            email=team_email,
        )
        young = Person(
            first_name=person.first_name,
            last_name=person.last_name,
            date_of_birth=person.date_of_birth,
            age=age,
            preferred_name=person.preferred_name or None,
        )
        recipient = self._recipient(s, referral, person, young, letter_type, audience, scheme)
        chooser = chooser or WordingChooser(s)
        # A manager edits the police letter's wording as one reader's (the editor's first).
        key = TemplateKey(letter_type, Audience.PARENT if police else audience, easy_read)
        preferred = self._preferred_language(s, person, letter_type, audience)
        key = replace(key, language=chooser.language(key, preferred))
        edited = chooser.edited(key)

        sessions = self._sessions(s, referral.id)
        chosen = None
        if request.session_id is not None:
            chosen = next((x for x, sid in sessions if sid == request.session_id), None)
        lines = tuple(x for x, _ in sessions if x.attendance is not Attendance.RESCHEDULED)
        upcoming = [
            x for x in lines if x.attendance in (None, Attendance.PLANNED) and x.date >= today
        ]
        next_appointment = chosen if chosen is not None else (upcoming[0] if upcoming else None)
        missed = [x.date for x in lines if x.attendance is Attendance.DID_NOT_ATTEND]
        missed_date = (
            chosen.date
            if chosen is not None and chosen.attendance is Attendance.DID_NOT_ATTEND
            else (missed[-1] if missed else None)
        )
        programme = s.scalar(select(Programme).where(Programme.referral_id == referral.id))
        completion_date = None
        if programme is not None and programme.closed_at is not None:
            completion_date = programme.closed_at.date()
        elif referral.status == ReferralStatus.COMPLETED.value:
            completion_date = referral.updated_at.date()
        return LetterContext(
            letter_type=letter_type,
            audience=audience,
            scheme_name=scheme.name,
            scheme_model=SchemeModel(scheme.model),
            second_chance=scheme.second_chance,
            crime_reference=referral.crime_reference,
            person_reference=person.person_ref,
            person=young,
            recipient=recipient,
            letterhead=letterhead,
            worker=worker,
            letter_date=today,
            easy_read=easy_read,
            large_print=request.large_print,
            provider=scheme.provider,
            sessions_required=scheme.sessions_required,
            session_minutes=scheme.session_minutes,
            absence_limit=scheme.absence_limit,
            referral_date=referral.referral_date,
            offence_date=referral.offence_date,
            sessions=tuple(x for x in lines if x.attendance is not Attendance.CANCELLED_BY_SERVICE),
            next_appointment=next_appointment,
            missed_date=missed_date,
            deadline=programme.deadline if programme is not None else None,
            reply_by=rules.reply_by(today, calendar),
            call_by=rules.call_by(today, calendar),
            completion_date=completion_date,
            not_eligible_reasons=reasons_from_text(referral.eligibility_reasons),
            outcome=self._outcome(referral.status),
            outcome_code=rules.reported_outcome_code(
                status, referral.outcome_code, scheme.outcome_code
            ),
            finished=rules.programme_finished(status),
            officer_name=referral.referring_officer,
            attendance=self._summary(s, referral.id, scheme.sessions_required),
            language=key.language,
            edited=edited,
        )

    @staticmethod
    def _main_carer(s: Session, person: YoungPerson) -> Carer | None:
        carers = s.scalars(
            select(Carer).where(Carer.young_person_id == person.id).order_by(Carer.id)
        ).all()
        return next((c for c in carers if c.parental_responsibility), None) or (
            carers[0] if carers else None
        )

    def _preferred_language(
        self, s: Session, person: YoungPerson, letter_type: LetterType, audience: Audience
    ) -> str:
        """The reader's language as recorded: the parent or carer's preferred language, or
        the young person's first language. Letters to the police are in English."""
        if letter_type is LetterType.POLICE_OUTCOME:
            return ""
        if audience is Audience.YOUNG_PERSON:
            return person.first_language or ""
        main = self._main_carer(s, person)
        return main.preferred_language if main is not None else ""

    @staticmethod
    def _outcome(status: str) -> str:
        return {
            ReferralStatus.COMPLETED.value: "Completed the diversion programme",
            ReferralStatus.NOT_ENGAGED.value: "Did not engage with the diversion programme",
            ReferralStatus.WITHDRAWN.value: "Withdrawn from the diversion programme",
            ReferralStatus.DECLINED.value: "Declined the diversion programme",
        }.get(status, ReferralStatus(status).label)

    def _recipient(
        self,
        s: Session,
        referral: Referral,
        person: YoungPerson,
        young: Person,
        letter_type: LetterType,
        audience: Audience,
        scheme: Scheme,
    ) -> Recipient:
        child_lines = [
            x for x in (person.address_line_1, person.address_line_2, person.town) if x.strip()
        ]
        if letter_type is LetterType.POLICE_OUTCOME:
            force = force_for(scheme.area)
            if force is None:
                return Recipient(referral.referring_officer or "The referring officer", (), "")
            return Recipient(
                referral.referring_officer or "The referring officer",
                (force.name, *force.address_lines),
                force.postcode,
            )
        if audience is Audience.YOUNG_PERSON:
            return Recipient(young.full_name, tuple(child_lines), person.postcode)
        main = self._main_carer(s, person)
        name = main.name if main is not None else "Parent or carer"
        if main is not None and main.address.strip():
            carer_lines, postcode = _address(_lines(main.address))
            return Recipient(name, carer_lines, postcode)
        return Recipient(name, tuple(child_lines), person.postcode)

    @staticmethod
    def _sessions(s: Session, referral_id: int) -> list[tuple[SessionLine, int]]:
        rows = s.scalars(
            select(ProgrammeSession)
            .where(ProgrammeSession.referral_id == referral_id)
            .order_by(ProgrammeSession.starts_at, ProgrammeSession.id)
        ).all()
        labels = catalogue_labels(s)
        names = worker_names(s, [r.worker_id for r in rows])
        places = venue_places(s, [r.venue_id for r in rows])
        return [
            (
                SessionLine(
                    date=r.starts_at.date(),
                    start=r.starts_at.time(),
                    minutes=r.minutes,
                    venue=Venue(r.venue),
                    place=r.venue_name,
                    worker=names.get(r.worker_id, "") if r.worker_id else "",
                    title=labels.get(r.intervention, r.intervention),
                    attendance=Attendance(r.status),
                    where=places.get(r.venue_id) if r.venue_id is not None else None,
                ),
                r.id,
            )
            for r in rows
        ]

    @staticmethod
    def _summary(s: Session, referral_id: int, required: int) -> AttendanceSummary:
        rows = s.execute(
            select(
                ProgrammeSession.intervention,
                ProgrammeSession.status,
                ProgrammeSession.evidence_received,
            ).where(ProgrammeSession.referral_id == referral_id)
        ).all()
        attended = late = dna = unexplained = cancelled = 0
        for intervention, status, evidence in rows:
            if status in (Attendance.ATTENDED.value, Attendance.LATE.value):
                if intervention != ASSESSMENT:
                    attended += 1
                late += status == Attendance.LATE.value
            elif status == Attendance.DID_NOT_ATTEND.value:
                dna += 1
                unexplained += not evidence
            elif status in (
                Attendance.CANCELLED_BY_SERVICE.value,
                Attendance.CANCELLED_BY_YOUNG_PERSON.value,
            ):
                cancelled += 1
        return AttendanceSummary(required, attended, late, dna, unexplained, cancelled)

    # --- making letters ------------------------------------------------------------------
    def preview(self, user: CurrentUser, request: LetterRequest) -> bytes:
        """The letter as PDF bytes, not recorded (for the preview pane)."""
        self.ctx.require(user, Permission.PRINT_LETTERS, "preview_letter")
        with self.ctx.uow() as uow:
            ctx = self._context(uow.session, user, request)
            # A preview shows the child's record: a view, audited like one.
            s, kind = uow.session, ctx.letter_type.value
            self.ctx.audit(s, user, "preview_letter", "referral", request.referral_id, detail=kind)
            uow.commit()
        out = io.BytesIO()
        render_letter(ctx, out)
        return out.getvalue()

    def make(
        self, user: CurrentUser, request: LetterRequest, out: Path | None = None
    ) -> MadeLetter:
        """Render the letter and keep it in the letter history (bytes and checksum). With
        `out`, the PDF is written there first: recorded only once the file is whole."""
        self.ctx.require(user, Permission.PRINT_LETTERS, "make_letter")
        with self.ctx.uow() as uow:
            s = uow.session
            ctx = self._context(s, user, request)
            buffer = io.BytesIO()
            render_letter(ctx, buffer)
            pdf = buffer.getvalue()
            record = self._record(s, user, request, ctx, pdf)
            self.ctx.audit(
                s, user, "make_letter", "letter", record.id, detail=ctx.letter_type.value
            )
            if out is not None:
                write_atomically(out, pdf)
            try:
                uow.commit()
            except BaseException:
                if out is not None:
                    discard(out)
                raise
            crime_ref = ctx.crime_reference
        return MadeLetter(_record_row(record, crime_ref), pdf, letter_warnings(ctx))

    def make_by_reference(
        self,
        user: CurrentUser,
        crime_reference: str,
        letter_type: LetterType,
        audience: Audience | None = None,
        easy_read: bool | None = None,
        large_print: bool = False,
        out: Path | None = None,
    ) -> MadeLetter:
        self.ctx.require(user, Permission.PRINT_LETTERS, "make_letter")
        with self.ctx.uow() as uow:
            referral = find_referral(uow.session, user, crime_reference)
            if referral is None:
                raise NotFound(
                    f"Crime reference: there is no referral {crime_reference.strip()} in your team"
                )
            referral_id = referral.id
        return self.make(
            user, LetterRequest(referral_id, letter_type, audience, easy_read, large_print), out
        )

    def _record(
        self,
        s: Session,
        user: CurrentUser,
        request: LetterRequest,
        ctx: LetterContext,
        pdf: bytes,
    ) -> LetterRecord:
        record = LetterRecord(
            referral_id=request.referral_id,
            letter_type=ctx.letter_type.value,
            audience=ctx.audience.value,
            easy_read=ctx.easy_read,
            large_print=ctx.large_print,
            created_at=self.ctx.clock(),
            created_by=user.username,
            sent_by="",
            sent_method="",
            sha256=checksum(pdf),
            size=len(pdf),
            pdf=pdf,
            session_id=request.session_id,
            queue_item_id=request.queue_item_id,
            language=ctx.language,
            template_version=ctx.edited.version if ctx.edited is not None else None,
            accessible_html=accessible_html(ctx),
        )
        s.add(record)
        if request.queue_item_id is not None:
            queued = s.get(LetterDue, request.queue_item_id)
            if queued is not None and queued.status == "due":
                queued.status = "made"
        s.flush()
        return record

    # --- what is due ---------------------------------------------------------------------
    def due(
        self,
        user: CurrentUser,
        first: date | None = None,
        last: date | None = None,
        letter_type: LetterType | None = None,
    ) -> tuple[LetterDueItem, ...]:
        """Letters waiting: the delivery queue (decisions, absences, outcomes) and reminders
        for sessions booked between `first` and `last` (default: the next week) that have not
        had one. Queue items count by their session's date, else the day they were queued."""
        self.ctx.require(user, Permission.PRINT_LETTERS, "view_letters_due")
        today = self.ctx.clock().date()
        with self.ctx.uow() as uow:
            return self._due(uow.session, user, today, first, last, letter_type)

    def _due(
        self,
        s: Session,
        user: CurrentUser,
        today: date,
        first: date | None,
        last: date | None,
        letter_type: LetterType | None,
    ) -> tuple[LetterDueItem, ...]:
        out: list[LetterDueItem] = []
        stmt = referral_scope(
            user,
            select(LetterDue, Referral.crime_reference, YoungPerson, ProgrammeSession.starts_at)
            .join(Referral, Referral.id == LetterDue.referral_id)
            .join(YoungPerson, YoungPerson.id == Referral.young_person_id)
            .outerjoin(ProgrammeSession, ProgrammeSession.id == LetterDue.session_id)
            .where(LetterDue.status == "due"),
        )
        if letter_type is not None:
            stmt = stmt.where(LetterDue.letter_type == letter_type.value)
        for q, ref, yp, starts in s.execute(stmt.order_by(LetterDue.id)):
            try:
                kind = LetterType(q.letter_type)
            except ValueError:
                continue
            when = starts.date() if starts is not None else q.created_at.date()
            if (first is not None and when < first) or (last is not None and when > last):
                continue
            out.append(
                LetterDueItem(
                    f"q{q.id}",
                    q.referral_id,
                    ref,
                    yp.id,
                    person_name(yp.first_name, yp.last_name),
                    kind,
                    when,
                    "queue",
                    q.id,
                    q.session_id,
                )
            )
        if letter_type in (None, LetterType.REMINDER):
            lo = first if first is not None else today
            hi = last if last is not None else today + timedelta(days=REMINDER_DAYS)
            start, end = day_bounds(lo, hi)
            reminded = select(LetterRecord.session_id).where(
                LetterRecord.letter_type == LetterType.REMINDER.value,
                LetterRecord.session_id.is_not(None),
            )
            queued = {i.session_id for i in out if i.letter_type is LetterType.REMINDER}
            booked = referral_scope(
                user,
                select(ProgrammeSession, Referral.crime_reference, YoungPerson)
                .join(Referral, Referral.id == ProgrammeSession.referral_id)
                .join(YoungPerson, YoungPerson.id == Referral.young_person_id)
                .where(
                    ProgrammeSession.starts_at >= start,
                    ProgrammeSession.starts_at < end,
                    ProgrammeSession.status == Attendance.PLANNED.value,
                    ProgrammeSession.id.not_in(reminded),
                ),
            ).order_by(ProgrammeSession.starts_at, ProgrammeSession.id)
            for sess, ref, yp in s.execute(booked):
                if sess.id in queued:
                    continue
                out.append(
                    LetterDueItem(
                        f"s{sess.id}",
                        sess.referral_id,
                        ref,
                        yp.id,
                        person_name(yp.first_name, yp.last_name),
                        LetterType.REMINDER,
                        sess.starts_at.date(),
                        "booking",
                        None,
                        sess.id,
                    )
                )
        out.sort(key=lambda i: (i.due_for, i.crime_reference, i.letter_type.value))
        return tuple(out)

    # --- batches -------------------------------------------------------------------------
    def batch(
        self,
        user: CurrentUser,
        letter_type: LetterType | None,
        first: date,
        last: date,
        progress: BatchProgress | None = None,
        items: Iterable[LetterDueItem] | None = None,
        options: tuple[Audience | None, bool | None, bool] | None = None,
        out: Path | None = None,
    ) -> BatchResult:
        """Every letter of `letter_type` (None: every type) due for sessions or events from
        `first` to `last`, in one PDF, each letter recorded in the history with its own bytes.
        `progress(done, total)` returning False cancels: `Cancelled`, nothing recorded.
        `items` (from `due`) replaces the search; `options` (audience, easy read, large print)
        apply to every letter. With `out`, the PDF is written there (whole, or not at all)
        before the letters are recorded: if it cannot be written, nothing is recorded and the
        letters stay due (`OutputNotWritten`)."""
        self.ctx.require(user, Permission.PRINT_LETTERS, "letter_batch")
        if last < first:
            raise ValidationError(FieldProblem("To date", "the end date is before the start date"))
        today = self.ctx.clock().date()
        with self.ctx.uow() as uow:
            s = uow.session
            wanted = (
                tuple(items)
                if items is not None
                else self._due(s, user, today, first, last, letter_type)
            )
            if not wanted:
                return BatchResult(0, b"", ())
            requests = [
                i.request if options is None else with_options(i.request, *options) for i in wanted
            ]
            chooser = WordingChooser(s)
            contexts = [(r, self._context(s, user, r, chooser)) for r in requests]
            total = len(contexts) * 2
            # Each letter's own document goes into the history (in this transaction, so a
            # cancel records nothing) as soon as it is made: no copy of it is kept here, and
            # memory does not grow with the batch.
            ids: list[int] = []
            for n, (request, ctx) in enumerate(contexts, start=1):
                one = io.BytesIO()
                render_letter(ctx, one)
                record = self._record(s, user, request, ctx, one.getvalue())
                ids.append(record.id)
                s.expunge(record)
                del one, record
                if progress is not None and progress(n, total) is False:
                    raise Cancelled(n)
            combined = io.BytesIO()
            half = len(contexts)

            def step(done: int) -> bool:
                if progress is None:
                    return True
                return progress(half + done, total) is not False

            render_batch((c for _i, c in contexts), combined, step)
            self.ctx.audit(
                s,
                user,
                "letter_batch",
                "letter",
                None,
                detail=f"{letter_type.value if letter_type else 'all'} x{len(ids)}",
            )
            if out is not None:
                write_atomically(out, combined.getvalue())  # first the file, then the record
            try:
                uow.commit()
            except BaseException:
                if out is not None:
                    discard(out)  # no file that the history does not know about
                raise
        return BatchResult(len(ids), combined.getvalue(), tuple(ids))

    # --- history -------------------------------------------------------------------------
    def history(
        self, user: CurrentUser, young_person_id: int | None = None, referral_id: int | None = None
    ) -> tuple[LetterRecordRow, ...]:
        """The letters made for a young person (or one referral), newest first."""
        self.ctx.require(user, Permission.PRINT_LETTERS, "letter_history")
        stmt = referral_scope(
            user,
            select(LetterRecord, Referral.crime_reference).join(
                Referral, Referral.id == LetterRecord.referral_id
            ),
        )
        if young_person_id is not None:
            stmt = stmt.where(Referral.young_person_id == young_person_id)
        if referral_id is not None:
            stmt = stmt.where(Referral.id == referral_id)
        with self.ctx.uow() as uow:
            rows = uow.session.execute(
                stmt.order_by(LetterRecord.created_at.desc(), LetterRecord.id.desc())
            )
            return tuple(_record_row(r, ref) for r, ref in rows)

    def _load(self, s: Session, user: CurrentUser, record_id: int) -> tuple[LetterRecord, str]:
        found = s.execute(
            referral_scope(
                user,
                select(LetterRecord, Referral.crime_reference)
                .join(Referral, Referral.id == LetterRecord.referral_id)
                .where(LetterRecord.id == record_id),
            )
        ).first()
        if found is None:
            raise NotFound("This letter does not exist or is not in your team.")
        return found[0], found[1]

    def reopen(self, user: CurrentUser, record_id: int) -> bytes:
        """The exact bytes kept, after checking them against their checksum."""
        self.ctx.require(user, Permission.PRINT_LETTERS, "reopen_letter")
        with self.ctx.uow() as uow:
            s = uow.session
            record, _ref = self._load(s, user, record_id)
            pdf = bytes(record.pdf)
            if checksum(pdf) != record.sha256:
                self.ctx.audit(s, user, "reopen_letter", "letter", record_id, outcome="failed")
                uow.commit()
                raise ValidationError(
                    FieldProblem(
                        "letter",
                        "the stored letter does not match its checksum; it has been "
                        "changed since it was made",
                    )
                )
            self.ctx.audit(s, user, "reopen_letter", "letter", record_id)
            uow.commit()
        return pdf

    def accessible(self, user: CurrentUser, record_id: int, plain: bool = False) -> str:
        """The letter as accessible HTML (or plain text), kept beside its PDF when it was
        made, for a reader who uses a screen reader."""
        self.ctx.require(user, Permission.PRINT_LETTERS, "reopen_letter")
        with self.ctx.uow() as uow:
            s = uow.session
            record, _ref = self._load(s, user, record_id)
            page = record.accessible_html
            if page is None:
                raise NotFound(
                    "This letter was made before letters were kept as accessible text; "
                    "make it again to get one."
                )
            self.ctx.audit(s, user, "reopen_letter", "letter", record_id, detail="text")
            uow.commit()
        return plain_text(page) if plain else page

    def warnings(self, user: CurrentUser, request: LetterRequest) -> tuple[str, ...]:
        """What the person making this letter should know first (nothing is written)."""
        return letter_warnings(self.context(user, request))

    @stale_is_conflict("letter")
    def mark_sent(
        self, user: CurrentUser, record_id: int, method: str, version: int | None = None
    ) -> LetterRecordRow:
        self.ctx.require(user, Permission.PRINT_LETTERS, "mark_letter_sent")
        if method not in SENT_METHODS:
            raise ValidationError(FieldProblem("How it was sent", "choose post, email or hand"))
        with self.ctx.uow() as uow:
            s = uow.session
            record, ref = self._load(s, user, record_id)
            if version is not None and record.version != version:
                raise ConflictError("letter", record_id)
            record.sent_at = self.ctx.clock()
            record.sent_by = user.username
            record.sent_method = method
            if record.queue_item_id is not None:
                queued = s.get(LetterDue, record.queue_item_id)
                if queued is not None:
                    queued.status = "sent"
            self.ctx.audit(s, user, "mark_letter_sent", "letter", record_id, detail=method)
            uow.commit()
            return _record_row(record, ref)


def letter_warnings(ctx: LetterContext) -> tuple[str, ...]:
    """What the person making this letter should know before posting it."""
    adult = rules.adult_parent_warning(ctx.person.age, ctx.audience, ctx.person.full_name)
    return (adult,) if adult else ()


def with_options(
    request: LetterRequest,
    audience: Audience | None,
    easy_read: bool | None,
    large_print: bool,
) -> LetterRequest:
    return replace(request, audience=audience, easy_read=easy_read, large_print=large_print)
