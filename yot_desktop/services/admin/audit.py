"""The audit trail: reading it with filters, a row's field changes, and CSV export (issue 7).

Only administrators read the audit trail, and every reading is itself audited (the filters in
the detail, never personal data). Before and after values of edits are shown one row at a time
and that viewing is audited too.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, fields
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, func, or_, select
from sqlalchemy.orm import Session

from yot_desktop.domain.audit_chain import ChainReport
from yot_desktop.domain.enums import Role
from yot_desktop.domain.errors import FieldProblem, NotFound, ValidationError
from yot_desktop.domain.permissions import Permission
from yot_desktop.domain.validation import search_text
from yot_desktop.services.admin.audit_csv import AuditTuple, write_audit_csv
from yot_desktop.services.admin.audit_guard import audit_guard_warning
from yot_desktop.services.admin.audit_verify import verify_chain
from yot_desktop.services.core import ServiceContext, referral_scope
from yot_desktop.services.dto import CurrentUser, Page
from yot_desktop.storage.models import (
    AuditEntry,
    Carer,
    ProgrammeSession,
    Referral,
    User,
    YoungPerson,
)
from yot_desktop.storage.models_audit import AuditFieldChange
from yot_desktop.storage.models_delivery import Programme
from yot_desktop.storage.models_letters import LetterRecord

PAGE_SIZE = 200
EXPORT_CHUNK = 2000
OUTCOMES = ("ok", "failed", "locked", "refused", "not_found")
# What the Letters screen reports when a letter leaves the application.
LETTER_OUTPUTS = frozenset({"print_letter", "save_letter"})


@dataclass(frozen=True)
class AuditFilter:
    """What to show; empty means any. `reference` is a young person's or a crime reference."""

    date_from: date | None = None
    date_to: date | None = None
    username: str = ""
    action: str = ""
    entity: str = ""
    entity_id: int | None = None
    outcome: str = ""
    reference: str = ""

    def summary(self) -> str:
        """The filters set, for the audit detail (references and names of staff only)."""
        parts = []
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, str):  # no control character may reach the audit detail
                value = search_text(value)
            if value not in (None, ""):
                parts.append(f"{f.name}={value}")
        return " ".join(parts)


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: datetime
    username: str
    action: str
    entity: str
    entity_id: int | None
    outcome: str
    detail: str
    changes: int  # how many field changes (before and after values) the row has
    reference: str = ""  # the young person's or crime reference, while the record exists


@dataclass(frozen=True)
class FieldChangeRow:
    field: str
    before: str | None
    after: str | None


@dataclass(frozen=True)
class AuditChoices:
    """The values present, for the filter lists."""

    usernames: tuple[str, ...]
    actions: tuple[str, ...]
    entities: tuple[str, ...]
    outcomes: tuple[str, ...]


class AuditService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def search(
        self,
        user: CurrentUser,
        filters: AuditFilter | None = None,
        offset: int = 0,
        limit: int = PAGE_SIZE,
    ) -> Page[AuditRow]:
        """Audit rows matching the filters, newest first, one page at a time."""
        self.ctx.require(user, Permission.VIEW_AUDIT, "view_audit")
        filters = filters or AuditFilter()
        with self.ctx.uow() as uow:
            s = uow.session
            conditions = _conditions(s, filters)
            counted = select(func.count()).select_from(AuditEntry).where(*conditions)
            total = s.scalar(counted) or 0
            changes = (
                select(func.count())
                .where(AuditFieldChange.audit_id == AuditEntry.id)
                .correlate(AuditEntry)
                .scalar_subquery()
            )
            found = s.execute(
                select(AuditEntry, changes)
                .where(*conditions)
                .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
                .offset(offset)
                .limit(limit)
            ).all()
            refs = _references(s, [entry for entry, _count in found])
            rows = tuple(
                _row(entry, count, refs.get((entry.entity, entry.entity_id), ""))
                for entry, count in found
            )
            if offset == 0:  # one record per search, not one per page scrolled
                self.ctx.audit(s, user, "view_audit", "audit", detail=filters.summary())
            uow.commit()
        return Page(rows, offset, total)

    def changes(self, user: CurrentUser, audit_id: int) -> tuple[FieldChangeRow, ...]:
        """The before and after values behind one audit row (personal data: audited)."""
        self.ctx.require(user, Permission.VIEW_AUDIT, "view_audit_changes")
        with self.ctx.uow() as uow:
            s = uow.session
            if s.get(AuditEntry, audit_id) is None:
                raise NotFound("This audit record does not exist.")
            found = s.scalars(
                select(AuditFieldChange)
                .where(AuditFieldChange.audit_id == audit_id)
                .order_by(AuditFieldChange.id)
            ).all()
            rows = tuple(FieldChangeRow(c.field, c.before, c.after) for c in found)
            if rows:
                self.ctx.audit(s, user, "view_audit_changes", "audit", audit_id)
                uow.commit()
        return rows

    def choices(self, user: CurrentUser) -> AuditChoices:
        """Staff accounts, and the actions, entities and outcomes the trail holds. Staff come
        from the accounts table and outcomes are known: a DISTINCT over unindexed columns of a
        large trail took seconds."""
        self.ctx.require(user, Permission.VIEW_AUDIT, "view_audit")
        with self.ctx.uow() as uow:
            s = uow.session

            def distinct(column: Any) -> tuple[str, ...]:
                return tuple(sorted(v for v in s.scalars(select(column).distinct()) if v))

            return AuditChoices(
                distinct(User.username),
                distinct(AuditEntry.action),
                distinct(AuditEntry.entity),
                OUTCOMES,
            )

    def record_output(
        self, user: CurrentUser, action: str, entity_id: int | None = None, detail: str = ""
    ) -> None:
        """Record that a letter left the application (printed or saved to a file).

        The screen calls this once the output is done; the letter itself was audited when made.
        ``entity_id`` is the letter's record (None for a batch, whose letters were each
        recorded when made). A record the user may not open (another team's, for a
        practitioner) is NotFound, and the attempt is audited as not found: nobody can write
        audit rows about letters they could not have printed.
        """
        if action not in LETTER_OUTPUTS:
            raise ValueError(f"not a letter output: {action}")
        self.ctx.require(user, Permission.PRINT_LETTERS, action)
        detail = search_text(detail, 400)  # one line, like every other audit detail
        if entity_id is None:
            self.ctx.audit_now(user, action, entity="letter", detail=detail)
            return
        with (
            self.ctx.audit_not_found(user, action, "letter", entity_id),
            self.ctx.uow() as uow,
        ):
            s = uow.session
            found = s.scalar(
                referral_scope(
                    user,
                    select(LetterRecord.id)
                    .join(Referral, Referral.id == LetterRecord.referral_id)
                    .where(LetterRecord.id == entity_id),
                )
            )
            if found is None:
                raise NotFound("This letter does not exist or is not in your team.")
            self.ctx.audit(s, user, action, "letter", entity_id, detail=detail)
            uow.commit()

    def verify(self, user: CurrentUser) -> ChainReport:
        """Check the audit trail is unbroken: each record chained to the one before. Audited
        (the result, and the head's hash, which a monthly report can keep elsewhere)."""
        self.ctx.require(user, Permission.VIEW_AUDIT, "verify_audit")
        with self.ctx.uow() as uow:
            report = verify_chain(uow.session)
            outcome = "ok" if report.whole else "failed"
            self.ctx.audit(
                uow.session,
                user,
                "verify_audit",
                "audit",
                outcome=outcome,
                detail=f"links={report.links} head={report.head_seq}:{report.head_hash[:16]}",
            )
            uow.commit()
        return report

    def privilege_warning(self, user: CurrentUser) -> str | None:
        """For an administrator: a warning when the app's database login could rewrite the
        audit trail (a PostgreSQL superuser or owner of the audit tables: audit_guard.py)."""
        if user.role is not Role.ADMINISTRATOR:
            return None
        with self.ctx.uow() as uow:
            return audit_guard_warning(uow.session)

    def export_csv(
        self,
        user: CurrentUser,
        filters: AuditFilter,
        out: Path,
        progress: Callable[[int, int], object] | None = None,
    ) -> int:
        """Write the matching rows, oldest first, to `out` as CSV; returns how many.

        Streamed in chunks; written beside `out` and moved into place when complete, so a
        failure leaves no half-written file. The export is itself audited.
        """
        self.ctx.require(user, Permission.VIEW_AUDIT, "export_audit")
        if out.exists() and out.is_dir():
            raise ValidationError(FieldProblem("file", "Choose a file name, not a folder"))
        if not out.parent.is_dir():
            raise ValidationError(
                FieldProblem("file", f"The folder {out.parent} does not exist. Choose another")
            )
        with self.ctx.uow() as uow:
            s = uow.session
            conditions = _conditions(s, filters)
            total = s.scalar(select(func.count()).select_from(AuditEntry).where(*conditions)) or 0
            partial = out.with_name(out.name + ".part")
            try:
                with partial.open("w", encoding="utf-8", newline="") as stream:
                    count = write_audit_csv(_chunks(s, conditions), stream, total, progress)
                partial.replace(out)
            finally:
                partial.unlink(missing_ok=True)
            detail = f"rows={count} {filters.summary()}".strip()
            self.ctx.audit(s, user, "export_audit", "audit", detail=detail)
            uow.commit()
        return count


def _row(e: AuditEntry, changes: int, reference: str = "") -> AuditRow:
    return AuditRow(
        e.id,
        e.at,
        e.username,
        e.action,
        e.entity,
        e.entity_id,
        e.outcome,
        e.detail,
        changes,
        reference,
    )


def _references(s: Session, entries: list[AuditEntry]) -> dict[tuple[str, int | None], str]:
    """The references of the young people and referrals a page of rows is about."""
    found: dict[tuple[str, int | None], str] = {}
    for entity, id_column, ref_column in (
        ("young_person", YoungPerson.id, YoungPerson.person_ref),
        ("referral", Referral.id, Referral.crime_reference),
    ):
        ids = {e.entity_id for e in entries if e.entity == entity and e.entity_id is not None}
        if ids:
            for row_id, ref in s.execute(select(id_column, ref_column).where(id_column.in_(ids))):
                found[(entity, row_id)] = ref
    return found


def _chunks(s: Session, conditions: list[ColumnElement[bool]]) -> Iterator[Sequence[AuditTuple]]:
    """Matching rows oldest first as plain tuples in CSV column order, a chunk at a time
    (keyset paging on id; without ORM objects, which made the export five times slower)."""
    e = AuditEntry
    columns = (e.id, e.at, e.username, e.action, e.entity, e.entity_id, e.outcome, e.detail)
    conn, last = s.connection(), 0
    while True:
        stmt = select(*columns).where(*conditions, e.id > last).order_by(e.id)
        found = conn.execute(stmt.limit(EXPORT_CHUNK)).all()
        if not found:
            return
        yield found
        last = found[-1][0]


def _conditions(s: Session, f: AuditFilter) -> list[ColumnElement[bool]]:
    if f.date_from and f.date_to and f.date_from > f.date_to:
        raise ValidationError(
            FieldProblem("To date", "Choose a 'to' date on or after the 'from' date")
        )
    terms: list[ColumnElement[bool]] = []
    if f.date_from:
        terms.append(AuditEntry.at >= datetime.combine(f.date_from, time()))
    if f.date_to:
        terms.append(AuditEntry.at < datetime.combine(f.date_to + timedelta(days=1), time()))
    for column, value in (
        (AuditEntry.username, search_text(f.username)),
        (AuditEntry.action, search_text(f.action)),
        (AuditEntry.entity, search_text(f.entity)),
        (AuditEntry.outcome, search_text(f.outcome)),
    ):
        if value:
            terms.append(column == value)
    if f.entity_id is not None:
        terms.append(AuditEntry.entity_id == f.entity_id)
    if search_text(f.reference):
        terms.append(_about_reference(s, search_text(f.reference)))
    return terms


def _about_reference(s: Session, reference: str) -> ColumnElement[bool]:
    """Rows about a young person (their record, referrals, carers, programmes, sessions,
    letters, field changes) or about one referral, found by its reference."""
    person_id = s.scalar(select(YoungPerson.id).where(YoungPerson.person_ref == reference))
    if person_id is not None:
        referral_ids = select(Referral.id).where(Referral.young_person_id == person_id)
        about_person = [
            and_(AuditEntry.entity == "young_person", AuditEntry.entity_id == person_id),
            and_(
                AuditEntry.entity == "carer",
                AuditEntry.entity_id.in_(select(Carer.id).where(Carer.young_person_id == person_id))
                | (AuditEntry.detail == f"person={person_id}"),
            ),
            AuditEntry.id.in_(
                select(AuditFieldChange.audit_id).where(
                    AuditFieldChange.young_person_id == person_id
                )
            ),
        ]
        return or_(*about_person, *_about_referrals(referral_ids))
    referral_id = s.scalar(select(Referral.id).where(Referral.crime_reference == reference))
    if referral_id is not None:
        return or_(*_about_referrals(select(Referral.id).where(Referral.id == referral_id)))
    raise ValidationError(
        FieldProblem(
            "reference",
            f"No young person or referral has the reference {reference}. "
            "Enter a young person's reference or a crime reference exactly as shown",
        )
    )


def _about_referrals(referral_ids: Select[Any]) -> list[ColumnElement[bool]]:
    return [
        and_(AuditEntry.entity == "referral", AuditEntry.entity_id.in_(referral_ids)),
        and_(
            AuditEntry.entity == "programme",
            AuditEntry.entity_id.in_(
                select(Programme.id).where(Programme.referral_id.in_(referral_ids))
            ),
        ),
        and_(
            AuditEntry.entity == "session",
            AuditEntry.entity_id.in_(
                select(ProgrammeSession.id).where(ProgrammeSession.referral_id.in_(referral_ids))
            ),
        ),
        and_(
            AuditEntry.entity == "letter",
            AuditEntry.entity_id.in_(
                select(LetterRecord.id).where(LetterRecord.referral_id.in_(referral_ids))
            ),
        ),
    ]
