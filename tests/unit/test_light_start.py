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
