"""Scheme evaluation benchmark: the service against the raw aggregate SQL it needs.

    uv run python tests/benchmarks/bench_report_scheme.py [--db /tmp/yot-bench-100000.db]
        [--runs 5] [--from 2020-01-01] [--to 2026-12-31]

Uses a copy of the demo database (built with
`uv run yot-desktop --db sqlite:////tmp/yot-bench-100000.db demo --people 100000` if missing;
the copy is upgraded to the current schema on open, the original is left alone).

- service: ReportService.evaluation() for all schemes over the period: the bulk queries,
  ReferralFact rows, evaluate() and the suppressed view;
- raw: the same five aggregate/bulk queries as plain SQL text on one connection, rows fetched
  and nothing else.

Prints the median of each and the ratio.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from sqlalchemy import text

from yot_desktop.services.container import Services

RAW_QUERIES = (
    """SELECT r.id, r.young_person_id, s.code, r.referral_date, r.offence_date, r.status,
              r.eligible, r.override_by, p.date_of_birth, p.gender, p.ethnicity
       FROM referrals r JOIN young_people p ON p.id = r.young_person_id
       JOIN schemes s ON s.id = r.scheme_id
       WHERE r.referral_date BETWEEN :a AND :b""",
    """SELECT DISTINCT c.referral_id FROM referral_status_changes c
       JOIN referrals r ON r.id = c.referral_id
       WHERE c.to_status = 'offered' AND r.referral_date BETWEEN :a AND :b""",
    """SELECT g.referral_id FROM programmes g JOIN referrals r ON r.id = g.referral_id
       WHERE r.referral_date BETWEEN :a AND :b""",
    """SELECT x.referral_id, min(x.starts_at),
              max(CASE WHEN x.status IN ('attended', 'late') THEN 1 ELSE 0 END)
       FROM sessions x JOIN referrals r ON r.id = x.referral_id
       WHERE r.referral_date BETWEEN :a AND :b GROUP BY x.referral_id""",
    """SELECT c.referral_id,
              max(CASE WHEN c.positive OR c.need_identified_by_worker THEN 1 ELSE 0 END)
       FROM crafft_screenings c JOIN referrals r ON r.id = c.referral_id
       WHERE r.referral_date BETWEEN :a AND :b GROUP BY c.referral_id""",
)


def median_time(fn: object, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default="/tmp/yot-bench-100000.db")
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--from", dest="first", default="2020-01-01")
    parser.add_argument("--to", dest="last", default="2026-12-31")
    args = parser.parse_args()
    source = Path(args.db)
    if not source.exists():
        print(f"building {source} ({args.people:,} people; takes a while)…", file=sys.stderr)
        subprocess.run(
            ["yot-desktop", "--db", f"sqlite:///{source}", "demo", "--people", str(args.people)],
            check=True,
        )
    first, last = date.fromisoformat(args.first), date.fromisoformat(args.last)
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "bench.db"
        shutil.copyfile(source, copy)
        services = Services.open(f"sqlite:///{copy}")
        services.database.upgrade()
        user = services.auth.sign_in("manager", "demo")
        reports = services.reports
        window = last + timedelta(days=reports.settings.second_referral_days)

        def service() -> None:
            reports.evaluation(user, first, last).suppressed_view()

        def raw() -> None:
            with services.ctx.engine.connect() as conn:
                for sql in RAW_QUERIES:
                    conn.execute(text(sql), {"a": first, "b": window}).fetchall()

        with services.ctx.engine.connect() as conn:
            count = conn.execute(
                text("SELECT count(*) FROM referrals WHERE referral_date BETWEEN :a AND :b"),
                {"a": first, "b": window},
            ).scalar_one()
        service()
        raw()  # warm both
        t_service = median_time(service, args.runs)
        t_raw = median_time(raw, args.runs)
        ev = reports.evaluation(user, first, last)
        services.close()
    print(f"referrals read: {count:,}; referred in the period: {ev.funnel.referred:,}")
    print(f"service evaluation (all schemes): {t_service * 1000:8.1f} ms (median of {args.runs})")
    print(f"raw aggregate SQL ({len(RAW_QUERIES)} queries): {t_raw * 1000:8.1f} ms")
    print(f"ratio service / raw: {t_service / t_raw:.2f}")


if __name__ == "__main__":
    main()
