"""The audit trail at size: searches, a young person's rows and CSV export.

    uv run python tests/benchmarks/bench_audit.py [ROWS] [DATABASE_URL]

Builds a demo database (a temporary SQLite file unless a URL of an empty database is given),
adds ROWS audit records (default 500,000) spread over a year, then prints how long the Audit
screen's first page takes for a few filters, one young person's rows by reference, a record's
field changes, and the CSV export of everything (rows per second).
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert, select

from yot_desktop.demo import fill_demo
from yot_desktop.services.admin.audit import AuditFilter
from yot_desktop.services.container import Services
from yot_desktop.services.intake.people import PersonChanges
from yot_desktop.storage.engine import make_engine
from yot_desktop.storage.models import AuditEntry, Referral, YoungPerson

NOW = datetime(2026, 11, 20, 10, 0)
ACTIONS = ["view_person", "view_referral", "sign_in", "edit_person", "make_letter", "export"]


def timed(label: str, fn: object, runs: int = 5) -> object:
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()  # type: ignore[operator]
        times.append((time.perf_counter() - start) * 1000)
    print(f"{label}: median {statistics.median(times):.1f} ms of {runs}")
    return result


def fill(services: Services, rows: int) -> None:
    rng = random.Random(7)
    with services.ctx.engine.connect() as conn:
        people = list(conn.scalars(select(YoungPerson.id)))
        referrals = list(conn.scalars(select(Referral.id)))
    users = ["admin", "manager", "practitioner"] + [f"worker{i}" for i in range(30)]
    start, chunk = time.perf_counter(), 20_000
    with services.ctx.engine.begin() as conn:
        for first in range(0, rows, chunk):
            batch = []
            for i in range(first, min(rows, first + chunk)):
                action = rng.choice(ACTIONS)
                entity, ids = (
                    ("referral", referrals)
                    if action == "view_referral"
                    else ("young_person", people)
                )
                batch.append(
                    {
                        "at": NOW - timedelta(minutes=(rows - i) * 525_600 // rows),
                        "username": rng.choice(users),
                        "action": action,
                        "entity": entity,
                        "entity_id": rng.choice(ids),
                        "outcome": "failed" if rng.random() < 0.01 else "ok",
                        "detail": "",
                    }
                )
            conn.execute(insert(AuditEntry), batch)
    ms = (time.perf_counter() - start) * 1000
    print(f"added {rows:,} audit rows through the append-only triggers in {ms:,.0f} ms")


def main(rows: int, url: str | None) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        url = url or f"sqlite:///{Path(tmp) / 'audit.db'}"
        services = Services.for_engine(make_engine(url), lambda: NOW)
        services.database.upgrade()
        fill_demo(services, people=500, seed=2)
        fill(services, rows)
        admin = services.auth.sign_in("admin", "demo")
        manager = services.auth.sign_in("manager", "demo")
        with services.ctx.uow() as uow:
            ref = uow.session.scalar(select(YoungPerson.person_ref).order_by(YoungPerson.id))
            pid = uow.session.scalar(select(YoungPerson.id).order_by(YoungPerson.id))
        assert ref is not None and pid is not None
        person = services.people.get(manager, pid)
        services.people.update(manager, pid, person.version, PersonChanges(school="Benchmark"))
        audit = services.audit
        month = AuditFilter(date_from=date(2026, 10, 21), date_to=date(2026, 11, 20))
        timed("first page, last 30 days (the screen's default)", lambda: audit.search(admin, month))
        timed("first page, whole year", lambda: audit.search(admin))
        timed(
            "first page, one user in 30 days",
            lambda: audit.search(admin, AuditFilter(username="worker3", date_from=month.date_from)),
        )
        timed(
            "first page, failed sign-ins all year",
            lambda: audit.search(admin, AuditFilter(action="sign_in", outcome="failed")),
        )
        page = timed(
            "first page, one young person by reference",
            lambda: audit.search(admin, AuditFilter(reference=ref)),
        )
        edit = next(r for r in page.rows if r.action == "edit_person")  # type: ignore[attr-defined]
        timed("one record's field changes", lambda: audit.changes(admin, edit.id))
        timed("the filter lists", lambda: audit.choices(admin), 3)
        out = Path(tmp) / "audit.csv"
        start = time.perf_counter()
        count = audit.export_csv(admin, AuditFilter(), out)
        seconds = time.perf_counter() - start
        print(
            f"CSV export of {count:,} rows: {seconds:.1f} s ({count / seconds:,.0f} rows/s, "
            f"{out.stat().st_size / 1e6:.0f} MB)"
        )
        services.close()


if __name__ == "__main__":
    main(
        int(sys.argv[1]) if len(sys.argv) > 1 else 500_000,
        sys.argv[2] if len(sys.argv) > 2 else None,
    )
