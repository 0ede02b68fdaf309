"""delivery: programmes, interventions, attendance history, follow-ups, closures

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

# The catalogue as first shipped (domain/programme.py CATALOGUE); administrators edit it later.
_CATALOGUE = [
    ("assessment", "Assessment", 90, ""),
    ("drug_education", "Drug education (one to one)", 60, ""),
    ("harm_reduction", "Harm reduction", 60, ""),
    ("family_session", "Family session", 60, "Youth Offending Team"),
    ("specialist_treatment_referral", "Specialist treatment referral", 30, ""),
    ("education_training_support", "Education or training support", 60, "Youth Offending Team"),
    ("exploitation_awareness", "Exploitation awareness", 60, "Youth Offending Team"),
]


def _version() -> sa.Column[int]:
    return sa.Column("version", sa.Integer(), nullable=False)


def upgrade() -> None:
    interventions = op.create_table(
        "interventions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("label", sa.String(length=120), nullable=False),
        sa.Column("default_minutes", sa.Integer(), nullable=False),
        sa.Column("default_provider", sa.String(length=120), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        _version(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_interventions")),
        sa.UniqueConstraint("code", name=op.f("uq_interventions_code")),
    )
    op.bulk_insert(
        interventions,
        [
            {
                "code": code,
                "label": label,
                "default_minutes": minutes,
                "default_provider": provider,
                "active": True,
                "position": i,
                "version": 1,
            }
            for i, (code, label, minutes, provider) in enumerate(_CATALOGUE)
        ],
    )
    op.create_table(
        "team_closures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["team_id"],
            ["teams.id"],
            name=op.f("fk_team_closures_team_id_teams"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_team_closures")),
        sa.UniqueConstraint("team_id", "day", name=op.f("uq_team_closures_team_id")),
    )
    op.create_table(
        "venues",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        _version(),
        sa.ForeignKeyConstraint(["team_id"], ["teams.id"], name=op.f("fk_venues_team_id_teams")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_venues")),
        sa.UniqueConstraint("team_id", "name", name=op.f("uq_venues_team_id")),
    )
    op.create_table(
        "programmes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("referral_id", sa.Integer(), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("unexplained", sa.Integer(), nullable=False),
        sa.Column("continued_at", sa.Integer(), nullable=True),
        sa.Column("started_by", sa.String(length=64), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("closed_by", sa.String(length=64), nullable=False),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        _version(),
        sa.ForeignKeyConstraint(
            ["referral_id"], ["referrals.id"], name=op.f("fk_programmes_referral_id_referrals")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_programmes")),
        sa.UniqueConstraint("referral_id", name=op.f("uq_programmes_referral_id")),
    )
    with op.batch_alter_table("programmes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_programmes_deadline"), ["deadline"], unique=False)
        batch_op.create_index(batch_op.f("ix_programmes_status"), ["status"], unique=False)

    op.create_table(
        "engagement_decisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("outcome", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("decided_by", sa.String(length=64), nullable=False),
        sa.Column("decided_at", sa.DateTime(), nullable=False),
        sa.Column("unexplained_at_decision", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["programme_id"],
            ["programmes.id"],
            name=op.f("fk_engagement_decisions_programme_id_programmes"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_engagement_decisions")),
    )
    with op.batch_alter_table("engagement_decisions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_engagement_decisions_programme_id"), ["programme_id"], unique=False
        )

    op.create_table(
        "programme_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("intervention_code", sa.String(length=40), nullable=False),
        sa.Column("label", sa.String(length=120), nullable=False),
        sa.Column("planned_count", sa.Integer(), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("provider", sa.String(length=120), nullable=False),
        sa.Column("worker_id", sa.Integer(), nullable=True),
        _version(),
        sa.ForeignKeyConstraint(
            ["programme_id"],
            ["programmes.id"],
            name=op.f("fk_programme_items_programme_id_programmes"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["worker_id"], ["users.id"], name=op.f("fk_programme_items_worker_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_programme_items")),
    )
    with op.batch_alter_table("programme_items", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_programme_items_programme_id"), ["programme_id"], unique=False
        )

    op.create_table(
        "attendance_marks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("value", sa.String(length=30), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("evidence_received", sa.Boolean(), nullable=False),
        sa.Column("marked_by", sa.String(length=64), nullable=False),
        sa.Column("marked_at", sa.DateTime(), nullable=False),
        sa.Column("corrects_id", sa.Integer(), nullable=True),
        sa.Column("correction_note", sa.Text(), nullable=False),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.ForeignKeyConstraint(
            ["corrects_id"],
            ["attendance_marks.id"],
            name=op.f("fk_attendance_marks_corrects_id_attendance_marks"),
        ),
        sa.ForeignKeyConstraint(
            ["session_id"], ["sessions.id"], name=op.f("fk_attendance_marks_session_id_sessions")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attendance_marks")),
    )
    with op.batch_alter_table("attendance_marks", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_attendance_marks_session_id"), ["session_id"], unique=False
        )

    op.create_table(
        "follow_ups",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("referral_id", sa.Integer(), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column("done", sa.Boolean(), nullable=False),
        sa.Column("done_by", sa.String(length=64), nullable=False),
        sa.Column("done_at", sa.DateTime(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        _version(),
        sa.ForeignKeyConstraint(
            ["referral_id"], ["referrals.id"], name=op.f("fk_follow_ups_referral_id_referrals")
        ),
        sa.ForeignKeyConstraint(
            ["session_id"], ["sessions.id"], name=op.f("fk_follow_ups_session_id_sessions")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_follow_ups")),
    )
    with op.batch_alter_table("follow_ups", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_follow_ups_due_date"), ["due_date"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_follow_ups_referral_id"), ["referral_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_follow_ups_session_id"), ["session_id"], unique=False)

    op.create_table(
        "letters_queue",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("referral_id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=True),
        sa.Column("letter_type", sa.String(length=30), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        _version(),
        sa.ForeignKeyConstraint(
            ["referral_id"], ["referrals.id"], name=op.f("fk_letters_queue_referral_id_referrals")
        ),
        sa.ForeignKeyConstraint(
            ["session_id"], ["sessions.id"], name=op.f("fk_letters_queue_session_id_sessions")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_letters_queue")),
    )
    with op.batch_alter_table("letters_queue", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_letters_queue_referral_id"), ["referral_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_letters_queue_status"), ["status"], unique=False)

    with op.batch_alter_table("sessions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("programme_item_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("rescheduled_to_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_sessions_programme_item_id_programme_items"),
            "programme_items",
            ["programme_item_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_sessions_rescheduled_to_id_sessions"),
            "sessions",
            ["rescheduled_to_id"],
            ["id"],
        )


def downgrade() -> None:
    with op.batch_alter_table("sessions", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_sessions_rescheduled_to_id_sessions"), type_="foreignkey"
        )
        batch_op.drop_constraint(
            batch_op.f("fk_sessions_programme_item_id_programme_items"), type_="foreignkey"
        )
        batch_op.drop_column("rescheduled_to_id")
        batch_op.drop_column("programme_item_id")

    op.drop_table("letters_queue")
    op.drop_table("follow_ups")
    op.drop_table("attendance_marks")
    op.drop_table("programme_items")
    op.drop_table("engagement_decisions")
    op.drop_table("programmes")
    op.drop_table("venues")
    op.drop_table("team_closures")
    op.drop_table("interventions")
