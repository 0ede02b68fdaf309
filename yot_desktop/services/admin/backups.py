"""The day's automatic backup of a SQLite database, and putting a backup back (`db restore`).

The files themselves (names, whole-or-nothing copies, checks, the swap) are storage.backups;
here are the rules: who may restore, what a backup must be to be put back (a sound SQLite
database of YOT Desktop, of a schema this version knows, upgraded when older), the audit, and
how many days of automatic backups are kept (settings.json: `backup_keep_days`).
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from yot_desktop.domain.errors import FieldProblem, ValidationError
from yot_desktop.domain.permissions import Permission
from yot_desktop.services.core import Clock, ServiceContext, system_clock
from yot_desktop.services.dto import CurrentUser
from yot_desktop.services.output_files import OutputNotWritten, reason_of
from yot_desktop.storage import backups, migrate
from yot_desktop.storage.encryption import CipherKey
from yot_desktop.storage.engine import engine_key, make_engine, sqlite_path

KEEP_DAYS_KEY = "backup_keep_days"
DEFAULT_KEEP_DAYS = 14
KEEP_DAYS_MAX = 3650
SWAP_TRIES = 6  # half a second apart: work still reading the old file finishes first


def keep_days_setting(saved: Mapping[str, str]) -> int:
    """How many days of automatic backups to keep (settings.json `backup_keep_days`;
    0 turns them off). A wrong value is refused naming the setting."""
    text = str(saved.get(KEEP_DAYS_KEY, "")).strip()
    if not text:
        return DEFAULT_KEEP_DAYS
    if not text.isdigit() or int(text) > KEEP_DAYS_MAX:
        raise ValidationError(
            FieldProblem(
                f"Days of automatic backups to keep ({KEEP_DAYS_KEY} in settings.json)",
                f"must be a whole number from 0 (no automatic backups) to {KEEP_DAYS_MAX}, "
                f"not {text!r}",
            )
        )
    return int(text)


@dataclass(frozen=True)
class BackupFile:
    path: Path
    kind: str  # "Daily", "Before an upgrade", "Replaced by a restore"
    taken: datetime
    size: int


@dataclass(frozen=True)
class Restored:
    source: Path
    taken: datetime  # when the backup was written
    safety_copy: Path | None  # the database as it was before (None: there was no file)
    schema_before: str  # the backup's schema (upgraded to the newest when older)
    schema_after: str


def _local_file(ctx: ServiceContext, what: str) -> Path:
    path = sqlite_path(ctx.engine.url)
    if path is None:
        raise ValidationError(
            FieldProblem(
                "database",
                f"{what} a shared PostgreSQL database with the server's own tools "
                "(pg_dump, pg_restore); ask the server's administrator.",
            )
        )
    return path


def automatic_backup(ctx: ServiceContext, actor: CurrentUser, keep_days: int) -> Path | None:
    """Today's backup, when there is none yet (SQLite; None otherwise or when turned off);
    then the automatic backups older than `keep_days` days are deleted. Anyone signed in
    triggers it (it is the app's own safety net), and it is audited."""
    db = sqlite_path(ctx.engine.url)
    if db is None or keep_days <= 0:
        return None
    today = ctx.clock().date()
    target = backups.daily_path(db, today)
    if target.exists():
        return None
    try:
        backups.write_copy(db, target, engine_key(ctx.engine))
    except OSError as err:
        raise OutputNotWritten(target, reason_of(err)) from err
    backups.prune_daily(db, keep_days, today)  # only once today's copy is safely there
    ctx.audit_now(actor, "automatic_backup", detail=target.name)
    return target


def list_backups(ctx: ServiceContext) -> list[BackupFile]:
    """The copies the app made of a SQLite database, newest first (none for PostgreSQL)."""
    db = sqlite_path(ctx.engine.url)
    if db is None:
        return []
    kinds = [
        *((p, "Daily") for _d, p in backups.daily_backups(db)),
        *((p, "Before an upgrade") for p in backups.upgrade_copies(db)),
        *((p, "Replaced by a restore") for p in backups.safety_copies(db)),
    ]
    found = []
    for path, kind in kinds:
        try:
            found.append(BackupFile(path, kind, backups.when_taken(path), path.stat().st_size))
        except OSError:
            continue  # deleted meanwhile
    return sorted(found, key=lambda b: b.taken, reverse=True)


def _refuse(reason: str) -> ValidationError:
    return ValidationError(FieldProblem("Backup file", reason))


def check_backup(backup: Path, db: Path, key: CipherKey | None) -> tuple[backups.CheckedCopy, str]:
    """Copy `backup` beside the database, check it and upgrade it there.

    Refused, in one sentence each: no file, a folder, text, another kind of file, encrypted
    when the database is not (or the other way), another passphrase, damaged, not a YOT
    Desktop database, a schema newer than this version. Returns the checked copy and the
    schema the backup had."""
    try:
        kind = backups.kind_of(backup)
    except backups.BackupRefused as err:
        raise _refuse(str(err)) from err
    if kind == "encrypted" and key is None:
        raise _refuse(
            f"{backup} is encrypted, but this database is not. Restore it into an encrypted "
            "database, or choose a backup that is not encrypted."
        )
    if kind == "plain" and key is not None:
        raise _refuse(
            f"{backup} is not encrypted, but this database is: restoring it would leave the "
            "records unprotected. Choose an encrypted backup of this database."
        )
    try:
        path, staged_key = backups.copy_beside(backup, db, key)
    except OSError as err:
        raise _refuse(f"could not copy {backup} beside the database ({reason_of(err)})") from err
    copy = backups.CheckedCopy(path, staged_key, "")
    try:
        revision = backups.check_copy(path, staged_key, backup)
        if revision is None:
            raise backups.BackupRefused(
                f"{backup} is a SQLite database, but not one of YOT Desktop (it has no "
                "YOT Desktop tables)."
            )
        if revision != migrate.SCHEMA_HEAD:
            _upgrade_copy(path, staged_key, revision, backup)
        backups.settle(copy)
    except backups.BackupRefused as err:
        copy.discard()
        raise _refuse(str(err)) from err
    except BaseException:
        copy.discard()
        raise
    return backups.CheckedCopy(path, staged_key, migrate.SCHEMA_HEAD), revision


def _upgrade_copy(path: Path, key: CipherKey | None, revision: str, name: Path) -> None:
    engine = make_engine(f"sqlite:///{path.as_posix()}", key=key, create=False)
    try:
        try:
            migrate.refuse_unknown(engine, revision)
        except migrate.SchemaTooNew as err:
            raise backups.BackupRefused(
                f"{name} was made by a newer version of YOT Desktop: its schema is "
                f"{revision}, and this version knows schemas up to {migrate.SCHEMA_HEAD}. "
                "Nothing was changed: install the newer version to restore it."
            ) from err
        migrate.upgrade(engine)
    finally:
        engine.dispose()


def _let_go(engine: Engine, wait: float = 10) -> None:
    """Close this app's own connections to the file. One still in use by other work (a
    screen's refresh, on another thread) is waited for: once back in the pool, it is closed
    too (a connection returned after dispose() would be kept open by the old pool)."""
    pool: Any = engine.pool
    deadline = time.monotonic() + wait
    while callable(getattr(pool, "checkedout", None)) and pool.checkedout():
        if time.monotonic() > deadline:
            break
        time.sleep(0.05)
    engine.dispose()
    gc.collect()  # a pool let go of with a connection back in it closes it when collected


def _replace(
    ctx: ServiceContext, copy: backups.CheckedCopy, db: Path, key: CipherKey | None
) -> None:
    """Swap the checked copy in. Work that was still reading when the restore began (a
    screen's refresh) may hold the file a moment longer: tried again for a few seconds."""
    for attempt in range(SWAP_TRIES):
        try:
            backups.replace_database(copy, db, key)
            return
        except backups.BackupRefused:
            if attempt == SWAP_TRIES - 1:
                raise
            time.sleep(0.5)
            _let_go(ctx.engine, wait=2)


def restore(
    ctx: ServiceContext,
    actor: CurrentUser,
    backup: Path,
    use_engine: Callable[[Engine], None],
) -> Restored:
    """Replace the SQLite database with a checked backup (administrator).

    The database as it was is kept first (backups/<name>.replaced-<when>.db); then the checked
    copy is renamed over it. Every service then uses the restored database. Audited there."""
    ctx.require(actor, Permission.ADMINISTER_DATABASE, "restore_database")
    db = _local_file(ctx, "Restore")
    backup = Path(backup)
    if backup.resolve() == db.resolve():
        raise _refuse("that is the database itself: choose a backup of it")
    key = engine_key(ctx.engine)
    taken = backups.when_taken(backup) if backup.is_file() else datetime.min
    copy, revision = check_backup(backup, db, key)
    try:
        _let_go(ctx.engine)
        stamp = ctx.clock().strftime("%Y%m%d-%H%M%S")
        safety = backups.folder_of(db) / f"{db.stem}.replaced-{stamp}.db"
        try:
            backups.refuse_if_in_use(db)
            backups.write_copy(db, safety, key)
            _replace(ctx, copy, db, key)
        except backups.BackupRefused as err:
            raise _refuse(str(err)) from err
        except OSError as err:
            raise OutputNotWritten(safety, reason_of(err)) from err
    except BaseException:
        copy.discard()
        raise
    restored_key = key.for_other_file(db) if key is not None else None
    use_engine(make_engine(ctx.engine.url, key=restored_key, create=False))
    detail = f"from {backup.name} (schema {revision}); kept {safety.name}"
    ctx.audit_now(actor, "restore_database", detail=detail)
    return Restored(backup, taken, safety, revision, migrate.SCHEMA_HEAD)


def restore_damaged(
    url: str,
    passphrase: str | None,
    backup: Path,
    username: str,
    password: str,
    clock: Clock = system_clock,
) -> Restored:
    """Put a backup in place of a SQLite database too damaged to open, or of one whose file
    is gone (`db restore` when the database cannot be read). Nobody can sign in to a damaged
    database, so the administrator signs in to the checked backup instead: only an
    administrator there may put it back. A damaged file is kept
    (backups/<name>.damaged-<when>.db)."""
    from yot_desktop.services.admin.auth import AuthService

    db = sqlite_path(url)
    if db is None:
        raise ValidationError(FieldProblem("database", "Only a SQLite file can be restored here."))
    key = CipherKey(passphrase) if passphrase else None
    copy, revision = check_backup(Path(backup), db, key)
    try:
        engine = make_engine(f"sqlite:///{copy.path.as_posix()}", key=copy.key, create=False)
        try:
            ctx = ServiceContext(engine, clock)
            actor = AuthService(ctx).sign_in(username, password)
            ctx.require(actor, Permission.ADMINISTER_DATABASE, "restore_database")
        finally:
            engine.dispose()
        backups.settle(copy)
        kept: Path | None = None
        if db.exists():
            kept = backups.folder_of(db) / f"{db.stem}.damaged-{clock():%Y%m%d-%H%M%S}.db"
        try:
            backups.replace_damaged(copy, db, kept)
        except backups.BackupRefused as err:
            raise _refuse(str(err)) from err
        except OSError as err:
            raise OutputNotWritten(kept or db, reason_of(err)) from err
    except BaseException:
        copy.discard()
        raise
    restored_key = key.for_other_file(db) if key is not None else None
    engine = make_engine(url, key=restored_key, create=False)
    try:
        ctx = ServiceContext(engine, clock)
        what = f"over a damaged file; kept {kept.name}" if kept else "where no file was"
        detail = f"from {Path(backup).name} (schema {revision}) {what}"
        ctx.audit_now(actor, "restore_database", detail=detail)
    finally:
        engine.dispose()
    taken = backups.when_taken(Path(backup))
    return Restored(Path(backup), taken, kept, revision, migrate.SCHEMA_HEAD)
