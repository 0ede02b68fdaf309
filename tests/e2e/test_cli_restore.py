"""Backups you can restore (issue 12, point 8): `db backup --daily` and `db restore --from`.

A restore checks the backup (a SQLite database of YOT Desktop, sound, of a schema this version
knows; upgraded when older) before it replaces anything, keeps the database it replaces, and
is refused in one line (exit 1) with nothing changed otherwise."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from tests.e2e.test_cli import NEW_PASSWORD, Cli, cli, initialised_file, usernames
from yot_desktop.storage import migrate
from yot_desktop.storage.backups import daily_backups, safety_copies
from yot_desktop.storage.engine import make_engine

__all__ = ["cli", "initialised_file"]  # the fixtures, shared with test_cli


def _db(cli: Cli) -> Path:
    return Path(cli.db_url.removeprefix("sqlite:///"))


def _daily(cli: Cli) -> Path:
    out = cli.ok("db", "backup", "--daily", user="admin")
    assert out.startswith("Backed up to "), out
    made = Path(out.removeprefix("Backed up to ").strip().removesuffix("."))
    assert [p for _day, p in daily_backups(_db(cli))] == [made]
    return made


def _hidden_left(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob(".*"))


def test_restore_puts_the_backup_back_and_keeps_the_database_it_replaced(cli: Cli) -> None:
    backup = _daily(cli)
    assert cli.ok("db", "backup", "--daily", user="admin") == "Today's backup was already made.\n"
    cli.ok(
        "users", "add", "--username", "p.jones", "--role", "practitioner",
        user="admin", YOT_NEW_PASSWORD=NEW_PASSWORD,
    )  # fmt: skip
    assert "p.jones" in usernames(cli)

    out = cli.ok("db", "restore", "--from", str(backup), user="admin")

    assert out.startswith(f"Restored the database from {backup} (written ")
    assert usernames(cli) == ["admin"]
    [kept] = safety_copies(_db(cli))
    assert out.endswith(f"The database as it was is kept at {kept}.\n")
    with sqlite3.connect(kept) as conn:
        assert ("p.jones",) in conn.execute("SELECT username FROM users").fetchall()
    with sqlite3.connect(_db(cli)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        restored = conn.execute(
            "SELECT username, detail FROM audit_log WHERE action = 'restore_database'"
        ).fetchall()
    assert restored == [("admin", f"from {backup.name} (schema {migrate.SCHEMA_HEAD}); "
                         f"kept {kept.name}")]  # fmt: skip
    assert _hidden_left(_db(cli).parent) == []  # no part file, no restore folder


def test_an_older_backup_is_upgraded_as_it_is_restored(cli: Cli, tmp_path: Path) -> None:
    old = tmp_path / "old.db"
    engine = make_engine(f"sqlite:///{old}")
    migrate.upgrade(engine, "0005")
    engine.dispose()

    out = cli.ok("db", "restore", "--from", str(old), user="admin")

    assert f"The backup was upgraded from schema 0005 to {migrate.SCHEMA_HEAD}." in out
    engine = make_engine(cli.db_url, create=False)
    try:
        assert migrate.current_revision(engine) == migrate.SCHEMA_HEAD
    finally:
        engine.dispose()
    assert old.is_file() and _hidden_left(tmp_path) == []  # the administrator's file as it was


def _text(path: Path, _good: Path) -> str:
    path.write_text("crime_reference,first_name\n43/26/1,Sam\n", encoding="utf-8")
    return f"{path} is not a database backup: it holds text (perhaps a CSV or a note)."


def _damaged(path: Path, good: Path) -> str:
    data = bytearray(good.read_bytes())
    for offset in range(4096, len(data), 4096):  # every page after the first
        data[offset : offset + 64] = b"\xff" * 64
    path.write_bytes(bytes(data))
    return f"{path} is damaged ("


def _cut_short(path: Path, good: Path) -> str:
    path.write_bytes(good.read_bytes()[: 30 * 1024])
    return f"{path} is damaged ("


def _newer(path: Path, good: Path) -> str:
    shutil.copyfile(good, path)
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    return (
        f"{path} was made by a newer version of YOT Desktop: its schema is 9999, and this "
        f"version knows schemas up to {migrate.SCHEMA_HEAD}."
    )


def _other_database(path: Path, _good: Path) -> str:
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE notes (body TEXT)")
    return f"{path} is a SQLite database, but not one of YOT Desktop"


def _missing(path: Path, _good: Path) -> str:
    return f"{path}: there is no file there."


@pytest.mark.parametrize(
    "make",
    [_text, _damaged, _cut_short, _newer, _other_database, _missing],
    ids=lambda f: f.__name__,
)
def test_a_bad_backup_is_refused_on_one_line_and_nothing_changes(
    cli: Cli, tmp_path: Path, make: object
) -> None:
    good = _daily(cli)
    bad = tmp_path / "elsewhere" / "backup.db"
    bad.parent.mkdir()
    expected = make(bad, good)  # type: ignore[operator]
    cli.ok(
        "users", "add", "--username", "p.jones", "--role", "practitioner",
        user="admin", YOT_NEW_PASSWORD=NEW_PASSWORD,
    )  # fmt: skip
    before = _db(cli).read_bytes()

    reasons = cli.refused("db", "restore", "--from", str(bad), user="admin")

    assert len(reasons) == 1, reasons
    assert reasons[0].startswith(f"Backup file: {expected}"), reasons[0]
    assert usernames(cli) == ["admin", "p.jones"]
    assert safety_copies(_db(cli)) == []
    assert _hidden_left(tmp_path) == []
    assert _db(cli).read_bytes()[:100] == before[:100]


def test_the_database_itself_is_not_a_backup(cli: Cli) -> None:
    reasons = cli.refused("db", "restore", "--from", str(_db(cli)), user="admin")
    assert reasons == ["Backup file: that is the database itself: choose a backup of it"]


def test_only_an_administrator_may_restore(cli: Cli) -> None:
    backup = _daily(cli)
    cli.ok(
        "users", "add", "--username", "p.jones", "--role", "practitioner",
        user="admin", YOT_NEW_PASSWORD=NEW_PASSWORD,
    )  # fmt: skip
    reasons = cli.refused(
        "db", "restore", "--from", str(backup), user="p.jones", password=NEW_PASSWORD
    )
    assert reasons == [
        "Your role (Practitioner) does not allow this. Ask a manager or administrator if you "
        "need it."
    ]
    assert usernames(cli) == ["admin", "p.jones"]


def test_a_damaged_database_names_its_latest_backup_and_that_command_puts_it_back(
    cli: Cli,
) -> None:
    """Issue 12, point 5: the damaged-file message named no real way back."""
    backup = _daily(cli)
    db = _db(cli)
    data = bytearray(db.read_bytes())
    for offset in range(4096, len(data), 4096):  # every page after the first
        data[offset : offset + 64] = b"\xff" * 64
    db.write_bytes(bytes(data))
    reasons = cli.refused("users", "add", "--username", "j.smith", "--role", "panel", user="admin")
    assert len(reasons) == 1
    assert (
        f"Put back the latest backup with the command: db restore --from {backup} " in (reasons[0])
    )

    command = reasons[0].split("with the command: ")[1].split(" (")[0].split()
    out = cli.ok(*command, user="admin")  # exactly what it said

    [kept] = safety_copies(db)
    assert kept.name.startswith("yot.damaged-")
    assert kept.read_bytes() == bytes(data)
    assert out.endswith(f"The database as it was is kept at {kept}.\n")
    assert usernames(cli) == ["admin"]
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert conn.execute(
            "SELECT username FROM audit_log WHERE action = 'restore_database'"
        ).fetchall() == [("admin",)]


def test_a_database_file_that_is_gone_is_put_back_from_its_backup(cli: Cli) -> None:
    backup = _daily(cli)
    db = _db(cli)
    for gone in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
        gone.unlink(missing_ok=True)

    out = cli.ok("db", "restore", "--from", str(backup), user="admin")

    assert out.startswith(f"Restored the database from {backup} (written ")
    assert "kept at" not in out
    assert usernames(cli) == ["admin"]
    assert safety_copies(db) == []
