"""Letter history (issue 5): every letter made, with the exact PDF bytes and their checksum."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from yot_desktop.storage.models import Base, Versioned


class LetterRecord(Versioned, Base):
    """One letter as made. The bytes are never changed; only the 'sent' facts are filled in."""

    __tablename__ = "letter_history"
    id: Mapped[int] = mapped_column(primary_key=True)
    referral_id: Mapped[int] = mapped_column(ForeignKey("referrals.id"), index=True)
    letter_type: Mapped[str] = mapped_column(String(30))
    audience: Mapped[str] = mapped_column(String(16))
    easy_read: Mapped[bool] = mapped_column(Boolean, default=False)
    large_print: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    created_by: Mapped[str] = mapped_column(String(64))
    sent_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    sent_by: Mapped[str] = mapped_column(String(64), default="")
    sent_method: Mapped[str] = mapped_column(String(10), default="")  # post | email | hand
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    pdf: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    session_id: Mapped[int | None] = mapped_column(
        ForeignKey("sessions.id", ondelete="SET NULL"), nullable=True, index=True
    )
    queue_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("letters_queue.id", ondelete="SET NULL"), nullable=True
    )
    # The wording used: language code, and whether a manager's edited template was used.
    language: Mapped[str] = mapped_column(String(8), default="en", server_default="en")
    template_version: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # The same letter as accessible HTML for screen readers (issue 15); None before 0009.
    accessible_html: Mapped[str | None] = mapped_column(Text, nullable=True, deferred=True)


class LetterTemplate(Versioned, Base):
    """A manager's edited wording (or a translation) for one letter type, reader, reading
    level and language, replacing the shipped wording until it is reset. `body` is in the
    edited-template format of yot_desktop/letters/edited.py, checked before it is saved."""

    __tablename__ = "letter_template"
    __table_args__ = (
        UniqueConstraint(
            "letter_type", "audience", "easy_read", "language", name="uq_letter_template_key"
        ),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    letter_type: Mapped[str] = mapped_column(String(30))
    audience: Mapped[str] = mapped_column(String(16))
    easy_read: Mapped[bool] = mapped_column(Boolean, default=False)
    language: Mapped[str] = mapped_column(String(8), default="en")
    language_name: Mapped[str] = mapped_column(String(60), default="English")
    body: Mapped[str] = mapped_column(Text)
    updated_by: Mapped[str] = mapped_column(String(64))
    updated_at: Mapped[datetime] = mapped_column(DateTime)
