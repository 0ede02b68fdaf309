"""reports: the practitioner's written recommendation for the panel, and the indexes the
scheme evaluation's aggregate reads through (issue 6)

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

INDEXES = (
    ("ix_sessions_referral_start", "sessions", ["referral_id", "starts_at", "status"]),
    (
        "ix_referral_status_changes_referral_to",
        "referral_status_changes",
        ["referral_id", "to_status"],
    ),
    (
        "ix_crafft_screenings_referral_need",
        "crafft_screenings",
        ["referral_id", "positive", "need_identified_by_worker"],
    ),
    ("ix_referrals_person_date", "referrals", ["young_person_id", "referral_date", "scheme_id"]),
)


def upgrade() -> None:
    op.create_table(
        "panel_recommendations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("referral_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("written_by", sa.String(length=64), nullable=False),
        sa.Column("written_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["referral_id"],
            ["referrals.id"],
            name=op.f("fk_panel_recommendations_referral_id_referrals"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_panel_recommendations")),
        sa.UniqueConstraint("referral_id", name=op.f("uq_panel_recommendations_referral_id")),
    )
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns, unique=False)


def downgrade() -> None:
    for name, table, _ in reversed(INDEXES):
        op.drop_index(name, table_name=table)
    op.drop_table("panel_recommendations")
