"""The week grid view: a session dragged from the list below and dropped on a day asks to move
it there (the booking dialog checks the new time before anything is saved)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QByteArray, QMimeData, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from yot_desktop.gui.delivery_common import (
    ATTENDANCE_COLOURS,
    DATED_SESSION_COLUMNS,
    StatusRowsModel,
)
from yot_desktop.gui.models import Index
from yot_desktop.gui.widgets import configure_item_view

SESSION_MIME = "application/x-yot-session"


def session_mime(session_id: int) -> QMimeData:
    data = QMimeData()
    data.setData(SESSION_MIME, QByteArray(str(session_id).encode()))
    return data


def session_from_mime(data: QMimeData) -> int | None:
    if not data.hasFormat(SESSION_MIME):
        return None
    text = bytes(data.data(SESSION_MIME).data()).decode()
    return int(text) if text.isdigit() else None


class WeekGrid(QTableView):
    """A row per worker or venue, a column per day; one cell picked at a time, read-only."""

    session_dropped = Signal(int, int)  # session id, day column (0 = Monday)

    def __init__(self) -> None:
        super().__init__()
        self.setAcceptDrops(True)
        self.viewport().setAcceptDrops(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DropOnly)
        self.setDropIndicatorShown(True)
        configure_item_view(self)  # Tab moves on; arrow keys move between days
        self.setWordWrap(False)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        # Weekends are rarely used: narrow columns leave room for the working days' sessions.
        header.setMinimumSectionSize(70)
        header.setMinimumHeight(44)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.verticalHeader().setMinimumWidth(150)

    def fit_week(self, lines: int) -> None:
        """Saturday and Sunday narrow; every row as tall as the busiest cell's `lines`."""
        header = self.horizontalHeader()
        for col in (5, 6):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Fixed)
            header.resizeSection(col, 90)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().lineSpacing() * lines + 10)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasFormat(SESSION_MIME):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        index = self.indexAt(event.position().toPoint())
        if event.mimeData().hasFormat(SESSION_MIME) and index.isValid():
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        index = self.indexAt(event.position().toPoint())
        session_id = session_from_mime(event.mimeData())
        if session_id is None or not index.isValid():
            event.ignore()
            return
        event.acceptProposedAction()
        self.session_dropped.emit(session_id, index.column())


class DraggableSessions(StatusRowsModel):
    """The list under the grid: a planned session can be dragged onto another day."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(
            DATED_SESSION_COLUMNS,
            lambda s: ATTENDANCE_COLOURS.get(s.status),
            len(DATED_SESSION_COLUMNS) - 1,
            parent,
        )

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        row = self.row_at(index.row()) if index.isValid() else None
        if row is not None and row.status.value == "planned":
            flags |= Qt.ItemFlag.ItemIsDragEnabled
        return flags

    def mimeTypes(self) -> list[str]:
        return [SESSION_MIME]

    def mimeData(self, indexes: Any) -> Any:
        rows = [self.row_at(i.row()) for i in indexes if i.isValid()]
        found = next((r for r in rows if r is not None), None)
        return session_mime(found.id) if found is not None else None
