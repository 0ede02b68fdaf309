"""`letters render` and `letters batch` as an administrator runs them: a real subprocess."""

from __future__ import annotations

import io
from datetime import date, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.e2e.test_cli_delivery import Cli
from tests.integration.delivery_helpers import new_referral
from yot_desktop.services.container import Services
from yot_desktop.storage.migrate import backup_sqlite

START = date.today() + timedelta(days=14)


@pytest.fixture(scope="module")
def started_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`demo --people 0`, a new referral and its programme started, made once per module;
    each test works on its own copy."""
    folder = tmp_path_factory.mktemp("letters-demo")
    url = f"sqlite:///{folder / 'yot.db'}"
    run = Cli(folder / "home", url)
    done = run("demo", "--people", "0")
    assert done.returncode == 0, done.stderr
    services = Services.open(url)
    try:
        new_referral(services, "43/26/0007", first_name="Łukasz", last_name="Nguyễn")
    finally:
        services.close()
    started = run(
        "programme",
        "start",
        "--referral",
        "43/26/0007",
        "--start",
        START.isoformat(),
        user="practitioner",
    )
    assert started.returncode == 0, started.stderr
    return folder / "yot.db"


@pytest.fixture
def cli(tmp_path: Path, started_db: Path) -> Cli:
    backup_sqlite(started_db, tmp_path / "yot.db")
    return Cli(tmp_path / "home", f"sqlite:///{tmp_path / 'yot.db'}")


def text_of(path: Path) -> str:
    return "\n".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(path.read_bytes())).pages)


def test_render_writes_one_letter(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "schedule.pdf"
    done = cli(
        "letters",
        "render",
        "--referral",
        "43/26/0007",
        "--type",
        "schedule",
        "--audience",
        "young_person",
        "--easy-read",
        "--large-print",
        "--out",
        str(out),
        user="practitioner",
    )
    assert done.returncode == 0, done.stderr
    assert "easy read" in done.stdout and "large print" in done.stdout
    assert "Łukasz" in text_of(out)


def test_batch_writes_every_reminder_in_the_range(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "reminders.pdf"
    last = START + timedelta(days=40)
    done = cli(
        "letters",
        "batch",
        "--type",
        "reminder",
        "--from",
        START.isoformat(),
        "--to",
        last.isoformat(),
        "--out",
        str(out),
        user="practitioner",
    )
    assert done.returncode == 0, done.stderr
    assert "4 reminder letters" in done.stdout  # the assessment and three sessions
    assert len(PdfReader(str(out)).pages) >= 4
    again = cli(
        "letters",
        "batch",
        "--type",
        "reminder",
        "--from",
        START.isoformat(),
        "--to",
        last.isoformat(),
        "--out",
        str(tmp_path / "again.pdf"),
        user="practitioner",
    )
    assert again.returncode == 0 and "nothing written" in again.stdout
    assert not (tmp_path / "again.pdf").exists()


def test_refusals_exit_1_with_reasons_and_write_nothing(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "x.pdf"
    args = ("letters", "render", "--referral", "43/26/0007", "--type", "offer", "--out", str(out))
    panel = cli(*args, user="panel")
    assert panel.returncode == 1 and "does not allow" in panel.stderr
    missing = cli(
        "letters",
        "render",
        "--referral",
        "99/99/9999",
        "--type",
        "offer",
        "--out",
        str(out),
        user="practitioner",
    )
    assert missing.returncode == 1 and "99/99/9999" in missing.stderr
    no_user = cli(*args)
    assert no_user.returncode == 1 and "--user" in no_user.stderr
    assert not out.exists()
    bad_type = cli(
        "letters",
        "render",
        "--referral",
        "43/26/0007",
        "--type",
        "postcard",
        "--out",
        str(out),
        user="practitioner",
    )
    assert bad_type.returncode == 2


def test_a_batch_that_cannot_be_written_records_nothing(cli: Cli, tmp_path: Path) -> None:
    """Issue 12: the file first, then the record. A target that cannot be written (here a
    folder stands where the PDF should go) ends with one line, records nothing, leaves no
    .part, and the letters are still due for the retry."""
    blocked = tmp_path / "blocked.pdf"
    blocked.mkdir()
    last = START + timedelta(days=40)
    args = (
        "letters",
        "batch",
        "--type",
        "reminder",
        "--from",
        START.isoformat(),
        "--to",
        last.isoformat(),
        "--out",
    )
    failed = cli(*args, str(blocked), user="practitioner")
    assert failed.returncode == 1
    assert "Traceback" not in failed.stderr
    assert "could not write" in failed.stderr and "Nothing was recorded" in failed.stderr
    assert not list(tmp_path.glob("*.part"))
    retry = cli(*args, str(tmp_path / "reminders.pdf"), user="practitioner")
    assert retry.returncode == 0, retry.stderr
    assert "4 reminder letters" in retry.stdout


def test_a_letter_that_cannot_be_written_is_not_recorded(cli: Cli, tmp_path: Path) -> None:
    blocked = tmp_path / "one.pdf"
    blocked.mkdir()
    failed = cli(
        "letters",
        "render",
        "--referral",
        "43/26/0007",
        "--type",
        "schedule",
        "--out",
        str(blocked),
        user="practitioner",
    )
    assert failed.returncode == 1 and "Traceback" not in failed.stderr
    assert not list(tmp_path.glob("*.part"))
    services = Services.open(cli.db_url)
    try:
        from sqlalchemy import func, select

        from yot_desktop.storage.models_letters import LetterRecord

        with services.ctx.uow() as uow:
            assert uow.session.scalar(select(func.count(LetterRecord.id))) == 0
    finally:
        services.close()
