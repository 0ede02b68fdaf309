"""What the delivery services share: scoping, loading, calendars, rows and engagement upkeep."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta
from typing import TypeVar

from sqlalchemy import Select, func, inspect, select
from sqlalchemy.orm import Session, aliased

from yot_desktop.domain import engagement as rules
from yot_desktop.domain.attendance import ATTENDED_VALUES
from yot_desktop.domain.calendar import WorkingCalendar
from yot_desktop.domain.enums import Attendance, Engagement, ReferralStatus, Venue
from yot_desktop.domain.errors import NotFound
from yot_desktop.domain.programme import ASSESSMENT, programme_deadline
from yot_desktop.domain.scheme import SchemeRules
from yot_desktop.domain.status import check_transition
from yot_desktop.domain.validation import search_text
from yot_desktop.services.admin.schemes import rules_of
from yot_desktop.services.core import (
    ServiceContext,
    UnitOfWork,
    referral_scope,
    through_referral,
)
from yot_desktop.services.delivery.dto import (
    EngagementRow,
    ProgrammeDetail,
    ProgrammeItemRow,
    SessionRow,
)
from yot_desktop.services.dto import CurrentUser
from yot_desktop.storage.models import ProgrammeSession, Referral, Scheme, User, YoungPerson
from yot_desktop.storage.models_delivery import (
    AttendanceMarkRow,
    Intervention,
    LetterDue,
    Programme,
    ProgrammeItem,
    TeamClosure,
)
from yot_desktop.storage.models_intake import ReferralStatusChange

S = TypeVar("S", bound=Select)
ACTIVE = "active"
# A rescheduled session lives on as its replacement; it is history, not a diary entry.
NOT_IN_DIARY = (Attendance.RESCHEDULED.value,)


def load_referral(s: Session, user: CurrentUser, referral_id: int) -> Referral:
    found = s.scalar(referral_scope(user, select(Referral).where(Referral.id == referral_id)))
    if found is None:
        raise NotFound("This referral does not exist or is not in your team.")
    return found


def find_referral(s: Session, user: CurrentUser, crime_reference: str) -> Referral | None:
    ref = search_text(crime_reference)  # a NUL would fail on PostgreSQL
    return s.scalar(
        referral_scope(
            user, select(Referral).where(func.upper(Referral.crime_reference) == ref.upper())
        )
    )


def load_session(
    uow: UnitOfWork, user: CurrentUser, session_id: int, seen: int | None = None
) -> ProgrammeSession:
    """The session as the user may have it, at the version they saw (`seen`, when changing)."""
    return uow.load(
        ProgrammeSession,
        session_id,
        entity="session",
        missing="This session does not exist or is not in your team.",
        user=user,
        scope=through_referral(ProgrammeSession.referral_id),
        seen=seen,
    )


def load_programme(
    uow: UnitOfWork, user: CurrentUser, programme_id: int, seen: int | None = None
) -> Programme:
    """The programme as the user may have it, at the version they saw (`seen`, when changing)."""
    return uow.load(
        Programme,
        programme_id,
        entity="programme",
        missing="This programme does not exist or is not in your team.",
        user=user,
        scope=through_referral(Programme.referral_id),
        seen=seen,
    )


def team_calendar(s: Session, team_id: int | None) -> WorkingCalendar:
    if team_id is None:
        return WorkingCalendar()
    days = s.scalars(select(TeamClosure.day).where(TeamClosure.team_id == team_id)).all()
    return WorkingCalendar(frozenset(days))


def person_name(first: str, last: str) -> str:
    return f"{first} {last}".strip()


def record_status(
    ctx: ServiceContext,
    s: Session,
    referral: Referral,
    new: ReferralStatus,
    by: str,
    at: datetime,
    note: str = "",
) -> None:
    """Move a referral on, by the domain's rules, keeping the change in its history and in
    the audit log as referrals.change_status does: a change_status row with the status (and
    any field set on the referral before this call) before and after in audit_field_change,
    erased with the young person."""
    old = ReferralStatus(referral.status)
    check_transition(old, new)
    if inspect(referral).attrs.status.history.has_changes():
        # A second move in one transaction (received -> offered -> in programme): write the
        # first, so that each audit row holds its own before and after.
        s.flush()
    s.add(
        ReferralStatusChange(
            referral_id=referral.id,
            from_status=old.value,
            to_status=new.value,
            at=at,
            by_username=by,
            note=note,
        )
    )
    referral.status = new.value
    referral.updated_at = at
    detail = f"{old.value}>{new.value}"
    ctx.audit_changes(s, by, "change_status", referral, referral.young_person_id, detail)


def catalogue_labels(s: Session) -> dict[str, str]:
    return dict(s.execute(select(Intervention.code, Intervention.label)).all())


# --- session rows --------------------------------------------------------------------------


def session_query() -> Select:
    worker = aliased(User)
    return (
        select(
            ProgrammeSession,
            Referral.crime_reference,
            Referral.young_person_id,
            Referral.team_id,
            YoungPerson.first_name,
            YoungPerson.last_name,
            worker.display_name,
            worker.username,
        )
        .join(Referral, Referral.id == ProgrammeSession.referral_id)
        .join(YoungPerson, YoungPerson.id == Referral.young_person_id)
        .outerjoin(worker, worker.id == ProgrammeSession.worker_id)
    )


def session_rows(s: Session, stmt: Select) -> tuple[SessionRow, ...]:
    labels = catalogue_labels(s)
    out = []
    for sess, crime_ref, yp_id, team_id, first, last, w_display, w_user in s.execute(stmt):
        out.append(
            SessionRow(
                id=sess.id,
                version=sess.version,
                referral_id=sess.referral_id,
                crime_reference=crime_ref,
                young_person_id=yp_id,
                person_name=person_name(first, last),
                intervention=sess.intervention,
                intervention_label=labels.get(sess.intervention, sess.intervention),
                starts_at=sess.starts_at,
                minutes=sess.minutes,
                venue=Venue(sess.venue),
                venue_name=sess.venue_name,
                worker_id=sess.worker_id,
                worker_name=(w_display or w_user or "") if sess.worker_id else "",
                status=Attendance(sess.status),
                reason=sess.reason,
                evidence_received=sess.evidence_received,
                rescheduled_to_id=sess.rescheduled_to_id,
                team_id=team_id,
                programme_item_id=sess.programme_item_id,
                venue_id=sess.venue_id,
            )
        )
    return tuple(out)


def session_row(s: Session, session_id: int) -> SessionRow:
    return session_rows(s, session_query().where(ProgrammeSession.id == session_id))[0]


def day_bounds(first: date, last: date) -> tuple[datetime, datetime]:
    return datetime.combine(first, datetime.min.time()), datetime.combine(
        last + timedelta(days=1), datetime.min.time()
    )


# --- programmes and engagement -------------------------------------------------------------


def programme_of(s: Session, referral: Referral, by: str, at: datetime) -> Programme | None:
    """The referral's programme. A referral already in a programme before this feature (demo
    data, or older records) gets its programme row on first use, dated from its first session."""
    found = s.scalar(select(Programme).where(Programme.referral_id == referral.id))
    if found is not None or referral.status != ReferralStatus.IN_PROGRAMME.value:
        return found
    first = s.scalar(
        select(func.min(ProgrammeSession.starts_at)).where(
            ProgrammeSession.referral_id == referral.id
        )
    )
    start = first.date() if first is not None else at.date()
    scheme = rules_of(s.get_one(Scheme, referral.scheme_id))
    programme = Programme(
        referral_id=referral.id,
        start_date=start,
        deadline=programme_deadline(start, scheme, team_calendar(s, referral.team_id)),
        status=ACTIVE,
        unexplained=0,
        started_by=by,
        started_at=at,
    )
    s.add(programme)
    s.flush()
    programme.unexplained = counts(s, referral.id)[0]
    return programme


def counts(s: Session, referral_id: int) -> tuple[int, int, bool]:
    """(unexplained absences, sessions attended after the assessment, assessment attended)."""
    rows = s.execute(
        select(
            ProgrammeSession.intervention,
            ProgrammeSession.status,
            ProgrammeSession.evidence_received,
        ).where(ProgrammeSession.referral_id == referral_id)
    ).all()
    attended_values = {v.value for v in ATTENDED_VALUES}
    unexplained = sum(1 for _i, status, ev in rows if rules.is_unexplained(Attendance(status), ev))
    attended = sum(1 for i, st, _e in rows if st in attended_values and i != ASSESSMENT)
    assessment = any(i == ASSESSMENT and st in attended_values for i, st, _e in rows)
    return unexplained, attended, assessment


def decision_due(programme: Programme, unexplained: int, scheme: SchemeRules) -> bool:
    """A manager's decision is wanted once the absence limit is reached (and again after a
    decision to continue, at the next absence)."""
    if programme.status != ACTIVE:
        return False
    limit = rules.effective_limit(scheme.absence_limit)
    if programme.continued_at is not None:
        return unexplained > max(programme.continued_at, limit - 1)
    return unexplained >= limit


def update_engagement(
    s: Session,
    referral: Referral,
    programme: Programme | None,
    at: datetime,
    session_id: int | None = None,
) -> tuple[str, ...]:
    """Recount absences after marks changed; queue the letters the change calls for."""
    if programme is None or programme.status != ACTIVE:
        return ()
    scheme = rules_of(s.get_one(Scheme, referral.scheme_id))
    new, _attended, _assessment = counts(s, referral.id)
    update = rules.assess_engagement(
        programme.unexplained, new, scheme.absence_limit, True, programme.continued_at
    )
    queued = []
    for letter in update.letters:
        s.add(
            LetterDue(
                referral_id=referral.id,
                session_id=session_id,
                letter_type=letter.value,
                created_at=at,
                status="due",
            )
        )
        queued.append(letter.value)
    if programme.unexplained != new:
        programme.unexplained = new
    return tuple(queued)


def queue_letters(
    s: Session,
    referral_id: int,
    letters: Iterable[str],
    at: datetime,
    session_id: int | None = None,
) -> None:
    for letter in letters:
        s.add(
            LetterDue(
                referral_id=referral_id,
                session_id=session_id,
                letter_type=letter,
                created_at=at,
                status="due",
            )
        )


def engagement_row(s: Session, programme: Programme, referral: Referral) -> EngagementRow:
    scheme_row = s.get_one(Scheme, referral.scheme_id)
    scheme = rules_of(scheme_row)
    unexplained, attended, assessment = counts(s, referral.id)
    person = s.get_one(YoungPerson, referral.young_person_id)
    state: Engagement | None = rules.engagement_state(unexplained, scheme.absence_limit, True)
    return EngagementRow(
        programme_id=programme.id,
        programme_version=programme.version,
        referral_id=referral.id,
        crime_reference=referral.crime_reference,
        person_name=person_name(person.first_name, person.last_name),
        scheme_code=scheme.code,
        scheme_model=scheme.model.value,
        deadline=programme.deadline,
        attended=attended,
        required=scheme.sessions_required,
        unexplained=unexplained,
        absence_limit=scheme.absence_limit,
        engagement=state,
        decision_due=decision_due(programme, unexplained, scheme),
        completion_due=programme.status == ACTIVE
        and rules.completion_due(
            attended, scheme.sessions_required, assessment, scheme.assessment_required
        ),
    )


def programme_detail(s: Session, programme: Programme) -> ProgrammeDetail:
    referral = s.get_one(Referral, programme.referral_id)
    row = engagement_row(s, programme, referral)
    scheme = rules_of(s.get_one(Scheme, referral.scheme_id))
    sessions = session_rows(
        s,
        session_query()
        .where(ProgrammeSession.referral_id == referral.id)
        .order_by(ProgrammeSession.starts_at, ProgrammeSession.id),
    )
    names = worker_names(s, [i.worker_id for i in programme.items if i.worker_id])
    booked: dict[int, int] = {}
    for sess in sessions:
        if sess.status not in (Attendance.RESCHEDULED,) and sess.status not in (
            Attendance.CANCELLED_BY_SERVICE,
        ):
            key = _item_key(sess, programme.items)
            if key is not None:
                booked[key] = booked.get(key, 0) + 1
    _, _, assessment = counts(s, referral.id)
    return ProgrammeDetail(
        id=programme.id,
        version=programme.version,
        referral_id=referral.id,
        crime_reference=referral.crime_reference,
        young_person_id=referral.young_person_id,
        person_name=row.person_name,
        scheme_code=scheme.code,
        referral_status=referral.status,
        status=programme.status,
        start_date=programme.start_date,
        deadline=programme.deadline,
        items=tuple(
            ProgrammeItemRow(
                id=i.id,
                position=i.position,
                code=i.intervention_code,
                label=i.label,
                planned_count=i.planned_count,
                minutes=i.minutes,
                provider=i.provider,
                worker_id=i.worker_id,
                worker_name=names.get(i.worker_id, "") if i.worker_id else "",
                booked=booked.get(i.id, 0),
            )
            for i in programme.items
        ),
        sessions=sessions,
        sessions_required=scheme.sessions_required,
        sessions_attended=row.attended,
        assessment_required=scheme.assessment_required,
        assessment_attended=assessment,
        unexplained=row.unexplained,
        absence_limit=scheme.absence_limit,
        engagement=row.engagement,
        completion_due=row.completion_due,
        decision_due=row.decision_due,
    )


def _item_key(sess: SessionRow, items: Sequence[ProgrammeItem]) -> int | None:
    # Sessions carry their plan line; older sessions are matched by intervention code.
    if sess.programme_item_id is not None:
        return sess.programme_item_id
    for item in items:
        if item.intervention_code == sess.intervention:
            return item.id
    return None


def worker_names(s: Session, ids: Iterable[int | None]) -> dict[int, str]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    rows = s.execute(
        select(User.id, User.display_name, User.username).where(User.id.in_(wanted))
    ).all()
    return {uid: (display or username) for uid, display, username in rows}


def cancel_planned_sessions(
    s: Session, referral_id: int, by: str, now: datetime, reason: str = "The programme has ended"
) -> None:
    """Sessions still planned after a programme ends (completed, not engaged, or the referral
    withdrawn) are cancelled by the service, each with its attendance mark."""
    planned = s.scalars(
        select(ProgrammeSession).where(
            ProgrammeSession.referral_id == referral_id,
            ProgrammeSession.status == Attendance.PLANNED.value,
        )
    ).all()
    for sess in planned:
        sess.status = Attendance.CANCELLED_BY_SERVICE.value
        sess.reason = reason
        s.add(
            AttendanceMarkRow(
                session_id=sess.id,
                value=sess.status,
                reason=sess.reason,
                evidence_received=False,
                marked_by=by,
                marked_at=now,
                correction_note="",
                source="programme_closed",
            )
        )
