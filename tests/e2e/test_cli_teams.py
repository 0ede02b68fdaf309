"""`teams list` and `teams set` (issue 14, point 10): a fresh install gives its team a
letterhead from the command line, and letters then carry the team's phone."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.e2e.test_cli import ADMIN_PASSWORD, NEW_PASSWORD, Cli, sqlite_cli


@pytest.fixture(scope="module")
def initialised(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`init --admin admin`, run once per module; each test works on its own copy."""
    cli = sqlite_cli(tmp_path_factory.mktemp("teams-init"))
    cli.ok("init", "--admin", "admin")
    return Path(cli.db_url.removeprefix("sqlite:///"))


@pytest.fixture
def cli(tmp_path: Path, initialised: Path) -> Cli:
    """A database made by `init --admin admin`: one team, "Youth Offending Team", bare."""
    cli = sqlite_cli(tmp_path)
    shutil.copyfile(initialised, tmp_path / "yot.db")
    return cli


def test_teams_set_then_list(cli: Cli) -> None:
    assert cli.ok("teams", "list", user="admin") == (
        "Youth Offending Team\n  Address: not set\n  Phone: not set\n  Email: not set\n"
    )

    out = cli.ok(
        "teams", "set", "--team", "Youth Offending Team",
        "--address", "Market Street", "--address", "Newbury", "--address", "RG14 5LD",
        "--phone", "01635503090", "--email", "yot@westberks.example",
        user="admin",
    )  # fmt: skip
    assert out == (
        "Saved Youth Offending Team:\n"
        "  Address: Market Street, Newbury, RG14 5LD\n"
        "  Phone: 01635 503090\n"
        "  Email: yot@westberks.example\n"
    )

    # A new team; a later `set` with only --phone keeps the address.
    out = cli.ok("teams", "set", "--team", "Reading YOT", "--address", "Civic Offices",
                 user="admin")  # fmt: skip
    assert out.startswith("Added team Reading YOT:\n  Address: Civic Offices\n")
    cli.ok("teams", "set", "--team", "Reading YOT", "--phone", "0118 937 3737", user="admin")

    listed = cli.ok("teams", "list", user="admin")
    assert listed == (
        "Reading YOT\n  Address: Civic Offices\n  Phone: 0118 937 3737\n  Email: not set\n"
        "Youth Offending Team\n  Address: Market Street, Newbury, RG14 5LD\n"
        "  Phone: 01635 503090\n  Email: yot@westberks.example\n"
    )


def test_teams_set_refusals_name_the_field_and_write_nothing(cli: Cli) -> None:
    reasons = cli.refused(
        "teams", "set", "--team", "Youth Offending Team", "--phone", "12345",
        "--email", "nobody", user="admin",
    )  # fmt: skip
    assert reasons == [
        "phone: Enter a UK phone number, like 07700 900123 or 0118 496 0000",
        "email: Enter an email address in the right format, like name@example.com",
    ]

    cli.ok(
        "users", "add", "--username", "p.jones", "--role", "practitioner",
        user="admin", YOT_NEW_PASSWORD=NEW_PASSWORD,
    )  # fmt: skip
    refused = cli.refused(
        "teams", "set", "--team", "Youth Offending Team", "--phone", "01635 503090",
        user="p.jones", password=NEW_PASSWORD,
    )  # fmt: skip
    assert len(refused) == 1 and "does not allow this" in refused[0]
    # A practitioner may read the letterhead (letters need it); nothing was changed.
    assert "Phone: not set" in cli.ok("teams", "list", user="p.jones", password=NEW_PASSWORD)
    assert "Phone: not set" in cli.ok("teams", "list", user="admin", password=ADMIN_PASSWORD)


def test_teams_set_needs_a_team_name(cli: Cli) -> None:
    done = cli("teams", "set", "--phone", "01635 503090", user="admin")
    assert done.returncode == 2
    assert "--team" in done.stderr
