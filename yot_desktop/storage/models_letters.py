"""Letter history (issue 5): every letter made, with the exact PDF bytes and their checksum."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, LargeBinary, String
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
