"""Least privilege on PostgreSQL (issue 12, point 6): scripts/postgres_roles.sql makes an owner
role for migrations and an app role that owns nothing. As the app role, everyday work goes on,
the audit trail can only be added to, and no administrator is warned; as the owner or a
superuser, the administrator is warned (in the services, and on stderr by the command line)."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from tests import pg
from tests.integration.helpers import ADMIN_PASSWORD, GOOD_PASSWORD, FixedClock
from tests.integration.intake_data import csv_text, row
from yot_desktop.domain.enums import Role
from yot_desktop.services.admin.schemes import default_scheme_files
from yot_desktop.services.container import Services
from yot_desktop.storage.engine import make_engine

pytestmark = pytest.mark.postgres

SCRIPT = Path(__file__).parents[3] / "scripts" / "postgres_roles.sql"


@dataclass(frozen=True)
class Roles:
    superuser: str  # the URL of the database as the server's superuser (postgres)
    owner: str
    app: str
    owner_name: str
    app_name: str


def run_script(url: str, owner: str, app: str) -> None:
    """The script as an administrator runs it with psql -f: one transaction, as postgres."""
    sql = SCRIPT.read_text(encoding="utf-8").replace("yot_owner", owner).replace("yot_app", app)
    import psycopg

    dsn = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(sql.encode())  # no parameters: sent as it is, like psql -f


def as_role(url: str, role: str) -> str:
    return make_url(url).set(username=role).render_as_string(hide_password=False)


@pytest.fixture
def roles() -> Iterator[Roles]:
    try:
        admin = pg.admin_url()
    except pg.Unavailable as err:
        pg.not_available(str(err))
    url = pg.create_database(admin, "yot_roles")
    tag = secrets.token_hex(4)
    owner, app = f"yot_owner_{tag}", f"yot_app_{tag}"
    try:
        run_script(url, owner, app)  # before init: the roles, and the database to the owner
        services = Services.for_engine(make_engine(as_role(url, owner)), FixedClock())
        try:
            services.database.upgrade()  # migrations, as the owner
            services.auth.create_first_administrator("admin", ADMIN_PASSWORD)
        finally:
            services.close()
        run_script(url, owner, app)  # after every upgrade: the audit tables made append-only
        yield Roles(url, as_role(url, owner), as_role(url, app), owner, app)
    finally:
        pg.drop_database(admin, url)
        pg._autocommit_execute(
            admin, f'DROP ROLE IF EXISTS "{app}"', f'DROP ROLE IF EXISTS "{owner}"'
        )


def open_as(url: str) -> Services:
    return Services.for_engine(make_engine(url), FixedClock())


def refused(url: str, statement: str) -> str:
    engine = create_engine(pg._with_driver(url))
    try:
        with engine.connect() as conn, pytest.raises(DBAPIError) as err:
            conn.execute(text(statement))
        return str(err.value.orig)
    finally:
        engine.dispose()


def test_the_app_role_works_adds_to_the_trail_and_cannot_rewrite_it(roles: Roles) -> None:
    services = open_as(roles.app)
    try:
        admin = services.auth.sign_in("admin", ADMIN_PASSWORD)
        assert services.audit.privilege_warning(admin) is None
        for path in default_scheme_files():
            services.schemes.load_text(admin, path.read_text(encoding="utf-8"))
        services.users.add_user(
            admin,
            "morgan",
            Role.MANAGER,
            GOOD_PASSWORD,
            team="West Berkshire YOT",
            must_change_password=False,
        )
        manager = services.auth.sign_in("morgan", GOOD_PASSWORD)
        report = services.intake.import_text(manager, csv_text(row("43/26/1"), row("43/26/2")))
        assert report.written
        assert services.audit.verify(admin).whole
    finally:
        services.close()

    for statement in (
        "UPDATE audit_log SET detail = 'nothing happened'",
        "DELETE FROM audit_log",
        "DELETE FROM audit_chain",
        "UPDATE audit_chain SET hash = repeat('0', 64)",
        "TRUNCATE audit_log CASCADE",
        "UPDATE audit_field_change SET after = 'x'",
    ):
        assert "permission denied" in refused(roles.app, statement), statement
    # The ways round the triggers that were found (issue 12): none is open to the app.
    assert "must be owner" in refused(roles.app, "ALTER TABLE audit_log DISABLE TRIGGER ALL")
    assert "must be owner" in refused(roles.app, "DROP TRIGGER audit_log_no_change ON audit_log")
    assert "permission denied" in refused(roles.app, "SET session_replication_role = replica")
    assert "permission denied" in refused(roles.app, "CREATE TABLE sneaky (id int)")


def test_the_administrator_is_warned_when_the_login_could_rewrite_the_trail(
    roles: Roles,
) -> None:
    said: dict[str, str | None] = {}
    for who, url in (("owner", roles.owner), ("postgres", roles.superuser), ("app", roles.app)):
        services = open_as(url)
        try:
            admin = services.auth.sign_in("admin", ADMIN_PASSWORD)
            said[who] = services.audit.privilege_warning(admin)
        finally:
            services.close()
    assert said["app"] is None
    assert said["owner"] == (
        f"The app signs in to the database as {roles.owner_name}, which owns the audit tables "
        "(audit_chain, audit_field_change, audit_log): it could drop their append-only "
        "triggers and rewrite the trail. Ask whoever looks after the database server to give "
        "the app a login that owns nothing (scripts/postgres_roles.sql; README, 'PostgreSQL "
        "roles'). Run 'audit verify' to check the trail is unbroken so far."
    )
    assert (said["postgres"] or "").startswith(
        "The app signs in to the database as postgres, a superuser: it could switch off the "
        "audit trail's protection"
    )


def test_the_command_line_warns_an_administrator_on_stderr(roles: Roles, tmp_path: Path) -> None:
    from tests.e2e.test_cli_delivery import Cli

    as_postgres = Cli(tmp_path / "home", roles.superuser)(
        "audit", "verify", user="admin", password=ADMIN_PASSWORD
    )
    assert as_postgres.returncode == 0, as_postgres.stderr
    assert as_postgres.stderr.startswith(
        "warning: The app signs in to the database as postgres, a superuser"
    )
    as_app = Cli(tmp_path / "home", roles.app)(
        "audit", "verify", user="admin", password=ADMIN_PASSWORD
    )
    assert as_app.returncode == 0, as_app.stderr
    assert "warning" not in as_app.stderr
    assert as_app.stdout.startswith("The audit trail is unbroken")
