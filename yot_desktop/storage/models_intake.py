"""Intake tables (issue 3): decisions, consent, screening, duplicates and merges."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from yot_desktop.storage.models import Base, Versioned, YoungPerson


class ReferralStatusChange(Base):
    """Every status a referral has had: its decision history. Written, never edited."""

    __tablename__ = "referral_status_changes"
    id: Mapped[int] = mapped_column(primary_key=True)
    referral_id: Mapped[int] = mapped_column(
        ForeignKey("referrals.id", ondelete="CASCADE"), index=True
    )
    from_status: Mapped[str] = mapped_column(String(20), default="")
    to_status: Mapped[str] = mapped_column(String(20))
    at: Mapped[datetime] = mapped_column(DateTime)
    by_username: Mapped[str] = mapped_column(String(64))
    note: Mapped[str] = mapped_column(Text, default="")


class Consent(Versioned, Base):
    """Consent to the programme from the young person or a parent or carer."""

    __tablename__ = "consents"
    id: Mapped[int] = mapped_column(primary_key=True)
    referral_id: Mapped[int] = mapped_column(
        ForeignKey("referrals.id", ondelete="CASCADE"), index=True
    )
    party: Mapped[str] = mapped_column(String(16))  # young_person | parent_carer
    carer_id: Mapped[int | None] = mapped_column(
        ForeignKey("carers.id", ondelete="SET NULL"), nullable=True
    )
    given_by: Mapped[str] = mapped_column(String(200))
    consented: Mapped[bool] = mapped_column(Boolean, default=True)
    taken_on: Mapped[date] = mapped_column(Date)
    taken_by: Mapped[str] = mapped_column(String(64))
    lawful_basis: Mapped[str] = mapped_column(String(200))
    recorded_at: Mapped[datetime] = mapped_column(DateTime)


class CrafftScreening(Versioned, Base):
    """One CRAFFT 2.1 screen. Part B answers are None when the skip rule did not ask them."""

    __tablename__ = "crafft_screenings"
    id: Mapped[int] = mapped_column(primary_key=True)
    young_person_id: Mapped[int] = mapped_column(
        ForeignKey("young_people.id", ondelete="CASCADE"), index=True
    )
    referral_id: Mapped[int | None] = mapped_column(
        ForeignKey("referrals.id", ondelete="SET NULL"), nullable=True, index=True
    )
    screened_on: Mapped[date] = mapped_column(Date)
    screened_by: Mapped[str] = mapped_column(String(64))
    alcohol_days: Mapped[int] = mapped_column(Integer)
    cannabis_days: Mapped[int] = mapped_column(Integer)
    other_days: Mapped[int] = mapped_column(Integer)
    car: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    relax: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    alone: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    forget: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    family_friends: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    trouble: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    score: Mapped[int] = mapped_column(Integer)
    positive: Mapped[bool] = mapped_column(Boolean)
    need_identified_by_worker: Mapped[bool] = mapped_column(Boolean, default=False)


class DuplicateCandidate(Versioned, Base):
    """Two records that may be one young person, waiting for staff to review."""

    __tablename__ = "duplicate_candidates"
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(
        ForeignKey("young_people.id", ondelete="CASCADE"), index=True
    )
    other_person_id: Mapped[int] = mapped_column(
        ForeignKey("young_people.id", ondelete="CASCADE"), index=True
    )
    reason: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(16), default="open", index=True)
    found_at: Mapped[datetime] = mapped_column(DateTime)
    reviewed_by: Mapped[str] = mapped_column(String(64), default="")
    reviewed_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)


class PersonMerge(Versioned, Base):
    """One record merged into another; reversible until confirmed.

    Lists of ids (comma-separated) say what moved, so an undo puts exactly that back.
    """

    __tablename__ = "person_merges"
    id: Mapped[int] = mapped_column(primary_key=True)
    kept_person_id: Mapped[int] = mapped_column(
        ForeignKey("young_people.id", ondelete="CASCADE"), index=True
    )
    merged_person_id: Mapped[int] = mapped_column(
        ForeignKey("young_people.id", ondelete="CASCADE"), index=True
    )
    candidate_id: Mapped[int | None] = mapped_column(
        ForeignKey("duplicate_candidates.id", ondelete="SET NULL"), nullable=True
    )
    status: Mapped[str] = mapped_column(String(12), default="pending")  # confirmed | undone
    referral_ids: Mapped[str] = mapped_column(Text, default="")
    carer_ids: Mapped[str] = mapped_column(Text, default="")
    screening_ids: Mapped[str] = mapped_column(Text, default="")
    filled_fields: Mapped[str] = mapped_column(Text, default="")
    merged_at: Mapped[datetime] = mapped_column(DateTime)
    merged_by: Mapped[str] = mapped_column(String(64))
    closed_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    closed_by: Mapped[str] = mapped_column(String(64), default="")


Index("ix_duplicate_pair", DuplicateCandidate.person_id, DuplicateCandidate.other_person_id)
# The caseload lists people in name order: this index lets a page come without a full sort.
Index("ix_young_people_name_order", YoungPerson.search_last, YoungPerson.search_name)
