"""Ctrl+S saves, and Enter in a form's one-line field saves the form (issue 16, point 5).

`save_keys(form, button)` ties a form (the widget holding its fields) to its Save button.
With the keyboard focus anywhere in the form, Ctrl+S presses the button; Enter in one of its
one-line fields (text, number, date, a drop-down list) presses it too. Both press it the way
a click does (`animateClick`), so a disabled button (nothing to save yet) stays unpressed and
the same slot runs as for a mouse click.

What is left alone: Enter in a multi-line text (a new line), in a field that already acts on
Enter (a search box), in a table, and anywhere in a dialog's own default-button handling
(dialogs are not given save_keys for Enter unless asked). Forms inside forms (the
safeguarding tab inside a young person's record) work: the innermost form takes the key.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLineEdit,
    QWidget,
)

ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


def _acts_on_enter_itself(field: QWidget) -> bool:
    """A line edit whose Enter already does something (a search, a look-up)."""
    if isinstance(field, QLineEdit):
        return field.receivers("2returnPressed()") > 0
    return False


def _one_line_field(widget: QWidget | None) -> QWidget | None:
    """The one-line field that has the focus (a spin box's inner line edit counts as it)."""
    if widget is None:
        return None
    parent = widget.parentWidget()
    if isinstance(widget, QLineEdit) and isinstance(parent, QAbstractSpinBox | QComboBox):
        return parent  # the editor inside a spin box, date edit or editable drop-down
    if isinstance(widget, QLineEdit | QAbstractSpinBox | QComboBox):
        return widget
    return None


class SaveKeys(QObject):
    """The event filter on one form; see `save_keys`."""

    def __init__(self, form: QWidget, button: QAbstractButton, enter: bool) -> None:
        super().__init__(form)
        self.form, self.button, self.enter = form, button, enter

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is not self.form or event.type() != QEvent.Type.KeyPress:
            return False
        assert isinstance(event, QKeyEvent)
        if event.matches(QKeySequence.StandardKey.Save):
            return self._press()
        if not self.enter or event.key() not in ENTER_KEYS:
            return False
        if event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            return False
        focus = QApplication.focusWidget()
        field = _one_line_field(focus)
        if field is None or not self.form.isAncestorOf(field) or _acts_on_enter_itself(field):
            return False
        if isinstance(field, QComboBox) and field.view().isVisible():
            return False  # Enter chooses in the open list first
        return self._press()

    def _press(self) -> bool:
        if not (self.button.isVisible() and self.button.isEnabled()):
            return True  # the key was for this form: nothing to save is not another form's Save
        self.button.animateClick()
        return True


def save_keys(form: QWidget, button: QAbstractButton, enter: bool = True) -> SaveKeys:
    """Ctrl+S within `form`, and Enter in its one-line fields (unless `enter` is False),
    press `button`. Key presses a field does not use reach its form: the form's filter
    catches them there, so the innermost form with save_keys wins."""
    keys = SaveKeys(form, button, enter)
    form.installEventFilter(keys)
    return keys
