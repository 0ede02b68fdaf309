"""kill -9 during a backup, a restore and a demo fill (issue 12, points 7 and 8).

Each command runs as a real subprocess and is killed with SIGKILL at a random moment between
its start-up and its end, 20 times. Afterwards the database is the old one or the new one,
whole (SQLite's integrity check), never something between; a backup that looks like a backup
is a whole one; a demo is all there or not there at all. The counts are printed (-s)."""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.e2e.test_cli import ADMIN_PASSWORD
from yot_desktop.services.container import Services
from yot_desktop.storage.backups import daily_backups, safety_copies

KILLS = 20
PAD_ROWS = 48  # rows of 1 MB in app_meta: a database big enough to be killed mid-copy

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX"),
]


def _command(db: Path, home: Path, *args: str, user: str | None = "admin") -> list[str]:
    command = [sys.executable, "-m", "yot_desktop", "--db", f"sqlite:///{db}"]
    return [*command, *(["--user", user] if user else []), *args]


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("YOT_")}
    env.update(YOT_HOME=str(home), YOT_PASSWORD=ADMIN_PASSWORD)
    return env


def _run(command: list[str], env: dict[str, str]) -> float:
    started = time.monotonic()
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    return time.monotonic() - started


def _phase(command: list[str], env: dict[str, str], begun: Callable[[], bool]) -> float:
    """Run the command to its end; how long it ran after `begun()` first held."""
    proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    while proc.poll() is None and not begun():
        time.sleep(0.002)
    started = time.monotonic()
    _out, err = proc.communicate()
    assert proc.returncode == 0, err
    return time.monotonic() - started


def _kill_during(
    command: list[str], env: dict[str, str], begun: Callable[[], bool], delay: float
) -> bool:
    """Start the command; once `begun()` holds (its work has started), wait `delay` seconds and
    SIGKILL it. False when it ended before the kill."""
    proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    while proc.poll() is None and not begun():
        time.sleep(0.002)
    try:
        proc.wait(timeout=delay)
        return False
    except subprocess.TimeoutExpired:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        return True


def _sound(path: Path) -> bool:
    with sqlite3.connect(path) as conn:
        return conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def _meta(path: Path, key: str) -> str | None:
    with sqlite3.connect(path) as conn:
        row = conn.execute("SELECT value FROM app_meta WHERE key = ?", (key,)).fetchone()
    return row[0] if row else None


def _padded_database(path: Path, which: str) -> None:
    services = Services.open(f"sqlite:///{path}", create=True)
    services.database.upgrade()
    services.auth.create_first_administrator("admin", ADMIN_PASSWORD)
    services.close()
    with sqlite3.connect(path) as conn:
        conn.executemany(
            "INSERT INTO app_meta (key, value) VALUES (?, ?)",
            [(f"pad-{n}", os.urandom(512 * 1024).hex()) for n in range(PAD_ROWS)],
        )
        conn.execute("INSERT INTO app_meta (key, value) VALUES ('which', ?)", (which,))


def _hidden(folder: Path, word: str) -> Callable[[], bool]:
    """True once a hidden file or folder with `word` in its name is in `folder`."""
    return lambda: folder.is_dir() and any(word in p.name for p in folder.glob(".*"))


def test_kill_during_the_daily_backup(tmp_path: Path) -> None:
    db, home = tmp_path / "yot.db", tmp_path / "home"
    _padded_database(db, "live")
    env = _env(home)
    backup = _command(db, home, "db", "backup", "--daily")
    folder = db.parent / "backups"
    copying = _hidden(folder, ".part")
    span = _phase(backup, env, copying)  # from the part file's appearance to the end
    rng = random.Random(12)
    seen: Counter[str] = Counter()
    for _ in range(KILLS):
        for _day, made in daily_backups(db):
            made.unlink()
        killed = _kill_during(backup, env, copying, rng.uniform(0, span * 1.1))
        assert _sound(db) and _meta(db, "which") == "live"
        made_now = daily_backups(db)
        for _day, made in made_now:  # anything that looks like a backup is a whole one
            assert _sound(made) and _meta(made, f"pad-{PAD_ROWS - 1}") is not None
        seen["killed" if killed else "ended before the kill"] += 1
        seen["a whole backup was there"] += bool(made_now)
        seen["part file left, no backup"] += copying() and not made_now
    print(f"\nbackup: {KILLS} runs, {dict(seen)}; copy to end of run {span:.2f} s")
    assert seen["part file left, no backup"] >= 1, seen

    for _day, made in daily_backups(db):
        made.unlink()
    _run(backup, env)  # the next backup clears what the killed ones left
    assert [p.name for p in folder.glob(".*")] == []
    assert len(daily_backups(db)) == 1


def test_kill_during_a_restore(tmp_path: Path) -> None:
    db, home = tmp_path / "yot.db", tmp_path / "home"
    source = tmp_path / "backup-source.db"
    _padded_database(source, "backup")
    backup = tmp_path / "kept" / "backup.db"
    backup.parent.mkdir()
    shutil.copyfile(source, backup)
    original = tmp_path / "original.db"
    _padded_database(original, "live")
    env = _env(home)
    restore = _command(db, home, "db", "restore", "--from", str(backup))
    restoring = _hidden(db.parent, ".restoring-")

    def fresh_live() -> None:
        for leftover in (db, Path(f"{db}-wal"), Path(f"{db}-shm"), Path(f"{db}-journal")):
            leftover.unlink(missing_ok=True)
        shutil.copyfile(original, db)
        for kept in safety_copies(db):
            kept.unlink()

    def swapping() -> bool:  # the replaced database's copy is made just before the swap
        return bool(safety_copies(db))

    fresh_live()
    span = _phase(restore, env, restoring)  # from the copy's folder appearing to the end
    fresh_live()
    tail = _phase(restore, env, swapping)  # from the safety copy to the end
    rng = random.Random(21)
    seen: Counter[str] = Counter()
    for n in range(KILLS):
        fresh_live()
        # Half the kills anywhere in the check and the swap, half around the swap itself.
        begun, delay = (restoring, span * 1.1) if n % 2 == 0 else (swapping, tail * 1.2)
        killed = _kill_during(restore, env, begun, rng.uniform(0, delay))
        assert _sound(db), "the database is damaged"
        which = _meta(db, "which")
        assert which in ("live", "backup")
        for kept in safety_copies(db):  # the replaced database's copy, whole or not there
            assert _sound(kept) and _meta(kept, "which") == "live"
        seen["killed" if killed else "ended before the kill"] += 1
        seen["old database" if which == "live" else "restored database"] += 1
    print(f"\nrestore: {KILLS} runs, {dict(seen)}; check and swap {span:.2f} s, {tail:.2f} s")
    assert seen["killed"] >= KILLS // 2 and seen["old database"] >= 1, seen
    assert backup.read_bytes() == source.read_bytes()  # the administrator's file untouched

    fresh_live()
    _run(restore, env)  # the next restore clears what the killed ones left
    assert _meta(db, "which") == "backup"
    assert [p.name for p in db.parent.glob(".*")] == []


def test_kill_during_the_demo(tmp_path: Path) -> None:
    home = tmp_path / "home"
    env = _env(home)
    people = 60

    def filling(db: Path) -> Callable[[], bool]:  # the fill says who is writing (long_write)
        return lambda: Path(f"{db}-writer.json").exists()

    first = tmp_path / "whole.db"
    span = _phase(_command(first, home, "demo", "--people", str(people), user=None), env,
                  filling(first))  # fmt: skip
    rng = random.Random(7)
    seen: Counter[str] = Counter()
    for n in range(KILLS):
        db = tmp_path / f"demo-{n}.db"
        demo = _command(db, home, "demo", "--people", str(people), user=None)
        killed = _kill_during(demo, env, filling(db), rng.uniform(0, span * 1.1))
        assert _sound(db)
        with sqlite3.connect(db) as conn:
            count = conn.execute("SELECT count(*) FROM young_people").fetchone()[0]
            users = conn.execute("SELECT count(*) FROM users").fetchone()[0]
            marked = conn.execute("SELECT count(*) FROM app_meta WHERE key = 'demo'").fetchone()
        assert (count, users > 0, marked[0]) in ((0, False, 0), (people, True, 1)), (count, users)
        seen["killed" if killed else "ended before the kill"] += 1
        seen["no demo" if count == 0 else "the whole demo"] += 1
    print(f"\ndemo: {KILLS} runs, {dict(seen)}; the fill {span:.2f} s")
    assert seen["no demo"] >= 1, seen
