"""Scheme evaluation benchmark: the service against the bare aggregate SQL it needs.

    uv run python tests/benchmarks/bench_report_scheme.py [--db /tmp/yot-bench-eval.db]
        [--runs 5] [--from 2020-01-01] [--to 2026-12-31]

The data (built once if missing, about four minutes): the demo's invented people (93,000 of
them, about 100,000 referrals), then in bulk what the demo has not made for them, so that every
probe the evaluation makes finds something: an 'offered' status change for offered
referrals, a programme for each accepted one, a CRAFFT screening for most eligible ones, and
rebooked, cancelled and follow-on sessions until there are 600,000 sessions. A copy is upgraded
to the current schema (migration 0005 adds the evaluation's indexes); the original is left
alone.

- service: ReportService.evaluation() for all schemes over the period and its suppressed view:
  the one aggregate statement, the domain's assembly and the suppression;
- raw: the same numbers from hand-written SQLite SQL on one connection: per referral the
  same index probes, the funnel and KPI 5 stages worked out in SQL with CASE, grouped by age,
  gender, ethnicity and stage; days to first appointment grouped; children referred and
  referred again counted. Rows fetched and nothing else.

Prints the median wall-clock and CPU time of each and the ratio. The machine may be shared:
CPU time is the steadier figure when others are busy.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from sqlalchemy import create_engine, text

from yot_desktop.services.container import Services

PEOPLE = 93_000
SESSIONS = 600_000

TOP_UP = (
    """INSERT INTO referral_status_changes (referral_id, from_status, to_status, at,
           by_username, note)
       SELECT id, 'received', 'offered', created_at, 'bench', '' FROM referrals
       WHERE (status IN ('offered', 'declined', 'in_programme', 'completed', 'not_engaged')
              OR (status = 'withdrawn' AND id % 2 = 0))
         AND NOT EXISTS (SELECT 1 FROM referral_status_changes c
                         WHERE c.referral_id = referrals.id)""",
    """INSERT INTO referral_status_changes (referral_id, from_status, to_status, at,
           by_username, note)
       SELECT id, 'offered', status, created_at, 'bench', '' FROM referrals
       WHERE status NOT IN ('received', 'ineligible', 'offered')
         AND NOT EXISTS (SELECT 1 FROM referral_status_changes c
                         WHERE c.referral_id = referrals.id AND c.by_username != 'bench')""",
    """INSERT INTO programmes (referral_id, start_date, deadline, status, unexplained,
           started_by, started_at, closed_by, version)
       SELECT id, referral_date, date(referral_date, '+84 days'),
              CASE status WHEN 'in_programme' THEN 'active' ELSE status END, 0, 'bench',
              created_at, '', 1
       FROM referrals WHERE status IN ('in_programme', 'completed', 'not_engaged')
         AND id NOT IN (SELECT referral_id FROM programmes)""",
    """INSERT INTO crafft_screenings (young_person_id, referral_id, screened_on, screened_by,
           alcohol_days, cannabis_days, other_days, score, positive,
           need_identified_by_worker, version)
       SELECT young_person_id, id, referral_date, 'bench', id % 7, id % 30, 0, id % 4,
              (id % 4) >= 2, id % 11 = 0, 1
       FROM referrals WHERE eligible AND id % 7 != 0
         AND id NOT IN (SELECT referral_id FROM crafft_screenings WHERE referral_id IS NOT NULL)""",
    f"""WITH RECURSIVE n(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM n WHERE k < 16)
       INSERT INTO sessions (referral_id, intervention, starts_at, minutes, venue, venue_name,
           worker_id, status, reason, evidence_received, version)
       SELECT r.id, 'drug_education',
              datetime(r.referral_date, '+' || (7 + 5 * n.k) || ' days', '+16 hours'), 60,
              'yot_office', '', r.worker_id,
              CASE (r.id + n.k) % 9 WHEN 0 THEN 'did_not_attend'
                   WHEN 1 THEN 'cancelled_by_service' WHEN 2 THEN 'rescheduled'
                   ELSE 'attended' END, '', 0, 1
       FROM referrals r JOIN n ON n.k <= 6 + r.id % 11
       WHERE r.status NOT IN ('received', 'ineligible')
       ORDER BY r.id, n.k
       LIMIT {SESSIONS} - (SELECT count(*) FROM sessions)""",
)

RAW = """
WITH per_referral AS MATERIALIZED (
  SELECT r.young_person_id AS person,
    CAST(substr(r.offence_date, 1, 4) AS INTEGER) - CAST(substr(p.date_of_birth, 1, 4) AS INTEGER)
      - (substr(r.offence_date, 6) < substr(p.date_of_birth, 6)) AS age,
    p.gender, p.ethnicity, r.status,
    (r.eligible OR r.override_by != '') AS eligible,
    EXISTS (SELECT 1 FROM referral_status_changes c
            WHERE c.referral_id = r.id AND c.to_status = 'offered') AS offer,
    EXISTS (SELECT 1 FROM programmes g WHERE g.referral_id = r.id) AS programme,
    CAST(julianday(substr((SELECT min(x.starts_at) FROM sessions x WHERE x.referral_id = r.id),
         1, 10)) - julianday(r.referral_date) AS INTEGER) AS wait,
    EXISTS (SELECT 1 FROM sessions x WHERE x.referral_id = r.id
            AND x.status IN ('attended', 'late')) AS attended,
    (SELECT max(c.positive OR c.need_identified_by_worker) FROM crafft_screenings c
     WHERE c.referral_id = r.id) AS need,
    EXISTS (SELECT 1 FROM referrals r2 WHERE r2.young_person_id = r.young_person_id
            AND r2.referral_date > r.referral_date
            AND r2.referral_date <= date(r.referral_date, '+365 days')) AS again
  FROM referrals r JOIN young_people p ON p.id = r.young_person_id
  WHERE +r.referral_date BETWEEN :a AND :b
), staged AS (
  SELECT *, CASE
      WHEN NOT eligible THEN 'ineligible'
      WHEN NOT (accepted OR offer OR status IN ('offered', 'declined')) THEN 'not_offered'
      WHEN NOT accepted THEN CASE status WHEN 'declined' THEN 'declined' ELSE 'awaiting' END
      WHEN status IN ('completed', 'not_engaged', 'withdrawn') THEN status
      ELSE 'in_programme' END AS stage,
    CASE WHEN need IS NULL THEN 0 WHEN need = 0 THEN 1 WHEN NOT accepted THEN 2
         WHEN NOT attended THEN 3 ELSE 4 END AS kpi
  FROM (SELECT *, (programme OR status IN ('in_programme', 'completed', 'not_engaged')
                   OR (status = 'withdrawn' AND wait IS NOT NULL)) AS accepted
        FROM per_referral)
)
SELECT 'groups', age, gender, ethnicity, stage, kpi, count(*) FROM staged
GROUP BY age, gender, ethnicity, stage, kpi
UNION ALL SELECT 'wait', wait, NULL, NULL, NULL, NULL, count(*) FROM per_referral
WHERE wait IS NOT NULL GROUP BY wait
UNION ALL SELECT 'people', count(DISTINCT person), NULL, NULL, NULL, NULL,
  count(DISTINCT CASE WHEN again THEN person END) FROM per_referral
"""


def build(path: Path) -> None:
    print(f"building {path} ({PEOPLE:,} people; a few minutes)…", file=sys.stderr)
    subprocess.run(
        ["yot-desktop", "--db", f"sqlite:///{path}", "demo", "--people", str(PEOPLE)], check=True
    )
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        for sql in TOP_UP:
            conn.execute(text(sql))
    engine.dispose()


def timed(fn: Callable[[], object], runs: int) -> tuple[float, float]:
    """Median wall-clock and CPU seconds."""
    walls, cpus = [], []
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        fn()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default="/tmp/yot-bench-eval.db")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--from", dest="first", default="2020-01-01")
    parser.add_argument("--to", dest="last", default="2026-12-31")
    args = parser.parse_args()
    source = Path(args.db)
    if not source.exists():
        build(source)
    first, last = date.fromisoformat(args.first), date.fromisoformat(args.last)
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "bench.db"
        shutil.copyfile(source, copy)
        services = Services.open(f"sqlite:///{copy}")
        services.database.upgrade()
        user = services.auth.sign_in("manager", "demo")
        reports = services.reports
        raw_rows: list[tuple[object, ...]] = []

        def service() -> None:
            reports.evaluation(user, first, last).suppressed_view()

        def raw() -> None:
            with services.ctx.engine.connect() as conn:
                raw_rows[:] = conn.execute(text(RAW), {"a": first, "b": last}).all()

        with services.ctx.engine.connect() as conn:
            referrals, sessions = (
                conn.execute(text(f"SELECT count(*) FROM {t}")).scalar_one()
                for t in ("referrals", "sessions")
            )
        service()
        raw()  # warm both
        t_service = timed(service, args.runs)
        t_raw = timed(raw, args.runs)
        ev = reports.evaluation(user, first, last)
        services.close()
    referred = sum(int(r[6]) for r in raw_rows if r[0] == "groups")
    people = next((int(r[1]), int(r[6])) for r in raw_rows if r[0] == "people")
    same = (referred, *people) == (ev.funnel.referred, ev.people_referred, ev.people_referred_again)
    print(f"database: {referrals:,} referrals, {sessions:,} sessions")
    print(f"referred in the period: {ev.funnel.referred:,}; raw SQL agrees: {same}")
    print(f"raw SQL rows back: {len(raw_rows):,}")
    for name, (wall, cpu) in (("service evaluation", t_service), ("raw aggregate SQL", t_raw)):
        print(f"{name:>20}: {wall * 1000:8.1f} ms wall, {cpu * 1000:8.1f} ms CPU (median)")
    print(
        f"ratio service / raw: {t_service[0] / t_raw[0]:.2f} wall, "
        f"{t_service[1] / t_raw[1]:.2f} CPU"
    )


if __name__ == "__main__":
    main()
