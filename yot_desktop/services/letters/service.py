"""Letters from the database (issue 5): make a letter from its facts, keep the exact PDF in
the letter history, list what is due, print batches, mark letters sent, reopen them.

The letter layer (yot_desktop.letters) is pure; the facts are read in bulk by facts.py and
chosen by domain/letter_facts.py. A letter is rendered outside any write transaction, then
recorded in one short write (a batch: every letter at once). Audit rows hold ids, types and
counts only, never a name.
"""

from __future__ import annotations

import io
import tempfile
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import IO

from sqlalchemy import select
from sqlalchemy.orm import Session

from yot_desktop.domain import letter_rules as rules
from yot_desktop.domain.enums import Audience, LetterType
from yot_desktop.domain.errors import FieldProblem, NotFound, ValidationError
from yot_desktop.domain.permissions import Permission
from yot_desktop.letters import LetterContext
from yot_desktop.letters.accessible import accessible_html
from yot_desktop.services.core import ServiceContext
from yot_desktop.services.delivery.common import find_referral
from yot_desktop.services.dto import CurrentUser
from yot_desktop.services.letters.dto import (
    SENT_METHODS,
    BatchProgress,
    BatchResult,
    LetterDueItem,
    LetterRecordRow,
    LetterRequest,
    MadeLetter,
    checksum,
    record_row,
    with_options,
)
from yot_desktop.services.letters.due import REMINDER_DAYS, letters_due
from yot_desktop.services.letters.facts import load_contexts
from yot_desktop.services.letters.history import LetterHistory
from yot_desktop.services.output_files import discard, write_atomically
from yot_desktop.storage.models_delivery import LetterDue
from yot_desktop.storage.models_letters import LetterRecord

# Letters of a batch inserted together (about 50 KB each).
RECORD_CHUNK = 50

__all__ = [
    "REMINDER_DAYS",
    "SENT_METHODS",
    "BatchProgress",
    "BatchResult",
    "LetterDueItem",
    "LetterRecordRow",
    "LetterRequest",
    "LetterService",
    "MadeLetter",
    "checksum",
    "default_audience",
    "letter_warnings",
    "with_options",
]


def default_audience(letter_type: LetterType, age: int | None = None) -> Audience:
    """Who reads a letter when nobody chose (domain/letter_rules.py): the police for the
    outcome letter, the young person for a certificate or once they are 18 or over."""
    return rules.default_audience(letter_type, age)


def letter_warnings(ctx: LetterContext) -> tuple[str, ...]:
    """What the person making this letter should know before posting it."""
    adult = rules.adult_parent_warning(ctx.person.age, ctx.audience, ctx.person.full_name)
    late = None
    if ctx.letter_type in rules.NAMES_AN_APPOINTMENT and ctx.arrives_by is not None:
        appointment = (
            (ctx.sessions[0].date if ctx.sessions else None)
            if ctx.letter_type is LetterType.SCHEDULE
            else (ctx.next_appointment.date if ctx.next_appointment is not None else None)
        )
        late = rules.late_post_warning(appointment, ctx.letter_date, ctx.arrives_by)
    return tuple(w for w in (adult, late) if w)


class _Rendered:
    """The letters of a batch as rendered, each one's PDF spooled to a temporary file (memory
    does not grow with the batch), with its accessible text, until they are recorded."""

    def __init__(self, spool: IO[bytes]) -> None:
        self.spool = spool
        self.spans: list[tuple[int, int]] = []
        self.pages: list[str] = []

    def add(self, pdf: bytes, page: str) -> None:
        start = self.spool.tell()
        self.spool.write(pdf)
        self.spans.append((start, len(pdf)))
        self.pages.append(page)

    def pdf(self, n: int) -> bytes:
        start, size = self.spans[n]
        self.spool.seek(start)
        return self.spool.read(size)


def _render_one(ctx: LetterContext) -> bytes:
    from yot_desktop.letters.render import render_letter  # ReportLab: when a letter is made

    out = io.BytesIO()
    render_letter(ctx, out)
    return out.getvalue()


class LetterService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx
        self.kept = LetterHistory(ctx)

    # --- history (history.py) ------------------------------------------------------------
    def history(
        self, user: CurrentUser, young_person_id: int | None = None, referral_id: int | None = None
    ) -> tuple[LetterRecordRow, ...]:
        return self.kept.history(user, young_person_id, referral_id)

    def reopen(self, user: CurrentUser, record_id: int) -> bytes:
        return self.kept.reopen(user, record_id)

    def accessible(self, user: CurrentUser, record_id: int, plain: bool = False) -> str:
        return self.kept.accessible(user, record_id, plain)

    def mark_sent(
        self, user: CurrentUser, record_id: int, method: str, version: int | None = None
    ) -> LetterRecordRow:
        return self.kept.mark_sent(user, record_id, method, version)

    # --- facts ---------------------------------------------------------------------------
    def context(self, user: CurrentUser, request: LetterRequest) -> LetterContext:
        """The facts of one letter, read from the database (nothing written)."""
        self.ctx.require(user, Permission.PRINT_LETTERS, "letter_context")
        with self.ctx.uow() as uow:
            return self._context(uow.session, user, request)

    def _context(self, s: Session, user: CurrentUser, request: LetterRequest) -> LetterContext:
        return load_contexts(s, user, [request], self.ctx.clock().date())[0]

    def warnings(self, user: CurrentUser, request: LetterRequest) -> tuple[str, ...]:
        """What the person making this letter should know first (nothing is written)."""
        return letter_warnings(self.context(user, request))

    # --- making letters ------------------------------------------------------------------
    def preview(self, user: CurrentUser, request: LetterRequest) -> bytes:
        """The letter as PDF bytes, not recorded (for the preview pane)."""
        self.ctx.require(user, Permission.PRINT_LETTERS, "preview_letter")
        with self.ctx.uow() as uow:
            ctx = self._context(uow.session, user, request)
            # A preview shows the child's record: a view, audited like one.
            s, kind = uow.session, ctx.letter_type.value
            self.ctx.audit(s, user, "preview_letter", "referral", request.referral_id, detail=kind)
            uow.commit()
        return _render_one(ctx)

    def make(
        self, user: CurrentUser, request: LetterRequest, out: Path | None = None
    ) -> MadeLetter:
        """Render the letter and keep it in the letter history (bytes and checksum). With
        `out`, the PDF is written there first: recorded only once the file is whole."""
        self.ctx.require(user, Permission.PRINT_LETTERS, "make_letter")
        with self.ctx.uow() as uow:  # read only: nothing is written until the PDF is made
            ctx = self._context(uow.session, user, request)
        pdf = _render_one(ctx)
        if out is not None:
            write_atomically(out, pdf)
        try:
            with self.ctx.uow() as uow:
                s = uow.session
                record = self._record(s, user, request, ctx, pdf, accessible_html(ctx))
                self._mark_made(s, [request])
                s.flush()
                self.ctx.audit(
                    s, user, "make_letter", "letter", record.id, detail=ctx.letter_type.value
                )
                uow.commit()
        except BaseException:
            if out is not None:
                discard(out)
            raise
        return MadeLetter(record_row(record, ctx.crime_reference), pdf, letter_warnings(ctx))

    def make_by_reference(
        self,
        user: CurrentUser,
        crime_reference: str,
        letter_type: LetterType,
        audience: Audience | None = None,
        easy_read: bool | None = None,
        large_print: bool = False,
        out: Path | None = None,
    ) -> MadeLetter:
        self.ctx.require(user, Permission.PRINT_LETTERS, "make_letter")
        with self.ctx.uow() as uow:
            referral = find_referral(uow.session, user, crime_reference)
            if referral is None:
                raise NotFound(
                    f"Crime reference: there is no referral {crime_reference.strip()} in your team"
                )
            referral_id = referral.id
        return self.make(
            user, LetterRequest(referral_id, letter_type, audience, easy_read, large_print), out
        )

    def _record(
        self,
        s: Session,
        user: CurrentUser,
        request: LetterRequest,
        ctx: LetterContext,
        pdf: bytes,
        page: str,
    ) -> LetterRecord:
        record = LetterRecord(
            referral_id=request.referral_id,
            letter_type=ctx.letter_type.value,
            audience=ctx.audience.value,
            easy_read=ctx.easy_read,
            large_print=ctx.large_print,
            created_at=self.ctx.clock(),
            created_by=user.username,
            sent_by="",
            sent_method="",
            sha256=checksum(pdf),
            size=len(pdf),
            pdf=pdf,
            session_id=request.session_id,
            queue_item_id=request.queue_item_id,
            language=ctx.language,
            template_version=ctx.edited.version if ctx.edited is not None else None,
            accessible_html=page,
        )
        s.add(record)
        return record

    @staticmethod
    def _mark_made(s: Session, requests: Sequence[LetterRequest]) -> None:
        """Queue items still due for these letters are made (one query for the lot)."""
        wanted = {r.queue_item_id for r in requests if r.queue_item_id is not None}
        if wanted:
            for queued in s.scalars(select(LetterDue).where(LetterDue.id.in_(wanted))):
                if queued.status == "due":
                    queued.status = "made"

    # --- what is due ---------------------------------------------------------------------
    def due(
        self,
        user: CurrentUser,
        first: date | None = None,
        last: date | None = None,
        letter_type: LetterType | None = None,
    ) -> tuple[LetterDueItem, ...]:
        """Letters waiting: the delivery queue (decisions, absences, outcomes) and reminders
        for sessions booked between `first` and `last` (default: the next week) that have not
        had one. Queue items count by their session's date, else the day they were queued."""
        self.ctx.require(user, Permission.PRINT_LETTERS, "view_letters_due")
        today = self.ctx.clock().date()
        with self.ctx.uow() as uow:
            return letters_due(uow.session, user, today, first, last, letter_type)

    # --- batches -------------------------------------------------------------------------
    def batch(
        self,
        user: CurrentUser,
        letter_type: LetterType | None,
        first: date,
        last: date,
        progress: BatchProgress | None = None,
        items: Iterable[LetterDueItem] | None = None,
        options: tuple[Audience | None, bool | None, bool] | None = None,
        out: Path | None = None,
    ) -> BatchResult:
        """Every letter of `letter_type` (None: every type) due for sessions or events from
        `first` to `last`, in one PDF, each letter recorded in the history with its own bytes.
        `progress(done, total)` returning False cancels: `Cancelled`, nothing recorded.
        `items` (from `due`) replaces the search; `options` (audience, easy read, large print)
        apply to every letter. With `out`, the PDF is written there (whole, or not at all)
        before the letters are recorded: if it cannot be written, nothing is recorded and the
        letters stay due (`OutputNotWritten`).

        The facts are read in bulk, the letters rendered with no transaction open, and the
        batch recorded in one short write."""
        self.ctx.require(user, Permission.PRINT_LETTERS, "letter_batch")
        if last < first:
            raise ValidationError(FieldProblem("To date", "the end date is before the start date"))
        today = self.ctx.clock().date()
        with self.ctx.uow() as uow:
            s = uow.session
            wanted = (
                tuple(items)
                if items is not None
                else letters_due(s, user, today, first, last, letter_type)
            )
            if not wanted:
                return BatchResult(0, b"", ())
            requests = [
                i.request if options is None else with_options(i.request, *options) for i in wanted
            ]
            contexts = load_contexts(s, user, requests, today)
        with tempfile.TemporaryFile() as spool:
            rendered = _Rendered(spool)
            combined = self._render(contexts, rendered, progress)
            if out is not None:
                write_atomically(out, combined)  # first the file, then the record
            try:
                ids = self._record_batch(user, requests, contexts, rendered, letter_type)
            except BaseException:
                if out is not None:
                    discard(out)  # no file that the history does not know about
                raise
        return BatchResult(len(ids), combined, tuple(ids))

    @staticmethod
    def _render(
        contexts: Sequence[LetterContext], rendered: _Rendered, progress: BatchProgress | None
    ) -> bytes:
        """The batch's one PDF, each letter laid out once; each letter's own PDF (for the
        history) is its pages cut from it (letters/pdf_split.py)."""
        from yot_desktop.letters.pdf_split import letter_info, split_letters  # pypdf
        from yot_desktop.letters.render import render_batch  # ReportLab: when letters are made

        total = len(contexts)

        def step(done: int) -> bool:
            return progress is None or progress(done, total) is not False

        combined = io.BytesIO()
        render_batch(contexts, combined, step)
        batch = combined.getvalue()
        try:
            own: Iterable[bytes] = split_letters(batch, [letter_info(c) for c in contexts])
        except ValueError:  # not told apart: each laid out again (never seen; a safety net)
            own = (_render_one(c) for c in contexts)
        for pdf, ctx in zip(own, contexts, strict=True):
            rendered.add(pdf, accessible_html(ctx))
        return batch

    def _record_batch(
        self,
        user: CurrentUser,
        requests: Sequence[LetterRequest],
        contexts: Sequence[LetterContext],
        rendered: _Rendered,
        letter_type: LetterType | None,
    ) -> list[int]:
        """Every letter of the batch into the history, in one transaction. Records are
        inserted RECORD_CHUNK at a time and let go: memory does not grow with the batch."""
        ids: list[int] = []
        with self.ctx.uow() as uow:
            s = uow.session
            pairs = list(zip(requests, contexts, strict=True))
            for start in range(0, len(pairs), RECORD_CHUNK):
                chunk = [
                    self._record(s, user, request, ctx, rendered.pdf(n), rendered.pages[n])
                    for n, (request, ctx) in enumerate(pairs[start : start + RECORD_CHUNK], start)
                ]
                s.flush()
                ids += [r.id for r in chunk]
                for record in chunk:
                    s.expunge(record)
            self._mark_made(s, requests)
            self.ctx.audit(
                s,
                user,
                "letter_batch",
                "letter",
                None,
                detail=f"{letter_type.value if letter_type else 'all'} x{len(ids)}",
            )
            uow.commit()
        return ids
