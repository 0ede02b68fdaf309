"""Versions and upgrades as staff meet them (issue 16, point 6): the app started on a
database a newer version upgraded says what to install; started on an older database it
upgrades it (after a copy, on SQLite) and says so at sign-in; Help > About shows the app's
version and the database's schema version."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from alembic.script import ScriptDirectory
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import text

from tests.journeys.conftest import ADMIN, Journey, set_up_service
from yot_desktop import __version__
from yot_desktop.gui.connection import ConnectionDialog
from yot_desktop.storage import migrate
from yot_desktop.storage.engine import make_engine, sqlite_path

NEWER = f"{int(migrate.SCHEMA_HEAD) + 1:04d}"  # a revision only a newer app knows
PREVIOUS = next(
    s.down_revision
    for s in ScriptDirectory.from_config(migrate._config()).walk_revisions()
    if s.revision == migrate.SCHEMA_HEAD
)
assert isinstance(PREVIOUS, str)


def test_a_database_upgraded_by_a_newer_app_is_refused_with_what_to_install(
    fresh_db_url: str, journey_factory: Callable[[str], Journey]
) -> None:
    set_up_service(fresh_db_url)
    engine = make_engine(fresh_db_url)
    with engine.begin() as conn:  # what YOT Desktop 0.9.0 leaves when it upgrades the schema
        conn.execute(text("UPDATE alembic_version SET version_num = :v"), {"v": NEWER})
        conn.execute(text("UPDATE app_meta SET value = '0.9.0' WHERE key = 'schema_upgraded_by'"))
    engine.dispose()

    j = journey_factory(fresh_db_url)
    dialog = j.modal(ConnectionDialog)

    assert dialog.ui.resultLabel.text() == (
        f"This database was upgraded by YOT Desktop 0.9.0 (schema {NEWER}); this is version "
        f"{__version__}, which knows schemas up to {migrate.SCHEMA_HEAD}. "
        "Install YOT Desktop 0.9.0 or later to open it."
    )
    assert dialog.ui.resultLabel.isVisible()
    j.screenshot(dialog, "versions_refused")
    engine = make_engine(fresh_db_url)
    try:
        assert migrate.current_revision(engine) == NEWER  # left as it was
    finally:
        engine.dispose()


def test_an_older_database_is_upgraded_and_the_sign_in_says_so(
    fresh_db_url: str, journey_factory: Callable[[str], Journey]
) -> None:
    set_up_service(fresh_db_url)
    engine = make_engine(fresh_db_url)
    migrate.downgrade(engine, PREVIOUS)  # as the version before this one left it
    engine.dispose()
    path = sqlite_path(make_engine(fresh_db_url).url)

    j = journey_factory(fresh_db_url)
    dialog = j.login_dialog()

    said = dialog.ui.databaseLabel.text()
    assert (
        f"YOT Desktop {__version__} upgraded this database (schema {PREVIOUS} to "
        f"{migrate.SCHEMA_HEAD}); older versions of the app can no longer open it."
    ) in said
    if path is not None:  # SQLite: copied first, and the copy named
        (copy,) = Path(path).parent.glob(f"{Path(path).stem}.before-{PREVIOUS}-*.db")
        assert f"A copy as it was before: {copy}" in said
    else:
        assert "A copy" not in said
    j.screenshot(dialog, "versions_upgraded_sign_in")

    j.sign_in(ADMIN[0], ADMIN[2])
    j.menu("Help", "About YOT Desktop")
    about = j.modal(QMessageBox)
    assert about.objectName() == "aboutDialog"
    shown = about.text()
    assert f"App version: {__version__}" in shown
    assert f"Database schema version: {migrate.SCHEMA_HEAD}" in shown
    j.screenshot(about, "versions_about")
    j.click_button(about, "OK")
    j.assert_no_error_shown()

    j.sign_out()  # the next sign-in has nothing more to say
    assert "upgraded" not in j.login_dialog().ui.databaseLabel.text()
