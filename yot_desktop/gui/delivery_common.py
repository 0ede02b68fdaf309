"""Shared by the delivery screens: plain words for statuses, session columns, a status-aware
passive model and small layout helpers."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from yot_desktop.domain.calendar import long_date
from yot_desktop.domain.enums import Attendance, Engagement
from yot_desktop.gui.models import Column, Index, RowsModel
from yot_desktop.gui.widgets import configure_item_view, named
from yot_desktop.services.delivery.dto import SessionRow

# Words on screen (UI.md): "did not attend", never "DNA".
ATTENDANCE_WORDS = {
    Attendance.PLANNED: "Planned",
    Attendance.ATTENDED: "Attended",
    Attendance.LATE: "Late",
    Attendance.DID_NOT_ATTEND: "Did not attend",
    Attendance.CANCELLED_BY_YOUNG_PERSON: "Cancelled by young person",
    Attendance.CANCELLED_BY_SERVICE: "Cancelled by service",
    Attendance.RESCHEDULED: "Moved",
}
# Background colours for the status column, always beside the words (never colour alone).
ATTENDANCE_COLOURS = {
    Attendance.ATTENDED: "#cfe8d5",
    Attendance.LATE: "#e3efc9",
    Attendance.DID_NOT_ATTEND: "#f6c9c4",
    Attendance.CANCELLED_BY_YOUNG_PERSON: "#fde8b4",
    Attendance.CANCELLED_BY_SERVICE: "#e0e0e0",
    Attendance.RESCHEDULED: "#e0e0e0",
}
ENGAGEMENT_WORDS = {
    Engagement.ON_TRACK: "On track",
    Engagement.AT_RISK: "At risk",
    Engagement.THRESHOLD_REACHED: "Absence limit reached",
}
LETTER_WORDS = {
    "missed": "missed appointment",
    "final_warning": "final warning",
    "not_engaged": "not engaged outcome",
    "police_outcome": "outcome notice to the police",
    "completion": "completion",
    "certificate": "certificate",
}


def attendance_words(value: Attendance) -> str:
    return ATTENDANCE_WORDS[value]


def engagement_words(value: Engagement | None) -> str:
    return ENGAGEMENT_WORDS[value] if value is not None else "Not started"


def letters_sentence(letters: Sequence[str]) -> str:
    if not letters:
        return ""
    words = [LETTER_WORDS.get(x, x.replace("_", " ")) for x in letters]
    noun = "Letter" if len(words) == 1 else "Letters"
    return f"{noun} due: {', '.join(words)}."


def to_date(q: QDate) -> date:
    """A QDate as a Python date (typed, unlike QDate.toPython)."""
    return date(q.year(), q.month(), q.day())


def to_qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


def dmy(d: date) -> str:
    return f"{d:%d/%m/%Y}"


def prose_date(d: date) -> str:
    return long_date(d)


def session_time(s: SessionRow) -> str:
    return f"{s.starts_at:%H:%M}–{s.ends_at:%H:%M}"


SESSION_COLUMNS: list[Column] = [
    ("Time", session_time),
    ("Young person", lambda s: s.person_name),
    ("Reference", lambda s: s.crime_reference),
    ("Session", lambda s: s.intervention_label),
    ("Where", lambda s: s.where),
    ("Worker", lambda s: s.worker_name or "Not assigned"),
    ("Status", lambda s: attendance_words(s.status)),
]
DATED_SESSION_COLUMNS: list[Column] = [
    ("Date", lambda s: dmy(s.starts_at.date())),
    *SESSION_COLUMNS,
]


# For lists of one person's sessions, or one worker's week: fewer, wider columns.
COMPACT_SESSION_COLUMNS: list[Column] = [
    ("Date", lambda s: dmy(s.starts_at.date())),
    ("Time", session_time),
    ("Young person", lambda s: s.person_name),
    ("Session", lambda s: s.intervention_label),
    ("Status", lambda s: attendance_words(s.status)),
]
PROGRAMME_SESSION_COLUMNS: list[Column] = [
    ("Date", lambda s: dmy(s.starts_at.date())),
    ("Time", session_time),
    ("Session", lambda s: s.intervention_label),
    ("Where", lambda s: s.where),
    ("Worker", lambda s: s.worker_name or "Not assigned"),
    ("Status", lambda s: attendance_words(s.status)),
]


class StatusRowsModel(RowsModel[Any]):
    """A RowsModel that also colours one column from each row's status (text stays)."""

    def __init__(
        self,
        columns: Sequence[Column],
        colour_of: Callable[[Any], str | None],
        colour_column: int,
        parent: Any = None,
    ) -> None:
        super().__init__(columns, parent)
        self._colour_of = colour_of
        self._colour_column = colour_column

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.BackgroundRole and index.isValid():
            row = self.row_at(index.row())
            if row is not None and index.column() == self._colour_column:
                colour = self._colour_of(row)
                return QBrush(QColor(colour)) if colour else None
            return None
        if role == Qt.ItemDataRole.ForegroundRole and index.isValid():
            row = self.row_at(index.row())
            if row is not None and index.column() == self._colour_column and self._colour_of(row):
                return QBrush(QColor("#111111"))  # dark text on the light chip colours
            return None
        return super().data(index, role)


def session_model(
    columns: Sequence[Column] = SESSION_COLUMNS, parent: Any = None
) -> StatusRowsModel:
    return StatusRowsModel(
        columns, lambda s: ATTENDANCE_COLOURS.get(s.status), len(columns) - 1, parent
    )


def table(object_name: str, accessible: str, model: Any, widths: Sequence[int] = ()) -> QTableView:
    """A read-only, row-selecting table; fixed widths (never ResizeToContents on big lists)."""
    view = named(QTableView(), object_name, accessible)
    configure_item_view(view)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.verticalHeader().hide()
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(True)
    for col, width in enumerate(widths):
        view.setColumnWidth(col, width)
    return view


def selected_row(view: QTableView) -> Any:
    model = view.model()
    index = view.currentIndex()
    if not index.isValid() or not isinstance(model, RowsModel):
        return None
    return model.row_at(index.row())
