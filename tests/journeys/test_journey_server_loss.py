"""The team's PostgreSQL server goes away while Mina works, and comes back (issue 11, point 2).

A private throwaway server (the shared one is never stopped). Mina opens a screen while the
server is down: she is told plainly, a calm bar says "Lost the connection to the database —
trying again", and when the server is back the bar goes and the screen refreshes by itself,
without her doing anything.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from sqlalchemy.engine import make_url

from tests import pg
from tests.journeys.conftest import MANAGER, Journey, set_up_service
from yot_desktop.gui.connection_bar import LOST_TEXT

pytestmark = [pytest.mark.postgres, pytest.mark.slow]


class PrivateServer:
    def __init__(self, admin: str) -> None:
        host = make_url(admin).query["host"]
        assert isinstance(host, str)
        self.base = Path(host)
        bindir = pg._binaries()
        assert bindir is not None
        self.pg_ctl = str(bindir / "pg_ctl")
        root = hasattr(os, "geteuid") and os.geteuid() == 0
        self.as_user = ["runuser", "-u", "postgres", "--"] if root else []

    def _ctl(self, *args: str) -> None:
        subprocess.run(
            [*self.as_user, self.pg_ctl, "-D", str(self.base / "data"), *args],
            capture_output=True,
            check=True,
            timeout=60,
        )

    def stop(self) -> None:
        self._ctl("-m", "fast", "-w", "stop")

    def processes(self) -> list[int]:
        """The postmaster and every process it started."""
        postmaster = int((self.base / "data" / "postmaster.pid").read_text().split()[0])
        children = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == postmaster:
                children.append(int(stat.parent.name))
        return [*children, postmaster]

    def signal(self, pids: list[int], sig: signal.Signals) -> None:
        for pid in pids:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, sig)

    def start(self) -> None:
        options = f"-k {self.base} -c listen_addresses='' -c fsync=off -c full_page_writes=off"
        self._ctl("-l", str(self.base / "log"), "-o", options, "-w", "start")


@pytest.fixture(scope="module")
def private_server() -> tuple[PrivateServer, str]:
    try:
        admin = pg.start_throwaway_server()
    except (pg.Unavailable, OSError, subprocess.SubprocessError) as err:
        pg.not_available(f"no private server: {err}")
    return PrivateServer(admin), admin


@pytest.fixture
def private(private_server: tuple[PrivateServer, str]) -> tuple[PrivateServer, str]:
    """The private server and a new database on it for this test."""
    server, admin = private_server
    return server, pg.create_database(admin, "yot_lost")


def test_the_window_waits_calmly_and_recovers_by_itself(
    private: tuple[PrivateServer, str], journey_factory: Callable[[str], Journey]
) -> None:
    server, url = private
    set_up_service(url)
    journey = journey_factory(url)
    window = journey.sign_in(MANAGER[0], MANAGER[2])
    bar = window.connection_bar
    assert not bar.isVisible()
    journey.go("Caseload")
    journey.assert_no_error_shown()

    server.stop()
    try:
        journey.go("Referrals")  # the screen asks the server for its rows: refused plainly
        journey.qtbot.waitUntil(lambda: bar.isVisible(), timeout=25_000)
        assert bar.label.text() == LOST_TEXT
        shown = [(b.windowTitle(), b.text()) for b in journey.message_boxes()]
        assert shown, "nothing told Mina the screen could not be read"
        assert all("database server" in text for _, text in shown), shown
        assert {title for title, _ in shown} == {"No connection to the database"}, shown
        journey.screenshot(window, "server-lost")
        for box in journey.message_boxes():
            box.close()
    finally:
        server.start()
    # Back: the bar goes by itself and the open screen is read again, with no error.
    journey.qtbot.waitUntil(lambda: not bar.isVisible(), timeout=25_000)
    journey.settle()
    journey.assert_no_error_shown()
    assert window.current_screen_key() == "referrals"


def test_a_frozen_server_is_given_up_on_and_the_window_recovers_after_it_wakes(
    private: tuple[PrivateServer, str], journey_factory: Callable[[str], Journey]
) -> None:
    """SIGSTOP: what a dropped network looks like. The screen's read is given up on within
    30 s (the app's own deadline: a frozen server enforces none of its own), the bar shows,
    and after SIGCONT the window is back by itself."""
    server, url = private
    set_up_service(url)
    journey = journey_factory(url)
    window = journey.sign_in(MANAGER[0], MANAGER[2])
    bar = window.connection_bar
    journey.go("Caseload")
    frozen = server.processes()
    server.signal(frozen, signal.SIGSTOP)
    try:
        nav = window.nav  # a click, without waiting for the read it starts
        rect = nav.visualItemRect(nav.item(window.screen_keys.index("referrals")))
        journey.qtbot.mouseClick(nav.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        journey.qtbot.waitUntil(lambda: bar.isVisible(), timeout=30_000)
        assert bar.label.text() == LOST_TEXT
        journey.qtbot.waitUntil(lambda: bool(journey.message_boxes()), timeout=5_000)
        shown = [(b.windowTitle(), b.text()) for b in journey.message_boxes()]
        assert any("answer" in text for _, text in shown), shown  # did not / stopped
        for box in journey.message_boxes():
            box.close()
    finally:
        server.signal(list(reversed(frozen)), signal.SIGCONT)
    journey.qtbot.waitUntil(lambda: not bar.isVisible(), timeout=40_000)
    journey.settle()
    journey.assert_no_error_shown()
