"""Encryption at rest: an encrypted file is unreadable without its key (issue 7)."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.integration.helpers import NOW, audit_rows, demo_user
from yot_desktop.demo import fill_demo
from yot_desktop.domain.errors import PermissionDenied, ValidationError
from yot_desktop.services.admin.connection import test_connection as check_connection
from yot_desktop.services.container import Services
from yot_desktop.services.dto import CurrentUser
from yot_desktop.storage import encryption, migrate
from yot_desktop.storage.encryption import DatabaseKeyError, is_encrypted_file

PASSPHRASE = "Łódź harbour kettle 42"  # not ASCII: keys are UTF-8 bytes, as in sqlcipher


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("enc-template") / "demo.db"
    services = Services.open(f"sqlite:///{path}", lambda: NOW)
    services.database.upgrade()
    fill_demo(services, people=40, seed=5)
    services.close()
    return path


@pytest.fixture
def plain_db(demo_template: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    return migrate.backup_sqlite(demo_template, folder / "yot.db")


@pytest.fixture
def opened(plain_db: Path) -> Iterator[Services]:
    services = Services.open(f"sqlite:///{plain_db}", lambda: NOW)
    yield services
    services.close()


HOLD_OPEN = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1])
conn.execute("SELECT count(*) FROM young_people").fetchone()
print("open", flush=True)
sys.stdin.read()
conn.close()
"""


def row_counts(conn: sqlite3.Connection) -> dict[str, int]:
    return encryption._row_counts(conn)


def a_known_name(path: Path) -> bytes:
    conn = sqlite3.connect(path)
    try:
        (last,) = conn.execute("SELECT last_name FROM young_people ORDER BY id LIMIT 1").fetchone()
    finally:
        conn.close()
    return str(last).encode()


def encrypt(services: Services) -> CurrentUser:
    admin = demo_user(services, "admin")
    services.database.encrypt(admin, PASSPHRASE, PASSPHRASE)
    return admin


def test_encrypted_file_has_no_readable_names_and_plain_sqlite_cannot_open_it(
    opened: Services, plain_db: Path
) -> None:
    name = a_known_name(plain_db)
    assert name in plain_db.read_bytes()  # the plain file shows the name: the check can fail

    encrypt(opened)

    assert is_encrypted_file(plain_db)
    assert name not in plain_db.read_bytes()
    conn = sqlite3.connect(plain_db)
    with pytest.raises(sqlite3.DatabaseError, match="file is not a database"):
        conn.execute("SELECT count(*) FROM young_people").fetchone()
    conn.close()


def test_conversion_keeps_every_row_and_leaves_no_plain_copy(
    opened: Services, plain_db: Path
) -> None:
    name = a_known_name(plain_db)
    conn = sqlite3.connect(plain_db)
    before = row_counts(conn)
    plain_triggers = conn.execute(
        "SELECT count(*) FROM sqlite_master WHERE type = 'trigger'"
    ).fetchone()[0]
    conn.close()
    assert before["young_people"] == 40

    encrypt(opened)
    opened.close()

    # Only the database file is left: no temporary export, no -wal/-shm, no plain copy.
    assert sorted(p.name for p in plain_db.parent.iterdir()) == ["yot.db"]
    for leftover in plain_db.parent.iterdir():
        assert name not in leftover.read_bytes()
    keyed = encryption.connect(plain_db, encryption.CipherKey.for_file(PASSPHRASE, plain_db))
    after = row_counts(keyed)
    triggers = keyed.execute("SELECT count(*) FROM sqlite_master WHERE type = 'trigger'")
    assert triggers.fetchone()[0] == plain_triggers > 0  # the audit log's guards
    keyed.close()
    # sign-in + encrypt: two audit records, each sealed into the chain
    assert after == {
        **before,
        "audit_log": before["audit_log"] + 2,
        "audit_chain": before["audit_chain"] + 2,
    }


def test_opens_with_the_key_and_the_services_carry_on(opened: Services, plain_db: Path) -> None:
    admin = encrypt(opened)
    # The same services keep working, now on the encrypted file.
    assert opened.database.encryption_status().encrypted
    assert opened.people.search(admin, "").total == 40
    assert [r[1] for r in audit_rows(opened, "encrypt_database")] == ["ok"]
    assert all(PASSPHRASE not in r[2] for r in audit_rows(opened, "encrypt_database"))
    opened.close()

    again = Services.open(f"sqlite:///{plain_db}", lambda: NOW, key=PASSPHRASE)
    try:
        again.database.upgrade()
        user = demo_user(again, "manager")
        assert again.people.search(user, "").total == 40
    finally:
        again.close()


def test_wrong_or_missing_key_gives_a_clear_error(opened: Services, plain_db: Path) -> None:
    encrypt(opened)
    opened.close()
    url = f"sqlite:///{plain_db}"
    with pytest.raises(DatabaseKeyError, match="database is encrypted"):
        Services.open(url)
    wrong = Services.open(url, key="not the passphrase at all")
    with pytest.raises(DatabaseKeyError, match="The passphrase is not right"):
        wrong.auth.needs_first_user()
    wrong.close()


def test_standard_sqlcipher_opens_it_with_the_passphrase(opened: Services, plain_db: Path) -> None:
    # The raw key derived once in Python must equal SQLCipher's own derivation.
    encrypt(opened)
    from sqlcipher3 import dbapi2

    conn = dbapi2.connect(str(plain_db))
    conn.execute(f"PRAGMA key = '{PASSPHRASE}'")  # the passphrase has no quote in it
    assert conn.execute("SELECT count(*) FROM young_people").fetchone()[0] == 40
    conn.close()


def test_backup_of_an_encrypted_database_is_encrypted(opened: Services, tmp_path: Path) -> None:
    admin = encrypt(opened)
    out = opened.database.backup(admin, tmp_path / "copy.db")
    assert is_encrypted_file(out)
    copy = Services.open(f"sqlite:///{out}", lambda: NOW, key=PASSPHRASE)
    try:
        assert copy.people.search(demo_user(copy, "admin"), "").total == 40
    finally:
        copy.close()


def test_refused_while_another_connection_has_the_file_open(
    opened: Services, plain_db: Path
) -> None:
    # Another copy of the app: a separate process with the file open, idle.
    other = subprocess.Popen(
        [sys.executable, "-c", HOLD_OPEN, str(plain_db)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert other.stdout is not None
        assert other.stdout.readline().strip() == "open"
        with pytest.raises(DatabaseKeyError, match="in use"):
            encrypt(opened)
    finally:
        other.communicate("")
    assert not is_encrypted_file(plain_db)
    assert opened.people.search(demo_user(opened, "admin"), "").total == 40
    assert [r[1] for r in audit_rows(opened, "encrypt_database")] == ["failed"]


def test_short_passphrase_and_other_roles_are_refused(opened: Services, plain_db: Path) -> None:
    admin = demo_user(opened, "admin")
    with pytest.raises(ValidationError) as err:
        opened.database.encrypt(admin, "short", "short")
    assert "passphrase: Use 12 or more characters" in str(err.value.problems[0])
    with pytest.raises(ValidationError, match=r"Type the same passphrase twice"):
        opened.database.encrypt(admin, PASSPHRASE, PASSPHRASE + "x")
    with pytest.raises(PermissionDenied):
        opened.database.encrypt(demo_user(opened, "manager"), PASSPHRASE, PASSPHRASE)
    assert not is_encrypted_file(plain_db)


def test_turning_encryption_off_makes_a_plain_file_again(opened: Services, plain_db: Path) -> None:
    admin = encrypt(opened)
    with pytest.raises(ValidationError, match="not right"):
        opened.database.decrypt(admin, "a different passphrase")
    done = opened.database.decrypt(admin, PASSPHRASE)
    assert not done.encrypted
    assert not opened.database.encryption_status().encrypted
    conn = sqlite3.connect(plain_db)
    assert conn.execute("SELECT count(*) FROM young_people").fetchone()[0] == 40
    conn.close()


def test_earlier_plain_backups_beside_the_file_are_named(opened: Services, plain_db: Path) -> None:
    old = migrate.backup_sqlite(plain_db, plain_db.with_name("yot.before-0006-20260101.db"))
    done = opened.database.encrypt(demo_user(opened, "admin"), PASSPHRASE, PASSPHRASE)
    assert done.plain_copies == (old,)


def test_a_shared_server_database_is_not_encrypted_by_the_app(
    services: Services, admin: CurrentUser
) -> None:
    status = services.database.encryption_status()
    if services.ctx.engine.dialect.name == "sqlite":
        assert status.possible and not status.encrypted
        return
    assert not status.possible
    with pytest.raises(ValidationError, match="protected by its server"):
        services.database.encrypt(admin, PASSPHRASE, PASSPHRASE)


def test_schema_upgrade_backup_of_an_encrypted_file_is_encrypted(
    opened: Services, plain_db: Path
) -> None:
    encrypt(opened)
    engine = opened.ctx.engine
    previous = f"{int(migrate.SCHEMA_HEAD) - 1:04d}"
    migrate.downgrade(engine, previous)
    backup = opened.database.upgrade()
    assert backup is not None and backup.name.startswith(f"yot.before-{previous}-")
    assert is_encrypted_file(backup)
    assert a_known_name_bytes_absent(backup, opened)
    copy = Services.open(f"sqlite:///{backup}", lambda: NOW, key=PASSPHRASE)
    try:
        assert copy.database.info().revision == previous
    finally:
        copy.close()


def a_known_name_bytes_absent(path: Path, services: Services) -> bool:
    admin = demo_user(services, "admin")
    last = services.people.search(admin, "").rows[0].last_name
    return last.encode() not in path.read_bytes()


def test_connection_check_recognises_an_encrypted_file(opened: Services, plain_db: Path) -> None:
    encrypt(opened)
    message = check_connection(f"sqlite:///{plain_db}")
    assert message.startswith("Found an encrypted SQLite database")
