"""The calm bar shown while the database server is lost (issue 11, point 2).

Any background task that fails with DatabaseUnavailable (the server stopped answering, refused,
or was shut down) shows the bar over the screens: "Lost the connection to the database —
trying again". The screens keep what is on them (unsaved work stays in its fields); reads and
saves are refused meanwhile with the plain message. Every few seconds the bar asks the server
again, off the GUI thread; when it answers, the bar goes and the open screen refreshes.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QWidget

from yot_desktop.gui.tasks import TaskRunner
from yot_desktop.services.core import DatabaseUnavailable

LOST_TEXT = "Lost the connection to the database — trying again"
RETRY_MS = 3000


class ConnectionBar(QFrame):
    def __init__(
        self,
        runner: TaskRunner,
        check: Callable[[], object],
        on_back: Callable[[], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("connectionLostBar")
        self.setAccessibleName("Connection to the database")
        self.setStyleSheet(
            "QFrame#connectionLostBar { background: #fff4ce; border-bottom: 1px solid #c8a600; }"
        )
        self.label = QLabel(LOST_TEXT)
        self.label.setObjectName("connectionLostText")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 6, 12, 6)
        layout.addWidget(self.label, 1)
        self.runner = runner
        self.check = check
        self.on_back = on_back
        self._checking = False
        self.timer = QTimer(self)
        self.timer.setInterval(RETRY_MS)
        self.timer.timeout.connect(self._try_again)
        runner.task_failed.connect(self._failed)
        self.hide()

    def _failed(self, exc: object) -> None:
        if isinstance(exc, DatabaseUnavailable):
            self.lost(str(exc))

    def lost(self, reason: str) -> None:
        self.setToolTip(reason)
        if not self.isVisible():
            self.show()
            self.timer.start()

    def _try_again(self) -> None:
        if self._checking:
            return  # the last try is still waiting on the server
        self._checking = True
        self.runner.run(self.check, on_done=lambda _: self._back(), on_error=self._still_lost)

    def _still_lost(self, exc: BaseException, _tb: str) -> None:
        self._checking = False
        if not isinstance(exc, DatabaseUnavailable):
            self._back()  # the server answers (with some other trouble, shown elsewhere)

    def _back(self) -> None:
        self._checking = False
        self.timer.stop()
        self.hide()
        self.on_back()
