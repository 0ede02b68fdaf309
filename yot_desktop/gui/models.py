"""Passive table models: they hold rows they are given and never query."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)

T = TypeVar("T")
Index = QModelIndex | QPersistentModelIndex
Column = tuple[str, Callable[[Any], str]]


class RowsModel(QAbstractTableModel, Generic[T]):
    """Rows of frozen DTOs shown through column accessors, paged by `fetchMore`.

    When the view scrolls to the end and more rows exist, `more_wanted(offset)` is emitted;
    whoever owns the model asks the service (off the GUI thread) and calls `append_rows`.
    """

    more_wanted = Signal(int)

    def __init__(self, columns: Sequence[Column], parent: Any = None) -> None:
        super().__init__(parent)
        self._columns = list(columns)
        self._rows: list[T] = []
        self._total = 0
        self._waiting = False

    # --- data in -------------------------------------------------------------------------
    def set_rows(self, rows: Sequence[T], total: int | None = None) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._total = len(self._rows) if total is None else total
        self._waiting = False
        self.endResetModel()

    def append_rows(self, rows: Sequence[T], offset: int) -> None:
        self._waiting = False
        if offset != len(self._rows) or not rows:
            return  # a stale page (the query changed meanwhile)
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
        self._rows.extend(rows)
        self.endInsertRows()

    def row_at(self, row: int) -> T | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    @property
    def total(self) -> int:
        return self._total

    # --- Qt model API --------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._columns[index.column()][1](self._rows[index.row()])
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self._columns):
            return self._columns[section][0]
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1)
        return None

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and len(self._rows) < self._total and not self._waiting

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if self.canFetchMore(parent):
            self._waiting = True
            self.more_wanted.emit(len(self._rows))
