"""Administration: staff accounts and the database (administrators only)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from yot_desktop.domain.enums import Role
from yot_desktop.domain.errors import ValidationError
from yot_desktop.gui.forms.ui_add_user_dialog import Ui_AddUserDialog
from yot_desktop.gui.models import RowsModel
from yot_desktop.gui.screens.teams_box import TeamsBox
from yot_desktop.gui.screens.venues_box import VenuesBox
from yot_desktop.gui.tasks import TaskRunner, errors_over
from yot_desktop.gui.widgets import ScrollingPart, configure_item_view, named, style_as_error
from yot_desktop.services.admin.teams import TeamDetails
from yot_desktop.services.container import Services
from yot_desktop.services.dto import CurrentUser, DatabaseInfo, UserRow

USER_COLUMNS = [
    ("User name", lambda u: u.username),
    ("Name", lambda u: u.display_name),
    ("Role", lambda u: u.role.label),
    ("Team", lambda u: u.team_name),
    (
        "Last signed in",
        lambda u: f"{u.last_login_at:%d/%m/%Y %H:%M}" if u.last_login_at else "Never",
    ),
]


# The service's field names as the Add account dialog labels them.
FIELD_LABELS = {
    "username": "User name",
    "password": "First password",
    "full name": "Full name",
    "team": "Team",
    "role": "Role",
}


class AddUserDialog(QDialog):
    """A new staff account (layout: ui/add_user_dialog.ui)."""

    def __init__(self, teams: list[str], parent: QWidget | None = None, team: str = "") -> None:
        super().__init__(parent)
        self.ui = Ui_AddUserDialog()
        self.ui.setupUi(self)
        self.username = self.ui.newUsernameEdit
        self.display_name = self.ui.newDisplayNameEdit
        self.role = self.ui.newRoleCombo
        for role in Role:
            # Qt hands a StrEnum back as a plain str: keep the value, convert on the way out.
            self.role.addItem(role.label, role.value)
        self.role.setCurrentIndex(list(Role).index(Role.PRACTITIONER))
        self.team = self.ui.newTeamCombo
        self.team.addItems(teams)
        if team:
            self.team.setCurrentText(team)
        self.password = self.ui.newPasswordEdit
        self.problem = style_as_error(self.ui.addUserProblem)
        buttons = self.ui.buttonBox
        named(buttons.button(QDialogButtonBox.StandardButton.Save), "addUserSave", "Add account")
        named(buttons.button(QDialogButtonBox.StandardButton.Cancel), "addUserCancel", "Cancel")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)


class AdministrationScreen(QWidget):
    own_team_renamed = Signal(str)  # the signed-in person's team has a new name

    def __init__(self, services: Services, user: CurrentUser, runner: TaskRunner) -> None:
        super().__init__()
        self._failed = errors_over(self)
        self.setObjectName("administrationScreen")
        self.services = services
        self.user = user
        self.runner = runner
        page = QWidget()
        layout = QVBoxLayout(page)
        outer = QVBoxLayout(self)  # a small window (1920×1080 at 200%): the page scrolls
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(ScrollingPart(page, "administrationScroll"))

        users_box = QGroupBox("Staff accounts")
        users_layout = QVBoxLayout(users_box)
        self.model: RowsModel[UserRow] = RowsModel(USER_COLUMNS, self)
        self.table = named(QTableView(), "usersTable", "Staff accounts")
        configure_item_view(self.table)
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        users_layout.addWidget(self.table)
        row = QHBoxLayout()
        row.addStretch()
        self.add_button = named(
            QPushButton("Add staff account…"), "addUserButton", "Add staff account"
        )
        self.add_button.clicked.connect(self.add_user)
        row.addWidget(self.add_button)
        users_layout.addLayout(row)
        layout.addWidget(users_box, 3)

        self.teams_box = TeamsBox(services, user, runner, self)
        self.teams_box.saved.connect(lambda team: self._team_saved(team))
        layout.addWidget(self.teams_box, 0)

        self.venues_box = VenuesBox(services, user, runner, self)
        layout.addWidget(self.venues_box, 1)

        db_box = QGroupBox("Database")
        db_layout = QVBoxLayout(db_box)
        self.db_label = named(QLabel("…"), "databaseInfoLabel", "Database details")
        self.db_label.setWordWrap(True)
        db_layout.addWidget(self.db_label)
        self.security_button = named(
            QPushButton("Security settings…"),
            "securitySettingsButton",
            "Security settings",
            "Screen lock time and encryption of the database file",
        )
        self.security_button.clicked.connect(self.open_security)
        db_layout.addWidget(self.security_button, 0, Qt.AlignmentFlag.AlignRight)
        layout.addWidget(db_box, 0)

    def open_security(self) -> None:
        from yot_desktop.gui.security import SecurityDialog  # rarely opened: load on demand

        dialog = SecurityDialog(self.services, self.user, self.runner, self)
        self._security = dialog
        dialog.finished.connect(lambda _r: self.refresh())
        dialog.open()

    def refresh(self) -> None:
        self._reload_users()
        self.teams_box.refresh()
        self.venues_box.refresh()
        self.runner.run(self.services.database.info, self._show_info, self._failed)

    def _team_saved(self, team: TeamDetails) -> None:
        self._reload_users()
        self.venues_box.refresh()  # a new or renamed team
        if team.id == self.user.team_id:
            self.own_team_renamed.emit(team.name)

    def _reload_users(self) -> None:
        self.runner.run(
            lambda: self.services.users.list_users(self.user), self.model.set_rows, self._failed
        )

    def _show_info(self, info: DatabaseInfo) -> None:
        demo = " This is a demonstration database with invented people." if info.is_demo else ""
        self.db_label.setText(
            f"{info.kind} database at {info.location}, schema revision {info.revision}.{demo}"
        )

    def add_user(self) -> None:
        # Every team (one without staff yet too), the administrator's own first chosen.
        teams = self.teams_box.team_names()
        dialog = AddUserDialog(teams, self, team=self.teams_box.own_team_name())
        self._dialog = dialog

        def save() -> None:
            values = (
                dialog.username.text(),
                Role(dialog.role.currentData()),
                dialog.password.text(),
                dialog.team.currentText(),
                dialog.display_name.text(),
            )

            def failed(exc: BaseException, tb: str) -> None:
                if isinstance(exc, ValidationError):
                    dialog.problem.setText(
                        "\n".join(
                            f"{FIELD_LABELS.get(p.field, p.field.capitalize())}: {p.message}"
                            for p in exc.problems
                        )
                    )
                    dialog.open()
                else:
                    self._failed(exc, tb)

            self.runner.run(
                lambda: self.services.users.add_user(
                    self.user,
                    values[0],
                    values[1],
                    values[2],
                    team=values[3],
                    display_name=values[4],
                ),
                lambda _row: self.refresh(),
                failed,
            )

        dialog.accepted.connect(save)
        dialog.open()
