"""The practitioner's recommendation to the joint decision-making panel: read, write (versioned:
a stale write is a ConflictError) and audited. The text may name the child, so the audit log
records only that it was written; an edit's before and after go to the erasable
audit_field_change table."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from yot_desktop.domain.errors import ConflictError, FieldProblem, ValidationError
from yot_desktop.domain.validation import text_problem
from yot_desktop.services.admin.staff_names import staff_name
from yot_desktop.services.core import ServiceContext
from yot_desktop.services.dto import CurrentUser
from yot_desktop.storage.models import Referral
from yot_desktop.storage.models_reports import PanelRecommendation

MAX_LENGTH = 4000


@dataclass(frozen=True)
class Recommendation:
    crime_reference: str
    text: str
    version: int | None  # None: nothing written yet
    written_by: str = ""  # the writer's name as colleagues know them
    written_at: datetime | None = None


def stored_text(s: Session, referral_id: int) -> str:
    return (
        s.scalar(
            select(PanelRecommendation.text).where(PanelRecommendation.referral_id == referral_id)
        )
        or ""
    )


def checked_text(text: str) -> str:
    # Control characters first, on the text as typed: splitlines() would turn some into
    # line breaks, and PostgreSQL cannot store a NUL.
    if (problem := text_problem(text, "recommendation", len(text), multi_line=True)) is not None:
        raise ValidationError(problem)
    tidy = "\n".join(line.rstrip() for line in text.strip().splitlines())
    if len(tidy) > MAX_LENGTH:
        raise ValidationError(
            FieldProblem(
                "recommendation",
                f"keep the recommendation to {MAX_LENGTH:,} characters or fewer "
                f"(it has {len(tidy):,}): the panel reads it on one page",
            )
        )
    return tidy


def read(s: Session, r: Referral) -> Recommendation:
    row = s.scalar(select(PanelRecommendation).where(PanelRecommendation.referral_id == r.id))
    if row is None:
        return Recommendation(r.crime_reference, "", None)
    return _shown(s, r, row)


def _shown(s: Session, r: Referral, row: PanelRecommendation) -> Recommendation:
    return Recommendation(
        r.crime_reference, row.text, row.version, staff_name(s, row.written_by), row.written_at
    )


def write(
    ctx: ServiceContext,
    s: Session,
    user: CurrentUser,
    r: Referral,
    text: str,
    version: int | None,
) -> Recommendation:
    """Save ``text`` over the version the user saw (None: they saw none written)."""
    tidy = checked_text(text)
    row = s.scalar(select(PanelRecommendation).where(PanelRecommendation.referral_id == r.id))
    seen = None if row is None else row.version
    if version != seen:
        raise ConflictError(
            "recommendation",
            r.id,
            changed_by=staff_name(s, row.written_by) or None if row is not None else None,
            current={"version": seen},
        )
    now = ctx.clock()
    if row is None:
        row = PanelRecommendation(
            referral_id=r.id, text=tidy, written_by=user.username, written_at=now
        )
        s.add(row)
        try:
            s.flush()
        except IntegrityError as err:  # someone wrote the first one between our read and now
            s.rollback()
            raise _written_first(s, r) from err
        ctx.audit(s, user, "panel_recommendation", "referral", r.id, detail="written")
    elif row.text != tidy:
        row.text, row.written_by, row.written_at = tidy, user.username, now
        ctx.audit_changes(s, user, "panel_recommendation", row, r.young_person_id, detail="changed")
        s.flush()
    return _shown(s, r, row)


def _written_first(s: Session, r: Referral) -> ConflictError:
    """The conflict when two people saved the first recommendation at once: names who won."""
    row = s.scalar(select(PanelRecommendation).where(PanelRecommendation.referral_id == r.id))
    who = staff_name(s, row.written_by) or row.written_by if row is not None else ""
    by = who or "Someone else"
    return ConflictError(
        "recommendation",
        r.id,
        f"{by} saved a recommendation for {r.crime_reference} at the same moment as you, so "
        "yours was not saved. Reload to read theirs, then add your words to it if they are "
        "still needed.",
        changed_by=who or None,
        current={"version": None if row is None else row.version},
    )
