"""Secrets live in the password store, never in the settings file; idle lock and sslmode."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.keyring_backends import MemoryKeyring
from yot_desktop.services.admin.secrets import (
    SERVICE,
    KeyringStore,
    SecretStoreUnavailable,
    database_key_account,
    remember_server_password,
    server_password_account,
    stored_database_key,
    with_server_password,
)
from yot_desktop.settings import load_settings, save_database_choice, save_setting

PG = "postgresql+psycopg://alice:s3cret-Pa55@db.example:5433/yot?sslmode=require"


def test_server_password_goes_to_the_store_and_comes_back(memory_keyring: MemoryKeyring) -> None:
    store = KeyringStore()
    saved = remember_server_password(PG, store)
    assert "s3cret" not in saved
    assert saved == "postgresql+psycopg://alice@db.example:5433/yot?sslmode=require"
    assert memory_keyring.secrets == {
        (SERVICE, "server password: alice@db.example:5433/yot"): "s3cret-Pa55"
    }
    assert with_server_password(saved, store) == PG
    # A URL that already has a password, or a SQLite file, is left alone.
    assert with_server_password(PG.replace("Pa55", "other"), store) == PG.replace("Pa55", "other")
    assert with_server_password("sqlite:///x.db", store) == "sqlite:///x.db"


def test_no_password_store_is_said_plainly_and_nothing_is_written(
    no_keyring: None, tmp_path: Path
) -> None:
    store = KeyringStore()
    assert not store.available()
    with pytest.raises(SecretStoreUnavailable, match="no password store"):
        store.put(server_password_account(PG), "s3cret-Pa55")
    # Opening still works: the URL simply has no password and the server will ask.
    assert with_server_password("postgresql+psycopg://alice@h/yot", store) == (
        "postgresql+psycopg://alice@h/yot"
    )
    assert list(tmp_path.iterdir()) == []


def test_database_passphrase_is_found_for_an_encrypted_file_only(
    memory_keyring: MemoryKeyring, tmp_path: Path
) -> None:
    plain = tmp_path / "plain.db"
    plain.write_bytes(b"SQLite format 3\x00" + bytes(100))
    encrypted = tmp_path / "enc.db"
    encrypted.write_bytes(bytes(range(256)) * 4)  # whole pages of what is not text
    store = KeyringStore()
    for path in (plain, encrypted):
        store.put(database_key_account(path), "kept passphrase")
    assert stored_database_key(f"sqlite:///{plain}", store) is None
    assert stored_database_key(f"sqlite:///{encrypted}", store) == "kept passphrase"
    store.delete(database_key_account(encrypted))
    store.delete(database_key_account(encrypted))  # forgetting twice is fine
    assert stored_database_key(f"sqlite:///{encrypted}", store) is None


def test_settings_file_never_holds_a_password(tmp_path: Path) -> None:
    env = {"YOT_HOME": str(tmp_path)}
    settings = load_settings(env=env)
    save_database_choice(settings, PG)
    settings = save_setting(load_settings(env=env), "idle_lock_minutes", "5")
    text = settings.config_file.read_text(encoding="utf-8")
    assert "s3cret" not in text
    assert json.loads(text)["database_url"].startswith("postgresql+psycopg://alice@db.example")
    with pytest.raises(ValueError, match="password store"):
        save_setting(settings, "database_passphrase", "x")
    again = load_settings(env=env)
    assert again.idle_lock_minutes == 5
    assert again.database_url == "postgresql+psycopg://alice@db.example:5433/yot?sslmode=require"


def test_idle_lock_defaults_to_15_minutes_and_rejects_nonsense(tmp_path: Path) -> None:
    env = {"YOT_HOME": str(tmp_path)}
    settings = load_settings(env=env)
    assert settings.idle_lock_minutes == 15
    assert settings.sslmode == "prefer"
    settings.config_dir.mkdir(parents=True)
    settings.config_file.write_text(json.dumps({"idle_lock_minutes": "0"}), encoding="utf-8")
    with pytest.raises(RuntimeError, match="whole number of minutes from 1 to 240"):
        load_settings(env=env)
    settings.config_file.write_text(json.dumps({"sslmode": "maybe"}), encoding="utf-8")
    with pytest.raises(RuntimeError, match="sslmode must be one of"):
        load_settings(env=env)


LAZY = """
import sys
import yot_desktop.app, yot_desktop.cli.main
from yot_desktop.services.container import Services
services = Services.open(sys.argv[1])
services.database.upgrade()
services.auth.needs_first_user()
services.close()
print(sorted(m for m in ("keyring", "sqlcipher3") if m in sys.modules))
"""


def test_a_plain_database_never_loads_keyring_or_sqlcipher(tmp_path: Path) -> None:
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-c", LAZY, f"sqlite:///{tmp_path / 'plain.db'}"],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    assert done.stdout.strip() == "[]"
