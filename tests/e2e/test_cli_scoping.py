"""Team scoping on the command line: a practitioner of another team cannot reach a case.

The demo's `practitioner` works in West Berkshire; `jo.evans` in Windsor and Maidenhead,
where the target referral is. Every refusal exits 1 with a reason and writes no file; jo
doing the same succeeds, so the refusal is the team's, not the command's.
"""

from __future__ import annotations

import csv
import io
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from tests.e2e.test_cli_reports import Cli
from yot_desktop.services.container import Services
from yot_desktop.storage.models import ProgrammeSession, Referral, Team, YoungPerson

WM_TEAM = "Windsor and Maidenhead Youth Offending Team"
OUTSIDER, INSIDER = "practitioner", "jo.evans"


@dataclass(frozen=True)
class Case:
    cli: Cli
    crime_reference: str  # a Windsor and Maidenhead referral in a programme
    last_name: str
    session_day: str  # YYYY-MM-DD of one of its sessions
    team_references: dict[str, set[str]]  # team name -> its crime references


@pytest.fixture(scope="module")
def case(tmp_path_factory: pytest.TempPathFactory) -> Case:
    tmp = tmp_path_factory.mktemp("scoping")
    url = f"sqlite:///{tmp / 'yot.db'}"
    cli = Cli(tmp / "home", url)
    done = cli("demo", "--people", "150", "--seed", "5")  # W&M cases in a programme too
    assert done.returncode == 0, done.stderr
    services = Services.open(url)
    try:
        with services.ctx.uow() as uow:
            s = uow.session
            ref, last, rid = s.execute(
                select(Referral.crime_reference, YoungPerson.last_name, Referral.id)
                .join(YoungPerson, YoungPerson.id == Referral.young_person_id)
                .join(Team, Team.id == Referral.team_id)
                .where(Team.name == WM_TEAM, Referral.status == "in_programme")
                .order_by(Referral.id)
                .limit(1)
            ).one()
            first_session = s.scalar(
                select(func.min(ProgrammeSession.starts_at)).where(
                    ProgrammeSession.referral_id == rid
                )
            )
            assert first_session is not None
            teams: dict[str, set[str]] = {}
            for name, reference in s.execute(
                select(Team.name, Referral.crime_reference).join(
                    Referral, Referral.team_id == Team.id
                )
            ):
                teams.setdefault(name, set()).add(reference)
    finally:
        services.close()
    return Case(cli, ref, last, f"{first_session:%Y-%m-%d}", teams)


def refused(done: subprocess.CompletedProcess[str], out: Path, *words: str) -> None:
    assert done.returncode == 1, done.stdout
    message = done.stderr.strip()
    assert message and all(w in message for w in words), message
    assert "Traceback" not in message
    assert not out.exists(), "a refused command wrote its file"


def pdf_text(path: Path) -> str:
    return "\n".join(p.extract_text() or "" for p in PdfReader(path).pages)


def test_panel_summary_of_another_teams_case_is_refused(case: Case, tmp_path: Path) -> None:
    out = tmp_path / "panel.pdf"
    args = ("report", "panel", "--referral", case.crime_reference, "--out", str(out))
    refused(case.cli(*args, user=OUTSIDER), out, "--referral", case.crime_reference)
    done = case.cli(*args, user=INSIDER)
    assert done.returncode == 0, done.stderr
    assert case.last_name in pdf_text(out)


def test_letter_for_another_teams_case_is_refused(case: Case, tmp_path: Path) -> None:
    out = tmp_path / "letter.pdf"
    args = ("letters", "render", "--referral", case.crime_reference, "--type", "offer")
    done = case.cli(*args, "--out", str(out), user=OUTSIDER)
    refused(done, out, "no referral", "in your team")
    done = case.cli(*args, "--out", str(out), user=INSIDER)
    assert done.returncode == 0, done.stderr
    assert out.stat().st_size > 0


def test_programme_start_for_another_teams_case_is_refused(case: Case, tmp_path: Path) -> None:
    done = case.cli("programme", "start", "--referral", case.crime_reference, user=OUTSIDER)
    refused(done, tmp_path / "nothing", "no referral", "in your team")


def test_attendance_import_for_another_teams_case_is_refused(case: Case, tmp_path: Path) -> None:
    register = tmp_path / "register.csv"
    register.write_text(
        "crime_reference,session_date,attendance\n"
        f"{case.crime_reference},{case.session_day},attended\n",
        encoding="utf-8",
    )
    args = ("import", "attendance", str(register), "--dry-run")
    refused(case.cli(*args, user=OUTSIDER), tmp_path / "nothing", "row 1", "in your team")
    done = case.cli(*args, user=INSIDER)
    assert done.returncode == 0, done.stderr
    assert case.crime_reference in done.stdout


def read_export(case: Case, user: str, out: Path) -> set[str]:
    done = case.cli("export", "referrals", "--out", str(out), user=user)
    assert done.returncode == 0, done.stderr
    return {r["crime_reference"] for r in csv.DictReader(io.StringIO(out.read_text("utf-8")))}


def test_export_holds_the_practitioners_own_team_only(case: Case, tmp_path: Path) -> None:
    own = case.team_references["West Berkshire Youth Offending Team"]
    exported = read_export(case, OUTSIDER, tmp_path / "wb.csv")
    assert case.crime_reference not in exported
    assert exported == own
    assert case.crime_reference in read_export(case, INSIDER, tmp_path / "wm.csv")


def test_panel_member_gets_a_pseudonymised_summary_and_no_export(
    case: Case, tmp_path: Path
) -> None:
    out = tmp_path / "panel.pdf"
    done = case.cli(
        "report", "panel", "--referral", case.crime_reference, "--out", str(out), user="panel"
    )
    assert done.returncode == 0, done.stderr
    text = pdf_text(out)
    assert text.strip() and case.last_name not in text and case.crime_reference not in text
    csv_out = tmp_path / "all.csv"
    refused(
        case.cli("export", "referrals", "--out", str(csv_out), user="panel"),
        csv_out,
        "does not allow",
    )


def scheme_figures(case: Case, user: str, out: Path) -> dict[tuple[str, str, str], str]:
    """`report scheme` over every demo referral, as CSV: (section, group, measure) -> value."""
    args = ("report", "scheme", "--from", "2000-01-01", "--to", "2030-12-31", "--out", str(out))
    done = case.cli(*args, user=user)
    assert done.returncode == 0, done.stderr
    rows = csv.DictReader(io.StringIO(out.read_text("utf-8-sig")))
    return {(r["section"], r["group"], r["measure"]): r["value"] for r in rows}


def test_scheme_evaluation_counts_the_practitioners_own_team_only(
    case: Case, tmp_path: Path
) -> None:
    """A practitioner's `report scheme` counts their own team's referrals and no one else's;
    the manager's counts every team."""
    referred = ("Referrals", "All", "Referred")
    own = case.team_references["West Berkshire Youth Offending Team"]
    theirs = case.team_references[WM_TEAM]
    everyone = sum(len(refs) for refs in case.team_references.values())
    assert len(own) >= 5 and len(theirs) >= 5  # so none of these counts is suppressed
    assert scheme_figures(case, OUTSIDER, tmp_path / "wb.csv")[referred] == str(len(own))
    assert scheme_figures(case, INSIDER, tmp_path / "wm.csv")[referred] == str(len(theirs))
    assert scheme_figures(case, "manager", tmp_path / "all.csv")[referred] == str(everyone)
    label = next(csv.DictReader(io.StringIO((tmp_path / "wb.csv").read_text("utf-8-sig"))))
    assert label["scheme"] == "All schemes: West Berkshire Youth Offending Team's cases only"
