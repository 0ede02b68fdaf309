"""GUI fixtures: a small demo database on SQLite and a synchronous task runner."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from yot_desktop.demo import fill_demo
from yot_desktop.gui.tasks import SyncTaskRunner
from yot_desktop.services.container import Services
from yot_desktop.storage.engine import make_engine

FIXED_NOW = datetime(2026, 11, 20, 10, 0)


@pytest.fixture(scope="session")
def demo_db_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One demo database built once per run and copied for each test that needs it."""
    path = tmp_path_factory.mktemp("demo-template") / "demo.db"
    services = Services.for_engine(make_engine(f"sqlite:///{path}"), lambda: FIXED_NOW)
    services.database.upgrade()
    fill_demo(services, 120, seed=11)
    services.close()
    return path


@pytest.fixture
def demo_services(demo_db_template: Path, tmp_path: Path) -> Iterator[Services]:
    from yot_desktop.storage.migrate import backup_sqlite

    path = backup_sqlite(demo_db_template, tmp_path / "demo.db")
    services = Services.for_engine(make_engine(f"sqlite:///{path}"), lambda: FIXED_NOW)
    yield services
    services.close()


@pytest.fixture
def empty_services(migrated_sqlite_template: Path, tmp_path: Path) -> Iterator[Services]:
    """An empty database at the newest schema: a copy of the one migrated once per run (the
    whole Alembic chain takes about a second a test); upgrade() then has nothing to do."""
    from yot_desktop.storage.migrate import backup_sqlite

    path = backup_sqlite(migrated_sqlite_template, tmp_path / "empty.db")
    services = Services.for_engine(make_engine(f"sqlite:///{path}"), lambda: FIXED_NOW)
    services.database.upgrade()
    yield services
    services.close()


@pytest.fixture
def runner() -> SyncTaskRunner:
    return SyncTaskRunner()
