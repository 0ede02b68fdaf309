"""`programme start` and `import attendance` as an administrator runs them: a real subprocess.

Sessions are placed round the Christmas 2025 and Easter 2026 bank holidays (in the past, so a
provider's register can report on them).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.integration.delivery_helpers import new_referral
from yot_desktop.services.container import Services
from yot_desktop.storage.migrate import backup_sqlite


class Cli:
    def __init__(self, home: Path, db_url: str) -> None:
        self.home, self.db_url = home, db_url

    def __call__(self, *args: str, user: str | None = None, password: str = "demo"):  # type: ignore[no-untyped-def]
        env = {k: v for k, v in os.environ.items() if not k.startswith("YOT_")}
        env.update(YOT_HOME=str(self.home), YOT_PASSWORD=password)
        command = [sys.executable, "-W", "default", "-m", "yot_desktop", "--db", self.db_url]
        if user:
            command += ["--user", user]
        return subprocess.run(
            [*command, *args],
            env=env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )


@pytest.fixture(scope="module")
def referrals_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`demo --people 0` and two new referrals, made once per module; each test works on its
    own copy."""
    folder = tmp_path_factory.mktemp("delivery-demo")
    url = f"sqlite:///{folder / 'yot.db'}"
    done = Cli(folder / "home", url)("demo", "--people", "0")
    assert done.returncode == 0, done.stderr
    services = Services.open(url)
    try:
        new_referral(services, "43/25/0001")
        new_referral(
            services, "43/26/0002", scheme="OX", first_name="Seán", last_name="Ó Súilleabháin"
        )
    finally:
        services.close()
    return folder / "yot.db"


@pytest.fixture
def cli(tmp_path: Path, referrals_db: Path) -> Cli:
    backup_sqlite(referrals_db, tmp_path / "yot.db")
    return Cli(tmp_path / "home", f"sqlite:///{tmp_path / 'yot.db'}")


def session_lines(stdout: str) -> list[str]:
    return [line.split()[0] for line in stdout.splitlines() if line[:2] == "20"]


def test_programme_start_round_christmas_and_easter(cli: Cli) -> None:
    done = cli(
        "programme",
        "start",
        "--referral",
        "43/25/0001",
        "--start",
        "2025-12-18",
        "--time",
        "16:00",
        user="practitioner",
    )
    assert done.returncode == 0, done.stderr
    assert "43/25/0001: accepted (offered then in programme)." in done.stdout
    assert "deadline 12 March 2026" in done.stdout
    # Christmas Day, Boxing Day and New Year's Day are bank holidays.
    assert session_lines(done.stdout) == ["2025-12-18", "2025-12-29", "2026-01-02", "2026-01-08"]
    assert "16:00  Assessment (90 min) with Priya Practitioner" in done.stdout

    easter = cli(
        "programme",
        "start",
        "--referral",
        "43/26/0002",
        "--start",
        "2026-03-27",
        user="practitioner",
    )
    assert easter.returncode == 0, easter.stderr
    days = session_lines(easter.stdout)
    assert days[:3] == ["2026-03-27", "2026-04-07", "2026-04-10"]  # Good Friday, Easter Monday
    assert len(days) == 7

    again = cli("programme", "start", "--referral", "43/25/0001", user="practitioner")
    assert again.returncode == 1
    assert again.stderr.splitlines() == ["referral: 43/25/0001 already has a programme"]


def test_programme_start_names_each_clash_and_the_nearest_free_time(cli: Cli) -> None:
    """Issue 14, point 5: the contract is kept (exit 1, nothing written, reasons on stderr);
    each reason names a clashing session and the nearest free time for it."""
    first = ("programme", "start", "--referral", "43/25/0001", "--start", "2025-12-18")
    assert cli(*first, user="practitioner").returncode == 0
    second = ("programme", "start", "--referral", "43/26/0002", "--start", "2025-12-18")
    refused = cli(*second, user="practitioner")
    assert refused.returncode == 1
    lines = refused.stderr.splitlines()
    assert lines[0] == (
        "Session 1: Assessment at 16:00 on Thursday 18 December 2025 clashes: "
        "Priya Practitioner already has a session from 16:00 to 17:30 on 18 December 2025. "
        "The nearest free time is 17:30 on Thursday 18 December 2025."
    )
    assert all(line.startswith("Session ") for line in lines)
    later = cli(*second, "--time", "09:00", user="practitioner")
    assert later.returncode == 0, later.stderr


def test_programme_start_refusals_and_usage_errors(cli: Cli) -> None:
    missing = cli("programme", "start", "--referral", "43/99/9999", user="practitioner")
    assert missing.returncode == 1
    assert missing.stderr.splitlines() == [
        "--referral: there is no referral 43/99/9999 in your team"
    ]
    panel = cli("programme", "start", "--referral", "43/25/0001", user="panel")
    assert panel.returncode == 1 and "does not allow" in panel.stderr
    bad_date = cli(
        "programme",
        "start",
        "--referral",
        "43/25/0001",
        "--start",
        "18/12/2025",
        user="practitioner",
    )
    assert bad_date.returncode == 2
    assert "YYYY-MM-DD" in bad_date.stderr


def test_import_attendance_with_errors_then_fixed(cli: Cli, tmp_path: Path) -> None:
    assert (
        cli(
            "programme",
            "start",
            "--referral",
            "43/25/0001",
            "--start",
            "2025-12-18",
            user="practitioner",
        ).returncode
        == 0
    )
    register = tmp_path / "register.csv"
    register.write_text(
        "\ufeffcrime_reference,session_date,attendance,reason,evidence_received\n"
        "43/25/0001,2025-12-18,attended,,\n"
        "43/25/0001,2025-12-25,attended,,\n"
        "43/25/0001,29/12/2025,cancelled_by_young_person,,no\n",
        encoding="utf-8",
    )
    refused = cli("import", "attendance", str(register), user="practitioner")
    assert refused.returncode == 1
    assert refused.stderr.splitlines() == [
        "row 2: session_date: 43/25/0001 has no session booked on 25/12/2025",
        "row 3: reason: say why the session was cancelled (cancelled by young person)",
    ]
    # A did-not-attend with no reason is accepted (INTERFACES.md: reason optional): it is an
    # unexplained absence.
    register.write_text(
        "crime_reference,session_date,attendance,reason,evidence_received\n"
        "43/25/0001,2025-12-18,attended,,\n"
        "43/25/0001,29/12/2025,did_not_attend,,no\n",
        encoding="utf-8",
    )
    dry = cli("import", "attendance", str(register), "--dry-run", user="practitioner")
    assert dry.returncode == 0, dry.stderr
    assert dry.stdout.startswith("Would record 2 of 2 attendance rows")
    done = cli("import", "attendance", str(register), user="practitioner")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "Recorded 2 of 2 attendance rows (0 already recorded).",
        "row 1: 43/25/0001 2025-12-18 attended (new mark)",
        "row 2: 43/25/0001 2025-12-29 did_not_attend (new mark)",
        "Letter due: missed",
    ]
    again = cli("import", "attendance", str(register), user="practitioner")
    assert again.stdout.startswith("Recorded 0 of 2 attendance rows (2 already recorded).")
