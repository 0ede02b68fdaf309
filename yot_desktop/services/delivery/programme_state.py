"""One programme's state: its row, opened when the referral moves into a programme; its
counts and engagement; its detail for the screen; its diary cleared when it ends."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from yot_desktop.domain import engagement as rules
from yot_desktop.domain.attendance import ATTENDED_VALUES
from yot_desktop.domain.enums import Attendance, Engagement
from yot_desktop.domain.programme import ASSESSMENT, programme_deadline
from yot_desktop.domain.scheme import SchemeRules
from yot_desktop.services.admin.schemes import rules_of
from yot_desktop.services.delivery.common import (
    ACTIVE,
    person_name,
    session_query,
    session_rows,
    team_calendar,
)
from yot_desktop.services.delivery.dto import (
    EngagementRow,
    ProgrammeDetail,
    ProgrammeItemRow,
    SessionRow,
)
from yot_desktop.storage.models import ProgrammeSession, Referral, Scheme, User, YoungPerson
from yot_desktop.storage.models_delivery import (
    AttendanceMarkRow,
    LetterDue,
    Programme,
    ProgrammeItem,
)


def programme_of(s: Session, referral: Referral) -> Programme | None:
    """The referral's programme, if it has one (every referral in a programme has one)."""
    return s.scalar(select(Programme).where(Programme.referral_id == referral.id))


def open_programme(s: Session, referral: Referral, by: str, at: datetime) -> Programme:
    """The programme row of a referral moved into a programme by hand (not by starting the
    standard programme): dated from its first session when it has one, else from `at`, with
    no plan lines. Its absences so far are the starting count: no letters for the past."""
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
        unexplained=counts(s, referral.id)[0],
        started_by=by,
        started_at=at,
    )
    s.add(programme)
    s.flush()
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
