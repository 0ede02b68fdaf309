"""Delivery tables: the intervention catalogue, programmes, attendance history, follow-ups,
team closures, venues, engagement decisions and the letters queue (issue 4).

Attendance marks and engagement decisions are append-only: a correction is a new row that
points at the row it replaces, so they carry no version column.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from yot_desktop.storage.models import Base, Versioned


class Intervention(Versioned, Base):
    """The catalogue administrators edit. `default_provider` '' means the scheme's provider."""

    __tablename__ = "interventions"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    label: Mapped[str] = mapped_column(String(120))
    default_minutes: Mapped[int] = mapped_column(Integer)
    default_provider: Mapped[str] = mapped_column(String(120), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    position: Mapped[int] = mapped_column(Integer, default=0)


class Programme(Versioned, Base):
    """One tailored programme per accepted referral."""

    __tablename__ = "programmes"
    id: Mapped[int] = mapped_column(primary_key=True)
    referral_id: Mapped[int] = mapped_column(ForeignKey("referrals.id"), unique=True)
    start_date: Mapped[date] = mapped_column(Date)
    deadline: Mapped[date] = mapped_column(Date, index=True)
    # active, completed, not_engaged, withdrawn
    status: Mapped[str] = mapped_column(String(20), default="active", index=True)
    # Unexplained absences when engagement was last assessed (letters follow a change).
    unexplained: Mapped[int] = mapped_column(Integer, default=0)
    # The count when a manager last decided to continue; None before any decision.
    continued_at: Mapped[int | None] = mapped_column(Integer, nullable=True)
    started_by: Mapped[str] = mapped_column(String(64))
    started_at: Mapped[datetime] = mapped_column(DateTime)
    closed_by: Mapped[str] = mapped_column(String(64), default="")
    closed_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    items: Mapped[list[ProgrammeItem]] = relationship(
        cascade="all, delete-orphan", order_by="ProgrammeItem.position"
    )


class ProgrammeItem(Versioned, Base):
    __tablename__ = "programme_items"
    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(
        ForeignKey("programmes.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    intervention_code: Mapped[str] = mapped_column(String(40))
    label: Mapped[str] = mapped_column(String(120))
    planned_count: Mapped[int] = mapped_column(Integer)
    minutes: Mapped[int] = mapped_column(Integer)
    provider: Mapped[str] = mapped_column(String(120), default="")
    worker_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)


class Venue(Versioned, Base):
    """A place sessions are held; `capacity` None means no limit (home visits, online).

    Letters print the address, directions and access notes (issue 15, point 1); an online
    venue has a joining link and instructions instead of an address.
    """

    __tablename__ = "venues"
    __table_args__ = (UniqueConstraint("team_id", "name"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"), nullable=True)
    name: Mapped[str] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(String(20))
    capacity: Mapped[int | None] = mapped_column(Integer, nullable=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    address_line_1: Mapped[str] = mapped_column(String(200), default="", server_default="")
    address_line_2: Mapped[str] = mapped_column(String(200), default="", server_default="")
    town: Mapped[str] = mapped_column(String(100), default="", server_default="")
    postcode: Mapped[str] = mapped_column(String(10), default="", server_default="")
    directions: Mapped[str] = mapped_column(Text, default="", server_default="")
    accessibility: Mapped[str] = mapped_column(Text, default="", server_default="")
    join_link: Mapped[str] = mapped_column(String(500), default="", server_default="")
    join_instructions: Mapped[str] = mapped_column(Text, default="", server_default="")


class TeamClosure(Base):
    __tablename__ = "team_closures"
    __table_args__ = (UniqueConstraint("team_id", "day"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"))
    day: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(String(200), default="")


class AttendanceMarkRow(Base):
    """What happened at a session. Append-only: a correction points at the mark it replaces."""

    __tablename__ = "attendance_marks"
    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("sessions.id"), index=True)
    value: Mapped[str] = mapped_column(String(30))
    reason: Mapped[str] = mapped_column(Text, default="")
    evidence_received: Mapped[bool] = mapped_column(Boolean, default=False)
    marked_by: Mapped[str] = mapped_column(String(64))
    marked_at: Mapped[datetime] = mapped_column(DateTime)
    corrects_id: Mapped[int | None] = mapped_column(
        ForeignKey("attendance_marks.id"), nullable=True
    )
    correction_note: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(String(20), default="register")


class FollowUp(Versioned, Base):
    """A call to the family after a missed session, due the next working day."""

    __tablename__ = "follow_ups"
    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("sessions.id"), index=True)
    referral_id: Mapped[int] = mapped_column(ForeignKey("referrals.id"), index=True)
    due_date: Mapped[date] = mapped_column(Date, index=True)
    done: Mapped[bool] = mapped_column(Boolean, default=False)
    done_by: Mapped[str] = mapped_column(String(64), default="")
    done_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime)


class EngagementDecision(Base):
    """A manager's decision after the absence limit: not engaged, or continue with a reason."""

    __tablename__ = "engagement_decisions"
    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programmes.id"), index=True)
    outcome: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(Text, default="")
    decided_by: Mapped[str] = mapped_column(String(64))
    decided_at: Mapped[datetime] = mapped_column(DateTime)
    unexplained_at_decision: Mapped[int] = mapped_column(Integer)


class LetterDue(Versioned, Base):
    """A letter the rules say is due; the letters work picks these up (status 'due')."""

    __tablename__ = "letters_queue"
    id: Mapped[int] = mapped_column(primary_key=True)
    referral_id: Mapped[int] = mapped_column(ForeignKey("referrals.id"), index=True)
    session_id: Mapped[int | None] = mapped_column(ForeignKey("sessions.id"), nullable=True)
    letter_type: Mapped[str] = mapped_column(String(30))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    status: Mapped[str] = mapped_column(String(12), default="due", index=True)
