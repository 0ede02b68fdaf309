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


def test_steps_reach_the_screen_on_the_gui_thread_before_the_result_and_stop_ends_the_task(
    qtbot: QtBot,
) -> None:
    """run_with_steps: progress shown in the screen itself, stopped by its own button."""
    from PySide6.QtWidgets import QWidget

    from yot_desktop.gui.tasks import Progress

    widget = QWidget()
    qtbot.addWidget(widget)
    runner = TaskRunner()
    gui_thread = threading.get_ident()
    seen: list[object] = []
    go_on = threading.Event()

    def step(done: int, total: int, text: str) -> None:
        seen.append((done, total, text, threading.get_ident() == gui_thread))
        if done == 2:
            progress.stop.set()  # what the screen's own Cancel does
            go_on.set()

    progress = Progress(step, widget)

    def work(p: Progress) -> str:
        for done in range(100):
            if not p(done, 100, "row" if done == 1 else ""):
                return f"stopped at {done}"
            if done == 2:
                go_on.wait(10)
        return "never stopped"

    runner.run_with_steps(work, progress, seen.append, None)
    qtbot.waitUntil(lambda: runner.running == 0 and bool(seen) and isinstance(seen[-1], str))
    assert seen == [(0, 100, "", True), (1, 100, "row", True), (2, 100, "", True), "stopped at 3"]


def test_a_progress_dialog_shows_the_step_s_own_words_and_closes_at_the_end(
    qtbot: QtBot,
) -> None:
    from PySide6.QtWidgets import QProgressDialog, QWidget

    from yot_desktop.gui.tasks import Progress

    widget = QWidget()
    qtbot.addWidget(widget)
    runner = SyncTaskRunner()
    labels: list[tuple[str, int, int]] = []
    results: list[int] = []

    def work(progress: Progress) -> int:
        for done in range(3):
            progress(done, 3, f"Reading case {done} of 3…" if done else "")
            dialog = widget.findChild(QProgressDialog, "testProgress")
            assert dialog is not None and dialog.accessibleName() == "Test progress"
            labels.append((dialog.labelText(), dialog.value(), dialog.maximum()))
        return 3

    shown = runner.run_with_progress(
        work,
        results.append,
        None,
        parent=widget,
        name="testProgress",
        title="Testing",
        label=lambda done, total: f"Step {done} of {total}",
        stop_text="Cancel",
        accessible_name="Test progress",
    )
    assert shown is None and results == [3]
    assert labels == [
        ("Step 0 of 3", 0, 3),
        ("Reading case 1 of 3…", 1, 3),
        ("Reading case 2 of 3…", 2, 3),
    ]


def test_a_progress_dialog_shown_after_a_while_shows_for_a_long_task_only(qtbot: QtBot) -> None:
    """show_after: a quick task never flashes the dialog; a long one shows it, then closes."""
    from PySide6.QtWidgets import QProgressDialog, QWidget

    from yot_desktop.gui.tasks import Progress

    widget = QWidget()
    qtbot.addWidget(widget)
    widget.show()
    quick_seen: list[bool] = []

    def quick(progress: Progress) -> int:
        progress(0, 2)
        dialog = widget.findChild(QProgressDialog, "quickProgress")
        quick_seen.append(dialog is not None and dialog.isVisible())
        return 1

    SyncTaskRunner().run_with_progress(
        quick,
        None,
        None,
        parent=widget,
        name="quickProgress",
        title="Quick",
        label=lambda done, total: "Working",
        show_after=200,
    )
    qtbot.wait(400)  # longer than show_after: a closed dialog does not show late
    assert quick_seen == [False]
    assert not any(d.isVisible() for d in widget.findChildren(QProgressDialog))

    runner = TaskRunner()
    go_on = threading.Event()
    results: list[int] = []

    def slow(progress: Progress) -> int:
        progress(0, 2)
        go_on.wait(10)
        return 2

    dialog = runner.run_with_progress(
        slow,
        results.append,
        None,
        parent=widget,
        name="slowProgress",
        title="Slow",
        label=lambda done, total: "Working",
        show_after=200,
    )
    assert dialog is not None and not dialog.isVisible()
    qtbot.waitUntil(dialog.isVisible, timeout=5000)
    go_on.set()
    qtbot.waitUntil(lambda: results == [2])
    runner.wait()
