"""Journey 5: keyboard only (issue 14, points 2, 12, 14).

A practitioner does their part of intake with the keyboard alone: signs in (type, Tab, Enter;
a wrong password first, shown in the error colour), opens a new referral with Ctrl+N, fills it
with Tab, typing and arrow keys, saves it with Enter, cancels a second one with Esc, moves
between screens with Ctrl+1…6, jumps to the caseload search with Ctrl+F, Tabs through the
caseload table (arrow keys move between rows; Tab leaves it) into the young person's record,
changes a field and Tabs on to Save. Every key goes where focus is, and the focused widget is
always on screen and visibly focused.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDateEdit,
    QLabel,
    QTableView,
    QWidget,
)

from tests.journeys.conftest import PRACTITIONER, Journey
from yot_desktop.gui.dialogs.new_referral import NewReferralDialog
from yot_desktop.gui.widgets import AA_CONTRAST, contrast_ratio, error_colour

NO = Qt.KeyboardModifier.NoModifier
CTRL = Qt.KeyboardModifier.ControlModifier
TAB_LIMIT = 60


# --- the person's hands: keys go where focus is --------------------------------------------
def focused(j: Journey) -> QWidget:
    """The widget with focus: there is one, and the person can see it."""
    j.qtbot.waitUntil(lambda: QApplication.focusWidget() is not None, timeout=5000)
    widget = QApplication.focusWidget()
    assert widget is not None
    assert widget.isVisible(), f"focus is on {widget.objectName()!r}, which is not on screen"
    if isinstance(widget, QAbstractItemView):  # a list shows a frame in the highlight colour
        image = widget.grab().toImage()
        edge = image.pixelColor(0, image.height() // 2)
        assert edge == widget.palette().color(QPalette.ColorRole.Highlight), widget.objectName()
    return widget


def press(j: Journey, key: Qt.Key, modifier: Qt.KeyboardModifier = NO) -> None:
    j.qtbot.keyClick(focused(j), key, modifier)
    j.settle()


def type_here(j: Journey, text: str) -> None:
    j.qtbot.keyClicks(focused(j), text)


def tab_to(j: Journey, name: str, backwards: bool = False) -> list[str]:
    """Press Tab until the widget named `name` has focus; the names passed on the way (a date
    field takes a Tab for each of its day, month and year before it lets focus go on)."""
    passed: list[str] = []
    for _ in range(TAB_LIMIT):
        widget = focused(j)
        if widget.objectName() == name:
            return passed
        if not passed or passed[-1] != widget.objectName():
            passed.append(widget.objectName())
        key = Qt.Key.Key_Backtab if backwards else Qt.Key.Key_Tab
        j.qtbot.keyClick(widget, key)
    raise AssertionError(f"{TAB_LIMIT} presses of Tab never reached {name!r}: {passed}")


def wait_for_focus_in(j: Journey, window: QWidget) -> None:
    """A window that opens takes the keyboard."""
    j.qtbot.waitUntil(
        lambda: (w := QApplication.focusWidget()) is not None and w.window() is window,
        timeout=5000,
    )


def back_to_the_main_window(j: Journey) -> None:
    """When a dialog closes, the system's window manager gives the keyboard back to the window
    that opened it. The offscreen test platform has no window manager: do its part here."""
    if QApplication.activeWindow() is not j.window:
        j.window.activateWindow()
    wait_for_focus_in(j, j.window)


# --- the journey -------------------------------------------------------------------------
def test_practitioner_does_intake_with_the_keyboard_alone(set_up_app: Journey) -> None:
    j = set_up_app
    sign_in_with_keys(j)
    add_a_referral_with_keys(j)
    cancel_a_referral_with_escape(j)
    move_between_screens_with_shortcuts(j)
    tab_from_the_caseload_table_to_the_record_and_save(j)
    j.assert_no_error_shown()


def sign_in_with_keys(j: Journey) -> None:
    dialog = j.login_dialog()
    wait_for_focus_in(j, dialog)
    assert focused(j) is dialog.ui.usernameEdit
    type_here(j, PRACTITIONER[0])
    press(j, Qt.Key.Key_Tab)
    assert focused(j) is dialog.ui.passwordEdit
    type_here(j, "not my password")
    press(j, Qt.Key.Key_Return)
    # Point 14: the wrong password is said in the error colour (was the blue highlight).
    error = dialog.ui.errorLabel
    j.qtbot.waitUntil(error.isVisible)
    assert error.text()
    shown = error.palette().color(error.foregroundRole())
    assert shown == error_colour()
    assert contrast_ratio(shown, dialog.palette().color(QPalette.ColorRole.Window)) >= AA_CONTRAST
    assert focused(j) is dialog.ui.passwordEdit  # ready to type it again
    type_here(j, PRACTITIONER[2])
    press(j, Qt.Key.Key_Return)
    j.qtbot.waitUntil(lambda: j.controller.window is not None and j.controller.window.isVisible())
    j.settle()
    wait_for_focus_in(j, j.window)


def add_a_referral_with_keys(j: Journey) -> None:
    press(j, Qt.Key.Key_N, CTRL)
    form = j.modal(NewReferralDialog)
    wait_for_focus_in(j, form)
    scheme = j.find(QComboBox, "new_scheme", form)
    j.qtbot.waitUntil(lambda: scheme.count() > 0)

    # The reading order: down the police column, then down the young person's column.
    tab_to(j, "new_crime_reference")
    type_here(j, "43/26/0777001")
    passed = tab_to(j, "new_scheme")
    assert passed == ["new_crime_reference", "new_referral_date"], passed
    if scheme.currentIndex() < 0:  # arrow keys choose in a drop-down list
        press(j, Qt.Key.Key_Down)
    assert scheme.currentText().startswith("WB"), scheme.currentText()
    tab_to(j, "new_officer")
    type_here(j, "PC Ravi Shah")
    tab_to(j, "new_substance")
    type_here(j, "cannabis")
    tab_to(j, "new_quantity")
    type_here(j, "1.5")
    passed = tab_to(j, "new_first_name")
    assert passed.index("new_quantity") < passed.index("new_notes"), passed
    type_here(j, "Keya")
    tab_to(j, "new_last_name")
    type_here(j, "Bose")
    tab_to(j, "new_date_of_birth")
    born = j.find(QDateEdit, "new_date_of_birth", form)
    press(j, Qt.Key.Key_End)  # the year
    press(j, Qt.Key.Key_PageDown)  # ten years earlier
    for _ in range(4):
        press(j, Qt.Key.Key_Down)
    assert born.date().year() == date.today().year - 14
    tab_to(j, "new_gender")
    gender = j.find(QComboBox, "new_gender", form)
    before = gender.currentIndex()
    press(j, Qt.Key.Key_Up)
    assert gender.currentIndex() == before - 1  # an arrow key changes the choice
    tab_to(j, "new_address_line_1")
    type_here(j, "2 Kennet Walk")
    tab_to(j, "new_town")
    type_here(j, "Newbury")
    tab_to(j, "new_postcode")
    type_here(j, "RG14 2AA")
    tab_to(j, "new_carer_name")
    type_here(j, "Rina Bose")
    tab_to(j, "new_carer_relationship")
    type_here(j, "Mother")
    tab_to(j, "new_carer_phone")
    type_here(j, "0118 496 0001")
    # Tab on reaches the buttons after the last field: Save referral, then Cancel.
    passed = tab_to(j, "dialogOkButton")
    assert passed[-1] == "new_carer_email", passed
    tab_to(j, "new_carer_phone", backwards=True)
    press(j, Qt.Key.Key_Return)  # Enter in a field saves the form
    j.qtbot.waitUntil(lambda: not form.isVisible())
    j.settle()
    j.assert_no_error_shown()
    heading = j.find(QLabel, "referralHeading")
    j.qtbot.waitUntil(lambda: heading.text().startswith("43/26/0777001 · Keya Bose"))
    services = j.services()
    me = services.auth.sign_in(PRACTITIONER[0], PRACTITIONER[2])
    saved = services.referrals.list_referrals(me)
    assert [r.crime_reference for r in saved.rows] == ["43/26/0777001"]


def cancel_a_referral_with_escape(j: Journey) -> None:
    back_to_the_main_window(j)
    press(j, Qt.Key.Key_N, CTRL)
    form = j.modal(NewReferralDialog)
    wait_for_focus_in(j, form)
    tab_to(j, "new_crime_reference")
    type_here(j, "43/26/0777002")
    press(j, Qt.Key.Key_Escape)
    j.qtbot.waitUntil(lambda: not form.isVisible())
    back_to_the_main_window(j)
    table = j.find(QTableView, "referralsTable")
    assert j.row_texts(table, 1) == ["43/26/0777001"]  # nothing saved


def move_between_screens_with_shortcuts(j: Journey) -> None:
    labels = [j.window.nav.item(i).text() for i in range(j.window.nav.count())]
    assert labels == ["Caseload", "Referrals", "Calendar", "Today", "Letters", "Reports"]
    for number in (3, 1, 6, 2, 5, 4):
        key = Qt.Key(Qt.Key.Key_0.value + number)
        press(j, key, CTRL)
        assert j.window.stack.currentIndex() == number - 1, labels[number - 1]
        assert j.window.nav.currentRow() == number - 1
        focused(j)
    press(j, Qt.Key.Key_7, CTRL)  # a practitioner has six screens: Ctrl+7 does nothing
    assert j.window.stack.currentIndex() == 3
    # Ctrl+F, from anywhere, is the caseload's search.
    press(j, Qt.Key.Key_F, CTRL)
    assert j.window.current_screen_key() == "caseload"
    assert focused(j).objectName() == "caseloadSearch"


def tab_from_the_caseload_table_to_the_record_and_save(j: Journey) -> None:
    table = j.find(QTableView, "caseloadTable")
    j.qtbot.waitUntil(lambda: j.row_texts(table) == ["Bose, Keya"])
    passed = tab_to(j, "caseloadTable")
    assert passed[0] == "caseloadSearch"
    # In the table the arrows move between rows; the record beside it follows.
    press(j, Qt.Key.Key_Down)
    press(j, Qt.Key.Key_Home)
    assert table.currentIndex().row() == 0
    heading = j.find(QLabel, "personHeading")
    j.qtbot.waitUntil(lambda: "Keya Bose" in heading.text())
    # Issue 14 point 2: Tab leaves the table (17 presses used to stay inside it).
    press(j, Qt.Key.Key_Tab)
    after_table = focused(j)
    assert after_table is not table
    record = j.find(QWidget, "personTabs")
    assert record.isAncestorOf(after_table), after_table.objectName()
    passed = tab_to(j, "person_preferred_name")
    assert "caseloadTable" not in passed
    type_here(j, "Kay")
    save = j.find(QAbstractButton, "personSaveButton")
    passed = tab_to(j, "personSaveButton")
    assert save.isEnabled()
    press(j, Qt.Key.Key_Space)  # a focused button is pressed with Space
    j.settle()
    j.assert_no_error_shown()
    j.qtbot.waitUntil(lambda: not save.isEnabled())
    services = j.services()
    me = services.auth.sign_in(PRACTITIONER[0], PRACTITIONER[2])
    (person,) = services.people.search(me, "Bose", 0, 10).rows
    assert services.people.get(me, person.id).preferred_name == "Kay"
