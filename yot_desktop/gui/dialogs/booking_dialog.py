"""Booking (or moving) a session: conflicts are checked as the user types and explained before
anything is saved. Errors block saving; warnings must be acknowledged."""

from __future__ import annotations

from datetime import date, datetime, time

from PySide6.QtCore import QDate, Qt, QTime, QTimer, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QTimeEdit,
    QWidget,
)

from yot_desktop.domain.calendar import long_date, weekday_name
from yot_desktop.domain.enums import Venue
from yot_desktop.domain.scheduling import Conflict, Severity
from yot_desktop.gui.delivery_common import to_date
from yot_desktop.gui.tasks import TaskRunner, errors_over
from yot_desktop.gui.widgets import (
    configure_item_view,
    error_colour,
    is_dark,
    named,
    scroll_when_small,
)
from yot_desktop.services.container import Services
from yot_desktop.services.delivery.dto import (
    BookingChoices,
    SessionProposal,
    SessionRow,
    VenueRow,
)
from yot_desktop.services.dto import CurrentUser

OTHER_PLACE = "Another place (not in the list)"


def load_choices(services: Services, user: CurrentUser) -> BookingChoices:
    """What the dialog's lists offer: call off the GUI thread, before it opens."""
    return services.programmes.booking_choices(user)


class BookingDialog(QDialog):
    booked = Signal(object)  # BookingResult or SessionRow (moved)

    def __init__(
        self,
        services: Services,
        user: CurrentUser,
        runner: TaskRunner,
        choices: BookingChoices,
        day: date,
        *,
        moving: SessionRow | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._failed = errors_over(self)
        self.services, self.user, self.runner = services, user, runner
        self.moving = moving
        title = "Move a session" if moving else "Book a session"
        self.setObjectName("bookingDialog")
        self.setAccessibleName(title)
        self.setWindowTitle(title)
        self.setMinimumWidth(560)
        self.conflicts: tuple[Conflict, ...] = ()
        self._generation = 0

        form = QFormLayout(self)
        self.referral = named(QComboBox(), "bookReferral", "Young person and referral")
        self._referrals = choices.referrals
        for r in choices.referrals:
            self.referral.addItem(f"{r.person_name} — {r.crime_reference}", r.referral_id)
        self.intervention = named(QComboBox(), "bookIntervention", "Type of session")
        for i in choices.interventions:
            self.intervention.addItem(i.label, (i.code, i.default_minutes))
        self.date = named(QDateEdit(), "bookDate", "Date")
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("dd/MM/yyyy")
        self.date.setDate(QDate(day.year, day.month, day.day))
        self.time = named(QTimeEdit(), "bookTime", "Start time")
        self.time.setDisplayFormat("HH:mm")
        self.time.setTime(QTime(16, 0))
        self.minutes = named(QSpinBox(), "bookMinutes", "Length in minutes")
        self.minutes.setRange(15, 240)
        self.minutes.setSingleStep(15)
        self.minutes.setValue(60)
        self.minutes.setSuffix(" minutes")
        self.worker = named(QComboBox(), "bookWorker", "Worker")
        self.worker.addItem("Nobody yet", None)
        for w in choices.workers:
            self.worker.addItem(w.name, w.id)
        index = self.worker.findData(user.id)
        self.worker.setCurrentIndex(max(index, 0))
        self.venue = named(QComboBox(), "bookVenue", "Kind of place")
        for kind in Venue:
            self.venue.addItem(kind.label, kind)
        # The team's venues (their address goes on the letters), or a place typed in.
        self.all_venues = choices.venues
        self.venue_name = named(
            QComboBox(),
            "bookVenueName",
            "Venue",
            "Choose one of the team's venues: letters print its address",
        )
        self.venue_other = named(
            QLineEdit(),
            "bookVenueOther",
            "Name of the other place",
            "A place not in the team's list: letters give its name but no address",
        )
        self.venue_other.setPlaceholderText("For example: Trinity School, room 4")
        self.venue_address = named(QLabel(), "bookVenueAddress", "Venue address")
        self.venue_address.setWordWrap(True)
        self.repeat = named(
            QSpinBox(), "bookRepeat", "Number of weekly sessions", "Working days only"
        )
        self.repeat.setRange(1, 52)
        self.repeat.setSuffix(" session(s), one a week on working days")

        form.addRow("Young person", self.referral)
        form.addRow("Session", self.intervention)
        form.addRow("Date", self.date)
        form.addRow("Start time", self.time)
        form.addRow("Length", self.minutes)
        form.addRow("Worker", self.worker)
        form.addRow("Venue", self.venue_name)
        form.addRow("Other place", self.venue_other)
        form.addRow("", self.venue_address)
        self._form = form
        self._fill_venues(choices.referrals[0].team_id if choices.referrals else None)
        form.addRow("Kind of place", self.venue)
        form.addRow("Repeat", self.repeat)
        self.conflict_list = named(
            QListWidget(), "bookConflicts", "Problems with this time", "Checked before saving"
        )
        configure_item_view(self.conflict_list)
        self.conflict_list.setWordWrap(True)
        self.conflict_list.setMinimumHeight(110)
        self.summary = named(QLabel("Checking…"), "bookSummary", "Check result")
        self.summary.setWordWrap(True)
        form.addRow(self.summary)
        form.addRow(self.conflict_list)
        # A way forward when the time clashes: the nearest free time (issue 14, point 5).
        self.nearest: datetime | None = None
        self.nearest_button = named(
            QPushButton("Use the nearest free time"),
            "bookNearestFree",
            "Use the nearest free time",
            "Moves the date and time to the nearest time that is free in the diary",
        )
        self.nearest_button.hide()
        self.nearest_button.clicked.connect(lambda: self._use_nearest())
        form.addRow(self.nearest_button)
        self.accept_warnings = named(
            QCheckBox("I have checked the warnings: book anyway"),
            "bookAcceptWarnings",
            "Book despite the warnings",
        )
        self.accept_warnings.hide()
        form.addRow(self.accept_warnings)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save = named(
            buttons.button(QDialogButtonBox.StandardButton.Save),
            "bookSave",
            "Move the session" if moving else "Book",
        )
        self.save.setText("Move" if moving else "Book")
        named(buttons.button(QDialogButtonBox.StandardButton.Cancel), "bookCancel", "Cancel")
        buttons.accepted.connect(self.save_booking)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        scroll_when_small(self, keep=[buttons])  # a small screen: all but the buttons scrolls

        self.venue_name.currentIndexChanged.connect(lambda _i: self._venue_picked())
        self.venue_other.textChanged.connect(lambda _t: self._venue_picked())
        self.referral.currentIndexChanged.connect(lambda _i: self._referral_changed())
        if moving is not None:
            self._fill_from(moving)
        else:
            self._intervention_changed()
            self.intervention.currentIndexChanged.connect(self._intervention_changed)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(200)
        self._debounce.timeout.connect(self.check)
        for signal in (
            self.referral.currentIndexChanged,
            self.date.dateChanged,
            self.time.timeChanged,
            self.minutes.valueChanged,
            self.worker.currentIndexChanged,
            self.venue.currentIndexChanged,
            self.venue_name.currentIndexChanged,
            self.venue_other.textChanged,
            self.repeat.valueChanged,
        ):
            signal.connect(self._debounce.start)
        self.accept_warnings.toggled.connect(self._update_save)
        self.check()

    # --- the venue -----------------------------------------------------------------------
    def _fill_venues(self, team_id: int | None) -> None:
        """The venues of the young person's team (and those of every team), then "another
        place" for one not in the list."""
        keep = self.venue_name.currentData()
        self.venue_name.blockSignals(True)
        self.venue_name.clear()
        self._listed = [
            v for v in self.all_venues if team_id is None or v.team_id in (None, team_id)
        ]
        for v in self._listed:
            self.venue_name.addItem(v.name, v.id)
            tips = [v.address or "No address recorded"]
            if v.capacity is not None:
                tips.append(f"Holds {v.capacity} session{'s' * (v.capacity != 1)} at a time")
            self.venue_name.setItemData(
                self.venue_name.count() - 1, "\n".join(tips), Qt.ItemDataRole.ToolTipRole
            )
        self.venue_name.addItem(OTHER_PLACE, None)
        index = self.venue_name.findData(keep) if keep is not None else -1
        if index < 0:  # the team's office, else the first in the list
            office = [i for i, v in enumerate(self._listed) if v.kind is Venue.YOT_OFFICE]
            index = office[0] if office else 0
        self.venue_name.setCurrentIndex(index)
        self.venue_name.blockSignals(False)
        self._venue_picked()

    def _referral_changed(self) -> None:
        if self.moving is not None:
            return
        team_id = next(
            (r.team_id for r in self._referrals if r.referral_id == self.referral.currentData()),
            None,
        )
        self._fill_venues(team_id)

    def chosen_venue(self) -> VenueRow | None:
        """The listed venue chosen, else None (another place, typed in)."""
        venue_id = self.venue_name.currentData()
        return next((v for v in self.all_venues if v.id == venue_id), None)

    def _venue_picked(self) -> None:
        venue = self.chosen_venue()
        self.venue.setEnabled(venue is None)
        self._form.setRowVisible(self.venue_other, venue is None)
        if venue is not None:
            self.venue.setCurrentIndex(max(self.venue.findData(venue.kind), 0))
            self.venue_address.setText(venue.address or "No address recorded for this venue.")
        elif self.venue_other.text().strip():
            self.venue_address.setText(
                "Not one of the team's venues: letters will give this name but no address. "
                "An administrator can add it under Administration, Venues."
            )
        else:
            self.venue_address.setText(
                "Type the place, or choose one of the team's venues: letters print its address."
            )

    def _fill_from(self, s: SessionRow) -> None:
        self.referral.clear()
        self.referral.addItem(f"{s.person_name} — {s.crime_reference}", s.referral_id)
        self.referral.setEnabled(False)
        i = self.intervention.findText(s.intervention_label)
        if i < 0:
            self.intervention.addItem(s.intervention_label, (s.intervention, s.minutes))
            i = self.intervention.count() - 1
        self.intervention.setCurrentIndex(i)
        self.intervention.setEnabled(False)
        self.time.setTime(QTime(s.starts_at.hour, s.starts_at.minute))
        self.minutes.setValue(s.minutes)
        self.worker.setCurrentIndex(max(self.worker.findData(s.worker_id), 0))
        self.venue.setCurrentIndex(max(self.venue.findData(s.venue), 0))
        self._fill_venues(s.team_id)
        listed = self.venue_name.findData(s.venue_id) if s.venue_id is not None else -1
        if listed >= 0:
            self.venue_name.setCurrentIndex(listed)
        else:
            self.venue_name.setCurrentIndex(self.venue_name.count() - 1)
            self.venue_other.setText(s.venue_name)
        self.repeat.setEnabled(False)
        self._venue_picked()

    def _intervention_changed(self) -> None:
        data = self.intervention.currentData()
        if data:
            self.minutes.setValue(data[1])

    def proposal(self) -> SessionProposal | None:
        referral_id = self.referral.currentData()
        if referral_id is None:
            return None
        code = (self.intervention.currentData() or ("drug_education", 60))[0]
        when = datetime.combine(
            to_date(self.date.date()), time(self.time.time().hour(), self.time.time().minute())
        )
        name = self.venue_other.text()
        venue = self.chosen_venue()
        return SessionProposal(
            referral_id=referral_id,
            starts_at=when,
            minutes=self.minutes.value(),
            venue=Venue(self.venue.currentData()),
            venue_name=venue.name if venue is not None else name.strip(),
            worker_id=self.worker.currentData(),
            intervention=code,
            session_id=self.moving.id if self.moving else None,
            venue_id=venue.id if venue is not None else None,
        )

    # --- checking ------------------------------------------------------------------------
    def check(self) -> None:
        proposal = self.proposal()
        if proposal is None:
            self.summary.setText("Choose a young person whose programme has started.")
            self.save.setEnabled(False)
            return
        self._generation += 1
        generation, count = self._generation, self.repeat.value()
        self.summary.setText("Checking…")
        self.save.setEnabled(False)
        scheduling, user = self.services.scheduling, self.user

        def work() -> tuple[tuple[Conflict, ...], datetime | None]:
            found = scheduling.check_series(user, proposal, count)
            nearest = None
            if count == 1 and any(c.severity is Severity.ERROR for c in found):
                nearest = scheduling.nearest_free(user, proposal)
            return found, nearest

        self.runner.run(
            work,
            lambda result: self._checked(generation, proposal, *result),
            self._failed,
        )

    def _checked(
        self,
        generation: int,
        proposal: SessionProposal,
        conflicts: tuple[Conflict, ...],
        nearest: datetime | None,
    ) -> None:
        if generation != self._generation:
            return
        self.show_conflicts(conflicts)
        if nearest is not None and nearest != proposal.starts_at:
            self.nearest = nearest
            self.nearest_button.setText(
                f"Use the nearest free time: {weekday_name(nearest.date())} "
                f"{long_date(nearest.date())} at {nearest:%H:%M}"
            )
            self.nearest_button.show()

    def _use_nearest(self) -> None:
        if self.nearest is not None:
            at = self.nearest
            self.date.setDate(QDate(at.year, at.month, at.day))
            self.time.setTime(QTime(at.hour, at.minute))

    def show_conflicts(self, conflicts: tuple[Conflict, ...]) -> None:
        self.conflicts = conflicts
        self.nearest = None
        self.nearest_button.hide()
        self.conflict_list.clear()
        for c in conflicts:
            error = c.severity is Severity.ERROR
            item = QListWidgetItem(("Cannot book: " if error else "Check: ") + c.message)
            palette = self.conflict_list.palette()
            amber = "#ffc46b" if is_dark(palette) else "#8a5300"  # a warning: AA either way
            item.setForeground(error_colour(palette) if error else QColor(amber))
            self.conflict_list.addItem(item)
        errors = sum(1 for c in conflicts if c.severity is Severity.ERROR)
        warnings = len(conflicts) - errors
        if errors:
            self.summary.setText(
                f"This time cannot be booked ({errors} problem{'s' * (errors != 1)}). "
                "Change the date, time, worker or place."
            )
        elif warnings:
            self.summary.setText("This time can be booked, but check the warning below first.")
        else:
            self.summary.setText("No clashes: this time is free.")
        self.accept_warnings.setVisible(warnings > 0 and not errors)
        if not warnings:
            self.accept_warnings.setChecked(False)
        self._update_save()

    def _update_save(self) -> None:
        errors = any(c.severity is Severity.ERROR for c in self.conflicts)
        warnings = any(c.severity is Severity.WARNING for c in self.conflicts)
        self.save.setEnabled(not errors and (not warnings or self.accept_warnings.isChecked()))

    # --- saving --------------------------------------------------------------------------
    def save_booking(self) -> None:
        proposal = self.proposal()
        if proposal is None or not self.save.isEnabled():
            return
        accept = self.accept_warnings.isChecked()
        scheduling = self.services.scheduling
        if self.moving is not None:
            moving = self.moving
            self.runner.run(
                lambda: scheduling.reschedule(
                    self.user,
                    moving.id,
                    moving.version,
                    proposal.starts_at,
                    minutes=proposal.minutes,
                    venue=proposal.venue,
                    venue_name=proposal.venue_name,
                    worker_id=proposal.worker_id,
                    accept_warnings=accept,
                    venue_id=proposal.venue_id,
                ),
                self._saved,
                self._save_failed,
            )
            return
        count = self.repeat.value()
        self.runner.run(
            lambda: scheduling.book_series(self.user, proposal, count, accept_warnings=accept),
            self._saved,
            self._save_failed,
        )

    def _saved(self, result: object) -> None:
        self.booked.emit(result)
        self.accept()

    def _save_failed(self, exc: BaseException, tb: str) -> None:
        conflicts = getattr(exc, "conflicts", None)
        if conflicts is not None:  # someone booked the time meanwhile: explain, do not close
            self.show_conflicts(tuple(conflicts))
            return
        self._failed(exc, tb)
