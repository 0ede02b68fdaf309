"""Start-up: settings -> database -> first run or sign-in -> main window."""

from __future__ import annotations

import logging
import os
import sys
import time
from logging.handlers import RotatingFileHandler
from pathlib import Path

from PySide6.QtCore import QObject, QSettings, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from yot_desktop.gui.errors import show_error
from yot_desktop.gui.login import LoginDialog
from yot_desktop.gui.main_window import MainWindow
from yot_desktop.gui.tasks import TaskRunner
from yot_desktop.services.container import Services
from yot_desktop.services.dto import CurrentUser, DatabaseInfo
from yot_desktop.settings import Settings, load_settings, save_database_choice
from yot_desktop.storage.engine import DatabaseLocationError

log = logging.getLogger("yot_desktop")


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
        self.state = QSettings(str(settings.config_dir / "window.ini"), QSettings.Format.IniFormat)

    @property
    def services(self) -> Services:
        assert self._services is not None, "the database is not open"
        return self._services

    # --- opening the database ------------------------------------------------------------
    def start(self) -> None:
        try:
            services = Services.open(self.settings.database_url)
        except DatabaseLocationError as err:
            self.choose_database(str(err))
            return
        self._services = services

        def prepare() -> tuple[bool, DatabaseInfo]:
            services.database.upgrade()
            return services.auth.needs_first_user(), services.database.info()

        self.runner.run(prepare, self._prepared, self._open_failed)

    def _open_failed(self, exc: BaseException, tb: str) -> None:
        log.error("Cannot open the database: %s\n%s", exc, tb)
        self.choose_database(f"YOT Desktop cannot open the database: {str(exc).splitlines()[0]}")

    def _prepared(self, result: tuple[bool, DatabaseInfo]) -> None:
        needs_first_user, self.info = result
        if needs_first_user:
            self.first_run()
        elif self.username and self._auto_password is not None:
            password, self._auto_password = self._auto_password, None
            self._auto_sign_in(password)
        else:
            self.sign_in()

    def choose_database(self, problem: str = "") -> None:
        from yot_desktop.gui.connection import ConnectionDialog  # rarely needed: load on demand

        dialog = ConnectionDialog(self.runner, self.settings.database_url)
        if problem:
            dialog.ui.resultLabel.setText(problem)
        self.dialog = dialog

        def chosen() -> None:
            if dialog.chosen_url:
                save_database_choice(self.settings, dialog.chosen_url)
                self.settings = self.settings.with_database(dialog.chosen_url)
                self.close_services()
                self.start()
            elif self.window is None:
                QApplication.quit()

        dialog.finished.connect(chosen)
        dialog.show()

    # --- signing in ----------------------------------------------------------------------
    def first_run(self) -> None:
        from yot_desktop.gui.first_run import FirstRunWizard  # once per database: on demand

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
        dialog = LoginDialog(self.services, self.runner, where, self.username)
        if problem:
            dialog.show_problem(problem)
        self.dialog = dialog
        info = self.info
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
        if user.must_change_password and not info.is_demo:
            self._change_password_first(user, info)
            return
        window = MainWindow(
            self.services, user, self.runner, info, self.state, self.settings.log_dir
        )
        self.window = window
        self.dialog = None
        window.connect_requested.connect(self._reconnect)
        window.sign_out_requested.connect(self._sign_out)
        window.show()
        window.caseload.refresh()
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

    def _leave_main(self) -> bool:
        if self.window is None or not self.window.close():
            return False
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


def run_gui(db_url: str | None, argv: list[str]) -> int:
    settings = load_settings(db_url)
    log_path = setup_logging(settings.log_dir)
    from yot_desktop.cli import build_parser

    parsed, _ = build_parser().parse_known_args(argv)
    app = QApplication.instance() or QApplication([sys.argv[0]])
    assert isinstance(app, QApplication)
    apply_style(app)
    log.info("Starting YOT Desktop; log at %s", log_path)
    controller = AppController(
        settings, parsed.user or "", os.environ.get("YOT_PASSWORD") if parsed.user else None
    )
    # Dialogs follow one another (wizard, sign-in, main window): quit only when none is open.
    app.setQuitOnLastWindowClosed(False)
    app.lastWindowClosed.connect(lambda: None if controller.anything_open() else app.quit())
    controller.start()
    code = app.exec()
    controller.close_services()
    return code
