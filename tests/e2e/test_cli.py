"""The command line as an administrator uses it: a real subprocess on a real database.

Contract (shared/INTERFACES.md): exit 0 done; 1 refused, with the reasons on stderr one per
line and nothing written; 2 usage error.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from tests import pg
from yot_desktop.domain.errors import AuthenticationError
from yot_desktop.services.admin.schemes import default_scheme_files, parse_scheme_toml
from yot_desktop.services.container import Services
from yot_desktop.storage import migrate
from yot_desktop.storage.models import YoungPerson

ADMIN_PASSWORD = "correct horse battery"
NEW_PASSWORD = "a long enough passphrase"
NOW = datetime(2026, 11, 20, 10, 0)
SHIPPED = {
    r.code: r for path in default_scheme_files() for r in parse_scheme_toml(path.read_text())
}


@dataclass
class Cli:
    """Runs `python -m yot_desktop --db URL ...` with its own YOT_HOME."""

    home: Path
    db_url: str
    env: dict[str, str] = field(default_factory=dict)

    def __call__(
        self,
        *args: str,
        user: str | None = None,
        password: str = ADMIN_PASSWORD,
        **extra_env: str,
    ) -> subprocess.CompletedProcess[str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("YOT_")}
        env.update(YOT_HOME=str(self.home), YOT_PASSWORD=password, **self.env, **extra_env)
        command = [sys.executable, "-W", "default", "-m", "yot_desktop", "--db", self.db_url]
        if user:
            command += ["--user", user]
        return subprocess.run(
            [*command, *args],
            env=env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )

    def ok(self, *args: str, **kw: str) -> str:
        """Run a command that must succeed quietly; its stdout."""
        done = self(*args, **kw)
        assert done.returncode == 0, done.stderr
        assert "Warning" not in done.stderr, done.stderr
        return done.stdout

    def refused(self, *args: str, **kw: str) -> list[str]:
        """Run a command that must be refused; its reasons, one per stderr line."""
        done = self(*args, **kw)
        assert done.returncode == 1, (done.stdout, done.stderr)
        assert "Traceback" not in done.stderr, done.stderr
        lines = done.stderr.splitlines()
        assert lines and all(line.strip() for line in lines)
        return lines

    def open(self) -> Services:
        return Services.open(self.db_url, lambda: NOW)


def sqlite_cli(tmp_path: Path) -> Cli:
    home = tmp_path / "home"
    home.mkdir(parents=True)
    return Cli(home, f"sqlite:///{tmp_path / 'yot.db'}")


@pytest.fixture(scope="module")
def initialised_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database made once by `init --admin admin`; each test works on its own copy."""
    cli = sqlite_cli(tmp_path_factory.mktemp("template"))
    assert cli.ok("init", "--admin", "admin") == "Created administrator admin.\n"
    return Path(cli.db_url.removeprefix("sqlite:///"))


@pytest.fixture
def cli(tmp_path: Path, initialised_file: Path) -> Cli:
    """An initialised SQLite database with administrator `admin`."""
    cli = sqlite_cli(tmp_path)
    shutil.copyfile(initialised_file, tmp_path / "yot.db")
    return cli


@pytest.fixture
def fresh_cli(tmp_path: Path) -> Cli:
    """No database yet."""
    return sqlite_cli(tmp_path)


def usernames(cli: Cli) -> list[str]:
    services = cli.open()
    try:
        admin = services.auth.sign_in("admin", ADMIN_PASSWORD)
        return [u.username for u in services.users.list_users(admin)]
    finally:
        services.close()


def person_names(cli: Cli) -> list[tuple[str, str]]:
    services = cli.open()
    try:
        with services.ctx.uow() as uow:
            rows = uow.session.execute(
                select(YoungPerson.first_name, YoungPerson.last_name).order_by(YoungPerson.id)
            ).all()
        return [(first, last) for first, last in rows]
    finally:
        services.close()


def test_init_creates_the_database_and_first_administrator(fresh_cli: Cli) -> None:
    out = fresh_cli.ok("init", "--admin", "admin")

    assert out == "Created administrator admin.\n"
    services = fresh_cli.open()
    try:
        assert services.auth.sign_in("admin", ADMIN_PASSWORD).role.value == "administrator"
        assert not services.database.needs_upgrade()
        assert {s.code for s in services.schemes.list_schemes()} == set(SHIPPED)
    finally:
        services.close()

    again = fresh_cli.ok("init", "--admin", "someone.else")
    assert "already has users" in again
    assert usernames(fresh_cli) == ["admin"]


def test_init_refuses_a_short_password_and_makes_no_user(fresh_cli: Cli) -> None:
    reasons = fresh_cli.refused("init", "--admin", "admin", password="short")

    assert reasons[0] == "password: Use at least 12 characters"
    assert all(line.startswith("password: ") for line in reasons)
    services = fresh_cli.open()
    try:
        assert services.auth.needs_first_user()
    finally:
        services.close()


def test_users_add(cli: Cli) -> None:
    out = cli.ok(
        "users", "add", "--username", "p.jones", "--role", "Practitioner", "--team", "Team A",
        user="admin", YOT_NEW_PASSWORD=NEW_PASSWORD,
    )  # fmt: skip

    assert out == "Added p.jones (practitioner).\n"
    services = cli.open()
    try:
        user = services.auth.sign_in("p.jones", NEW_PASSWORD)
        assert (user.role.value, user.team_name, user.must_change_password) == (
            "practitioner",
            "Team A",
            True,
        )
    finally:
        services.close()


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        pytest.param(
            {"password": "not the password"},
            ["The user name or password is not right. Try again."],
            id="wrong-password",
        ),
        pytest.param(
            {"role": "wizard"},
            ["role: Choose one of administrator, manager, practitioner, panel"],
            id="bad-role",
        ),
        pytest.param(
            {"new_password": "short pw"},
            ["password: Use at least 12 characters"],
            id="short-password",
        ),
        pytest.param(
            {"username": "admin"},
            ["username: admin is already taken"],
            id="taken-username",
        ),
        pytest.param(
            {"user": ""},
            ["--user: name the staff account this command acts as, like --user j.smith"],
            id="no-user",
        ),
    ],
)
def test_users_add_refusals(cli: Cli, options: dict[str, str], expected: list[str]) -> None:
    reasons = cli.refused(
        "users", "add", "--username", options.get("username", "p.jones"),
        "--role", options.get("role", "practitioner"),
        user=options.get("user", "admin"),
        password=options.get("password", ADMIN_PASSWORD),
        YOT_NEW_PASSWORD=options.get("new_password", NEW_PASSWORD),
    )  # fmt: skip

    assert reasons == expected
    assert usernames(cli) == ["admin"]


def test_a_practitioner_may_not_add_users(cli: Cli) -> None:
    cli.ok(
        "users", "add", "--username", "p.jones", "--role", "practitioner",
        user="admin", YOT_NEW_PASSWORD=NEW_PASSWORD,
    )  # fmt: skip

    reasons = cli.refused(
        "users", "add", "--username", "friend", "--role", "administrator",
        user="p.jones", password=NEW_PASSWORD, YOT_NEW_PASSWORD=NEW_PASSWORD,
    )  # fmt: skip

    assert len(reasons) == 1
    assert "does not allow this" in reasons[0]
    assert usernames(cli) == ["admin", "p.jones"]


@pytest.mark.parametrize(
    "argv",
    [
        ["frobnicate"],
        ["users", "add", "--username", "p.jones"],  # --role missing
        ["demo", "--people", "many"],
        ["db"],
    ],
    ids=["unknown-command", "missing-option", "bad-number", "missing-subcommand"],
)
def test_usage_errors_exit_2_and_touch_nothing(fresh_cli: Cli, argv: list[str]) -> None:
    done = fresh_cli(*argv, user="admin")

    assert done.returncode == 2
    assert done.stderr.startswith("usage: yot-desktop")
    assert done.stdout == ""
    assert not Path(fresh_cli.db_url.removeprefix("sqlite:///")).exists()


def test_db_upgrade(fresh_cli: Cli) -> None:
    # Only init (and demo) make a new database; upgrade names a missing one (issue 12).
    reasons = fresh_cli.refused("db", "upgrade")
    assert reasons[0].startswith("--db: There is no database at")
    fresh_cli.ok("init", "--admin", "admin")
    at_head = f"The database is at revision {migrate.head_revision()}.\n"
    assert fresh_cli.ok("db", "upgrade") == at_head
    assert fresh_cli.ok("db", "upgrade") == at_head


def test_db_backup(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "copies" / "backup.db"

    assert cli.ok("db", "backup", "--out", str(out), user="admin") == f"Backed up to {out}.\n"

    conn = sqlite3.connect(out)
    try:
        assert conn.execute("SELECT username FROM users").fetchall() == [("admin",)]
    finally:
        conn.close()


def test_db_backup_onto_an_existing_file_is_refused(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "precious.db"
    out.write_bytes(b"someone's file")

    reasons = cli.refused("db", "backup", "--out", str(out), user="admin")

    assert reasons == [f"Backup file: {out} already exists; choose a new name"]
    assert out.read_bytes() == b"someone's file"


def test_demo_fills_an_empty_database(tmp_path: Path) -> None:
    fresh = sqlite_cli(tmp_path / "fresh")
    out = fresh.ok("demo", "--people", "50", "--seed", "3")

    assert out.startswith("Added 50 invented young people.")
    services = fresh.open()
    try:
        assert services.database.info().is_demo
        manager = services.auth.sign_in("manager", "demo")
        assert services.people.search(manager).total == 50
        assert services.auth.sign_in("admin", "demo").username == "admin"
        assert services.auth.sign_in("panel", "demo").role.value == "panel"
    finally:
        services.close()


def test_demo_refuses_a_database_with_real_records(cli: Cli) -> None:
    reasons = cli.refused("demo", "--people", "5")
    assert reasons == [
        "database: This database holds real records. Invented demo data can only go into an "
        "empty database or one already marked as a demo."
    ]
    services = cli.open()
    try:
        assert not services.database.info().is_demo
    finally:
        services.close()


def test_demo_with_the_same_seed_gives_the_same_people(tmp_path: Path) -> None:
    """A seed names a data set: the same in every process (whatever Python's hash seed)."""
    first, second = sqlite_cli(tmp_path / "a"), sqlite_cli(tmp_path / "b")
    first.ok("demo", "--people", "30", "--seed", "7", PYTHONHASHSEED="1")
    second.ok("demo", "--people", "30", "--seed", "7", PYTHONHASHSEED="2")

    names = person_names(first)
    assert len(names) == 30
    assert names == person_names(second)


def test_demo_refuses_a_negative_count(fresh_cli: Cli) -> None:
    assert fresh_cli.refused("demo", "--people", "-1") == ["--people: enter 0 or more"]


def test_schemes_export_then_load(cli: Cli, tmp_path: Path) -> None:
    exported = tmp_path / "schemes.toml"
    assert cli.ok("schemes", "export", "--out", str(exported), user="admin") == (
        f"Wrote {exported}.\n"
    )
    assert {r.code: r for r in parse_scheme_toml(exported.read_text())} == SHIPPED

    edited = tmp_path / "edited.toml"
    edited.write_text(
        exported.read_text().replace(SHIPPED["WB"].name, "West Berkshire pilot"), encoding="utf-8"
    )
    out = cli.ok("schemes", "load", str(edited), user="admin")

    assert out.splitlines() == [
        f"Loaded scheme {code}: {'West Berkshire pilot' if code == 'WB' else rules.name}."
        for code, rules in sorted(SHIPPED.items())
    ]
    services = cli.open()
    try:
        assert services.schemes.get("WB").name == "West Berkshire pilot"
        assert services.schemes.get("WB").thresholds == SHIPPED["WB"].thresholds
    finally:
        services.close()


def test_a_bad_scheme_file_is_refused_with_every_problem(cli: Cli, tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    good = (tmp_path / "good.toml").resolve()
    cli.ok("schemes", "export", "--out", str(good), "--scheme", "WB", user="admin")
    bad.write_text(
        good.read_text()
        .replace("min_age = 10", "min_age = 19")
        .replace('model = "voluntary"', 'model = "maybe"')
        .replace('unit = "tablets"', 'unit = "bags"'),
        encoding="utf-8",
    )

    reasons = cli.refused("schemes", "load", str(bad), user="admin")

    assert reasons == [
        "Model (model): enter voluntary or conditional",
        "Youngest age at offence (min_age): must not be more than the oldest age at offence "
        "(max_age)",
        "threshold 3 unit: enter one of g, mg, tablets, ml, wraps, items",
    ]
    services = cli.open()
    try:
        assert services.schemes.get("WB") == SHIPPED["WB"]
    finally:
        services.close()


def test_loading_a_missing_scheme_file_is_refused(cli: Cli, tmp_path: Path) -> None:
    missing = tmp_path / "missing.toml"
    reasons = cli.refused("schemes", "load", str(missing), user="admin")
    assert reasons == [f"{missing}: cannot read the file (No such file or directory)"]


# PostgreSQL: the same commands against a shared server.


@pytest.fixture(scope="module")
def pg_database() -> Iterator[str]:
    try:
        admin = pg.admin_url()
    except pg.Unavailable as err:
        pg.not_available(str(err))
    url = pg.create_database(admin, "yot_cli")
    yield url
    pg.drop_database(admin, url)


@pytest.mark.postgres
def test_init_and_demo_on_postgresql(pg_database: str, tmp_path: Path) -> None:
    pg.reset_schema(pg_database)
    cli = Cli(tmp_path, pg_database)

    assert cli.ok("demo", "--people", "50", "--seed", "3").startswith("Added 50")
    assert cli.ok("init", "--admin", "admin") == (
        "The database is up to date; it already has users.\n"
    )
    assert cli.ok("db", "upgrade") == f"The database is at revision {migrate.head_revision()}.\n"
    backup = cli.refused(
        "db", "backup", "--out", str(tmp_path / "x.db"), user="admin", password="demo"
    )
    # (an administrator signed in as the superuser is first warned about the audit trail)
    assert any(line.startswith("database: Back up a shared PostgreSQL database") for line in backup)

    services = cli.open()
    try:
        info = services.database.info()
        assert (info.kind, info.is_demo) == ("PostgreSQL", True)
        assert services.auth.sign_in("admin", "demo").role.value == "administrator"
        with pytest.raises(AuthenticationError):
            services.auth.sign_in("admin", ADMIN_PASSWORD)
        manager = services.auth.sign_in("manager", "demo")
        assert services.people.search(manager).total == 50
    finally:
        services.close()


def test_db_backup_that_cannot_be_written_leaves_nothing(cli: Cli, tmp_path: Path) -> None:
    """Issue 12: a failed backup says why in one line and leaves no half-written copy."""
    (tmp_path / "copies").write_text("a file where the folder should be")
    blocked = tmp_path / "copies" / "backup.db"

    reasons = cli.refused("db", "backup", "--out", str(blocked), user="admin")

    assert len(reasons) == 1 and "could not write" in reasons[0], reasons
    assert not list(tmp_path.glob("*.part"))
