"""intake: person record details, screening, consent, decisions, duplicates

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from yot_desktop.domain.names import fold

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

BATCH = 2000


def upgrade() -> None:
    op.create_table(
        "duplicate_candidates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("other_person_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("found_at", sa.DateTime(), nullable=False),
        sa.Column("reviewed_by", sa.String(length=64), nullable=False),
        sa.Column("reviewed_at", sa.DateTime(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["other_person_id"],
            ["young_people.id"],
            name=op.f("fk_duplicate_candidates_other_person_id_young_people"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["young_people.id"],
            name=op.f("fk_duplicate_candidates_person_id_young_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_duplicate_candidates")),
    )
    with op.batch_alter_table("duplicate_candidates", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_duplicate_candidates_other_person_id"), ["other_person_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_duplicate_candidates_person_id"), ["person_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_duplicate_candidates_status"), ["status"], unique=False
        )
        batch_op.create_index("ix_duplicate_pair", ["person_id", "other_person_id"], unique=False)

    op.create_table(
        "consents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("referral_id", sa.Integer(), nullable=False),
        sa.Column("party", sa.String(length=16), nullable=False),
        sa.Column("carer_id", sa.Integer(), nullable=True),
        sa.Column("given_by", sa.String(length=200), nullable=False),
        sa.Column("consented", sa.Boolean(), nullable=False),
        sa.Column("taken_on", sa.Date(), nullable=False),
        sa.Column("taken_by", sa.String(length=64), nullable=False),
        sa.Column("lawful_basis", sa.String(length=200), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["carer_id"],
            ["carers.id"],
            name=op.f("fk_consents_carer_id_carers"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["referral_id"],
            ["referrals.id"],
            name=op.f("fk_consents_referral_id_referrals"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consents")),
    )
    with op.batch_alter_table("consents", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_consents_referral_id"), ["referral_id"], unique=False)

    op.create_table(
        "crafft_screenings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("young_person_id", sa.Integer(), nullable=False),
        sa.Column("referral_id", sa.Integer(), nullable=True),
        sa.Column("screened_on", sa.Date(), nullable=False),
        sa.Column("screened_by", sa.String(length=64), nullable=False),
        sa.Column("alcohol_days", sa.Integer(), nullable=False),
        sa.Column("cannabis_days", sa.Integer(), nullable=False),
        sa.Column("other_days", sa.Integer(), nullable=False),
        sa.Column("car", sa.Boolean(), nullable=True),
        sa.Column("relax", sa.Boolean(), nullable=True),
        sa.Column("alone", sa.Boolean(), nullable=True),
        sa.Column("forget", sa.Boolean(), nullable=True),
        sa.Column("family_friends", sa.Boolean(), nullable=True),
        sa.Column("trouble", sa.Boolean(), nullable=True),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("positive", sa.Boolean(), nullable=False),
        sa.Column("need_identified_by_worker", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["referral_id"],
            ["referrals.id"],
            name=op.f("fk_crafft_screenings_referral_id_referrals"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["young_person_id"],
            ["young_people.id"],
            name=op.f("fk_crafft_screenings_young_person_id_young_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_crafft_screenings")),
    )
    with op.batch_alter_table("crafft_screenings", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_crafft_screenings_referral_id"), ["referral_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_crafft_screenings_young_person_id"), ["young_person_id"], unique=False
        )

    op.create_table(
        "person_merges",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kept_person_id", sa.Integer(), nullable=False),
        sa.Column("merged_person_id", sa.Integer(), nullable=False),
        sa.Column("candidate_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("referral_ids", sa.Text(), nullable=False),
        sa.Column("carer_ids", sa.Text(), nullable=False),
        sa.Column("screening_ids", sa.Text(), nullable=False),
        sa.Column("filled_fields", sa.Text(), nullable=False),
        sa.Column("merged_at", sa.DateTime(), nullable=False),
        sa.Column("merged_by", sa.String(length=64), nullable=False),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.Column("closed_by", sa.String(length=64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["candidate_id"],
            ["duplicate_candidates.id"],
            name=op.f("fk_person_merges_candidate_id_duplicate_candidates"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["kept_person_id"],
            ["young_people.id"],
            name=op.f("fk_person_merges_kept_person_id_young_people"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["merged_person_id"],
            ["young_people.id"],
            name=op.f("fk_person_merges_merged_person_id_young_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person_merges")),
    )
    with op.batch_alter_table("person_merges", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_person_merges_kept_person_id"), ["kept_person_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_person_merges_merged_person_id"), ["merged_person_id"], unique=False
        )

    op.create_table(
        "referral_status_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("referral_id", sa.Integer(), nullable=False),
        sa.Column("from_status", sa.String(length=20), nullable=False),
        sa.Column("to_status", sa.String(length=20), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("by_username", sa.String(length=64), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["referral_id"],
            ["referrals.id"],
            name=op.f("fk_referral_status_changes_referral_id_referrals"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_referral_status_changes")),
    )
    with op.batch_alter_table("referral_status_changes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_referral_status_changes_referral_id"), ["referral_id"], unique=False
        )

    with op.batch_alter_table("referrals", schema=None) as batch_op:
        batch_op.add_column(sa.Column("override_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("panel_date", sa.Date(), nullable=True))
        batch_op.add_column(
            sa.Column("panel_decision", sa.String(length=200), nullable=False, server_default="")
        )
        batch_op.add_column(sa.Column("police_informed_on", sa.Date(), nullable=True))

    with op.batch_alter_table("young_people", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("search_reverse", sa.String(length=220), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("search_postcode", sa.String(length=10), nullable=False, server_default="")
        )
        batch_op.add_column(sa.Column("merged_into_id", sa.Integer(), nullable=True))
    _fill_search_columns()
    with op.batch_alter_table("young_people", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_young_people_search_postcode"), ["search_postcode"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_young_people_search_reverse"), ["search_reverse"], unique=False
        )
        batch_op.create_index(
            "ix_young_people_name_order", ["search_last", "search_name"], unique=False
        )


def _fill_search_columns() -> None:
    """The new search columns hold folded text that only Python can compute."""
    conn = op.get_bind()
    people = sa.table(
        "young_people",
        sa.column("id", sa.Integer),
        sa.column("first_name", sa.String),
        sa.column("last_name", sa.String),
        sa.column("postcode", sa.String),
        sa.column("search_reverse", sa.String),
        sa.column("search_postcode", sa.String),
    )
    rows = conn.execute(
        sa.select(people.c.id, people.c.first_name, people.c.last_name, people.c.postcode)
    ).all()
    update = (
        people.update()
        .where(people.c.id == sa.bindparam("pid"))
        .values(search_reverse=sa.bindparam("rev"), search_postcode=sa.bindparam("pc"))
    )
    for start in range(0, len(rows), BATCH):
        conn.execute(
            update,
            [
                {
                    "pid": pid,
                    "rev": fold(f"{last} {first}"),
                    "pc": "".join((postcode or "").split()).upper(),
                }
                for pid, first, last, postcode in rows[start : start + BATCH]
            ],
        )


def _drop_columns(table: str, columns: list[str]) -> None:
    # SQLite (3.35+) drops a column in place; Alembic's batch mode would rebuild the table,
    # and dropping the old copy under PRAGMA foreign_keys would cascade to its dependants.
    for column in columns:
        if op.get_bind().dialect.name == "sqlite":
            op.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
        else:
            op.drop_column(table, column)


def downgrade() -> None:
    with op.batch_alter_table("young_people", schema=None) as batch_op:
        batch_op.drop_index("ix_young_people_name_order")
        batch_op.drop_index(batch_op.f("ix_young_people_search_reverse"))
        batch_op.drop_index(batch_op.f("ix_young_people_search_postcode"))
    _drop_columns("young_people", ["merged_into_id", "search_postcode", "search_reverse"])
    _drop_columns(
        "referrals", ["police_informed_on", "panel_decision", "panel_date", "override_at"]
    )

    with op.batch_alter_table("referral_status_changes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_referral_status_changes_referral_id"))
    op.drop_table("referral_status_changes")
    with op.batch_alter_table("person_merges", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_person_merges_merged_person_id"))
        batch_op.drop_index(batch_op.f("ix_person_merges_kept_person_id"))
    op.drop_table("person_merges")
    with op.batch_alter_table("crafft_screenings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_crafft_screenings_young_person_id"))
        batch_op.drop_index(batch_op.f("ix_crafft_screenings_referral_id"))
    op.drop_table("crafft_screenings")
    with op.batch_alter_table("consents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_consents_referral_id"))
    op.drop_table("consents")
    with op.batch_alter_table("duplicate_candidates", schema=None) as batch_op:
        batch_op.drop_index("ix_duplicate_pair")
        batch_op.drop_index(batch_op.f("ix_duplicate_candidates_status"))
        batch_op.drop_index(batch_op.f("ix_duplicate_candidates_person_id"))
        batch_op.drop_index(batch_op.f("ix_duplicate_candidates_other_person_id"))
    op.drop_table("duplicate_candidates")
