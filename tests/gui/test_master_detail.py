"""The master–detail base: an answer overtaken by a newer load is dropped (the calendar moved
on a week, the caseload's search typed on), whatever order the answers come back in."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.gui.delivery_fixtures import TODAY, team_with_programmes
from yot_desktop.gui.master_detail import LatestLoad
from yot_desktop.gui.screens.calendar import CalendarScreen
from yot_desktop.gui.tasks import OnError, SyncTaskRunner
from yot_desktop.services.container import Services


class HeldRunner(SyncTaskRunner):
    """Holds each task until `answer(i)` runs it, so that answers can come back out of order."""

    def __init__(self) -> None:
        super().__init__()
        self.held: list[tuple[Callable[[], Any], Any, OnError | None]] = []

    def run(
        self,
        fn: Callable[[], Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: OnError | None = None,
    ) -> None:
        self.held.append((fn, on_done, on_error))

    def answer(self, i: int) -> None:
        super().run(*self.held[i])


def test_only_the_latest_load_is_handed_on() -> None:
    runner, shown = HeldRunner(), []
    loads = LatestLoad(runner, lambda _exc, _tb: None)
    loads.run(lambda: "first", shown.append)
    loads.run(lambda: "second", shown.append)
    runner.answer(1)
    runner.answer(0)  # overtaken: dropped
    assert shown == ["second"]

    loads.more(lambda: "more of the second", shown.append)
    loads.run(lambda: "third", shown.append)
    runner.answer(2)  # more of a load since overtaken: dropped
    runner.answer(3)
    assert shown == ["second", "third"]


def test_errors_go_to_the_hook_even_when_overtaken() -> None:
    runner, errors = HeldRunner(), []
    loads = LatestLoad(runner, lambda exc, _tb: errors.append(str(exc)))

    def fails() -> str:
        raise RuntimeError("no database")

    loads.run(fails, lambda _r: None)
    loads.run(lambda: "later", lambda _r: None)
    runner.answer(0)
    assert errors == ["no database"]


def test_the_calendar_shows_the_week_asked_for_last(qtbot: QtBot, empty_services: Services) -> None:
    me = team_with_programmes(empty_services)
    runner = HeldRunner()
    screen = CalendarScreen(empty_services, me, runner, today=lambda: TODAY)
    qtbot.addWidget(screen)
    screen.show()
    screen.refresh()  # this week
    qtbot.mouseClick(screen.next, Qt.MouseButton.LeftButton)  # next week, asked for after
    runner.answer(1)
    runner.answer(0)  # this week's answer comes back late: dropped
    assert screen.heading.text() == "Week beginning Monday 23 November 2026"
    assert screen.week.day_of(0) == date(2026, 11, 23)
    assert all(s.starts_at.date() >= date(2026, 11, 23) for s in screen.data.sessions)
