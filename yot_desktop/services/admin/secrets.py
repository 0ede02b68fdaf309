"""Secrets (database passphrases, server passwords) in the system's password store.

Never in a file. When the computer has no usable password store (a headless Linux server has
none), say so plainly and let the person type the passphrase instead.
keyring is imported on first use: its backend discovery takes ~0.2 s.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Protocol

from sqlalchemy.engine import make_url

from yot_desktop.domain.errors import DomainError
from yot_desktop.storage.encryption import is_encrypted_file
from yot_desktop.storage.engine import sqlite_path

SERVICE = "YOT Desktop"

NO_STORE = (
    "This computer has no password store that YOT Desktop can use, so it cannot remember "
    "the passphrase. Type it each time instead (in the command line: set YOT_DB_KEY), "
    "or ask your administrator to set up the system keyring."
)


class SecretStoreUnavailable(DomainError):
    """No usable password store (keyring) on this computer."""


class SecretStore(Protocol):
    def get(self, account: str) -> str | None: ...

    def put(self, account: str, secret: str) -> None: ...

    def delete(self, account: str) -> None: ...


class KeyringStore:
    """The system keyring (Windows Credential Manager, macOS Keychain, Secret Service)."""

    def _backend(self) -> Any:
        import keyring
        from keyring.backends import fail, null

        backend = keyring.get_keyring()
        if isinstance(backend, fail.Keyring | null.Keyring):
            raise SecretStoreUnavailable(NO_STORE)
        return backend

    def available(self) -> bool:
        try:
            self._backend()
        except SecretStoreUnavailable:
            return False
        return True

    def get(self, account: str) -> str | None:
        from keyring.errors import KeyringError

        try:
            value = self._backend().get_password(SERVICE, account)
        except KeyringError as err:
            raise SecretStoreUnavailable(f"{NO_STORE} ({err})") from err
        return None if value is None else str(value)

    def put(self, account: str, secret: str) -> None:
        from keyring.errors import KeyringError

        try:
            self._backend().set_password(SERVICE, account, secret)
        except KeyringError as err:
            raise SecretStoreUnavailable(f"{NO_STORE} ({err})") from err

    def delete(self, account: str) -> None:
        from keyring.errors import KeyringError, PasswordDeleteError

        try:
            self._backend().delete_password(SERVICE, account)
        except PasswordDeleteError:
            return  # nothing kept: nothing to forget
        except KeyringError as err:
            raise SecretStoreUnavailable(f"{NO_STORE} ({err})") from err


def database_key_account(path: Path) -> str:
    """The password store's name for one database file's passphrase."""
    return f"database passphrase: {path.expanduser().resolve()}"


def server_password_account(url: str) -> str:
    """The password store's name for a PostgreSQL login: user@host:port/database."""
    u = make_url(url)
    return f"server password: {u.username or ''}@{u.host or 'localhost'}:{u.port or 5432}/" + (
        u.database or ""
    )


def lacks_server_password(url: str) -> bool:
    """A PostgreSQL URL with no password in it (the password store may have one)."""
    u = make_url(url)
    return u.get_backend_name() == "postgresql" and not u.password


def remember_server_password(url: str, store: SecretStore) -> str:
    """Keep a PostgreSQL URL's password in the store; return the URL without it."""
    u = make_url(url)
    if u.get_backend_name() != "postgresql" or not u.password:
        return url
    store.put(server_password_account(url), str(u.password))
    return u._replace(password=None).render_as_string(hide_password=False)


def with_server_password(url: str, store: SecretStore) -> str:
    """A PostgreSQL URL without a password gets the one kept in the store, if any."""
    u = make_url(url)
    if u.get_backend_name() != "postgresql" or u.password:
        return url
    try:
        password = store.get(server_password_account(url))
    except SecretStoreUnavailable:
        return url  # the server then asks, and the connection dialog says what to do
    if password is None:
        return url
    return u.set(password=password).render_as_string(hide_password=False)


def encrypted_file_of(url: str) -> Path | None:
    """The SQLite file behind `url` when it is encrypted (needs a passphrase to open)."""
    path = sqlite_path(url)
    return path if path is not None and is_encrypted_file(path) else None


def stored_database_key(url: str, store: SecretStore) -> str | None:
    """The passphrase kept on this computer for an encrypted database file, if any."""
    path = encrypted_file_of(url)
    if path is None:
        return None
    try:
        return store.get(database_key_account(path))
    except SecretStoreUnavailable:
        return None
