"""Run database and rendering work off the GUI thread (Anki's CollectionOp/QueryOp pattern).

A task is a plain callable. Its result (or exception) comes back on the GUI thread through a
queued signal. Tests inject `SyncTaskRunner`, which runs the call at once.

Long work runs with `run_with_progress`: the task gets a `Progress` to report steps and ask
whether the user pressed Stop; the runner shows a progress dialog and closes it at the end.
Work whose progress shows in the screen itself (a bar, a status line) and whose Stop is the
screen's own button runs with `run_with_steps` and a `Progress` the screen holds.

A screen or dialog hands its tasks one error hook, `errors_over(self)`: the error in a box
over it. Handlers of their own are for failures that need more (a conflict to explain, a
busy state to undo).
"""

from __future__ import annotations

import logging
import threading
import traceback
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal, Slot
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from yot_desktop.gui.errors import loggable, show_error

log = logging.getLogger(__name__)
T = TypeVar("T")
OnDone = Callable[[Any], None]
OnError = Callable[[BaseException, str], object]


def errors_over(widget: QWidget) -> OnError:
    """The one error hook of a screen or dialog: a failed task's error in a window-modal box
    over `widget`, the box kept as `widget.error_box` (for whoever closes or reads it)."""

    def shown(exc: BaseException, tb: str) -> QMessageBox:
        box = show_error(widget, exc, tb)
        widget.error_box = box  # type: ignore[attr-defined]
        return box

    return shown


class _Relay(QObject):
    """Lives on the GUI thread; the worker emits, Qt queues the call back to the GUI."""

    done = Signal(object)
    failed = Signal(object, str)


class _Steps(QObject):
    """Carries a task's steps from its worker to the GUI thread (queued)."""

    step = Signal(int, int, str)


class Progress:
    """Handed to a long task: `progress(done, total)` reports a step and answers False once
    the user has pressed Stop (`stop.set()`); `cancelled` says the same. `text`, if given,
    is the words to show for the step. Safe to call from any thread: each step reaches
    `on_step(done, total, text)` on the GUI thread, none after Stop. Its relay lives with
    `parent` (a GUI-thread object) until the task ends."""

    def __init__(self, on_step: Callable[[int, int, str], object], parent: QObject) -> None:
        self._steps = _Steps(parent)
        self.stop = threading.Event()
        self._steps.step.connect(
            lambda done, total, text: None if self.cancelled else on_step(done, total, text)
        )

    def __call__(self, done: int, total: int, text: str = "") -> bool:
        self._steps.step.emit(done, total, text)
        return not self.stop.is_set()

    @property
    def cancelled(self) -> bool:
        return self.stop.is_set()


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self.fn = fn
        self.relay = relay

    def run(self) -> None:
        try:
            result = self.fn()
        except Exception as exc:  # noqa: BLE001 - delivered to the GUI and logged there
            self.relay.failed.emit(exc, traceback.format_exc())
        else:
            self.relay.done.emit(result)


class TaskRunner(QObject):
    """Runs callables on a thread pool; `busy_changed` drives the busy indicator."""

    busy_changed = Signal(bool)
    task_failed = Signal(object)  # every failure, whoever handles it (the connection bar)

    def __init__(self, parent: QObject | None = None, default_error: OnError | None = None) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        # Database work is short and I/O bound; a few threads keep the UI snappy without
        # opening many connections.
        self.pool.setMaxThreadCount(4)
        self._running = 0
        self._relays: set[_Relay] = set()
        self.default_error = default_error

    @property
    def running(self) -> int:
        return self._running

    def run(
        self,
        fn: Callable[[], T],
        on_done: Callable[[T], None] | None = None,
        on_error: OnError | None = None,
    ) -> None:
        relay = _Relay()
        self._relays.add(relay)

        def finished() -> None:
            self._relays.discard(relay)
            relay.deleteLater()
            self._running -= 1
            if self._running == 0:
                self.busy_changed.emit(False)

        @Slot(object)
        def done(result: Any) -> None:
            finished()
            if on_done is not None:
                on_done(result)

        @Slot(object, str)
        def failed(exc: BaseException, tb: str) -> None:
            finished()
            self.task_failed.emit(exc)
            handler = on_error or self.default_error
            if handler is None:
                log.error("Background task failed:\n%s", loggable(exc))
            else:
                handler(exc, tb)

        relay.done.connect(done)
        relay.failed.connect(failed)
        self._running += 1
        if self._running == 1:
            self.busy_changed.emit(True)
        self.pool.start(_Job(fn, relay))

    def _handle(self, on_error: OnError | None, exc: BaseException, tb: str) -> object:
        handler = on_error or self.default_error
        if handler is None:
            log.error("Background task failed:\n%s", loggable(exc))
            return None
        return handler(exc, tb)

    def run_with_steps(
        self,
        fn: Callable[[Progress], T],
        progress: Progress,
        on_done: Callable[[T], None] | None,
        on_error: OnError | None,
    ) -> None:
        """Run `fn(progress)`, a long task whose steps the screen shows itself (through the
        Progress's `on_step`) and whose Stop is the screen's own button (`progress.stop`).
        Steps come before the result; the Progress's relay is freed when the task ends."""

        def done(result: T) -> None:
            progress._steps.deleteLater()
            if on_done is not None:
                on_done(result)

        def failed(exc: BaseException, tb: str) -> object:
            progress._steps.deleteLater()
            return self._handle(on_error, exc, tb)

        self.run(lambda: fn(progress), done, failed)

    def run_with_progress(
        self,
        fn: Callable[[Progress], T],
        on_done: Callable[[T], None] | None,
        on_error: OnError | None,
        *,
        parent: QWidget,
        name: str,
        title: str,
        label: Callable[[int, int], str],
        stop_text: str = "Stop",
        accessible_name: str = "",
        show_after: int = 0,
    ) -> QProgressDialog | None:
        """Run `fn(progress)` with a window-modal progress dialog over `parent`, named `name`,
        its text `label(done, total)` (or the step's own text). Stop asks the task to end (it
        decides when: between records, say); the dialog closes before `on_done` or `on_error`
        is called. With `show_after` (ms), the dialog shows only if the task lasts that long
        (Qt's estimate from the steps), so a quick one never flashes it. Returns the dialog
        while the task runs, or None when it has already ended (a synchronous runner)."""
        dialog = QProgressDialog(label(0, 0), stop_text, 0, 0, parent)
        dialog.setObjectName(name)
        dialog.setWindowTitle(title)
        dialog.setAccessibleName(accessible_name or title)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(show_after)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        ended: list[bool] = []

        def show(done: int, total: int, text: str) -> None:
            # setValue on a modal progress dialog processes events: the result may arrive
            # inside it and close the dialog. So the words go first, and nothing touches the
            # dialog after setValue.
            if ended:
                return
            dialog.setLabelText(text or label(done, total))
            dialog.setMaximum(max(total, 0))
            dialog.setValue(min(done, total) if total > 0 else 0)

        progress = Progress(show, dialog)

        def stopping() -> None:
            progress.stop.set()
            dialog.setLabelText("Stopping…")

        dialog.canceled.connect(stopping)
        if not show_after:
            dialog.show()

        def close() -> None:
            ended.append(True)
            dialog.canceled.disconnect(stopping)
            dialog.close()
            dialog.deleteLater()

        def done(result: T) -> None:
            close()
            if on_done is not None:
                on_done(result)

        def failed(exc: BaseException, tb: str) -> object:
            close()
            return self._handle(on_error, exc, tb)

        self.run(lambda: fn(progress), done, failed)
        return None if ended else dialog

    def wait(self, msecs: int = 30000) -> bool:
        return self.pool.waitForDone(msecs)


class SyncTaskRunner(TaskRunner):
    """Runs each task at once on the calling thread: deterministic GUI tests."""

    def run(
        self,
        fn: Callable[[], T],
        on_done: Callable[[T], None] | None = None,
        on_error: OnError | None = None,
    ) -> None:
        self.busy_changed.emit(True)
        try:
            result = fn()
        except Exception as exc:
            self.busy_changed.emit(False)
            self.task_failed.emit(exc)
            handler = on_error or self.default_error
            if handler is None:
                raise
            handler(exc, traceback.format_exc())
            return
        self.busy_changed.emit(False)
        if on_done is not None:
            on_done(result)
