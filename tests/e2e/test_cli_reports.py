"""`report panel` and `report scheme` as an administrator runs them: a real subprocess."""

from __future__ import annotations

import csv
import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import select

from yot_desktop.domain.enums import ReferralStatus
from yot_desktop.domain.status import FINAL_STATUSES
from yot_desktop.services.container import Services
from yot_desktop.storage.models import Referral, YoungPerson


class Cli:
    def __init__(self, home: Path, db_url: str) -> None:
        self.home, self.db_url = home, db_url

    def __call__(self, *args: str, user: str | None = None) -> subprocess.CompletedProcess[str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("YOT_")}
        env.update(YOT_HOME=str(self.home), YOT_PASSWORD="demo")
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
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> tuple[Cli, str, str]:
    """A demo database; returns the runner, one referral's crime reference and its last name."""
    tmp = tmp_path_factory.mktemp("reports")
    url = f"sqlite:///{tmp / 'yot.db'}"
    run = Cli(tmp / "home", url)
    done = run("demo", "--people", "120", "--seed", "5")
    assert done.returncode == 0, done.stderr
    services = Services.open(url)
    try:
        with services.ctx.uow() as uow:
            ref, last = uow.session.execute(
                select(Referral.crime_reference, YoungPerson.last_name)
                .join(YoungPerson, YoungPerson.id == Referral.young_person_id)
                .order_by(Referral.id)
                .limit(1)
            ).one()
    finally:
        services.close()
    return run, ref, last


def pdf_text(path: Path) -> str:
    return "\n".join(p.extract_text() or "" for p in PdfReader(path).pages)


def test_panel_summary_identifiable_and_pseudonymised(
    demo_db: tuple[Cli, str, str], tmp_path: Path
) -> None:
    cli, ref, last = demo_db
    out = tmp_path / "case.pdf"
    done = cli("report", "panel", "--referral", ref, "--out", str(out), user="manager")
    assert done.returncode == 0, done.stderr
    assert last in pdf_text(out)
    done = cli(
        "report", "panel", "--referral", ref, "--pseudonymised", "--out", str(out), user="manager"
    )
    assert done.returncode == 0, done.stderr
    assert last not in pdf_text(out)
    assert "pseudonymised" in done.stdout


def test_panel_role_gets_pseudonymised_only(demo_db: tuple[Cli, str, str], tmp_path: Path) -> None:
    cli, ref, last = demo_db
    out = tmp_path / "case.pdf"
    done = cli("report", "panel", "--referral", ref, "--out", str(out), user="panel")
    assert done.returncode == 0, done.stderr
    assert "pseudonymised summaries only" in done.stdout
    assert last not in pdf_text(out)
    # Issue 15, points 10 and 12: the panel's own reference, never the person reference
    # the letters print; where the case stands; a closed case is not "not screened yet".
    services = Services.open(cli.db_url)
    try:
        with services.ctx.uow() as uow:
            person_ref, status = uow.session.execute(
                select(YoungPerson.person_ref, Referral.status)
                .join(Referral, Referral.young_person_id == YoungPerson.id)
                .where(Referral.crime_reference == ref)
            ).one()
    finally:
        services.close()
    text = " ".join(pdf_text(out).split())
    assert person_ref not in text
    assert re.search(r"Panel reference [A-Z2-9]{6} ·", text)
    assert f"Status now {ReferralStatus(status).label}" in text
    assert "Referral date " in text and "Offence date " in text
    if ReferralStatus(status) in FINAL_STATUSES:
        assert "Not screened yet" not in text


@pytest.mark.parametrize("ext", ["pdf", "xlsx", "csv"])
def test_scheme_evaluation_in_each_format(
    demo_db: tuple[Cli, str, str], tmp_path: Path, ext: str
) -> None:
    cli = demo_db[0]
    out = tmp_path / f"evaluation.{ext}"
    args = ["report", "scheme", "--from", "2020-01-01", "--to", "2026-12-31", "--out", str(out)]
    done = cli(*args, user="manager")
    assert done.returncode == 0, done.stderr
    data = out.read_bytes()
    if ext == "pdf":
        assert data.startswith(b"%PDF") and "Scheme evaluation" in pdf_text(out)
    elif ext == "xlsx":
        assert load_workbook(io.BytesIO(data)).sheetnames
    else:
        # UTF-8 with a byte order mark, like the subject-access files (issue 15, point 13).
        assert data.startswith(b"\xef\xbb\xbfscheme,")
        rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
        assert rows[0][0] == "scheme" and len(rows) > 5
    done = cli(*args[:2], "--scheme", "WB", *args[2:], user="manager")
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize(
    ("args", "reason"),
    [
        (["scheme", "--from", "2026-01-01", "--to", "2026-02-01", "--out", "x.txt"], ".pdf, .xlsx"),
        (["scheme", "--from", "2026-03-01", "--to", "2026-02-01", "--out", "x.csv"], "before"),
        (
            [
                "scheme",
                "--scheme",
                "ZZ",
                "--from",
                "2026-01-01",
                "--to",
                "2026-02-01",
                "--out",
                "x.csv",
            ],
            "no scheme",
        ),
        (["panel", "--referral", "NOPE/1", "--out", "x.pdf"], "no referral"),
        (["panel", "--referral", "NOPE/1", "--out", "x.xlsx"], "PDF"),
    ],
)
def test_refusals_exit_1_and_write_nothing(
    demo_db: tuple[Cli, str, str], tmp_path: Path, args: list[str], reason: str
) -> None:
    cli = demo_db[0]
    args = [str(tmp_path / a) if a.startswith("x.") else a for a in args]
    done = cli("report", *args, user="manager")
    assert done.returncode == 1
    assert reason in done.stderr
    assert not list(tmp_path.glob("x.*"))


def test_panel_role_cannot_export_the_evaluation(
    demo_db: tuple[Cli, str, str], tmp_path: Path
) -> None:
    out = tmp_path / "e.csv"
    done = demo_db[0](
        "report",
        "scheme",
        "--from",
        "2026-01-01",
        "--to",
        "2026-02-01",
        "--out",
        str(out),
        user="panel",
    )
    assert done.returncode == 1 and "does not allow" in done.stderr
    assert not out.exists()


def test_recommendation_is_stored_and_shown(demo_db: tuple[Cli, str, str], tmp_path: Path) -> None:
    cli, ref, _ = demo_db
    out = tmp_path / "case.pdf"
    words = "Offer the programme and review in six weeks."
    done = cli(
        "report",
        "panel",
        "--referral",
        ref,
        "--recommendation",
        words,
        "--out",
        str(out),
        user="manager",
    )
    assert done.returncode == 0, done.stderr
    assert words in " ".join(pdf_text(out).split())
    # Without the option, the stored words are shown.
    done = cli("report", "panel", "--referral", ref, "--out", str(out), user="manager")
    assert done.returncode == 0, done.stderr
    assert words in " ".join(pdf_text(out).split())
    # The panel role reads summaries but may not write the recommendation: nothing written.
    other = tmp_path / "panel.pdf"
    done = cli(
        "report",
        "panel",
        "--referral",
        ref,
        "--recommendation",
        "Mine.",
        "--out",
        str(other),
        user="panel",
    )
    assert done.returncode == 1 and "does not allow" in done.stderr
    assert not other.exists()


def test_panel_pack_for_a_demo_panel_date(demo_db: tuple[Cli, str, str], tmp_path: Path) -> None:
    cli = demo_db[0]
    url = cli.db_url
    services = Services.open(url)
    try:
        with services.ctx.uow() as uow:
            when = uow.session.scalar(
                select(Referral.panel_date).where(Referral.panel_date.is_not(None)).limit(1)
            )
    finally:
        services.close()
    assert when is not None
    out = tmp_path / "pack.pdf"
    done = cli("report", "pack", "--date", when.isoformat(), "--out", str(out), user="panel")
    assert done.returncode == 0, done.stderr
    assert "pseudonymised panel pack (6 cases)" in done.stdout
    assert "Joint decision-making panel" in pdf_text(out)
    bad = tmp_path / "pack.txt"
    done = cli("report", "pack", "--date", when.isoformat(), "--out", str(bad), user="panel")
    assert done.returncode == 1 and "PDF" in done.stderr and not bad.exists()
