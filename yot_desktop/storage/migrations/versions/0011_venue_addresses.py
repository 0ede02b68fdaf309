"""venues: address, postcode, directions, access notes and how to join online; the venue a
session was booked at (issue 15, point 1)

Letters named only a kind of place ("YOT office"); a family could not find a session it
could be prosecuted for missing. Venues now hold their address (or, online, how to join) and
each session booked from now on remembers its venue. Existing venues get empty addresses and
existing sessions no venue (NULL): nothing is guessed.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

TEXT_COLUMNS = (
    ("address_line_1", sa.String(length=200)),
    ("address_line_2", sa.String(length=200)),
    ("town", sa.String(length=100)),
    ("postcode", sa.String(length=10)),
    ("directions", sa.Text()),
    ("accessibility", sa.Text()),
    ("join_link", sa.String(length=500)),
    ("join_instructions", sa.Text()),
)


def upgrade() -> None:
    for name, type_ in TEXT_COLUMNS:
        op.add_column("venues", sa.Column(name, type_, server_default="", nullable=False))
    # No foreign key: adding one on SQLite would rebuild the sessions table. Venues are
    # never deleted (only made inactive), so the number always finds its venue.
    op.add_column("sessions", sa.Column("venue_id", sa.Integer(), nullable=True))


def _drop_column(table: str, column: str) -> None:
    """SQLite (3.35+) drops a plain column in place: a batch copy would drop and rebuild the
    table, which the foreign keys of other tables (attendance marks -> sessions) refuse."""
    if op.get_bind().dialect.name == "sqlite":
        op.execute(f'ALTER TABLE "{table}" DROP COLUMN "{column}"')
    else:
        op.drop_column(table, column)


def downgrade() -> None:
    _drop_column("sessions", "venue_id")
    for name, _ in reversed(TEXT_COLUMNS):
        _drop_column("venues", name)
