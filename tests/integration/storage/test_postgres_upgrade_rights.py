"""A database that needs an upgrade, opened by the app's least-privilege PostgreSQL login
(scripts/postgres_roles.sql's yot_app, which may not change tables): refused with what to do,
not PostgreSQL's raw "permission denied", and left as it was (issue 16)."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from alembic.script import ScriptDirectory

from tests import pg
from tests.integration.helpers import ADMIN_PASSWORD, FixedClock
from tests.integration.storage.test_postgres_roles import as_role, run_script
from yot_desktop.services.container import Services
from yot_desktop.storage import migrate
from yot_desktop.storage.engine import make_engine

pytestmark = pytest.mark.postgres

PREVIOUS = next(
    s.down_revision
    for s in ScriptDirectory.from_config(migrate._config()).walk_revisions()
    if s.revision == migrate.SCHEMA_HEAD
)
assert isinstance(PREVIOUS, str)


@dataclass(frozen=True)
class Behind:
    """A database an older app left (schema PREVIOUS), owned by `owner`; `app` may not alter."""

    owner: str
    app: str
    app_name: str
    where: str  # server/database


def behind_database(label: str) -> Iterator[Behind]:
    try:
        admin = pg.admin_url()
    except pg.Unavailable as err:
        pg.not_available(str(err))
    url = pg.create_database(admin, label)
    tag = secrets.token_hex(4)
    owner, app = f"yot_owner_{tag}", f"yot_app_{tag}"
    try:
        run_script(url, owner, app)
        owner_url = as_role(url, owner)
        services = Services.for_engine(make_engine(owner_url), FixedClock())
        try:
            services.database.upgrade()
            services.auth.create_first_administrator("admin", ADMIN_PASSWORD)
        finally:
            services.close()
        engine = make_engine(owner_url)
        try:
            migrate.downgrade(engine, PREVIOUS)  # as the version before this one left it
        finally:
            engine.dispose()
        run_script(url, owner, app)
        at = pg.make_url(url)
        where = f"{at.host}:{at.port}" if at.port else str(at.host)
        yield Behind(owner_url, as_role(url, app), app, f"{where}/{at.database}")
    finally:
        pg.drop_database(admin, url)
        pg._autocommit_execute(
            admin, f'DROP ROLE IF EXISTS "{app}"', f'DROP ROLE IF EXISTS "{owner}"'
        )


@pytest.fixture
def behind() -> Iterator[Behind]:
    yield from behind_database("yot_behind")


def what_to_do(behind: Behind) -> str:
    return (
        f"This database needs upgrading from schema {PREVIOUS} to {migrate.SCHEMA_HEAD} for "
        f"YOT Desktop {migrate.__version__}, and the database login YOT Desktop uses "
        f"({behind.app_name}) is not allowed to change its tables. Ask your database "
        "administrator to upgrade it as the database's owner: yot-desktop --db "
        f"postgresql+psycopg://OWNER@{behind.where} db upgrade"
    )


def test_the_app_login_is_told_to_ask_for_the_upgrade_and_nothing_changes(
    behind: Behind,
) -> None:
    services = Services.for_engine(make_engine(behind.app), FixedClock())
    try:
        with pytest.raises(migrate.UpgradeNotAllowed) as refused:
            services.database.upgrade_on_open()
    finally:
        services.close()
    said = str(refused.value)
    assert said.startswith(what_to_do(behind)), said
    assert "permission denied" not in said and "must be owner" not in said
    engine = make_engine(behind.owner)
    try:
        assert migrate.current_revision(engine) == PREVIOUS

        # The owner's upgrade, as the message says, then opens for the app login.
        migrate.upgrade(engine)
        assert migrate.current_revision(engine) == migrate.SCHEMA_HEAD
    finally:
        engine.dispose()
    services = Services.for_engine(make_engine(behind.app), FixedClock())
    try:
        assert services.database.upgrade_on_open() is None
        assert services.auth.sign_in("admin", ADMIN_PASSWORD).username == "admin"
    finally:
        services.close()
