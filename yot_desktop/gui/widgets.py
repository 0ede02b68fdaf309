"""Small shared widgets: empty states, status chips, naming helpers, and the house ways of
showing a list (keyboard and focus) and an error (its colour)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from PySide6.QtCore import QEvent, QObject, QSize, Qt, Signal
from PySide6.QtGui import QColor, QGuiApplication, QPalette, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QBoxLayout,
    QFormLayout,
    QFrame,
    QLabel,
    QLayout,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

W = TypeVar("W", bound=QWidget)
V = TypeVar("V", bound=QAbstractItemView)

# Status chips: colour AND text, never colour alone. Colours pass WCAG AA with black text.
CHIP_COLOURS = {
    "received": "#d6e4f0",
    "ineligible": "#e0e0e0",
    "offered": "#fde8b4",
    "declined": "#e0e0e0",
    "in_programme": "#cfe8d5",
    "completed": "#b9e2c4",
    "not_engaged": "#f6c9c4",
    "withdrawn": "#e0e0e0",
    "at_risk": "#fbd5a5",
    "demo": "#ffd34d",
}


# Error text: a dark red on light backgrounds, a light red on dark ones. Each meets WCAG AA
# (4.5:1) against the window and field backgrounds of Fusion's light and dark palettes.
ERROR_ON_LIGHT = "#b3261e"
ERROR_ON_DARK = "#ff9b93"
AA_CONTRAST = 4.5

# Where focus is must always show: a frame in the highlight colour round the focused list.
FOCUS_FRAME = (
    "QAbstractItemView { border: 1px solid palette(mid); padding: 1px; }\n"
    "QAbstractItemView:focus { border: 2px solid palette(highlight); padding: 0px; }\n"
    # The current cell, not only its row: where typing, F2 or arrow keys act (issue 16). A
    # rule on ::item makes the style sheet draw every item, so the selection's colours are
    # said too (without them the current selected item lost its background and its text).
    "QAbstractItemView::item:selected "
    "{ background: palette(highlight); color: palette(highlighted-text); }\n"
    "QAbstractItemView::item:focus { border: 2px solid palette(highlight); }\n"
    "QAbstractItemView::item:selected:focus { border: 2px solid palette(highlighted-text); }"
)


def relative_luminance(colour: QColor) -> float:
    """WCAG 2 relative luminance of an sRGB colour (0 black to 1 white)."""

    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(colour.redF())
        + 0.7152 * channel(colour.greenF())
        + 0.0722 * channel(colour.blueF())
    )


def contrast_ratio(a: QColor, b: QColor) -> float:
    """WCAG 2 contrast ratio, 1 to 21; AA asks 4.5 for normal text."""
    light, dark = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def is_dark(palette: QPalette | None = None) -> bool:
    """Whether the window background is dark (nearer black than white for text)."""
    palette = palette if palette is not None else QApplication.palette()
    return relative_luminance(palette.color(QPalette.ColorRole.Window)) < 0.18


def error_colour(palette: QPalette | None = None) -> QColor:
    """The colour of error text for this palette (the application's by default)."""
    return QColor(ERROR_ON_DARK if is_dark(palette) else ERROR_ON_LIGHT)


class _ErrorStyle(QObject):
    """Keeps an error label's colour right when the system switches light and dark."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        changed = event.type() in (QEvent.Type.ApplicationPaletteChange, QEvent.Type.ThemeChange)
        if changed and isinstance(watched, QLabel) and watched.property("errorText"):
            _paint_error(watched)
        return False


def _paint_error(label: QLabel) -> None:
    label.setStyleSheet(f"color: {error_colour().name()}; font-weight: bold;")


def style_as_error(label: QLabel, error: bool = True) -> QLabel:
    """Show `label` as an error message (the error colour, bold; the words say what is wrong,
    so colour is never the only sign), or, with error=False, as ordinary text again."""
    label.setProperty("errorText", error)
    if label.findChild(_ErrorStyle, "errorStyle") is None:
        keeper = _ErrorStyle(label)
        keeper.setObjectName("errorStyle")
        label.installEventFilter(keeper)
    if error:
        _paint_error(label)
    else:
        label.setStyleSheet("")
    return label


def configure_item_view(view: V) -> V:
    """A table or list the house way: Tab and Shift+Tab leave it for the next control (arrow
    keys still move between rows), it takes focus from the keyboard, and a frame shows when
    it has focus."""
    view.setTabKeyNavigation(False)
    view.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    sheet = view.styleSheet()
    if FOCUS_FRAME not in sheet:
        view.setStyleSheet(f"{sheet}\n{FOCUS_FRAME}" if sheet else FOCUS_FRAME)
    return view


def never_squeezed(*widgets: QWidget) -> None:
    """Never narrower than the widget's text needs: a layout may widen it, never clip it. The
    pane (or the window's minimum size) grows instead, so lay such widgets out in rows that
    fit 1024×700."""
    for widget in widgets:
        widget.setSizePolicy(QSizePolicy.Policy.Minimum, widget.sizePolicy().verticalPolicy())


class ElidedLabel(QLabel):
    """A one-line label that shortens its text in the middle ("SQLite: C:/Users/…/yot.db")
    when there is not room for all of it; the whole text is in the tooltip. For paths and
    such, where the start and the end say the most."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._full = ""
        self.set_full_text(text)

    def set_full_text(self, text: str) -> None:
        self._full = text
        self.setToolTip(text)
        self._elide()

    def full_text(self) -> str:
        return self._full

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        edges = self.width() - self.contentsRect().width() + self._padding()
        return QSize(self.fontMetrics().horizontalAdvance(self._full) + 4 + edges, hint.height())

    def minimumSizeHint(self) -> QSize:
        return QSize(min(120, self.sizeHint().width()), super().minimumSizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide()

    def _padding(self) -> int:
        """What QLabel keeps free inside its frame: margins and any indent, both sides."""
        indent = self.indent()
        if indent < 0:  # Qt's automatic indent: half an "x", only beside a frame
            indent = self.fontMetrics().horizontalAdvance("x") // 2 if self.frameWidth() > 0 else 0
        return 2 * self.margin() + 2 * indent

    def _elide(self) -> None:
        metrics = self.fontMetrics()
        room = max(self.contentsRect().width() - self._padding(), 0)  # where QLabel draws
        # elidedText may answer a few pixels wider than asked (the "…" is shaped apart from
        # the text beside it): ask for less until what it answers really fits.
        width, text = room, self._full
        while width > 0:
            text = metrics.elidedText(self._full, Qt.TextElideMode.ElideMiddle, width)
            if metrics.horizontalAdvance(text) <= room:
                break
            width -= 1
        self.setText(text)


def screen_room(window: QWidget) -> QSize:
    """The room a window has on its screen, in logical pixels: the screen's room for windows
    (less the taskbar) less the window's title bar and edges. 1920×1080 at 200% gives about
    944×460."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    if screen is None:
        return QSize(100_000, 100_000)
    room = screen.availableGeometry()
    return QSize(room.width() - 16, room.height() - 40)


def fit_to_screen(window: QWidget, width: int, height: int) -> None:
    """Open `window` at width×height, or at the room its screen has for windows (less the title
    bar and edges) where that is smaller: at 1024×700, or 1366×768 at 125%, it stays on
    screen."""
    room = screen_room(window)
    width, height = min(width, room.width()), min(height, room.height())
    size = QSize(width, height).expandedTo(window.minimumSize())
    window.resize(size)


class ScrollingPart(QScrollArea):
    """A part of a page that scrolls when the window is too small for it (1920×1080 at 200%
    leaves 960×500), and otherwise looks as if it were laid out on the page: no frame, filling
    the room there is, never narrower than its contents need (no sideways scrolling)."""

    def __init__(self, content: QWidget, object_name: str) -> None:
        super().__init__()
        self.setObjectName(object_name)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setWidgetResizable(True)
        sheet = _Sheet(content)
        self.setWidget(sheet)
        # The page's own background shows (setWidget made the sheet paint its own).
        self.viewport().setAutoFillBackground(False)
        sheet.setAutoFillBackground(False)

    def _bar(self) -> int:
        return self.verticalScrollBar().sizeHint().width()

    def sizeHint(self) -> QSize:
        sheet = self.widget()
        if sheet is None:
            return super().sizeHint()
        return sheet.sizeHint() + QSize(self._bar(), 0)

    def minimumSizeHint(self) -> QSize:
        sheet = self.widget()
        if sheet is None:
            return super().minimumSizeHint()
        lines = 3 * self.fontMetrics().height()  # a few lines, then it scrolls
        low = min(sheet.minimumSizeHint().height(), lines)
        return QSize(sheet.minimumSizeHint().width() + self._bar(), low)


class _Sheet(QWidget):
    """What a ScrollingPart scrolls: its contents, which may be made as low as their minimum.
    (Qt's scroll area would keep contents with wrapping text at their preferred height, so a
    page scrolled where its tables could simply be a little shorter.)"""

    def __init__(self, content: QWidget) -> None:
        super().__init__()
        self.setObjectName(f"{content.objectName() or 'page'}Sheet")
        self.content = content
        content.setParent(self)

    def sizeHint(self) -> QSize:
        return self.content.sizeHint()

    def minimumSizeHint(self) -> QSize:
        hint = self.content.minimumSizeHint()
        # Wrapping text needs more lines when narrower: the minimum at this width, or the
        # fields beside it would be squeezed below their height (a team's letterhead hint).
        layout = self.content.layout()
        if layout is not None and layout.hasHeightForWidth() and self.width() > 0:
            hint.setHeight(max(hint.height(), layout.totalMinimumHeightForWidth(self.width())))
        return hint

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.content.setGeometry(self.rect())
        if event.oldSize().width() != event.size().width():
            self.updateGeometry()  # the minimum height depends on the width

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LayoutRequest:  # the contents grew or shrank
            self.updateGeometry()
        return super().event(event)


def scroll_when_small(
    dialog: QWidget,
    part: QLayout | None = None,
    keep: Sequence[QWidget | QLayout] = (),
) -> QScrollArea | None:
    """Call when `dialog` is built. Where its screen has less room than the dialog needs
    (1920×1080 at 200% leaves about 944×460), `part` (a layout in the dialog; all of it when
    None) moves into a scroll area, so nothing is cut off or off screen, and the dialog opens
    at the room there is. What `keep` names (its buttons and messages, in `part`) stays below
    the scroll area, always in sight. Where it fits, it opens at the size it asks for (left to
    itself, Qt opens a window at most two thirds of the screen high, 360 px at 200%, and a
    dialog then opens squeezed to its minimum). Returns the scroll area, or None."""
    layout = dialog.layout()
    if layout is None:
        return None
    room = screen_room(dialog)
    hint = dialog.sizeHint()
    if hint.width() <= room.width() and hint.height() <= room.height():
        if not dialog.testAttribute(Qt.WidgetAttribute.WA_Resized):
            dialog.resize(hint)
        return None
    part = part or layout
    holder = None if part is layout else _holder_of(layout, part)
    if holder is None and part is not layout:
        return None
    for item in keep:  # out of the part, the row and all (no empty row is left)
        if isinstance(part, QFormLayout):
            part.takeRow(item)
        elif isinstance(item, QWidget):
            part.removeWidget(item)
        else:
            part.removeItem(item)
            item.setParent(None)
    area = QScrollArea()
    area.setObjectName(f"{dialog.objectName() or 'dialog'}Scroll")
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidgetResizable(True)
    content = QWidget()
    content.setObjectName(f"{dialog.objectName() or 'dialog'}Content")
    below = QVBoxLayout()
    for item in keep:
        if isinstance(item, QWidget):
            below.addWidget(item)
        else:
            below.addLayout(item)
    if holder is None:  # the whole dialog scrolls but what is kept
        margins = layout.contentsMargins()
        content.setLayout(layout)  # takes the layout and its widgets from the dialog
        outer = QVBoxLayout(dialog)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(area, 1)
        below.setContentsMargins(margins.left(), 0, margins.right(), margins.bottom())
        outer.addLayout(below)
    else:
        index = holder.indexOf(part)
        stretch = holder.stretch(index) if isinstance(holder, QBoxLayout) else 0
        holder.takeAt(index)
        part.setParent(None)
        content.setLayout(part)
        part.setContentsMargins(0, 0, 0, 0)
        below.setContentsMargins(0, 0, 0, 0)
        column = QVBoxLayout()
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(area, 1)
        column.addLayout(below)
        if isinstance(holder, QBoxLayout):
            holder.insertLayout(index, column, stretch)
        else:
            holder.addItem(column)
    area.setWidget(content)
    # As wide as the contents and their scroll bar (no sideways scrolling), as high as fits.
    wide = hint.width() + area.verticalScrollBar().sizeHint().width()
    if dialog.testAttribute(Qt.WidgetAttribute.WA_Resized):  # opened at a chosen size
        wide = max(wide, dialog.width())
    dialog.resize(min(wide, room.width()), min(hint.height(), room.height()))
    return area


def _holder_of(root: QLayout, part: QLayout) -> QLayout | None:
    """The layout in `root` that holds `part`."""
    for i in range(root.count()):
        item = root.itemAt(i)
        child = item.layout() if item is not None else None
        if child is part:
            return root
        if child is not None and (found := _holder_of(child, part)) is not None:
            return found
    return None


def named(widget: W, object_name: str, accessible_name: str, description: str = "") -> W:
    """Every interactive widget gets an objectName and an accessibleName (UI.md).

    A label is different: a screen reader reads a label's accessible name instead of its
    text, so a label that shows changing content (a message, a count, a name) would be heard
    as its title ("Sign-in problem") and never as what it says. A label keeps its text as its
    name, and the title becomes its description, read after it."""
    widget.setObjectName(object_name)
    if isinstance(widget, QLabel):
        widget.setAccessibleDescription(
            f"{accessible_name}. {description}" if description else accessible_name
        )
        return widget
    widget.setAccessibleName(accessible_name)
    if description:
        widget.setAccessibleDescription(description)
    return widget


class EmptyState(QWidget):
    """What belongs here, and the first step to take."""

    action_clicked = Signal()

    def __init__(
        self,
        object_name: str,
        title: str,
        body: str,
        action: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        heading = QLabel(title)
        heading.setObjectName(f"{object_name}Title")
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        heading.setFont(font)
        heading.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        text = QLabel(body)
        text.setObjectName(f"{object_name}Body")
        text.setWordWrap(True)
        text.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        # At most 520 pixels wide, narrower in a narrow pane (1024×700): not aligned in the
        # layout, so the layout gives the wrapped text the height it needs at its width.
        text.setMaximumWidth(520)
        text.setMinimumWidth(160)
        layout.addWidget(heading)
        layout.addWidget(text)
        self.button: QPushButton | None = None
        if action:
            self.button = named(QPushButton(action), f"{object_name}Action", action)
            self.button.clicked.connect(self.action_clicked)
            layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)


def chip(text: str, key: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName(f"chip_{key}")
    label.setAccessibleName(f"Status: {text}")
    colour = CHIP_COLOURS.get(key, "#e0e0e0")
    label.setStyleSheet(
        f"background:{colour}; color:#111; border-radius:8px; padding:2px 8px; font-weight:600;"
    )
    return label
