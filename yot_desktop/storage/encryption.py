"""Encryption at rest for the local SQLite file, with SQLCipher 4 (AES-256, an HMAC per page).

A passphrase is stretched once per process with SQLCipher 4's own key derivation
(PBKDF2-HMAC-SHA512, 256,000 rounds, the file's 16-byte salt) and every connection is keyed
with the raw result, so only the first connection pays for it (~0.4 s) instead of each one.
The file stays a standard SQLCipher 4 database: the sqlcipher tool opens it with the passphrase.

sqlcipher3 is imported only when an encrypted file is used: plain start-up never loads it.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import secrets
import sqlite3
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from yot_desktop.domain.errors import DomainError

SQLITE_HEADER = b"SQLite format 3\x00"
SALT_BYTES = 16
KDF_ITERATIONS = 256_000  # SQLCipher 4's default
KEY_BYTES = 32


class DatabaseKeyError(DomainError):
    """The database cannot be opened or converted with the key given (or without one)."""


class EncryptionUnavailable(DomainError):
    """SQLCipher is not installed on this computer."""


WRONG_KEY = "The passphrase is not right for this database. Check it and try again."
NEEDS_KEY = (
    "This database is encrypted. Enter its passphrase (in the command line: set YOT_DB_KEY), "
    "or ask your administrator."
)


def sqlcipher_module() -> ModuleType:
    """The SQLCipher DB-API module, imported on first use."""
    try:
        from sqlcipher3 import dbapi2
    except ImportError as err:
        raise EncryptionUnavailable(
            "Encryption needs SQLCipher, which is not installed on this computer. Install the "
            "Python package sqlcipher3 (on Linux, sqlcipher3-binary), or ask your administrator."
        ) from err
    return dbapi2


def is_encrypted_file(path: Path) -> bool:
    """True when the file looks like a SQLCipher database: it does not start with SQLite's
    plain-text header, it is whole pages long (512 bytes or a multiple), and it is not text."""
    try:
        with path.open("rb") as f:
            head = f.read(4096)
        size = path.stat().st_size
    except (FileNotFoundError, IsADirectoryError):
        return False
    return (
        len(head) >= len(SQLITE_HEADER)
        and not head.startswith(SQLITE_HEADER)
        and size % 512 == 0
        and not looks_like_text(head)
    )


def looks_like_text(head: bytes) -> bool:
    """Whether the start of a file reads as text (a CSV, a note, a TOML file...)."""
    text = head.decode("utf-8", errors="ignore")
    if not text or len(text.encode("utf-8")) < len(head) * 0.9:
        return False
    printable = sum(c.isprintable() or c in "\r\n\t" for c in text)
    return printable >= len(text) * 0.95


class CipherKey:
    """A passphrase and a file's salt. The raw key is derived once, on first use."""

    def __init__(self, passphrase: str, salt: bytes | None = None) -> None:
        if not passphrase:
            raise DatabaseKeyError("Enter the database passphrase.")
        self._passphrase = passphrase
        self.salt = salt if salt is not None else secrets.token_bytes(SALT_BYTES)
        self._raw: bytes | None = None
        self._lock = threading.Lock()

    def __repr__(self) -> str:  # never show the passphrase or key in a log or traceback
        return "CipherKey(<hidden>)"

    @classmethod
    def for_file(cls, passphrase: str, path: Path) -> CipherKey:
        """The key for an existing encrypted file (its salt), or a new salt for a new file."""
        if is_encrypted_file(path):
            with path.open("rb") as f:
                return cls(passphrase, f.read(SALT_BYTES))
        return cls(passphrase)

    def for_other_file(self, path: Path) -> CipherKey:
        """The same passphrase, with `path`'s own salt (a backup encrypted at another time)."""
        return CipherKey.for_file(self._passphrase, path)

    def same_passphrase(self, passphrase: str) -> bool:
        return secrets.compare_digest(self._passphrase.encode(), passphrase.encode())

    def pragma_value(self) -> str:
        """SQLCipher's raw key with its salt, x'<key><salt>': no derivation per connection."""
        with self._lock:
            if self._raw is None:
                self._raw = hashlib.pbkdf2_hmac(
                    "sha512", self._passphrase.encode(), self.salt, KDF_ITERATIONS, KEY_BYTES
                )
            return f"x'{self._raw.hex()}{self.salt.hex()}'"

    def apply(self, dbapi_connection: Any) -> None:
        """Key a new connection (before anything else touches it) and check the key."""
        cursor = dbapi_connection.cursor()
        try:
            # SQLCipher prints its own errors on stderr; a wrong key gets a plain message here.
            cursor.execute("PRAGMA cipher_log_level = NONE")
            cursor.execute(f'PRAGMA key = "{self.pragma_value()}"')  # hex digits only
            cursor.execute("SELECT count(*) FROM sqlite_master")
        except sqlcipher_module().DatabaseError as err:
            raise DatabaseKeyError(WRONG_KEY) from err
        finally:
            cursor.close()

    def on_connect(self, dbapi_connection: Any, _record: Any) -> None:
        self.apply(dbapi_connection)


def connect(path: Path, key: CipherKey | None, **kwargs: Any) -> Any:
    """A DB-API connection to `path`: plain sqlite3, or SQLCipher keyed with `key`."""
    if key is None:
        return sqlite3.connect(str(path), **kwargs)
    conn = sqlcipher_module().connect(str(path), **kwargs)
    try:
        key.apply(conn)
    except DatabaseKeyError:
        conn.close()
        raise
    return conn


@dataclass(frozen=True)
class Converted:
    path: Path
    tables: int
    rows: int
    key: CipherKey | None
    plain_copies: tuple[Path, ...]


def _row_counts(conn: Any, schema: str = "main") -> dict[str, int]:
    names = [
        r[0]
        for r in conn.execute(
            f"SELECT name FROM {schema}.sqlite_master "
            "WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
    ]
    return {n: conn.execute(f'SELECT count(*) FROM {schema}."{n}"').fetchone()[0] for n in names}


def _schema(conn: Any) -> list[tuple[str, str, str]]:
    """Every table, index, view and trigger (the audit log's guards are triggers)."""
    rows = conn.execute(
        "SELECT type, name, coalesce(sql, '') FROM sqlite_master "
        "WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name"
    )
    return [tuple(r) for r in rows]


def plain_copies_beside(path: Path) -> tuple[Path, ...]:
    """Earlier backups of the database (before upgrades, daily, replaced by a restore) that
    are not encrypted."""
    from yot_desktop.storage.backups import all_backups  # it imports this module

    found = [p for p in all_backups(path) if p.is_file() and not is_encrypted_file(p)]
    return tuple(found)


def encrypt_file(path: Path, passphrase: str) -> Converted:
    """Encrypt a plain database in place, leaving no plain copy behind."""
    if is_encrypted_file(path):
        raise DatabaseKeyError("This database is already encrypted.")
    return _convert(path, None, CipherKey(passphrase))


def decrypt_file(path: Path, passphrase: str) -> Converted:
    """Turn encryption off: the file becomes a plain SQLite database again."""
    if not is_encrypted_file(path):
        raise DatabaseKeyError("This database is not encrypted.")
    return _convert(path, CipherKey.for_file(passphrase, path), None)


IN_USE = (
    "The database is in use. Close YOT Desktop everywhere else that uses this file, then try again."
)


def open_elsewhere(path: Path) -> bool:
    """True when another program has the WAL database open (POSIX).

    Each SQLite connection in WAL mode holds a shared lock on the "DMS" byte (128) of the
    -shm file while it is open, even when idle; F_GETLK sees other processes' locks.
    Closing the probe's descriptor drops this process's own locks on the file, so call it only
    once this process's connections to the database are closed (the service disposes first).
    """
    shm = Path(f"{path}-shm")
    if sys.platform == "win32" or not shm.exists():  # pragma: no cover - Windows refuses below
        return False
    import fcntl
    import struct

    fd = os.open(shm, os.O_RDWR)
    try:
        probe = struct.pack("hhqqi", fcntl.F_WRLCK, os.SEEK_SET, 128, 1, 0)
        answer = fcntl.fcntl(fd, fcntl.F_GETLK, probe)
        return bool(struct.unpack("hhqqi", answer)[0] != fcntl.F_UNLCK)
    finally:
        os.close(fd)


def _convert(path: Path, old: CipherKey | None, new: CipherKey | None) -> Converted:
    """Export into a new file beside it, check every table's rows, then swap atomically."""
    if not path.is_file():
        raise DatabaseKeyError(f"There is no database file at {path}.")
    if open_elsewhere(path):
        raise DatabaseKeyError(IN_USE)
    dbapi = sqlcipher_module()
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.converting")
    src = dbapi.connect(str(path), isolation_level=None)  # transactions managed here
    try:
        if old is not None:
            old.apply(src)
        # Leaving WAL mode needs the only connection: so nobody else has the file open, and
        # the write-ahead log (plain pages, if the file is plain) is folded in and removed.
        mode = src.execute("PRAGMA journal_mode=DELETE").fetchone()[0]
        if str(mode).lower() != "delete":
            raise DatabaseKeyError(IN_USE)
        before = _row_counts(src)
        schema = _schema(src)
        src.execute(
            "ATTACH DATABASE ? AS converted KEY ?",
            (str(tmp), new.pragma_value() if new else ""),
        )
        src.execute("BEGIN EXCLUSIVE")
        src.execute("SELECT sqlcipher_export('converted')")
        version = src.execute("PRAGMA main.user_version").fetchone()[0]
        src.execute(f"PRAGMA converted.user_version = {int(version)}")
        src.execute("COMMIT")
        src.execute("DETACH DATABASE converted")
        check = connect(tmp, new)
        try:
            after = _row_counts(check)
            same_schema = _schema(check) == schema
            ok = check.execute("PRAGMA quick_check").fetchone()[0]
        finally:
            check.close()
        if after != before or not same_schema or ok != "ok":
            raise DatabaseKeyError(
                "The converted copy did not match the database, so nothing was changed. "
                "Try again, or ask your administrator."
            )
        _swap(src, tmp, path)
    finally:
        src.close()
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        for leftover in (f"{tmp}-journal", f"{tmp}-wal", f"{tmp}-shm"):
            with contextlib.suppress(FileNotFoundError):
                Path(leftover).unlink()
    return Converted(
        path, len(before), sum(before.values()), new, plain_copies_beside(path) if new else ()
    )


def _swap(src: Any, tmp: Path, path: Path) -> None:
    """Replace `path` with `tmp` while holding the old file's lock; then scrub the old file.

    The old file's blocks are overwritten with zeros through a handle opened before the swap,
    so the plain pages are not left in free disk space (best effort: SSDs may keep copies).
    """
    if sys.platform == "win32":  # pragma: no cover - a file that is open cannot be replaced
        src.close()
        os.replace(tmp, path)
        return
    src.execute("BEGIN EXCLUSIVE")  # nobody reads or writes the old file from here on
    try:
        with path.open("r+b") as old:
            os.replace(tmp, path)
            size = old.seek(0, os.SEEK_END)
            old.seek(0)
            block = b"\0" * 65536
            for _ in range(0, size, len(block)):
                old.write(block)
            old.flush()
            os.fsync(old.fileno())
    finally:
        src.execute("ROLLBACK")
    dir_fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)
