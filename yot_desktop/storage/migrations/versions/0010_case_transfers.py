"""teams: case transfers between teams, and the team that runs a scheme (issue 11, 4 and 5)

`case_transfers` keeps the history of a young person's case moving from one team to another.
`schemes.team_id` names the team that runs a scheme and holds its referrals (NULL: the
importer's team). It has no foreign key: adding one on SQLite would rebuild the schemes table
under the referrals that point at it.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "case_transfers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("young_person_id", sa.Integer(), nullable=False),
        sa.Column("from_team_id", sa.Integer(), nullable=True),
        sa.Column("to_team_id", sa.Integer(), nullable=False),
        sa.Column("by_username", sa.String(length=64), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["young_person_id"],
            ["young_people.id"],
            name=op.f("fk_case_transfers_young_person_id_young_people"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["from_team_id"], ["teams.id"], name=op.f("fk_case_transfers_from_team_id_teams")
        ),
        sa.ForeignKeyConstraint(
            ["to_team_id"], ["teams.id"], name=op.f("fk_case_transfers_to_team_id_teams")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_transfers")),
    )
    op.create_index(
        op.f("ix_case_transfers_young_person_id"),
        "case_transfers",
        ["young_person_id"],
        unique=False,
    )
    op.add_column("schemes", sa.Column("team_id", sa.Integer(), nullable=True))


def downgrade() -> None:
    # SQLite (3.35+) drops a plain column in place; a batch copy would rebuild schemes, which
    # the referrals' foreign key to it refuses.
    if op.get_bind().dialect.name == "sqlite":
        op.execute('ALTER TABLE "schemes" DROP COLUMN "team_id"')
    else:
        op.drop_column("schemes", "team_id")
    op.drop_index(op.f("ix_case_transfers_young_person_id"), table_name="case_transfers")
    op.drop_table("case_transfers")
