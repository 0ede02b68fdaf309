"""Journeys: the real app, started as `app.py` starts it, driven only by clicks and keys.

`journey` gives a `Journey`: the application controller on a brand-new empty database (a new
SQLite file, or a new PostgreSQL database), with the real threaded task runner. Helpers here
only move the mouse and the keyboard (`click`, `type_into`, `menu`, `answer`) and wait for the
app to settle; they never call a screen's slots. Services are used only to check the database
afterwards, or (`set_up_service`) to stand in for what journey 1 already proves through the
window, so the later journeys can start from a set-up service rather than from the demo.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import pytest
from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDialog,
    QMainWindow,
    QMenu,
    QMessageBox,
    QTabWidget,
    QWidget,
)
from pytestqt.qtbot import QtBot

from tests import pg
from yot_desktop.app import AppController
from yot_desktop.gui.login import LoginDialog
from yot_desktop.gui.main_window import MainWindow
from yot_desktop.services.container import Services
from yot_desktop.services.dto import CurrentUser
from yot_desktop.settings import load_settings
from yot_desktop.storage.engine import sqlite_path
from yot_desktop.storage.migrate import backup_sqlite

W = TypeVar("W", bound=QWidget)
WAIT_MS = 15_000

ADMIN = ("admin.one", "Ada Admin", "admin-password-long")
MANAGER = ("m.manager", "Mina Manager", "manager-password-long")
PRACTITIONER = ("p.one", "Priya Practitioner", "practitioner-pass-long")
PRACTITIONER_2 = ("p.two", "Tom Practitioner", "practitioner-pass-two")
PANEL = ("panel.one", "Pat Panel", "panel-member-password")
TEAM = "West Berkshire Youth Offending Team"
OTHER_TEAM = "Windsor and Maidenhead Youth Offending Team"


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def fresh_db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database nobody has used: a new SQLite file, or a new PostgreSQL database."""
    if request.param == "sqlite":
        # An empty file, as a new database is: the app makes a missing file only in its usual
        # place or when asked (test_journey_bad_database), and this one is in a temp folder.
        path = tmp_path / "journey.db"
        path.touch()
        yield f"sqlite:///{path}"
        return
    try:
        admin = pg.admin_url()
    except pg.Unavailable as err:
        pg.not_available(str(err))
    url = pg.create_database(admin, "yot_journey")
    yield url
    pg.drop_database(admin, url)


@dataclass
class Journey:
    """The running app and a person's hands on it."""

    qtbot: QtBot
    db_url: str
    tmp: Path
    controller: AppController
    opened: list[Services] = field(default_factory=list)

    # --- what is on screen ----------------------------------------------------------------
    @property
    def window(self) -> MainWindow:
        assert self.controller.window is not None, "the main window is not open"
        return self.controller.window

    def settle(self, ms: int = 0) -> None:
        """Let background work finish and its results reach the screen."""
        runner = self.controller.runner
        self.qtbot.waitUntil(lambda: runner.running == 0, timeout=WAIT_MS)
        QApplication.processEvents()
        if ms:
            self.qtbot.wait(ms)
        self.qtbot.waitUntil(lambda: runner.running == 0, timeout=WAIT_MS)
        QApplication.processEvents()

    def find(self, cls: type[W], name: str, parent: QWidget | None = None) -> W:
        """The visible widget a person would see with this objectName."""
        roots = [parent] if parent is not None else self.top_levels()
        for root in roots:
            if isinstance(root, cls) and root.objectName() == name and root.isVisible():
                return root
            for found in root.findChildren(cls, name):
                if found.isVisible():
                    return found
        raise AssertionError(f"no visible {cls.__name__} named {name!r}")

    def top_levels(self) -> list[QWidget]:
        return [w for w in QApplication.topLevelWidgets() if w.isVisible()]

    def modal(self, cls: type[W] = QDialog, timeout: int = WAIT_MS) -> W:  # type: ignore[assignment]
        """The dialog (modal first, else any window of `cls`) in front of the person."""
        found: list[W] = []

        def opened() -> bool:
            widget = QApplication.activeModalWidget()
            if not isinstance(widget, cls):
                widget = next((w for w in self.top_levels() if isinstance(w, cls)), None)
            if isinstance(widget, cls) and widget.isVisible():
                found[:] = [widget]
                return True
            return False

        self.qtbot.waitUntil(opened, timeout=timeout)
        return found[0]

    def message_boxes(self) -> list[QMessageBox]:
        return [
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, QMessageBox) and w.isVisible()
        ]

    def assert_no_error_shown(self) -> None:
        boxes = self.message_boxes()
        assert not boxes, "unexpected message: " + " | ".join(
            f"{b.windowTitle()}: {b.text()}\n{b.detailedText()[-3000:]}" for b in boxes
        )

    # --- hands ----------------------------------------------------------------------------
    def click(self, widget: QWidget, settle: bool = True) -> None:
        assert widget.isVisible(), f"{widget.objectName()} is not on screen"
        assert widget.isEnabled(), f"{widget.objectName()} is disabled"
        self.qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)
        if settle:
            self.settle()

    def click_button(self, parent: QWidget, text_or_name: str, settle: bool = True) -> None:
        """Click the visible button with this objectName or this text (without '&')."""
        for button in parent.findChildren(QAbstractButton):
            if not button.isVisible():
                continue
            label = button.text().replace("&", "")
            if button.objectName() == text_or_name or label == text_or_name:
                self.click(button, settle)
                return
        names = [
            (b.objectName(), b.text())
            for b in parent.findChildren(QAbstractButton)
            if b.isVisible()
        ]
        raise AssertionError(f"no visible button {text_or_name!r}; there are {names}")

    def type_into(self, widget: QWidget, text: str, replace: bool = True) -> None:
        assert widget.isVisible(), f"{widget.objectName()} is not on screen"
        widget.setFocus()
        if replace:
            self.qtbot.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
            self.qtbot.keyClick(widget, Qt.Key.Key_Delete)
        self.qtbot.keyClicks(widget, text)

    def key(
        self,
        widget: QWidget,
        key: Qt.Key,
        modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
    ) -> None:
        self.qtbot.keyClick(widget, key, modifier)

    def choose(self, combo: QComboBox, text: str) -> None:
        """Pick an entry of a drop-down list as a person does: open it, click the entry."""
        index = combo.findText(text, Qt.MatchFlag.MatchContains)
        assert index >= 0, f"{combo.objectName()} has no {text!r}: " + ", ".join(
            combo.itemText(i) for i in range(combo.count())
        )
        self.click(combo, settle=False)
        view = combo.view()
        self.qtbot.waitUntil(view.isVisible, timeout=WAIT_MS)
        # Qt ignores a click in a list it has just opened (within the double-click time):
        # a person's second click always comes later than that.
        self.qtbot.wait(QApplication.doubleClickInterval() + 50)
        model_index = view.model().index(index, combo.modelColumn(), view.rootIndex())
        view.scrollTo(model_index)
        rect = view.visualRect(model_index)
        self.qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        self.qtbot.waitUntil(lambda: not view.isVisible(), timeout=WAIT_MS)
        assert combo.currentIndex() == index, f"{combo.objectName()} did not take {text!r}"
        self.settle()

    def click_row(
        self, view: QAbstractItemView, row: int, column: int = 0, double: bool = False
    ) -> None:
        model = view.model()
        index = model.index(row, column)
        view.scrollTo(index)
        rect = view.visualRect(index)
        assert rect.isValid(), f"row {row} of {view.objectName()} is not on screen"
        self.qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        if double:
            self.qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        self.settle()

    def row_texts(self, view: QAbstractItemView, column: int = 0) -> list[str]:
        model = view.model()
        return [str(model.index(r, column).data() or "") for r in range(model.rowCount())]

    def click_row_with(
        self, view: QAbstractItemView, text: str, column: int = 0, double: bool = False
    ) -> None:
        texts = self.row_texts(view, column)
        matches = [i for i, t in enumerate(texts) if text in t]
        assert matches, f"no row with {text!r} in {view.objectName()}: {texts[:20]}"
        self.click_row(view, matches[0], column, double)

    def tab(self, widget: QTabWidget, label: str) -> None:
        """Click a tab by its label."""
        bar = widget.tabBar()
        for i in range(bar.count()):
            if bar.tabText(i).replace("&", "") == label:
                self.qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(i).center())
                self.settle()
                assert widget.currentIndex() == i
                return
        raise AssertionError(f"no tab {label!r}")

    def go(self, screen_label: str) -> QWidget:
        """Click a screen in the navigation rail; return the screen."""
        nav = self.window.nav
        for row in range(nav.count()):
            item = nav.item(row)
            if item.text() == screen_label:
                rect = nav.visualItemRect(item)
                self.qtbot.mouseClick(nav.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
                self.settle()
                assert self.window.stack.currentIndex() == row
                return self.window.stack.currentWidget()
        raise AssertionError(f"no {screen_label!r} in the navigation rail")

    def menu(self, *path: str) -> None:
        """Click through the menu bar: menu("File", "Sign out")."""
        bar = self.window.menuBar()
        menu: QMenu | None = None
        for action in bar.actions():
            if action.text().replace("&", "") == path[0]:
                menu = action.menu()
                pos = bar.actionGeometry(action).center()
                self.qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=pos)
                break
        assert isinstance(menu, QMenu), f"no menu {path[0]!r}"
        for label in path[1:]:
            self.qtbot.waitUntil(menu.isVisible, timeout=WAIT_MS)
            target = next(
                (
                    a
                    for a in menu.actions()
                    if a.text().replace("&", "").rstrip("…") == label.rstrip("…")
                ),
                None,
            )
            assert target is not None, f"no {label!r} in the menu: " + ", ".join(
                a.text() for a in menu.actions()
            )
            assert target.isEnabled(), f"{label!r} is disabled"
            pos = menu.actionGeometry(target).center()
            submenu = target.menu()
            self.qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=pos)
            if isinstance(submenu, QMenu):
                menu = submenu
        self.settle()

    def answer(
        self,
        button: str | QMessageBox.StandardButton,
        then: Callable[[], Any],
        cls: type[QDialog] = QMessageBox,
    ) -> QDialog:
        """Do `then` (which opens a blocking dialog) and click `button` in that dialog.

        A blocking dialog (exec) holds the test inside `then`; a timer clicks for the person.
        Returns the dialog that was answered (closed by then)."""
        answered: list[QDialog] = []

        def click_when_open() -> None:
            widget = QApplication.activeModalWidget()
            if not isinstance(widget, cls) or not widget.isVisible():
                QTimer.singleShot(50, click_when_open)
                return
            answered.append(widget)
            if isinstance(button, QMessageBox.StandardButton):
                assert isinstance(widget, QMessageBox)
                target: QWidget | None = widget.button(button)
            else:
                target = next(
                    (
                        b
                        for b in widget.findChildren(QAbstractButton)
                        if b.isVisible()
                        and (b.objectName() == button or b.text().replace("&", "") == button)
                    ),
                    None,
                )
            assert target is not None, f"no {button!r} in {widget.windowTitle()!r}"
            self.qtbot.mouseClick(target, Qt.MouseButton.LeftButton)

        QTimer.singleShot(50, click_when_open)
        then()
        self.qtbot.waitUntil(lambda: bool(answered), timeout=WAIT_MS)
        self.settle()
        return answered[0]

    # --- starting and signing in ----------------------------------------------------------
    def login_dialog(self) -> LoginDialog:
        self.qtbot.waitUntil(
            lambda: (
                isinstance(self.controller.dialog, LoginDialog)
                and self.controller.dialog.isVisible()
                # shown at once on start-up; ready when the database has opened
                and self.controller.dialog.services is not None
            ),
            timeout=WAIT_MS,
        )
        dialog = self.controller.dialog
        assert isinstance(dialog, LoginDialog)
        return dialog

    def sign_in(self, username: str, password: str) -> MainWindow:
        """Type into the sign-in dialog and click Sign in; the main window opens."""
        dialog = self.login_dialog()
        self.type_into(dialog.ui.usernameEdit, username)
        self.type_into(dialog.ui.passwordEdit, password)
        self.click(dialog.ui.signInButton)
        self.qtbot.waitUntil(
            lambda: self.controller.window is not None and self.controller.window.isVisible(),
            timeout=WAIT_MS,
        )
        self.settle()
        return self.window

    def sign_out(self) -> None:
        self.menu("File", "Sign out")
        self.login_dialog()

    def services(self) -> Services:
        """Services of one's own on the same database, to check what was saved."""
        services = Services.open(self.db_url)
        self.opened.append(services)
        return services

    def screenshot(self, widget: QWidget, name: str) -> Path:
        """What the person sees, saved as ``name``.png in the test's folder; and, when the
        environment sets YOT_JOURNEY_SHOTS to a folder, there too (for the README:
        scripts/journey_screenshots.sh), a main window at least 1280×800 as people see it."""
        path = self.tmp / f"{name}.png"
        widget.grab().save(str(path))
        shots = os.environ.get("YOT_JOURNEY_SHOTS")
        if shots:
            Path(shots).mkdir(parents=True, exist_ok=True)
            size = widget.size()
            if isinstance(widget, QMainWindow):
                widget.resize(max(size.width(), 1280), max(size.height(), 800))
                self.settle(100)
            widget.grab().save(str(Path(shots) / f"{name}.png"))
            if widget.size() != size:
                widget.resize(size)
                self.settle()
        return path


def start_app(qtbot: QtBot, db_url: str, tmp: Path) -> Journey:
    settings = load_settings(db_url)
    controller = AppController(settings)
    journey = Journey(qtbot, db_url, tmp, controller)
    controller.start()
    return journey


@pytest.fixture
def journey_factory(qtbot: QtBot, tmp_path: Path) -> Iterator[Callable[[str], Journey]]:
    started: list[Journey] = []

    def start(db_url: str) -> Journey:
        journey = start_app(qtbot, db_url, tmp_path)
        started.append(journey)
        return journey

    yield start
    for journey in started:
        controller = journey.controller
        window = controller.window
        if window is not None:
            window.discard_unsaved = True
            window.close()
        for w in QApplication.topLevelWidgets():
            if w.isVisible():
                w.close()
        for _ in range(10):  # the last tasks' callbacks may start others: until none is left
            controller.runner.wait(10_000)
            QApplication.processEvents()
            if controller.runner.running == 0:
                break
        if window is not None:
            # Gone, as signing out leaves it: a closed window kept its screens' timers, and a
            # reload they started after this test's database was dropped showed its error box
            # in the next test ("database ... does not exist": the PostgreSQL retention Save
            # journey's "Something went wrong", sessions 5 and 7).
            window.deleteLater()
            controller.window = None
            QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        controller.close_services()
        for services in journey.opened:
            services.close()
        QApplication.processEvents()


@pytest.fixture
def fresh_app(fresh_db_url: str, journey_factory: Callable[[str], Journey]) -> Journey:
    """The app started on an empty database: the first-run wizard is on screen."""
    return journey_factory(fresh_db_url)


@dataclass(frozen=True)
class SetUp:
    url: str
    admin: CurrentUser


def _set_up_from_scratch(url: str) -> SetUp:
    """What set_up_service gives, made with the service calls themselves."""
    services = Services.open(url)
    try:
        services.database.upgrade()
        services.auth.create_first_administrator(ADMIN[0], ADMIN[2], ADMIN[1])
        admin = services.auth.sign_in(ADMIN[0], ADMIN[2])
        # As journey 1 does: the first administrator's team gets its name and letterhead.
        services.teams.set_team(
            admin,
            TEAM,
            address=("Market Street", "Newbury", "RG14 5LD"),
            phone="01635 503090",
            email="yot@westberks.example",
            team_id=admin.team_id,
        )
        admin = services.auth.sign_in(ADMIN[0], ADMIN[2])
        from yot_desktop.domain.enums import Role

        for (username, name, password), role in (
            (MANAGER, Role.MANAGER),
            (PRACTITIONER, Role.PRACTITIONER),
            (PRACTITIONER_2, Role.PRACTITIONER),
            (PANEL, Role.PANEL),
        ):
            services.users.add_user(
                admin,
                username,
                role,
                password,
                team=TEAM,
                display_name=name,
                must_change_password=False,
            )
        return SetUp(url, admin)
    finally:
        services.close()


def set_up_service(url: str) -> SetUp:
    """A new service set up as journey 1 sets it up through the window (first administrator,
    the team's letterhead, a manager, two practitioners and a panel member), for journeys
    that start after set-up. The same calls the Administration screen and `init` make.

    Made once per run (per xdist worker) for each kind of database and copied: every
    migration and five password hashes took seconds a journey (on PostgreSQL, five or more).
    `url` must be new: an empty SQLite file (or none), or a database on the tests' own
    PostgreSQL server that nobody is connected to. On any other server it is made in place."""
    templates = _set_up_templates
    if templates is None:
        return _set_up_from_scratch(url)
    path = sqlite_path(url)
    if path is not None:
        template, admin = templates.sqlite()
        backup_sqlite(template, path)
        return SetUp(url, admin)
    admin_url = pg.admin_url()
    if not pg.same_server(admin_url, url):
        return _set_up_from_scratch(url)
    template_url, admin = templates.postgresql(admin_url)
    pg.replace_database(admin_url, url, template_url)
    return SetUp(url, admin)


class _SetUpTemplates:
    """The set-up service, made once per run on SQLite and on PostgreSQL, to be copied."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.made: dict[str, tuple[str, CurrentUser]] = {}

    def sqlite(self) -> tuple[Path, CurrentUser]:
        if "sqlite" not in self.made:
            path = self.folder / "set-up.db"
            path.touch()
            done = _set_up_from_scratch(f"sqlite:///{path}")
            self.made["sqlite"] = (str(path), done.admin)
        path_text, admin = self.made["sqlite"]
        return Path(path_text), admin

    def postgresql(self, admin_url: str) -> tuple[str, CurrentUser]:
        if "postgresql" not in self.made:
            url = pg.create_database(admin_url, "yot_journey_set_up")
            self.made["postgresql"] = (url, _set_up_from_scratch(url).admin)
        return self.made["postgresql"]

    def drop(self) -> None:
        if "postgresql" in self.made:
            pg.drop_database(pg.admin_url(), self.made["postgresql"][0])


_set_up_templates: _SetUpTemplates | None = None


@pytest.fixture(scope="session", autouse=True)
def _set_up_once(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    global _set_up_templates
    _set_up_templates = _SetUpTemplates(tmp_path_factory.mktemp("set-up-template"))
    yield
    _set_up_templates.drop()
    _set_up_templates = None


@pytest.fixture
def set_up_app(fresh_db_url: str, journey_factory: Callable[[str], Journey]) -> Journey:
    """The app started on a service that has been set up: the sign-in dialog is on screen."""
    set_up_service(fresh_db_url)
    journey = journey_factory(fresh_db_url)
    journey.login_dialog()
    return journey
