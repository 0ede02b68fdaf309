"""A PostgreSQL server that freezes mid-import (SIGSTOP: what a dropped network looks like)
ends the command within 30 s, with exit 1 and one calm line, and nothing half-written
(issue 11, point 2). A private throwaway server is used: the shared one is never stopped."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import pytest
from sqlalchemy.engine import make_url

from tests import pg
from yot_desktop.services.admin.schemes import default_scheme_files

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

DATA = Path(__file__).resolve().parent / "data"
ADMIN_PASSWORD = "correct horse battery"
MANAGER_PASSWORD = "a long enough passphrase"


def big_file(path: Path, rows: int) -> Path:
    """The police file of the intake test, grown to `rows` different children."""
    lines = (DATA / "police_referrals_fixed.csv").read_text(encoding="utf-8").splitlines()
    head, first = lines[0], lines[1].split(",")
    out = [head]
    for i in range(rows):
        row = list(first)
        row[0] = f"43/26/{2000000 + i}"
        row[5] = "Amir" + chr(97 + i % 26)
        row[6] = "Test" + chr(97 + (i // 26) % 26) + chr(97 + (i // 676) % 26) + str(i)
        row[7] = f"{1 + i % 27:02d}/{1 + i % 12:02d}/2011"
        out.append(",".join(row))
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return path


def server_pids(admin: str) -> list[int]:
    """The postmaster of the throwaway server and every process it started."""
    socket_dir = make_url(admin).query["host"]
    assert isinstance(socket_dir, str)
    postmaster = int((Path(socket_dir) / "data" / "postmaster.pid").read_text().split()[0])
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == postmaster:
            children.append(int(stat.parent.name))
    return [*children, postmaster]


def signal_if_there(pid: int, sig: signal.Signals) -> None:
    """A backend that was just ending (a finished connection) may be gone already."""
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, sig)


@pytest.fixture(scope="module")
def private_server() -> str:
    try:
        admin = pg.start_throwaway_server()
    except (pg.Unavailable, OSError, subprocess.SubprocessError) as err:
        pg.not_available(f"no private server: {err}")
    return pg.create_database(admin, "yot_loss")  # the server goes when the tests end


def run_cli(
    url: str, home: Path, *args: str, user: str | None = None, password: str = ADMIN_PASSWORD
) -> subprocess.Popen[str]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("YOT_")}
    environ.update(YOT_HOME=str(home), YOT_PASSWORD=password, YOT_NEW_PASSWORD=MANAGER_PASSWORD)
    command = [sys.executable, "-m", "yot_desktop", "--db", url]
    if user:
        command += ["--user", user]
    return subprocess.Popen(
        [*command, *args],
        env=environ,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def ok(process: subprocess.Popen[str]) -> None:
    _, err = process.communicate(timeout=120)
    assert process.returncode == 0, err


def psycopg_url(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def writing_import(url: str, deadline: float) -> bool:
    """True once the import's transaction has written (it holds a transaction id)."""
    while time.monotonic() < deadline:
        with psycopg.connect(psycopg_url(url), autocommit=True) as conn:
            found = conn.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'yot-desktop' "
                "AND backend_xid IS NOT NULL"
            ).fetchone()
        if found and found[0]:
            return True
        time.sleep(0.2)
    return False


def test_frozen_server_mid_import_ends_calmly_within_30_s(
    private_server: str, tmp_path: Path
) -> None:
    url, home = private_server, tmp_path
    ok(run_cli(url, home, "init", "--admin", "admin"))
    for path in default_scheme_files():
        ok(run_cli(url, home, "schemes", "load", str(path), user="admin"))
    ok(
        run_cli(
            url,
            home,
            *("users", "add", "--username", "morgan", "--role", "manager"),
            *("--team", "West Berkshire YOT"),
            user="admin",
        )
    )
    police_file = big_file(tmp_path / "police.csv", 2000)
    importing = run_cli(
        url, home, "import", "referrals", str(police_file), user="morgan", password=MANAGER_PASSWORD
    )
    assert writing_import(url, time.monotonic() + 60), "the import never started writing"
    frozen = server_pids(url)
    for pid in frozen:
        signal_if_there(pid, signal.SIGSTOP)
    stopped_at = time.monotonic()
    try:
        _, err = importing.communicate(timeout=60)
        waited = time.monotonic() - stopped_at
    finally:
        for pid in reversed(frozen):
            signal_if_there(pid, signal.SIGCONT)
        if importing.poll() is None:
            importing.kill()
    lines = [line for line in err.splitlines() if line.strip()]
    assert importing.returncode == 1, err
    assert waited < 30, f"the command waited {waited:.0f} s on a frozen server"
    assert len(lines) == 1, err  # one calm line, never a traceback
    assert lines[0].startswith("database: lost the connection to the database server at "), err
    assert "stopped answering" in lines[0]
    # Nothing half-written: the server rolled the import back.
    with psycopg.connect(psycopg_url(url), autocommit=True) as conn:
        count = conn.execute("SELECT count(*) FROM referrals").fetchone()
    assert count == (0,)
    # And the server, back, serves the next command.
    out = tmp_path / "out.csv"
    ok(
        run_cli(
            url,
            home,
            "export",
            "referrals",
            "--out",
            str(out),
            user="morgan",
            password=MANAGER_PASSWORD,
        )
    )
    assert len(out.read_text(encoding="utf-8").splitlines()) == 1  # the header only
