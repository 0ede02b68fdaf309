"""Subject access: everything held about one young person, in one folder (issue 7).

The folder holds one CSV file per table that has rows about them (found by the same
foreign-key walk that retention deletes with), every letter exactly as made (checked against
its stored checksum), the audit entries about them and their records, and an index PDF that
says what each file is. It is written beside the target and renamed into place at the end,
so a failure leaves nothing half-written.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import LargeBinary, Table, or_, select, tuple_
from sqlalchemy.orm import Session

from yot_desktop.domain.errors import FieldProblem, ValidationError
from yot_desktop.domain.ethnicity import find_ethnicity
from yot_desktop.domain.permissions import Permission
from yot_desktop.domain.spreadsheet import inert_row
from yot_desktop.services.audit_changes import as_text
from yot_desktop.services.core import ServiceContext
from yot_desktop.services.dto import CurrentUser
from yot_desktop.services.intake.person_data import (
    PERSON_TABLE,
    PersonRows,
    find_person_rows,
    person_id_for_ref,
)
from yot_desktop.storage.models import AuditEntry, Base, YoungPerson

if TYPE_CHECKING:
    from yot_desktop.reports.subject_access_pdf import IndexEntry

# File name and explanation for the tables people know; others get a generic line.
TABLE_FILES: dict[str, tuple[str, str]] = {
    "young_people": (
        "young_person.csv",
        "The young person's record: names, date of birth, address, school, language, "
        "needs and safeguarding details.",
    ),
    "carers": (
        "parents_and_carers.csv",
        "Parents and carers: names, relationship, contact details and how they want letters.",
    ),
    "referrals": (
        "referrals.csv",
        "Police referrals: crime reference, dates, offence, substance, the eligibility "
        "decision and the outcome.",
    ),
    "referral_status_changes": (
        "referral_history.csv",
        "Each change of a referral's status, when and by whom.",
    ),
    "panel_recommendations": (
        "panel_recommendations.csv",
        "Recommendations written for the joint decision-making panel (police and YOT).",
    ),
    "consents": ("consents.csv", "Consent to the programme: who gave it, when and why."),
    "crafft_screenings": (
        "screenings.csv",
        "Substance use screening (CRAFFT) answers and scores.",
    ),
    "programmes": ("programmes.csv", "The programme offered: start, deadline and status."),
    "programme_items": ("programme_plan.csv", "The sessions planned in each programme."),
    "sessions": (
        "sessions.csv",
        "Appointments: when, where, what kind and whether the young person came.",
    ),
    "attendance_marks": (
        "attendance.csv",
        "Attendance as recorded for each appointment, with any corrections.",
    ),
    "follow_ups": ("follow_ups.csv", "Calls to the family after a missed appointment."),
    "engagement_decisions": (
        "engagement_decisions.csv",
        "Managers' decisions after missed appointments.",
    ),
    "letters_queue": ("letters_due.csv", "Letters the system said were due."),
    "letter_history": (
        "letters.csv",
        "Every letter made: type, who it was for, when it was made and sent. The letters "
        "themselves are in the letters folder.",
    ),
    "duplicate_candidates": (
        "possible_duplicates.csv",
        "Checks of whether another record is the same young person.",
    ),
    "person_merges": ("merged_records.csv", "Records of this young person that were merged."),
    "case_transfers": (
        "team_transfers.csv",
        "Moves of the case from one team to another: from which team, to which, when, by "
        "whom and why.",
    ),
    "audit_field_change": (
        "changes_to_records.csv",
        "The earlier and later values whenever someone changed the records.",
    ),
}
AUDIT_FILE = (
    "audit_log.csv",
    "Audit log entries about the young person and their records: who looked at, changed, "
    "printed or exported them, and when.",
)


@dataclass(frozen=True)
class SubjectAccessExport:
    folder: Path
    person_ref: str
    files: tuple[IndexEntry, ...]  # every file written, the index last
    letters: int
    audit_entries: int


def folder_name(person_ref: str, day: date) -> str:
    """'subject-access-YP000123-2026-11-20': the folder the app suggests."""
    return f"subject-access-{person_ref}-{day.isoformat()}"


def _cell(value: Any) -> str:
    """A value as the audit screen shows it (one way of writing dates and numbers)."""
    return as_text(value) or ""


# What the young person is entitled to read, in words they can read: internal keys (row ids,
# search keys made from their name, checksums, version counters, other records' ids) are left
# out; a link to another record is shown as what people know it by (the crime reference, the
# scheme's name, the worker's name); every column has a heading in plain English.
_LEFT_OUT = frozenset(
    {
        "id",
        "version",
        "sha256",
        "size",
        "template_version",
        "merged_into_id",
        "possible_duplicate",
        "referral_ids",
        "carer_ids",
        "screening_ids",
        "queue_item_id",
    }
)
_HEADINGS: dict[str, str] = {
    "person_ref": "Reference",
    "first_name": "First name",
    "last_name": "Last name",
    "preferred_name": "Known as",
    "address_line_1": "Address line 1",
    "address_line_2": "Address line 2",
    "send_needs": "Special educational needs",
    "nrm_referral_date": "National Referral Mechanism referral date",
    "nrm_decision": "National Referral Mechanism decision",
    "other_agencies": "Other agencies involved",
    "exploitation_concern": "Concern about exploitation",
    "looked_after": "Looked after child",
    "created_at": "Recorded on",
    "updated_at": "Last changed on",
    "updated_by": "Last changed by",
    "relationship_to_child": "Relationship",
    "letter_preference": "Letters by",
    "crime_reference": "Crime reference",
    "referring_officer": "Referring police officer",
    "officer_email": "Officer's email",
    "offence_location": "Place of offence",
    "supply_suspected": "Supply suspected",
    "eligibility_reasons": "Why not eligible",
    "prior_diversions": "Earlier diversions",
    "override_reason": "Manager's reason for overriding the decision",
    "override_by": "Decision overridden by",
    "override_at": "Decision overridden on",
    "outcome_code": "Police outcome code",
    "police_informed_on": "Police told on",
    "from_status": "Status before",
    "to_status": "Status after",
    "at": "When",
    "by_username": "Changed by",
    "text": "Recommendation",
    "given_by": "Given by",
    "taken_on": "Given on",
    "lawful_basis": "Lawful basis",
    "recorded_at": "Recorded on",
    "screened_on": "Screened on",
    "alcohol_days": "Days drinking alcohol (past 12 months)",
    "cannabis_days": "Days using cannabis (past 12 months)",
    "other_days": "Days using other drugs (past 12 months)",
    "car": "CRAFFT: car",
    "relax": "CRAFFT: relax",
    "alone": "CRAFFT: alone",
    "forget": "CRAFFT: forget",
    "family_friends": "CRAFFT: family or friends",
    "trouble": "CRAFFT: trouble",
    "score": "CRAFFT score",
    "positive": "Screening positive",
    "need_identified_by_worker": "Need identified by the worker",
    "unexplained": "Unexplained absences",
    "continued_at": "Continued on",
    "intervention_code": "Session type",
    "planned_count": "Sessions planned",
    "starts_at": "Starts at",
    "venue": "Kind of place",
    "venue_name": "Place",
    "evidence_received": "Evidence received",
    "value": "Attendance",
    "corrects_id": "Corrects an earlier mark",
    "correction_note": "Why it was corrected",
    "due_date": "Due on",
    "unexplained_at_decision": "Unexplained absences at the decision",
    "letter_type": "Letter",
    "audience": "Written for",
    "easy_read": "Easy read",
    "large_print": "Large print",
    "sent_method": "Sent by",
    "found_at": "Found on",
    "merged_at": "Merged on",
    "filled_fields": "Details copied from the merged record",
    "entity": "Record",
    "field": "Detail changed",
    "file": "File",
}
# Links to other records, shown as what people know them by: (heading, table, column).
_LINKS: dict[str, tuple[str, str, str]] = {
    "referral_id": ("Crime reference", "referrals", "crime_reference"),
    "scheme_id": ("Scheme", "schemes", "name"),
    "team_id": ("Team", "teams", "name"),
    "from_team_id": ("From team", "teams", "name"),
    "to_team_id": ("To team", "teams", "name"),
    "worker_id": ("Worker", "users", "display_name"),
    "carer_id": ("Parent or carer", "carers", "name"),
    "session_id": ("Appointment", "sessions", "starts_at"),
}
# Columns holding a coded value ("not_engaged"), shown as words ("Not engaged").
_CODED = frozenset(
    {
        "status",
        "from_status",
        "to_status",
        "letter_type",
        "audience",
        "intervention",
        "intervention_code",
        "venue",
        "value",
        "party",
        "outcome",
        "source",
        "entity",
        "field",
        "gender",
        "unit",
        "action",
        "lawful_basis",
        "sent_method",
        "letter_preference",
        "reason",
    }
)


def heading(column: str) -> str:
    """The plain-English heading of a stored column."""
    if column in _HEADINGS:
        return _HEADINGS[column]
    if column in _LINKS:
        return _LINKS[column][0]
    return column.replace("_", " ").capitalize()


def shown(column: str) -> bool:
    """Whether the column is given to the young person (internal keys are not)."""
    if column in _LEFT_OUT or column.startswith("search_"):
        return False
    return not column.endswith("_id") or column in _LINKS


def _words(column: str, text: str) -> str:
    if column in _CODED and re.fullmatch(r"[a-z0-9]+(?:_[a-z0-9]+)*", text):
        return text.replace("_", " ").capitalize()
    return text


def _ethnicity(code: str) -> str:
    found = find_ethnicity(code) if code and code != "NS" else None
    return found.label if found else ("Not stated" if code in ("", "NS") else code)


def _csv(header: list[str], rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(inert_row(header))
    writer.writerows(inert_row(row) for row in rows)  # a name may be typed as a formula
    return out.getvalue().encode("utf-8-sig")  # with a BOM, so Excel reads the accents


def _link_values(s: Session, column: str, ids: set[Any]) -> dict[Any, str]:
    """What each linked record is known by (the crime reference of each referral id...)."""
    _, table_name, shown_column = _LINKS[column]
    table = Base.metadata.tables[table_name]
    wanted = sorted(i for i in ids if i is not None)
    if not wanted:
        return {}
    pk = next(iter(table.primary_key.columns))
    cols = [pk, table.c[shown_column]]
    if table_name == "users":
        cols.append(table.c.username)
    out = {}
    for row in s.execute(select(*cols).where(pk.in_(wanted))):
        out[row[0]] = _cell(row[1]) or (_cell(row[2]) if len(row) > 2 else "")
    return out


def _value(links: dict[str, dict[Any, str]], column: str, value: Any) -> str:
    if column in links:
        return "" if value is None else links[column].get(value, "")
    if column == "ethnicity":
        return _ethnicity(_cell(value))
    return _words(column, _cell(value))


def _letter_name(row: Any) -> str:
    made = row.created_at.date().isoformat()
    return f"letters/letter-{row.id}-{made}-{row.letter_type}-{row.audience}.pdf"


def _letter_what(row: Any) -> str:
    kind = str(row.letter_type).replace("_", " ")
    reader = "the young person" if row.audience == "young_person" else "the parent or carer"
    sent = (
        f", sent on {row.sent_at:%d/%m/%Y}" + (f" by {row.sent_method}" if row.sent_method else "")
        if row.sent_at
        else ", not marked as sent"
    )
    return f"The {kind} letter to {reader}, made on {row.created_at:%d/%m/%Y}{sent}."


class SubjectAccessService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def export_by_reference(
        self, user: CurrentUser, person_ref: str, folder: Path
    ) -> SubjectAccessExport:
        self.ctx.require(user, Permission.SUBJECT_ACCESS, "subject_access_export")
        with self.ctx.uow() as uow:
            person_id = person_id_for_ref(uow.session, person_ref)
        return self.export(user, person_id, folder)

    def export(self, user: CurrentUser, person_id: int, folder: Path) -> SubjectAccessExport:
        """Write everything held about the young person into `folder` (new or empty)."""
        # ReportLab is imported when the index is made, not when the app or a command starts.
        from yot_desktop.reports.subject_access_pdf import (
            INDEX_NAME,
            IndexEntry,
            SubjectAccessIndex,
            render_subject_access_index,
            size_text,
        )

        self.ctx.require(user, Permission.SUBJECT_ACCESS, "subject_access_export")
        folder = Path(folder)
        if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
            raise ValidationError(
                FieldProblem("Folder", f"Choose a new or empty folder: {folder} has files in it")
            )
        if not folder.parent.is_dir():
            raise ValidationError(
                FieldProblem("Folder", f"The folder {folder.parent} does not exist")
            )
        part = folder.with_name(f".{folder.name}.part")
        shutil.rmtree(part, ignore_errors=True)
        with self.ctx.uow() as uow:
            s = uow.session
            person = s.get(YoungPerson, person_id)
            rows = find_person_rows(s, person_id)
            assert person is not None  # find_person_rows raised NotFound otherwise
            files: dict[str, tuple[bytes, IndexEntry]] = {}
            letters = self._tables(s, rows, files)
            audit_count = self._audit(s, rows, files)
            # The records first (the person's own first), then the audit log, then letters.
            ordered = sorted(
                files.items(),
                key=lambda kv: 2 if kv[0].startswith("letters/") else kv[0] == AUDIT_FILE[0],
            )
            files = dict(ordered)
            index = SubjectAccessIndex(
                f"{person.first_name} {person.last_name}",
                person.person_ref,
                person.date_of_birth,
                self.ctx.clock(),
                f"{user.display_name} ({user.username})" if user.display_name else user.username,
                (
                    *(entry for _, entry in files.values()),
                    IndexEntry(INDEX_NAME, "This index.", ""),
                ),
                letters,
                audit_count,
            )
            buffer = io.BytesIO()
            render_subject_access_index(index, buffer)
            pdf = buffer.getvalue()
            files[INDEX_NAME] = (pdf, IndexEntry(INDEX_NAME, "This index.", size_text(len(pdf))))
            try:
                for name, (data, _) in files.items():
                    target = part / name
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_bytes(data)
                if folder.exists():
                    folder.rmdir()
                part.rename(folder)
            except OSError as err:
                shutil.rmtree(part, ignore_errors=True)
                raise ValidationError(
                    FieldProblem("Folder", f"The export could not be written: {err.strerror}")
                ) from err
            self.ctx.audit(
                s,
                user,
                "subject_access_export",
                "young_person",
                person_id,
                detail=f"files={len(files)} letters={letters} audit={audit_count}",
            )
            uow.commit()
            return SubjectAccessExport(
                folder,
                person.person_ref,
                tuple(entry for _, entry in files.values()),
                letters,
                audit_count,
            )

    @staticmethod
    def _tables(s: Session, rows: PersonRows, files: dict[str, tuple[bytes, IndexEntry]]) -> int:
        """One CSV per table, the person's own record first; letters as their PDFs."""
        from yot_desktop.reports.subject_access_pdf import IndexEntry, rows_text, size_text

        letters = 0
        known = list(TABLE_FILES)
        tables = sorted(rows.ids, key=lambda t: (known.index(t) if t in known else len(known), t))
        for name in tables:
            table: Table = Base.metadata.tables[name]
            pk = next(iter(table.primary_key.columns))
            keep = [
                c
                for c in table.c
                # The letter itself (its PDF, its accessible copy) is a file, not a cell.
                if not isinstance(c.type, LargeBinary)
                and c.name != "accessible_html"
                and shown(c.name)
                and not (name == PERSON_TABLE and c.name == "team_id")
            ]
            found = s.execute(
                select(table).where(pk.in_(sorted(rows.ids[name]))).order_by(pk)
            ).all()
            header = [heading(c.name) for c in keep]
            links = {
                c.name: _link_values(s, c.name, {getattr(r, c.name) for r in found})
                for c in keep
                if c.name in _LINKS
            }
            lines = [[_value(links, c.name, getattr(r, c.name)) for c in keep] for r in found]
            if name == "letter_history":
                header.append(heading("file"))
                for row, line in zip(found, lines, strict=True):
                    pdf = bytes(row.pdf)
                    if hashlib.sha256(pdf).hexdigest() != row.sha256:
                        raise ValidationError(
                            FieldProblem(
                                "Letters",
                                f"Letter {row.id}'s stored copy does not match the checksum "
                                "kept when it was made, so it may be damaged. Nothing was "
                                "exported: tell your administrator.",
                            )
                        )
                    letter = _letter_name(row)
                    line.append(letter)
                    files[letter] = (
                        pdf,
                        IndexEntry(letter, _letter_what(row), size_text(len(pdf))),
                    )
                    letters += 1
            file_name, what = TABLE_FILES.get(
                name, (f"{name}.csv", f"Other records held about the young person ({name}).")
            )
            files[file_name] = (
                _csv(header, lines),
                IndexEntry(file_name, what, rows_text(len(lines))),
            )
        return letters

    @staticmethod
    def _audit(s: Session, rows: PersonRows, files: dict[str, tuple[bytes, IndexEntry]]) -> int:
        from yot_desktop.reports.subject_access_pdf import IndexEntry, rows_text

        keys = sorted(rows.audit_keys())
        people = sorted(rows.ids[PERSON_TABLE])
        found: dict[int, AuditEntry] = {}
        for start in range(0, len(keys), 500):
            chunk = keys[start : start + 500]
            for entry in s.scalars(
                select(AuditEntry).where(tuple_(AuditEntry.entity, AuditEntry.entity_id).in_(chunk))
            ):
                found[entry.id] = entry
        # Parents or carers since removed are named in their audit rows by the person's id.
        for entry in s.scalars(
            select(AuditEntry).where(
                AuditEntry.entity == "carer",
                or_(*(AuditEntry.detail == f"person={p}" for p in people)),
            )
        ):
            found[entry.id] = entry
        cols = ["at", "username", "action", "entity", "outcome", "detail"]
        header = ["When", "Who", "What was done", "Record", "Result", "Details"]
        lines = [[_words(c, _cell(getattr(e, c))) for c in cols] for _, e in sorted(found.items())]
        name, what = AUDIT_FILE
        files[name] = (_csv(header, lines), IndexEntry(name, what, rows_text(len(lines))))
        return len(lines)
