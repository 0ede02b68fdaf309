"""A provider's attendance register imported from CSV: matched to sessions, all or nothing.

The file is read line by line as it is parsed (services/import_files.py); `progress` hears of
every row and may stop the import (ImportCancelled) before anything is committed."""

from __future__ import annotations

from sqlalchemy import select

from yot_desktop.domain import attendance as marks
from yot_desktop.domain.attendance_csv import parse_attendance_csv
from yot_desktop.domain.enums import Attendance
from yot_desktop.domain.errors import ValidationError
from yot_desktop.domain.permissions import Permission
from yot_desktop.services.core import ServiceContext
from yot_desktop.services.delivery.common import (
    NOT_IN_DIARY,
    day_bounds,
    find_referral,
    person_name,
)
from yot_desktop.services.delivery.dto import ImportLine, ImportPreview
from yot_desktop.services.delivery.marking import record_correction, record_mark
from yot_desktop.services.delivery.programme_state import programme_of, update_engagement
from yot_desktop.services.dto import CurrentUser
from yot_desktop.services.import_files import ImportCancelled, ImportSource, Progress, as_source
from yot_desktop.services.import_files import step as progress_step
from yot_desktop.storage.models import ProgrammeSession, Referral, YoungPerson

# A mark's rules name fields as the mark dialog labels them; an imported register's problems
# name the register's own columns (INTERFACES.md: "row N: column: message").
REGISTER_COLUMN = {
    "What happened": "attendance",
    "Reason": "reason",
    "reason": "reason",
    "Evidence received": "evidence_received",
}


def _row_number(problem: str) -> int:
    """Problems read in file order: 'row 3: ...' after 'row 2: ...'; file-wide ones first."""
    head = problem.split(":", 1)[0]
    number = head.removeprefix("row ")
    return int(number) if head.startswith("row ") and number.isdigit() else 0


class AttendanceImportService:
    """A provider's register, imported from CSV."""

    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    # --- import --------------------------------------------------------------------------
    def import_csv(
        self,
        user: CurrentUser,
        source: str | ImportSource,
        *,
        dry_run: bool = False,
        progress: Progress | None = None,
    ) -> ImportPreview:
        """Match each row to the referral's session on that date, then record them all, or
        (with any problem, or a dry run) nothing. `progress(done, total)` counts each row
        matched, then each recorded; False stops it: ImportCancelled, nothing written."""
        self.ctx.require(user, Permission.EDIT_CASES, "import_attendance")
        try:
            return self._import_once(user, as_source(source), dry_run, progress)
        except ImportCancelled:
            self.ctx.audit_now(user, "import_attendance", outcome="failed", detail="cancelled")
            raise

    def _import_once(
        self, user: CurrentUser, source: ImportSource, dry_run: bool, progress: Progress | None
    ) -> ImportPreview:
        now = self.ctx.clock()
        with source.lines() as read:  # read as parsed; too many rows: refused at once
            parsed = parse_attendance_csv(read, today=now.date(), max_rows=source.max_rows)
        problems = list(parsed.problem_lines)
        lines: list[ImportLine] = []
        doing = "importing an attendance file"  # told to anyone kept waiting (SQLite)
        # Each row is counted twice when recorded (matched, then written); once in a preview.
        total = len(parsed.rows) * (1 if dry_run else 2)
        with self.ctx.long_write(user, doing), self.ctx.uow() as uow:
            s = uow.session
            matched: list[tuple[ImportLine, ProgrammeSession, Referral]] = []
            for done, row in enumerate(parsed.rows, start=1):
                progress_step(progress, done - 1, total)
                referral = find_referral(s, user, row.crime_reference)
                if referral is None:
                    problems.append(
                        f"row {row.row}: crime_reference: there is no referral "
                        f"{row.crime_reference} in your team"
                    )
                    continue
                start, end = day_bounds(row.session_date, row.session_date)
                found = s.scalars(
                    select(ProgrammeSession).where(
                        ProgrammeSession.referral_id == referral.id,
                        ProgrammeSession.starts_at >= start,
                        ProgrammeSession.starts_at < end,
                        ProgrammeSession.status.not_in(NOT_IN_DIARY),
                    )
                ).all()
                when = f"{row.session_date:%d/%m/%Y}"
                if not found:
                    problems.append(
                        f"row {row.row}: session_date: {row.crime_reference} has no session "
                        f"booked on {when}"
                    )
                    continue
                if len(found) > 1:
                    problems.append(
                        f"row {row.row}: session_date: {row.crime_reference} has "
                        f"{len(found)} sessions on {when}; record this one in the register"
                    )
                    continue
                session = found[0]
                reason = row.reason or ""
                evidence = bool(row.evidence_received)
                try:
                    marks.make_mark(
                        row.attendance,
                        marked_by=user.username,
                        marked_at=now,
                        reason=reason,
                        evidence_received=evidence,
                    )
                except ValidationError as err:
                    problems.extend(
                        f"row {row.row}: {REGISTER_COLUMN.get(p.field, p.field)}: {p.message}"
                        for p in err.problems
                    )
                    continue
                same = (
                    session.status == row.attendance.value
                    and session.reason == reason.strip()
                    and session.evidence_received == evidence
                )
                change = (
                    "new mark"
                    if session.status == Attendance.PLANNED.value
                    else ("no change" if same else "correction")
                )
                person = s.get_one(YoungPerson, referral.young_person_id)
                line = ImportLine(
                    row.row,
                    referral.crime_reference,
                    row.session_date,
                    row.attendance,
                    reason.strip(),
                    evidence,
                    session.id,
                    session.starts_at,
                    person_name(person.first_name, person.last_name),
                    change,
                )
                lines.append(line)
                matched.append((line, session, referral))
            problems.sort(key=_row_number)
            if problems or dry_run:
                return ImportPreview(tuple(lines), tuple(problems), parsed.warnings, False)
            letters: list[str] = []
            touched: dict[int, Referral] = {}
            for done, (line, session, referral) in enumerate(matched, start=len(parsed.rows)):
                progress_step(progress, done, total)
                if line.change == "no change":
                    continue
                if line.change == "new mark":
                    mark = marks.make_mark(
                        line.attendance,
                        marked_by=user.username,
                        marked_at=now,
                        reason=line.reason,
                        evidence_received=line.evidence_received,
                    )
                    record_mark(s, session, mark, None, "import")
                else:
                    record_correction(
                        s,
                        user,
                        session,
                        line.attendance,
                        "From the provider's register",
                        line.reason,
                        line.evidence_received,
                        now,
                        "import",
                    )
                touched[referral.id] = referral
            s.flush()
            for referral in touched.values():
                programme = programme_of(s, referral)
                letters.extend(update_engagement(s, referral, programme, now))
            self.ctx.audit(
                s, user, "import_attendance", detail=f"rows={len(lines)} letters={len(letters)}"
            )
            progress_step(progress, total, total)  # the last chance to stop: nothing written yet
            uow.commit()
            return ImportPreview(tuple(lines), (), parsed.warnings, True, tuple(letters))
