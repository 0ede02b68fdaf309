"""Shared test set-up: Qt offscreen, an isolated home folder, warnings as errors."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.keyring_backends import MemoryKeyring

from yot_desktop.runtime_fixes import keep_singletons_alive

# As the app does at start (yot_desktop/runtime_fixes.py): PySide6 6.12 on Python 3.11 gives
# back a reference to None on every Qt call that returns nothing; a long test run would end
# in "Fatal Python error: none_dealloc".
keep_singletons_alive()
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_QUICK_BACKEND", "software")
# Keep each test run away from the real user's data, settings and logs.
os.environ.pop("YOT_DB_URL", None)
os.environ.pop("YOT_PASSWORD", None)


@pytest.fixture(autouse=True)
def _isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    home = tmp_path_factory.mktemp("yot-home")
    monkeypatch.setenv("YOT_HOME", str(home))
    # IT's machine-wide file on a developer's computer must not change a test: none here.
    monkeypatch.setenv("YOT_DEPLOYMENT_FILE", str(home / "no-deployment.toml"))
    return home


@pytest.fixture(scope="session")
def migrated_sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty SQLite database at the newest schema, migrated once per run (per xdist worker)
    and copied for each test that needs one (integration, GUI)."""
    from yot_desktop.storage import migrate
    from yot_desktop.storage.engine import make_engine

    path = tmp_path_factory.mktemp("migrated-template") / "migrated.db"
    engine = make_engine(f"sqlite:///{path}", create=True)
    try:
        migrate.upgrade(engine)
    finally:
        engine.dispose()
    return path


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    """An empty in-memory password store in place of the system's (never touch a real one)."""
    import keyring

    from tests.keyring_backends import MemoryKeyring

    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def no_keyring() -> Iterator[None]:
    """No password store at all, as on a headless Linux server."""
    import keyring
    from keyring.backends import fail

    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(previous)


# PySide6 6.12 on Python 3.11 can abort while the interpreter shuts down after a long GUI
# run ("Fatal Python error: bool_dealloc" during the final garbage collection), after every
# test has passed and been reported. It depends on test order, not on any one test. Leave
# straight away with pytest's own exit status once the session is over, so that a crash in
# interpreter teardown cannot turn a passing run into a failure, nor a failing one into 134.
_exit_status: list[int] = []


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    _exit_status.append(int(exitstatus))


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config: pytest.Config) -> None:
    if hasattr(config, "workerinput"):
        # An xdist worker: its last reports may still be on their way to the controller, and
        # leaving now lost them (the run hung at 96%). None, True and False no longer run out
        # of references (keep_singletons_alive), so the worker can end the usual way.
        return
    if _exit_status and os.environ.get("YOT_TEST_NO_FAST_EXIT") != "1":
        import sys

        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(_exit_status[-1])
