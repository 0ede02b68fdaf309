"""letters: the letter history with each letter's exact PDF and checksum

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "letter_history",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("referral_id", sa.Integer(), nullable=False),
        sa.Column("letter_type", sa.String(length=30), nullable=False),
        sa.Column("audience", sa.String(length=16), nullable=False),
        sa.Column("easy_read", sa.Boolean(), nullable=False),
        sa.Column("large_print", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=True),
        sa.Column("sent_by", sa.String(length=64), nullable=False),
        sa.Column("sent_method", sa.String(length=10), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("pdf", sa.LargeBinary(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=True),
        sa.Column("queue_item_id", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["referral_id"], ["referrals.id"], name=op.f("fk_letter_history_referral_id_referrals")
        ),
        sa.ForeignKeyConstraint(
            ["queue_item_id"],
            ["letters_queue.id"],
            name=op.f("fk_letter_history_queue_item_id_letters_queue"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["sessions.id"],
            name=op.f("fk_letter_history_session_id_sessions"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_letter_history")),
    )
    with op.batch_alter_table("letter_history", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_letter_history_referral_id"), ["referral_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_letter_history_created_at"), ["created_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_letter_history_session_id"), ["session_id"], unique=False
        )


def downgrade() -> None:
    op.drop_table("letter_history")
