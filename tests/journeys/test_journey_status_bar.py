"""The main window's status bar after sign-in: a passing message (today's automatic backup)
is shown while who is signed in stays on screen (issue 16: QStatusBar.showMessage hid the
"Signed in as" label for as long as the message lasted)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QLabel

from tests.journeys.conftest import MANAGER, Journey, set_up_service


def test_the_signed_in_label_stays_visible_while_a_message_is_shown(
    tmp_path: Path, journey_factory: Callable[[str], Journey]
) -> None:
    db = tmp_path / "team.db"
    db.touch()
    url = f"sqlite:///{db}"
    set_up_service(url)
    j = journey_factory(url)

    window = j.sign_in(MANAGER[0], MANAGER[2])
    status = window.statusBar()
    # A SQLite database gets today's backup on the first sign-in, said in the status bar.
    j.qtbot.waitUntil(lambda: "Today's backup is made" in status.currentMessage(), timeout=15_000)
    j.settle(100)
    j.screenshot(window, "status_bar_with_message")

    label = j.find(QLabel, "statusUser", status)
    assert label.text().startswith("Mina Manager (Manager) · ")
    # On screen, inside the status bar, at its full width.
    assert label.visibleRegion().boundingRect().width() == label.width() > 0
    assert status.rect().contains(label.geometry())
    # The message has room to be read: the database's name gives up its place meanwhile.
    room = label.geometry().left()
    assert room > status.fontMetrics().horizontalAdvance("Today's backup is made: /tmp/"), room
    assert not status.findChild(QLabel, "statusDatabase").isVisible()

    # The message goes after ten seconds; the database's name comes back, the label stays.
    j.qtbot.waitUntil(lambda: status.currentMessage() == "", timeout=15_000)
    j.settle()
    assert j.find(QLabel, "statusDatabase", status).text().startswith("SQLite: ")
    assert j.find(QLabel, "statusUser", status) is label
