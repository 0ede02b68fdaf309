"""Administration's "Venues": each team's places for sessions with the address, directions and
access notes appointment letters print, or for online sessions how to join (issue 15,
point 1). Add, edit, stop using (and use again); booking offers the venues in use."""

from __future__ import annotations

from itertools import pairwise

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from yot_desktop.domain.enums import Venue
from yot_desktop.domain.errors import ConflictError, ValidationError
from yot_desktop.domain.venues import (
    ACCESSIBILITY,
    DIRECTIONS,
    JOIN_INSTRUCTIONS,
    JOIN_LINK,
    LINE_1,
    LINE_2,
    NAME,
    POSTCODE,
    TOWN,
    VenueInput,
)
from yot_desktop.gui.delivery_common import selected_row, table
from yot_desktop.gui.models import RowsModel
from yot_desktop.gui.tasks import TaskRunner, errors_over
from yot_desktop.gui.widgets import named, style_as_error
from yot_desktop.services.admin.teams import TeamDetails
from yot_desktop.services.container import Services
from yot_desktop.services.delivery.venues import VenueDetails
from yot_desktop.services.dto import CurrentUser

VENUE_COLUMNS = [
    ("Venue", lambda v: v.name),
    ("Kind", lambda v: v.kind.label),
    ("In use", lambda v: "Yes" if v.active else "No"),
    ("Address, or how to join", lambda v: v.where or "Not given"),
]


def _notes_edit(name: str, label: str, hint: str, placeholder: str) -> QPlainTextEdit:
    edit = named(QPlainTextEdit(), name, label, hint)
    edit.setPlaceholderText(placeholder)
    edit.setTabChangesFocus(True)
    edit.setFixedHeight(edit.fontMetrics().lineSpacing() * 3 + 12)
    return edit


class VenueDialog(QDialog):
    """One venue's details. Saving checks them in the service; problems stay in the dialog."""

    def __init__(
        self,
        services: Services,
        user: CurrentUser,
        runner: TaskRunner,
        team: TeamDetails | None,
        venue: VenueDetails | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._failed = errors_over(self)
        self.services, self.user, self.runner = services, user, runner
        self.team, self.venue = team, venue
        self.result_venue: VenueDetails | None = None
        title = f"Edit {venue.name}" if venue else "Add a venue"
        self.setObjectName("venueDialog")
        self.setAccessibleName(title)
        self.setWindowTitle(title)
        self.setMinimumWidth(520)

        self.name = named(QLineEdit(), "venueNameEdit", NAME)
        self.name.setPlaceholderText("For example: Newbury YOT office")
        self.kind = named(QComboBox(), "venueKindCombo", "Kind of venue")
        for kind in Venue:
            self.kind.addItem(kind.label, kind.value)
        self.line_1 = named(QLineEdit(), "venueLine1Edit", LINE_1)
        self.line_1.setPlaceholderText("Building and street, like Market Street Offices")
        self.line_2 = named(QLineEdit(), "venueLine2Edit", LINE_2, "Optional")
        self.town = named(QLineEdit(), "venueTownEdit", TOWN)
        self.postcode = named(QLineEdit(), "venuePostcodeEdit", POSTCODE)
        self.postcode.setPlaceholderText("Like RG14 5LD")
        self.directions = _notes_edit(
            "venueDirectionsEdit",
            DIRECTIONS,
            "Printed on letters: how to get there and find the door",
            "Like: Five minutes from the station. Ring the bell at the blue door.",
        )
        self.accessibility = _notes_edit(
            "venueAccessEdit",
            ACCESSIBILITY,
            "Printed on letters: step-free access, lifts, toilets, hearing loop",
            "Like: Step-free entrance. Accessible toilet on the ground floor.",
        )
        self.join_link = named(QLineEdit(), "venueJoinLinkEdit", JOIN_LINK)
        self.join_link.setPlaceholderText("https://…")
        self.join_instructions = _notes_edit(
            "venueJoinEdit",
            JOIN_INSTRUCTIONS,
            "Printed on letters for online sessions",
            "Like: Open the link on a phone or computer. The worker will let you in.",
        )
        self.problem = named(QLabel(), "venueProblem", "Problems with these details")
        self.problem.setWordWrap(True)
        style_as_error(self.problem)

        form = QFormLayout(self)
        team_name = team.name if team else "Every team"
        form.addRow("Team", QLabel(venue.team_name or team_name if venue else team_name))
        form.addRow("Name", self.name)
        form.addRow("Kind", self.kind)
        self._address_rows = [
            ("Address line 1", self.line_1),
            ("Address line 2", self.line_2),
            ("Town", self.town),
            ("Postcode", self.postcode),
            ("Directions", self.directions),
        ]
        self._online_rows = [
            ("Joining link", self.join_link),
            ("How to join", self.join_instructions),
        ]
        for label, widget in (*self._address_rows, *self._online_rows):
            form.addRow(label, widget)
        form.addRow("Accessibility", self.accessibility)
        form.addRow(self.problem)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = named(
            buttons.button(QDialogButtonBox.StandardButton.Save), "venueSave", "Save venue"
        )
        self.save_button.setText("Save venue")
        named(buttons.button(QDialogButtonBox.StandardButton.Cancel), "venueCancel", "Cancel")
        buttons.accepted.connect(lambda: self.save())
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self._form = form
        order = (
            self.name,
            self.kind,
            self.line_1,
            self.line_2,
            self.town,
            self.postcode,
            self.directions,
            self.join_link,
            self.join_instructions,
            self.accessibility,
            self.save_button,
        )
        for first, then in pairwise(order):
            QWidget.setTabOrder(first, then)

        if venue is not None:
            self.name.setText(venue.name)
            self.kind.setCurrentIndex(max(self.kind.findData(venue.kind.value), 0))
            self.line_1.setText(venue.address_line_1)
            self.line_2.setText(venue.address_line_2)
            self.town.setText(venue.town)
            self.postcode.setText(venue.postcode)
            self.directions.setPlainText(venue.directions)
            self.accessibility.setPlainText(venue.accessibility)
            self.join_link.setText(venue.join_link)
            self.join_instructions.setPlainText(venue.join_instructions)
        self.kind.currentIndexChanged.connect(lambda _i: self._kind_changed())
        self._kind_changed()

    def _kind_changed(self) -> None:
        """Online: how to join instead of an address."""
        online = self.kind.currentData() == Venue.ONLINE.value
        for _label, widget in self._address_rows:
            self._form.setRowVisible(widget, not online)
        for _label, widget in self._online_rows:
            self._form.setRowVisible(widget, online)

    def typed(self) -> VenueInput:
        online = self.kind.currentData() == Venue.ONLINE.value
        return VenueInput(
            name=self.name.text(),
            kind=Venue(self.kind.currentData()),
            address_line_1="" if online else self.line_1.text(),
            address_line_2="" if online else self.line_2.text(),
            town="" if online else self.town.text(),
            postcode="" if online else self.postcode.text(),
            directions="" if online else self.directions.toPlainText(),
            accessibility=self.accessibility.toPlainText(),
            join_link=self.join_link.text() if online else "",
            join_instructions=self.join_instructions.toPlainText() if online else "",
        )

    def save(self) -> None:
        typed, venue, team = self.typed(), self.venue, self.team
        venues, user = self.services.venues, self.user
        self.save_button.setEnabled(False)

        def call() -> VenueDetails:
            if venue is None:
                return venues.add_venue(user, team.id if team else None, typed)
            return venues.change_venue(user, venue.id, venue.version, typed)

        self.runner.run(call, self._saved, self._save_failed)

    def _saved(self, venue: VenueDetails) -> None:
        self.result_venue = venue
        self.accept()

    def _save_failed(self, exc: BaseException, tb: str) -> None:
        self.save_button.setEnabled(True)
        if isinstance(exc, ValidationError):
            self.problem.setText("\n".join(f"{p.field}: {p.message}" for p in exc.problems))
            first = {
                NAME: self.name,
                LINE_1: self.line_1,
                LINE_2: self.line_2,
                TOWN: self.town,
                POSTCODE: self.postcode,
                DIRECTIONS: self.directions,
                ACCESSIBILITY: self.accessibility,
                JOIN_LINK: self.join_link,
                JOIN_INSTRUCTIONS: self.join_instructions,
            }.get(exc.problems[0].field)
            if first is not None:
                first.setFocus()
        elif isinstance(exc, ConflictError):
            self.problem.setText(
                "Someone else changed this venue after you opened it. Cancel, choose it "
                "again to see their changes, then make yours."
            )
        else:
            self._failed(exc, tb)


class VenuesBox(QGroupBox):
    """A team's venues: add, edit, stop using or use again."""

    def __init__(
        self,
        services: Services,
        user: CurrentUser,
        runner: TaskRunner,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("Venues: where sessions are held (letters print the address)", parent)
        self._failed = errors_over(self)
        self.setObjectName("venuesBox")
        self.services, self.user, self.runner = services, user, runner
        self.teams: tuple[TeamDetails, ...] = ()
        self.dialog: VenueDialog | None = None

        self.team_combo = named(QComboBox(), "venueTeamCombo", "Team whose venues to show")
        self.model: RowsModel[VenueDetails] = RowsModel(VENUE_COLUMNS, self)
        self.table = table("venuesAdminTable", "Venues", self.model, (190, 100, 60))
        self.table.setMinimumHeight(90)
        self.table.setMaximumHeight(150)  # the staff accounts above keep the room
        self.add_button = named(
            QPushButton("Add venue…"), "addVenueButton", "Add a venue", "A new venue for this team"
        )
        self.edit_button = named(
            QPushButton("Edit venue…"), "editVenueButton", "Edit the chosen venue"
        )
        self.active_button = named(
            QPushButton("Stop using"),
            "venueActiveButton",
            "Stop using the chosen venue, or use it again",
            "A venue not in use is not offered for booking; sessions booked there keep it",
        )
        self.message = named(QLabel(), "venueMessage", "Result")
        self.message.setWordWrap(True)

        top = QHBoxLayout()
        top.addWidget(QLabel("Team"))
        top.addWidget(self.team_combo, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.message, 1)
        for b in (self.add_button, self.edit_button, self.active_button):
            buttons.addWidget(b)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table)
        layout.addLayout(buttons)

        self.team_combo.currentIndexChanged.connect(lambda _i: self._reload())
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._update_buttons())
        self.table.doubleClicked.connect(lambda _i: self.edit())
        self.add_button.clicked.connect(lambda: self.add())
        self.edit_button.clicked.connect(lambda: self.edit())
        self.active_button.clicked.connect(lambda: self.toggle_active())
        self._update_buttons()

    # --- loading --------------------------------------------------------------------------
    def refresh(self) -> None:
        self.runner.run(
            lambda: self.services.teams.list_teams(self.user),
            self._teams_loaded,
            self._failed,
        )

    def _teams_loaded(self, teams: tuple[TeamDetails, ...]) -> None:
        keep = self.team_combo.currentData()
        if keep is None:
            keep = self.user.team_id
        self.teams = teams
        self.team_combo.blockSignals(True)
        self.team_combo.clear()
        for team in teams:
            self.team_combo.addItem(team.name, team.id)
        index = self.team_combo.findData(keep)
        self.team_combo.setCurrentIndex(index if index >= 0 else (0 if teams else -1))
        self.team_combo.blockSignals(False)
        self._reload()

    def current_team(self) -> TeamDetails | None:
        team_id = self.team_combo.currentData()
        return next((t for t in self.teams if t.id == team_id), None)

    def _reload(self, select_id: int | None = None, then_say: str = "") -> None:
        team = self.current_team()
        if team is None:
            self.model.set_rows(())
            self._update_buttons()
            return
        self.runner.run(
            lambda: self.services.venues.venue_list(self.user, team.id),
            lambda rows: self._loaded(rows, select_id, then_say),
            self._failed,
        )

    def _loaded(self, rows: tuple[VenueDetails, ...], select_id: int | None, then_say: str) -> None:
        self.model.set_rows(rows)
        for row, venue in enumerate(rows):
            if venue.id == select_id:
                self.table.selectRow(row)
        if then_say:
            self._say(then_say)
        elif not rows:
            team = self.current_team()
            name = team.name if team else "this team"
            self._say(f"{name} has no venues yet. Add one: letters print its address.")
        else:
            self._say("")
        self._update_buttons()

    def _chosen(self) -> VenueDetails | None:
        row: VenueDetails | None = selected_row(self.table)
        return row

    def _update_buttons(self) -> None:
        chosen = self._chosen()
        self.add_button.setEnabled(self.current_team() is not None)
        self.edit_button.setEnabled(chosen is not None)
        self.active_button.setEnabled(chosen is not None)
        self.active_button.setText("Use again" if chosen and not chosen.active else "Stop using")

    # --- actions --------------------------------------------------------------------------
    def add(self) -> None:
        self._open(None)

    def edit(self) -> None:
        chosen = self._chosen()
        if chosen is not None:
            self._open(chosen)

    def _open(self, venue: VenueDetails | None) -> None:
        dialog = VenueDialog(
            self.services, self.user, self.runner, self.current_team(), venue, self
        )
        self.dialog = dialog

        def done() -> None:
            saved = dialog.result_venue
            if saved is not None:
                what = "Added" if venue is None else "Saved"
                self._reload(
                    saved.id,
                    f"{what} {saved.name}. Letters for sessions booked there print "
                    + ("how to join." if saved.online else "its address."),
                )

        dialog.accepted.connect(done)
        dialog.open()

    def toggle_active(self) -> None:
        chosen = self._chosen()
        if chosen is None:
            return
        active = not chosen.active

        def done(venue: VenueDetails) -> None:
            said = (
                f"{venue.name} is in use again: booking offers it."
                if venue.active
                else f"{venue.name} is no longer offered for booking. Sessions already "
                "booked there keep it."
            )
            self._reload(venue.id, said)

        def failed(exc: BaseException, tb: str) -> None:
            if isinstance(exc, ValidationError):
                self._say(
                    f"Edit {chosen.name} first. "
                    + " ".join(f"{p.field}: {p.message}." for p in exc.problems),
                    True,
                )
            elif isinstance(exc, ConflictError):
                self._reload(chosen.id, "Someone else changed this venue: here it is now.")
            else:
                self._failed(exc, tb)

        self.runner.run(
            lambda: self.services.venues.set_venue_active(
                self.user, chosen.id, chosen.version, active
            ),
            done,
            failed,
        )

    def _say(self, text: str, error: bool = False) -> None:
        self.message.setText(text)
        style_as_error(self.message, error)
