"""letters: the same letter as accessible HTML, kept beside its PDF (issue 15, point 9)

ReportLab's open edition cannot tag a PDF for screen readers, so every letter made from now
on is also kept as an HTML page (headings, lists, tables, its language) that a screen reader
reads in order, or that can be sent as plain text. Letters made before have none (NULL).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("letter_history", sa.Column("accessible_html", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("letter_history") as batch:
        batch.drop_column("accessible_html")
