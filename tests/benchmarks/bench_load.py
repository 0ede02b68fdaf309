"""Load: many office PCs on one PostgreSQL database (issue 11, point 7). Run on demand:

    uv run python tests/benchmarks/bench_load.py [--people 100000] [--clients 10,40,80]
        [--seconds 30] [--pause 0] [--shared 10] [--markdown table.md]
        [--admin-url postgresql+psycopg://postgres@127.0.0.1:5432/postgres]

Each client is its own process, as each PC is: its own connection pool, signed in as a
practitioner or a manager, with live refresh listening (one LISTEN connection each, as the
window has). All sign in first; then, together, each loops over a realistic mix for
`--seconds`: search the caseload, open a record, save a record, mark today's register, book a
session, render a letter, import a small police file. `--pause` is the mean wait after each
operation (a person reading the screen; random, exponential); 0 sends them back to back.
Every operation is timed; the table gives p50 and p95 per operation and client count, against
a bare baseline in the same run (`SELECT 1` and a raw indexed look-up on the same server).
During the run it samples memory in use, the load average, the server's connections, and the
CPU used by the server's processes for this database and by the clients.

Lost or silently overwritten writes: half the saves go to records the client alone edits,
half to `--shared` records every client edits (where saves of the same version race). Every
save the app reports as done is kept (record, version it started from, new version, a value
unique to that save). At the end, for each record, the value of the last save reported done
(the highest version) must be in the database: otherwise a write was lost. Two saves reported
done that started from the same version of one record are a silent overwrite (the second
wrote over the first without seeing it). A save refused as a conflict is counted apart (the
app working, not a loss). A client that cannot start (no connection left on the server, out
of memory) is counted and named, never waited for. The demo database (`--people`, the demo's
teams) is built once and kept as `yot_bench_load_<people>` on the server.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import queue
import random
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from datetime import date, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

OPERATIONS = ("search", "open", "save", "register", "book", "letter", "import")
WEIGHTS = (30, 25, 15, 10, 8, 8, 4)
INTERACTIVE = ("search", "open", "save", "register", "book")
SURNAME_PREFIXES = ("Sm", "Jo", "Wi", "Br", "Ta", "Ko", "Ah", "Kh", "Pa", "Mo", "Ha", "Wa")
CSV_HEADER = (
    "crime_reference,referral_date,scheme,referring_officer,officer_email,first_name,"
    "last_name,date_of_birth,gender,ethnicity,address_line_1,address_line_2,town,postcode,"
    "parent_name,parent_relationship,parent_phone,parent_email,offence_date,"
    "offence_location,substance,quantity,unit,supply_suspected,notes,force_division"
)


def ensure_database(admin_url: str, people: int) -> str:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"yot_bench_load_{people}"
    url = make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    engine = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        exists = conn.execute(
            text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}
        ).scalar()
        if not exists:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    if exists:  # a build that failed half-way left the database without its people
        engine = create_engine(url)
        with engine.connect() as conn:
            has_people = conn.execute(text("SELECT to_regclass('young_people')")).scalar()
            if has_people:
                exists = bool(conn.execute(text("SELECT count(*) FROM young_people")).scalar())
            else:
                exists = False
        engine.dispose()
    if not exists:
        print(f"Building a demo of {people:,} people in {name} …", file=sys.stderr)
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "yot_desktop", "--db", url, "demo", "--people", str(people)],
            check=True,
            env={
                **os.environ,
                "YOT_HOME": str(Path("/tmp/yot-bench-load-home")),
                # The demo is one transaction whose bulk statements outrun the 15 s statement
                # limit and 20 s answer deadline meant for office work, at this size.
                "YOT_DB_STATEMENT_TIMEOUT": "3600",
                "YOT_DB_ANSWER_DEADLINE": "3600",
                "YOT_DB_LOCK_TIMEOUT": "3600",
            },
        )
        print(f"  built in {time.perf_counter() - started:.0f} s", file=sys.stderr)
        # The planner's statistics, as autovacuum would soon gather them on a real server
        # (a test server may run without it): without them a 100,000-row table is planned
        # as if empty.
        engine = create_engine(url, isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.execute(text("VACUUM ANALYZE"))
        engine.dispose()
    return url


def client(
    url: str,
    number: int,
    seconds: float,
    owned: list[int],
    shared: list[int],
    pause: float,
    ready: Any,
    go: Any,
    out: Any,
) -> None:
    """One PC: a loop of operations for `seconds` once `go` is set; puts its timings and
    saves on `out` (or the error that kept it from starting: never nothing)."""
    try:
        _client(url, number, seconds, owned, shared, pause, ready, go, out)
    except BaseException as err:  # noqa: BLE001 - told to the parent, which counts it
        ready.put(number)  # the parent must not wait for this one
        out.put((number, [], [], 0, f"{type(err).__name__}: {str(err).splitlines()[0][:160]}"))


def _client(
    url: str,
    number: int,
    seconds: float,
    owned: list[int],
    shared: list[int],
    pause: float,
    ready: Any,
    go: Any,
    out: Any,
) -> None:
    from yot_desktop.domain.enums import Attendance, LetterType
    from yot_desktop.domain.errors import ConflictError, DomainError
    from yot_desktop.services.container import Services
    from yot_desktop.services.delivery.dto import SessionProposal
    from yot_desktop.services.intake.people import PersonChanges
    from yot_desktop.services.letters.service import LetterRequest

    rng = random.Random(number)
    services = Services.open(url)
    feed = services.changes
    heard = [0]
    feed.subscribe(lambda _changes: heard.__setitem__(0, heard[0] + 1))
    feed.start()
    manager = services.auth.sign_in("manager", "demo")
    worker = services.auth.sign_in("practitioner", "demo")
    page = services.people.search(manager, limit=200)
    visible = [row.id for row in page.rows]
    in_programme = [
        r.id
        for r in services.referrals.list_referrals(manager, status="in_programme", limit=500).rows
    ]
    versions: dict[int, int] = {}
    # Every save the app reported as done: (record, version it was based on, new version,
    # value). The parent checks them all against the database at the end.
    saved_ok: list[tuple[int, int, int, str]] = []
    timings: list[tuple[str, float, str]] = []
    saves = 0
    # Values unique to this run too: a value left by an earlier run would make a save that
    # changes nothing (no new version), which the check would take for an overwrite.
    run_token = f"{time.time_ns() // 1_000_000 % 10**9:09d}"
    today = date.today()
    ready.put(number)
    go.wait()
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        op = rng.choices(OPERATIONS, WEIGHTS)[0]
        started = time.perf_counter()
        outcome = "ok"
        try:
            if op == "search":
                services.people.search(worker, rng.choice(SURNAME_PREFIXES))
            elif op == "open":
                services.people.get(manager, rng.choice(visible or owned))
            elif op == "save":
                # Half on this PC's own records, half on records every PC edits (where
                # two saves of the same version race: one must be refused, never both kept).
                person_id = rng.choice(owned if rng.random() < 0.5 else shared)
                if person_id not in versions:
                    versions[person_id] = services.people.get(manager, person_id).version
                saves += 1
                value = f"{run_token}c{number}s{saves}"
                base = versions[person_id]
                try:
                    saved = services.people.update(
                        manager, person_id, base, PersonChanges(preferred_name=value)
                    )
                    versions[person_id] = saved.version
                    saved_ok.append((person_id, base, saved.version, value))
                except ConflictError:
                    outcome = "conflict"
                    versions[person_id] = services.people.get(manager, person_id).version
            elif op == "register":
                rows = services.attendance.register(manager, today)
                planned = [s for s in rows if s.status == Attendance.PLANNED]
                if planned:
                    s = rng.choice(planned)
                    try:
                        services.attendance.mark(manager, s.id, s.version, Attendance.ATTENDED)
                    except ConflictError:
                        outcome = "conflict"
            elif op == "book":
                if in_programme:
                    day = today + timedelta(days=rng.randint(7, 60))
                    start = datetime.combine(day, clock_time(rng.randint(9, 16), 0))
                    try:
                        services.scheduling.book(
                            manager,
                            SessionProposal(rng.choice(in_programme), start, 60),
                            accept_warnings=True,
                        )
                    except (ConflictError, DomainError):
                        outcome = "refused"
            elif op == "letter":
                if in_programme:
                    services.letters.preview(
                        manager, LetterRequest(rng.choice(in_programme), LetterType.SCHEDULE)
                    )
            elif op == "import":
                # A crime reference no other PC or earlier run uses.
                stamp = f"{number:03d}{time.time_ns() // 1_000_000 % 10**10:010d}"
                lines = [
                    f"43/26/L{stamp}{k},{today:%Y-%m-%d},WB,PC Load,,Load{k},Test{number},"
                    f"01/01/2011,male,,1 Load Street,,Newbury,RG14 1AB,Pat Test,Mother,,,"
                    f"{today:%Y-%m-%d},Somewhere,cannabis,1,g,no,,West"
                    for k in range(3)
                ]
                report = services.intake.import_text(manager, "\n".join([CSV_HEADER, *lines]))
                if report.problems or not report.written:
                    outcome = "refused:problems"
        except DomainError as err:
            outcome = f"refused:{type(err).__name__}"
        except Exception as err:  # noqa: BLE001 - counted and shown, the load goes on
            outcome = f"error:{type(err).__name__}"
        timings.append((op, (time.perf_counter() - started) * 1000, outcome))
        if pause:  # a person reads the screen before the next click
            time.sleep(min(rng.expovariate(1 / pause), max(0, deadline - time.monotonic())))
    feed.stop()
    services.close()
    out.put((number, timings, saved_ok, heard[0], None))


def baseline(url: str, rounds: int = 200) -> dict[str, float]:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    times: dict[str, list[float]] = defaultdict(list)
    with engine.connect() as conn:
        for _ in range(rounds):
            started = time.perf_counter()
            conn.execute(text("SELECT 1")).scalar()
            times["SELECT 1"].append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            conn.execute(
                text("SELECT id, last_name FROM young_people WHERE id = :id"),
                {"id": random.randint(1, 1000)},
            ).all()
            times["raw look-up"].append((time.perf_counter() - started) * 1000)
    engine.dispose()
    return {k: statistics.median(v) for k, v in times.items()}


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def _cpu(pids: list[int]) -> dict[int, float]:
    """User + system CPU seconds so far of each of these processes still running."""
    tick = os.sysconf("SC_CLK_TCK")
    found = {}
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        found[pid] = (int(fields[11]) + int(fields[12])) / tick  # utime, stime
    return found


AUXILIARY = ("checkpointer", "background writer", "walwriter", "autovacuum", "wal writer")


def _server_pids(database: str) -> list[int]:
    """The PostgreSQL processes serving this database, and the server's own (WAL writer,
    checkpointer, autovacuum): not those serving other databases on the same server."""
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            title = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if title.startswith("postgres:") and (
            f" {database} " in title or any(word in title for word in AUXILIARY)
        ):
            pids.append(int(entry.name))
    return pids


def _cpu_used(before: dict[int, float], pids: list[int]) -> float:
    """CPU seconds these processes used since `before` (all of it for one started since)."""
    return sum(now - before.get(pid, 0.0) for pid, now in _cpu(pids).items())


class Watch:
    """Samples, every second during a run: memory in use, the load average, and how many
    connections the server holds (all, and this database's)."""

    def __init__(self, url: str, database: str) -> None:
        import threading

        from sqlalchemy import create_engine

        self.database = database
        self.engine = create_engine(url, pool_size=1)
        self.stop = threading.Event()
        self.peak_mem_used = 0
        self.peak_connections = 0
        self.peak_here = 0
        self.clients: list[int] = []  # pids, set once started
        self.peak_clients_rss = 0  # MB, all clients together
        self.loads: list[tuple[float, float, float]] = []
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        from sqlalchemy import text

        while not self.stop.wait(1):
            info = dict(
                (line.split(":")[0], int(line.split()[1]))
                for line in Path("/proc/meminfo").read_text().splitlines()
            )
            used = (info["MemTotal"] - info["MemAvailable"]) // 1024
            self.peak_mem_used = max(self.peak_mem_used, used)
            rss = 0
            for pid in list(self.clients):
                try:
                    status = Path(f"/proc/{pid}/status").read_text()
                except OSError:
                    continue
                rss += next(
                    (int(x.split()[1]) for x in status.splitlines() if x.startswith("VmRSS")), 0
                )
            self.peak_clients_rss = max(self.peak_clients_rss, rss // 1024)
            self.loads.append(os.getloadavg())
            try:
                with self.engine.connect() as conn:
                    row = conn.execute(
                        text(
                            "SELECT count(*), count(*) FILTER (WHERE datname = :d) "
                            "FROM pg_stat_activity WHERE backend_type = 'client backend'"
                        ),
                        {"d": self.database},
                    ).one()
                self.peak_connections = max(self.peak_connections, row[0])
                self.peak_here = max(self.peak_here, row[1])
            except Exception:  # noqa: BLE001 - no slot left: the peak is the limit
                pass

    def end(self) -> None:
        self.stop.set()
        self.thread.join()
        self.engine.dispose()


def run(
    url: str, clients: int, seconds: float, shared_count: int, pause: float, start_batch: int
) -> dict[str, Any]:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    database = str(make_url(url).database)
    engine = create_engine(url)
    with engine.connect() as conn:
        # Records the signed-in manager may edit: those of the manager's team.
        ids = [
            r[0]
            for r in conn.execute(
                text(
                    "SELECT id FROM young_people WHERE team_id = "
                    "(SELECT team_id FROM users WHERE username = 'manager') ORDER BY id"
                )
            )
        ]
        max_connections = conn.execute(text("SHOW max_connections")).scalar()
    engine.dispose()
    per_client = 5
    shared = ids[-shared_count:]  # every client edits these; its own are at the start
    ctx = mp.get_context("spawn")
    out: Any = ctx.Queue()
    ready: Any = ctx.Queue()
    go: Any = ctx.Event()
    procs = []
    for n in range(clients):
        owned = ids[n * per_client : (n + 1) * per_client]
        procs.append(
            ctx.Process(
                target=client,
                args=(url, n, seconds, owned, shared, pause, ready, go, out),
                daemon=True,
            )
        )
    load_before = os.getloadavg()
    watch = Watch(url, database)
    spawn_started = time.perf_counter()
    # PCs are switched on over some minutes, each with its own processor; here they share
    # two cores, so a few start at a time (all at once, 80 Python processes starting would
    # starve the server for minutes: an artefact of one machine, not of the load).
    not_ready: set[int] = set()

    def wait_ready(until: int) -> None:
        while len(not_ready) > until:
            try:
                not_ready.discard(ready.get(timeout=5))
            except queue.Empty:
                not_ready.difference_update(n for n in list(not_ready) if not procs[n].is_alive())

    for n, p in enumerate(procs):
        wait_ready(start_batch - 1)
        p.start()
        not_ready.add(n)
        watch.clients = [q.pid for q in procs if q.pid is not None]
    wait_ready(0)  # every client signed in and listening (or failed) before the clock starts
    spawn_seconds = time.perf_counter() - spawn_started
    client_pids = [p.pid for p in procs if p.pid is not None]
    all_pids = [int(e.name) for e in Path("/proc").iterdir() if e.name.isdigit()]
    cpu_before = _cpu(all_pids)  # every process, so one first counted at the end is right
    server_pids = _server_pids(database)
    go.set()
    wall = time.perf_counter()
    time.sleep(seconds)
    wall = time.perf_counter() - wall
    server_pids = sorted(set(server_pids) | set(_server_pids(database)))
    cpu_server = _cpu_used(cpu_before, server_pids)
    cpu_clients = _cpu_used(cpu_before, client_pids)
    results: list[tuple[Any, ...]] = []
    while len(results) < clients:
        try:
            results.append(out.get(timeout=5))
        except queue.Empty:
            if not any(p.is_alive() for p in procs) and out.empty():
                break
    told = {r[0] for r in results}
    for n, p in enumerate(procs):
        if n not in told:
            p.join(timeout=5)
            results.append((n, [], [], 0, f"process ended with code {p.exitcode}"))
    for p in procs:
        p.join(timeout=60)
    watch.end()
    load_after = os.getloadavg()

    by_op: dict[str, list[float]] = defaultdict(list)
    outcomes: dict[str, int] = defaultdict(int)
    errors: dict[str, int] = defaultdict(int)
    failed: dict[str, int] = defaultdict(int)
    saves: list[tuple[int, int, int, str]] = []
    heard = 0
    for _number, timings, saved_ok, heard_here, failure in results:
        if failure is not None:
            failed[failure] += 1
            continue
        heard += heard_here
        saves.extend(saved_ok)
        for op, ms, outcome in timings:
            by_op[op].append(ms)
            if outcome.startswith("error:"):
                errors[f"{op} {outcome[6:]}"] += 1
            elif outcome == "refused:DatabaseUnavailable":  # a time limit: an error to the user
                errors[f"{op} DatabaseUnavailable"] += 1
            elif outcome != "ok":
                outcomes[f"{op} {outcome}"] += 1

    # Lost: a save reported as done whose value is not in the record at the end, and no
    # later save (a higher version) replaced it. Overwritten: two saves reported as done
    # that started from the same version of one record (the second wrote over the first
    # without seeing it).
    by_record: dict[int, list[tuple[int, int, str]]] = defaultdict(list)
    for person_id, base, new, value in saves:
        by_record[person_id].append((new, base, value))
    engine = create_engine(url)
    lost = overwritten = 0
    with engine.connect() as conn:
        for person_id, done in by_record.items():
            now, version = conn.execute(
                text("SELECT preferred_name, version FROM young_people WHERE id = :id"),
                {"id": person_id},
            ).one()
            last_version, _base, last_value = max(done)
            lost += now != last_value or version < last_version
            bases = [base for _new, base, _value in done]
            overwritten += len(bases) - len(set(bases))
    engine.dispose()

    started = clients - sum(failed.values())
    total = sum(len(v) for v in by_op.values())
    print(
        f"\n{clients} clients ({started} started), {seconds:.0f} s, pause {pause:g} s: "
        f"{total} operations "
        f"({total / wall:.1f}/s); all signed in after {spawn_seconds:.0f} s"
    )
    print(f"  {'operation':10} {'count':>6} {'p50 ms':>8} {'p95 ms':>8}")
    for op in OPERATIONS:
        if by_op[op]:
            v = by_op[op]
            print(f"  {op:10} {len(v):6d} {pct(v, 50):8.1f} {pct(v, 95):8.1f}")
    interactive = [ms for op in INTERACTIVE for ms in by_op[op]]
    if interactive:
        print(f"  interactive p95: {pct(interactive, 95):.1f} ms (target <= 300 at 40 clients)")
    print(
        f"  saves reported done: {len(saves)} on {len(by_record)} records; "
        f"lost: {lost}; silently overwritten: {overwritten}"
    )
    print(f"  live-refresh notices heard: {heard}")
    print(
        f"  CPU during the run: server {cpu_server / wall:.2f} cores, "
        f"clients {cpu_clients / wall:.2f} cores (of {os.cpu_count()})"
    )
    print(
        f"  load average before {load_before[0]:.2f}, after {load_after[0]:.2f}; "
        f"peak memory in use {watch.peak_mem_used} MB (the clients "
        f"{watch.peak_clients_rss} MB); peak connections "
        f"{watch.peak_here} to this database, {watch.peak_connections} in all "
        f"(max_connections {max_connections})"
    )
    if outcomes:
        print(
            "  refused or conflict (the app working): "
            + ", ".join(f"{k} {v}" for k, v in sorted(outcomes.items()))
        )
    if errors:
        print("  errors: " + ", ".join(f"{k} {v}" for k, v in sorted(errors.items())))
    if failed:
        print(
            "  clients that never started: "
            + "; ".join(f"{v} x {k}" for k, v in sorted(failed.items()))
        )
    return {
        "clients": clients,
        "started": started,
        "failed": dict(failed),
        "seconds": wall,
        "ops": total,
        "p": {op: (pct(v, 50), pct(v, 95), len(v)) for op, v in by_op.items() if v},
        "interactive_p95": pct(interactive, 95) if interactive else None,
        "saves": len(saves),
        "lost": lost,
        "overwritten": overwritten,
        "conflicts": sum(v for k, v in outcomes.items() if "conflict" in k),
        "refused": sum(v for k, v in outcomes.items() if "conflict" not in k),
        "errors": dict(errors),
        "heard": heard,
        "cpu_server": cpu_server / wall,
        "cpu_clients": cpu_clients / wall,
        "load": (load_before, load_after),
        "peak_mem": watch.peak_mem_used,
        "peak_clients_rss": watch.peak_clients_rss,
        "peak_here": watch.peak_here,
        "peak_all": watch.peak_connections,
        "max_connections": max_connections,
    }


def markdown(rows: list[dict[str, Any]], people: int, base: dict[str, float], pause: float) -> str:
    """The results as a markdown table: one row per client count."""
    head = ["clients (started)", "ops/s"]
    head += [f"{op} p50/p95 ms" for op in OPERATIONS]
    head += ["interactive p95", "saves done", "lost", "overwritten", "conflicts", "errors"]
    lines = [
        f"{people:,} young people; {os.cpu_count()} CPUs; "
        + (f"a pause of {pause:g} s on average after each operation; " if pause else "no pause; ")
        + "baseline on one connection "
        + ", ".join(f"{k} {v:.2f} ms" for k, v in base.items()),
        "",
        "| " + " | ".join(head) + " |",
        "|" + "---|" * len(head),
    ]
    for r in rows:
        cells = [f"{r['clients']} ({r['started']})", f"{r['ops'] / r['seconds']:.1f}"]
        for op in OPERATIONS:
            p = r["p"].get(op)
            cells.append(f"{p[0]:.0f} / {p[1]:.0f}" if p else "-")
        ip = r["interactive_p95"]
        cells.append(f"{ip:.0f}" if ip is not None else "-")
        errs = sum(r["errors"].values())
        cells += [str(r["saves"]), str(r["lost"]), str(r["overwritten"]), str(r["conflicts"])]
        cells.append(str(errs) + (f" ({', '.join(r['errors'])})" if errs else ""))
        lines.append("| " + " | ".join(cells) + " |")
    lines += [
        "",
        "| clients | server CPU (cores) | clients CPU (cores) | load avg before / after "
        "| peak memory used MB (clients) | peak connections (this db / all / max) | "
        "clients not started | live-refresh notices |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        failed = "; ".join(f"{v} x {k}" for k, v in r["failed"].items()) or "0"
        lines.append(
            f"| {r['clients']} | {r['cpu_server']:.2f} | {r['cpu_clients']:.2f} | "
            f"{r['load'][0][0]:.2f} / {r['load'][1][0]:.2f} | "
            f"{r['peak_mem']} ({r['peak_clients_rss']}) | "
            f"{r['peak_here']} / {r['peak_all']} / {r['max_connections']} | {failed} | "
            f"{r['heard']} |"
        )
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--clients", default="10,40,80")
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--shared", type=int, default=10, help="records every client edits")
    parser.add_argument(
        "--pause",
        type=float,
        default=0,
        help="mean seconds a client waits between operations (0: back to back)",
    )
    parser.add_argument(
        "--start-batch", type=int, default=4, help="clients starting at the same time"
    )
    parser.add_argument("--markdown", type=Path, help="also write the table to this file")
    parser.add_argument(
        "--admin-url", default="postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
    )
    args = parser.parse_args()
    url = ensure_database(args.admin_url, args.people)
    base = baseline(url)
    print(f"Machine: {os.cpu_count()} CPUs; PostgreSQL on the same machine; {args.people:,} people")
    print(
        "Baseline (one connection, median): "
        + ", ".join(f"{k} {v:.2f} ms" for k, v in base.items())
    )
    rows = []
    for count in (int(c) for c in args.clients.split(",")):
        rows.append(run(url, count, args.seconds, args.shared, args.pause, args.start_batch))
        if args.markdown:
            args.markdown.write_text(markdown(rows, args.people, base, args.pause))
    return 0


if __name__ == "__main__":
    sys.exit(main())
