"""First run on an empty database: create the first administrator, or open demo data."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QFormLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QRadioButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from yot_desktop.demo import fill_demo
from yot_desktop.demo.service import DEMO_PASSWORD
from yot_desktop.domain.errors import ValidationError
from yot_desktop.domain.permissions import password_problems
from yot_desktop.gui.tasks import TaskRunner
from yot_desktop.gui.widgets import style_as_error
from yot_desktop.services.container import Services
from yot_desktop.services.dto import CurrentUser

DEMO_PEOPLE = 300


def _named(widget: QWidget, name: str, accessible: str) -> QWidget:
    widget.setObjectName(name)
    widget.setAccessibleName(accessible)
    return widget


class ChoicePage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle("Welcome to YOT Desktop")
        self.setSubTitle("This database is empty. How would you like to start?")
        layout = QVBoxLayout(self)
        self.real = QRadioButton("Set up for real work: create the first administrator account")
        self.demo = QRadioButton(
            "Try it out with invented demonstration data (no real people; marked DEMO)"
        )
        _named(self.real, "startRealRadio", "Set up for real work")
        _named(self.demo, "startDemoRadio", "Try with demonstration data")
        self.real.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.real)
        group.addButton(self.demo)
        layout.addWidget(self.real)
        layout.addWidget(self.demo)
        note = QLabel(
            "You can connect to a shared team database later from File > Connect to database."
        )
        note.setWordWrap(True)
        layout.addWidget(note)
        layout.addStretch()


class AdminPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle("Create the first administrator")
        self.setSubTitle(
            "The administrator adds staff accounts and looks after the database. "
            "Use a password of 12 or more characters that you do not use anywhere else."
        )
        form = QFormLayout(self)
        self.name = QLineEdit()
        self.username = QLineEdit()
        self.password = QLineEdit()
        self.confirm = QLineEdit()
        for edit, obj, label in (
            (self.name, "adminNameEdit", "Your full name"),
            (self.username, "adminUsernameEdit", "User name"),
            (self.password, "adminPasswordEdit", "Password"),
            (self.confirm, "adminConfirmEdit", "Confirm password"),
        ):
            _named(edit, obj, label)
            form.addRow(label, edit)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.confirm.setEchoMode(QLineEdit.EchoMode.Password)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        _named(self.problem, "adminProblemLabel", "Problem with these details")
        style_as_error(self.problem)
        form.addRow(self.problem)
        for edit in (self.username, self.password, self.confirm):
            edit.textChanged.connect(self.completeChanged)

    def problems(self) -> list[str]:
        out = []
        if not self.username.text().strip():
            out.append("Enter a user name, like j.smith")
        out.extend(password_problems(self.password.text(), self.username.text()))
        if self.password.text() != self.confirm.text():
            out.append("The two passwords are different; type the same password twice")
        return out

    def isComplete(self) -> bool:
        problems = self.problems()
        typed = bool(self.password.text())
        self.problem.setText("\n".join(problems) if typed else "")
        return not problems


class ProgressPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle("Setting up")
        layout = QVBoxLayout(self)
        self.label = QLabel("Working…")
        self.label.setWordWrap(True)
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)
        _named(self.bar, "setupProgress", "Setting up progress")
        _named(self.label, "setupStatusLabel", "Setting up status")
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addStretch()
        self.finished = False

    def isComplete(self) -> bool:
        return self.finished


class FirstRunWizard(QWizard):
    """Ends accepted with `user` set to the administrator, or `demo_username` to sign in."""

    def __init__(
        self, services: Services, runner: TaskRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("firstRunWizard")
        self.setAccessibleName("First run set-up")
        self.setWindowTitle("Set up YOT Desktop")
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.services = services
        self.runner = runner
        self.choice = ChoicePage()
        self.admin = AdminPage()
        self.progress = ProgressPage()
        self.choice_id = self.addPage(self.choice)
        self.admin_id = self.addPage(self.admin)
        self.progress_id = self.addPage(self.progress)
        self.user: CurrentUser | None = None
        self.demo_username: str | None = None
        self.currentIdChanged.connect(self._page_changed)

    def nextId(self) -> int:
        current = self.currentId()
        if current == self.choice_id:
            return self.progress_id if self.choice.demo.isChecked() else self.admin_id
        if current == self.admin_id:
            return self.progress_id
        return -1

    def _page_changed(self, page_id: int) -> None:
        if page_id != self.progress_id:
            return
        self.button(QWizard.WizardButton.BackButton).setEnabled(False)
        if self.choice.demo.isChecked():
            self.progress.label.setText(
                f"Inventing {DEMO_PEOPLE} young people with referrals and sessions…"
            )
            self.runner.run(
                lambda: fill_demo(self.services, DEMO_PEOPLE, seed=1), self._demo_done, self._failed
            )
        else:
            self.progress.label.setText("Creating the administrator account…")
            name, username = self.admin.name.text(), self.admin.username.text()
            password = self.admin.password.text()
            auth = self.services.auth

            def create() -> CurrentUser:
                auth.create_first_administrator(username, password, name)
                # The wizard signs the administrator in: a real sign-in, audited and shown as
                # their last sign-in (it said "Never" while they were using the app).
                return auth.sign_in(username, password)

            self.runner.run(create, self._admin_done, self._failed)

    def _finish(self, message: str) -> None:
        self.progress.label.setText(message)
        self.progress.bar.setRange(0, 1)
        self.progress.bar.setValue(1)
        self.progress.finished = True
        self.progress.completeChanged.emit()

    def _demo_done(self, _count: int) -> None:
        self.demo_username = "admin"
        self._finish(
            "The demonstration data is ready. Sign in as admin, manager, practitioner or panel "
            f"with the password {DEMO_PASSWORD}."
        )

    def _admin_done(self, user: CurrentUser) -> None:
        self.user = user
        self._finish(f"Your administrator account {user.username} is ready.")

    def _failed(self, exc: BaseException, _tb: str) -> None:
        message = (
            "\n".join(p.shown for p in exc.problems)
            if isinstance(exc, ValidationError)
            else str(exc)
        )
        self.progress.label.setText(f"Set-up did not finish: {message}")
        self.progress.bar.setRange(0, 1)
        self.progress.bar.setValue(0)
        self.button(QWizard.WizardButton.BackButton).setEnabled(True)
