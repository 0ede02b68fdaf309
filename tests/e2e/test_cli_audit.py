"""`audit export` as an administrator runs it: a real subprocess on a demo database."""

from __future__ import annotations

import csv
import subprocess
from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.e2e.test_cli_delivery import Cli
from yot_desktop.storage.migrate import backup_sqlite

TODAY = date.today().isoformat()


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`demo --people 0`, run once per module; each test works on its own copy."""
    folder = tmp_path_factory.mktemp("audit-demo")
    done = Cli(folder / "home", f"sqlite:///{folder / 'yot.db'}")("demo", "--people", "0")
    assert done.returncode == 0, done.stderr
    return folder / "yot.db"


@pytest.fixture
def cli(tmp_path: Path, demo_db: Path) -> Cli:
    backup_sqlite(demo_db, tmp_path / "yot.db")
    return Cli(tmp_path / "home", f"sqlite:///{tmp_path / 'yot.db'}")


def export(
    cli: Cli, out: Path, *extra: str, user: str = "admin", password: str = "demo"
) -> subprocess.CompletedProcess[str]:
    """`audit export` of today to `out`, with any further options."""
    command = ("audit", "export", "--from", TODAY, "--to", TODAY, "--out", str(out), *extra)
    return cli(*command, user=user, password=password)


def read(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.reader(f))


def test_export_writes_the_period_and_is_audited(cli: Cli, tmp_path: Path) -> None:
    wrong = export(cli, tmp_path / "x.csv", user="manager", password="not the password")
    assert wrong.returncode == 1
    assert not (tmp_path / "x.csv").exists()
    out = tmp_path / "audit.csv"

    done = export(cli, out)

    assert done.returncode == 0, done.stderr
    rows = read(out)
    assert rows[0] == ["id", "at", "username", "action", "entity", "entity_id", "outcome", "detail"]
    assert done.stdout.strip() == f"Wrote {len(rows) - 1} audit records to {out}."
    actions = [(r[2], r[3], r[6]) for r in rows[1:]]
    assert actions[0] == ("demo", "demo_fill", "ok")
    assert ("manager", "sign_in", "failed") in actions
    assert actions[-1] == ("admin", "sign_in", "ok")

    only = tmp_path / "failed.csv"
    done = export(cli, only, "--action", "sign_in", "--outcome", "failed", "--entity", "user")
    assert done.returncode == 0, done.stderr
    assert [(r[2], r[3]) for r in read(only)[1:]] == [("manager", "sign_in")]

    # The first export is in the trail now: export again and find it.
    again = tmp_path / "again.csv"
    done = export(cli, again, "--user", "admin", "--action", "export_audit")
    assert done.returncode == 0, done.stderr
    details = [r[7] for r in read(again)[1:]]
    assert details[0] == f"rows={len(rows) - 1} date_from={TODAY} date_to={TODAY}"
    assert len(details) == 2


def test_a_period_with_nothing_gives_a_header_only(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "old.csv"
    done = cli(
        "audit",
        "export",
        "--from",
        "2020-01-01",
        "--to",
        "2020-01-31",
        "--out",
        str(out),
        user="admin",
    )
    assert done.returncode == 0, done.stderr
    assert len(read(out)) == 1
    assert "Wrote 0 audit records" in done.stdout


def test_refusals_and_usage_errors(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "audit.csv"
    refused = export(cli, out, user="manager")
    assert refused.returncode == 1
    assert "does not allow" in refused.stderr
    assert not out.exists()

    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    not_csv = tmp_path / "missing" / "a.txt"
    bad = cli(
        "audit",
        "export",
        "--from",
        tomorrow,
        "--to",
        TODAY,
        "--out",
        str(not_csv),
        user="admin",
    )
    assert bad.returncode == 1
    assert bad.stderr.splitlines() == [
        f"--out: the audit export is CSV: name a file ending .csv, not {not_csv}",
        f"--out: the folder {tmp_path / 'missing'} does not exist",
        f"--to: the period ends ({TODAY}) before it starts ({tomorrow})",
    ]

    usage = cli("audit", "export", "--from", "14/03/2026", "--to", TODAY, "--out", str(out))
    assert usage.returncode == 2
    assert "YYYY-MM-DD" in usage.stderr


def test_verify_names_the_first_broken_link(cli: Cli) -> None:
    """Issue 12: `audit verify` exits 0 with the chain's head, and 1 naming the first broken
    link after someone who owns the file changed a record past the append-only trigger."""
    import sqlite3

    done = cli("audit", "verify", user="admin")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("The audit trail is unbroken: ")
    assert "Head: link " in done.stdout

    path = cli.db_url.removeprefix("sqlite:///")
    conn = sqlite3.connect(path)
    try:
        conn.execute("DROP TRIGGER audit_log_no_update")
        conn.execute("UPDATE audit_log SET username = 'nobody' WHERE id = 2")
        conn.commit()
    finally:
        conn.close()
    broken = cli("audit", "verify", user="admin")
    assert broken.returncode == 1
    assert "Traceback" not in broken.stderr
    assert broken.stderr.strip().splitlines() == [
        "audit: the trail is broken at link 2 (audit record 2): "
        "the record or the link was changed after it was written"
    ]
    refused = cli("audit", "verify", user="practitioner")
    assert refused.returncode == 1 and "does not allow" in refused.stderr
