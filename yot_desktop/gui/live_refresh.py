"""Live refresh in the window (issue 11, point 1): other PCs' changes, shown without asking.

The services' ChangeFeed hears them on its own thread; `LiveRefresh` brings them to the GUI
thread and gathers those that arrive close together into one `data_changed(changes)`: at once
after a quiet spell, then at most every DELAY_MS, so a 2,000-row import on another PC reloads
a list every 0.3 s while it runs, not 2,000 times.
The window hands them to the screen in front of the person (`live_refresh(changes)`); a screen
not shown is reloaded anyway when it is shown again.

`PlaceKeeper` keeps a list's scroll position through the reload; the screens keep the selected
record by its id as they always have. `ChangedBar` is the calm note over an open record that
someone else changed while this person has unsaved edits in it: their edits stay until they
choose to reload.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QWidget,
)

from yot_desktop.gui.widgets import named
from yot_desktop.services.changes import ChangeFeed, Changes

DELAY_MS = 300  # at most one reload in this time; changes arriving meanwhile wait together


class LiveRefresh(QObject):
    """One signal into the GUI: `data_changed(Changes)`, on the GUI thread, coalesced."""

    data_changed = Signal(object)
    _arrived = Signal(object)  # emitted on the feed's thread; queued to this object's thread

    def __init__(self, feed: ChangeFeed, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.feed = feed
        self._pending = Changes()
        self._last = 0.0  # time.monotonic() of the last data_changed
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._fire)
        self._arrived.connect(self._collect)
        self._unsubscribe: Callable[[], None] | None = feed.subscribe(self._from_feed)
        feed.start()

    def _from_feed(self, changes: Changes) -> None:
        try:
            self._arrived.emit(changes)
        except RuntimeError:  # the window has gone; the feed is being stopped
            self.stop()

    def _collect(self, changes: Changes) -> None:
        self._pending = self._pending.merge(changes)
        if not self._timer.isActive():
            # At once after a quiet spell; otherwise DELAY_MS after the last reload.
            since = (time.monotonic() - self._last) * 1000
            self._timer.start(max(0, int(DELAY_MS - since)))

    def _fire(self) -> None:
        changes, self._pending = self._pending, Changes()
        if changes:
            self._last = time.monotonic()
            self.data_changed.emit(changes)

    def stop(self) -> None:
        """Stop listening for this window (the feed itself stops with the services)."""
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None


class PlaceKeeper:
    """Keeps a list's scroll position through the next reset of its model (a live reload)."""

    def __init__(self, view: QAbstractItemView) -> None:
        self.view = view
        self._held: tuple[int, int] | None = None
        model = view.model()
        model.modelReset.connect(self._reset)

    def hold(self) -> None:
        self._held = (
            self.view.verticalScrollBar().value(),
            self.view.horizontalScrollBar().value(),
        )

    def _reset(self) -> None:
        held, self._held = self._held, None
        if held is None:
            return

        def put_back() -> None:
            self.view.updateGeometries()  # the scroll range for the new rows
            self.view.verticalScrollBar().setValue(held[0])
            self.view.horizontalScrollBar().setValue(held[1])

        put_back()
        # Again once the view has laid the rows out; with the view as context, the timer
        # goes with it (signing out deletes the window: a bare timer then hit a deleted view).
        QTimer.singleShot(0, self.view, put_back)


class ChangedBar(QFrame):
    """ "Changed by Tom Practitioner at 16:05 — Reload": someone else saved the record open
    here while this person has unsaved edits in it."""

    reload_requested = Signal()

    def __init__(self, what: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.what = what
        self.setObjectName("changedElsewhereBar")
        self.setAccessibleName("Changed by someone else")
        self.setStyleSheet(
            "QFrame#changedElsewhereBar { background: #e8f1fb; border: 1px solid #5b8bc7; "
            "border-radius: 3px; }"
        )
        self.label = QLabel()
        self.label.setObjectName("changedElsewhereText")
        self.label.setWordWrap(True)
        self.reload_button = named(
            QPushButton("Reload"),
            "changedElsewhereReload",
            "Reload the record",
            "Show the saved record, losing your unsaved changes",
        )
        self.reload_button.clicked.connect(lambda _checked=False: self.reload_requested.emit())
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.reload_button)
        self.hide()

    def changed(self, who: str, when: datetime) -> None:
        by = who or "someone else"
        self.label.setText(
            f"Changed by {by} at {when:%H:%M} — your changes here are not saved. Reload to "
            "see theirs (yours will be lost), or Save to compare the two."
        )
        self.show()
