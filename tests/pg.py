"""PostgreSQL for tests: find or start a server, and give each test run its own database.

Order (shared/DESIGN.md, Tests): env `YOT_TEST_PG_URL` (a server URL whose user may create
databases), else the server on 127.0.0.1:5432 (user postgres, trust auth), else a throwaway
server started from the installed binaries (unix socket in a short temp dir, fsync off),
stopped when the test process ends. Under `CI=true` an unreachable server fails the tests;
elsewhere they are skipped with the reason.
"""

from __future__ import annotations

import atexit
import glob
import os
import secrets
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL, make_url

LOCAL_ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
CONNECT_TIMEOUT = 3


class Unavailable(Exception):
    """No PostgreSQL server could be reached or started."""


_admin_url: str | None = None
_unavailable: str | None = None


def _with_driver(url: str) -> URL:
    u = make_url(url)
    if u.drivername == "postgresql":
        u = u.set(drivername="postgresql+psycopg")
    return u


def _can_connect(url: str | URL) -> str | None:
    """None when a connection works, else why not."""
    engine = create_engine(url, connect_args={"connect_timeout": CONNECT_TIMEOUT})
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        return None
    except Exception as err:  # noqa: BLE001 - any failure means "not this server"
        return f"{type(err).__name__}: {str(err).splitlines()[0] if str(err) else ''}"
    finally:
        engine.dispose()


def _binaries() -> Path | None:
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda p: (
            int(Path(p).parent.parent.name) if Path(p).parent.parent.name.isdigit() else 0
        ),
    )
    if found:
        return Path(found[-1]).parent
    on_path = shutil.which("initdb")
    return Path(on_path).parent if on_path else None


def start_throwaway_server() -> str:
    """Start a private server (socket only, fsync off); return its admin URL.

    As root the server runs as the `postgres` account (PostgreSQL refuses to run as root).
    """
    bindir = _binaries()
    if bindir is None:
        raise Unavailable("no PostgreSQL binaries (initdb) are installed")
    # A short path: unix socket paths are limited to about 100 characters.
    base = Path(tempfile.mkdtemp(prefix="yotpg", dir="/tmp"))
    data = base / "data"
    as_user: list[str] = []
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        shutil.chown(base, user="postgres", group=None)
        as_user = ["runuser", "-u", "postgres", "--"]

    def run(*args: str) -> None:
        done = subprocess.run(
            [*as_user, *args], capture_output=True, text=True, timeout=120, check=False
        )
        if done.returncode != 0:
            raise Unavailable(f"{Path(args[0]).name} failed: {done.stderr.strip()[:400]}")

    initdb = [str(bindir / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres"]
    run(*initdb, "-E", "UTF8", "--no-sync")
    options = f"-k {base} -c listen_addresses='' -c fsync=off -c full_page_writes=off"
    run(
        str(bindir / "pg_ctl"),
        "-D",
        str(data),
        "-l",
        str(base / "log"),
        "-o",
        options,
        "-w",
        "start",
    )

    def stop() -> None:
        subprocess.run(
            [*as_user, str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
            capture_output=True,
            check=False,
        )
        shutil.rmtree(base, ignore_errors=True)

    atexit.register(stop)
    return URL.create(
        "postgresql+psycopg", username="postgres", database="postgres", query={"host": str(base)}
    ).render_as_string(hide_password=False)


def admin_url() -> str:
    """A URL of a server where databases can be created, found or started once per process."""
    global _admin_url, _unavailable
    if _admin_url is not None:
        return _admin_url
    if _unavailable is not None:
        raise Unavailable(_unavailable)
    tried: list[str] = []
    env_url = os.environ.get("YOT_TEST_PG_URL")
    candidates = [env_url] if env_url else [LOCAL_ADMIN_URL]
    for url in candidates:
        why = _can_connect(_with_driver(url))
        if why is None:
            _admin_url = _with_driver(url).render_as_string(hide_password=False)
            return _admin_url
        tried.append(f"{make_url(url).render_as_string(hide_password=True)}: {why}")
    if env_url:  # an explicit server that does not answer is an error, not a fallback
        _unavailable = "YOT_TEST_PG_URL does not answer: " + "; ".join(tried)
        raise Unavailable(_unavailable)
    try:
        _admin_url = start_throwaway_server()
    except (Unavailable, OSError, subprocess.SubprocessError) as err:
        _unavailable = "; ".join([*tried, f"throwaway server: {err}"])
        raise Unavailable(_unavailable) from err
    return _admin_url


def not_available(reason: str) -> None:
    """Under CI the PostgreSQL tests must run: fail there, skip elsewhere."""
    message = f"PostgreSQL is not available ({reason})"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def _autocommit_execute(url: str | URL, *statements: str) -> None:
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            for statement in statements:
                conn.execute(text(statement))
    finally:
        engine.dispose()


def create_database(admin: str, label: str = "yot_test") -> str:
    """A new, empty database with a unique name; returns its URL."""
    name = f"{label}_{os.getpid()}_{secrets.token_hex(4)}"
    _autocommit_execute(admin, f"CREATE DATABASE \"{name}\" ENCODING 'UTF8' TEMPLATE template0")
    return make_url(admin).set(database=name).render_as_string(hide_password=False)


def drop_database(admin: str, url: str) -> None:
    name = make_url(url).database
    _autocommit_execute(admin, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def reset_schema(url: str) -> None:
    """Empty the database: every table, sequence and alembic_version goes with the schema."""
    _autocommit_execute(url, "DROP SCHEMA IF EXISTS public CASCADE", "CREATE SCHEMA public")


def copy_database(admin: str, template_url: str, label: str = "yot_test_copy") -> str:
    """A new database copied from `template_url` (which nobody may be connected to)."""
    name = f"{label}_{os.getpid()}_{secrets.token_hex(4)}"
    template = make_url(template_url).database
    _autocommit_execute(admin, f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    return make_url(admin).set(database=name).render_as_string(hide_password=False)


def same_server(admin: str, url: str) -> bool:
    """Whether `url` is a database on the server `admin` points at (same host, port, socket)."""
    a, b = make_url(admin), make_url(url)
    return (a.host, a.port, a.query.get("host")) == (b.host, b.port, b.query.get("host"))


def replace_database(admin: str, url: str, template_url: str) -> None:
    """Make the database at `url` (nobody connected) a new copy of `template_url`."""
    name = make_url(url).database
    template = make_url(template_url).database
    _autocommit_execute(
        admin,
        f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)',
        f'CREATE DATABASE "{name}" TEMPLATE "{template}"',
    )
