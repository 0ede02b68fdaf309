"""Administration's "Teams and letterheads": the name, address, phone and email each team's
letters carry (letters give the team's phone as the worker's)."""

from __future__ import annotations

from itertools import pairwise

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
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

from yot_desktop.domain.errors import ConflictError, ValidationError
from yot_desktop.gui.save_keys import save_keys
from yot_desktop.gui.tasks import TaskRunner, errors_over
from yot_desktop.gui.widgets import named, style_as_error
from yot_desktop.services.admin.teams import TeamDetails
from yot_desktop.services.container import Services
from yot_desktop.services.dto import CurrentUser


class TeamsBox(QGroupBox):
    """Pick a team (or add one), edit its letterhead, Save."""

    saved = Signal(object)  # TeamDetails: a team was added, renamed or changed

    def __init__(
        self,
        services: Services,
        user: CurrentUser,
        runner: TaskRunner,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("Teams and letterheads", parent)
        self._failed = errors_over(self)
        self.setObjectName("teamsBox")
        self.services, self.user, self.runner = services, user, runner
        self.teams: tuple[TeamDetails, ...] = ()
        self.editing: TeamDetails | None = None  # None: a new team

        self.team_combo = named(QComboBox(), "teamCombo", "Team to edit")
        self.team_combo.setPlaceholderText("New team")
        self.new_button = named(
            QPushButton("Add team"), "newTeamButton", "Add a team", "Start a new team's letterhead"
        )
        self.name = named(QLineEdit(), "teamNameEdit", "Team name")
        self.name.setPlaceholderText("For example: West Berkshire Youth Offending Team")
        self.address = named(
            QPlainTextEdit(),
            "teamAddressEdit",
            "Address",
            "One address line on each line, ending with the postcode",
        )
        self.address.setPlaceholderText("One line each, like:\nMarket Street\nNewbury\nRG14 5LD")
        self.address.setTabChangesFocus(True)
        line_height = self.address.fontMetrics().lineSpacing()
        self.address.setFixedHeight(line_height * 4 + 12)
        self.phone = named(QLineEdit(), "teamPhoneEdit", "Phone", "Printed on letters")
        self.phone.setPlaceholderText("Like 01635 503090")
        self.email = named(QLineEdit(), "teamEmailEdit", "Email", "Printed on letters")
        self.email.setPlaceholderText("Like yot@example.gov.uk")
        self.save_button = named(QPushButton("Save team"), "saveTeamButton", "Save team")
        save_keys(self, self.save_button)  # Ctrl+S; Enter in a line already saves (below)
        self.message = named(QLabel(), "teamMessage", "Result")
        self.message.setWordWrap(True)

        pick = QHBoxLayout()
        pick.addWidget(self.team_combo, 1)
        pick.addWidget(self.new_button)
        left = QFormLayout()
        left.addRow("Team", pick)
        left.addRow("Name", self.name)
        left.addRow("Phone", self.phone)
        left.addRow("Email", self.email)
        right = QFormLayout()
        right.addRow("Address", self.address)
        columns = QHBoxLayout()
        columns.addLayout(left, 3)  # the team's long name has room in a small window
        columns.addLayout(right, 2)
        bottom = QHBoxLayout()
        bottom.addWidget(self.message, 1)
        bottom.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addLayout(columns)
        layout.addLayout(bottom)

        # Reading order: the left column, then the address, then Save.
        order = (
            self.team_combo,
            self.new_button,
            self.name,
            self.phone,
            self.email,
            self.address,
            self.save_button,
        )
        for first, then in pairwise(order):
            QWidget.setTabOrder(first, then)

        self.team_combo.currentIndexChanged.connect(lambda _i: self._picked())
        self.new_button.clicked.connect(lambda: self._start_new())
        self.save_button.clicked.connect(lambda: self.save())
        for edit in (self.name, self.phone, self.email):
            edit.returnPressed.connect(lambda: self.save())

    # --- loading --------------------------------------------------------------------------
    def refresh(self, select_id: int | None = None, then_say: str = "") -> None:
        keep = select_id if select_id is not None else self._current_id()
        self.runner.run(
            lambda: self.services.teams.list_teams(self.user),
            lambda teams: self._loaded(teams, keep, then_say),
            self._failed,
        )

    def _current_id(self) -> int | None:
        if self.editing is not None:
            return self.editing.id
        return self.user.team_id if not self.teams else None

    def _loaded(self, teams: tuple[TeamDetails, ...], select_id: int | None, then_say: str) -> None:
        self.teams = teams
        self.team_combo.blockSignals(True)
        self.team_combo.clear()
        for team in teams:
            self.team_combo.addItem(team.name, team.id)
        index = self.team_combo.findData(select_id) if select_id is not None else -1
        self.team_combo.setCurrentIndex(index if index >= 0 else (0 if teams else -1))
        self.team_combo.blockSignals(False)
        self._picked()
        if then_say:
            self._say(then_say)

    def team_names(self) -> list[str]:
        return [t.name for t in self.teams]

    def own_team_name(self) -> str:
        own = next((t for t in self.teams if t.id == self.user.team_id), None)
        return own.name if own is not None else self.user.team_name

    # --- editing --------------------------------------------------------------------------
    def _picked(self) -> None:
        team_id = self.team_combo.currentData()
        team = next((t for t in self.teams if t.id == team_id), None)
        self.editing = team
        if team is None:
            return
        self.name.setText(team.name)
        self.address.setPlainText("\n".join(team.address_lines))
        self.phone.setText(team.phone)
        self.email.setText(team.email)
        self._say("" if team.has_letterhead else self._missing(team))

    @staticmethod
    def _missing(team: TeamDetails) -> str:
        gaps = [w for w, v in (("address", team.address_lines), ("phone", team.phone)) if not v]
        return (
            f"Add the {' and '.join(gaps)} of {team.name}. Letters print the team's address "
            "and phone, and give the phone as the number to call the worker on."
        )

    def _start_new(self) -> None:
        self.editing = None
        self.team_combo.setCurrentIndex(-1)
        for edit in (self.name, self.phone, self.email):
            edit.clear()
        self.address.clear()
        self._say("Type the new team's name and letterhead, then Save team.")
        self.name.setFocus()

    def save(self) -> None:
        editing = self.editing
        name, phone, email = self.name.text(), self.phone.text(), self.email.text()
        lines = tuple(self.address.toPlainText().splitlines())

        def call() -> TeamDetails:
            return self.services.teams.set_team(
                self.user,
                name,
                address=lines,
                phone=phone,
                email=email,
                team_id=editing.id if editing is not None else None,
                version=editing.version if editing is not None else None,
                new=editing is None,
            )

        self.runner.run(call, self._saved, self._save_failed)

    def _saved(self, team: TeamDetails) -> None:
        self.editing = team
        self.refresh(
            team.id, f"Saved {team.name}. Its letters now carry this address, phone and email."
        )
        self.saved.emit(team)

    def _save_failed(self, exc: BaseException, tb: str) -> None:
        if isinstance(exc, ValidationError):
            self._say("\n".join(f"{p.field.capitalize()}: {p.message}" for p in exc.problems), True)
        elif isinstance(exc, ConflictError):
            self._say(
                "Someone else changed this team after you opened it. Pick it again to see "
                "their changes, then make yours.",
                True,
            )
        else:
            self._failed(exc, tb)

    def _say(self, text: str, error: bool = False) -> None:
        self.message.setText(text)
        style_as_error(self.message, error)
