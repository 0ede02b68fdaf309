"""Retention and subject access on a large demo database.

    uv run yot-desktop --db sqlite:////tmp/big.db demo --people 100000
    cp /tmp/big.db /tmp/big-copy.db   # deletion changes the database
    uv run python tests/benchmarks/bench_retention.py sqlite:////tmp/big-copy.db

Prints how long the review list takes (every person's latest actions, a dozen grouped
queries), one person's deletion preview (the foreign-key walk), a deletion and a subject
access export. The clock is set to 2045 so that most records are due.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

from yot_desktop.services.container import Services
from yot_desktop.storage.engine import make_engine


def timed(fn: object, runs: int = 1) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()  # type: ignore[operator]
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), result


def main(url: str) -> None:
    services = Services.for_engine(make_engine(url), lambda: datetime(2045, 1, 10, 9, 0))
    user = services.auth.sign_in("admin", "demo")
    ms, due = timed(lambda: services.retention.due(user), 3)
    rows = due.rows  # type: ignore[attr-defined]
    print(f"review list: {len(rows):,} records due, median {ms:.0f} ms of 3 runs")
    sample = rows[len(rows) // 2]
    ms, preview = timed(lambda: services.retention.preview(user, sample.person_id), 5)
    print(f"preview (foreign-key walk): median {ms:.1f} ms; {preview.lost_text}")  # type: ignore[attr-defined]
    with tempfile.TemporaryDirectory() as tmp:
        ms, export = timed(
            lambda: services.subject_access.export(user, sample.person_id, Path(tmp) / "sar")
        )
        print(f"subject access export: {ms:.0f} ms, {len(export.files)} files")  # type: ignore[attr-defined]
    version = services.retention.preview(user, sample.person_id).version
    ms, _ = timed(lambda: services.retention.delete(user, sample.person_id, "Benchmark", version))
    print(f"delete one record (with WAL checkpoint and backups): {ms:.0f} ms")
    services.close()


if __name__ == "__main__":
    main(sys.argv[1])
