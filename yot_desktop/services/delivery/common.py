"""What the delivery services share: records loaded in the user's scope, the team's working
calendar, a referral's status moves and the rows of sessions."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TypeVar

from sqlalchemy import Select, func, inspect, select
from sqlalchemy.orm import Session, aliased

from yot_desktop.domain.calendar import WorkingCalendar
from yot_desktop.domain.enums import Attendance, ReferralStatus, Venue
from yot_desktop.domain.errors import NotFound
from yot_desktop.domain.status import check_transition
from yot_desktop.domain.validation import search_text
from yot_desktop.services.core import (
    ServiceContext,
    UnitOfWork,
    referral_scope,
    through_referral,
)
from yot_desktop.services.delivery.dto import (
    SessionRow,
)
from yot_desktop.services.dto import CurrentUser
from yot_desktop.storage.models import ProgrammeSession, Referral, User, YoungPerson
from yot_desktop.storage.models_delivery import (
    Intervention,
    Programme,
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
    the audit log as decisions.change_status does: a change_status row with the status (and
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
