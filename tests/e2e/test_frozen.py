"""The frozen app (PyInstaller, one folder) as IT ships it to office PCs with no Python.

Builds it from packaging/yot_desktop.spec (or takes an already built folder from
YOT_FROZEN_DIR), then runs the program with nothing on PATH: `--help`, demo data, a letter
rendered to PDF, and the main window opened offscreen after signing in. Prints the folder's
size and the time to the main window.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pypdf import PdfReader

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.slow


def size_mb(path: Path) -> float:
    return sum(f.lstat().st_size for f in path.rglob("*") if f.is_file()) / 1e6


def built(tmp: Path) -> Path:
    """The frozen program: built now, or the one YOT_FROZEN_DIR points at."""
    name = "yot-desktop.exe" if sys.platform == "win32" else "yot-desktop"
    if given := os.environ.get("YOT_FROZEN_DIR"):
        return Path(given) / name
    dist = tmp / "dist"
    done = subprocess.run(
        [
            *(sys.executable, str(ROOT / "scripts" / "build_frozen.py")),
            *("--dist", str(dist), "--work", str(tmp / "work")),
        ],
        capture_output=True,
        text=True,
        timeout=1200,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    print("\n" + done.stdout.strip().splitlines()[-1])
    return dist / "yot-desktop" / name


def run(program: Path, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [str(program), *args],
        env=env,
        cwd=env["YOT_HOME"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, f"{args}\n{done.stdout}\n{done.stderr}"
    return done


def test_the_frozen_app_runs_without_python(tmp_path: Path) -> None:
    program = built(tmp_path)
    assert program.is_file()
    print(f"Frozen folder: {size_mb(program.parent):.0f} MB")
    home = tmp_path / "home"
    home.mkdir()
    # Nothing on PATH: no Python, no uv, no system tools; only what the folder brings.
    env = {
        "PATH": str(tmp_path / "nothing-here"),
        "HOME": str(home),
        "YOT_HOME": str(home),
        "YOT_DEPLOYMENT_FILE": str(home / "no-deployment.toml"),
        "QT_QPA_PLATFORM": "offscreen",
        "LANG": "C.UTF-8",
    }

    helped = run(program, "--help", env=env)
    assert "usage: yot-desktop" in helped.stdout

    db = f"sqlite:///{home / 'demo.db'}"
    made = run(program, "--db", db, "demo", "--people", "5", env=env)
    assert "Added 5 invented young people" in made.stdout

    signed_in = {**env, "YOT_PASSWORD": "demo"}
    export = home / "referrals.csv"
    run(
        program,
        "--db",
        db,
        "--user",
        "manager",
        "export",
        "referrals",
        "--out",
        str(export),
        env=signed_in,
    )
    import csv
    import io

    rows = list(csv.DictReader(io.StringIO(export.read_text(encoding="utf-8-sig"))))
    in_programme = next(r for r in rows if r["status"] == "in_programme")
    letter = home / "schedule.pdf"
    run(
        program,
        *("--db", db, "--user", "manager", "letters", "render"),
        *("--referral", in_programme["crime_reference"], "--type", "schedule"),
        *("--out", str(letter)),
        env=signed_in,
    )
    text = "\n".join(p.extract_text() or "" for p in PdfReader(letter).pages)
    assert in_programme["first_name"] in text
    assert "Private and confidential" in text  # the bundled wording and fonts were found

    # The window: signed in as the manager, shown offscreen, then closed by the app itself.
    started = time.time()
    window = run(
        program,
        *("--db", db, "--user", "manager"),
        env={**signed_in, "YOT_QUIT_WHEN_SHOWN": str(started)},
    )
    shown = [line for line in window.stderr.splitlines() if line.startswith("shown ")]
    assert shown, window.stderr
    print(f"Frozen app: main window shown {float(shown[0].split()[1]):.2f} s after start")
