"""Database administration: schema upgrades, backups, what the database is."""

from __future__ import annotations

from pathlib import Path

from yot_desktop.domain.errors import FieldProblem, ValidationError
from yot_desktop.domain.permissions import Permission
from yot_desktop.services.core import ServiceContext
from yot_desktop.services.dto import CurrentUser, DatabaseInfo
from yot_desktop.storage import migrate
from yot_desktop.storage.engine import database_kind, describe_location, sqlite_path
from yot_desktop.storage.models import AppMeta


class DatabaseService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def upgrade(self) -> Path | None:
        """Create or upgrade the schema; returns the SQLite backup taken first, if any.

        Runs before anyone can sign in (a new database has no users), so it needs none.
        """
        return migrate.upgrade(self.ctx.engine)

    def needs_upgrade(self) -> bool:
        return migrate.needs_upgrade(self.ctx.engine)

    def info(self) -> DatabaseInfo:
        url = self.ctx.engine.url
        with self.ctx.uow() as uow:
            is_demo = uow.session.get(AppMeta, "demo") is not None
        return DatabaseInfo(
            kind=database_kind(url),
            location=describe_location(url),
            is_demo=is_demo,
            revision=migrate.current_revision(self.ctx.engine),
        )

    def backup(self, actor: CurrentUser, out: Path) -> Path:
        """A consistent copy of the database. SQLite only: PostgreSQL has pg_dump."""
        self.ctx.require(actor, Permission.ADMINISTER_DATABASE, "backup")
        source = sqlite_path(self.ctx.engine.url)
        if source is None:
            raise ValidationError(
                FieldProblem(
                    "database",
                    "Back up a shared PostgreSQL database with the server's own tools "
                    "(pg_dump); ask the server's administrator.",
                )
            )
        if out.resolve() == source.resolve():
            raise ValidationError(
                FieldProblem("--out", "Choose a different file from the database")
            )
        if out.exists():
            raise ValidationError(FieldProblem("--out", f"{out} already exists; choose a new name"))
        migrate.backup_sqlite(source, out)
        self.ctx.audit_now(actor, "backup", detail=self.ctx.clock().isoformat(timespec="seconds"))
        return out
