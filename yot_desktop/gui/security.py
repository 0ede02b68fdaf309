"""Opening an encrypted database, and the security settings (idle lock, encryption)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from yot_desktop.domain.errors import DomainError, ValidationError
from yot_desktop.gui.forms.ui_passphrase_dialog import Ui_PassphraseDialog
from yot_desktop.gui.tasks import TaskRunner, errors_over
from yot_desktop.gui.widgets import named, scroll_when_small, style_as_error
from yot_desktop.services.admin.database import EncryptionDone, EncryptionStatus
from yot_desktop.services.admin.secrets import (
    KeyringStore,
    SecretStoreUnavailable,
    database_key_account,
)
from yot_desktop.services.container import Services
from yot_desktop.services.dto import CurrentUser
from yot_desktop.settings import IDLE_LOCK_RANGE, load_settings, save_setting

KEEP_IT_SAFE = (
    "Keep the passphrase somewhere safe, like the team's password manager: without it nobody "
    "can read the data, not even an administrator."
)


def _password_edit(object_name: str, accessible_name: str) -> QLineEdit:
    edit = named(QLineEdit(), object_name, accessible_name)
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    return edit


def _right(button: QPushButton) -> QWidget:
    """A button at its natural size on the right of its row."""
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addStretch()
    layout.addWidget(button)
    return row


def _problem_label(object_name: str) -> QLabel:
    label = named(QLabel(), object_name, "Problem")
    label.setWordWrap(True)
    return style_as_error(label)


class PassphraseDialog(QDialog):
    """Asks for an encrypted database's passphrase when it is opened (layout:
    ui/passphrase_dialog.ui)."""

    entered = Signal(str, bool)  # passphrase, remember it on this computer
    change_database = Signal()

    def __init__(self, location: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_PassphraseDialog()
        self.ui.setupUi(self)
        self.ui.introLabel.setText(
            f"The database at {location} is encrypted. Enter its passphrase to open it."
        )
        self.passphrase = self.ui.databasePassphraseEdit
        self.remember = self.ui.rememberPassphraseCheck
        self.problem = style_as_error(self.ui.passphraseProblem)
        self.open_button = self.ui.passphraseOpen
        self.ui.otherDatabaseButton.clicked.connect(self._other)
        self.ui.passphraseCancel.clicked.connect(self.reject)
        self.open_button.clicked.connect(self._open)

    def show_problem(self, text: str) -> None:
        self.problem.setText(text)
        self.passphrase.clear()
        self.passphrase.setFocus()

    def _open(self) -> None:
        if not self.passphrase.text():
            self.show_problem("Enter the passphrase. Ask your administrator if you do not know it.")
            return
        self.entered.emit(self.passphrase.text(), self.remember.isChecked())
        self.accept()

    def _other(self) -> None:
        self.change_database.emit()
        self.accept()


class SecurityDialog(QDialog):
    """Administrators: this computer's idle lock, and encrypting the local database file."""

    def __init__(
        self, services: Services, user: CurrentUser, runner: TaskRunner, parent: QWidget | None
    ) -> None:
        super().__init__(parent)
        self._failed = errors_over(self)
        self.setObjectName("securityDialog")
        self.setAccessibleName("Security settings")
        self.setWindowTitle("Security settings")
        self.setMinimumWidth(520)
        self.services, self.user, self.runner = services, user, runner
        layout = QVBoxLayout(self)

        lock_box = QGroupBox("Screen lock")
        lock_form = QFormLayout(lock_box)
        self.minutes = named(QSpinBox(), "idleMinutesSpin", "Minutes before the screen locks")
        self.minutes.setRange(*IDLE_LOCK_RANGE)
        self.minutes.setSuffix(" minutes")
        here = load_settings()
        self.minutes.setValue(here.idle_lock_minutes)
        if here.is_locked("idle_lock_minutes"):  # IT's deployment file fixes it
            self.minutes.setEnabled(False)
            self.minutes.setToolTip(
                f"Set for every computer by your IT department ({here.deployment_file})"
            )
        lock_form.addRow("This computer", self.minutes)
        self.limit_check = named(
            QCheckBox("At most"),
            "idleLimitCheck",
            "Set a limit for every computer",
            "The longest any computer using this database may stay unlocked without use",
        )
        self.limit = named(QSpinBox(), "idleLimitSpin", "Limit for every computer")
        self.limit.setRange(*IDLE_LOCK_RANGE)
        self.limit.setSuffix(" minutes")
        self.limit.setValue(15)
        self.limit.setEnabled(False)
        self.limit_check.toggled.connect(self.limit.setEnabled)
        limit_row = QHBoxLayout()
        limit_row.addWidget(self.limit_check)
        limit_row.addWidget(self.limit, 1)
        lock_form.addRow("Every computer", limit_row)
        hint = QLabel(
            "The screen locks after this long without use. A limit for every computer that "
            "uses this database wins over a longer time on one computer. "
            "Changes apply from the next sign-in."
        )
        hint.setWordWrap(True)
        lock_form.addRow(hint)
        self.save_minutes = named(QPushButton("Save"), "saveIdleMinutesButton", "Save lock time")
        self.save_minutes.clicked.connect(self._save_minutes)
        lock_form.addRow(_right(self.save_minutes))
        layout.addWidget(lock_box)

        enc_box = QGroupBox("Encryption of the database file")
        enc_form = QFormLayout(enc_box)
        self.status = named(QLabel("…"), "encryptionStatusLabel", "Encryption")
        self.status.setWordWrap(True)
        enc_form.addRow(self.status)
        self.new_passphrase = _password_edit("newPassphraseEdit", "New passphrase")
        self.confirm = _password_edit("confirmPassphraseEdit", "Type the passphrase again")
        self.remember = named(
            QCheckBox("Remember it on this computer (in the system's password store)"),
            "rememberNewPassphraseCheck",
            "Remember the passphrase on this computer",
        )
        self.remember.setChecked(True)
        self.encrypt_button = named(
            QPushButton("Encrypt the database"), "encryptButton", "Encrypt the database"
        )
        self.encrypt_button.clicked.connect(self._encrypt)
        enc_form.addRow("Passphrase", self.new_passphrase)
        enc_form.addRow("Again", self.confirm)
        enc_form.addRow(self.remember)
        safe = QLabel(KEEP_IT_SAFE)
        safe.setWordWrap(True)
        enc_form.addRow(safe)
        enc_form.addRow(_right(self.encrypt_button))
        self.forget_button = named(
            QPushButton("Forget the passphrase on this computer"),
            "forgetPassphraseButton",
            "Forget the passphrase on this computer",
            "Removes it from the system's password store; it is asked each time from then on",
        )
        self.forget_button.clicked.connect(self._forget)
        enc_form.addRow(_right(self.forget_button))
        self.problem = _problem_label("encryptionProblem")
        enc_form.addRow(self.problem)
        self._encrypt_widgets: list[QWidget] = [
            self.new_passphrase,
            self.confirm,
            self.remember,
            self.encrypt_button.parentWidget() or self.encrypt_button,
            safe,
        ]
        layout.addWidget(enc_box)
        close = named(QPushButton("Close"), "securityClose", "Close")
        close.clicked.connect(self.accept)
        close_row = _right(close)
        layout.addWidget(close_row)
        scroll_when_small(self, keep=[close_row])  # a small screen: all but Close scrolls
        self._enc_form = enc_form
        self._location = ""
        runner.run(services.database.encryption_status, self._show_status, self._failed)
        runner.run(services.database.idle_lock_limit, self._show_limit, self._failed)

    def _show_limit(self, limit: int | None) -> None:
        self.limit_check.setChecked(limit is not None)
        if limit is not None:
            self.limit.setValue(limit)

    def _show_status(self, status: EncryptionStatus) -> None:
        if not status.possible:
            text = (
                "This is a shared PostgreSQL database: its server protects the data. "
                "Connections use the encryption (sslmode) chosen in File > Connect to database."
            )
        elif status.encrypted:
            text = f"The database file at {status.location} is encrypted (SQLCipher, AES-256)."
        else:
            text = (
                f"The database file at {status.location} is not encrypted. Anyone who copies "
                "the file can read it. Encrypting takes a moment and keeps every record."
            )
        self.status.setText(text)
        for widget in self._encrypt_widgets:
            self._enc_form.setRowVisible(widget, status.possible and not status.encrypted)
        forget_row = self.forget_button.parentWidget() or self.forget_button
        self._enc_form.setRowVisible(forget_row, status.encrypted)
        self._location = status.location

    def _forget(self) -> None:
        account = database_key_account(Path(self._location))

        def done(_none: None) -> None:
            style_as_error(self.problem, False)
            self.problem.setText(
                "Forgotten on this computer: the passphrase is asked each time YOT Desktop opens."
            )

        def failed(exc: BaseException, tb: str) -> None:
            if isinstance(exc, SecretStoreUnavailable):
                style_as_error(self.problem)
                self.problem.setText("This computer has no password store: nothing was kept.")
            else:
                self._failed(exc, tb)

        self.runner.run(lambda: KeyringStore().delete(account), done, failed)

    def _save_minutes(self) -> None:
        here = load_settings()
        if not here.is_locked("idle_lock_minutes"):
            save_setting(here, "idle_lock_minutes", str(self.minutes.value()))
        limit = self.limit.value() if self.limit_check.isChecked() else None
        self.save_minutes.setEnabled(False)

        def saved(_limit: int | None) -> None:
            self.save_minutes.setEnabled(True)
            self.save_minutes.setText("Saved")

        def failed(exc: BaseException, tb: str) -> None:
            self.save_minutes.setEnabled(True)
            self._failed(exc, tb)

        self.runner.run(
            lambda: self.services.database.set_idle_lock_limit(self.user, limit), saved, failed
        )

    def _encrypt(self) -> None:
        passphrase, confirm = self.new_passphrase.text(), self.confirm.text()
        remember = self.remember.isChecked()
        store = KeyringStore()
        if remember and not store.available():
            style_as_error(self.problem)
            self.problem.setText(
                "This computer has no password store, so the passphrase cannot be remembered. "
                "Untick 'Remember it' and type the passphrase each time YOT Desktop opens."
            )
            return
        self.encrypt_button.setEnabled(False)
        style_as_error(self.problem, False)
        self.problem.setText("Encrypting… keep YOT Desktop open.")

        def work() -> tuple[EncryptionDone, str]:
            done = self.services.database.encrypt(self.user, passphrase, confirm)
            status = self.services.database.encryption_status()
            if not remember:
                return done, "Type the passphrase each time YOT Desktop opens."
            try:
                store.put(database_key_account(Path(status.location)), passphrase)
            except SecretStoreUnavailable as err:
                return done, str(err)
            return done, "The passphrase is kept in this computer's password store."

        self.runner.run(work, self._encrypted, self._encrypt_failed)

    def _encrypted(self, result: tuple[EncryptionDone, str]) -> None:
        done, remembered = result
        self.new_passphrase.clear()
        self.confirm.clear()
        lines = [
            f"Encrypted, with every record kept ({done.rows:,} rows in {done.tables} tables). "
            + remembered
        ]
        lines.append(KEEP_IT_SAFE)
        lines += [
            f"Not encrypted: an earlier backup, {p}. Delete it, or keep it somewhere safe."
            for p in done.plain_copies
        ]
        style_as_error(self.problem, False)
        self.problem.setText("\n".join(lines))
        self.runner.run(self.services.database.encryption_status, self._show_status, self._failed)

    def _encrypt_failed(self, exc: BaseException, tb: str) -> None:
        self.encrypt_button.setEnabled(True)
        style_as_error(self.problem)
        if isinstance(exc, ValidationError):
            self.problem.setText("\n".join(p.shown for p in exc.problems))
        elif isinstance(exc, DomainError):
            self.problem.setText(str(exc))
        else:
            self.problem.setText("")
            self._failed(exc, tb)
