"""`db encrypt` / `db decrypt` from the command line, and commands on an encrypted file."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from tests.e2e.test_cli import Cli, sqlite_cli
from yot_desktop.storage.encryption import is_encrypted_file

KEY = "four unrelated words here"
ROOT = Path(__file__).resolve().parents[2]
NO_STORE = "keyring.backends.fail.Keyring"  # what a headless Linux server has
TEST_STORE = "tests.keyring_backends.FileKeyring"


def db_file(cli: Cli) -> Path:
    return Path(cli.db_url.removeprefix("sqlite:///"))


@pytest.fixture(scope="module")
def initialised(tmp_path_factory: pytest.TempPathFactory) -> Path:
    template = sqlite_cli(tmp_path_factory.mktemp("enc-template"))
    template.ok("init", "--admin", "admin")
    return db_file(template)


@pytest.fixture
def cli(tmp_path: Path, initialised: Path) -> Cli:
    """A copy of an initialised database; no password store unless a test gives one."""
    cli = sqlite_cli(tmp_path)
    shutil.copyfile(initialised, db_file(cli))
    cli.env.update(PYTHONPATH=str(ROOT), PYTHON_KEYRING_BACKEND=NO_STORE)
    return cli


@pytest.fixture
def keyring_file(tmp_path: Path) -> Path:
    return tmp_path / "keyring.json"


def test_encrypt_then_every_command_needs_the_passphrase(cli: Cli, keyring_file: Path) -> None:
    out = cli.ok("db", "encrypt", user="admin", YOT_DB_KEY=KEY)
    assert out.startswith("Encrypted ")
    assert "Give the passphrase (YOT_DB_KEY) each time" in out
    path = db_file(cli)
    assert is_encrypted_file(path)
    with pytest.raises(sqlite3.DatabaseError, match="file is not a database"):
        sqlite3.connect(path).execute("SELECT count(*) FROM users").fetchone()

    assert cli.refused("users", "add", "--username", "sam", "--role", "manager", user="admin")[
        0
    ].startswith("This database is encrypted. Enter its passphrase")
    assert cli.refused("db", "upgrade", YOT_DB_KEY="a wrong passphrase") == [
        "The passphrase is not right for this database. Check it and try again."
    ]
    assert "revision" in cli.ok("db", "upgrade", YOT_DB_KEY=KEY)


def test_a_short_passphrase_is_refused_and_nothing_changes(cli: Cli, keyring_file: Path) -> None:
    reasons = cli.refused("db", "encrypt", user="admin", YOT_DB_KEY="short")
    assert reasons == ["passphrase: Use 12 or more characters, like four unrelated words"]
    assert not is_encrypted_file(db_file(cli))


def test_remember_without_a_password_store_says_so(cli: Cli, keyring_file: Path) -> None:
    reasons = cli.refused("db", "encrypt", "--remember", user="admin", YOT_DB_KEY=KEY)
    assert reasons[0].startswith("--remember: This computer has no password store")
    assert not is_encrypted_file(db_file(cli))


def test_remembered_passphrase_opens_it_and_decrypt_forgets_it(
    cli: Cli, keyring_file: Path
) -> None:
    cli.env.update(PYTHON_KEYRING_BACKEND=TEST_STORE, YOT_TEST_KEYRING_FILE=str(keyring_file))
    out = cli.ok("db", "encrypt", "--remember", user="admin", YOT_DB_KEY=KEY)
    assert "kept in this computer's password store" in out
    assert list(json.loads(keyring_file.read_text()).values()) == [KEY]
    # No YOT_DB_KEY: the password store gives the passphrase.
    assert "revision" in cli.ok("db", "upgrade")
    assert cli.ok("db", "decrypt", user="admin") == "The database file is no longer encrypted.\n"
    assert not is_encrypted_file(db_file(cli))
    assert json.loads(keyring_file.read_text()) == {}
    conn = sqlite3.connect(db_file(cli))
    assert conn.execute("SELECT username FROM users").fetchall() == [("admin",)]
    conn.close()
