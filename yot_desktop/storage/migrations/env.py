"""Alembic environment: run against the connection the app hands in."""

from __future__ import annotations

from alembic import context

from yot_desktop.storage.models import Base

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only the app runs migrations
    raise RuntimeError("Migrations are run by YOT Desktop (yot-desktop db upgrade).")
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
