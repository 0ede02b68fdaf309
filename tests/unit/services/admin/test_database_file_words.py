"""What a bad database file is, in words (issue 12, point 5)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy.exc import OperationalError

from yot_desktop.storage.encryption import is_encrypted_file, looks_like_text
from yot_desktop.storage.engine import NotADatabase, check_is_database, read_only_of


def test_text_is_not_mistaken_for_an_encrypted_database(tmp_path: Path) -> None:
    note = tmp_path / "note.db"
    note.write_text("Łukasz's referral notes\n" * 300, encoding="utf-8")
    assert looks_like_text(note.read_bytes()[:4096])
    assert not is_encrypted_file(note)
    with pytest.raises(NotADatabase, match="holds text"):
        check_is_database(note)


def test_random_bytes_of_whole_pages_may_be_encrypted_but_odd_sizes_are_not(
    tmp_path: Path,
) -> None:
    import os

    pages = tmp_path / "cipher.db"
    pages.write_bytes(os.urandom(8192))
    assert is_encrypted_file(pages)
    check_is_database(pages)  # left for the passphrase to decide
    odd = tmp_path / "photo.db"
    odd.write_bytes(os.urandom(5000))
    assert not is_encrypted_file(odd)
    with pytest.raises(NotADatabase, match="some other kind of file"):
        check_is_database(odd)


def test_a_read_only_file_is_named_as_such(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'yot.db'}"
    exc = OperationalError(
        "INSERT", {}, sqlite3.OperationalError("attempt to write a readonly database")
    )
    said = read_only_of(url, exc)
    assert said is not None and "read-only" in said and str(tmp_path / "yot.db") in said
    other = OperationalError("SELECT", {}, sqlite3.OperationalError("no such table: users"))
    assert read_only_of(url, other) is None
