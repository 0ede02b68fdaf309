"""Start-up: settings -> database -> first run or sign-in -> main window."""

from __future__ import annotations

import logging
import os
import sys
import time
from logging.handlers import RotatingFileHandler
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from yot_desktop.domain.errors import DomainError
from yot_desktop.gui.errors import loggable, show_error
from yot_desktop.gui.login import LoginDialog
from yot_desktop.gui.tasks import TaskRunner
from yot_desktop.settings import (
    Settings,
    default_sqlite_url,
    load_settings,
    save_database_choice,
)

# Nothing heavy before the sign-in window (issue 16, point 4): SQLAlchemy, the services, the
# screens, ReportLab and the rest load on a worker thread while it is on screen.
if TYPE_CHECKING:
    from yot_desktop.gui.idle_lock import IdleLock
    from yot_desktop.gui.main_window import MainWindow
    from yot_desktop.services.container import Services
    from yot_desktop.services.dto import CurrentUser, DatabaseInfo


def _load_libraries() -> None:
    """What opening a database and the main window need: imported off the GUI thread."""
    import yot_desktop.gui.idle_lock
    import yot_desktop.gui.main_window
    import yot_desktop.services.admin.secrets
    import yot_desktop.services.container
    import yot_desktop.storage.engine  # noqa: F401


log = logging.getLogger("yot_desktop")
BACKUP_CHECK_MS = 60 * 60 * 1000  # how often an open window looks for today's backup


def setup_logging(log_dir: Path) -> Path:
    """A rotating log file in the user log folder; never children's personal data."""
    log_dir.mkdir(parents=True, exist_ok=True)
    path = log_dir / "yot-desktop.log"
    handler = RotatingFileHandler(path, maxBytes=1_000_000, backupCount=5, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger("yot_desktop")
    if not any(isinstance(h, RotatingFileHandler) for h in root.handlers):
        root.addHandler(handler)
    root.setLevel(logging.INFO)
    return path


def apply_style(app: QApplication) -> None:
    # Fusion follows the system's light or dark colour scheme (Qt 6.5+) and scales cleanly.
    app.setStyle("Fusion")
    app.setApplicationName("YOT Desktop")
    app.setOrganizationName("YOT Desktop")
    app.setApplicationDisplayName("YOT Desktop")


class AppController(QObject):
    """Walks a person from start-up to the main window, and back on sign-out or reconnect."""

    def __init__(
        self,
        settings: Settings,
        username: str = "",
        password: str | None = None,
        runner: TaskRunner | None = None,
    ) -> None:
        super().__init__()
        self.settings = settings
        self.username = username
        self._auto_password = password
        self.runner = runner or TaskRunner(self)
        self.runner.default_error = lambda exc, tb: show_error(None, exc, tb)
        self._services: Services | None = None
        self.info: DatabaseInfo | None = None
        self.window: MainWindow | None = None
        self.dialog: QWidget | None = None
        self.idle_lock: IdleLock | None = None
        self._db_key: str | None = None  # an encrypted file's passphrase, for this run only
        self._remember_key = False
        self._upgrade_note = ""  # said at sign-in when this version upgraded the database
        self.state = QSettings(str(settings.config_dir / "window.ini"), QSettings.Format.IniFormat)
        # A new database file is made only in the usual place on the very first start, or
        # where the person chose one in the connection dialog: a mistyped --db or YOT_DB_URL
        # is said to be missing rather than silently made (with its folders) and empty.
        self._may_create = settings.database_url == default_sqlite_url(settings.data_dir)
        # The sign-in window shown at once on start-up, while the libraries load and the
        # database opens; `sign_in` makes it ready (or another dialog takes its place).
        self._early: LoginDialog | None = None
        self._loaded = False
        # The day's automatic backup (SQLite): at sign-in, and looked for again every hour.
        self.backup_timer = QTimer(self)
        self.backup_timer.setInterval(BACKUP_CHECK_MS)
        self.backup_timer.timeout.connect(self._daily_backup)
        self._backup_user: CurrentUser | None = None

    @property
    def services(self) -> Services:
        assert self._services is not None, "the database is not open"
        return self._services

    # --- opening the database ------------------------------------------------------------
    def start(self) -> None:
        if not self._loaded:
            self._show_early_sign_in()
            return
        from yot_desktop.services.admin.secrets import (
            KeyringStore,
            encrypted_file_of,
            lacks_server_password,
            stored_database_key,
            with_server_password,
        )

        url = self.settings.database_url
        if self._db_key is None and encrypted_file_of(url) is not None:
            # The password store can be slow to answer: ask it off the GUI thread.
            self.runner.run(
                lambda: stored_database_key(url, KeyringStore()),
                self._stored_key,
                lambda _exc, _tb: self.ask_passphrase(),
            )
            return
        if lacks_server_password(url):
            self.runner.run(
                lambda: with_server_password(url, KeyringStore()),
                self._open,
                lambda _exc, _tb: self._open(url),
            )
            return
        self._open(url)

    def _show_early_sign_in(self) -> None:
        """The sign-in window first; the rest loads behind it (then `start` goes on)."""
        early = LoginDialog(None, self.runner, "Opening the database…", self.username)
        self._early = early
        self.dialog = early
        early.change_database.connect(lambda: QTimer.singleShot(0, self.choose_database))
        early.rejected.connect(lambda: self._dialog_cancelled(early))
        early.show()
        if os.environ.get("YOT_QUIT_AT") == "sign-in" and (
            started := os.environ.get("YOT_QUIT_WHEN_SHOWN")
        ):  # the start-up benchmark: the sign-in window is on screen
            print(f"shown {time.time() - float(started):.4f}", file=sys.stderr, flush=True)
            QTimer.singleShot(0, QApplication.quit)
            return

        def loaded(_none: None = None) -> None:
            self._loaded = True
            self.start()

        self.runner.run(_load_libraries, loaded, lambda _exc, _tb: loaded())

    def _drop_early(self) -> None:
        """Another dialog takes the early sign-in window's place."""
        early, self._early = self._early, None
        if early is not None:
            early.hide()
            early.deleteLater()

    def _stored_key(self, key: str | None) -> None:
        if key is None:
            self.ask_passphrase()
        else:
            self._db_key = key
            self.start()

    def ask_passphrase(self, problem: str = "") -> None:
        from yot_desktop.gui.security import PassphraseDialog
        from yot_desktop.storage.engine import describe_location

        self._drop_early()

        dialog = PassphraseDialog(describe_location(self.settings.database_url))
        if problem:
            dialog.show_problem(problem)
        self.dialog = dialog
        dialog.entered.connect(self._passphrase_entered)
        dialog.change_database.connect(lambda: QTimer.singleShot(0, self.choose_database))
        dialog.rejected.connect(lambda: self._dialog_cancelled(dialog))
        dialog.show()

    def _passphrase_entered(self, key: str, remember: bool) -> None:
        self._db_key, self._remember_key = key, remember
        self.start()

    def _open(self, url: str) -> None:
        from yot_desktop.services.container import Services
        from yot_desktop.storage.encryption import EncryptionUnavailable
        from yot_desktop.storage.engine import DatabaseLocationError, DatabaseMissing

        try:
            services = Services.open(url, key=self._db_key, create=self._may_create)
        except DatabaseMissing as err:
            self.choose_database(f"{err} To start a new database there, click Use this database.")
            return
        except (DatabaseLocationError, EncryptionUnavailable) as err:
            self.choose_database(str(err))
            return
        self._services = services

        def prepare() -> tuple[bool, DatabaseInfo, str]:
            upgraded = services.database.upgrade_on_open()  # refuses a newer app's database
            note = upgraded.message if upgraded is not None else ""
            return services.auth.needs_first_user(), services.database.info(), note

        self.runner.run(prepare, self._prepared, self._open_failed)

    def _open_failed(self, exc: BaseException, tb: str) -> None:
        from yot_desktop.storage.encryption import DatabaseKeyError
        from yot_desktop.storage.engine import damage_of, read_only_of

        if isinstance(exc, DatabaseKeyError) and self._db_key is not None:
            self.close_services()
            self._db_key = None
            self.ask_passphrase(str(exc))
            return
        log.error("Cannot open the database:\n%s", loggable(exc))
        if isinstance(exc, DomainError):  # a refusal that says why, like SchemaTooNew
            self.close_services()
            self.choose_database(str(exc))
            return
        url = self.settings.database_url
        damaged = damage_of(url, exc) or read_only_of(url, exc)
        self.close_services()
        self.choose_database(
            damaged or f"YOT Desktop cannot open the database: {str(exc).splitlines()[0]}"
        )

    def _prepared(self, result: tuple[bool, DatabaseInfo, str]) -> None:
        needs_first_user, self.info, self._upgrade_note = result
        if self._remember_key and self._db_key is not None:
            self._remember_key = False
            self._remember_passphrase(self._db_key)
        if needs_first_user:
            self.first_run()
        elif self.username and self._auto_password is not None:
            password, self._auto_password = self._auto_password, None
            self._auto_sign_in(password)
        else:
            self.sign_in()

    def choose_database(self, problem: str = "") -> None:
        from yot_desktop.gui.connection import ConnectionDialog  # rarely needed: load on demand
        from yot_desktop.services.admin.secrets import KeyringStore, remember_server_password

        self._drop_early()

        dialog = ConnectionDialog(
            self.runner,
            self.settings.database_url,
            sslmode=self.settings.sslmode,
            locked=self.settings.locked,
            locked_by=str(self.settings.deployment_file or ""),
        )
        if problem:
            dialog.ui.resultLabel.setText(problem)
        self.dialog = dialog

        def chosen() -> None:
            if dialog.chosen_url:
                url = dialog.chosen_url
                if not self.settings.is_locked("database_url"):  # IT's choice stays IT's
                    save_database_choice(self.settings, url)  # never with the password
                self.settings = self.settings.with_database(url)
                self._may_create = True  # chosen in the dialog: a new file is asked for
                self._db_key = None
                self.close_services()
                if url.startswith("postgresql"):
                    self.runner.run(
                        lambda: remember_server_password(url, KeyringStore()),
                        lambda _saved: self._open(url),
                        lambda _exc, _tb: self._open(url),  # no store: asked again next time
                    )
                else:
                    self.start()
            elif self.window is None:
                QApplication.quit()

        dialog.finished.connect(chosen)
        dialog.show()

    # --- signing in ----------------------------------------------------------------------
    def first_run(self) -> None:
        from yot_desktop.gui.first_run import FirstRunWizard  # once per database: on demand

        self._drop_early()

        wizard = FirstRunWizard(self.services, self.runner)
        self.dialog = wizard

        def done(result: int) -> None:
            if not result:
                QApplication.quit()
                return
            admin = wizard.user
            if admin is not None:
                self.runner.run(self.services.database.info, lambda i: self._open_main(admin, i))
            else:
                self.username = wizard.demo_username or ""
                self.runner.run(self.services.database.info, self._after_demo)

        wizard.finished.connect(done)
        wizard.show()

    def _after_demo(self, info: DatabaseInfo) -> None:
        self.info = info
        self.sign_in()

    def sign_in(self, problem: str = "") -> None:
        assert self.info is not None
        where = f"{self.info.kind} database: {self.info.location}"
        if self.info.is_demo:
            where += (
                "\nDEMO data: sign in as admin, manager, practitioner or panel (password demo)."
            )
        if self._upgrade_note:  # said once, in the first sign-in dialog after the upgrade
            where += f"\n\n{self._upgrade_note}"
            self._upgrade_note = ""
        info = self.info
        early, self._early = self._early, None
        if early is not None and self.dialog is early and early.isVisible():
            # The window shown at start-up: keep what the person has typed meanwhile.
            early.ready(self.services, where)
            if problem:
                early.show_problem(problem)
            early.signed_in.connect(lambda user: self._open_main(user, info))
            return
        if early is not None:
            early.deleteLater()
        dialog = LoginDialog(self.services, self.runner, where, self.username)
        if problem:
            dialog.show_problem(problem)
        self.dialog = dialog
        dialog.signed_in.connect(lambda user: self._open_main(user, info))
        dialog.change_database.connect(lambda: QTimer.singleShot(0, self.choose_database))
        dialog.rejected.connect(lambda: self._dialog_cancelled(dialog))
        dialog.show()

    def _dialog_cancelled(self, dialog: QWidget) -> None:
        # Cancelling sign-in quits; "Change database" also rejects, but opens another dialog.
        if self.window is None and self.dialog is dialog:
            QApplication.quit()

    def _auto_sign_in(self, password: str) -> None:
        info = self.info
        assert info is not None
        self.runner.run(
            lambda: self.services.auth.sign_in(self.username, password),
            lambda user: self._open_main(user, info),
            lambda exc, _tb: self.sign_in(str(exc)),
        )

    # --- the main window -----------------------------------------------------------------
    def _open_main(self, user: CurrentUser, info: DatabaseInfo) -> None:
        from yot_desktop.gui.main_window import MainWindow

        self._drop_early()
        if user.must_change_password and not info.is_demo:
            self._change_password_first(user, info)
            return
        window = MainWindow(
            self.services,
            user,
            self.runner,
            info,
            self.state,
            self.settings.log_dir,
            settings=self.settings,
        )
        self.window = window
        self.dialog = None
        window.connect_requested.connect(self._reconnect)
        window.sign_out_requested.connect(self._sign_out)
        self._install_idle_lock(user)
        window.show()  # the first screen refreshes itself when the window selects it
        self._backup_user = user
        self._daily_backup()
        self.backup_timer.start()
        if started := os.environ.get("YOT_QUIT_WHEN_SHOWN"):
            # The start-up benchmark: report when the window is on screen, then stop.
            print(f"shown {time.time() - float(started):.4f}", file=sys.stderr, flush=True)
            QTimer.singleShot(0, QApplication.quit)

    def _change_password_first(self, user: CurrentUser, info: DatabaseInfo) -> None:
        from yot_desktop.gui.change_password import ChangePasswordDialog

        dialog = ChangePasswordDialog(self.services, self.runner, user)
        self.dialog = dialog
        dialog.changed.connect(lambda changed: self._open_main(changed, info))
        dialog.rejected.connect(lambda: self._dialog_cancelled(dialog))
        dialog.show()

    def _remember_passphrase(self, key: str) -> None:
        from yot_desktop.services.admin.secrets import (
            KeyringStore,
            SecretStoreUnavailable,
            database_key_account,
            encrypted_file_of,
        )

        path = encrypted_file_of(self.settings.database_url)
        if path is None:
            return

        def keep() -> None:
            KeyringStore().put(database_key_account(path), key)

        def failed(exc: BaseException, _tb: str) -> None:
            if isinstance(exc, SecretStoreUnavailable):
                log.warning("The database passphrase could not be remembered: no password store")

        self.runner.run(keep, lambda _none: None, failed)

    def _install_idle_lock(self, user: CurrentUser) -> None:
        from yot_desktop.gui.idle_lock import IdleLock

        if self.idle_lock is not None:
            self.idle_lock.stop()
        lock = IdleLock(
            self.services.auth, user, self.runner, self.settings.idle_lock_minutes, parent=self
        )
        lock.sign_out_requested.connect(self._sign_out_from_lock)
        self.idle_lock = lock

        def limit_known(limit: int | None) -> None:
            # An administrator's limit for every computer wins over a longer local choice.
            if limit is not None and self.idle_lock is lock and limit < lock.minutes:
                lock.set_minutes(limit)

        self.runner.run(self.services.database.idle_lock_limit, limit_known)

    def _sign_out_from_lock(self) -> None:
        # The person chose to lose unsaved work (the lock screen asked once).
        if self.window is not None:
            self.window.discard_unsaved = True
        self._sign_out()

    def _daily_backup(self) -> None:
        """Today's automatic backup of a SQLite database when there is none yet, off the GUI
        thread (services.backups); said in the status bar. A window left open past midnight
        makes the next day's within the hour."""
        from yot_desktop.gui.errors import explain
        from yot_desktop.services.admin.backups import keep_days_setting

        user, window = self._backup_user, self.window
        if user is None or window is None:
            return
        try:
            keep = keep_days_setting(self.settings.extra)
        except DomainError as err:
            window.statusBar().showMessage(explain(err)[1].lstrip("• "))
            return
        services = self.services

        def made(path: Path | None) -> None:
            if path is not None and self.window is window:
                window.statusBar().showMessage(f"Today's backup is made: {path}", 10_000)

        def failed(exc: BaseException, _tb: str) -> None:
            log.warning("The automatic backup failed:\n%s", loggable(exc))
            if self.window is window:
                said = explain(exc)[1].lstrip("• ")
                window.statusBar().showMessage(f"Today's automatic backup was not made: {said}")

        self.runner.run(lambda: services.database.automatic_backup(user, keep), made, failed)

    def _leave_main(self) -> bool:
        if self.window is None or not self.window.close():
            return False
        self.backup_timer.stop()
        self._backup_user = None
        if self.idle_lock is not None:
            self.idle_lock.stop()
            self.idle_lock = None
        self.window.deleteLater()
        self.window = None
        return True

    def _sign_out(self) -> None:
        if self._leave_main():
            self.sign_in()

    def _reconnect(self) -> None:
        if self._leave_main():
            self.choose_database()

    def close_services(self) -> None:
        if self._services is not None:
            self.runner.wait(5000)
            self._services.close()
            self._services = None

    def anything_open(self) -> bool:
        return any(w is not None and w.isVisible() for w in (self.window, self.dialog))


def run_gui(db_url: str | None, argv: list[str], user: str | None = None) -> int:
    try:
        settings = load_settings(db_url)
    except RuntimeError as exc:  # a settings or deployment file with a mistake, or a lock
        from PySide6.QtWidgets import QMessageBox

        app = QApplication.instance() or QApplication([sys.argv[0]])
        QMessageBox.critical(None, "YOT Desktop cannot start", str(exc))
        return 1
    log_path = setup_logging(settings.log_dir)
    if user is None:  # called without __main__'s reading of the options
        from yot_desktop.cli import build_parser

        user = build_parser().parse_known_args(argv)[0].user or ""
    app = QApplication.instance() or QApplication([sys.argv[0]])
    assert isinstance(app, QApplication)
    apply_style(app)
    log.info("Starting YOT Desktop; log at %s", log_path)
    controller = AppController(settings, user, os.environ.get("YOT_PASSWORD") if user else None)
    # Dialogs follow one another (wizard, sign-in, main window): quit only when none is open.
    app.setQuitOnLastWindowClosed(False)
    app.lastWindowClosed.connect(lambda: None if controller.anything_open() else app.quit())
    controller.start()
    code = app.exec()
    controller.close_services()
    return code
