"""The command line on a database that a newer YOT Desktop has upgraded: refused, on one
line, with what to install; nothing changed (issue 16, point 6)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.e2e.test_cli import sqlite_cli
from yot_desktop import __version__
from yot_desktop.storage import migrate

NEWER = f"{int(migrate.SCHEMA_HEAD) + 1:04d}"


def test_an_older_app_refuses_a_newer_apps_database_on_one_line(tmp_path: Path) -> None:
    cli = sqlite_cli(tmp_path)
    cli.ok("init", "--admin", "admin")
    db = tmp_path / "yot.db"
    conn = sqlite3.connect(db)
    with conn:  # what YOT Desktop 0.9.0 leaves when it upgrades the schema
        conn.execute("UPDATE alembic_version SET version_num = ?", (NEWER,))
        conn.execute("UPDATE app_meta SET value = '0.9.0' WHERE key = 'schema_upgraded_by'")
    conn.close()
    before = sorted(tmp_path.iterdir())

    for command in (("db", "upgrade"), ("teams", "list")):
        assert cli.refused(*command, user="admin") == [
            f"This database was upgraded by YOT Desktop 0.9.0 (schema {NEWER}); this is "
            f"version {__version__}, which knows schemas up to {migrate.SCHEMA_HEAD}. "
            "Install YOT Desktop 0.9.0 or later to open it."
        ]

    assert sorted(tmp_path.iterdir()) == before  # no backup, no change
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT version_num FROM alembic_version").fetchall() == [(NEWER,)]
    conn.close()
