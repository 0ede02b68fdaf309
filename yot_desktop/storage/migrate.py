"""Bring a database to the newest schema; on SQLite, copy the file first."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, inspect, text
from sqlalchemy.exc import DBAPIError

if TYPE_CHECKING:
    from alembic.config import Config

from yot_desktop import __version__
from yot_desktop.domain.errors import DomainError
from yot_desktop.storage.encryption import CipherKey, connect
from yot_desktop.storage.engine import engine_key, sqlite_path

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# The newest revision, known without importing Alembic (~0.2 s) on every start.
# A test checks it against Alembic's own answer; change it with each new migration.
SCHEMA_HEAD = "0012"
# app_meta: the version of YOT Desktop that last changed the schema (the oldest that opens it).
UPGRADED_BY_KEY = "schema_upgraded_by"


class SchemaTooNew(DomainError):
    """The database was upgraded by a newer YOT Desktop: this one does not know its schema."""

    def __init__(self, revision: str, upgraded_by: str | None) -> None:
        self.revision = revision
        self.upgraded_by = upgraded_by
        by = f"YOT Desktop {upgraded_by}" if upgraded_by else "a newer YOT Desktop"
        install = f"YOT Desktop {upgraded_by} or later" if upgraded_by else "the newer version"
        super().__init__(
            f"This database was upgraded by {by} (schema {revision}); this is version "
            f"{__version__}, which knows schemas up to {SCHEMA_HEAD}. "
            f"Install {install} to open it."
        )


class UpgradeNotAllowed(DomainError):
    """The database needs its schema made or upgraded, and the login this app uses may not
    change tables (PostgreSQL's least-privilege app role): the database's owner must."""

    def __init__(
        self, current: str | None, role: str | None, server: str | None, database: str | None
    ) -> None:
        self.current = current
        self.role = role
        who = f"the database login YOT Desktop uses ({role})" if role else "this database login"
        needs = (
            f"needs its tables created (schema {SCHEMA_HEAD})"
            if current is None
            else f"needs upgrading from schema {current} to {SCHEMA_HEAD}"
        )
        where = f"postgresql+psycopg://OWNER@{server or 'SERVER'}/{database or 'DATABASE'}"
        super().__init__(
            f"This database {needs} for YOT Desktop {__version__}, and {who} is not allowed "
            "to change its tables. Ask your database administrator to upgrade it as the "
            f"database's owner: yot-desktop --db {where} db upgrade (then run "
            "scripts/postgres_roles.sql again, as the README says after every upgrade). "
            "Then start YOT "
            "Desktop again."
        )


def _not_allowed(exc: DBAPIError) -> bool:
    """PostgreSQL refused for want of a right: permission denied, or must be owner (42501)."""
    return getattr(exc.orig, "sqlstate", None) == "42501"


def _config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def head_revision() -> str:
    """Alembic's own answer for the newest revision (slow: reads every migration)."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def known_revisions() -> set[str]:
    """Every revision this version's migrations know (slow: reads every migration)."""
    from alembic.script import ScriptDirectory

    return {script.revision for script in ScriptDirectory.from_config(_config()).walk_revisions()}


def upgraded_by(engine: Engine) -> str | None:
    """The version of YOT Desktop that last upgraded the schema, if one recorded it."""
    with engine.connect() as conn:
        if not inspect(conn).has_table("app_meta"):
            return None
        return conn.execute(
            text("SELECT value FROM app_meta WHERE key = :key"), {"key": UPGRADED_BY_KEY}
        ).scalar()


def refuse_unknown(engine: Engine, current: str | None) -> None:
    """Raise SchemaTooNew when a newer version has upgraded the database past this one."""
    if current is not None and current != SCHEMA_HEAD and current not in known_revisions():
        raise SchemaTooNew(current, upgraded_by(engine))


def needs_upgrade(engine: Engine) -> bool:
    return current_revision(engine) != SCHEMA_HEAD


def backup_sqlite(source: Path, target: Path, key: CipherKey | None = None) -> Path:
    """A consistent copy through SQLite's online backup API (safe while the app runs).

    An encrypted database's copy is encrypted with the same key and salt (same passphrase).
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    src = connect(source, key)
    try:
        dst = connect(target, key)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
    return target


def upgrade(engine: Engine, revision: str = "head") -> Path | None:
    """Upgrade to `revision`. Returns the SQLite backup taken first, if any.

    Refuses (SchemaTooNew, nothing changed) a database that a newer version has upgraded.
    """
    return _upgrade(engine, revision)[1]


def upgrade_reporting(engine: Engine) -> tuple[str | None, Path | None]:
    """Upgrade to the newest schema: the revision the database had before (None: it had no
    schema) and the SQLite backup taken first, if any."""
    return _upgrade(engine, "head")


def _upgrade(engine: Engine, revision: str) -> tuple[str | None, Path | None]:
    current = current_revision(engine)
    if current == SCHEMA_HEAD and revision == "head":
        return current, None
    refuse_unknown(engine, current)
    from alembic import command

    backup: Path | None = None
    path = sqlite_path(engine.url)
    if path is not None and path.exists() and current is not None:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        target = path.with_name(f"{path.stem}.before-{current}-{stamp}.db")
        n = 1
        while target.exists():  # never overwrite an earlier backup
            n += 1
            target = path.with_name(f"{path.stem}.before-{current}-{stamp}-{n}.db")
        backup = backup_sqlite(path, target, engine_key(engine))
    cfg = _config()
    try:
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, revision)
            if revision == "head":  # the oldest version that can open it now: this one
                conn.execute(
                    text("DELETE FROM app_meta WHERE key = :key"), {"key": UPGRADED_BY_KEY}
                )
                conn.execute(
                    text("INSERT INTO app_meta (key, value) VALUES (:key, :value)"),
                    {"key": UPGRADED_BY_KEY, "value": __version__},
                )
    except DBAPIError as err:
        if not _not_allowed(err):
            raise
        url = engine.url
        server = f"{url.host}:{url.port}" if url.host and url.port else url.host
        raise UpgradeNotAllowed(current, url.username, server, url.database) from err
    return current, backup


def downgrade(engine: Engine, revision: str) -> None:
    from alembic import command

    cfg = _config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, revision)
