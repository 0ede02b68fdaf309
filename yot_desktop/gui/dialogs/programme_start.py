"""The sessions a new programme would book, one row each: the proposed date and time (the
standard weekly time, or the nearest free time when that clashes with the diary), why it was
moved, and fields to change any of them before booking (issue 14, point 5)."""

from __future__ import annotations

from collections.abc import Callable
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
from yot_desktop.services.delivery.start_plan import ProposedSession, StartPlan


def _when(at: datetime) -> str:
    return f"{weekday_name(at.date())} {long_date(at.date())} at {at:%H:%M}"


class ProposedRow:
    """The widgets of one proposed session. `edited` is called when the worker changes it."""

    def __init__(
        self, parent: QWidget, proposed: ProposedSession, edited: Callable[[], None]
    ) -> None:
        self.proposed = proposed
        self.edited = edited
        # The worker's own time, once checked against the diary (None: not changed).
        self.checked: ProposedSession | None = None
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

    @property
    def clashes(self) -> bool:
        """The worker's own time is known to clash (checked, and it would have to move)."""
        return self.changed_by_worker and self.checked is not None and self.checked.moved

    def _edited(self) -> None:
        self.checked = None
        self._show_note()
        self.edited()

    def check(self, checked: ProposedSession) -> None:
        """What the diary says about the worker's own time (ignored if changed since)."""
        if self.changed_by_worker and checked.wanted == self.chosen():
            self.checked = checked
            self._show_note()

    def _show_note(self) -> None:
        p = self.proposed
        if self.changed_by_worker:
            was = f"the proposal was {_when(p.suggested or p.wanted)}"
            checked = self.checked
            if checked is None:
                text = f"Changed by you ({was}). Checking the diary…"
            elif not checked.moved:
                text = f"Changed by you ({was}): free in the diary."
            else:
                why = " ".join(checked.clashes) or "It starts before the session before it ends."
                nearest = (
                    f" The nearest free time is {_when(checked.suggested)}."
                    if checked.suggested is not None
                    else ""
                )
                text = f"Changed by you, but it clashes: {why}{nearest}"
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

    def __init__(self, edited: Callable[[], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edited = edited
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
        self.rows = [ProposedRow(self, p, self.edited) for p in plan.sessions]
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

    def chosen(self) -> list[datetime]:
        return [row.chosen() for row in self.rows]

    def show_check(self, checked: StartPlan) -> None:
        for row, session in zip(self.rows, checked.sessions, strict=False):
            row.check(session)

    @property
    def changed(self) -> bool:
        return any(row.changed_by_worker for row in self.rows)

    @property
    def checking(self) -> bool:
        return any(row.changed_by_worker and row.checked is None for row in self.rows)

    def clashing(self) -> list[int]:
        return [row.proposed.number for row in self.rows if row.clashes]

    def summary(self) -> str:
        if self.plan is None:
            return ""
        clashing = self.clashing()
        if clashing:
            numbers = ", ".join(str(n) for n in clashing)
            noun = "Session" if len(clashing) == 1 else "Sessions"
            verb = "clashes" if len(clashing) == 1 else "clash"
            return (
                f"{noun} {numbers} {verb} with the diary at the time you chose: change it, "
                "then book."
            )
        moved = len(self.plan.moved)
        n = len(self.rows)
        if not moved:
            return f"All {n} sessions are free at the standard weekly time."
        sessions = "session clashes" if moved == 1 else "sessions clash"
        return (
            f"{moved} of {n} {sessions} with the diary: each is moved to the nearest free time "
            "(marked below). Change any date or time, then book."
        )
