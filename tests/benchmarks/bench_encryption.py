"""Encryption benchmark: opening an encrypted database against the same one plain.

    uv run python tests/benchmarks/bench_encryption.py [--people 10000] [--runs 5]

Builds a demo database of N people once (kept in the temp folder), copies it and encrypts the
copy (timed). Then, each in a new Python process, the median of:
  - open: Services.open + the caseload's first page (what start-up waits for);
  - window: process start to the signed-in main window shown (offscreen), the passphrase from
    the password store (a test store, as on a workstation with a keyring).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
KEY = "benchmark passphrase of four words"

OPEN = """
import os, sys, time
t = time.perf_counter()
from yot_desktop.services.container import Services
s = Services.open(sys.argv[1], key=os.environ.get("YOT_DB_KEY"))
s.database.upgrade()
user = s.auth.sign_in("admin", "demo")
page = s.people.search(user, "")
print(f"open {time.perf_counter() - t:.4f} {page.total}")
"""


def run(cmd: list[str], env: dict[str, str], tag: str) -> float:
    result = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)
    lines = [line for line in result.stderr.splitlines() + result.stdout.splitlines()]
    found = [line for line in lines if line.startswith(f"{tag} ")]
    if result.returncode != 0 or not found:
        raise SystemExit(f"{cmd} failed:\n{result.stderr}")
    return float(found[-1].split()[1])


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    tmp = Path(tempfile.gettempdir())
    plain = tmp / f"yot-bench-enc-{args.people}.db"
    home = tmp / "yot-bench-enc-home"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", YOT_HOME=str(home), PYTHONPATH=str(ROOT))
    env.pop("YOT_DB_KEY", None)
    if not plain.exists():
        print(f"Building a demo database of {args.people:,} people at {plain} …", file=sys.stderr)
        cmd = [sys.executable, "-m", "yot_desktop", "--db", f"sqlite:///{plain}", "demo"]
        subprocess.run([*cmd, "--people", str(args.people)], env=env, check=True)
    encrypted = tmp / f"yot-bench-enc-{args.people}-encrypted.db"
    for leftover in tmp.glob(f"{encrypted.name}*"):
        leftover.unlink()
    shutil.copyfile(plain, encrypted)

    from yot_desktop.storage.encryption import encrypt_file

    t = time.perf_counter()
    done = encrypt_file(encrypted, KEY)
    convert = time.perf_counter() - t
    size = plain.stat().st_size / 1e6

    store = tmp / "yot-bench-enc-keyring.json"
    store.unlink(missing_ok=True)
    key_env = dict(
        env,
        PYTHON_KEYRING_BACKEND="tests.keyring_backends.FileKeyring",
        YOT_TEST_KEYRING_FILE=str(store),
    )
    from yot_desktop.services.admin.secrets import database_key_account

    os.environ.update(key_env)
    import keyring

    keyring.set_keyring(keyring.core.load_keyring("tests.keyring_backends.FileKeyring"))
    keyring.set_password("YOT Desktop", database_key_account(encrypted), KEY)

    def window(db: Path) -> list[str]:
        return [sys.executable, "-m", "yot_desktop", "--db", f"sqlite:///{db}", "--user", "admin"]

    opened: dict[str, list[float]] = {"plain": [], "encrypted": []}
    shown: dict[str, list[float]] = {"plain": [], "encrypted": []}
    for i in range(args.runs + 1):  # the first round warms the file cache
        for name, db in (("plain", plain), ("encrypted", encrypted)):
            o_env = dict(env, YOT_DB_KEY=KEY) if name == "encrypted" else env
            o = run([sys.executable, "-c", OPEN, f"sqlite:///{db}"], o_env, "open")
            w_env = dict(key_env, YOT_PASSWORD="demo", YOT_QUIT_WHEN_SHOWN=repr(time.time()))
            w = run(window(db), w_env, "shown")
            if i:
                opened[name].append(o)
                shown[name].append(w)
    print(f"{args.people:,} people, {size:.0f} MB, {done.tables} tables, {done.rows:,} rows")
    print(f"encrypt in place (export, check, swap): {convert:6.2f} s")
    for label, data in (("open + first page", opened), ("main window shown", shown)):
        p, e = statistics.median(data["plain"]), statistics.median(data["encrypted"])
        print(
            f"{label:18s} plain {p * 1000:6.0f} ms   encrypted {e * 1000:6.0f} ms   "
            f"(+{(e - p) * 1000:.0f} ms, x{e / p:.2f}, median of {args.runs})"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
