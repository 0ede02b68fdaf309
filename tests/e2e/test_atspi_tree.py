"""What Orca hears (issue 16, point 5): the app on a virtual screen (Xvfb), its accessibility
tree read over AT-SPI by pyatspi, the way Linux screen readers read it.

The reader (tests/e2e/atspi/read_tree.py, the system's Python with Debian's python3-pyatspi)
signs in through the tree itself, typing into the fields it finds by name and pressing the
button by name, then reads the main window. Every focusable control must have a name, the
table's column headers too, and labels must be heard by what they show (the signed-in
person's name in the status bar, not only "Signed in as"). The count of controls is printed.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
SYSTEM_PYTHON = Path("/usr/bin/python3")
BUS_LAUNCHER = Path("/usr/libexec/at-spi-bus-launcher")

pytestmark = pytest.mark.slow


def needs() -> None:
    missing = [t for t in ("xvfb-run", "dbus-run-session") if shutil.which(t) is None]
    if not BUS_LAUNCHER.exists():
        missing.append("at-spi2-core")
    has_pyatspi = SYSTEM_PYTHON.exists() and (
        subprocess.run([str(SYSTEM_PYTHON), "-c", "import pyatspi"], check=False).returncode == 0
    )
    if not has_pyatspi:
        missing.append("python3-pyatspi")
    if missing:
        message = f"needs {', '.join(missing)} (Debian packages; .ci/run installs them)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)


def test_orca_hears_every_control_by_name_and_signs_in_through_the_tree(tmp_path: Path) -> None:
    needs()
    home = tmp_path / "home"
    db = f"sqlite:///{tmp_path / 'demo.db'}"
    env = {
        **os.environ,
        "YOT_HOME": str(home),
        "YOT_DEPLOYMENT_FILE": str(home / "none.toml"),
    }
    subprocess.run(
        [sys.executable, "-m", "yot_desktop", "--db", db, "demo", "--people", "30"],
        env=env,
        check=True,
        capture_output=True,
        timeout=600,
    )
    script = tmp_path / "session.sh"
    script.write_text(
        f"""
{BUS_LAUNCHER} --launch-immediately &
sleep 1
QT_QPA_PLATFORM=xcb QT_LINUX_ACCESSIBILITY_ALWAYS_ON=1 \\
  {sys.executable} -m yot_desktop --db {db} > {tmp_path / "app.log"} 2>&1 &
app=$!
{SYSTEM_PYTHON} {HERE / "atspi" / "read_tree.py"} manager demo > {tmp_path / "tree.json"}
status=$?
kill $app
exit $status
""",
        encoding="utf-8",
    )
    done = subprocess.run(
        ["xvfb-run", "-a", "dbus-run-session", "--", "bash", str(script)],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    log = (
        (tmp_path / "app.log").read_text(errors="replace")
        if (tmp_path / "app.log").exists()
        else ""
    )
    assert done.returncode == 0, done.stdout + done.stderr + log
    tree = json.loads((tmp_path / "tree.json").read_text())

    interactive = {
        "push button",
        "toggle button",
        "check box",
        "radio button",
        "combo box",
        "text",
        "password text",
        "spin button",
        "table",
        "tree table",
        "list",
        "page tab",
        "slider",
    }
    checked = 0
    problems = []
    for part in ("sign_in", "main"):
        for node in tree[part]:
            if not node["showing"]:
                continue  # another tab's controls: checked when it is shown (QAccessible journey)
            if node["role"] in interactive and node["focusable"]:
                checked += 1
                if not node["name"].strip():
                    problems.append(f"{part}: unnamed {node['role']} ({node['description']})")
            if node["role"] in ("column header", "table column header"):
                checked += 1
                if not node["name"].strip():
                    problems.append(f"{part}: unnamed column header")
    labels = [n["name"] for n in tree["main"] if n["role"] == "label"]
    print(f"\nAT-SPI: {checked} controls checked; window {tree['title']!r}")
    assert problems == [], "\n".join(problems)
    # The status bar's "Signed in as" label is heard by what it shows: name (role) · team
    # (shown beside a passing message, like today's backup: test_journey_status_bar).
    signed_in = [n for n in tree["main"] if n["description"] == "Signed in as"]
    assert signed_in and " · " in signed_in[0]["name"], signed_in or labels
    assert any(n["role"] == "table" for n in tree["main"])
    roles = {n["role"] for n in tree["sign_in"]}
    assert {"text", "password text", "push button"} <= roles
