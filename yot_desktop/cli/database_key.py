"""The command line's database secrets: an encrypted file's passphrase, a server's password.

Passphrase: env YOT_DB_KEY, else the one kept in the system's password store, else asked in a
terminal. Server password: in the URL, else the password store. Never read from a file.
"""

from __future__ import annotations

import getpass
import os
import sys
from typing import TextIO

from yot_desktop.cli.common import Refused
from yot_desktop.services.admin.secrets import (
    KeyringStore,
    encrypted_file_of,
    stored_database_key,
    with_server_password,
)
from yot_desktop.storage.encryption import NEEDS_KEY

KEY_ENV = "YOT_DB_KEY"


def server_url(url: str) -> str:
    """A PostgreSQL URL with no password gets the one kept in the password store."""
    return with_server_password(url, KeyringStore())


def database_key(url: str) -> str | None:
    """The passphrase for an encrypted SQLite file; None for anything else."""
    if encrypted_file_of(url) is None:
        return None
    if key := os.environ.get(KEY_ENV):
        return key
    if key := stored_database_key(url, KeyringStore()):
        return key
    if sys.stdin.isatty():
        return getpass.getpass("Database passphrase: ")
    raise Refused(NEEDS_KEY)


def new_passphrase(stderr: TextIO) -> tuple[str, str]:
    """A new passphrase and its confirmation: from YOT_DB_KEY, or typed twice."""
    if key := os.environ.get(KEY_ENV):
        return key, key
    if not sys.stdin.isatty():
        raise Refused(f"passphrase: set {KEY_ENV} or run the command in a terminal")
    print(
        "Choose a passphrase of 12 or more characters. Keep it somewhere safe: without it "
        "nobody can read the data, not even an administrator.",
        file=stderr,
    )
    return getpass.getpass("New passphrase: "), getpass.getpass("Type it again: ")
