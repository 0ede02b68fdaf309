"""Backup and restore benchmark (issue 12, point 8): how long the day's automatic backup and a
restore take on a demo database of N people, and the files' sizes.

    uv run python tests/benchmarks/bench_backup.py [--people 2000] [--runs 3]

Builds the demo once (timed: it is one transaction now), then, in this process, the median of:
  - daily backup: services.database.automatic_backup (copy to a part file, fsync, rename);
  - restore: services.database.restore of that backup (copy beside, integrity check, safety
    copy of the database, swap), the services carrying on on the restored file.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

from yot_desktop.demo import fill_demo


class Clock:
    def __init__(self) -> None:
        self.now = datetime.now().replace(microsecond=0)

    def __call__(self) -> datetime:
        return self.now


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    from yot_desktop.services.container import Services

    folder = Path(tempfile.mkdtemp(prefix="bench-backup-"))
    db = folder / "yot.db"
    clock = Clock()
    services = Services.open(f"sqlite:///{db}", clock)
    services.database.upgrade()
    started = time.perf_counter()
    fill_demo(services, args.people, seed=1)
    took = time.perf_counter() - started
    print(f"demo of {args.people:,} people (one transaction): {took:.1f} s")
    admin = services.auth.sign_in("admin", "demo")
    backups, restores = [], []
    backup: Path | None = None
    for _ in range(args.runs):
        clock.now += timedelta(days=1)
        started = time.perf_counter()
        backup = services.database.automatic_backup(admin, keep_days=14)
        backups.append(time.perf_counter() - started)
        assert backup is not None
        started = time.perf_counter()
        services.database.restore(admin, backup)
        restores.append(time.perf_counter() - started)
        admin = services.auth.sign_in("admin", "demo")
    assert backup is not None
    size = db.stat().st_size / 1024 / 1024
    print(f"database {size:.1f} MB, backup {backup.stat().st_size / 1024 / 1024:.1f} MB")
    print(f"daily backup: median {statistics.median(backups):.2f} s of {args.runs}")
    print(f"restore:      median {statistics.median(restores):.2f} s of {args.runs}")
    services.close()
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
