"""The letter history: the letters kept for a young person, reopened exactly (checked against
their checksum), as accessible text, and marked sent."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from yot_desktop.domain.errors import FieldProblem, NotFound, ValidationError
from yot_desktop.domain.permissions import Permission
from yot_desktop.letters.accessible import plain_text
from yot_desktop.services.core import ServiceContext
from yot_desktop.services.delivery.common import referral_scope
from yot_desktop.services.dto import CurrentUser
from yot_desktop.services.letters.dto import SENT_METHODS, LetterRecordRow, checksum, record_row
from yot_desktop.storage.models import Referral
from yot_desktop.storage.models_delivery import LetterDue
from yot_desktop.storage.models_letters import LetterRecord


class LetterHistory:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def history(
        self, user: CurrentUser, young_person_id: int | None = None, referral_id: int | None = None
    ) -> tuple[LetterRecordRow, ...]:
        """The letters made for a young person (or one referral), newest first."""
        self.ctx.require(user, Permission.PRINT_LETTERS, "letter_history")
        stmt = referral_scope(
            user,
            select(LetterRecord, Referral.crime_reference).join(
                Referral, Referral.id == LetterRecord.referral_id
            ),
        )
        if young_person_id is not None:
            stmt = stmt.where(Referral.young_person_id == young_person_id)
        if referral_id is not None:
            stmt = stmt.where(Referral.id == referral_id)
        with self.ctx.uow() as uow:
            rows = uow.session.execute(
                stmt.order_by(LetterRecord.created_at.desc(), LetterRecord.id.desc())
            )
            return tuple(record_row(r, ref) for r, ref in rows)

    def _load(self, s: Session, user: CurrentUser, record_id: int) -> tuple[LetterRecord, str]:
        found = s.execute(
            referral_scope(
                user,
                select(LetterRecord, Referral.crime_reference)
                .join(Referral, Referral.id == LetterRecord.referral_id)
                .where(LetterRecord.id == record_id),
            )
        ).first()
        if found is None:
            raise NotFound("This letter does not exist or is not in your team.")
        return found[0], found[1]

    def reopen(self, user: CurrentUser, record_id: int) -> bytes:
        """The exact bytes kept, after checking them against their checksum."""
        self.ctx.require(user, Permission.PRINT_LETTERS, "reopen_letter")
        with self.ctx.uow() as uow:
            s = uow.session
            record, _ref = self._load(s, user, record_id)
            pdf = bytes(record.pdf)
            if checksum(pdf) != record.sha256:
                self.ctx.audit(s, user, "reopen_letter", "letter", record_id, outcome="failed")
                uow.commit()
                raise ValidationError(
                    FieldProblem(
                        "letter",
                        "the stored letter does not match its checksum; it has been "
                        "changed since it was made",
                    )
                )
            self.ctx.audit(s, user, "reopen_letter", "letter", record_id)
            uow.commit()
        return pdf

    def accessible(self, user: CurrentUser, record_id: int, plain: bool = False) -> str:
        """The letter as accessible HTML (or plain text), kept beside its PDF when it was
        made, for a reader who uses a screen reader."""
        self.ctx.require(user, Permission.PRINT_LETTERS, "reopen_letter")
        with self.ctx.uow() as uow:
            s = uow.session
            record, _ref = self._load(s, user, record_id)
            page = record.accessible_html
            if page is None:
                raise NotFound(
                    "This letter was made before letters were kept as accessible text; "
                    "make it again to get one."
                )
            self.ctx.audit(s, user, "reopen_letter", "letter", record_id, detail="text")
            uow.commit()
        return plain_text(page) if plain else page

    def mark_sent(
        self, user: CurrentUser, record_id: int, method: str, version: int | None = None
    ) -> LetterRecordRow:
        self.ctx.require(user, Permission.PRINT_LETTERS, "mark_letter_sent")
        if method not in SENT_METHODS:
            raise ValidationError(FieldProblem("How it was sent", "choose post, email or hand"))
        with self.ctx.uow() as uow:
            s = uow.session
            record, ref = self._load(s, user, record_id)
            uow.saw(record, version, "letter")
            record.sent_at = self.ctx.clock()
            record.sent_by = user.username
            record.sent_method = method
            if record.queue_item_id is not None:
                queued = s.get(LetterDue, record.queue_item_id)
                if queued is not None:
                    queued.status = "sent"
            self.ctx.audit(s, user, "mark_letter_sent", "letter", record_id, detail=method)
            uow.commit()
            return record_row(record, ref)
