"""Caseload search on 100,000 people: the service's median beside a raw indexed SQL query.

    uv run yot-desktop --db sqlite:////tmp/big.db demo --people 100000
    uv run python tests/benchmarks/bench_search.py sqlite:////tmp/big.db

The raw query is the floor: the same indexed prefix lookup in plain SQL (first page of 100
ids, no count, no sort, no DTOs). The service also counts the matches, fetches the page's latest
referrals and builds frozen rows.
"""

from __future__ import annotations

import statistics
import sys
import time

from sqlalchemy import text

from yot_desktop.domain.names import fold
from yot_desktop.services.container import Services
from yot_desktop.storage.engine import make_engine

QUERIES = [
    "lukasz",
    "obrien",
    "smith",
    "kowalski luk",
    "siobhan o",
    "YP00012",
    "RG14",
    "14/03/2011",
]
RUNS = 30
TOP = "\U0010ffff"


def median_ms(fn: object, runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main(url: str) -> None:
    services = Services.for_engine(make_engine(url))
    user = services.auth.sign_in("manager", "demo")
    people = services.people.search(user).total
    print(f"{people:,} people in {url}")
    raw_conn = services.ctx.engine.raw_connection()
    cursor = raw_conn.cursor()
    # The floor: the same indexed prefix lookup on both name columns, one page of ids.
    sql = (
        "SELECT id FROM young_people WHERE (search_name >= ? AND search_name < ?) "
        "OR (search_reverse >= ? AND search_reverse < ?) LIMIT 100"
    )
    args = ("lukasz", "lukasz" + TOP) * 2
    plan = cursor.execute("EXPLAIN QUERY PLAN " + sql, args).fetchall()
    print("raw plan:", "; ".join(str(p[-1]) for p in plan))
    print(f"{'query':<16}{'found':>8}{'service ms':>12}{'raw SQL ms':>12}{'ratio':>8}")
    service_all, raw_all = [], []
    for q in QUERIES:
        found = services.people.search(user, q).total
        service = median_ms(lambda q=q: services.people.search(user, q))
        folded = fold(q)
        raw = median_ms(
            lambda folded=folded: cursor.execute(sql, (folded, folded + TOP) * 2).fetchall()
        )
        service_all.append(service)
        raw_all.append(raw)
        print(f"{q:<16}{found:>8}{service:>12.2f}{raw:>12.3f}{service / raw:>8.1f}")
    s_med, r_med = statistics.median(service_all), statistics.median(raw_all)
    print(f"{'median':<16}{'':>8}{s_med:>12.2f}{r_med:>12.3f}{s_med / r_med:>8.1f}")
    print("PASS" if s_med <= 5 else "FAIL", "(target: service median <= 5 ms)")
    with services.ctx.engine.connect() as conn:
        conn.execute(text("SELECT 1"))
    raw_conn.close()
    services.close()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "sqlite:////tmp/big.db")
