"""Import files at and past the limits: time and peak memory of the whole CLI process.

    uv run python tests/benchmarks/bench_import_limits.py [--rows N]

Each file goes through `import referrals --dry-run` (the whole import, in one transaction,
rolled back) in a fresh process, on a database made by `init` with the shipped schemes:

- the largest file the limits take: 50,000 rows padded (long notes) to just under 20 MB;
- a 20 MB file of 50,001 rows: refused at its 50,001st row, read no further;
- a real 100 MB file (rows, not a sparse file): refused by its size, never opened.

Baselines: the app's start-up (`--help`), and a bare Python reading each file with the csv
module (the least any reader can do). Peak memory is each process's own ru_maxrss, measured by
a small parent process that runs only it. `--rows N` shrinks the largest file (a quick run).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

HEADER = (
    "crime_reference,referral_date,scheme,referring_officer,first_name,last_name,date_of_birth,"
    "address_line_1,postcode,offence_date,substance,quantity,unit,supply_suspected,notes\n"
)


FIRST = ("Alex", "Jordan", "Casey", "Riley", "Sam", "Morgan", "Jamie", "Taylor", "Kai", "Noor")
LAST = ("Kowalski", "Okafor", "Smith", "Patel", "Nguyen", "Evans", "Hughes", "Murphy", "Ali")


PAD = "found in a coat pocket near the station. "


def row(n: int, notes: str = "found in a coat pocket near the station") -> str:
    """Referral n: a different child each time (names and dates of birth spread as a real
    force's are: the duplicate check compares a child with others born the same day)."""
    referred = date.today() - timedelta(days=3)
    born = date(2009, 1, 1) + timedelta(days=n * 7919 % 2900)
    return (
        f"43/26/{n:07d},{referred},WB,PC Jane Hollis,{FIRST[n % 10]}{n},{LAST[n % 9]}{n},"
        f"{born:%d/%m/%Y},{n} Oxford Road,RG14 1AB,{referred - timedelta(days=1)},cannabis,2.5,"
        f"g,no,{notes}\n"
    )


def write_rows(path: Path, rows: int, notes: str) -> None:
    with path.open("w", encoding="utf-8") as f:
        f.write(HEADER)
        for n in range(1, rows + 1):
            f.write(row(n, notes))


# The child's own peak: a parent that runs nothing else reports its children's ru_maxrss.
MEASURE = (
    "import resource, subprocess, sys\n"
    "done = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
    "sys.stderr.write(done.stderr)\n"
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, done.returncode)\n"
)
BARE_CSV = (
    "import csv, sys\n"
    "with open(sys.argv[1], encoding='utf-8-sig', newline='') as f:\n"
    "    print(sum(1 for _ in csv.reader(f)))\n"
)


def measure(command: list[str], env: dict[str, str]) -> tuple[float, float, int, str]:
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, *command],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    took = time.perf_counter() - started
    peak_kb, code = done.stdout.split()
    return took, int(peak_kb) / 1024, int(code), done.stderr.strip().splitlines()[-1:][0:1]


def app_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("YOT_")}
    env.update(YOT_HOME=str(home), YOT_PASSWORD="a long enough passphrase")
    return env


def run(home: Path, db: Path, *args: str) -> tuple[float, float, int, str]:
    command = [sys.executable, "-m", "yot_desktop", "--db", f"sqlite:///{db}", *args]
    took, peak, code, said = measure(command, app_env(home))
    return took, peak, code, (said[0] if said else "")[:70]


def bare(path: Path) -> tuple[float, float]:
    took, peak, _code, _said = measure(
        [sys.executable, "-c", BARE_CSV, str(path)], os.environ.copy()
    )
    return took, peak


def main() -> None:
    rows = 50_000
    if "--rows" in sys.argv:
        rows = int(sys.argv[sys.argv.index("--rows") + 1])
    tmp = Path(tempfile.mkdtemp(prefix="bench-import-"))
    home, db = tmp / "home", tmp / "yot.db"
    assert run(home, db, "init", "--admin", "admin")[2] == 0
    from yot_desktop.services.admin.schemes import default_scheme_files

    for path in default_scheme_files():
        run(home, db, "--user", "admin", "schemes", "load", str(path))
    # Administrators do not import referrals: a manager does.
    run(home, db, "--user", "admin", "users", "add", "--username", "morgan", "--role", "manager")
    limit = 20 * 1024 * 1024
    plain = len(row(50_000).encode())
    notes = (PAD * 10)[: max((limit - len(HEADER) - 1024) // 50_000 - plain, 0) + 38]
    largest = tmp / "largest.csv"
    write_rows(largest, rows, notes)
    over = tmp / "rows-over.csv"
    write_rows(over, 50_001, notes)
    hundred = tmp / "hundred.csv"
    with hundred.open("w", encoding="utf-8") as f:
        f.write(HEADER)
        n = 1
        while f.tell() < 100 * 1024 * 1024:
            f.write(row(n, notes))
            n += 1
    mb = lambda p: f"{p.stat().st_size / 2**20:.1f} MB"  # noqa: E731
    cases = [
        (f"{rows:,} rows, {mb(largest)} (dry run)", largest, False),
        (f"50,001 rows, {mb(over)} (refused)", over, True),
        (f"{mb(hundred)} (refused by size)", hundred, True),
    ]
    took, peak, code, said = run(home, db, "--help")
    print(f"{'file':<36} {'what':<10} {'seconds':>8} {'peak MB':>8}  exit  last line")
    print(f"{'(none)':<36} {'--help':<10} {took:8.2f} {peak:8.0f}  {code:>4}  app start-up")
    for label, path, _refused in cases:
        b_took, b_peak = bare(path)
        print(f"{label:<36} {'bare csv':<10} {b_took:8.2f} {b_peak:8.0f}")
        args = ("--user", "morgan", "import", "referrals", "--dry-run", str(path))
        took, peak, code, said = run(home, db, *args)
        print(f"{'':<36} {'app':<10} {took:8.2f} {peak:8.0f}  {code:>4}  {said}", flush=True)


if __name__ == "__main__":
    main()
