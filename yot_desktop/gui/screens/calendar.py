"""Calendar: the week (a row per worker or venue) or one day, for me, a worker, a venue or the
team; book by dialog, move a session keeping its history."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from yot_desktop.domain.calendar import WorkingCalendar
from yot_desktop.domain.permissions import Permission, allowed
from yot_desktop.gui.delivery_common import (
    attendance_words,
    selected_row,
    table,
    to_date,
    to_qdate,
)
from yot_desktop.gui.dialogs.booking_dialog import BookingDialog, load_choices
from yot_desktop.gui.master_detail import LatestLoad, master_detail_splitter, pane
from yot_desktop.gui.tasks import TaskRunner, errors_over
from yot_desktop.gui.week_grid import DraggableSessions, WeekGrid
from yot_desktop.gui.week_model import WeekModel, by_venue, by_worker
from yot_desktop.gui.widgets import named
from yot_desktop.services.changes import Changes
from yot_desktop.services.container import Services
from yot_desktop.services.delivery.dto import BookingChoices, SessionRow, VenueRow, WorkerRow
from yot_desktop.services.dto import CurrentUser


@dataclass(frozen=True)
class CalendarData:
    sessions: tuple[SessionRow, ...]
    calendar: WorkingCalendar
    workers: tuple[WorkerRow, ...]
    venues: tuple[VenueRow, ...]


def _sessions(n: int) -> str:
    return f"{n} session{'s' * (n != 1)}"


class CalendarScreen(QWidget):
    def __init__(
        self,
        services: Services,
        user: CurrentUser,
        runner: TaskRunner,
        today: Callable[[], date] | None = None,
    ) -> None:
        super().__init__()
        self._failed = errors_over(self)
        self.setObjectName("calendarScreen")
        self.services, self.user, self.runner = services, user, runner
        self.today = today or (lambda: services.ctx.clock().date())
        self.loads = LatestLoad(runner, self._failed)
        self.dialog: Any = None
        self._scope_loaded = False

        self.day_button = named(QPushButton("Day"), "calendarDayView", "Show one day")
        self.week_button = named(QPushButton("Week"), "calendarWeekView", "Show the week")
        for b in (self.day_button, self.week_button):
            b.setCheckable(True)
        self.week_button.setChecked(True)
        views = QButtonGroup(self)
        views.setExclusive(True)
        views.addButton(self.day_button)
        views.addButton(self.week_button)
        self.previous = named(QPushButton("◀"), "calendarPrevious", "Earlier")
        self.today_button = named(QPushButton("Today"), "calendarToday", "Go to today")
        self.next = named(QPushButton("▶"), "calendarNext", "Later")
        self.date_edit = named(QDateEdit(), "calendarDate", "Date shown")
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("dd/MM/yyyy")
        self.scope = named(QComboBox(), "calendarScope", "Whose diary to show")
        self.scope.addItem("My sessions", ("worker", user.id))
        self.scope.addItem("My team, by worker", ("team", user.team_id))
        self.scope.setMinimumWidth(240)
        self.heading = named(QLabel(), "calendarHeading", "Dates shown")
        font = self.heading.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.heading.setFont(font)
        self.book_button = named(QPushButton("Book a session…"), "calendarBook", "Book a session")
        self.book_button.setDefault(True)
        self.move_button = named(
            QPushButton("Move session…"), "calendarMove", "Move the selected session"
        )
        self.history_button = named(
            QPushButton("History…"), "calendarHistory", "Earlier times of the selected session"
        )
        self.settings_button = named(
            QPushButton("Closure days and venues…"),
            "calendarSettings",
            "Team closure days and venues",
        )
        self.settings_button.setVisible(allowed(user.role, Permission.MANAGE_CALENDAR))

        bar = QHBoxLayout()
        for w in (
            self.day_button,
            self.week_button,
            self.previous,
            self.today_button,
            self.next,
            self.date_edit,
            self.scope,
        ):
            bar.addWidget(w)
        bar.addStretch(1)
        # The actions beside the heading: on one row with the rest they were cut off at
        # 1024×700.
        heading_row = QHBoxLayout()
        heading_row.addWidget(self.heading, 1)
        heading_row.addWidget(self.settings_button)
        heading_row.addWidget(self.book_button)

        self.week = WeekModel(self)
        self.grid = named(
            WeekGrid(),
            "calendarWeekGrid",
            "Week calendar",
            "Drag a session from the list below onto a day to move it",
        )
        self.grid.setModel(self.week)

        self.agenda_model = DraggableSessions(self)
        self.agenda = table(
            "calendarAgenda", "Sessions", self.agenda_model, (90, 100, 170, 100, 170, 150, 140)
        )
        self.agenda.setDragEnabled(True)
        self.agenda.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.agenda_label = named(QLabel(), "calendarAgendaLabel", "Sessions listed")
        actions = QHBoxLayout()
        actions.addStretch(1)
        actions.addWidget(self.history_button)
        actions.addWidget(self.move_button)
        agenda_box = pane(self.agenda_label, self.agenda, actions, grows=self.agenda)
        self.splitter = master_detail_splitter(
            "calendarSplitter", self.grid, agenda_box, orientation=Qt.Orientation.Vertical
        )

        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addLayout(heading_row)
        layout.addWidget(self.splitter, 1)

        self.data = CalendarData((), WorkingCalendar(), (), ())
        self.workers: tuple[WorkerRow, ...] = ()
        d = self.today()
        self.date_edit.setDate(to_qdate(d))
        self.previous.clicked.connect(lambda: self._move(-1))
        self.next.clicked.connect(lambda: self._move(1))
        self.today_button.clicked.connect(self._go_today)
        self.date_edit.dateChanged.connect(lambda _d: self.refresh())
        self.scope.currentIndexChanged.connect(lambda _i: self.refresh())
        self.day_button.toggled.connect(lambda _on: self.refresh())
        self.book_button.clicked.connect(self.book)
        self.move_button.clicked.connect(self.move_selected)
        self.history_button.clicked.connect(self.show_history)
        self.settings_button.clicked.connect(self.open_settings)
        self.grid.session_dropped.connect(self.session_dropped)
        self.grid.selectionModel().currentChanged.connect(lambda *_: self._show_cell())
        self.agenda.selectionModel().currentRowChanged.connect(lambda *_: self._update_buttons())
        self._update_buttons()

    # --- what is shown -------------------------------------------------------------------
    def day(self) -> date:
        return to_date(self.date_edit.date())

    def is_week(self) -> bool:
        return self.week_button.isChecked()

    def span(self) -> tuple[date, date]:
        if not self.is_week():
            return self.day(), self.day()
        monday = self.day() - timedelta(days=self.day().weekday())
        return monday, monday + timedelta(days=6)

    def _move(self, step: int) -> None:
        d = self.day() + timedelta(days=7 * step if self.is_week() else step)
        self.date_edit.setDate(to_qdate(d))

    def _go_today(self) -> None:
        d = self.today()
        self.date_edit.setDate(to_qdate(d))

    def live_refresh(self, changes: Changes) -> None:
        """Another PC booked, moved or marked a session, or closed a day: show it."""
        if changes.touches("sessions", "attendance_marks", "team_closures", "venues", "programmes"):
            self.refresh()

    def refresh(self) -> None:
        first, last = self.span()
        kind, key = self.scope.currentData() or ("worker", self.user.id)
        services, user = self.services, self.user
        load_scope = not self._scope_loaded

        def load() -> CalendarData:
            scheduling = services.scheduling
            sessions = scheduling.diary(
                user,
                first,
                last,
                worker_id=key if kind == "worker" else None,
                venue_name=str(key) if kind == "venue" else None,
                team_id=key if kind == "team" else None,
            )
            settings = services.calendar_settings
            closures = settings.closures(user, user.team_id) if user.team_id else ()
            return CalendarData(
                sessions,
                WorkingCalendar(frozenset(c.day for c in closures)),
                scheduling.workers(user) if load_scope else (),
                settings.venues(user) if load_scope else (),
            )

        self.loads.run(load, self._loaded)

    def _loaded(self, data: CalendarData) -> None:
        if not self._scope_loaded:
            self._fill_scope(data.workers, data.venues)
        self.data = data
        first, _last = self.span()
        kind, _key = self.scope.currentData() or ("worker", None)
        if self.is_week():
            self.heading.setText(f"Week beginning {first:%A %d %B %Y}")
            team_workers = (
                [w.name for w in self.workers if w.team_id == _key] if kind == "team" else []
            )
            self.week.set_sessions(
                first,
                data.sessions,
                by_venue if kind == "venue" else by_worker,
                data.calendar,
                team_workers,
            )
            self.grid.fit_week(self.week.busiest_lines())
            self.grid.show()
            self._show_cell()
        else:
            reason = data.calendar.non_working_reason(first)
            note = f" — {reason}, not a working day" if reason else ""
            self.heading.setText(f"{first:%A %d %B %Y}{note}")
            self.grid.hide()
            self.agenda_model.set_rows(data.sessions)
            self.agenda_label.setText(f"{_sessions(len(data.sessions))} on this day")
        self._update_buttons()

    def _fill_scope(self, workers: tuple[WorkerRow, ...], venues: tuple[VenueRow, ...]) -> None:
        self._scope_loaded = True
        self.workers = workers
        self.scope.blockSignals(True)
        for w in workers:
            if w.id != self.user.id:
                self.scope.addItem(f"Worker: {w.name}", ("worker", w.id))
        for v in venues:
            self.scope.addItem(f"Venue: {v.name}", ("venue", v.name))
        self.scope.blockSignals(False)

    def _show_cell(self) -> None:
        """The agenda under the week grid lists the chosen cell's sessions (or the week's)."""
        if not self.is_week():
            return
        index = self.grid.currentIndex()
        if index.isValid():
            rows = self.week.sessions_at(index.row(), index.column())
            day = self.week.day_of(index.column())
            self.agenda_label.setText(
                f"{self.week.row_name(index.row())}, {day:%A %d %B}: {_sessions(len(rows))}"
            )
        else:
            rows = list(self.data.sessions)
            self.agenda_label.setText(
                f"{_sessions(len(rows))} this week. Pick a day in the grid to list its sessions."
            )
        self.agenda_model.set_rows(rows)
        self._update_buttons()

    def _update_buttons(self) -> None:
        row: SessionRow | None = selected_row(self.agenda)
        self.move_button.setEnabled(row is not None and row.status.value == "planned")
        self.history_button.setEnabled(row is not None)

    # --- booking -------------------------------------------------------------------------
    def book(self) -> None:
        self._booking(self.day(), None)

    def move_selected(self) -> None:
        row: SessionRow | None = selected_row(self.agenda)
        if row is not None:
            self._booking(row.starts_at.date(), row)

    def _booking(self, day: date, moving: SessionRow | None) -> None:
        """The booking dialog on `day` (moving a session there, if one is given)."""
        self.runner.run(
            lambda: load_choices(self.services, self.user),
            lambda choices: self._open_booking(choices, day, moving),
            self._failed,
        )

    def _open_booking(self, choices: BookingChoices, day: date, moving: SessionRow | None) -> None:
        self.dialog = BookingDialog(
            self.services, self.user, self.runner, choices, day, moving=moving, parent=self
        )
        self.dialog.booked.connect(lambda _r: self.refresh())
        self.dialog.open()

    def session_dropped(self, session_id: int, column: int) -> None:
        """A session dropped on a day of the grid: the move dialog opens on that day."""
        row = next((s for s in self.data.sessions if s.id == session_id), None)
        if row is not None and row.status.value == "planned":
            self._booking(self.week.day_of(column), row)

    def open_settings(self) -> None:
        from yot_desktop.gui.dialogs.calendar_settings import CalendarSettingsDialog

        self.dialog = CalendarSettingsDialog(
            self.services, self.user, self.runner, self.day(), self
        )
        self.dialog.finished.connect(lambda _r: self.refresh())
        self.dialog.open()

    def show_history(self) -> None:
        row: SessionRow | None = selected_row(self.agenda)
        if row is None:
            return

        def shown(history: tuple[SessionRow, ...]) -> None:
            lines = [
                f"{h.starts_at:%d/%m/%Y %H:%M} — {attendance_words(h.status)}"
                + (f" ({h.where})" if h.where else "")
                for h in history
            ]
            box = QMessageBox(self)
            box.setObjectName("sessionHistory")
            box.setAccessibleName("Session history")
            box.setWindowTitle("Session history")
            intro = (
                "This session has not been moved."
                if len(history) == 1
                else ("Each earlier time is kept when a session is moved:")
            )
            box.setText(intro + "\n\n" + "\n".join(lines))
            self.dialog = box
            box.open()

        self.runner.run(
            lambda: self.services.scheduling.history(self.user, row.id), shown, self._failed
        )
