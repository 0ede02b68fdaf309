"""Import files at and past the limits: time and peak memory of the whole CLI process.

    uv run python tests/benchmarks/bench_import_limits.py

Three files through `import referrals --dry-run` in a fresh process each, on a database made by
`init` with the shipped schemes: the largest file the limits take (50,000 rows, about 12 MB),
a 20 MB file (refused by its rows) and a 100 MB file (refused by its size, never read). The
baseline is the same process running `--help` (Python, the app's imports, no file).
"""

from __future__ import annotations

import os
import resource
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


def row(n: int) -> str:
    referred = date.today() - timedelta(days=3)
    return (
        f"43/26/{n:07d},{referred},WB,PC Jane Hollis,Alex{n},Kowalski{n},14/03/2011,"
        f"{n} Oxford Road,RG14 1AB,{referred - timedelta(days=1)},cannabis,2.5,g,no,"
        "found in a coat pocket near the station\n"
    )


def run(home: Path, db: Path, *args: str) -> tuple[float, float, int, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("YOT_")}
    env.update(YOT_HOME=str(home), YOT_PASSWORD="a long enough passphrase")
    command = [sys.executable, "-m", "yot_desktop", "--db", f"sqlite:///{db}", *args]
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    took = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return took, max(peak, before) / 1024, done.returncode, done.stderr.strip()[:90]


def main() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="bench-import-"))
    home, db = tmp / "home", tmp / "yot.db"
    assert run(home, db, "init", "--admin", "admin")[2] == 0
    from yot_desktop.services.schemes import default_scheme_files

    for path in default_scheme_files():
        run(home, db, "--user", "admin", "schemes", "load", str(path))
    # Administrators do not import referrals: a manager does.
    run(home, db, "--user", "admin", "users", "add", "--username", "morgan", "--role", "manager")
    largest = tmp / "largest.csv"
    largest.write_text(HEADER + "".join(row(n) for n in range(1, 50_001)), encoding="utf-8")
    twenty = tmp / "twenty.csv"
    with twenty.open("w", encoding="utf-8") as f:
        f.write(HEADER)
        n = 1
        while f.tell() < 20 * 1024 * 1024:
            f.write(row(n))
            n += 1
    hundred = tmp / "hundred.csv"
    with hundred.open("wb") as f:
        f.truncate(100 * 1024 * 1024)
    # ru_maxrss of children is the largest of any child so far: run the small ones first.
    cases = [
        ("baseline: --help", ("--help",)),
        ("100 MB file (refused by size)", ("import", "referrals", "--dry-run", str(hundred))),
        ("just over 20 MB (refused by size)", ("import", "referrals", "--dry-run", str(twenty))),
        (
            f"50,000 rows, {largest.stat().st_size / 2**20:.1f} MB (checked, dry run)",
            ("import", "referrals", "--dry-run", str(largest)),
        ),
    ]
    print(f"{'file':<42} {'seconds':>8} {'peak MB':>8}  exit  first line")
    for label, args in cases:
        user = () if args == ("--help",) else ("--user", "morgan")
        took, peak, code, said = run(home, db, *user, *args)
        print(f"{label:<42} {took:8.2f} {peak:8.0f}  {code:>4}  {said}")


if __name__ == "__main__":
    main()
