"""Versions and upgrades (issue 16, point 6): a newer app's database is refused by an older
app, with what to install; a newer app upgrades an older database (after a copy, on SQLite)
and says what it did."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, text

from yot_desktop import __version__
from yot_desktop.services.container import Services
from yot_desktop.storage import migrate
from yot_desktop.storage.engine import make_engine, sqlite_path

REVISIONS = [
    r.revision
    for r in reversed(list(ScriptDirectory.from_config(migrate._config()).walk_revisions()))
]
NEWER = f"{int(migrate.SCHEMA_HEAD) + 1:04d}"  # a revision only a newer app knows


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    engine = make_engine(db_url)
    yield engine
    engine.dispose()


def upgraded_by_a_newer_app(engine: Engine, version: str | None) -> None:
    """What a newer app leaves: its own revision, and (if it records it) its version."""
    migrate.upgrade(engine)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = :v"), {"v": NEWER})
        conn.execute(text("DELETE FROM app_meta WHERE key = 'schema_upgraded_by'"))
        if version is not None:
            conn.execute(
                text("INSERT INTO app_meta (key, value) VALUES ('schema_upgraded_by', :v)"),
                {"v": version},
            )


def files_beside(engine: Engine) -> set[Path]:
    path = sqlite_path(engine.url)
    return set(path.parent.iterdir()) if path is not None else set()


def test_upgrading_records_the_version_that_did_it(engine: Engine) -> None:
    migrate.upgrade(engine)
    assert migrate.upgraded_by(engine) == __version__


def test_an_older_app_refuses_a_database_a_newer_one_upgraded(engine: Engine) -> None:
    upgraded_by_a_newer_app(engine, "0.9.0")
    before = files_beside(engine)

    with pytest.raises(migrate.SchemaTooNew) as refused:
        migrate.upgrade(engine)

    assert str(refused.value) == (
        f"This database was upgraded by YOT Desktop 0.9.0 (schema {NEWER}); this is version "
        f"{__version__}, which knows schemas up to {migrate.SCHEMA_HEAD}. "
        "Install YOT Desktop 0.9.0 or later to open it."
    )
    assert migrate.current_revision(engine) == NEWER  # nothing changed, nothing copied
    assert migrate.upgraded_by(engine) == "0.9.0"
    assert files_beside(engine) == before


def test_without_a_recorded_version_it_asks_for_the_newer_version(engine: Engine) -> None:
    upgraded_by_a_newer_app(engine, None)
    with pytest.raises(migrate.SchemaTooNew) as refused:
        Services.for_engine(engine).database.upgrade_on_open()
    assert f"upgraded by a newer YOT Desktop (schema {NEWER})" in str(refused.value)
    assert str(refused.value).endswith("Install the newer version to open it.")


def test_a_newer_app_upgrades_an_older_database_and_says_so(engine: Engine) -> None:
    database = Services.for_engine(engine).database
    assert database.upgrade_on_open() is None  # a new database: made, not upgraded
    previous = REVISIONS[-2]
    migrate.downgrade(engine, previous)
    with engine.begin() as conn:  # as an older version left it
        conn.execute(text("UPDATE app_meta SET value = '0.0.1' WHERE key = 'schema_upgraded_by'"))

    upgraded = database.upgrade_on_open()

    assert upgraded is not None
    assert (upgraded.before, upgraded.after) == (previous, migrate.SCHEMA_HEAD)
    assert migrate.current_revision(engine) == migrate.SCHEMA_HEAD
    assert migrate.upgraded_by(engine) == __version__
    said = upgraded.message
    assert said.startswith(
        f"YOT Desktop {__version__} upgraded this database (schema {previous} to "
        f"{migrate.SCHEMA_HEAD}); older versions of the app can no longer open it."
    )
    if sqlite_path(engine.url) is not None:
        assert upgraded.backup is not None and upgraded.backup.is_file()
        assert said.endswith(f"A copy as it was before: {upgraded.backup}")
    else:  # a server's own backups keep the earlier copy
        assert upgraded.backup is None
    assert database.upgrade_on_open() is None  # the next start: nothing to say
