"""Week calendar benchmark: load and paint a team's week, against a bare table model.

    uv run python tests/benchmarks/bench_calendar.py [--people 2000] [--workers 20] [--runs 7]

A team with `--people` active young people, each with a session this week spread over
`--workers` workers. Both sides load the same week of sessions through the same service
(SchedulingService.diary) on the GUI thread, then paint offscreen:

- calendar: CalendarScreen.refresh() -> WeekModel (a row per worker, a column per day) and the
  agenda list under it, then grab() the whole screen;
- bare: a minimal QAbstractTableModel with one row per session in a QTableView, then grab().

Prints the median of each and the ratio (target: <= 2).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtWidgets import QApplication, QTableView
from sqlalchemy import insert, select

from yot_desktop.demo import fill_demo
from yot_desktop.domain.names import fold
from yot_desktop.services.admin.auth import hash_password
from yot_desktop.services.container import Services
from yot_desktop.storage.engine import make_engine
from yot_desktop.storage.models import (
    ProgrammeSession,
    Referral,
    Scheme,
    Team,
    User,
    YoungPerson,
)

NOW = datetime(2026, 11, 20, 10, 0)
MONDAY = date(2026, 11, 16)


def build(path: Path, people: int, workers: int) -> None:
    services = Services.for_engine(make_engine(f"sqlite:///{path}"), lambda: NOW)
    services.database.upgrade()
    fill_demo(services, people=0, seed=1)  # teams, schemes and demo staff
    with services.ctx.uow() as uow:
        s = uow.session
        team = s.scalar(select(Team).where(Team.name.like("West Berkshire%")))
        assert team is not None
        scheme_id = s.scalar(select(Scheme.id).where(Scheme.code == "WB"))
        pw = hash_password("demo")
        worker_ids = []
        for n in range(workers):
            u = User(
                username=f"worker{n:02d}",
                display_name=f"Worker {n:02d}",
                role="practitioner",
                team_id=team.id,
                password_hash=pw,
                created_at=NOW,
            )
            s.add(u)
            s.flush()
            worker_ids.append(u.id)
        person_rows: list[dict[str, Any]] = []
        referral_rows: list[dict[str, Any]] = []
        session_rows: list[dict[str, Any]] = []
        for i in range(1, people + 1):
            first, last = f"Young{i}", f"Person{i}"
            person_rows.append(
                dict(
                    id=i,
                    version=1,
                    person_ref=f"YP{i:06d}",
                    first_name=first,
                    last_name=last,
                    search_name=fold(f"{first} {last}"),
                    search_last=fold(last),
                    date_of_birth=date(2011, 1, 1),
                    team_id=team.id,
                    created_at=NOW,
                    updated_at=NOW,
                )
            )
            worker = worker_ids[i % workers]
            referral_rows.append(
                dict(
                    id=i,
                    version=1,
                    crime_reference=f"43/26/{i:07d}",
                    young_person_id=i,
                    scheme_id=scheme_id,
                    team_id=team.id,
                    worker_id=worker,
                    referral_date=MONDAY,
                    referring_officer="PC Bench",
                    offence_date=MONDAY,
                    substance="cannabis",
                    quantity=Decimal(1),
                    unit="g",
                    supply_suspected=False,
                    status="in_programme",
                    eligible=True,
                    created_at=NOW,
                    updated_at=NOW,
                )
            )
            day = MONDAY + timedelta(days=i % 5)
            start = datetime.combine(day, datetime.min.time()) + timedelta(
                hours=9 + (i // workers) % 9
            )
            session_rows.append(
                dict(
                    referral_id=i,
                    version=1,
                    intervention="drug_education",
                    starts_at=start,
                    minutes=60,
                    venue="yot_office",
                    venue_name="",
                    worker_id=worker,
                    status="planned",
                    reason="",
                    evidence_received=False,
                )
            )
        # Through the ORM's bulk insert so model-side defaults (e.g. search columns) apply.
        s.execute(insert(YoungPerson), person_rows)
        s.execute(insert(Referral), referral_rows)
        s.execute(insert(ProgrammeSession), session_rows)
        uow.commit()
    services.close()


class BareModel(QAbstractTableModel):
    """The least a table model can do: rows of tuples, display text only."""

    def __init__(self, rows: list[tuple[str, ...]]) -> None:
        super().__init__()
        self.rows = rows

    def rowCount(self, parent: Any = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Any = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 7

    def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return self.rows[index.row()][index.column()]
        return None


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=2000)
    parser.add_argument("--workers", type=int, default=20)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    path = Path(tempfile.gettempdir()) / f"yot-bench-calendar-{args.people}-{args.workers}.db"
    if not path.exists():
        print(f"Building {path} …", file=sys.stderr)
        build(path, args.people, args.workers)

    from yot_desktop.gui.screens.calendar import CalendarScreen
    from yot_desktop.gui.tasks import SyncTaskRunner

    app = QApplication.instance() or QApplication([])
    services = Services.for_engine(make_engine(f"sqlite:///{path}"), lambda: NOW)
    manager = services.auth.sign_in("manager", "demo")
    runner = SyncTaskRunner()
    screen = CalendarScreen(services, manager, runner, today=lambda: MONDAY)
    screen.resize(1400, 900)
    screen.show()
    screen.scope.setCurrentIndex(1)  # my team, by worker (loads workers and venues once)
    app.processEvents()
    assert screen.week.rowCount() >= args.workers, screen.week.rowCount()
    sessions = sum(
        len(screen.week.sessions_at(r, c)) for r in range(screen.week.rowCount()) for c in range(7)
    )
    assert sessions == args.people, sessions

    view = QTableView()
    view.resize(1400, 900)
    view.show()
    team_id = manager.team_id

    def calendar_once() -> float:
        t = time.perf_counter()
        screen.refresh()
        app.processEvents()
        screen.grab()
        return time.perf_counter() - t

    def bare_once() -> float:
        t = time.perf_counter()
        rows = services.scheduling.diary(
            manager, MONDAY, MONDAY + timedelta(days=6), team_id=team_id
        )
        model = BareModel(
            [
                (
                    f"{r.starts_at:%d/%m %H:%M}",
                    r.person_name,
                    r.crime_reference,
                    r.intervention_label,
                    r.where,
                    r.worker_name,
                    r.status.value,
                )
                for r in rows
            ]
        )
        view.setModel(model)
        app.processEvents()
        view.grab()
        return time.perf_counter() - t

    def load_once() -> float:
        t = time.perf_counter()
        services.scheduling.diary(manager, MONDAY, MONDAY + timedelta(days=6), team_id=team_id)
        return time.perf_counter() - t

    calendar_once(), bare_once()  # warm caches on both sides
    cal = statistics.median(calendar_once() for _ in range(args.runs))
    bare = statistics.median(bare_once() for _ in range(args.runs))
    load = statistics.median(load_once() for _ in range(args.runs))
    print(f"team week: {args.people:,} young people, {sessions:,} sessions, {args.workers} workers")
    print(f"week calendar load+paint: {cal * 1000:8.1f} ms (median of {args.runs})")
    print(f"bare table model:         {bare * 1000:8.1f} ms")
    print(f"  of which the service:   {load * 1000:8.1f} ms (the same call on both sides)")
    print(
        f"ratio: {cal / bare:.2f} (target <= 2); without the shared load: "
        f"{(cal - load) / max(bare - load, 1e-9):.2f}"
    )
    services.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
