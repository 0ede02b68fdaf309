"""Start-up benchmark: process start to main window shown, against a bare PySide6 window.

    uv run python tests/benchmarks/bench_startup.py [--people 100000] [--runs 5]

Both are started the same way (a new Python process, offscreen) and stop as soon as their
window is shown; the script prints the median of each, and the ratios: the sign-in window
(YOT_QUIT_AT=sign-in; target <= 1.5) and the main window after signing in.
The 100,000-person demo database is built once and kept in the temp folder.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BARE = """
import os
import sys
import time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv)
app.setStyle("Fusion")
w = QMainWindow()
w.resize(1200, 780)
w.show()
print(f"shown {time.time() - float(os.environ['YOT_QUIT_WHEN_SHOWN']):.4f}", file=sys.stderr)
QTimer.singleShot(0, app.quit)
app.exec()
"""


def timed(cmd: list[str], env: dict[str, str]) -> float:
    """Seconds from starting the process to its window being shown (reported by the child)."""
    env = dict(env, YOT_QUIT_WHEN_SHOWN=repr(time.time()))
    result = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)
    shown = [line for line in result.stderr.splitlines() if line.startswith("shown ")]
    if result.returncode != 0 or not shown:
        raise SystemExit(f"{cmd} failed:\n{result.stderr}")
    return float(shown[-1].split()[1])


# Sign-in to a filled caseload as the user meets it: the app's modules are imported behind the
# sign-in window while the person types, so they are imported first here; then the clock runs
# from Sign in (the password check) to the caseload's first rows on screen.
SIGN_IN = """
import sys, time
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QTableView
app = QApplication([])
from yot_desktop.gui.main_window import MainWindow
from yot_desktop.gui.tasks import TaskRunner
from yot_desktop.services.container import Services
services = Services.open(sys.argv[1])
info = services.database.info()
services.auth.sign_in("admin", "demo")  # the database's pages in the cache, as after start-up
t = time.perf_counter()
user = services.auth.sign_in("admin", "demo")
window = MainWindow(services, user, TaskRunner(), info)
window.show()
table = window.findChild(QTableView, "caseloadTable")
while table.model() is None or table.model().rowCount() == 0 or not table.isVisible():
    QCoreApplication.processEvents()
app.processEvents()
print(f"{time.perf_counter() - t:.4f}")
"""


def signed_in(db: Path, env: dict[str, str]) -> float:
    out = subprocess.run(
        [sys.executable, "-c", SIGN_IN, f"sqlite:///{db}"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return float(out.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    db = Path(tempfile.gettempdir()) / f"yot-bench-{args.people}.db"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", YOT_HOME=str(db.parent / "yot-bench-home"))
    if not db.exists():
        print(f"Building a demo database of {args.people:,} people at {db} …", file=sys.stderr)
        t = time.perf_counter()
        subprocess.run(
            [
                sys.executable,
                "-m",
                "yot_desktop",
                "--db",
                f"sqlite:///{db}",
                "demo",
                "--people",
                str(args.people),
            ],
            env=env,
            check=True,
        )
        print(f"  built in {time.perf_counter() - t:.1f} s", file=sys.stderr)
    # An installed app has its modules byte-compiled (uv does so at install); a checkout may
    # not (PYTHONDONTWRITEBYTECODE), so compile ours as an install would.
    import compileall

    compileall.compile_dir(str(Path(__file__).resolve().parents[2] / "yot_desktop"), quiet=1)
    app_env = dict(env, YOT_PASSWORD="demo")
    app_cmd = [sys.executable, "-m", "yot_desktop", "--db", f"sqlite:///{db}", "--user", "admin"]
    bare_cmd = [sys.executable, "-c", BARE]
    login_env = dict(env, YOT_QUIT_AT="sign-in")
    login_cmd = [sys.executable, "-m", "yot_desktop", "--db", f"sqlite:///{db}"]
    timed(bare_cmd, env)  # warm the file cache for all
    timed(app_cmd, app_env)
    timed(login_cmd, login_env)
    bare, app, login, inside = [], [], [], []
    for _ in range(args.runs):
        bare.append(timed(bare_cmd, env))
        login.append(timed(login_cmd, login_env))
        app.append(timed(app_cmd, app_env))
        inside.append(signed_in(db, env))
    b, s, a = statistics.median(bare), statistics.median(login), statistics.median(app)
    print(f"bare QMainWindow shown:      {b * 1000:7.0f} ms (median of {args.runs})")
    print(f"YOT Desktop sign-in window:  {s * 1000:7.0f} ms   ratio {s / b:5.2f} (target <= 1.5)")
    print(f"YOT Desktop main window:     {a * 1000:7.0f} ms   ratio {a / b:5.2f}")
    print(f"  ({args.people:,} people, signed in with --user: start to caseload window)")
    print(f"  of which start to sign-in window {s * 1000:.0f} ms; the rest imports behind it")
    i = statistics.median(inside)
    print(f"Sign in to a filled caseload: {i * 1000:6.0f} ms (target <= 400; modules imported")
    print("  while the person types, as in the app; password check, main window, first rows)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
