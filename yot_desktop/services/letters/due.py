"""Which letters are waiting: the delivery queue (decisions, absences, outcomes) and reminders
for sessions booked in the coming days that have not had one."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from yot_desktop.domain.enums import Attendance, LetterType
from yot_desktop.services.delivery.common import day_bounds, person_name, referral_scope
from yot_desktop.services.dto import CurrentUser
from yot_desktop.services.letters.dto import LetterDueItem
from yot_desktop.storage.models import ProgrammeSession, Referral, YoungPerson
from yot_desktop.storage.models_delivery import LetterDue
from yot_desktop.storage.models_letters import LetterRecord

# Reminders are due for sessions booked this many days ahead.
REMINDER_DAYS = 7


def letters_due(
    s: Session,
    user: CurrentUser,
    today: date,
    first: date | None,
    last: date | None,
    letter_type: LetterType | None,
) -> tuple[LetterDueItem, ...]:
    """Queue items count by their session's date, else the day they were queued; reminders
    are for sessions booked from `first` to `last` (default: the next week)."""
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
