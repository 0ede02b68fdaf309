"""`transfer --person YPREF --to-team NAME [--reason TEXT]` (issue 11, point 4): a manager moves
a young person's case to another team from the command line; refusals are one line each,
naming the option, with exit code 1 and nothing moved."""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.e2e.test_cli import Cli, sqlite_cli
from tests.integration.delivery_helpers import WB_TEAM, WM_TEAM, new_referral
from yot_desktop.storage.models import ProgrammeSession, Referral, Team, User, YoungPerson


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo's teams and staff (password demo), made once."""
    cli = sqlite_cli(tmp_path_factory.mktemp("transfer-template"))
    cli.ok("demo", "--people", "0")
    return Path(cli.db_url.removeprefix("sqlite:///"))


@pytest.fixture
def case(tmp_path: Path, demo_file: Path) -> tuple[Cli, str]:
    """A copy of the demo, and one child of team WB with a session booked with WB's
    practitioner."""
    cli = sqlite_cli(tmp_path)
    shutil.copyfile(demo_file, tmp_path / "yot.db")
    services = cli.open()
    try:
        rid = new_referral(services, "43/26/0060001", status="in_programme")
        with services.ctx.uow() as uow:
            s = uow.session
            priya = s.scalar(select(User.id).where(User.username == "practitioner"))
            s.add(
                ProgrammeSession(
                    referral_id=rid,
                    intervention="drug_education",
                    starts_at=datetime(2026, 11, 25, 16, 0),
                    minutes=60,
                    venue="yot_office",
                    worker_id=priya,
                    status="planned",
                )
            )
            ref = s.get_one(YoungPerson, s.get_one(Referral, rid).young_person_id).person_ref
            uow.commit()
    finally:
        services.close()
    return cli, ref


def team_of(cli: Cli, ref: str) -> str:
    services = cli.open()
    try:
        with services.ctx.uow() as uow:
            return uow.session.scalar(  # type: ignore[return-value]
                select(Team.name)
                .join(YoungPerson, YoungPerson.team_id == Team.id)
                .where(YoungPerson.person_ref == ref)
            )
    finally:
        services.close()


def test_a_manager_transfers_a_case_and_is_told_the_sessions_to_rebook(
    case: tuple[Cli, str],
) -> None:
    cli, ref = case
    out = cli.ok(
        "transfer", "--person", ref, "--to-team", WM_TEAM, "--reason", "Family moved",
        user="manager", password="demo",
    )  # fmt: skip
    assert out.splitlines() == [
        f"Moved {ref} from {WB_TEAM} to {WM_TEAM}: 1 referral, 1 programme, "
        "1 planned session and 0 letters.",
        f"1 referral(s) had a worker outside {WM_TEAM}: now unallocated, for that team to "
        "allocate.",
        f"Sessions booked with workers outside {WM_TEAM}: cancel or re-book them.",
        "  25/11/2026 16:00 Drug education (one to one) with Priya Practitioner (43/26/0060001)",
    ]
    assert team_of(cli, ref) == WM_TEAM


@pytest.mark.parametrize(
    ("person", "team", "expected"),
    [
        (
            "YP999999",
            WM_TEAM,
            "--person: no young person has the reference 'YP999999'; use a reference like YP000123",
        ),
        (None, "Reading YOT", "--to-team: there is no team called 'Reading YOT'; the teams are: "),
        (None, WB_TEAM, "--to-team: {ref} is already held by " + WB_TEAM),
    ],
    ids=["unknown person", "unknown team", "same team"],
)
def test_refusals_are_one_line_naming_the_option(
    case: tuple[Cli, str], person: str | None, team: str, expected: str
) -> None:
    cli, ref = case
    [reason] = cli.refused(
        "transfer", "--person", person or ref, "--to-team", team,
        user="manager", password="demo",
    )  # fmt: skip
    assert reason.startswith(expected.format(ref=ref)), reason
    assert team_of(cli, ref) == WB_TEAM


def test_a_practitioner_may_not_transfer(case: tuple[Cli, str]) -> None:
    cli, ref = case
    [reason] = cli.refused(
        "transfer", "--person", ref, "--to-team", WM_TEAM, user="practitioner", password="demo"
    )
    assert "does not allow this" in reason
    assert team_of(cli, ref) == WB_TEAM


def test_the_team_is_required(case: tuple[Cli, str]) -> None:
    cli, ref = case
    done = cli("transfer", "--person", ref, user="manager", password="demo")
    assert done.returncode == 2
    assert "--to-team" in done.stderr
