"""The task runner keeps work off the GUI thread and brings results back as signals."""

from __future__ import annotations

import threading

from pytestqt.qtbot import QtBot

from yot_desktop.gui.tasks import SyncTaskRunner, TaskRunner


def test_threaded_runner_runs_off_the_gui_thread_and_delivers_on_it(qtbot: QtBot) -> None:
    runner = TaskRunner()
    gui_thread = threading.get_ident()
    seen: dict[str, int] = {}

    def work() -> int:
        seen["worker"] = threading.get_ident()
        return 42

    def done(value: int) -> None:
        seen["done"] = threading.get_ident()
        seen["value"] = value

    with qtbot.waitSignal(runner.busy_changed, check_params_cb=lambda busy: busy is False):
        runner.run(work, done)
    qtbot.waitUntil(lambda: "value" in seen)
    assert seen["value"] == 42
    assert seen["worker"] != gui_thread
    assert seen["done"] == gui_thread
    assert runner.running == 0


def test_threaded_runner_reports_failures_with_the_traceback(qtbot: QtBot) -> None:
    runner = TaskRunner()
    errors: list[tuple[BaseException, str]] = []

    def broken() -> None:
        raise ValueError("no good")

    runner.run(broken, None, lambda exc, tb: errors.append((exc, tb)))
    qtbot.waitUntil(lambda: bool(errors))
    exc, tb = errors[0]
    assert isinstance(exc, ValueError)
    assert "no good" in tb and "broken" in tb


def test_sync_runner_reports_busy_and_result() -> None:
    runner = SyncTaskRunner()
    states: list[bool] = []
    results: list[int] = []
    runner.busy_changed.connect(states.append)
    runner.run(lambda: 7, results.append)
    assert results == [7]
    assert states == [True, False]


def test_errors_over_shows_a_failed_task_over_its_widget_and_keeps_the_box(qtbot: QtBot) -> None:
    """The one error hook screens and dialogs give the runner (issue 13, point 4)."""
    from PySide6.QtWidgets import QWidget

    from yot_desktop.domain.errors import NotFound
    from yot_desktop.gui.tasks import errors_over

    widget = QWidget()
    qtbot.addWidget(widget)
    runner = SyncTaskRunner()

    def missing() -> None:
        raise NotFound("That referral is no longer there.")

    runner.run(missing, None, errors_over(widget))
    box = widget.error_box  # type: ignore[attr-defined]
    assert box.parent() is widget
    assert box.objectName() == "errorDialog"
    assert box.windowTitle() == "Not found"
    assert "no longer there" in box.text()
    box.close()
