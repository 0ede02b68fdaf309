"""`import referrals` and `export referrals` as an administrator's script would run them.

A police file with a dozen realistic rows, some bad: refused with every problem listed and
nothing written; corrected, it imports with eligibility decided for each row; the child's
second referral is caught by the one-chance rule; the export is exactly the contract.
"""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from yot_desktop.services.admin.schemes import default_scheme_files

DATA = Path(__file__).resolve().parent / "data"
ADMIN_PASSWORD = "correct horse battery"
MANAGER_PASSWORD = "a long enough passphrase"
COLUMNS = (
    "crime_reference,person_ref,first_name,last_name,date_of_birth,age_at_offence,scheme,"
    "status,eligibility,eligibility_reasons,prior_diversions,possible_duplicate,"
    "sessions_required,sessions_attended,unexplained_absences,engagement"
)


class Cli:
    def __init__(self, home: Path, db: Path) -> None:
        self.home, self.url = home, f"sqlite:///{db}"

    def __call__(
        self, *args: str, user: str | None = None, password: str = ADMIN_PASSWORD, **env: str
    ) -> subprocess.CompletedProcess[str]:
        environ = {k: v for k, v in os.environ.items() if not k.startswith("YOT_")}
        environ.update(YOT_HOME=str(self.home), YOT_PASSWORD=password, **env)
        command = [sys.executable, "-m", "yot_desktop", "--db", self.url]
        if user:
            command += ["--user", user]
        return subprocess.run(
            [*command, *args],
            env=environ,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )


@pytest.fixture(scope="module")
def cli(tmp_path_factory: pytest.TempPathFactory) -> Cli:
    home = tmp_path_factory.mktemp("home")
    run = Cli(home, home / "yot.db")
    assert run("init", "--admin", "admin").returncode == 0
    for path in default_scheme_files():
        done = run("schemes", "load", str(path), user="admin")
        assert done.returncode == 0, done.stderr
    done = run(
        "users",
        "add",
        "--username",
        "morgan",
        "--role",
        "manager",
        "--team",
        "West Berkshire YOT",
        user="admin",
        YOT_NEW_PASSWORD=MANAGER_PASSWORD,
    )
    assert done.returncode == 0, done.stderr
    return run


def as_manager(cli: Cli, *args: str) -> subprocess.CompletedProcess[str]:
    return cli(*args, user="morgan", password=MANAGER_PASSWORD)


def export(cli: Cli, tmp_path: Path) -> list[dict[str, str]]:
    out = tmp_path / "referrals.csv"
    done = as_manager(cli, "export", "referrals", "--out", str(out))
    assert done.returncode == 0, done.stderr
    text = out.read_text(encoding="utf-8")
    assert text.splitlines()[0] == COLUMNS
    return list(csv.DictReader(io.StringIO(text)))


def test_police_file_refused_then_corrected_imported_and_exported(cli: Cli, tmp_path: Path) -> None:
    bad = as_manager(cli, "import", "referrals", str(DATA / "police_referrals_bad.csv"))
    assert bad.returncode == 1, bad.stdout
    lines = [line for line in bad.stderr.splitlines() if not line.startswith("warning:")]
    assert lines == [
        "row 1: ethnicity: Enter an ONS 2021 ethnic group, like Indian or A3, or leave it blank",
        "row 4: parent_email: Enter an email address in the right format, like name@example.com",
        "row 5: referring_officer: Enter the referring officer's name",
        "row 5: date_of_birth: Enter a real date, like 14/03/2012",
        "row 5: gender: Enter female, male, other or not known, or leave it blank",
        "row 5: postcode: Enter a real UK postcode, like RG14 5AB",
        "row 5: offence_date: Enter an offence date on or before the referral date",
        "row 5: quantity: Enter the quantity as a number, 0 or more, like 2.5",
        "row 5: unit: Enter one of g, mg, tablets, ml, wraps, items",
        "row 5: supply_suspected: Enter yes or no",
        "row 6: crime_reference: 43/26/1000001 is also on row 1. Each referral needs its own "
        "crime reference",
        "row 7: scheme: There is no scheme with the code XX. Schemes: OX, WB, WM",
        "row 7: parent_phone: Enter a UK phone number, like 07700 900123 or 0118 496 0000",
        "row 7: parent_name: Enter the parent or carer's name, as their contact details are given",
    ]
    assert "warning: Column 'force_division' is not used and was ignored" in bad.stderr
    assert export(cli, tmp_path) == []  # nothing was written

    fixed = str(DATA / "police_referrals_fixed.csv")
    dry = as_manager(cli, "import", "referrals", fixed, "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert "Nothing was written (dry run)" in dry.stdout
    assert export(cli, tmp_path) == []

    done = as_manager(cli, "import", "referrals", fixed)
    assert done.returncode == 0, done.stderr
    assert "Imported 12 referrals: 6 eligible, 6 not eligible." in done.stdout
    rows = {r["crime_reference"]: r for r in export(cli, tmp_path)}
    assert len(rows) == 12
    decided = {ref: (r["status"], r["eligibility_reasons"]) for ref, r in rows.items()}
    assert decided == {
        "43/26/1000001": ("received", ""),
        "43/26/1000002": ("ineligible", "OVER_THRESHOLD"),
        "43/26/1000003": ("ineligible", "SUPPLY_SUSPECTED;AGE_OUT_OF_RANGE"),
        "43/26/1000004": ("ineligible", "SUBSTANCE_NOT_COVERED"),
        "43/26/1000005": ("received", ""),
        "43/26/1000006": ("received", ""),
        "43/26/1000007": ("received", ""),
        "43/26/1000008": ("received", ""),
        "43/26/1000009": ("received", ""),
        "43/26/1000010": ("ineligible", "AGE_OUT_OF_RANGE"),
        "43/26/1000011": ("ineligible", "SUBSTANCE_NOT_COVERED"),
        # The same child again, a week later: the one-chance rule.
        "43/26/1000012": ("ineligible", "PRIOR_DIVERSION"),
    }
    first, second = rows["43/26/1000001"], rows["43/26/1000012"]
    assert first == {
        "crime_reference": "43/26/1000001",
        "person_ref": first["person_ref"],
        "first_name": "Łukasz",
        "last_name": "Kowalski",
        "date_of_birth": "2011-03-14",
        "age_at_offence": "15",
        "scheme": "WB",
        "status": "received",
        "eligibility": "eligible",
        "eligibility_reasons": "",
        "prior_diversions": "0",
        "possible_duplicate": "yes",
        "sessions_required": "3",
        "sessions_attended": "0",
        "unexplained_absences": "0",
        "engagement": "",
    }
    assert second["person_ref"] == first["person_ref"]  # linked, not duplicated
    assert (second["prior_diversions"], second["eligibility"]) == ("1", "ineligible")
    assert rows["43/26/1000009"]["possible_duplicate"] == "yes"  # "Lukasz Kowalsky"
    assert rows["43/26/1000002"]["possible_duplicate"] == "no"

    again = as_manager(cli, "import", "referrals", fixed)
    assert again.returncode == 1
    assert "row 1: crime_reference: 43/26/1000001 is already on file." in again.stderr


def test_usage_errors_and_refusals(cli: Cli, tmp_path: Path) -> None:
    assert as_manager(cli, "import", "referrals").returncode == 2
    assert as_manager(cli, "export", "referrals").returncode == 2
    missing = as_manager(cli, "import", "referrals", str(tmp_path / "none.csv"))
    assert missing.returncode == 1 and "cannot read the file" in missing.stderr
    no_user = cli("export", "referrals", "--out", str(tmp_path / "x.csv"))
    assert no_user.returncode == 1 and "--user" in no_user.stderr


def test_a_file_over_the_import_limits_is_refused_at_once(cli: Cli, tmp_path: Path) -> None:
    """Issue 12: a huge file is refused before it is read (size), and the row limit is a
    setting (settings.json: import_max_rows); nothing is imported either way."""
    import json
    import time

    huge = tmp_path / "force.csv"
    with huge.open("wb") as f:
        f.truncate(100 * 1024 * 1024)
    started = time.monotonic()
    done = as_manager(cli, "import", "referrals", str(huge))
    took = time.monotonic() - started
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr.splitlines() == [
        "File: force.csv is 100.0 MB: the most one import takes is 20 MB or 50,000 rows. "
        "Check it is the right file; a large one can be split into smaller files, each with "
        "the header row, and imported one after another"
    ]
    print(f"refused a 100 MB file in {took:.2f} s (the process included)")
    settings = cli.home / "config" / "settings.json"
    settings.parent.mkdir(parents=True, exist_ok=True)
    saved = json.loads(settings.read_text("utf-8")) if settings.exists() else {}
    settings.write_text(json.dumps({**saved, "import_max_rows": "2"}), encoding="utf-8")
    try:
        fixed = DATA / "police_referrals_fixed.csv"
        rows = as_manager(cli, "import", "referrals", "--dry-run", str(fixed))
        assert rows.returncode == 1
        assert "has more than 2 rows" in rows.stderr
    finally:
        settings.write_text(json.dumps(saved), encoding="utf-8")
