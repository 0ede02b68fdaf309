"""Integration tests run every storage and service test on a SQLite file and on PostgreSQL.

PostgreSQL: one database per test run (created here, dropped at the end); each test starts
from an empty `public` schema (dropping and recreating it takes about 20 ms, a new database
about 600 ms).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests import pg
from tests.integration.helpers import ADMIN_PASSWORD, FixedClock
from yot_desktop.demo import fill_demo
from yot_desktop.services.container import Services
from yot_desktop.services.dto import CurrentUser
from yot_desktop.storage.engine import make_engine


@pytest.fixture(scope="session")
def pg_database() -> Iterator[str]:
    """This test run's own PostgreSQL database, dropped (WITH FORCE) at the end."""
    try:
        admin = pg.admin_url()
    except pg.Unavailable as err:
        pg.not_available(str(err))
    url = pg.create_database(admin)
    yield url
    pg.drop_database(admin, url)


DEMO_PEOPLE, DEMO_SEED = 300, 5  # seed 5 includes Łukasz, Siobhán, Thị Mai


def _build_demo(url: str) -> None:
    services = Services.for_engine(make_engine(url), FixedClock())
    try:
        services.database.upgrade()
        fill_demo(services, people=DEMO_PEOPLE, seed=DEMO_SEED)
    finally:
        services.close()


@pytest.fixture(scope="session")
def demo_sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo built once per run on SQLite (it takes seconds) and copied for each test."""
    path = tmp_path_factory.mktemp("demo-template") / "demo.db"
    _build_demo(f"sqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def demo_pg_template(pg_database: str) -> Iterator[str]:
    """The demo built once per run in its own PostgreSQL database, a template for copies."""
    admin = pg.admin_url()
    url = pg.create_database(admin, "yot_test_demo")
    _build_demo(url)
    yield url
    pg.drop_database(admin, url)


@pytest.fixture(scope="session")
def migrated_pg_template(pg_database: str) -> Iterator[str]:
    """The same on PostgreSQL: a database to copy (CREATE DATABASE ... TEMPLATE), which takes
    a fraction of running every migration again (about 1.2 s a test)."""
    from yot_desktop.storage import migrate

    admin = pg.admin_url()
    url = pg.create_database(admin, "yot_test_migrated")
    engine = make_engine(url)
    try:
        migrate.upgrade(engine)
    finally:
        engine.dispose()  # nobody may be connected to a template while it is copied
    yield url
    pg.drop_database(admin, url)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """An empty database: a new SQLite file, or the run's PostgreSQL database emptied. A test
    that asks for `demo` gets a copy of the demo database instead (built once per run), and
    one that asks for `services` a copy of an empty database at the newest schema."""
    wants_demo = "demo" in request.fixturenames
    # A test that asks for `services` gets the schema already there: a copy of a database
    # migrated once per run (the fixture's upgrade() then has nothing to do).
    wants_schema = not wants_demo and "services" in request.fixturenames
    if request.param == "sqlite":
        path = tmp_path_factory.mktemp("db") / "yot.db"
        template = (
            "demo_sqlite_template"
            if wants_demo
            else "migrated_sqlite_template"
            if wants_schema
            else None
        )
        if template is not None:
            from yot_desktop.storage.migrate import backup_sqlite

            backup_sqlite(request.getfixturevalue(template), path)
        yield f"sqlite:///{path}"
        return
    url: str = request.getfixturevalue("pg_database")
    if wants_demo or wants_schema:
        admin = pg.admin_url()
        template = "demo_pg_template" if wants_demo else "migrated_pg_template"
        copy = pg.copy_database(admin, request.getfixturevalue(template))
        yield copy
        pg.drop_database(admin, copy)
        return
    pg.reset_schema(url)
    yield url


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock()


@pytest.fixture
def open_services(db_url: str, clock: FixedClock) -> Iterator[Callable[[], Services]]:
    """Open more Services on the same database (like other copies of the app); all closed."""
    opened: list[Services] = []

    def open_one() -> Services:
        services = Services.for_engine(make_engine(db_url), clock)
        opened.append(services)
        return services

    yield open_one
    for services in opened:
        services.close()


@pytest.fixture
def services(open_services: Callable[[], Services]) -> Services:
    """Services on an upgraded, empty database with the fixed clock."""
    services = open_services()
    services.database.upgrade()
    return services


@pytest.fixture
def admin(services: Services) -> CurrentUser:
    """The first administrator, signed in."""
    services.auth.create_first_administrator("admin", ADMIN_PASSWORD)
    return services.auth.sign_in("admin", ADMIN_PASSWORD)


@pytest.fixture
def demo(services: Services) -> Services:
    """The database filled with a small demonstration data set (a copy of the one built once
    per run: see db_url)."""
    return services
