"""The dates retention reasons from: the latest action of each kind on each person's records.

A handful of grouped queries over the whole database (no per-person round trips), so the
review list stays quick on a large caseload.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from datetime import date, datetime
from typing import Any, NamedTuple

from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.orm import Session

from yot_desktop.domain.enums import ReferralStatus
from yot_desktop.domain.retention import OPEN_STATUSES, LastAction, RetentionFacts
from yot_desktop.storage.models import ProgrammeSession, Referral, YoungPerson
from yot_desktop.storage.models_delivery import AttendanceMarkRow, Programme
from yot_desktop.storage.models_intake import Consent, CrafftScreening, ReferralStatusChange
from yot_desktop.storage.models_letters import LetterRecord

R = Referral
PERSON = R.young_person_id


Query = tuple[str, Any, Select[Any]]


def _latest_queries() -> list[Query]:
    """(what, person column, select person id and latest date) for every kind of action."""

    def by_referral(what: str, column: Any, *joins: Any) -> Query:
        stmt = select(PERSON, func.max(column)).select_from(R)
        for target, on in joins:
            stmt = stmt.join(target, on)
        return what, PERSON, stmt.group_by(PERSON)

    return [
        ("record changed", YoungPerson.id, select(YoungPerson.id, YoungPerson.updated_at)),
        by_referral("referral received", R.referral_date),
        by_referral("referral changed", R.updated_at),
        by_referral("police told the outcome", R.police_informed_on),
        by_referral(
            "session",
            ProgrammeSession.starts_at,
            (ProgrammeSession, ProgrammeSession.referral_id == R.id),
        ),
        by_referral(
            "attendance recorded",
            AttendanceMarkRow.marked_at,
            (ProgrammeSession, ProgrammeSession.referral_id == R.id),
            (AttendanceMarkRow, AttendanceMarkRow.session_id == ProgrammeSession.id),
        ),
        by_referral(
            "status changed",
            ReferralStatusChange.at,
            (ReferralStatusChange, ReferralStatusChange.referral_id == R.id),
        ),
        by_referral(
            "letter made", LetterRecord.created_at, (LetterRecord, LetterRecord.referral_id == R.id)
        ),
        by_referral(
            "letter sent", LetterRecord.sent_at, (LetterRecord, LetterRecord.referral_id == R.id)
        ),
        by_referral(
            "programme closed", Programme.closed_at, (Programme, Programme.referral_id == R.id)
        ),
        by_referral("consent recorded", Consent.taken_on, (Consent, Consent.referral_id == R.id)),
        (
            "screening",
            CrafftScreening.young_person_id,
            select(CrafftScreening.young_person_id, func.max(CrafftScreening.screened_on)).group_by(
                CrafftScreening.young_person_id
            ),
        ),
    ]


def _as_date(value: object) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str) and value:  # SQLite's max() over a date column gives text
        return datetime.fromisoformat(value).date()
    return None


class Person(NamedTuple):
    """What the review list shows of a person (light: a large caseload loads quickly)."""

    id: int
    person_ref: str
    first_name: str
    preferred_name: str
    last_name: str
    date_of_birth: date
    version: int


def gather_facts(
    s: Session, person_ids: Collection[int] | None = None
) -> dict[int, tuple[RetentionFacts, Person]]:
    """Facts for every person shown in lists (not records merged into another), or for the
    given ids. Each comes with the person's names, reference and version."""
    where: list[ColumnElement[bool]] = [YoungPerson.merged_into_id.is_(None)]
    if person_ids is not None:
        where = [YoungPerson.id.in_(sorted(person_ids))]
    y = YoungPerson
    columns = (y.id, y.person_ref, y.first_name, y.preferred_name, y.last_name, y.date_of_birth)
    people = {row[0]: Person(*row) for row in s.execute(select(*columns, y.version).where(*where))}
    actions: dict[int, list[LastAction]] = defaultdict(list)
    for what, person, stmt in _latest_queries():
        if person_ids is not None:
            stmt = stmt.where(person.in_(sorted(person_ids)))
        for row in s.execute(stmt):
            pid, value = tuple(row)
            when = _as_date(value)
            if pid in people and when is not None:
                actions[pid].append(LastAction(when, what))
    open_: dict[int, list[ReferralStatus]] = defaultdict(list)
    open_stmt = select(PERSON, R.status).where(R.status.in_([st.value for st in OPEN_STATUSES]))
    if person_ids is not None:
        open_stmt = open_stmt.where(PERSON.in_(sorted(person_ids)))
    for pid, status in s.execute(open_stmt):
        if pid in people:
            open_[pid].append(ReferralStatus(status))
    return {
        pid: (
            RetentionFacts(p.date_of_birth, tuple(actions[pid]), tuple(open_[pid])),
            p,
        )
        for pid, p in people.items()
    }
