"""The main window: navigation rail on the left, the chosen screen on the right."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from html import escape
from pathlib import Path

from PySide6.QtCore import QSettings, QSize, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QStackedWidget,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from yot_desktop import __version__
from yot_desktop.domain.enums import Role
from yot_desktop.domain.permissions import Permission, allowed
from yot_desktop.gui.connection_bar import ConnectionBar
from yot_desktop.gui.errors import show_error
from yot_desktop.gui.live_refresh import LiveRefresh
from yot_desktop.gui.screens.administration import AdministrationScreen
from yot_desktop.gui.screens.audit import AuditScreen
from yot_desktop.gui.screens.calendar import CalendarScreen
from yot_desktop.gui.screens.caseload import CaseloadScreen
from yot_desktop.gui.screens.letters import LettersScreen
from yot_desktop.gui.screens.referrals import ReferralsScreen
from yot_desktop.gui.screens.reports import ReportsScreen
from yot_desktop.gui.screens.retention import RetentionScreen
from yot_desktop.gui.screens.today import TodayScreen
from yot_desktop.gui.tasks import TaskRunner
from yot_desktop.gui.widgets import (
    ElidedLabel,
    chip,
    configure_item_view,
    fit_to_screen,
    named,
    never_squeezed,
)
from yot_desktop.services.container import Services
from yot_desktop.services.dto import CurrentUser, DatabaseInfo
from yot_desktop.settings import Settings

SP = QStyle.StandardPixmap


class MainWindow(QMainWindow):
    connect_requested = Signal()
    sign_out_requested = Signal()

    def __init__(
        self,
        services: Services,
        user: CurrentUser,
        runner: TaskRunner,
        info: DatabaseInfo,
        state: QSettings | None = None,
        log_dir: Path | None = None,
        settings: Settings | None = None,
    ) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.settings = settings  # this computer's settings, for Help > Settings
        self.setAccessibleName("YOT Desktop")
        self.services = services
        self.user = user
        self.runner = runner
        self.info = info
        self.state = state
        self.discard_unsaved = False  # set when the person signs out from the screen lock
        self.log_dir = log_dir
        self.setWindowTitle(
            f"YOT Desktop — {user.display_name}" + (" — DEMO" if info.is_demo else "")
        )
        # Fits 1024×700 at 100%, 1366×768 at 125% (1093×614 logical pixels) and 1920×1080 at
        # 200% (960×540 logical pixels, about 960×500 less the taskbar).
        self.setMinimumSize(QSize(760, 460))

        self.nav = named(QListWidget(), "navigationRail", "Navigation")
        self.nav.setIconSize(QSize(20, 20))
        self.nav.setStyleSheet("QListWidget#navigationRail::item { padding: 9px 6px; }")
        configure_item_view(self.nav)
        self.stack = QStackedWidget()
        self.stack.setObjectName("screenStack")
        screens = self._build_screens()
        self.screen_keys: list[str] = []
        for key, label, icon, widget in screens:
            item = QListWidgetItem(self.style().standardIcon(icon), label)
            item.setData(Qt.ItemDataRole.AccessibleTextRole, label)
            self.nav.addItem(item)
            self.stack.addWidget(widget)
            self.screen_keys.append(key)
        self.nav.currentRowChanged.connect(self._screen_changed)
        # As wide as the longest name needs (icon, padding, frame), not a fixed 200 pixels:
        # the screens need the room at 1024×700.
        self.nav.setFixedWidth(self.nav.sizeHintForColumn(0) + 2 * self.nav.frameWidth() + 16)

        central = QWidget()
        outer = QVBoxLayout(central)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        # Shown while the database server is lost; reconnects and refreshes by itself.
        self.connection_bar = ConnectionBar(runner, services.auth.is_demo, self._refresh_screen)
        outer.addWidget(self.connection_bar)
        if user.role is Role.ADMINISTRATOR:  # told when the login could rewrite the audit trail
            from yot_desktop.gui.audit_guard_bar import AuditGuardBar

            self.audit_guard_bar = AuditGuardBar(runner, services, user)
            outer.addWidget(self.audit_guard_bar)
        # Other PCs' changes, shown on the screen in front of the person (issue 11).
        self.live = LiveRefresh(services.changes, self)
        self.live.data_changed.connect(self._data_changed)
        layout = QHBoxLayout()
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        outer.addLayout(layout, 1)
        self.setCentralWidget(central)
        self._build_menus(screens)
        self._build_status_bar()
        self.runner.busy_changed.connect(self._busy)
        self._restore_state()
        if self.nav.currentRow() < 0:
            self.nav.setCurrentRow(0)

    # --- layout pieces -------------------------------------------------------------------
    def _may(self, *permissions: Permission) -> bool:
        return any(allowed(self.user.role, p) for p in permissions)

    def _build_screens(self) -> list[tuple[str, str, SP, QWidget]]:
        """Only the screens the role may use. A screen starts loading as soon as it is built,
        so building one the role may not use would ask a service that refuses (and audits the
        refusal). Each screen is gated on the permission its first service call checks."""
        services, user, runner = self.services, self.user, self.runner
        self.caseload: CaseloadScreen | None = None  # None for a role without a caseload
        self.referrals: ReferralsScreen | None = None
        self.calendar: CalendarScreen | None = None
        self.today: TodayScreen | None = None
        self.letters: LettersScreen | None = None
        self.reports: ReportsScreen | None = None
        self.retention: RetentionScreen | None = None
        self.audit: AuditScreen | None = None
        self.administration: AdministrationScreen | None = None
        screens: list[tuple[str, str, SP, QWidget]] = []
        # people.search, referrals.list_referrals, scheduling.diary, attendance.register
        if self._may(Permission.VIEW_CASES):
            caseload = CaseloadScreen(services, user, runner)
            self.caseload = caseload
            self.referrals = ReferralsScreen(services, user, runner)
            caseload.open_referral.connect(self.open_referral)
            self.calendar = CalendarScreen(services, user, runner)
            self.today = TodayScreen(services, user, runner)
            screens += [
                ("caseload", "Caseload", SP.SP_DirHomeIcon, caseload),
                ("referrals", "Referrals", SP.SP_FileDialogNewFolder, self.referrals),
                ("calendar", "Calendar", SP.SP_FileDialogDetailedView, self.calendar),
                ("today", "Today", SP.SP_DialogApplyButton, self.today),
            ]
        # letters.due; administrators come for the letter wording editor only.
        if self._may(Permission.PRINT_LETTERS, Permission.MANAGE_TEMPLATES):
            self.letters = LettersScreen(services, user, runner)
            screens.append(("letters", "Letters", SP.SP_FileIcon, self.letters))
        # reports.schemes (scheme evaluation) or reports.panel_dates (panel summaries)
        if self._may(Permission.VIEW_REPORTS, Permission.VIEW_PANEL_SUMMARIES):
            self.reports = ReportsScreen(services, user, runner)
            screens.append(("reports", "Reports", SP.SP_FileDialogContentsView, self.reports))
        if self._may(Permission.MANAGE_RETENTION):  # retention.due
            self.retention = RetentionScreen(services, user, runner)
            screens.append(("retention", "Retention", SP.SP_TrashIcon, self.retention))
        if self._may(Permission.VIEW_AUDIT):  # audit.search
            self.audit = AuditScreen(services, user, runner)
            screens.append(("audit", "Audit", SP.SP_FileDialogInfoView, self.audit))
        if self._may(Permission.MANAGE_USERS):  # users.list_users
            self.administration = AdministrationScreen(services, user, runner)
            self.administration.own_team_renamed.connect(
                lambda name: self.user_label.setText(
                    f"{user.display_name} ({user.role.label}) · {name}"
                )
            )
            screens.append(
                ("administration", "Administration", SP.SP_ComputerIcon, self.administration)
            )
        return screens

    def _build_menus(self, screens: list[tuple[str, str, SP, QWidget]]) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        self._action(
            file_menu, "Connect to &database…", self.connect_requested.emit, "connectAction"
        )
        if allowed(self.user.role, Permission.ADMINISTER_DATABASE):
            self._action(file_menu, "&Back up database…", self.backup, "backupAction")
            if self.info.kind == "SQLite":
                self._action(
                    file_menu, "&Restore from backup…", self.restore_backup, "restoreAction"
                )
        may_edit = allowed(self.user.role, Permission.EDIT_CASES)
        if may_edit and self.referrals is not None:
            self._action(
                file_menu,
                "&New referral…",
                self.new_referral,
                "newReferralAction",
                QKeySequence.StandardKey.New,
            )
            self._action(
                file_menu,
                "&Import police referrals…",
                self.import_referrals,
                "importReferralsAction",
            )
        if may_edit and self.today is not None:
            self._action(
                file_menu,
                "Import an &attendance register…",
                self.import_attendance,
                "importAttendanceAction",
            )
        if allowed(self.user.role, Permission.MANAGE_CATALOGUE):
            self._action(
                file_menu, "Intervention &catalogue…", self.edit_catalogue, "catalogueAction"
            )
        file_menu.addSeparator()
        self._action(file_menu, "Sign &out", self.sign_out_requested.emit, "signOutAction")
        self._action(file_menu, "&Quit", self.close, "quitAction", QKeySequence.StandardKey.Quit)

        if self.caseload is not None:  # Find searches the caseload
            edit_menu = bar.addMenu("&Edit")
            find = QKeySequence.StandardKey.Find
            self._action(edit_menu, "&Find", self.focus_find, "findAction", find)

        go_menu = bar.addMenu("&Go")
        for i, (key, label, _icon, _w) in enumerate(screens):
            self._action(
                go_menu,
                label,
                partial(self.nav.setCurrentRow, i),
                f"go_{key}",
                QKeySequence(f"Ctrl+{i + 1}"),
            )

        help_menu = bar.addMenu("&Help")
        self._action(help_menu, "Open the &log folder", self.open_logs, "openLogsAction")
        self._action(
            help_menu, "&Settings on this computer", self.settings_sources, "settingsSourcesAction"
        )
        self._action(help_menu, "&About YOT Desktop", self.about, "aboutAction")

    def _action(
        self,
        menu: object,
        text: str,
        slot: Callable[[], object],
        name: str,
        shortcut: QKeySequence | QKeySequence.StandardKey | None = None,
    ) -> QAction:
        action = QAction(text, self)
        action.setObjectName(name)
        if shortcut is not None:
            action.setShortcut(shortcut)
        action.triggered.connect(lambda _checked=False: slot())
        menu.addAction(action)  # type: ignore[attr-defined]
        return action

    def _build_status_bar(self) -> None:
        status = self.statusBar()
        status.setObjectName("statusBar")
        if self.info.is_demo:
            demo = chip("DEMO — invented data, not real people", "demo")
            demo.setObjectName("demoBanner")
            status.addPermanentWidget(demo)
        self.user_label = named(
            QLabel(f"{self.user.display_name} ({self.user.role.label}) · {self.user.team_name}"),
            "statusUser",
            "Signed in as",
        )
        never_squeezed(self.user_label)
        self.user_label.setContentsMargins(12, 0, 0, 0)  # apart from a passing message
        # A long path is shortened in the middle (the whole of it in the tooltip).
        self.db_label = named(
            ElidedLabel(f"{self.info.kind}: {self.info.location}"), "statusDatabase", "Database"
        )
        self.busy = named(QProgressBar(), "busyIndicator", "Working")
        self.busy.setRange(0, 0)
        self.busy.setMaximumWidth(90)
        self.busy.setTextVisible(False)
        self.busy.hide()
        # Permanent widgets: a passing message (showMessage, like today's backup) hides the
        # status bar's ordinary widgets, and who is signed in (and the demo warning) must stay.
        # The database's name makes room for the message while it is shown.
        status.addPermanentWidget(self.user_label)
        status.addPermanentWidget(self.busy)
        status.addPermanentWidget(self.db_label)
        status.messageChanged.connect(lambda message: self.db_label.setVisible(not message))

    # --- behaviour -----------------------------------------------------------------------
    def _busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)

    def _screen_changed(self, row: int) -> None:
        self.stack.setCurrentIndex(row)
        self._refresh_screen()

    def _refresh_screen(self) -> None:
        widget = self.stack.currentWidget()
        refresh = getattr(widget, "refresh", None)
        if callable(refresh):
            refresh()

    def _data_changed(self, changes: object) -> None:
        """Another PC saved something: the screen shown reloads in place; the others reload
        anyway when they are shown."""
        live_refresh = getattr(self.stack.currentWidget(), "live_refresh", None)
        if callable(live_refresh):
            live_refresh(changes)

    def show_screen(self, key: str) -> None:
        self.nav.setCurrentRow(self.screen_keys.index(key))

    def current_screen_key(self) -> str:
        return self.screen_keys[self.nav.currentRow()]

    def focus_find(self) -> None:
        if self.caseload is not None:
            self.show_screen("caseload")
            self.caseload.focus_search()

    def import_attendance(self) -> None:
        if self.today is not None:
            self.show_screen("today")
            self.today.import_register()

    def edit_catalogue(self) -> None:
        from yot_desktop.gui.dialogs.catalogue_dialog import CatalogueDialog

        self.catalogue_dialog = CatalogueDialog(self.services, self.user, self.runner, self)
        self.catalogue_dialog.open()

    def new_referral(self) -> None:
        if self.referrals is not None:
            self.show_screen("referrals")
            self.referrals.new_referral()

    def import_referrals(self) -> None:
        if self.referrals is not None:
            self.show_screen("referrals")
            self.referrals.choose_import_file()

    def open_referral(self, referral_id: int) -> None:
        if self.referrals is not None:
            self.show_screen("referrals")
            self.referrals.show_referral(referral_id)

    def backup(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self, "Back up the database", "yot-desktop-backup.db", "Database (*.db)"
        )
        if not name:
            return
        self.runner.run(
            lambda: self.services.database.backup(self.user, Path(name)),
            lambda out: self.statusBar().showMessage(f"Backed up to {out}", 8000),
            lambda exc, tb: show_error(self, exc, tb),
        )

    def restore_backup(self) -> None:
        from yot_desktop.gui.dialogs.restore_backup import RestoreBackupDialog, when

        dialog = RestoreBackupDialog(self.services, self.user, self.runner, self)

        def restored(done: object) -> None:
            # The restored database may hold other accounts and records: once the person has
            # read this, they sign in again.
            taken = when(getattr(done, "taken", None))
            box = QMessageBox(self)
            box.setObjectName("restoredBox")
            box.setIcon(QMessageBox.Icon.Information)
            box.setWindowTitle("Database restored")
            box.setAccessibleName("Database restored")
            box.setText(
                f"The database is back as it was on {taken}. The database as it was before is "
                f"kept at {getattr(done, 'safety_copy', '')}.\n\nSign in again to carry on."
            )
            self.discard_unsaved = True
            box.finished.connect(lambda _result: self.sign_out_requested.emit())
            box.open()

        dialog.restored.connect(restored)
        dialog.open()

    def open_logs(self) -> None:
        from PySide6.QtCore import QUrl
        from PySide6.QtGui import QDesktopServices

        if self.log_dir is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.log_dir)))

    def settings_sources(self) -> None:
        """Each setting in force, and whether it is the user's, IT's (locked?) or the default."""
        from yot_desktop.gui.settings_sources import SettingsSourcesDialog  # rarely opened
        from yot_desktop.settings import load_settings

        settings = self.settings if self.settings is not None else load_settings()
        dialog = SettingsSourcesDialog(settings, self)
        dialog.setModal(True)
        dialog.open()

    def about(self) -> None:
        box = QMessageBox(self)
        box.setObjectName("aboutDialog")
        box.setAccessibleName("About YOT Desktop")
        box.setWindowTitle("About YOT Desktop")
        box.setText(
            "<b>YOT Desktop</b><br>"
            "Case management for youth drug diversion schemes.<br><br>"
            f"App version: {__version__}<br>"
            f"Database: {self.info.kind} at {escape(self.info.location)}<br>"
            f"Database schema version: {self.info.revision or 'none'}"
        )
        box.open()

    def _open_inside_the_screen(self) -> None:
        """1200×780 where there is room; on a smaller screen (1024×700, or 1366×768 at 125%)
        the room there is, less the title bar and edges, centred."""
        fit_to_screen(self, 1200, 780)
        screen = self.screen() or QGuiApplication.primaryScreen()
        if screen is not None:
            self.move(screen.availableGeometry().center() - self.rect().center())

    def _restore_state(self) -> None:
        if self.state is None:
            self._open_inside_the_screen()
            return
        geometry = self.state.value("main/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)  # Qt moves it back inside the screen it finds
        else:
            self._open_inside_the_screen()
        window_state = self.state.value("main/state")
        if window_state is not None:
            self.restoreState(window_state)
        key = self.state.value("main/screen", "caseload")
        if key in self.screen_keys:
            self.nav.setCurrentRow(self.screen_keys.index(str(key)))

    def unsaved_work(self) -> list[str]:
        """What the person has typed but not saved, in words for the closing question."""
        unsaved = []
        if self.caseload is not None and self.caseload.panel.is_dirty:
            unsaved.append("this young person's record")
        panel = self.reports.panel_box if self.reports is not None else None
        if panel is not None and panel.dirty:
            unsaved.append("the panel recommendation")
        return unsaved

    def closeEvent(self, event: QCloseEvent) -> None:
        unsaved = self.unsaved_work()
        if unsaved and not self.discard_unsaved:
            answer = QMessageBox.question(
                self,
                "Unsaved changes",
                f"You have changed {' and '.join(unsaved)} but not saved it. "
                "Close and lose these changes?",
                QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel,
            )
            if answer != QMessageBox.StandardButton.Discard:
                event.ignore()
                return
        if self.state is not None:
            self.state.setValue("main/geometry", self.saveGeometry())
            self.state.setValue("main/state", self.saveState())
            self.state.setValue("main/screen", self.current_screen_key())
            self.state.sync()
        self.live.stop()
        self.runner.wait(5000)
        event.accept()
