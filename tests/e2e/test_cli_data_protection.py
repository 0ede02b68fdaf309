"""`retention due`, `retention delete` and `subject-access` as a real subprocess."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.e2e.test_cli_delivery import Cli
from tests.integration.retention_helpers import age_closed_person
from yot_desktop.services.container import Services
from yot_desktop.storage.migrate import backup_sqlite
from yot_desktop.storage.models import AuditEntry


@pytest.fixture(scope="module")
def aged_db(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, str]:
    """Made once per module (each test works on its own copy): see `cli`."""
    folder = tmp_path_factory.mktemp("retention-demo")
    url = f"sqlite:///{folder / 'yot.db'}"
    done = Cli(folder / "home", url)("demo", "--people", "12", "--seed", "3")
    assert done.returncode == 0, done.stderr
    services = Services.open(url)
    try:
        _, ref, last = age_closed_person(services)
    finally:
        services.close()
    return folder / "yot.db", ref, last


@pytest.fixture
def cli(tmp_path: Path, aged_db: tuple[Path, str, str]) -> tuple[Cli, str, str]:
    """A demo database with one young person whose case closed in 2019 (now over 18)."""
    template, ref, last = aged_db
    backup_sqlite(template, tmp_path / "yot.db")
    return Cli(tmp_path / "home", f"sqlite:///{tmp_path / 'yot.db'}"), ref, last


def test_due_lists_the_old_case_with_its_reason(cli: tuple[Cli, str, str]) -> None:
    run, ref, last = cli
    done = run("retention", "due", user="manager")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == (
        "Rule: 3 years after the last action, or the 18th birthday if that is later."
    )
    mine = [line for line in lines if line.startswith(ref)]
    assert len(mine) == 1
    assert f"\t{last}" in mine[0] or last in mine[0]
    assert "\tborn 2003-05-04\tdue 2022-03-01\tDue since 01/03/2022: 3 years after" in mine[0]
    assert lines[-1].endswith(f"due for deletion on {date.today().isoformat()}.") or (
        "more would be due" in lines[-1]
    )
    later = run("retention", "due", "--as-of", "2045-01-01", user="manager")
    assert later.returncode == 0, later.stderr
    assert len(later.stdout.splitlines()) > len(lines)


def test_subject_access_then_delete(cli: tuple[Cli, str, str], tmp_path: Path) -> None:
    run, ref, _last = cli
    out = tmp_path / "sar"
    done = run("subject-access", "--person", ref.lower(), "--out", str(out), user="admin")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Wrote ") and str(out) in done.stdout
    assert (out / "index.pdf").is_file() and (out / "young_person.csv").is_file()
    again = run("subject-access", "--person", ref, "--out", str(out), user="admin")
    assert again.returncode == 1
    assert again.stderr.startswith("Folder: Choose a new or empty folder")

    refused = run(
        "retention",
        "delete",
        "--person",
        ref,
        "--reason",
        "Retention period over",
        user="practitioner",
    )
    assert refused.returncode == 1 and "does not allow" in refused.stderr
    deleted = run(
        "retention",
        "delete",
        "--person",
        ref,
        "--reason",
        "Retention period over",
        user="manager",
    )
    assert deleted.returncode == 0, deleted.stderr
    assert deleted.stdout.startswith(f"Deleted {ref}: 1 young person record, ")
    gone = run("subject-access", "--person", ref, "--out", str(tmp_path / "x"), user="admin")
    assert gone.returncode == 1 and f"no young person has the reference {ref!r}" in gone.stderr
    services = Services.open(run.db_url)
    try:
        with services.ctx.uow() as uow:
            tomb = uow.session.scalars(
                select(AuditEntry).where(
                    AuditEntry.action == "retention_delete", AuditEntry.outcome == "ok"
                )
            ).one()
            assert tomb.username == "manager"
            assert tomb.detail.endswith("; reason: Retention period over")
    finally:
        services.close()


def test_a_recent_case_is_not_deleted(cli: tuple[Cli, str, str]) -> None:
    run, _ref, _last = cli
    done = run(
        "retention",
        "delete",
        "--person",
        "YP000012",
        "--reason",
        "Retention period over",
        user="admin",
    )
    assert done.returncode == 1
    assert "It cannot be deleted yet." in done.stderr
    bad = run("retention", "due", "--as-of", "14/03/2026", user="admin")
    assert bad.returncode == 2 and "YYYY-MM-DD" in bad.stderr
