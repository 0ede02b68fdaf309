"""The tables. Every editable table has a `version` column (optimistic locking)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.engine.default import DefaultExecutionContext
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column, relationship

from yot_desktop.domain.names import fold

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Versioned:
    """Mixin: a version counter SQLAlchemy checks on every UPDATE (stale writes fail)."""

    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        return {"version_id_col": cls.__table__.c.version}  # type: ignore[attr-defined]


class Team(Versioned, Base):
    __tablename__ = "teams"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    address: Mapped[str] = mapped_column(Text, default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    email: Mapped[str] = mapped_column(String(200), default="")


class User(Versioned, Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(120), default="")
    role: Mapped[str] = mapped_column(String(20))
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"), nullable=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False)
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    team: Mapped[Team | None] = relationship()


class Scheme(Versioned, Base):
    __tablename__ = "schemes"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(12), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    area: Mapped[str] = mapped_column(String(120), default="")
    model: Mapped[str] = mapped_column(String(20))
    outcome_code: Mapped[str] = mapped_column(String(8), default="22")
    min_age: Mapped[int] = mapped_column(Integer)
    max_age: Mapped[int] = mapped_column(Integer)
    second_chance: Mapped[bool] = mapped_column(Boolean)
    sessions_required: Mapped[int] = mapped_column(Integer)
    assessment_required: Mapped[bool] = mapped_column(Boolean)
    session_minutes: Mapped[int] = mapped_column(Integer)
    complete_within_weeks: Mapped[int] = mapped_column(Integer)
    absence_limit: Mapped[int] = mapped_column(Integer)
    provider: Mapped[str] = mapped_column(String(120), default="")
    # The team that runs the scheme and holds its referrals; None: the importer's team.
    # No foreign key (migration 0010: adding one on SQLite would rebuild this table).
    team_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    team: Mapped[Team | None] = relationship(
        primaryjoin="foreign(Scheme.team_id) == Team.id", lazy="joined", viewonly=True
    )
    thresholds: Mapped[list[SchemeThreshold]] = relationship(
        cascade="all, delete-orphan", order_by="SchemeThreshold.position"
    )


class SchemeThreshold(Base):
    __tablename__ = "scheme_thresholds"
    __table_args__ = (UniqueConstraint("scheme_id", "substance"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    scheme_id: Mapped[int] = mapped_column(ForeignKey("schemes.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer, default=0)
    substance: Mapped[str] = mapped_column(String(80))
    max_quantity: Mapped[Decimal] = mapped_column(Numeric(12, 3))
    unit: Mapped[str] = mapped_column(String(10))


def _search_reverse(context: DefaultExecutionContext) -> str:
    """Default for rows inserted in bulk (the demo): "last first", folded."""
    params = context.get_current_parameters()
    return fold(f"{params.get('last_name', '')} {params.get('first_name', '')}")


def _search_postcode(context: DefaultExecutionContext) -> str:
    return compact_postcode(str(context.get_current_parameters().get("postcode") or ""))


def compact_postcode(postcode: str) -> str:
    """'RG14 5AB' -> 'RG145AB': what a postcode search compares against."""
    return "".join(postcode.split()).upper()


class YoungPerson(Versioned, Base):
    __tablename__ = "young_people"
    id: Mapped[int] = mapped_column(primary_key=True)
    person_ref: Mapped[str] = mapped_column(String(16), unique=True)
    first_name: Mapped[str] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100))
    preferred_name: Mapped[str] = mapped_column(String(100), default="")
    # Case- and accent-folded "first last" for search; kept in step by the services.
    search_name: Mapped[str] = mapped_column(String(220), index=True)
    search_last: Mapped[str] = mapped_column(String(110), index=True)
    # "last first", folded, so "kowalski lu" finds Łukasz Kowalski; and the postcode without
    # its space. Indexed prefix searches (intake, issue 3).
    search_reverse: Mapped[str] = mapped_column(String(220), index=True, default=_search_reverse)
    search_postcode: Mapped[str] = mapped_column(String(10), index=True, default=_search_postcode)
    # Set when this record was merged into another; hidden from lists until the merge is undone.
    # No foreign key: adding one on SQLite would rebuild the table under its dependants. No
    # index either: nearly every row is NULL, and SQLite would pick it over the search indexes.
    merged_into_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    date_of_birth: Mapped[date] = mapped_column(Date, index=True)
    gender: Mapped[str] = mapped_column(String(12), default="not known")
    ethnicity: Mapped[str] = mapped_column(String(4), default="NS")
    address_line_1: Mapped[str] = mapped_column(String(200), default="")
    address_line_2: Mapped[str] = mapped_column(String(200), default="")
    town: Mapped[str] = mapped_column(String(100), default="")
    postcode: Mapped[str] = mapped_column(String(10), default="", index=True)
    school: Mapped[str] = mapped_column(String(200), default="")
    first_language: Mapped[str] = mapped_column(String(60), default="English")
    interpreter_needed: Mapped[bool] = mapped_column(Boolean, default=False)
    communication_needs: Mapped[str] = mapped_column(Text, default="")
    send_needs: Mapped[str] = mapped_column(Text, default="")
    looked_after: Mapped[bool] = mapped_column(Boolean, default=False)
    exploitation_concern: Mapped[bool] = mapped_column(Boolean, default=False)
    nrm_referral_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    nrm_decision: Mapped[str] = mapped_column(String(120), default="")
    missing_episodes: Mapped[int] = mapped_column(Integer, default=0)
    other_agencies: Mapped[str] = mapped_column(Text, default="")
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"), nullable=True, index=True)
    possible_duplicate: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    updated_by: Mapped[str] = mapped_column(String(64), default="")
    carers: Mapped[list[Carer]] = relationship(
        back_populates="young_person", cascade="all, delete-orphan", order_by="Carer.id"
    )
    referrals: Mapped[list[Referral]] = relationship(
        back_populates="young_person", order_by="Referral.referral_date"
    )


class Carer(Versioned, Base):
    __tablename__ = "carers"
    id: Mapped[int] = mapped_column(primary_key=True)
    young_person_id: Mapped[int] = mapped_column(
        ForeignKey("young_people.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    relationship_to_child: Mapped[str] = mapped_column(String(60), default="")
    parental_responsibility: Mapped[bool] = mapped_column(Boolean, default=True)
    address: Mapped[str] = mapped_column(Text, default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    preferred_language: Mapped[str] = mapped_column(String(60), default="English")
    letter_preference: Mapped[str] = mapped_column(String(10), default="post")
    young_person: Mapped[YoungPerson] = relationship(back_populates="carers")


class Referral(Versioned, Base):
    __tablename__ = "referrals"
    id: Mapped[int] = mapped_column(primary_key=True)
    crime_reference: Mapped[str] = mapped_column(String(40), unique=True)
    young_person_id: Mapped[int] = mapped_column(ForeignKey("young_people.id"), index=True)
    scheme_id: Mapped[int] = mapped_column(ForeignKey("schemes.id"), index=True)
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"), nullable=True, index=True)
    worker_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    referral_date: Mapped[date] = mapped_column(Date, index=True)
    referring_officer: Mapped[str] = mapped_column(String(120))
    officer_email: Mapped[str] = mapped_column(String(200), default="")
    offence_date: Mapped[date] = mapped_column(Date)
    offence_location: Mapped[str] = mapped_column(String(200), default="")
    substance: Mapped[str] = mapped_column(String(80))
    quantity: Mapped[Decimal] = mapped_column(Numeric(12, 3))
    unit: Mapped[str] = mapped_column(String(10))
    supply_suspected: Mapped[bool] = mapped_column(Boolean)
    notes: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20), index=True)
    eligible: Mapped[bool] = mapped_column(Boolean)
    eligibility_reasons: Mapped[str] = mapped_column(String(200), default="")
    prior_diversions: Mapped[int] = mapped_column(Integer, default=0)
    override_reason: Mapped[str] = mapped_column(Text, default="")
    override_by: Mapped[str] = mapped_column(String(64), default="")
    override_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    outcome_code: Mapped[str] = mapped_column(String(8), default="")
    # Joint decision-making panel (police and YOT) and when the police were told the outcome.
    panel_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    panel_decision: Mapped[str] = mapped_column(String(200), default="")
    police_informed_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    young_person: Mapped[YoungPerson] = relationship(back_populates="referrals")
    scheme: Mapped[Scheme] = relationship()
    sessions: Mapped[list[ProgrammeSession]] = relationship(
        back_populates="referral", order_by="ProgrammeSession.starts_at"
    )


class ProgrammeSession(Versioned, Base):
    __tablename__ = "sessions"
    id: Mapped[int] = mapped_column(primary_key=True)
    referral_id: Mapped[int] = mapped_column(ForeignKey("referrals.id"), index=True)
    intervention: Mapped[str] = mapped_column(String(40))
    starts_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    minutes: Mapped[int] = mapped_column(Integer)
    venue: Mapped[str] = mapped_column(String(20))
    venue_name: Mapped[str] = mapped_column(String(200), default="")
    # The venue chosen from the team's list (its address goes on letters); None before
    # venues had addresses, or for a place typed by hand. No foreign key (migration 0011:
    # adding one on SQLite would rebuild this table); venues are never deleted.
    venue_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    worker_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True, index=True)
    status: Mapped[str] = mapped_column(String(30), default="planned")
    reason: Mapped[str] = mapped_column(Text, default="")
    evidence_received: Mapped[bool] = mapped_column(Boolean, default=False)
    # Delivery (issue 4): the plan line it delivers, and where a rescheduled session went.
    programme_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("programme_items.id", ondelete="SET NULL"), nullable=True
    )
    rescheduled_to_id: Mapped[int | None] = mapped_column(ForeignKey("sessions.id"), nullable=True)
    referral: Mapped[Referral] = relationship(back_populates="sessions")


class AuditEntry(Base):
    """Append-only. Holds references and action names, never a child's personal data."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, index=True)
    username: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(40), index=True)
    entity: Mapped[str] = mapped_column(String(40), default="")
    entity_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    outcome: Mapped[str] = mapped_column(String(12), default="ok")
    detail: Mapped[str] = mapped_column(String(400), default="")


class AppMeta(Base):
    __tablename__ = "app_meta"
    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


Index("ix_young_people_dob_name", YoungPerson.date_of_birth, YoungPerson.search_last)
Index("ix_audit_entity", AuditEntry.entity, AuditEntry.entity_id)

from yot_desktop.storage import models_intake  # noqa: E402,F401

# isort: split

from yot_desktop.storage import models_delivery  # noqa: E402,F401

# isort: split

from yot_desktop.storage import models_letters  # noqa: E402,F401

# isort: split

from yot_desktop.storage import models_audit  # noqa: E402,F401

# isort: split

from yot_desktop.storage import models_reports  # noqa: E402,F401

# isort: split

from yot_desktop.storage import models_transfer  # noqa: E402,F401
