"""The team's closure days, the bank holidays, and the venues sessions are held in (managers and
administrators)."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from yot_desktop.domain.calendar import bank_holidays
from yot_desktop.domain.enums import Venue
from yot_desktop.gui.delivery_common import dmy, selected_row, table, to_date, to_qdate
from yot_desktop.gui.models import RowsModel
from yot_desktop.gui.tasks import TaskRunner, errors_over
from yot_desktop.gui.widgets import fit_to_screen, named
from yot_desktop.services.container import Services
from yot_desktop.services.delivery.dto import ClosureRow, VenueRow
from yot_desktop.services.dto import CurrentUser

CLOSURE_COLUMNS = [
    ("Date", lambda c: dmy(c.day)),
    ("Day", lambda c: f"{c.day:%A}"),
    ("Reason", lambda c: c.reason),
]
HOLIDAY_COLUMNS = [
    ("Date", lambda h: dmy(h[0])),
    ("Day", lambda h: f"{h[0]:%A}"),
    ("Bank holiday", lambda h: h[1]),
]
VENUE_COLUMNS = [
    ("Name", lambda v: v.name),
    ("Kind", lambda v: v.kind.label),
    ("Sessions at once", lambda v: "No limit" if v.capacity is None else str(v.capacity)),
    # Letters print it; an administrator adds it under Administration, Venues.
    ("Address, or how to join", lambda v: v.address or "Not given yet"),
]


class CalendarSettingsDialog(QDialog):
    def __init__(
        self,
        services: Services,
        user: CurrentUser,
        runner: TaskRunner,
        today: date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._failed = errors_over(self)
        self.setObjectName("calendarSettingsDialog")
        self.setAccessibleName("Closure days and venues")
        self.setWindowTitle("Closure days and venues")
        fit_to_screen(self, 900, 620)
        self.services, self.user, self.runner = services, user, runner

        self.closure_model: RowsModel[ClosureRow] = RowsModel(CLOSURE_COLUMNS, self)
        self.closures = table("closuresTable", "Team closure days", self.closure_model, (100, 110))
        self.closure_date = named(QDateEdit(), "closureDate", "Closure date")
        self.closure_date.setCalendarPopup(True)
        self.closure_date.setDisplayFormat("dd/MM/yyyy")
        self.closure_date.setDate(to_qdate(today))
        self.closure_reason = named(QLineEdit(), "closureReason", "Why the team is closed")
        self.closure_reason.setPlaceholderText("For example: staff training day")
        self.add_closure = named(QPushButton("Add closure day"), "closureAdd", "Add closure day")
        self.remove_closure = named(
            QPushButton("Remove"), "closureRemove", "Remove the selected closure day"
        )
        closure_box = QGroupBox("Team closure days (no sessions are booked on these)")
        cl = QVBoxLayout(closure_box)
        cl.addWidget(self.closures)
        row = QHBoxLayout()
        row.addWidget(self.closure_date)
        row.addWidget(self.closure_reason, 1)
        row.addWidget(self.add_closure)
        row.addWidget(self.remove_closure)
        cl.addLayout(row)

        # Bank holidays come from the calendar of England and Wales: shown, not edited.
        self.holiday_model: RowsModel[tuple[date, str]] = RowsModel(HOLIDAY_COLUMNS, self)
        self.holidays = table(
            "bankHolidaysTable", "Bank holidays in the next year", self.holiday_model, (85, 80)
        )
        self.holiday_model.set_rows(upcoming_bank_holidays(today))
        holiday_box = QGroupBox("Bank holidays (England and Wales)")
        hl = QVBoxLayout(holiday_box)
        hl.addWidget(self.holidays)
        note = QLabel("No sessions are booked on these. They come with the app.")
        note.setWordWrap(True)
        hl.addWidget(note)
        days = QHBoxLayout()
        days.addWidget(closure_box, 1)
        days.addWidget(holiday_box, 1)

        self.venue_model: RowsModel[VenueRow] = RowsModel(VENUE_COLUMNS, self)
        self.venues = table("venuesTable", "Venues", self.venue_model, (190, 100, 120))
        self.venue_name = named(QLineEdit(), "venueName", "Venue name")
        self.venue_name.setPlaceholderText("For example: Newbury office, room 1")
        self.venue_kind = named(QComboBox(), "venueKind", "Kind of venue")
        for kind in Venue:
            self.venue_kind.addItem(kind.label, kind.value)
        self.venue_capacity = named(
            QSpinBox(), "venueCapacity", "Sessions at once", "0 means no limit"
        )
        self.venue_capacity.setRange(0, 50)
        self.venue_capacity.setSpecialValueText("No limit")
        self.save_venue = named(QPushButton("Save venue"), "venueSave", "Save the venue")
        venue_box = QGroupBox("Venues and how many sessions each can hold at once")
        vl = QVBoxLayout(venue_box)
        vl.addWidget(self.venues)
        row = QHBoxLayout()
        row.addWidget(self.venue_name, 1)
        row.addWidget(self.venue_kind)
        row.addWidget(self.venue_capacity)
        row.addWidget(self.save_venue)
        vl.addLayout(row)

        self.message = named(QLabel(), "calendarSettingsMessage", "Result")
        close = named(QPushButton("Close"), "calendarSettingsClose", "Close")
        bottom = QHBoxLayout()
        bottom.addWidget(self.message, 1)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(days)
        layout.addWidget(venue_box)
        layout.addLayout(bottom)

        self.add_closure.clicked.connect(self._add_closure)
        self.remove_closure.clicked.connect(self._remove_closure)
        self.save_venue.clicked.connect(self._save_venue)
        self.venues.selectionModel().currentRowChanged.connect(lambda *_: self._venue_chosen())
        close.clicked.connect(self.accept)
        self.refresh()

    def refresh(self) -> None:
        team = self.user.team_id

        def load() -> tuple[tuple[ClosureRow, ...], tuple[VenueRow, ...]]:
            settings = self.services.calendar_settings
            closures = settings.closures(self.user, team) if team is not None else ()
            return closures, settings.venues(self.user)

        self.runner.run(load, self._loaded, self._failed)

    def _loaded(self, data: tuple[tuple[ClosureRow, ...], tuple[VenueRow, ...]]) -> None:
        self.closure_model.set_rows(data[0])
        self.venue_model.set_rows(data[1])
        self.add_closure.setEnabled(self.user.team_id is not None)

    def _done(self, message: str) -> None:
        self.message.setText(message)
        self.refresh()

    def _add_closure(self) -> None:
        team = self.user.team_id
        if team is None:
            return
        day, reason = to_date(self.closure_date.date()), self.closure_reason.text()
        self.runner.run(
            lambda: self.services.calendar_settings.add_closure(self.user, team, day, reason),
            lambda _r: self._done(f"The team is closed on {dmy(day)}."),
            self._failed,
        )

    def _remove_closure(self) -> None:
        row: ClosureRow | None = selected_row(self.closures)
        if row is None:
            return
        self.runner.run(
            lambda: self.services.calendar_settings.remove_closure(self.user, row.id),
            lambda _r: self._done(f"{dmy(row.day)} is a working day again."),
            self._failed,
        )

    def _venue_chosen(self) -> None:
        row: VenueRow | None = selected_row(self.venues)
        if row is None:
            return
        self.venue_name.setText(row.name)
        self.venue_kind.setCurrentIndex(max(self.venue_kind.findData(row.kind.value), 0))
        self.venue_capacity.setValue(row.capacity or 0)

    def _save_venue(self) -> None:
        name = self.venue_name.text()
        kind = Venue(self.venue_kind.currentData())
        capacity = self.venue_capacity.value() or None
        team = self.user.team_id
        self.runner.run(
            lambda: self.services.calendar_settings.save_venue(
                self.user, name, kind, capacity, team
            ),
            lambda v: self._done(f"Saved {v.name}."),
            self._failed,
        )


def upcoming_bank_holidays(today: date, days: int = 366) -> list[tuple[date, str]]:
    """The bank holidays from `today` for the next year, in date order."""
    end = today + timedelta(days=days)
    found = {**bank_holidays(today.year), **bank_holidays(end.year)}
    return sorted((d, name) for d, name in found.items() if today <= d <= end)
