"""The sessions a new programme would book, one row each: the proposed date and time (the
standard weekly time, or the nearest free time when that clashes with the diary), why it was
moved, and fields to change any of them before booking (issue 14, point 5)."""

from __future__ import annotations

from datetime import datetime, time

from PySide6.QtCore import QTime
from PySide6.QtWidgets import (
    QDateEdit,
    QGridLayout,
    QLabel,
    QTimeEdit,
    QWidget,
)

from yot_desktop.domain.calendar import long_date, weekday_name
from yot_desktop.gui.delivery_common import to_date, to_qdate
from yot_desktop.gui.widgets import named
from yot_desktop.services.programmes import ProposedSession, StartPlan


def _when(at: datetime) -> str:
    return f"{weekday_name(at.date())} {long_date(at.date())} at {at:%H:%M}"


class ProposedRow:
    """The widgets of one proposed session."""

    def __init__(self, parent: QWidget, proposed: ProposedSession) -> None:
        self.proposed = proposed
        n = proposed.number
        self.title = QLabel(f"{n}. {proposed.label} ({proposed.minutes} min)", parent)
        self.title.setObjectName(f"proposedTitle{n}")
        self.date = named(QDateEdit(parent), f"proposedDate{n}", f"Date of session {n}")
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("dd/MM/yyyy")
        self.time = named(QTimeEdit(parent), f"proposedTime{n}", f"Time of session {n}")
        self.time.setDisplayFormat("HH:mm")
        at = proposed.suggested or proposed.wanted
        self.date.setDate(to_qdate(at.date()))
        self.time.setTime(QTime(at.hour, at.minute))
        # Read by its text (it changes): no accessible name that would replace what it says.
        self.note = QLabel(parent)
        self.note.setObjectName(f"proposedNote{n}")
        self.note.setWordWrap(True)
        if proposed.moved:
            font = self.title.font()
            font.setBold(True)
            self.title.setFont(font)
        self.date.dateChanged.connect(lambda _d: self._edited())
        self.time.timeChanged.connect(lambda _t: self._edited())
        self._show_note()

    def chosen(self) -> datetime:
        t = self.time.time()
        return datetime.combine(to_date(self.date.date()), time(t.hour(), t.minute()))

    @property
    def changed_by_worker(self) -> bool:
        p = self.proposed
        return self.chosen() != (p.suggested or p.wanted)

    def _edited(self) -> None:
        self._show_note()

    def _show_note(self) -> None:
        p = self.proposed
        if self.changed_by_worker:
            text = f"Changed by you (the proposal was {_when(p.suggested or p.wanted)})."
        elif p.suggested is None:
            text = (
                f"Moved: {' '.join(p.clashes)} Nothing is free before the deadline: "
                "choose a date and time."
            )
        elif p.moved:
            why = " ".join(p.clashes) or "It would start before the session before it ends."
            text = f"Moved from {_when(p.wanted)}: {why}"
        else:
            text = "Free in the diary."
        self.note.setText(text)


class ProposedSessions(QWidget):
    """One row per session of the plan; `chosen()` gives the times to book, in plan order."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("proposedSessions")
        self.setAccessibleName("Proposed sessions")
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setColumnStretch(3, 1)
        self.rows: list[ProposedRow] = []
        self.plan: StartPlan | None = None

    def show_plan(self, plan: StartPlan) -> None:
        for row in self.rows:
            for w in (row.title, row.date, row.time, row.note):
                self.grid.removeWidget(w)
                w.deleteLater()
        self.plan = plan
        self.rows = [ProposedRow(self, p) for p in plan.sessions]
        for i, row in enumerate(self.rows):
            self.grid.addWidget(row.title, i, 0)
            self.grid.addWidget(row.date, i, 1)
            self.grid.addWidget(row.time, i, 2)
            self.grid.addWidget(row.note, i, 3)
        # Tab goes along each row, then down: the reading order.
        previous: QWidget | None = None
        for row in self.rows:
            for w in (row.date, row.time):
                if previous is not None:
                    QWidget.setTabOrder(previous, w)
                previous = w

    def clear(self) -> None:
        self.show_plan(StartPlan(0, datetime.min.date(), datetime.min.date(), None, ()))
        self.plan = None

    def chosen(self) -> list[datetime]:
        return [row.chosen() for row in self.rows]

    def summary(self) -> str:
        if self.plan is None:
            return ""
        moved = len(self.plan.moved)
        n = len(self.rows)
        if not moved:
            return f"All {n} sessions are free at the standard weekly time."
        sessions = "session clashes" if moved == 1 else "sessions clash"
        return (
            f"{moved} of {n} {sessions} with the diary: each is moved to the nearest free time "
            "(marked below). Change any date or time, then book."
        )
