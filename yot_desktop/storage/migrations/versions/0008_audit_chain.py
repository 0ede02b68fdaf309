"""audit: a hash chain over the log, and field changes that cannot be edited (issue 12)

audit_chain holds one link per audit record (seq, audit_id, SHA-256 over the record's fields
and the link before: domain/audit_chain.py). It is append-only like the log. Every record
already in the log is sealed here, in id order. audit_field_change rows may be deleted (with
the young person, by retention) but never changed.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from yot_desktop.domain.audit_chain import GENESIS, AuditFields, link_hash

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

CHAIN_MESSAGE = "audit_chain is append-only"
CHANGE_MESSAGE = "audit_field_change cannot be changed"

SQLITE_TRIGGERS = {
    "audit_chain_no_update": f"""
        CREATE TRIGGER audit_chain_no_update BEFORE UPDATE ON audit_chain
        BEGIN SELECT RAISE(ABORT, '{CHAIN_MESSAGE}'); END""",
    "audit_chain_no_delete": f"""
        CREATE TRIGGER audit_chain_no_delete BEFORE DELETE ON audit_chain
        BEGIN SELECT RAISE(ABORT, '{CHAIN_MESSAGE}'); END""",
    "audit_chain_no_replace": f"""
        CREATE TRIGGER audit_chain_no_replace BEFORE INSERT ON audit_chain
        WHEN EXISTS (SELECT 1 FROM audit_chain WHERE seq = NEW.seq)
        BEGIN SELECT RAISE(ABORT, '{CHAIN_MESSAGE}'); END""",
    "audit_field_change_no_update": f"""
        CREATE TRIGGER audit_field_change_no_update BEFORE UPDATE ON audit_field_change
        BEGIN SELECT RAISE(ABORT, '{CHANGE_MESSAGE}'); END""",
}

POSTGRES_UP = [
    f"""
    CREATE FUNCTION audit_chain_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION '{CHAIN_MESSAGE}' USING ERRCODE = 'insufficient_privilege';
    END
    $$""",
    """
    CREATE TRIGGER audit_chain_no_change BEFORE UPDATE OR DELETE ON audit_chain
    FOR EACH ROW EXECUTE FUNCTION audit_chain_refuse_change()""",
    """
    CREATE TRIGGER audit_chain_no_truncate BEFORE TRUNCATE ON audit_chain
    FOR EACH STATEMENT EXECUTE FUNCTION audit_chain_refuse_change()""",
    f"""
    CREATE FUNCTION audit_field_change_refuse_update() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION '{CHANGE_MESSAGE}' USING ERRCODE = 'insufficient_privilege';
    END
    $$""",
    """
    CREATE TRIGGER audit_field_change_no_update BEFORE UPDATE ON audit_field_change
    FOR EACH ROW EXECUTE FUNCTION audit_field_change_refuse_update()""",
]

POSTGRES_DOWN = [
    "DROP TRIGGER IF EXISTS audit_field_change_no_update ON audit_field_change",
    "DROP FUNCTION IF EXISTS audit_field_change_refuse_update()",
    "DROP TRIGGER IF EXISTS audit_chain_no_truncate ON audit_chain",
    "DROP TRIGGER IF EXISTS audit_chain_no_change ON audit_chain",
    "DROP FUNCTION IF EXISTS audit_chain_refuse_change()",
]


def _seal_existing() -> None:
    bind = op.get_bind()
    # Typed columns: SQLite hands back `at` as text unless told it is a date and time.
    log = sa.table(
        "audit_log",
        sa.column("id", sa.Integer()),
        sa.column("at", sa.DateTime()),
        sa.column("username", sa.String()),
        sa.column("action", sa.String()),
        sa.column("entity", sa.String()),
        sa.column("entity_id", sa.Integer()),
        sa.column("outcome", sa.String()),
        sa.column("detail", sa.String()),
    )
    chain = sa.table("audit_chain", sa.column("seq"), sa.column("audit_id"), sa.column("hash"))
    previous, batch = GENESIS, []
    rows = bind.execute(sa.select(log).order_by(log.c.id)).yield_per(5000)
    for seq, row in enumerate(rows, start=1):
        previous = link_hash(previous, AuditFields(*row))
        batch.append({"seq": seq, "audit_id": row.id, "hash": previous})
        if len(batch) >= 5000:
            bind.execute(chain.insert(), batch)
            batch = []
    if batch:
        bind.execute(chain.insert(), batch)


def upgrade() -> None:
    op.create_table(
        "audit_chain",
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("audit_id", sa.Integer(), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["audit_id"], ["audit_log.id"], name=op.f("fk_audit_chain_audit_id_audit_log")
        ),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_audit_chain")),
        sa.UniqueConstraint("audit_id", name=op.f("uq_audit_chain_audit_id")),
    )
    _seal_existing()
    if op.get_bind().dialect.name == "postgresql":
        for statement in POSTGRES_UP:
            op.execute(statement)
    else:
        for statement in SQLITE_TRIGGERS.values():
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for statement in POSTGRES_DOWN:
            op.execute(statement)
    else:
        for name in SQLITE_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.drop_table("audit_chain")
