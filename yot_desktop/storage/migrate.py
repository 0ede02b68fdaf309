"""Bring a database to the newest schema; on SQLite, copy the file first."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, inspect, text

if TYPE_CHECKING:
    from alembic.config import Config

from yot_desktop.storage.encryption import CipherKey, connect
from yot_desktop.storage.engine import engine_key, sqlite_path

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# The newest revision, known without importing Alembic (~0.2 s) on every start.
# A test checks it against Alembic's own answer; change it with each new migration.
SCHEMA_HEAD = "0008"


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
    """Upgrade to `revision`. Returns the SQLite backup taken first, if any."""
    current = current_revision(engine)
    if current == SCHEMA_HEAD and revision == "head":
        return None
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
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)
    return backup


def downgrade(engine: Engine, revision: str) -> None:
    from alembic import command

    cfg = _config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, revision)
