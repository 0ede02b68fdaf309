"""Today: the day's register (one action per session), then My work and engagement tabs."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from yot_desktop.domain.enums import Attendance
from yot_desktop.gui.delivery_common import (
    attendance_words,
    engagement_words,
    letters_sentence,
    prose_date,
    selected_row,
    session_model,
    table,
    to_date,
)
from yot_desktop.gui.dialogs.mark_dialog import MarkDialog
from yot_desktop.gui.live_refresh import PlaceKeeper
from yot_desktop.gui.master_detail import LatestLoad
from yot_desktop.gui.tasks import TaskRunner, errors_over
from yot_desktop.gui.widgets import EmptyState, named
from yot_desktop.services.changes import Changes
from yot_desktop.services.container import Services
from yot_desktop.services.delivery.dto import MarkResult, SessionRow
from yot_desktop.services.dto import CurrentUser

# (button text, value, needs the dialog for a reason)
ACTIONS = [
    ("Attended", Attendance.ATTENDED, False),
    ("Late", Attendance.LATE, False),
    ("Did not attend…", Attendance.DID_NOT_ATTEND, True),
    ("Cancelled by young person…", Attendance.CANCELLED_BY_YOUNG_PERSON, True),
    ("Cancelled by service", Attendance.CANCELLED_BY_SERVICE, False),
]


class RegisterPanel(QWidget):
    """The sessions of one day for me or my team; mark each with one action."""

    marked = Signal(object)  # MarkResult
    import_requested = Signal()

    def __init__(
        self,
        services: Services,
        user: CurrentUser,
        runner: TaskRunner,
        today: Callable[[], date],
    ) -> None:
        super().__init__()
        self._failed = errors_over(self)
        self.setObjectName("registerPanel")
        self.services, self.user, self.runner = services, user, runner
        self.today = today
        self.loads = LatestLoad(runner, self._failed)
        self.dialog: MarkDialog | None = None

        self.heading = named(QLabel(), "registerHeading", "Register date")
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.heading.setFont(font)
        self.previous = named(QPushButton("◀ Previous day"), "registerPrevious", "Previous day")
        self.today_button = named(QPushButton("Today"), "registerToday", "Go to today")
        self.next = named(QPushButton("Next day ▶"), "registerNext", "Next day")
        self.date_edit = named(QDateEdit(), "registerDate", "Date of the register")
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("dd/MM/yyyy")
        self.mine = named(QRadioButton("My sessions"), "registerMine", "Show my sessions")
        self.team = named(QRadioButton("My team"), "registerTeam", "Show my team's sessions")
        self.mine.setChecked(True)
        scope = QButtonGroup(self)
        scope.addButton(self.mine)
        scope.addButton(self.team)
        self.import_button = named(
            QPushButton("Import a provider's register…"),
            "registerImport",
            "Import a provider's attendance register",
        )
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        for w in (self.previous, self.today_button, self.next, self.date_edit):
            top.addWidget(w)
        scope_row = QHBoxLayout()
        scope_row.addWidget(self.mine)
        scope_row.addWidget(self.team)
        scope_row.addStretch(1)
        scope_row.addWidget(self.import_button)

        self.model = session_model(parent=self)
        self.table = table(
            "registerTable", "Sessions on the register", self.model, (100, 200, 110, 190, 150, 150)
        )
        self.place = PlaceKeeper(self.table)  # a live reload keeps the list where it was
        self.empty = EmptyState(
            "registerEmpty",
            "No sessions on this day",
            "Sessions booked in the Calendar appear here on their day, so you can mark who "
            "came with one click.",
        )
        self.list_stack = QStackedWidget()
        self.list_stack.addWidget(self.table)
        self.list_stack.addWidget(self.empty)

        self.buttons: dict[Attendance, QPushButton] = {}
        actions = QHBoxLayout()
        for text, value, _dialog in ACTIONS:
            button = named(
                QPushButton(text), f"mark_{value.value}", f"Mark {attendance_words(value)}"
            )
            button.clicked.connect(lambda _c=False, v=value: self.mark_selected(v))
            self.buttons[value] = button
            actions.addWidget(button)
        actions.addStretch(1)
        self.correct_button = named(
            QPushButton("Correct the mark…"), "markCorrect", "Correct the attendance mark"
        )
        self.correct_button.clicked.connect(self.correct_selected)
        actions.addWidget(self.correct_button)
        self.result = named(QLabel(), "registerResult", "What was recorded")
        self.result.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(scope_row)
        layout.addWidget(self.list_stack, 1)
        layout.addLayout(actions)
        layout.addWidget(self.result)

        self.previous.clicked.connect(lambda: self._move(-1))
        self.next.clicked.connect(lambda: self._move(1))
        self.today_button.clicked.connect(lambda: self.set_day(self.today()))
        self.date_edit.dateChanged.connect(lambda _d: self.refresh())
        self.mine.toggled.connect(lambda _on: self.refresh())
        self.import_button.clicked.connect(self.import_requested)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._update_buttons())
        self.set_day(today())

    # --- loading -------------------------------------------------------------------------
    def day(self) -> date:
        return to_date(self.date_edit.date())

    def set_day(self, day: date) -> None:
        if to_date(self.date_edit.date()) == day:
            self.refresh()
        else:
            self.date_edit.setDate(QDate(day.year, day.month, day.day))

    def _move(self, days: int) -> None:
        self.set_day(self.day() + timedelta(days=days))

    def refresh(self) -> None:
        day, mine = self.day(), self.mine.isChecked()
        label = "Today" if day == self.today() else prose_date(day)
        self.heading.setText(f"{label} — {day:%A} {prose_date(day)}" if label == "Today" else label)
        self.loads.run(
            lambda: self.services.attendance.register(self.user, day, mine_only=mine),
            self._loaded,
        )

    def _loaded(self, rows: tuple[SessionRow, ...]) -> None:
        selected = selected_row(self.table)
        self.model.set_rows(rows)
        self.list_stack.setCurrentWidget(self.table if rows else self.empty)
        if selected is not None:
            for i, row in enumerate(rows):
                if row.id == selected.id:
                    self.table.selectRow(i)
        self._update_buttons()

    def _update_buttons(self) -> None:
        row: SessionRow | None = selected_row(self.table)
        planned = row is not None and row.status is Attendance.PLANNED
        for button in self.buttons.values():
            button.setEnabled(planned)
        self.correct_button.setEnabled(row is not None and not planned)

    # --- marking -------------------------------------------------------------------------
    def select_session(self, session_id: int) -> None:
        for i in range(self.model.rowCount()):
            row = self.model.row_at(i)
            if row is not None and row.id == session_id:
                self.table.selectRow(i)
                return

    def mark_selected(self, value: Attendance) -> None:
        row: SessionRow | None = selected_row(self.table)
        if row is None:
            return
        if dict((v, d) for _t, v, d in ACTIONS)[value]:
            self.dialog = MarkDialog(row, value, parent=self)
            self.dialog.accepted.connect(lambda: self._dialog_done(row))
            self.dialog.open()
            return
        self._save(lambda: self.services.attendance.mark(self.user, row.id, row.version, value))

    def correct_selected(self) -> None:
        row: SessionRow | None = selected_row(self.table)
        if row is None:
            return
        self.dialog = MarkDialog(row, row.status, correcting=True, parent=self)
        self.dialog.accepted.connect(lambda: self._dialog_done(row))
        self.dialog.open()

    def _dialog_done(self, row: SessionRow) -> None:
        assert self.dialog is not None
        value, reason, evidence, note = self.dialog.values()
        attendance = self.services.attendance
        if self.dialog.correcting:
            self._save(
                lambda: attendance.correct(
                    self.user,
                    row.id,
                    row.version,
                    value,
                    note=note,
                    reason=reason,
                    evidence_received=evidence,
                )
            )
        else:
            self._save(
                lambda: attendance.mark(
                    self.user,
                    row.id,
                    row.version,
                    value,
                    reason=reason,
                    evidence_received=evidence,
                )
            )

    def _save(self, call: Callable[[], MarkResult]) -> None:
        self.runner.run(call, self._saved, self._failed)

    def _saved(self, result: MarkResult) -> None:
        s = result.session
        parts = [f"{s.person_name}: {attendance_words(s.status).lower()}."]
        if result.follow_up_due is not None:
            parts.append(f"Follow-up due {prose_date(result.follow_up_due)}.")
        if result.letters:
            parts.append(letters_sentence(result.letters))
        if result.engagement is not None:
            parts.append(f"Engagement: {engagement_words(result.engagement).lower()}.")
        if result.completion_due:
            parts.append("Every required session is attended: confirm completion in My work.")
        self.result.setText(" ".join(parts))
        self.marked.emit(result)
        self.refresh()


class TodayScreen(QWidget):
    """The day's register, with My work and (for managers) engagement decisions beside it."""

    def __init__(
        self,
        services: Services,
        user: CurrentUser,
        runner: TaskRunner,
        today: Callable[[], date] | None = None,
    ) -> None:
        super().__init__()
        self.setObjectName("todayScreen")
        from yot_desktop.gui.screens.engagement import EngagementPanel
        from yot_desktop.gui.screens.my_work import MyWorkPanel

        clock = today or (lambda: services.ctx.clock().date())
        self.tabs = named(QTabWidget(), "todayTabs", "Today")
        self.register = RegisterPanel(services, user, runner, clock)
        self.my_work = MyWorkPanel(services, user, runner, clock)
        self.engagement = EngagementPanel(services, user, runner)
        self.tabs.addTab(self.register, "Register")
        self.tabs.addTab(self.my_work, "My work")
        self.tabs.addTab(self.engagement, "Engagement and completion")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
        self.tabs.currentChanged.connect(lambda _i: self.refresh())
        self.register.import_requested.connect(self.import_register)
        self.import_dialog: Any = None

    def refresh(self) -> None:
        widget = self.tabs.currentWidget()
        refresh = getattr(widget, "refresh", None)
        if callable(refresh):
            refresh()

    def live_refresh(self, changes: Changes) -> None:
        """Another PC marked, booked or moved a session: the register (or My work) shows it,
        keeping the selected session and the scroll."""
        if not changes.touches(
            "sessions", "attendance_marks", "programmes", "referrals", "young_people", "follow_ups"
        ):
            return
        if self.tabs.currentWidget() is self.register:
            self.register.place.hold()
            self.register.refresh()
        elif self.tabs.currentWidget() is self.my_work:
            self.my_work.refresh()

    def show_my_work(self) -> None:
        self.tabs.setCurrentWidget(self.my_work)

    def import_register(self) -> None:
        from yot_desktop.gui.dialogs.attendance_import import AttendanceImportDialog

        self.import_dialog = AttendanceImportDialog(
            self.register.services, self.register.user, self.register.runner, self
        )
        self.import_dialog.imported.connect(lambda _p: self.register.refresh())
        self.import_dialog.open()
