"""The week grid: a row per worker (or venue), a column per day, the sessions in each cell.

Passive like every model here: it is handed sessions and works out each cell's text once, so
painting is a dictionary look-up per visible cell however many sessions the week holds.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from yot_desktop.domain.calendar import WorkingCalendar
from yot_desktop.domain.enums import Attendance
from yot_desktop.gui.models import Index
from yot_desktop.services.delivery.dto import SessionRow

MAX_LINES = 5
NON_WORKING = QBrush(QColor("#ececec"))
DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def by_worker(s: SessionRow) -> str:
    return s.worker_name or "Not assigned"


def by_venue(s: SessionRow) -> str:
    return s.where


def _short_name(full: str) -> str:
    parts = full.split()
    if len(parts) < 2:
        return full
    return f"{' '.join(parts[:-1])} {parts[-1][0]}."


def _line(s: SessionRow) -> str:
    """'16:00 Zoë A. — Assessment'; once marked, what happened instead of the session type."""
    what = s.intervention_label if s.status is Attendance.PLANNED else s.status.label.lower()
    return f"{s.starts_at:%H:%M} {_short_name(s.person_name)} — {what}"


class WeekModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.monday = date(2000, 1, 3)
        self.calendar = WorkingCalendar()
        self._rows: list[str] = []
        self._cells: dict[tuple[int, int], list[SessionRow]] = {}
        self._text: dict[tuple[int, int], str] = {}
        self._tips: dict[tuple[int, int], str] = {}
        self._headers: list[str] = []

    def set_sessions(
        self,
        monday: date,
        sessions: Sequence[SessionRow],
        group: Callable[[SessionRow], str] = by_worker,
        calendar: WorkingCalendar | None = None,
        rows: Sequence[str] = (),
    ) -> None:
        """`rows`: names to show even without sessions this week (the team's workers)."""
        self.beginResetModel()
        self.monday = monday
        self.calendar = calendar or WorkingCalendar()
        names = {group(s) for s in sessions} | set(rows)
        self._rows = sorted(names, key=lambda n: (n == "Not assigned", n.casefold()))
        row_of = {name: i for i, name in enumerate(self._rows)}
        cells: dict[tuple[int, int], list[SessionRow]] = {}
        for s in sessions:
            col = (s.starts_at.date() - monday).days
            if 0 <= col < 7:
                cells.setdefault((row_of[group(s)], col), []).append(s)
        self._cells = cells
        self._text, self._tips = {}, {}
        for key, found in cells.items():
            found.sort(key=lambda s: s.starts_at)
            lines = [_line(s) for s in found]
            shown = lines[:MAX_LINES]
            if len(lines) > MAX_LINES:
                shown[-1] = f"… and {len(lines) - MAX_LINES + 1} more"
            self._text[key] = "\n".join(shown)
            self._tips[key] = "\n".join(lines[:40]) + (
                f"\n… {len(lines) - 40} more" if len(lines) > 40 else ""
            )
        self._headers = []
        for col in range(7):
            day = monday + timedelta(days=col)
            text = f"{DAY_NAMES[col]} {day:%d/%m}"
            holiday = self.calendar.bank_holiday_name(day)
            if holiday:
                text += f"\n{holiday}"
            elif day in self.calendar.closures:
                text += "\nTeam closed"
            self._headers.append(text)
        self.endResetModel()

    # --- reading back --------------------------------------------------------------------
    def day_of(self, column: int) -> date:
        return self.monday + timedelta(days=column)

    def sessions_at(self, row: int, column: int) -> list[SessionRow]:
        return list(self._cells.get((row, column), ()))

    def row_name(self, row: int) -> str:
        return self._rows[row] if 0 <= row < len(self._rows) else ""

    def busiest_lines(self) -> int:
        return min(max((t.count("\n") + 1 for t in self._text.values()), default=1), MAX_LINES)

    # --- Qt model API --------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 7

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        key = (index.row(), index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text.get(key, "")
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tips.get(key) or None
        if role == Qt.ItemDataRole.AccessibleTextRole:
            n = len(self._cells.get(key, ()))
            day = self.day_of(index.column())
            who = self._rows[index.row()]
            return f"{who}, {day:%A %d %B}: {n} session{'s' * (n != 1)}"
        if role == Qt.ItemDataRole.BackgroundRole:
            if not self.calendar.is_working_day(self.day_of(index.column())):
                return NON_WORKING
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < 7:
            return self._headers[section] if self._headers else DAY_NAMES[section]
        if orientation == Qt.Orientation.Vertical and 0 <= section < len(self._rows):
            return self._rows[section]
        return None
