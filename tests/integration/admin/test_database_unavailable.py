"""A PostgreSQL server that cannot be reached is said plainly, to the window (a DomainError the
error dialog shows) and on the command line (exit 1, one line), never as a raw driver error
(issue 11, point 2). Port 1 on this computer: nothing listens there, so it refuses at once."""

from __future__ import annotations

import io
import time
from pathlib import Path

import pytest

from yot_desktop.cli.main import run
from yot_desktop.services.container import Services
from yot_desktop.services.core import DatabaseUnavailable
from yot_desktop.storage.engine import make_engine

NOBODY = "postgresql+psycopg://someone:secret@127.0.0.1:1/yot"


def test_a_server_that_refuses_is_said_plainly_to_the_window() -> None:
    services = Services.for_engine(make_engine(NOBODY))
    try:
        started = time.monotonic()
        with pytest.raises(DatabaseUnavailable) as raised:
            services.auth.sign_in("morgan", "a long enough passphrase")
        assert time.monotonic() - started < 12  # the connect timeout at the very most
    finally:
        services.close()
    assert str(raised.value) == (
        "Cannot reach the database server at 127.0.0.1:1 (it refused the connection: it is not "
        "running, or the address is wrong). Ask your administrator."
    )
    assert "secret" not in str(raised.value)


def test_a_server_that_refuses_is_one_line_on_the_command_line(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("YOT_HOME", str(tmp_path))
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("YOT_PASSWORD", "a long enough passphrase")
    out, err = io.StringIO(), io.StringIO()
    code = run(
        ["--db", NOBODY, "--user", "morgan", "export", "referrals", "--out", "x.csv"], out, err
    )
    assert code == 1
    assert err.getvalue().splitlines() == [
        "database: cannot reach the database server at 127.0.0.1:1 (it refused the connection: "
        "it is not running, or the address is wrong). Ask your administrator."
    ]
