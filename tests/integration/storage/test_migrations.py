"""Migrations, engine options and backups on a real SQLite file and a real PostgreSQL server."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect, select, text
from sqlalchemy.exc import IntegrityError

from tests.integration.helpers import ADMIN_PASSWORD, NOW
from yot_desktop.domain.errors import ValidationError
from yot_desktop.services.container import Services
from yot_desktop.services.dto import CurrentUser
from yot_desktop.storage import migrate
from yot_desktop.storage.engine import make_engine, sqlite_path
from yot_desktop.storage.models import AppMeta, Base, Carer

EVERY_TABLE = set(Base.metadata.tables)
REVISIONS = [
    r.revision
    for r in reversed(list(ScriptDirectory.from_config(migrate._config()).walk_revisions()))
]


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    engine = make_engine(db_url)
    yield engine
    engine.dispose()


def tables(engine: Engine) -> set[str]:
    return set(inspect(engine).get_table_names())


def schema_differences(engine: Engine) -> list[object]:
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        return list(compare_metadata(context, Base.metadata))


def test_upgrade_from_empty_creates_every_table(engine: Engine) -> None:
    assert migrate.current_revision(engine) is None
    assert migrate.needs_upgrade(engine)

    assert migrate.upgrade(engine) is None  # nothing to back up in a new database

    assert migrate.current_revision(engine) == migrate.head_revision()
    assert not migrate.needs_upgrade(engine)
    assert tables(engine) == EVERY_TABLE | {"alembic_version"}


def test_upgrade_at_head_does_nothing(engine: Engine) -> None:
    migrate.upgrade(engine)
    with engine.begin() as conn:
        conn.execute(AppMeta.__table__.insert().values(key="kept", value="yes"))

    assert migrate.upgrade(engine) is None

    with engine.connect() as conn:
        assert conn.scalar(select(AppMeta.value).where(AppMeta.key == "kept")) == "yes"


def test_migrated_schema_matches_the_models(engine: Engine) -> None:
    migrate.upgrade(engine)
    assert schema_differences(engine) == []


def test_downgrade_to_base_then_upgrade_again(engine: Engine) -> None:
    migrate.upgrade(engine)
    with engine.begin() as conn:
        conn.execute(AppMeta.__table__.insert().values(key="gone", value="soon"))

    migrate.downgrade(engine, "base")
    assert migrate.current_revision(engine) is None
    assert tables(engine) - {"alembic_version"} == set()

    migrate.upgrade(engine)
    assert migrate.current_revision(engine) == migrate.head_revision()
    assert tables(engine) == EVERY_TABLE | {"alembic_version"}
    assert schema_differences(engine) == []
    with engine.connect() as conn:
        assert conn.scalar(select(AppMeta.value).where(AppMeta.key == "gone")) is None


@pytest.mark.parametrize("start", REVISIONS)
def test_upgrade_from_every_revision_reaches_the_models(engine: Engine, start: str) -> None:
    migrate.upgrade(engine, start)
    assert migrate.current_revision(engine) == start
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO app_meta (key, value) VALUES ('kept', 'yes')"))

    migrate.upgrade(engine)

    assert migrate.current_revision(engine) == migrate.head_revision()
    assert schema_differences(engine) == []
    with engine.connect() as conn:
        assert conn.scalar(text("SELECT value FROM app_meta WHERE key = 'kept'")) == "yes"


def test_every_revision_downgrades_one_step(engine: Engine) -> None:
    migrate.upgrade(engine)
    for revision in reversed(REVISIONS):
        assert migrate.current_revision(engine) == revision
        migrate.downgrade(engine, "-1")
    assert migrate.current_revision(engine) is None
    assert tables(engine) - {"alembic_version"} == set()


def test_foreign_keys_are_enforced(engine: Engine) -> None:
    migrate.upgrade(engine)
    with pytest.raises(IntegrityError), engine.begin() as conn:
        conn.execute(
            Carer.__table__.insert().values(
                young_person_id=999_999,
                version=1,
                name="Nobody",
                relationship_to_child="Mother",
                parental_responsibility=True,
                address="",
                phone="",
                email="",
                preferred_language="English",
                letter_preference="post",
            )
        )
    with engine.connect() as conn:
        assert conn.scalar(select(Carer.id)) is None


def test_sqlite_connections_use_wal_and_foreign_keys(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'yot.db'}")
    try:
        with engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000
    finally:
        engine.dispose()
    assert (tmp_path / "yot.db").exists()


def _users_in_copy(copy: Path) -> list[str]:
    conn = sqlite3.connect(copy)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        return [row[0] for row in conn.execute("SELECT username FROM users ORDER BY username")]
    finally:
        conn.close()


def test_backup_sqlite_makes_a_readable_copy(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'yot.db'}"
    services = Services.open(url, lambda: NOW)
    try:
        services.database.upgrade()
        services.auth.create_first_administrator("admin", ADMIN_PASSWORD)
        # The app is still open (WAL, pooled connections): the copy must still be complete.
        copy = migrate.backup_sqlite(tmp_path / "yot.db", tmp_path / "copies" / "copy.db")
    finally:
        services.close()

    assert copy == tmp_path / "copies" / "copy.db"
    assert _users_in_copy(copy) == ["admin"]


@pytest.mark.parametrize("start", REVISIONS[:-1])
def test_upgrading_an_older_sqlite_database_copies_it_first(tmp_path: Path, start: str) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'yot.db'}")
    try:
        assert migrate.upgrade(engine, start) is None  # new: nothing to copy
        with engine.begin() as conn:
            conn.execute(text("INSERT INTO app_meta (key, value) VALUES ('kept', 'yes')"))

        backup = migrate.upgrade(engine)

        assert migrate.current_revision(engine) == migrate.head_revision()
        with engine.connect() as conn:
            assert conn.scalar(text("SELECT value FROM app_meta WHERE key = 'kept'")) == "yes"
    finally:
        engine.dispose()

    assert backup is not None
    assert backup.parent == tmp_path
    assert backup.name.startswith(f"yot.before-{start}-")
    copy = sqlite3.connect(backup)
    try:
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert copy.execute("SELECT version_num FROM alembic_version").fetchall() == [(start,)]
        assert copy.execute("SELECT key, value FROM app_meta").fetchall() == [("kept", "yes")]
    finally:
        copy.close()


def test_database_backup_service(services: Services, admin: CurrentUser, tmp_path: Path) -> None:
    out = tmp_path / "backup.db"
    if sqlite_path(services.ctx.engine.url) is None:
        with pytest.raises(ValidationError) as refused:
            services.database.backup(admin, out)
        assert [p.field for p in refused.value.problems] == ["database"]
        assert "pg_dump" in str(refused.value)
        assert not out.exists()
        return

    assert services.database.backup(admin, out) == out
    assert _users_in_copy(out) == ["admin"]

    before = out.read_bytes()
    with pytest.raises(ValidationError) as refused:
        services.database.backup(admin, out)
    assert [p.field for p in refused.value.problems] == ["Backup file"]
    assert out.read_bytes() == before


def test_database_info(services: Services) -> None:
    info = services.database.info()
    assert info.revision == migrate.head_revision()
    assert info.is_demo is False
    assert info.kind in {"SQLite", "PostgreSQL"}
    assert info.kind == ("SQLite" if services.ctx.engine.dialect.name == "sqlite" else "PostgreSQL")


def test_0008_seals_an_existing_audit_trail(engine: Engine) -> None:
    """A database with an audit trail from before the hash chain gets every record sealed,
    in id order, and the chain then verifies (SQLite returns times as text: issue found in a
    demo database upgraded from 0007)."""
    from yot_desktop.services.admin.audit_verify import verify_chain
    from yot_desktop.services.core import ServiceContext

    migrate.upgrade(engine, "0007")
    with engine.begin() as conn:
        for n in range(3):
            conn.execute(
                text(
                    "INSERT INTO audit_log (at, username, action, entity, entity_id, outcome, "
                    "detail) VALUES (:at, 'admin', 'sign_in', '', NULL, 'ok', :detail)"
                ),
                {"at": f"2026-11-2{n} 10:00:00.000000", "detail": f"n={n}"},
            )
    migrate.upgrade(engine)
    ctx = ServiceContext(engine)
    with ctx.uow() as uow:
        report = verify_chain(uow.session)
    assert report.whole, report.broken
    assert report.links == 3
