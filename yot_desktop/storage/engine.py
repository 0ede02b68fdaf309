"""Engine set-up for SQLite (the default) and PostgreSQL (a shared team database)."""

from __future__ import annotations

import os
import sys
import weakref
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url

from yot_desktop.storage import server_watch
from yot_desktop.storage.encryption import (
    NEEDS_KEY,
    SQLITE_HEADER,
    CipherKey,
    DatabaseKeyError,
    is_encrypted_file,
    looks_like_text,
    sqlcipher_module,
)

NETWORK_FS_TYPES = frozenset(
    {"nfs", "nfs4", "cifs", "smbfs", "smb3", "9p", "afs", "fuse.sshfs", "davfs", "ncpfs"}
)


class DatabaseLocationError(Exception):
    """The database cannot safely live where it was asked to."""


class DatabaseMissing(DatabaseLocationError):
    """There is no database file where one was named, and this is not the place to make one
    (only `init`, `demo` and the first-run wizard create a database, after asking)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        super().__init__(f"There is no database at {path}. Check the path for a typing mistake.")


_DAMAGE_SIGNS = ("malformed", "not a database", "disk image")


def damage_of(url: str | URL, exc: BaseException) -> str | None:
    """In plain words, when `exc` says the SQLite file is damaged; None for anything else."""
    path = sqlite_path(url)
    text = str(getattr(exc, "orig", None) or exc).lower()
    if path is None or not any(sign in text for sign in _DAMAGE_SIGNS):
        return None
    from yot_desktop.storage.backups import folder_of, latest_backup  # it imports encryption

    said = (
        f"The database file {path} is damaged, so YOT Desktop cannot read it "
        f"(SQLite says: {text.splitlines()[0]}). Nothing was changed. "
    )
    latest = latest_backup(path)
    if latest is None:
        return said + (
            "There is no backup made by YOT Desktop beside it. Put back a copy made with "
            "'db backup' with the command: db restore --from FILE. Ask your administrator if "
            "you are not sure."
        )
    return said + (
        f"Put back the latest backup with the command: db restore --from {latest} "
        f"(other backups are in {folder_of(path)}). Ask your administrator if you are not sure."
    )


class NotADatabase(DatabaseLocationError):
    """The file named is something other than a database (a CSV, a document...)."""

    def __init__(self, path: Path, what: str) -> None:
        self.path = path
        super().__init__(
            f"{path} is not a YOT Desktop database: it {what}. "
            "Choose the database file (it usually ends in .db)."
        )


def check_is_database(path: Path) -> None:
    """Refuse, in words, a file that is plainly not a SQLite database (plain or encrypted)."""
    if not path.is_file() or path.stat().st_size == 0:
        return  # a new database, or one SQLite will name itself
    with path.open("rb") as f:
        head = f.read(4096)
    if head.startswith(SQLITE_HEADER) or is_encrypted_file(path):
        return
    if looks_like_text(head):
        raise NotADatabase(path, "holds text (perhaps a CSV or a note)")
    raise NotADatabase(path, "is some other kind of file")


def read_only_of(url: str | URL, exc: BaseException) -> str | None:
    """In plain words, when `exc` says the SQLite file cannot be written; None otherwise."""
    path = sqlite_path(url)
    text = str(getattr(exc, "orig", None) or exc).lower()
    if path is None or "readonly" not in text.replace("read-only", "readonly"):
        return None
    return (
        f"The database file {path} can be read but not changed from this account (it is "
        "read-only, or its folder is). Ask IT to give you write access to the file and its "
        "folder, or copy it to a folder you can change."
    )


def database_kind(url: str | URL) -> str:
    backend = make_url(url).get_backend_name()
    return {"sqlite": "SQLite", "postgresql": "PostgreSQL"}.get(backend, backend)


def describe_location(url: str | URL) -> str:
    """Where the data is, for the status bar: a file path or host/database (never a password)."""
    u = make_url(url)
    if u.get_backend_name() == "sqlite":
        return u.database or "(in memory)"
    port = f":{u.port}" if u.port else ""
    return f"{u.host or 'localhost'}{port}/{u.database or ''}"


def sqlite_path(url: str | URL) -> Path | None:
    u = make_url(url)
    if u.get_backend_name() != "sqlite" or not u.database or u.database == ":memory:":
        return None
    return Path(u.database)


def _mount_fs_type(path: Path) -> str:
    """The filesystem type of the mount holding `path` (Linux: /proc/mounts)."""
    try:
        mounts = Path("/proc/mounts").read_text(encoding="utf-8").splitlines()
    except OSError:
        return ""
    best, fs = "", ""
    target = str(path.resolve())
    for line in mounts:
        parts = line.split()
        if len(parts) < 3:
            continue
        mount_point = parts[1].replace("\\040", " ")
        if (target == mount_point or target.startswith(mount_point.rstrip("/") + "/")) and len(
            mount_point
        ) > len(best):
            best, fs = mount_point, parts[2]
    return fs


def is_network_path(path: Path) -> bool:
    """True for a file on a network share, where SQLite's file locking is unreliable."""
    text = str(path)
    if text.startswith(("\\\\", "//")):
        return True
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
        import ctypes

        drive = os.path.splitdrive(str(path.resolve()))[0] + "\\"
        return bool(ctypes.windll.kernel32.GetDriveTypeW(drive) == 4)  # DRIVE_REMOTE
    existing = path if path.exists() else path.parent
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    return _mount_fs_type(existing) in NETWORK_FS_TYPES


NETWORK_SHARE_MESSAGE = (
    "The database file is on a network share. SQLite cannot lock files reliably over a "
    "network, so two people using it at once can corrupt it. Keep the SQLite file on this "
    "computer, or ask your administrator for a shared PostgreSQL database "
    "(File > Connect to database > PostgreSQL)."
)


def check_sqlite_location(url: str | URL) -> None:
    path = sqlite_path(url)
    if path is not None and is_network_path(path):
        raise DatabaseLocationError(NETWORK_SHARE_MESSAGE)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


# The key each encrypted engine was made with: backups of the file are keyed the same way.
_ENGINE_KEYS: weakref.WeakKeyDictionary[Engine, CipherKey] = weakref.WeakKeyDictionary()


def engine_key(engine: Engine) -> CipherKey | None:
    """The SQLCipher key of an encrypted SQLite engine; None for a plain one."""
    return _ENGINE_KEYS.get(engine)


def make_engine(
    url: str | URL,
    *,
    echo: bool = False,
    key: str | CipherKey | None = None,
    create: bool = True,
) -> Engine:
    """An engine with the right options for its backend. SQLite on a share is refused.

    Errors never show the statement's values (they would carry personal data into the log).
    `key` opens (or creates) an encrypted SQLite file; an encrypted file without one is refused
    with a clear message rather than SQLite's "file is not a database". With `create` False a
    SQLite file that does not exist is refused (`DatabaseMissing`) instead of being made, with
    its folders, by a mistyped path.
    """
    u = make_url(url)
    if u.get_backend_name() == "sqlite":
        check_sqlite_location(u)
        path = sqlite_path(u)
        if path is not None and not create and not path.exists():
            raise DatabaseMissing(path)
        if path is not None:
            check_is_database(path)
            path.parent.mkdir(parents=True, exist_ok=True)
        args = {"check_same_thread": False}
        if key is None:
            if path is not None and is_encrypted_file(path):
                raise DatabaseKeyError(NEEDS_KEY)
            engine = create_engine(u, echo=echo, connect_args=args, hide_parameters=True)
        else:
            if path is None:
                raise DatabaseKeyError("Only a database file can be encrypted.")
            if path.is_file() and path.stat().st_size and not is_encrypted_file(path):
                raise DatabaseKeyError(
                    "This database is not encrypted, so it needs no passphrase. "
                    "Turn encryption on in Administration, or with: db encrypt."
                )
            cipher = key if isinstance(key, CipherKey) else CipherKey.for_file(key, path)
            engine = create_engine(
                u,
                echo=echo,
                module=sqlcipher_module(),
                connect_args=args,
                hide_parameters=True,
            )
            event.listen(engine, "connect", cipher.on_connect)  # the key before anything else
            _ENGINE_KEYS[engine] = cipher
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    if u.get_backend_name() == "postgresql":
        if u.drivername == "postgresql":
            u = u.set(drivername="postgresql+psycopg")
        # A connect timeout, TCP keepalives, statement and lock timeouts (server_watch); the
        # URL's own settings win (options=-c ... in the URL come after, so they count).
        pg_args = server_watch.postgres_connect_args()
        own = u.query.get("options")
        if isinstance(own, str):
            pg_args["options"] = f"{pg_args['options']} {own}"
        for name in ("connect_timeout", "keepalives", "keepalives_idle"):
            if name in u.query:
                pg_args.pop(name)
        engine = create_engine(
            u,
            echo=echo,
            # Database errors end up in the log file: never with a child's details in them.
            hide_parameters=True,
            pool_pre_ping=True,
            pool_size=5,
            connect_args=pg_args,
        )
        server_watch.install(engine)  # and a deadline on this side for a frozen server
        return engine
    raise DatabaseLocationError(
        f"YOT Desktop works with SQLite or PostgreSQL, not {u.get_backend_name()}."
    )
