"""The facts of letters, read from the database in bulk (issue 13): a batch of any size reads
each table once (referrals, young people, schemes, teams, closures, staff, carers, sessions,
interventions, venues, programmes, wording), then domain/letter_facts.py chooses what each
letter prints. Nothing is written."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from yot_desktop.domain import letter_facts as facts
from yot_desktop.domain import letter_rules as rules
from yot_desktop.domain.age import age_on
from yot_desktop.domain.calendar import WorkingCalendar
from yot_desktop.domain.eligibility import reasons_from_text
from yot_desktop.domain.enums import (
    Attendance,
    Audience,
    LetterType,
    ReferralStatus,
    SchemeModel,
    Venue,
)
from yot_desktop.domain.errors import NotFound
from yot_desktop.letters import (
    AttendanceSummary,
    LetterContext,
    Letterhead,
    Person,
    Recipient,
    SessionLine,
    Worker,
)
from yot_desktop.letters.edited import TemplateKey
from yot_desktop.letters.police import force_for
from yot_desktop.services.delivery.common import catalogue_labels, referral_scope
from yot_desktop.services.delivery.venues import venue_places
from yot_desktop.services.dto import CurrentUser
from yot_desktop.services.letters.dto import LetterRequest
from yot_desktop.services.letters.templates import WordingChooser
from yot_desktop.storage.models import (
    Carer,
    ProgrammeSession,
    Referral,
    Scheme,
    Team,
    User,
    YoungPerson,
)
from yot_desktop.storage.models_delivery import Programme, TeamClosure

_T = TypeVar("_T")


class _Records:
    """Every record the letters need, each table read once, by id."""

    def __init__(self, s: Session, user: CurrentUser, referral_ids: set[int]) -> None:
        self.referrals = {
            r.id: r
            for r in s.scalars(
                referral_scope(user, select(Referral).where(Referral.id.in_(referral_ids)))
            )
        }
        refs = self.referrals.values()
        self.people = _by_id(s, YoungPerson, {r.young_person_id for r in refs})
        self.schemes = _by_id(s, Scheme, {r.scheme_id for r in refs})
        self.team_ids = {
            r.id: r.team_id or self.people[r.young_person_id].team_id or user.team_id for r in refs
        }
        wanted_teams = {t for t in self.team_ids.values() if t is not None}
        self.teams = _by_id(s, Team, wanted_teams)
        closed: dict[int, set[date]] = defaultdict(set)
        if wanted_teams:
            rows = s.execute(
                select(TeamClosure.team_id, TeamClosure.day).where(
                    TeamClosure.team_id.in_(wanted_teams)
                )
            )
            for team_id, day in rows:
                closed[team_id].add(day)
        self.calendars = {t: WorkingCalendar(frozenset(closed[t])) for t in wanted_teams}
        self.carers: dict[int, list[Carer]] = defaultdict(list)
        for c in s.scalars(
            select(Carer).where(Carer.young_person_id.in_(self.people)).order_by(Carer.id)
        ):
            self.carers[c.young_person_id].append(c)
        self.sessions: dict[int, list[ProgrammeSession]] = defaultdict(list)
        for x in s.scalars(
            select(ProgrammeSession)
            .where(ProgrammeSession.referral_id.in_(self.referrals))
            .order_by(ProgrammeSession.starts_at, ProgrammeSession.id)
        ):
            self.sessions[x.referral_id].append(x)
        booked = [x for rows in self.sessions.values() for x in rows]
        staff = {r.worker_id for r in refs} | {x.worker_id for x in booked} | {user.id}
        self.users = _by_id(s, User, {i for i in staff if i is not None})
        self.labels = catalogue_labels(s) if booked else {}
        self.places = venue_places(s, [x.venue_id for x in booked])
        self.programmes = {
            p.referral_id: p
            for p in s.scalars(select(Programme).where(Programme.referral_id.in_(self.referrals)))
        }


def _by_id(s: Session, model: type[_T], ids: set[int]) -> dict[int, _T]:
    if not ids:
        return {}
    return {r.id: r for r in s.scalars(select(model).where(model.id.in_(ids)))}  # type: ignore[attr-defined]


def load_contexts(
    s: Session,
    user: CurrentUser,
    requests: Sequence[LetterRequest],
    today: date,
    chooser: WordingChooser | None = None,
) -> list[LetterContext]:
    """The facts of each letter asked for, in order. A referral the user may not see (or that
    does not exist) refuses the whole lot with NotFound."""
    records = _Records(s, user, {r.referral_id for r in requests})
    chooser = chooser or WordingChooser(s)
    return [_context(records, user, r, today, chooser) for r in requests]


def _context(
    db: _Records,
    user: CurrentUser,
    request: LetterRequest,
    today: date,
    chooser: WordingChooser,
) -> LetterContext:
    referral = db.referrals.get(request.referral_id)
    if referral is None:
        raise NotFound("This referral does not exist or is not in your team.")
    person = db.people[referral.young_person_id]
    scheme = db.schemes[referral.scheme_id]
    team_id = db.team_ids[referral.id]
    team = db.teams.get(team_id) if team_id is not None else None
    letter_type = request.letter_type
    police = letter_type is LetterType.POLICE_OUTCOME
    age = age_on(person.date_of_birth, today)
    audience = facts.audience(letter_type, request.audience, age)
    needs = facts.has_needs(person.communication_needs, person.send_needs)
    easy_read = facts.easy_read(letter_type, audience, request.easy_read, age, needs)
    calendar = db.calendars.get(team_id, WorkingCalendar()) if team_id else WorkingCalendar()
    status = ReferralStatus(referral.status)

    worker_user = db.users.get(referral.worker_id) if referral.worker_id else None
    if worker_user is None:
        worker_user = db.users.get(user.id)
    team_phone = team.phone if team else ""
    team_email = team.email if team else ""
    worker = Worker(
        name=(worker_user.display_name or worker_user.username) if worker_user else "",
        phone=team_phone,
        email=team_email,
    )
    letterhead = Letterhead(
        team_name=team.name if team else "Youth Offending Team",
        address_lines=tuple(facts.address_lines(team.address)) if team else (),
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
    carer = facts.main_carer(db.carers[person.id])
    recipient = _recipient(referral, person, young, letter_type, audience, scheme, carer)
    # A manager edits the police letter's wording as one reader's (the editor's first).
    key = TemplateKey(letter_type, Audience.PARENT if police else audience, easy_read)
    preferred = facts.preferred_language(
        letter_type,
        audience,
        person.first_language,
        carer.preferred_language if carer is not None else None,
    )
    key = replace(key, language=chooser.language(key, preferred))

    rows = db.sessions[referral.id]
    booked = [
        facts.Booked(x.id, x.starts_at.date(), Attendance(x.status), x.intervention,
                     x.evidence_received)
        for x in rows
    ]  # fmt: skip
    chosen = facts.appointments(booked, today, request.session_id)
    lines = {x.id: _line(db, x) for x in rows}
    counts = facts.attendance_counts(booked)
    programme = db.programmes.get(referral.id)
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
        sessions=tuple(lines[i] for i in (chosen.listed if police else chosen.coming)),
        next_appointment=(
            lines[chosen.next_appointment] if chosen.next_appointment is not None else None
        ),
        missed_date=chosen.missed_date,
        deadline=programme.deadline if programme is not None else None,
        reply_by=rules.reply_by(today, calendar),
        arrives_by=rules.arrives_on(today, calendar),
        call_by=rules.call_by(today, calendar),
        completion_date=facts.completion_date(
            status, programme.closed_at if programme is not None else None, referral.updated_at
        ),
        not_eligible_reasons=reasons_from_text(referral.eligibility_reasons),
        outcome=facts.outcome_text(status),
        outcome_code=rules.reported_outcome_code(
            status, referral.outcome_code, scheme.outcome_code
        ),
        finished=rules.programme_finished(status),
        officer_name=referral.referring_officer,
        attendance=AttendanceSummary(
            scheme.sessions_required,
            counts.attended,
            counts.late,
            counts.did_not_attend,
            counts.unexplained,
            counts.cancelled,
        ),
        language=key.language,
        edited=chooser.edited(key),
    )


def _line(db: _Records, x: ProgrammeSession) -> SessionLine:
    worker = db.users.get(x.worker_id) if x.worker_id else None
    return SessionLine(
        date=x.starts_at.date(),
        start=x.starts_at.time(),
        minutes=x.minutes,
        venue=Venue(x.venue),
        place=x.venue_name,
        worker=(worker.display_name or worker.username) if worker is not None else "",
        title=db.labels.get(x.intervention, x.intervention),
        attendance=Attendance(x.status),
        where=db.places.get(x.venue_id) if x.venue_id is not None else None,
    )


def _recipient(
    referral: Referral,
    person: YoungPerson,
    young: Person,
    letter_type: LetterType,
    audience: Audience,
    scheme: Scheme,
    carer: Carer | None,
) -> Recipient:
    child_lines = [
        x for x in (person.address_line_1, person.address_line_2, person.town) if x.strip()
    ]
    if letter_type is LetterType.POLICE_OUTCOME:
        officer = referral.referring_officer or "The referring officer"
        force = force_for(scheme.area)
        if force is None:
            return Recipient(officer, (), "")
        return Recipient(officer, (force.name, *force.address_lines), force.postcode)
    if audience is Audience.YOUNG_PERSON:
        return Recipient(young.full_name, tuple(child_lines), person.postcode)
    name = carer.name if carer is not None else "Parent or carer"
    if carer is not None and carer.address.strip():
        carer_lines, postcode = facts.split_address(carer.address)
        return Recipient(name, carer_lines, postcode)
    return Recipient(name, tuple(child_lines), person.postcode)
