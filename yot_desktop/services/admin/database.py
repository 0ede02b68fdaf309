"""Database administration: schema upgrades, backups, what the database is."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import sessionmaker

from yot_desktop import __version__
from yot_desktop.domain.errors import FieldProblem, ValidationError
from yot_desktop.domain.permissions import Permission
from yot_desktop.services import audit_seal, changes
from yot_desktop.services.admin import backups
from yot_desktop.services.changes import ChangeFeed
from yot_desktop.services.core import ServiceContext
from yot_desktop.services.dto import CurrentUser, DatabaseInfo
from yot_desktop.services.output_files import OutputNotWritten, reason_of
from yot_desktop.storage import backups as store
from yot_desktop.storage import encryption, migrate
from yot_desktop.storage.engine import (
    database_kind,
    describe_location,
    engine_key,
    make_engine,
    sqlite_path,
)
from yot_desktop.storage.models import AppMeta

PASSPHRASE_MIN_LENGTH = 12
IDLE_LOCK_LIMIT_KEY = "idle_lock_minutes"  # app_meta: the most any computer may wait
IDLE_LOCK_LIMIT_RANGE = (1, 240)


@dataclass(frozen=True)
class EncryptionStatus:
    possible: bool  # a local SQLite file (a PostgreSQL server encrypts its own storage)
    encrypted: bool
    location: str


@dataclass(frozen=True)
class EncryptionDone:
    encrypted: bool
    tables: int
    rows: int
    plain_copies: tuple[Path, ...]  # earlier backups beside the file that are not encrypted


@dataclass(frozen=True)
class SchemaUpgraded:
    """This version upgraded an existing database's schema as it opened it."""

    before: str
    after: str
    backup: Path | None  # the SQLite copy taken first (a server keeps its own backups)

    @property
    def message(self) -> str:
        said = (
            f"YOT Desktop {__version__} upgraded this database (schema {self.before} to "
            f"{self.after}); older versions of the app can no longer open it."
        )
        if self.backup is not None:
            said += f" A copy as it was before: {self.backup}"
        return said


def passphrase_problems(passphrase: str, confirm: str | None = None) -> list[FieldProblem]:
    problems = []
    if len(passphrase) < PASSPHRASE_MIN_LENGTH:
        problems.append(
            FieldProblem(
                "passphrase",
                f"Use {PASSPHRASE_MIN_LENGTH} or more characters, like four unrelated words",
            )
        )
    if confirm is not None and confirm != passphrase:
        problems.append(FieldProblem("confirm passphrase", "Type the same passphrase twice"))
    return problems


class DatabaseService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx
        self._feeds: list[ChangeFeed] = []

    def upgrade(self) -> Path | None:
        """Create or upgrade the schema; returns the SQLite backup taken first, if any.

        Runs before anyone can sign in (a new database has no users), so it needs none.
        """
        return migrate.upgrade(self.ctx.engine)

    def upgrade_on_open(self) -> SchemaUpgraded | None:
        """upgrade(), saying what it changed in a database that had a schema already (None:
        nothing, or a new database). Refuses with SchemaTooNew a database that a newer
        version of the app has upgraded."""
        before, backup = migrate.upgrade_reporting(self.ctx.engine)
        if before is None or before == migrate.SCHEMA_HEAD:
            return None
        return SchemaUpgraded(before, migrate.SCHEMA_HEAD, backup)

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
                FieldProblem("Backup file", "Choose a different file from the database")
            )
        if out.exists():
            raise ValidationError(
                FieldProblem("Backup file", f"{out} already exists; choose a new name")
            )
        # Copied into a hidden part file and renamed when whole: a copy cut short (a kill, a
        # full disk) is never a file that looks like a backup.
        try:
            store.write_copy(source, out, engine_key(self.ctx.engine))
        except Exception as err:
            reason = reason_of(err) if isinstance(err, OSError) else str(err).splitlines()[0]
            raise OutputNotWritten(out, reason) from err
        self.ctx.audit_now(actor, "backup", detail=self.ctx.clock().isoformat(timespec="seconds"))
        return out

    def automatic_backup(self, actor: CurrentUser, keep_days: int) -> Path | None:
        """Today's automatic backup of a SQLite database, if none yet; old ones pruned."""
        return backups.automatic_backup(self.ctx, actor, keep_days)

    def backup_files(self) -> list[backups.BackupFile]:
        """The copies the app made of the database, newest first."""
        return backups.list_backups(self.ctx)

    def restore(self, actor: CurrentUser, backup: Path) -> backups.Restored:
        """Replace the database with a checked backup (administrator); see services.backups."""
        with self._feeds_let_go():
            return backups.restore(self.ctx, actor, backup, self._use_engine)

    # --- the live-refresh feed, while the file is swapped ------------------------------------
    def follow(self, feed: ChangeFeed) -> None:
        """The live-refresh feed checks a SQLite file on a connection of its own: it must let
        go while the file is swapped (a restore, encryption) and then use the new engine."""
        self._feeds.append(feed)

    @contextmanager
    def _feeds_let_go(self) -> Iterator[None]:
        feeds = [f for f in self._feeds if f.connected.is_set()]  # those listening now
        for feed in self._feeds:
            feed.stop()
        try:
            yield
        finally:
            for feed in feeds:
                feed.engine = self.ctx.engine
                feed.start()

    # --- the screen lock: an administrator's limit for every computer ---------------------
    def idle_lock_limit(self) -> int | None:
        """The most minutes any computer may stay unlocked while idle; None: no limit."""
        with self.ctx.uow() as uow:
            row = uow.session.get(AppMeta, IDLE_LOCK_LIMIT_KEY)
            return int(row.value) if row is not None else None

    def set_idle_lock_limit(self, actor: CurrentUser, minutes: int | None) -> int | None:
        self.ctx.require(actor, Permission.ADMINISTER_DATABASE, "set_idle_lock_limit")
        low, high = IDLE_LOCK_LIMIT_RANGE
        if minutes is not None and not low <= minutes <= high:
            raise ValidationError(
                FieldProblem("idle lock", f"Enter whole minutes from {low} to {high}, like 15")
            )
        with self.ctx.uow() as uow:
            s = uow.session
            row = s.get(AppMeta, IDLE_LOCK_LIMIT_KEY)
            if minutes is None:
                if row is not None:
                    s.delete(row)
            elif row is None:
                s.add(AppMeta(key=IDLE_LOCK_LIMIT_KEY, value=str(minutes)))
            else:
                row.value = str(minutes)
            self.ctx.audit(s, actor, "set_idle_lock_limit", detail=str(minutes or "none"))
            uow.commit()
        return minutes

    # --- encryption at rest (local SQLite file) -----------------------------------------
    def encryption_status(self) -> EncryptionStatus:
        path = sqlite_path(self.ctx.engine.url)
        return EncryptionStatus(
            possible=path is not None,
            encrypted=engine_key(self.ctx.engine) is not None,
            location=describe_location(self.ctx.engine.url),
        )

    def _local_file(self) -> Path:
        path = sqlite_path(self.ctx.engine.url)
        if path is None:
            raise ValidationError(
                FieldProblem(
                    "database",
                    "A shared PostgreSQL database is protected by its server (disk encryption "
                    "and TLS); ask the server's administrator.",
                )
            )
        return path

    def encrypt(
        self, actor: CurrentUser, passphrase: str, confirm: str | None = None
    ) -> EncryptionDone:
        """Encrypt the open SQLite file in place; the services carry on, now keyed.

        Refused while anything else has the file open. No plain copy is left behind.
        """
        self.ctx.require(actor, Permission.ADMINISTER_DATABASE, "encrypt_database")
        path = self._local_file()
        if engine_key(self.ctx.engine) is not None:
            raise ValidationError(FieldProblem("database", "This database is already encrypted"))
        if problems := passphrase_problems(passphrase, confirm):
            raise ValidationError(problems)
        return self._convert(actor, "encrypt_database", encryption.encrypt_file, path, passphrase)

    def decrypt(self, actor: CurrentUser, passphrase: str) -> EncryptionDone:
        """Turn encryption off (the passphrase is asked again, to be sure)."""
        self.ctx.require(actor, Permission.ADMINISTER_DATABASE, "decrypt_database")
        path = self._local_file()
        key = engine_key(self.ctx.engine)
        if key is None:
            raise ValidationError(FieldProblem("database", "This database is not encrypted"))
        if not key.same_passphrase(passphrase):
            raise ValidationError(FieldProblem("passphrase", encryption.WRONG_KEY))
        return self._convert(actor, "decrypt_database", encryption.decrypt_file, path, passphrase)

    def _convert(
        self,
        actor: CurrentUser,
        action: str,
        convert: Callable[[Path, str], encryption.Converted],
        path: Path,
        passphrase: str,
    ) -> EncryptionDone:
        old = self.ctx.engine
        old.dispose()  # our own pooled connections must let go of the file
        with self._feeds_let_go():
            try:
                done = convert(path, passphrase)
            except encryption.DatabaseKeyError:
                self.ctx.audit_now(actor, action, outcome="failed")
                raise
            self._use_engine(make_engine(old.url, key=done.key))
        self.ctx.audit_now(actor, action, detail=f"{done.tables} tables")
        return EncryptionDone(done.key is not None, done.tables, done.rows, done.plain_copies)

    def _use_engine(self, engine: Engine) -> None:
        # Every service shares this context, so all of them now use the converted file.
        self.ctx.engine = engine
        self.ctx.sessions = sessionmaker(engine, expire_on_commit=False)
        audit_seal.install(self.ctx.sessions)  # as ServiceContext does: records are chained
        changes.install(self.ctx.sessions, self.ctx.instance)  # and commits are news
