"""What a person cannot read: texts cut off by the widget that shows them.

`clipped_texts(window)` names every visible label, button, drop-down and tab whose text is
wider than the room the widget gives it (Qt then clips or elides it), and tab bars that need
scroll arrows. Used by the layout tests at the window sizes UI.md promises.
"""

from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSizePolicy,
    QStyle,
    QStyleOptionComboBox,
    QTabBar,
    QWidget,
)

SLACK = 1  # a pixel of rounding


def _inner(widget: QWidget) -> bool:
    """A part of another control (a spin box's line edit, a scroll bar's button)."""
    parent = widget.parentWidget()
    return widget.objectName().startswith("qt_") or isinstance(
        parent, QAbstractSpinBox | QComboBox | QTabBar
    )


def _shown(widget: QWidget, window: QWidget) -> bool:
    """On screen: visible, not hidden inside a scroll area's unscrolled part, not zero-size."""
    return widget.isVisibleTo(window) and widget.isVisible() and widget.width() > 0


def _name(widget: QWidget) -> str:
    return widget.objectName() or f"{type(widget).__name__} in {type(widget.parent()).__name__}"


def _label_problem(label: QLabel) -> str | None:
    text = label.text()
    if not text or label.wordWrap() or label.textFormat() == label.textFormat().RichText:
        return None
    if "<" in text and ">" in text:  # rich text laid out by Qt's document: it wraps itself
        return None
    room = label.contentsRect().width() - 2 * max(label.indent(), 0) - 2 * label.margin()
    widest = max(label.fontMetrics().horizontalAdvance(line) for line in text.split("\n"))
    if widest > room + SLACK:
        return f"label {_name(label)} {text!r}: needs {widest}px, has {room}px"
    return None


def _button_problem(button: QAbstractButton) -> str | None:
    text = button.text().replace("&&", "\0").replace("&", "").replace("\0", "&")
    if not text:
        return None
    need = button.sizeHint().width()
    if isinstance(button, QPushButton | QCheckBox | QRadioButton):
        have = button.width()
    else:
        return None
    if need > have + SLACK:
        return f"button {_name(button)} {text!r}: needs {need}px, has {have}px"
    return None


def _combo_problem(combo: QComboBox) -> str | None:
    text = combo.currentText()
    if not text or combo.isEditable():
        return None
    option = QStyleOptionComboBox()
    combo.initStyleOption(option)
    field: QRect = combo.style().subControlRect(
        QStyle.ComplexControl.CC_ComboBox,
        option,
        QStyle.SubControl.SC_ComboBoxEditField,
        combo,
    )
    icon = combo.iconSize().width() + 4 if not combo.itemIcon(combo.currentIndex()).isNull() else 0
    need = combo.fontMetrics().horizontalAdvance(text) + icon
    if need > field.width() + SLACK:
        return f"drop-down {_name(combo)} {text!r}: needs {need}px, has {field.width()}px"
    return None


def _tabs_problems(bar: QTabBar) -> list[str]:
    problems = []
    wanted = sum(bar.tabSizeHint(i).width() for i in range(bar.count()))
    if bar.count() and wanted > bar.width() + SLACK:
        names = ", ".join(bar.tabText(i) for i in range(bar.count()))
        problems.append(
            f"tabs {_name(bar)} ({names}) need scroll arrows: {wanted}px wanted, {bar.width()}px"
        )
        return problems
    for i in range(bar.count()):
        need, have = bar.tabSizeHint(i).width(), bar.tabRect(i).width()
        if need > have + SLACK:
            problems.append(f"tab {bar.tabText(i)!r} of {_name(bar)}: needs {need}px, has {have}")
    return problems


def _spin_problem(box: QAbstractSpinBox) -> str | None:
    """A date or number field narrower than its widest value (a date shows as '04/11/20')."""
    need, have = box.minimumSizeHint().width(), box.width()
    if need > have + SLACK:
        return f"field {_name(box)} {box.text()!r}: needs {need}px, has {have}px"
    return None


def _scrollable(widget: QWidget, horizontal: bool) -> bool:
    """Inside a scroll area whose scroll bar in that direction is shown: the person can scroll."""
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractScrollArea):
            bar = parent.horizontalScrollBar() if horizontal else parent.verticalScrollBar()
            if bar.isVisible():
                return True
        parent = parent.parentWidget()
    return False


def _cut_by_parent(widget: QWidget) -> str | None:
    """Part of the widget lies outside its parents (a pane narrower than its contents)."""
    seen = widget.visibleRegion().boundingRect()
    if seen.isEmpty() and (_scrollable(widget, True) or _scrollable(widget, False)):
        return None  # scrolled out of view: the person scrolls to it
    if seen.width() < widget.width() - SLACK and not _scrollable(widget, horizontal=True):
        return (
            f"{type(widget).__name__} {_name(widget)}: {seen.width()} of {widget.width()}px shown"
        )
    if seen.height() < widget.height() - SLACK and not _scrollable(widget, horizontal=False):
        return (
            f"{type(widget).__name__} {_name(widget)}: "
            f"{seen.height()} of {widget.height()}px high shown"
        )
    return None


def _squeezed(widget: QWidget) -> str | None:
    """Made lower than it can be drawn (a window smaller than its page's minimum squeezes the
    page's fields on top of each other)."""
    policy = widget.sizePolicy().verticalPolicy()
    if policy == QSizePolicy.Policy.Ignored or widget.minimumHeight() > 0:
        return None
    # The least a layout gives it, as Qt's own layouts reckon (qSmartMinSize): a field that
    # may not shrink (a Fixed policy) needs its size hint, which at 200% can be a pixel or
    # two below its minimum size hint.
    shrinks = bool(policy.value & QSizePolicy.PolicyFlag.ShrinkFlag.value)
    need = widget.minimumSizeHint().height() if shrinks else widget.sizeHint().height()
    have = widget.height()
    if need > have + SLACK:
        return f"{type(widget).__name__} {_name(widget)}: squeezed to {have}px high of {need}px"
    return None


TEXT_WIDGETS = (QLabel, QAbstractButton, QComboBox, QAbstractSpinBox, QLineEdit, QTabBar)


def clipped_texts(window: QWidget) -> list[str]:
    """Every visible text in `window` that does not fit, named for the failure message."""
    problems: list[str] = []
    for widget in window.findChildren(QWidget):
        if not _shown(widget, window):
            continue
        problem: str | None = None
        if isinstance(widget, QLabel):
            problem = _label_problem(widget)
        elif isinstance(widget, QAbstractButton):
            problem = _button_problem(widget)
        elif isinstance(widget, QComboBox):
            problem = _combo_problem(widget)
        elif isinstance(widget, QAbstractSpinBox):
            problem = _spin_problem(widget)
        elif isinstance(widget, QTabBar):
            problems += _tabs_problems(widget)
        elif isinstance(widget, QScrollArea) and widget.horizontalScrollBar().isVisible():
            # A page wider than the window: what is off to the side is easily missed.
            problem = f"page {_name(widget)} scrolls sideways"
        if problem is None and isinstance(widget, TEXT_WIDGETS) and not _inner(widget):
            problem = _cut_by_parent(widget) or _squeezed(widget)
        if problem:
            problems.append(problem)
    return problems
