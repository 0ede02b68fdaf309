"""The sign-in window opens before anything heavy is imported (issue 16, fast start): the
database libraries, ReportLab, openpyxl and the services load behind it, on a worker."""

from __future__ import annotations

import os
import subprocess
import sys

HEAVY = (
    "sqlalchemy",
    "reportlab",
    "openpyxl",
    "faker",
    "psycopg",
    "argon2",
    "yot_desktop.services",
    "yot_desktop.storage",
    "yot_desktop.letters",
    "yot_desktop.reports",
    "yot_desktop.demo",
)

CHECK = f"""
import sys
import yot_desktop.__main__, yot_desktop.app  # what runs before the sign-in window shows
print(sorted(m for m in sys.modules if m.startswith({HEAVY!r})))
"""


def test_nothing_heavy_is_imported_before_the_sign_in_window() -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    out = subprocess.run(
        [sys.executable, "-c", CHECK], env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]", out.stdout


# A command and the services behind the main window need the database, not the file makers:
# ReportLab (letters, reports), HarfBuzz (right-to-left letters), pypdf (batches), openpyxl
# (spreadsheets) and Pillow load when a letter, report or spreadsheet is first made. They were
# a third of every command's start-up (1.03 -> 0.71 CPU-s for `yot-desktop --help`).
MAKERS = ("reportlab", "openpyxl", "pypdf", "uharfbuzz", "PIL")

COMMAND = f"""
import sys
import yot_desktop.cli.main, yot_desktop.services.container  # a command; the main window's
print(sorted({{m.split('.')[0] for m in sys.modules if m.startswith({MAKERS!r})}}))
"""

MAKING = """
import sys
from yot_desktop.letters import render_letter  # what a service does when a letter is made
print('reportlab' in sys.modules, callable(render_letter))
"""


def test_a_command_loads_the_file_makers_only_when_it_makes_a_file() -> None:
    out = subprocess.run(
        [sys.executable, "-c", COMMAND], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]", out.stdout
    made = subprocess.run(
        [sys.executable, "-c", MAKING], capture_output=True, text=True, check=True
    )
    assert made.stdout.strip() == "True True", made.stdout
