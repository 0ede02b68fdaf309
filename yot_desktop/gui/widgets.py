"""Small shared widgets: empty states, status chips, naming helpers."""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

W = TypeVar("W", bound=QWidget)

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


def named(widget: W, object_name: str, accessible_name: str, description: str = "") -> W:
    """Every interactive widget gets an objectName and an accessibleName (UI.md)."""
    widget.setObjectName(object_name)
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
        text.setFixedWidth(520)
        # A wrapped label inside an aligned layout item gets its one-line height: ask for
        # the height the wrapped text really needs at this width.
        text.setMinimumHeight(text.heightForWidth(520))
        layout.addWidget(heading)
        layout.addWidget(text, 0, Qt.AlignmentFlag.AlignHCenter)
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
