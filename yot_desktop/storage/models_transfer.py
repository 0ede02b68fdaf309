"""Case transfers (issue 11, point 4): a young person's case moved from one team to another.

Written once, never edited: the history of which team held the case. It may hold a reason
that names the family's circumstances, so it belongs to the young person (erased with them
by retention, through the foreign key) and never goes into the append-only audit log.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from yot_desktop.storage.models import Base


class CaseTransfer(Base):
    __tablename__ = "case_transfers"
    id: Mapped[int] = mapped_column(primary_key=True)
    young_person_id: Mapped[int] = mapped_column(
        ForeignKey("young_people.id", ondelete="CASCADE"), index=True
    )
    from_team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"), nullable=True)
    to_team_id: Mapped[int] = mapped_column(ForeignKey("teams.id"))
    by_username: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(DateTime)
    reason: Mapped[str] = mapped_column(Text, default="")
