"""SQLite backup files: written whole or not at all, listed, pruned, checked and put back.

* The day's automatic backup goes into a `backups` folder beside the database, named
  `<database>-YYYY-MM-DD.db`. It is copied through SQLite's online backup API into a hidden
  part file (`.<name>.<pid>-<random>.part`), flushed to the disk, then renamed: a copy cut short
  (a kill, a full disk) is never a file that looks like a backup. Part files left by a process
  that died are removed the next time a backup is written.
* A restore copies the backup into a hidden folder beside the database, checks it there
  (integrity, schema), upgrades it if it is older, and only then renames it over the database,
  while holding the old file's lock. A copy of the database as it was is kept first
  (`backups/<database>.replaced-<when>.db`). Killed at any moment, the database is the old one
  or the restored one, whole.
* An encrypted database's backups are encrypted with the same passphrase.
"""

from __future__ import annotations

import contextlib
import glob
import os
import re
import secrets
import shutil
import sqlite3
import sys
import time
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from yot_desktop.storage.encryption import (
    SQLITE_HEADER,
    CipherKey,
    DatabaseKeyError,
    connect,
    is_encrypted_file,
    looks_like_text,
    open_elsewhere,
    sqlcipher_module,
)

FOLDER = "backups"
STALE_SECONDS = 3600  # a part file this old is left over, whoever wrote it
_SIDECARS = ("-journal", "-wal", "-shm")


class BackupRefused(Exception):
    """A backup file that cannot be put back, or a restore that cannot go ahead, in words."""


# --- names and lists ----------------------------------------------------------------------
def folder_of(db: Path) -> Path:
    return db.parent / FOLDER


def daily_path(db: Path, day: date) -> Path:
    return folder_of(db) / f"{db.stem}-{day.isoformat()}.db"


def daily_backups(db: Path) -> list[tuple[date, Path]]:
    """The automatic backups of `db`, oldest first."""
    folder = folder_of(db)
    if not folder.is_dir():
        return []
    found = []
    for path in folder.glob(f"{glob.escape(db.stem)}-*.db"):
        stamp = path.name[len(db.stem) + 1 : -3]
        try:
            day = date.fromisoformat(stamp)
        except ValueError:
            continue
        if len(stamp) == 10 and path.is_file():
            found.append((day, path))
    return sorted(found)


def safety_copies(db: Path) -> list[Path]:
    """The databases a restore replaced (or found damaged), kept in the backups folder."""
    folder = folder_of(db)
    if not folder.is_dir():
        return []
    stem = glob.escape(db.stem)
    return sorted([*folder.glob(f"{stem}.replaced-*.db"), *folder.glob(f"{stem}.damaged-*.db")])


def upgrade_copies(db: Path) -> list[Path]:
    """The copies taken before a schema upgrade (storage.migrate), beside the database."""
    return sorted(db.parent.glob(f"{glob.escape(db.stem)}.before-*.db"))


def all_backups(db: Path) -> list[Path]:
    """Every copy of `db` the app made: before upgrades, daily, and replaced by a restore."""
    return [*upgrade_copies(db), *(p for _day, p in daily_backups(db)), *safety_copies(db)]


def latest_backup(db: Path) -> Path | None:
    """The newest copy of `db` the app made, by the time it was written."""
    copies = [p for p in all_backups(db) if p.is_file()]
    return max(copies, key=lambda p: p.stat().st_mtime) if copies else None


def prune_daily(db: Path, keep_days: int, today: date) -> list[Path]:
    """Delete the automatic backups older than `keep_days` days (today counts as one)."""
    removed = []
    for day, path in daily_backups(db):
        if (today - day).days >= keep_days:
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
                removed.append(path)
    return removed


# --- writing a copy whole -------------------------------------------------------------------
def _alive(pid: int) -> bool:
    if sys.platform == "win32":  # pragma: no cover - the age of the file decides there
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


_PART = re.compile(r"^\..+\.(\d+)-[0-9a-f]{6}\.part(-journal|-wal|-shm)?$")
_STAGE = re.compile(r"^\..+\.restoring-(\d+)-[0-9a-f]{6}$")


def _left_over(path: Path, pid: int) -> bool:
    """A part file or restore folder whose writer has died, or that is old."""
    try:
        age = time.time() - path.stat().st_mtime
    except FileNotFoundError:
        return False
    return age > STALE_SECONDS or (pid != os.getpid() and not _alive(pid))


def clear_left_overs(folder: Path) -> None:
    """Remove the part files and restore folders (named as this module names them) left by a
    copy or a restore that was cut short."""
    if not folder.is_dir():
        return
    for path in folder.glob(".*"):
        if (m := _PART.match(path.name)) and path.is_file() and _left_over(path, int(m[1])):
            with contextlib.suppress(OSError):
                path.unlink()
        elif (m := _STAGE.match(path.name)) and path.is_dir() and _left_over(path, int(m[1])):
            shutil.rmtree(path, ignore_errors=True)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDWR)  # Windows flushes only a handle open for writing
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_folder(folder: Path) -> None:
    if sys.platform != "win32":  # a folder cannot be opened (or flushed) there
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _remove_with_sidecars(path: Path) -> None:
    for name in (str(path), *(f"{path}{s}" for s in _SIDECARS)):
        with contextlib.suppress(OSError):
            Path(name).unlink()


def write_copy(source: Path, target: Path, key: CipherKey | None) -> Path:
    """A consistent copy of `source` at `target`, whole or not at all (raises on failure)."""
    from yot_desktop.storage.migrate import backup_sqlite

    target.parent.mkdir(parents=True, exist_ok=True)
    clear_left_overs(target.parent)
    part = target.with_name(f".{target.name}.{os.getpid()}-{secrets.token_hex(3)}.part")
    try:
        backup_sqlite(source, part, key)
        _rollback_journal(part, key)
        _fsync(part)
        os.replace(part, target)
        _fsync_folder(target.parent)
    except BaseException:
        _remove_with_sidecars(part)
        raise
    return target


def _rollback_journal(path: Path, key: CipherKey | None) -> None:
    """Leave the copy in rollback-journal mode: a lone file, with no write-ahead log to lose."""
    conn = connect(path, key, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode=DELETE").fetchone()
    finally:
        conn.close()


def _errors(key: CipherKey | None, name: str) -> tuple[type[BaseException], ...]:
    """sqlite3's error class `name`, and SQLCipher's too for an encrypted file."""
    found: tuple[type[BaseException], ...] = (getattr(sqlite3, name),)
    return found if key is None else (*found, getattr(sqlcipher_module(), name))


# --- checking a backup ----------------------------------------------------------------------
@dataclass(frozen=True)
class CheckedCopy:
    """A backup copied beside the database and checked there, ready to be put in place."""

    path: Path  # the checked copy, in its own hidden folder beside the database
    key: CipherKey | None
    revision: str

    @property
    def stage(self) -> Path:
        return self.path.parent

    def discard(self) -> None:
        shutil.rmtree(self.stage, ignore_errors=True)


def kind_of(path: Path) -> str:
    """'plain' or 'encrypted'; BackupRefused, in words, for anything else."""
    if not path.exists():
        raise BackupRefused(f"{path}: there is no file there. Check the name and the folder.")
    if not path.is_file():
        raise BackupRefused(f"{path}: that is a folder, not a backup file.")
    try:
        with path.open("rb") as f:
            head = f.read(4096)
    except OSError as err:
        raise BackupRefused(f"{path}: the file cannot be read ({err.strerror}).") from err
    if not head:
        raise BackupRefused(f"{path}: the file is empty, so it is not a backup.")
    if head.startswith(SQLITE_HEADER):
        return "plain"
    if looks_like_text(head):
        raise BackupRefused(
            f"{path} is not a database backup: it holds text (perhaps a CSV or a note)."
        )
    if is_encrypted_file(path):
        return "encrypted"
    raise BackupRefused(f"{path} is not a database backup: it is some other kind of file.")


def copy_beside(backup: Path, db: Path, key: CipherKey | None) -> tuple[Path, CipherKey | None]:
    """Copy `backup` (and its write-ahead log, if any) into a hidden folder beside `db`: the
    copy is checked and upgraded there, never the administrator's own file. (copy, its key)."""
    clear_left_overs(db.parent)
    stage = db.parent / f".{db.stem}.restoring-{os.getpid()}-{secrets.token_hex(3)}"
    stage.mkdir()
    target = stage / "restore.db"
    try:
        shutil.copyfile(backup, target)
        wal = Path(f"{backup}-wal")
        if wal.is_file():
            shutil.copyfile(wal, Path(f"{target}-wal"))
    except OSError:
        shutil.rmtree(stage, ignore_errors=True)
        raise
    staged_key = key.for_other_file(target) if key is not None else None
    return target, staged_key


def check_copy(path: Path, key: CipherKey | None, name: Path) -> str | None:
    """The copy's schema revision (None: not a YOT Desktop database), after SQLite's full
    integrity check. BackupRefused when it is damaged or the passphrase does not open it
    (said of `name`, the administrator's own file)."""
    errors = _errors(key, "DatabaseError")
    try:
        conn = connect(path, key)
    except DatabaseKeyError as err:
        raise BackupRefused(
            f"{name} is encrypted with a different passphrase from this database's, so it "
            "cannot be checked. Nothing was changed."
        ) from err
    try:
        found = [r[0] for r in conn.execute("PRAGMA integrity_check(20)")]
        if found != ["ok"]:
            raise BackupRefused(
                f"{name} is damaged (SQLite's integrity check found: {found[0]}). "
                "Nothing was changed: choose an earlier backup."
            )
        has_version = conn.execute(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
        ).fetchone()[0]
        if not has_version:
            return None
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        return str(row[0]) if row else None
    except errors as err:
        raise BackupRefused(
            f"{name} is damaged (SQLite says: {str(err).splitlines()[0]}). "
            "Nothing was changed: choose an earlier backup."
        ) from err
    finally:
        conn.close()


def settle(copy: CheckedCopy) -> None:
    """Fold the copy's write-ahead log in and leave it a lone file (rollback-journal mode)."""
    _rollback_journal(copy.path, copy.key)
    _fsync(copy.path)


# --- putting it in place --------------------------------------------------------------------
IN_USE = (
    "The database is in use: close YOT Desktop everywhere else that uses this file, then try "
    "again. Nothing was changed."
)


def refuse_if_in_use(db: Path) -> None:
    """BackupRefused when another program has the database open (call it once this
    process's own connections to it are closed: see encryption.open_elsewhere)."""
    if open_elsewhere(db):
        raise BackupRefused(IN_USE)


def replace_database(copy: CheckedCopy, db: Path, key: CipherKey | None) -> None:
    """Rename the checked copy over `db` while holding the old file's exclusive lock.

    The old file first leaves write-ahead-log mode (folding its log in and removing it), so no
    log of the old file is ever read as the new file's. A kill before the rename leaves the old
    database; after it, the restored one.
    """
    refuse_if_in_use(db)
    conn: Any = connect(db, key, isolation_level=None)
    try:
        try:
            mode = conn.execute("PRAGMA journal_mode=DELETE").fetchone()[0]
            if str(mode).lower() != "delete":
                raise BackupRefused(IN_USE)
            conn.execute("BEGIN EXCLUSIVE")
        except _errors(key, "OperationalError") as err:
            raise BackupRefused(IN_USE) from err
        if sys.platform == "win32":  # pragma: no cover - an open file cannot be replaced there
            conn.close()
            os.replace(copy.path, db)
        else:
            try:
                os.replace(copy.path, db)
            finally:
                conn.execute("ROLLBACK")
    finally:
        conn.close()
    _fsync_folder(db.parent)
    copy.discard()


def when_taken(path: Path) -> datetime:
    """When a backup was written (its file's time)."""
    return datetime.fromtimestamp(path.stat().st_mtime).replace(microsecond=0)


def replace_damaged(copy: CheckedCopy, db: Path, kept: Path | None) -> None:
    """Put the checked copy in place of a damaged database, which cannot be read or copied
    through SQLite: its bytes (and its write-ahead log's) are kept at `kept` first (None: no
    file is there). Its log is removed before the rename, so it is never read as the new
    file's."""
    if db.exists():
        refuse_if_in_use(db)
    for suffix in ("", "-wal"):
        source = Path(f"{db}{suffix}")
        if kept is not None and source.is_file():
            kept.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, Path(f"{kept}{suffix}"))
            _fsync(Path(f"{kept}{suffix}"))
    for suffix in ("-wal", "-shm", "-journal"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    os.replace(copy.path, db)
    _fsync_folder(db.parent)
    copy.discard()
