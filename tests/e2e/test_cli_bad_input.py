"""Bad input through the command line (issue 7): files that are not UTF-8, hostile cells and
hostile option values are refused with exit 1 and reasons on stderr, never a traceback, and
nothing is written."""

from __future__ import annotations

from pathlib import Path

from tests.e2e.test_cli import (  # noqa: F401 - cli and initialised_file are fixtures
    ADMIN_PASSWORD,
    NEW_PASSWORD,
    Cli,
    cli,
    initialised_file,
)
from tests.integration.intake_data import csv_text, row
from yot_desktop.domain.enums import Role


def test_files_that_are_not_utf8_are_refused(cli: Cli, tmp_path: Path) -> None:  # noqa: F811
    latin1 = tmp_path / "latin1.csv"
    latin1.write_bytes(csv_text(row("43/26/1", "Zoë")).encode("latin-1"))
    scheme = tmp_path / "scheme.toml"
    scheme.write_bytes(b'[scheme]\ncode = "WB"\nname = "Caf\xe9"\n')
    for args in (("import", "referrals", str(latin1)), ("schemes", "load", str(scheme))):
        reasons = cli.refused(*args, user="admin")
        assert any("not UTF-8" in line for line in reasons), reasons


def test_a_hostile_cell_imports_nothing(cli: Cli, tmp_path: Path) -> None:  # noqa: F811
    services = cli.open()
    try:
        admin = services.auth.sign_in("admin", ADMIN_PASSWORD)
        services.users.add_user(
            admin, "priya", Role.PRACTITIONER, NEW_PASSWORD, must_change_password=False
        )
    finally:
        services.close()
    hostile = tmp_path / "referrals.csv"
    hostile.write_text(
        csv_text(row("43/26/1"), row("43/26/2", "Robert'); DROP TABLE referrals;--\x00")),
        encoding="utf-8",
    )
    reasons = cli.refused("import", "referrals", str(hostile), user="priya", password=NEW_PASSWORD)
    assert [line.split(": ")[:2] for line in reasons] == [["row 2", "first_name"]]
    services = cli.open()
    try:
        priya = services.auth.sign_in("priya", NEW_PASSWORD)
        assert services.referrals.list_referrals(priya).total == 0
    finally:
        services.close()


def test_a_shape_the_scheme_format_does_not_have_is_refused(
    cli: Cli,  # noqa: F811
    tmp_path: Path,
) -> None:
    scheme = tmp_path / "scheme.toml"
    scheme.write_text('[scheme]\ncode = "BI"\nthreshold = 5\nmin_age = 1e9\n', encoding="utf-8")
    reasons = cli.refused("schemes", "load", str(scheme), user="admin")
    assert any(line.startswith("Thresholds (threshold): ") for line in reasons), reasons
