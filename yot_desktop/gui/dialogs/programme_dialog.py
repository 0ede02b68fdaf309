"""A young person's programme: start it from the scheme's standard plan, then tailor it (add,
remove, reorder, provider, worker) and book the sessions not yet booked."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, time
from typing import Any

from PySide6.QtCore import QDate, Qt, QTime
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from yot_desktop.domain.enums import Venue
from yot_desktop.gui.delivery_common import (
    PROGRAMME_SESSION_COLUMNS,
    dmy,
    engagement_words,
    prose_date,
    session_model,
    table,
    to_date,
)
from yot_desktop.gui.dialogs.base import ServiceDialog
from yot_desktop.gui.dialogs.programme_start import ProposedSessions
from yot_desktop.gui.models import RowsModel
from yot_desktop.gui.tasks import TaskRunner
from yot_desktop.gui.widgets import fit_to_screen, named
from yot_desktop.services.container import Services
from yot_desktop.services.delivery.dto import (
    InterventionRow,
    ProgrammeDetail,
    ProgrammeItemRow,
    ReferralChoice,
    VenueRow,
    WorkerRow,
)
from yot_desktop.services.delivery.programmes import StartPlan
from yot_desktop.services.dto import CurrentUser

ITEM_COLUMNS = [
    ("#", lambda i: str(i.position + 1)),
    ("Intervention", lambda i: i.label),
    ("Sessions", lambda i: str(i.planned_count)),
    ("Booked", lambda i: str(i.booked)),
    ("Minutes", lambda i: str(i.minutes)),
    ("Provider", lambda i: i.provider),
    ("Worker", lambda i: i.worker_name or "Not assigned"),
]


def _time(edit: QTimeEdit) -> time:
    t = edit.time()
    return time(t.hour(), t.minute())


class ProgrammeDialog(ServiceDialog):
    def __init__(
        self,
        services: Services,
        user: CurrentUser,
        runner: TaskRunner,
        choice: ReferralChoice,
        today: date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            services,
            user,
            runner,
            parent,
            name="programmeDialog",
            title=f"Programme — {choice.person_name} ({choice.crime_reference})",
            accessible_name=f"Programme for {choice.person_name}",
        )
        fit_to_screen(self, 920, 640)
        self.choice = choice
        self.detail: ProgrammeDetail | None = None
        self.catalogue: tuple[InterventionRow, ...] = ()
        self.workers: tuple[WorkerRow, ...] = ()

        self.summary = named(QLabel(), "programmeSummary", "Programme summary")
        self.summary.setWordWrap(True)
        # Starting.
        self.start_box = QGroupBox("Start the programme")
        self.start_date = named(QDateEdit(), "programmeStartDate", "First session date")
        self.start_date.setCalendarPopup(True)
        self.start_date.setDisplayFormat("dd/MM/yyyy")
        self.start_date.setDate(QDate(today.year, today.month, today.day))
        self.start_time = named(QTimeEdit(), "programmeStartTime", "Session time")
        self.start_time.setDisplayFormat("HH:mm")
        self.start_time.setTime(QTime(16, 0))
        self.start_button = named(
            QPushButton("Record acceptance and book these sessions"),
            "programmeStart",
            "Record acceptance and book these sessions",
        )
        self.start_button.setEnabled(False)
        self.proposed = ProposedSessions(lambda: self.recheck())
        self.proposed_summary = QLabel()
        self.proposed_summary.setObjectName("proposedSummary")
        self.proposed_summary.setWordWrap(True)
        intro = QLabel(
            "Starts from the scheme's standard plan: one session a week on working days "
            "(bank holidays and team closures are skipped). A session that clashes with "
            "the diary is moved to the nearest free time; change any date or time below."
        )
        intro.setWordWrap(True)
        when_row = QHBoxLayout()
        first_label = QLabel("First session")
        first_label.setBuddy(self.start_date)
        time_label = QLabel("Time")
        time_label.setBuddy(self.start_time)
        # Where (issue 15, point 1): one of the team's venues; letters print its address.
        self.start_venue = named(
            QComboBox(),
            "programmeVenue",
            "Venue",
            "Where the sessions are: letters print the venue's address",
        )
        venue_label = QLabel("Venue")
        venue_label.setBuddy(self.start_venue)
        for part in (
            first_label,
            self.start_date,
            time_label,
            self.start_time,
            venue_label,
            self.start_venue,
        ):
            when_row.addWidget(part)
        when_row.addStretch(1)
        button_row = QHBoxLayout()
        button_row.addStretch(1)
        button_row.addWidget(self.start_button)
        start_layout = QVBoxLayout(self.start_box)
        start_layout.addWidget(intro)
        start_layout.addLayout(when_row)
        start_layout.addWidget(self.proposed_summary)
        start_layout.addWidget(self.proposed)
        start_layout.addLayout(button_row)
        start_layout.addStretch(1)
        self._plan_generation = 0
        # The plan.
        self.plan_box = QGroupBox("The plan")
        self.items_model: RowsModel[ProgrammeItemRow] = RowsModel(ITEM_COLUMNS, self)
        self.items = table(
            "programmeItems",
            "Interventions in the plan",
            self.items_model,
            (30, 220, 70, 70, 70, 160),
        )
        self.add_code = named(QComboBox(), "programmeAddCode", "Intervention to add")
        self.add_count = named(QSpinBox(), "programmeAddCount", "Sessions of it")
        self.add_count.setRange(1, 52)
        self.add_button = named(QPushButton("Add"), "programmeAdd", "Add the intervention")
        self.up_button = named(QPushButton("Move up"), "programmeUp", "Move up")
        self.down_button = named(QPushButton("Move down"), "programmeDown", "Move down")
        self.remove_button = named(QPushButton("Remove"), "programmeRemove", "Remove")
        add_row = QHBoxLayout()
        add_row.addWidget(QLabel("Add"))
        add_row.addWidget(self.add_code, 1)
        add_row.addWidget(self.add_count)
        add_row.addWidget(self.add_button)
        add_row.addStretch(1)
        for b in (self.up_button, self.down_button, self.remove_button):
            add_row.addWidget(b)
        self.edit_count = named(QSpinBox(), "programmeEditCount", "Sessions planned")
        self.edit_count.setRange(1, 52)
        self.edit_minutes = named(QSpinBox(), "programmeEditMinutes", "Minutes each")
        self.edit_minutes.setRange(15, 240)
        self.edit_minutes.setSingleStep(15)
        self.edit_provider = named(QLineEdit(), "programmeEditProvider", "Provider")
        self.edit_worker = named(QComboBox(), "programmeEditWorker", "Worker")
        self.apply_button = named(
            QPushButton("Save changes to this line"), "programmeApply", "Save changes"
        )
        edit_row = QHBoxLayout()
        for label, w in (
            ("Sessions", self.edit_count),
            ("Minutes", self.edit_minutes),
            ("Provider", self.edit_provider),
            ("Worker", self.edit_worker),
        ):
            edit_row.addWidget(QLabel(label))
            edit_row.addWidget(w)
        edit_row.addWidget(self.apply_button)
        self.book_date = named(QDateEdit(), "programmeBookDate", "Book from")
        self.book_date.setCalendarPopup(True)
        self.book_date.setDisplayFormat("dd/MM/yyyy")
        self.book_date.setDate(QDate(today.year, today.month, today.day))
        self.book_time = named(QTimeEdit(), "programmeBookTime", "Time")
        self.book_time.setDisplayFormat("HH:mm")
        self.book_time.setTime(QTime(16, 0))
        self.book_button = named(
            QPushButton("Book the sessions not yet booked"),
            "programmeBookRemaining",
            "Book the sessions not yet booked, weekly",
        )
        book_row = QHBoxLayout()
        book_row.addWidget(QLabel("Weekly from"))
        book_row.addWidget(self.book_date)
        book_row.addWidget(QLabel("at"))
        book_row.addWidget(self.book_time)
        book_row.addStretch(1)
        book_row.addWidget(self.book_button)
        plan_layout = QVBoxLayout(self.plan_box)
        plan_layout.addWidget(self.items, 1)
        plan_layout.addLayout(add_row)
        plan_layout.addLayout(edit_row)
        plan_layout.addLayout(book_row)
        self.sessions_model = session_model(PROGRAMME_SESSION_COLUMNS, self)
        self.sessions = table(
            "programmeSessions",
            "Sessions of the programme",
            self.sessions_model,
            (90, 100, 220, 130, 160),
        )
        self.message = named(QLabel(), "programmeMessage", "Result")
        self.message.setWordWrap(True)
        close = named(QPushButton("Close"), "programmeClose", "Close")
        bottom = QHBoxLayout()
        bottom.addWidget(self.message, 1)
        bottom.addWidget(close)

        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.start_box, 3)
        layout.addWidget(self.plan_box, 2)
        self.sessions_label = QLabel("Sessions")
        layout.addWidget(self.sessions_label)
        layout.addWidget(self.sessions, 1)
        layout.addLayout(bottom)

        self.start_button.clicked.connect(lambda: self.start())
        self.start_date.dateChanged.connect(lambda _d: self.plan())
        self.start_time.timeChanged.connect(lambda _t: self.plan())
        self.add_button.clicked.connect(lambda: self.add())
        self.remove_button.clicked.connect(lambda: self._with_index(self._remove))
        self.up_button.clicked.connect(lambda: self._with_index(lambda i: self._move(i, i - 1)))
        self.down_button.clicked.connect(lambda: self._with_index(lambda i: self._move(i, i + 1)))
        self.apply_button.clicked.connect(lambda: self._with_index(self._apply))
        self.book_button.clicked.connect(lambda: self.book_remaining())
        self.items.selectionModel().currentRowChanged.connect(lambda *_: self._item_chosen())
        close.clicked.connect(self.accept)
        self.reload()

    # --- loading -------------------------------------------------------------------------
    def reload(self) -> None:
        services, user, rid = self.services, self.user, self.choice.referral_id

        def load() -> tuple[Any, ...]:
            return (
                services.programmes.get(user, rid),
                services.programmes.catalogue(user),
                services.scheduling.workers(user),
                services.calendar_settings.venues(user),
            )

        self.run(load, self._loaded)

    def _loaded(self, data: tuple[Any, ...]) -> None:
        detail, self.catalogue, self.workers, venues = data
        self._fill_venues(venues)
        self.add_code.clear()
        for i in self.catalogue:
            self.add_code.addItem(i.label, i.code)
        self.edit_worker.clear()
        self.edit_worker.addItem("Not assigned", None)
        for w in self.workers:
            self.edit_worker.addItem(w.name, w.id)
        self.show_detail(detail)

    def _fill_venues(self, venues: tuple[VenueRow, ...]) -> None:
        """The young person's team's venues, the office first; else the YOT office unnamed."""
        team = self.choice.team_id
        listed = [v for v in venues if team is None or v.team_id in (None, team)]
        listed.sort(key=lambda v: (v.kind is not Venue.YOT_OFFICE, v.name.casefold()))
        keep = self.start_venue.currentData()
        self.start_venue.clear()
        for v in listed:
            self.start_venue.addItem(v.name, v.id)
            self.start_venue.setItemData(
                self.start_venue.count() - 1,
                v.address or "No address recorded",
                Qt.ItemDataRole.ToolTipRole,
            )
        if not listed:
            self.start_venue.addItem("YOT office (the team has no venues listed)", None)
        self.start_venue.setCurrentIndex(max(self.start_venue.findData(keep), 0))

    def show_detail(self, detail: ProgrammeDetail | None) -> None:
        self.detail = detail
        started = detail is not None
        self.start_box.setVisible(not started)
        # Before the start, only the proposed sessions matter; the plan and list come after.
        for w in (self.plan_box, self.sessions_label, self.sessions):
            w.setVisible(started)
        self.plan_box.setEnabled(detail is not None and detail.status == "active")
        if detail is None:
            self.plan()
            self.summary.setText(
                f"<b>{self.choice.person_name}</b> ({self.choice.crime_reference}, "
                f"scheme {self.choice.scheme_code}) has no programme yet. Starting it records "
                "that the young person accepted the offer."
            )
            self.items_model.set_rows([])
            self.sessions_model.set_rows([])
            return
        self.summary.setText(
            f"<b>{detail.person_name}</b> ({detail.crime_reference}) — started "
            f"{prose_date(detail.start_date)}, deadline <b>{prose_date(detail.deadline)}</b>. "
            f"Attended {detail.sessions_attended} of {detail.sessions_required}; "
            f"{engagement_words(detail.engagement).lower()}. Status: "
            f"{detail.status.replace('_', ' ')}."
        )
        self.items_model.set_rows(detail.items)
        self.sessions_model.set_rows(detail.sessions)
        self.book_date.setMinimumDate(QDate(1900, 1, 1))
        last = max((s.starts_at.date() for s in detail.sessions), default=detail.start_date)
        if to_date(self.book_date.date()) <= last:
            self.book_date.setDate(QDate(last.year, last.month, last.day).addDays(7))

    def _item_chosen(self) -> None:
        item = self.items_model.row_at(self.items.currentIndex().row())
        if item is None:
            return
        self.edit_count.setValue(item.planned_count)
        self.edit_minutes.setValue(item.minutes)
        self.edit_provider.setText(item.provider)
        self.edit_worker.setCurrentIndex(max(self.edit_worker.findData(item.worker_id), 0))

    # --- actions -------------------------------------------------------------------------
    def plan(self) -> None:
        """Propose each session's time for the chosen start (nothing is written)."""
        if self.detail is not None:
            return
        self._plan_generation += 1
        generation = self._plan_generation
        start, at = to_date(self.start_date.date()), _time(self.start_time)
        rid = self.choice.referral_id
        self.start_button.setEnabled(False)
        self.proposed_summary.setText("Checking the diary…")

        def planned(plan: StartPlan) -> None:
            if generation != self._plan_generation:
                return  # the date or time has changed since
            self.proposed.show_plan(plan)
            self._show_proposed_state()

        def failed(exc: BaseException, tb: str) -> None:
            if generation == self._plan_generation:
                self.proposed_summary.setText("")
                self._failed(exc, tb)

        self.run(
            lambda: self.services.programmes.plan_start(self.user, rid, start=start, at=at),
            planned,
            failed,
        )

    def recheck(self) -> None:
        """Check the times the worker typed against the diary (nothing is written)."""
        self._plan_generation += 1
        generation = self._plan_generation
        start, at = to_date(self.start_date.date()), _time(self.start_time)
        rid, sessions = self.choice.referral_id, self.proposed.chosen()
        self.start_button.setEnabled(False)

        def checked(plan: StartPlan) -> None:
            if generation != self._plan_generation:
                return
            self.proposed.show_check(plan)
            self._show_proposed_state()

        def failed(exc: BaseException, tb: str) -> None:
            if generation == self._plan_generation:
                self._show_proposed_state()
                self._failed(exc, tb)

        self.run(
            lambda: self.services.programmes.plan_start(
                self.user, rid, start=start, at=at, sessions=sessions
            ),
            checked,
            failed,
        )

    def _show_proposed_state(self) -> None:
        self.proposed_summary.setText(self.proposed.summary())
        self.start_button.setEnabled(
            bool(self.proposed.rows) and not self.proposed.checking and not self.proposed.clashing()
        )

    def start(self) -> None:
        start, at = to_date(self.start_date.date()), _time(self.start_time)
        rid = self.choice.referral_id
        sessions = self.proposed.chosen() or None

        def done(result: Any) -> None:
            days = ", ".join(
                f"{dmy(s.starts_at.date())} {s.starts_at:%H:%M}" for s in result.booked
            )
            warn = " ".join(w.message for w in result.warnings)
            self.message.setText(f"Programme started. Sessions booked on {days}. {warn}".strip())
            self.show_detail(result.programme)

        venue_id = self.start_venue.currentData()
        self.run(
            lambda: self.services.programmes.start(
                self.user, rid, start=start, at=at, sessions=sessions, venue_id=venue_id
            ),
            done,
        )

    def _with_index(self, action: Callable[[int], None]) -> None:
        index = self.items.currentIndex()
        if index.isValid() and self.detail is not None:
            action(index.row())

    def _edit(self, call: Callable[[ProgrammeDetail], ProgrammeDetail], message: str) -> None:
        detail = self.detail
        assert detail is not None

        def done(new: ProgrammeDetail) -> None:
            self.message.setText(message)
            self.show_detail(new)

        self.run(lambda: call(detail), done)

    def add(self) -> None:
        if self.detail is None:
            return
        code, count = self.add_code.currentData(), self.add_count.value()
        p = self.services.plans
        self._edit(
            lambda d: p.add_item(self.user, d.id, d.version, code, planned_count=count),
            f"Added {self.add_code.currentText()}.",
        )

    def _remove(self, index: int) -> None:
        p = self.services.plans
        self._edit(lambda d: p.remove_item(self.user, d.id, d.version, index), "Removed.")

    def _move(self, index: int, to: int) -> None:
        if self.detail is None or not 0 <= to < len(self.detail.items):
            return
        p = self.services.plans
        self._edit(lambda d: p.move_item(self.user, d.id, d.version, index, to), "Moved.")

    def _apply(self, index: int) -> None:
        p = self.services.plans
        count, minutes = self.edit_count.value(), self.edit_minutes.value()
        provider, worker = self.edit_provider.text(), self.edit_worker.currentData()
        self._edit(
            lambda d: p.update_item(
                self.user,
                d.id,
                d.version,
                index,
                planned_count=count,
                minutes=minutes,
                provider=provider,
                worker_id=worker,
            ),
            "Saved.",
        )

    def book_remaining(self) -> None:
        if self.detail is None:
            return
        pid, first, at = self.detail.id, to_date(self.book_date.date()), _time(self.book_time)

        def done(result: Any) -> None:
            days = ", ".join(dmy(s.starts_at.date()) for s in result.sessions)
            self.message.setText(f"Booked {len(result.sessions)} sessions: {days}.")
            self.reload()

        self.run(
            lambda: self.services.programmes.book_remaining(
                self.user, pid, first, at, accept_warnings=True
            ),
            done,
        )
