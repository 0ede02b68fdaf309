"""Reports (issue 6): the practitioner's recommendation for the panel, and the indexes the
scheme evaluation's aggregate reads through (see services/reports/sql.py)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from yot_desktop.storage.models import Base, ProgrammeSession, Referral, Versioned
from yot_desktop.storage.models_intake import CrafftScreening, ReferralStatusChange


class PanelRecommendation(Versioned, Base):
    """What the practitioner recommends to the joint decision-making panel: free text, one per
    referral. It may name the child, so it lives here (erased with the referral) and never in
    the audit log, which records only that it changed."""

    __tablename__ = "panel_recommendations"
    id: Mapped[int] = mapped_column(primary_key=True)
    referral_id: Mapped[int] = mapped_column(
        ForeignKey("referrals.id", ondelete="CASCADE"), unique=True
    )
    text: Mapped[str] = mapped_column(Text, default="")
    written_by: Mapped[str] = mapped_column(String(64))
    written_at: Mapped[datetime] = mapped_column(DateTime)


# Index-only probes for the evaluation: a referral's first session and whether one was
# attended; an 'offered' status change; its screening; a later referral of the same child.
Index(
    "ix_sessions_referral_start",
    ProgrammeSession.referral_id,
    ProgrammeSession.starts_at,
    ProgrammeSession.status,
)
Index(
    "ix_referral_status_changes_referral_to",
    ReferralStatusChange.referral_id,
    ReferralStatusChange.to_status,
)
Index(
    "ix_crafft_screenings_referral_need",
    CrafftScreening.referral_id,
    CrafftScreening.positive,
    CrafftScreening.need_identified_by_worker,
)
Index(
    "ix_referrals_person_date",
    Referral.young_person_id,
    Referral.referral_date,
    Referral.scheme_id,
)
