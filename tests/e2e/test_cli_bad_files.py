"""Bad database files (issue 12, point 5): a mistyped path and a damaged file, said plainly.

Only `init` and `demo` make a new database; any other command on a path that holds none says
so and creates nothing. A damaged file ends with one line saying it is damaged and how to put
back a good copy, never a traceback."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.e2e.test_cli import Cli, sqlite_cli


def test_a_mistyped_path_is_refused_and_nothing_is_made(tmp_path: Path) -> None:
    missing = tmp_path / "Shared" / "YOT" / "yot-dekstop.db"
    cli = Cli(sqlite_cli(tmp_path).home, f"sqlite:///{missing}")

    reasons = cli.refused(
        "users", "add", "--username", "j.smith", "--role", "practitioner", user="admin"
    )

    assert reasons == [
        f"--db: There is no database at {missing}. Check the path for a typing mistake. "
        "To start a new database there, run: init --admin NAME"
    ]
    assert not (tmp_path / "Shared").exists()


def test_init_still_makes_a_new_database_with_its_folder(tmp_path: Path) -> None:
    target = tmp_path / "new" / "yot.db"
    cli = Cli(sqlite_cli(tmp_path).home, f"sqlite:///{target}")
    assert cli.ok("init", "--admin", "admin") == "Created administrator admin.\n"
    assert target.is_file()


def test_a_damaged_file_is_named_with_the_way_back(tmp_path: Path) -> None:
    good = sqlite_cli(tmp_path / "good")
    good.ok("init", "--admin", "admin")
    path = Path(good.db_url.removeprefix("sqlite:///"))
    damaged = tmp_path / "damaged.db"
    shutil.copyfile(path, damaged)
    data = bytearray(damaged.read_bytes())
    # Scribble over every page after the first (the schema's tables and indexes).
    for offset in range(4096, len(data), 4096):
        data[offset : offset + 64] = b"\xff" * 64
    damaged.write_bytes(bytes(data))
    cli = Cli(good.home, f"sqlite:///{damaged}")

    reasons = cli.refused(
        "users", "add", "--username", "j.smith", "--role", "practitioner", user="admin"
    )

    assert len(reasons) == 1, reasons
    assert reasons[0].startswith(f"--db: The database file {damaged} is damaged")
    assert "There is no backup made by YOT Desktop beside it" in reasons[0]
    assert "'db backup' with the command: db restore --from FILE" in reasons[0]


def test_a_text_file_is_said_to_be_text_not_encrypted(tmp_path: Path) -> None:
    notes = tmp_path / "referrals.csv"
    notes.write_text("crime_reference,referral_date\n43/26/0001,2026-11-20\n" * 40)
    cli = Cli(sqlite_cli(tmp_path).home, f"sqlite:///{notes}")

    reasons = cli.refused(
        "users", "add", "--username", "j.smith", "--role", "practitioner", user="admin"
    )

    assert reasons == [
        f"{notes} is not a YOT Desktop database: it holds text (perhaps a CSV or a note). "
        "Choose the database file (it usually ends in .db)."
    ]
