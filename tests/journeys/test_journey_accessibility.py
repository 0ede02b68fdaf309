"""What a screen reader hears (issue 16, point 5), read from the app's accessibility tree.

Orca (through AT-SPI) and NVDA or JAWS (through UI Automation) read what Qt's accessibility
interfaces say: each node's role, name and description. This journey reads the same tree
through `QAccessible`, the way the platform bridges read it, on every screen a practitioner,
a manager and an administrator reach, in a young person's record and its tabs, and in the
sign-in dialog, and fails on:

- an interactive control (button, field, list, table, tab...) with no name;
- a table's column header with no name;
- a label whose spoken name is not what it shows: a name given to a label replaces its text,
  so "Sign-in problem" would be heard instead of "The user name or password is not right".

It prints how many controls were checked.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtGui import QAccessible, QAccessibleInterface, QTextDocumentFragment
from PySide6.QtWidgets import QLabel, QTabWidget, QWidget

from tests.journeys.conftest import ADMIN, MANAGER, PRACTITIONER, Journey, set_up_service
from tests.journeys.test_journey_every_save import make_referral, open_person

Role = QAccessible.Role
Text = QAccessible.Text
INTERACTIVE = {
    Role.Button,
    Role.CheckBox,
    Role.RadioButton,
    Role.ComboBox,
    Role.EditableText,
    Role.SpinBox,
    Role.Slider,
    Role.PageTab,
    Role.Table,
    Role.List,
    Role.Tree,
    Role.ButtonMenu,
    Role.ButtonDropDown,
    Role.Link,
}
TABLE_CHILDREN_READ = 40  # the header and the first rows: every row is alike


@dataclass
class Heard:
    checked: int = 0
    problems: list[str] = field(default_factory=list)
    spoken: list[str] = field(default_factory=list)  # names of static texts, as heard

    def read(self, iface: QAccessibleInterface | None, where: str) -> None:
        if iface is None or not iface.isValid():
            return
        state = iface.state()
        if state.invisible:
            return
        role = iface.role()
        name = (iface.text(Text.Name) or "").strip()
        obj = iface.object()
        label = f"{where} > {role.name} {obj.objectName() if obj is not None else ''}".strip()
        if role in INTERACTIVE:
            self.checked += 1
            if not name:
                self.problems.append(f"no name: {label}")
        if role == Role.ColumnHeader:
            self.checked += 1
            if not name:
                self.problems.append(f"unnamed column header: {label}")
        if role == Role.StaticText:
            self.spoken.append(name)
            if isinstance(obj, QLabel) and obj.text().strip():
                self.checked += 1
                shown = QTextDocumentFragment.fromHtml(obj.text()).toPlainText().strip()
                shown = shown.replace("&", "") if obj.buddy() is not None else shown
                if name != shown and shown not in name:
                    self.problems.append(f"label shows {shown!r} but is heard as {name!r}: {label}")
        count = iface.childCount()
        if role in (Role.Table, Role.List, Role.Tree):
            count = min(count, TABLE_CHILDREN_READ)
        for k in range(count):
            self.read(iface.child(k), label if role in INTERACTIVE else where)

    def read_widget(self, widget: QWidget, where: str) -> None:
        self.read(QAccessible.queryAccessibleInterface(widget), where)


def test_a_screen_reader_hears_every_control_by_name_and_every_label_by_its_text(
    tmp_path: Path, journey_factory: Callable[[str], Journey]
) -> None:
    db = tmp_path / "team.db"
    db.touch()
    url = f"sqlite:///{db}"
    set_up_service(url)
    j = journey_factory(url)
    heard = Heard()

    # The sign-in dialog, then a wrong password: the message is heard, not its title.
    dialog = j.login_dialog()
    heard.read_widget(dialog, "Sign in")
    j.type_into(dialog.ui.usernameEdit, PRACTITIONER[0])
    j.type_into(dialog.ui.passwordEdit, "not-the-password")
    j.click(dialog.ui.signInButton)
    j.qtbot.waitUntil(lambda: "not right" in dialog.ui.errorLabel.text(), timeout=15_000)
    wrong = Heard()
    wrong.read_widget(dialog, "Sign in")
    assert any("The user name or password is not right" in s for s in wrong.spoken), wrong.spoken
    heard.problems += wrong.problems

    make_referral(j, carer=True, programme=True)
    for username, password, display in (
        (PRACTITIONER[0], PRACTITIONER[2], "Priya Practitioner"),
        (MANAGER[0], MANAGER[2], "Mina Manager"),
        (ADMIN[0], ADMIN[2], "Ada Admin"),
    ):
        window = j.sign_in(username, password)
        # The status bar's signed-in label, heard by what it shows (it stays shown beside a
        # passing message, like today's backup: test_journey_status_bar).
        spoken_name = QAccessible.queryAccessibleInterface(window.user_label).text(Text.Name)
        assert display in spoken_name, spoken_name
        nav = window.nav
        for row in range(nav.count()):
            screen_label = nav.item(row).text()
            j.go(screen_label)
            j.settle(200)
            heard.read_widget(window, f"{display}: {screen_label}")
        if username == PRACTITIONER[0]:
            tabs = open_person(j)
            j.settle(200)
            for index in range(tabs.count()):
                j.tab(tabs, tabs.tabText(index))
                j.settle(100)
                heard.read_widget(window, f"Record: {tabs.tabText(index)}")
            assert isinstance(tabs, QTabWidget)
        if username == MANAGER[0]:
            referrals = j.go("Referrals")
            j.settle(300)
            count = referrals.findChild(QLabel, "referralsCount")
            assert count is not None and count.text()
            spoken = Heard()
            spoken.read_widget(count, "Referrals")
            assert spoken.spoken and count.text() in spoken.spoken[0], spoken.spoken
        j.sign_out()

    print(f"\nAccessibility tree: {heard.checked} controls checked, {len(heard.problems)} problems")
    assert not heard.problems, "\n".join(dict.fromkeys(heard.problems))
