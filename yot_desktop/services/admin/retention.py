"""Retention: records due for deletion, and deletion that leaves a tombstone (issue 7).

Deletion removes the young person and every row that hangs off them (services.person_data
walks the foreign keys), in one transaction, and writes one audit row that says a record was
deleted and why, without personal data. Audit rows are append-only and are never touched.
On SQLite the freed pages are overwritten and the write-ahead log emptied, and the copies the
app keeps from before upgrades are cleaned in the same way.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from yot_desktop.domain.errors import (
    ConflictError,
    FieldProblem,
    NotFound,
    ValidationError,
)
from yot_desktop.domain.names import fold
from yot_desktop.domain.permissions import Permission
from yot_desktop.domain.retention import RetentionDecision, RetentionSettings, decide
from yot_desktop.domain.validation import text_problem
from yot_desktop.services.admin.retention_facts import Person, gather_facts
from yot_desktop.services.core import ServiceContext
from yot_desktop.services.dto import CurrentUser
from yot_desktop.services.intake.person_data import (
    PERSON_TABLE,
    PersonRows,
    clean_sqlite_files,
    delete_person_rows,
    find_person_rows,
    person_id_for_ref,
)
from yot_desktop.storage.models import AppMeta, Base, Carer, Referral, YoungPerson

YEARS_KEY = "retention_years"
UNTIL_18_KEY = "retention_until_18"
# What a deletion names, in the order a person reads it; other tables count as "linked".
LOST_LABELS = (
    ("young_people", "young person record", "young person records"),
    ("referrals", "referral", "referrals"),
    ("sessions", "session", "sessions"),
    ("letter_history", "letter", "letters"),
    ("carers", "parent or carer", "parents or carers"),
)


@dataclass(frozen=True)
class DueRecord:
    person_id: int
    person_ref: str
    name: str
    date_of_birth: date
    last_action: date
    last_action_what: str
    due_on: date
    reason: str
    version: int


@dataclass(frozen=True)
class DueList:
    as_of: date
    settings: RetentionSettings
    rows: tuple[DueRecord, ...]
    kept_open: int  # would be due, but a referral is still open


@dataclass(frozen=True)
class DeletionPreview:
    person_id: int
    person_ref: str
    name: str
    version: int
    is_due: bool
    reason: str
    lost: tuple[tuple[str, int], ...]  # ("referrals", 2), in reading order

    @property
    def lost_text(self) -> str:
        return lost_text(self.lost)


@dataclass(frozen=True)
class DeletionDone:
    person_ref: str
    lost: tuple[tuple[str, int], ...]
    backups_cleaned: int  # copies made before upgrades that held the person
    backups_not_cleaned: tuple[Path, ...] = ()  # could not be opened: delete them by hand


def lost_text(lost: tuple[tuple[str, int], ...]) -> str:
    """'1 young person record, 2 referrals and 9 sessions'."""
    parts = [f"{n} {label}" for label, n in lost if n]
    if len(parts) < 2:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


_LABELS = [(one, many) for _, one, many in LOST_LABELS] + [
    ("other linked record", "other linked records")
]


def _labelled(counts: list[int]) -> tuple[tuple[str, int], ...]:
    return tuple(
        (one if n == 1 else many, n) for (one, many), n in zip(_LABELS, counts, strict=True)
    )


def _lost(rows: PersonRows) -> tuple[tuple[str, int], ...]:
    named = {table for table, _, _ in LOST_LABELS}
    other = sum(len(ids) for t, ids in rows.ids.items() if t not in named)
    return _labelled([rows.count(table) for table, _, _ in LOST_LABELS] + [other])


def lost_total(previews: Sequence[DeletionPreview]) -> tuple[tuple[str, int], ...]:
    """What deleting all of these records removes, added up."""
    return _labelled([sum(p.lost[i][1] for p in previews) for i in range(len(_LABELS))])


def _name(p: Person) -> str:
    return f"{p.preferred_name or p.first_name} {p.last_name}"


class RetentionService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    # --- settings --------------------------------------------------------------------------
    def settings(self, user: CurrentUser) -> RetentionSettings:
        self.ctx.require(user, Permission.MANAGE_RETENTION, "retention_settings")
        with self.ctx.uow() as uow:
            return self._settings(uow.session)

    @staticmethod
    def _settings(s: Session) -> RetentionSettings:
        years = s.get(AppMeta, YEARS_KEY)
        until = s.get(AppMeta, UNTIL_18_KEY)
        default = RetentionSettings()
        return RetentionSettings(
            int(years.value) if years else default.years_after_last_action,
            until.value == "yes" if until else default.keep_until_18,
        )

    def save_settings(
        self, user: CurrentUser, new: RetentionSettings, seen: RetentionSettings
    ) -> RetentionSettings:
        """Administrators only. `seen` is what the user changed: if someone else saved in the
        meantime, nothing is written and a ConflictError says so."""
        self.ctx.require(user, Permission.ADMINISTER_DATABASE, "save_retention_settings")
        new.check()
        with self.ctx.uow() as uow:
            s = uow.session
            current = self._settings(s)
            if current != seen:
                raise ConflictError(
                    "retention settings",
                    0,
                    "Someone else changed the retention settings after you opened them: "
                    f"they are now {current.describe()}. Check them and save again.",
                )
            for key, value in (
                (YEARS_KEY, str(new.years_after_last_action)),
                (UNTIL_18_KEY, "yes" if new.keep_until_18 else "no"),
            ):
                row = s.get(AppMeta, key)
                if row is None:
                    s.add(AppMeta(key=key, value=value))
                else:
                    row.value = value
            self.ctx.audit(
                s,
                user,
                "retention_settings",
                detail=f"years={new.years_after_last_action} "
                f"until_18={'yes' if new.keep_until_18 else 'no'}",
            )
            uow.commit()
            return new

    # --- review ----------------------------------------------------------------------------
    def due(self, user: CurrentUser, as_of: date | None = None) -> DueList:
        """Records due for deletion on `as_of` (default today), oldest due first."""
        self.ctx.require(user, Permission.MANAGE_RETENTION, "retention_review")
        as_of = as_of or self.ctx.clock().date()
        with self.ctx.uow() as uow:
            s = uow.session
            settings = self._settings(s)
            rows: list[DueRecord] = []
            kept = 0
            for facts, p in gather_facts(s).values():
                d = decide(facts, settings, as_of)
                if d.held and as_of >= d.due_on:
                    kept += 1
                if not d.is_due:
                    continue
                rows.append(
                    DueRecord(
                        p.id,
                        p.person_ref,
                        _name(p),
                        p.date_of_birth,
                        d.last_action.on,
                        d.last_action.what,
                        d.due_on,
                        d.reason,
                        p.version,
                    )
                )
            rows.sort(key=lambda r: (r.due_on, r.person_ref))
            self.ctx.audit(
                s, user, "retention_review", detail=f"as_of={as_of} due={len(rows)} kept={kept}"
            )
            uow.commit()
            return DueList(as_of, settings, tuple(rows), kept)

    def _decision(self, s: Session, person_id: int) -> tuple[RetentionDecision, Person]:
        found = gather_facts(s, [person_id]).get(person_id)
        if found is None:
            raise NotFound("This young person's record no longer exists. Refresh the list.")
        facts, person = found
        return decide(facts, self._settings(s), self.ctx.clock().date()), person

    def preview(self, user: CurrentUser, person_id: int) -> DeletionPreview:
        """What deleting this record would remove: the confirmation names it."""
        self.ctx.require(user, Permission.MANAGE_RETENTION, "retention_preview")
        with self.ctx.uow() as uow:
            s = uow.session
            decision, person = self._decision(s, person_id)
            rows = find_person_rows(s, person_id)
            self.ctx.audit(s, user, "retention_preview", "young_person", person_id)
            uow.commit()
            return DeletionPreview(
                person.id,
                person.person_ref,
                _name(person),
                person.version,
                decision.is_due,
                decision.reason,
                _lost(rows),
            )

    def preview_by_reference(self, user: CurrentUser, person_ref: str) -> DeletionPreview:
        self.ctx.require(user, Permission.MANAGE_RETENTION, "retention_preview")
        with self.ctx.uow() as uow:
            person_id = person_id_for_ref(uow.session, person_ref)
        return self.preview(user, person_id)

    # --- deletion --------------------------------------------------------------------------
    def delete(
        self, user: CurrentUser, person_id: int, reason: str, expected_version: int
    ) -> DeletionDone:
        """Delete the young person and everything held about them, if due. One transaction;
        the version the user confirmed must still be current."""
        self.ctx.require(user, Permission.MANAGE_RETENTION, "retention_delete")
        problem = text_problem(reason, "Reason", len(reason))  # before split() hides any
        reason = " ".join(reason.split())
        if problem is not None:
            raise ValidationError(problem)
        if not 5 <= len(reason) <= 200:
            raise ValidationError(
                FieldProblem(
                    "Reason",
                    "Say in a few words (5 to 200 characters) why the record is deleted, "
                    "like 'Retention period over'",
                )
            )
        with self.ctx.uow() as uow:
            s = uow.session
            if self.ctx.engine.dialect.name == "sqlite":
                # Overwrite deleted rows in the file instead of leaving them in free pages.
                s.connection().exec_driver_sql("PRAGMA secure_delete=ON")
            people = Base.metadata.tables[PERSON_TABLE]
            claimed = s.execute(
                update(people)
                .where(people.c.id == person_id, people.c.version == expected_version)
                .values(version=people.c.version + 1)
            ).rowcount  # type: ignore[attr-defined]
            decision, person = self._decision(s, person_id)
            if not claimed:
                raise ConflictError("young person", person_id)
            if not decision.is_due:
                raise ValidationError(
                    FieldProblem(
                        "Young person's record", f"{decision.reason} It cannot be deleted yet."
                    )
                )
            rows = find_person_rows(s, person_id)
            _check_reason(s, reason, rows)
            person_ref = person.person_ref
            s.expunge_all()
            delete_person_rows(s, rows)
            lost = _lost(rows)
            # Counts, then the reason (at most 200 characters): within the 400 of a detail.
            counts = " ".join(
                f"{key}={rows.count(table)}"
                for key, table in (
                    ("referrals", "referrals"),
                    ("sessions", "sessions"),
                    ("letters", "letter_history"),
                    ("carers", "carers"),
                )
            )
            self.ctx.audit(
                s,
                user,
                "retention_delete",
                "young_person",
                person_id,
                detail=f"rows={rows.total} {counts}; reason: {reason}",
            )
            uow.commit()
        cleaned, not_cleaned = clean_sqlite_files(self.ctx.engine, person_id, person_ref)
        return DeletionDone(person_ref, lost, cleaned, not_cleaned)


def _check_reason(s: Session, reason: str, rows: PersonRows) -> None:
    """The reason is kept in the audit log for good, so it must not identify anyone."""
    names: set[str] = set()  # name words: matched as whole words
    marks: set[str] = set()  # references, postcodes, dates, phones, emails: matched anywhere
    for p in s.scalars(select(YoungPerson).where(YoungPerson.id.in_(rows.ids[PERSON_TABLE]))):
        for text in (p.first_name, p.last_name, p.preferred_name, p.address_line_1, p.town):
            names.update(w for w in fold(text).split() if len(w) >= 3)
        dob = p.date_of_birth
        marks.update({p.person_ref, p.postcode, f"{dob:%d/%m/%Y}", dob.isoformat()})
    for c in s.scalars(select(Carer).where(Carer.id.in_(rows.ids.get("carers", ())))):
        names.update(w for w in fold(c.name).split() if len(w) >= 3)
        marks.update({c.phone, c.email})
    for r in s.scalars(select(Referral).where(Referral.id.in_(rows.ids.get("referrals", ())))):
        marks.add(r.crime_reference)
    folded = fold(reason)
    # "O'Brien" folds to one word and "Smith's" splits into two: look at both forms.
    words = set(re.findall(r"\w+", folded)) | {fold(w) for w in re.findall(r"\w+", reason)}
    if names & words or any(len(m) >= 4 and fold(m) in folded for m in marks):
        raise ValidationError(
            FieldProblem(
                "Reason",
                "Leave out names, references, addresses and dates of birth: the reason is "
                "kept in the audit log after the record has gone",
            )
        )
