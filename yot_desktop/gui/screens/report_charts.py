"""The Reports screen's bar chart: horizontal bars with their values, drawn with QPainter."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from yot_desktop.domain.statistics import SUPPRESSED_MARK
from yot_desktop.gui.widgets import named

# Okabe–Ito blue, as in the PDF charts.
BAR_COLOUR = QColor("#0072B2")


class BarChart(QWidget):
    """Horizontal bars with their values; a suppressed bar is drawn empty and labelled [c]."""

    def __init__(self, object_name: str, accessible_name: str) -> None:
        super().__init__()
        named(self, object_name, accessible_name)
        self.bars: list[tuple[str, int | None]] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_bars(self, bars: Sequence[tuple[str, int | None]]) -> None:
        self.bars = list(bars)
        self.setAccessibleDescription(
            "; ".join(f"{label}: {SUPPRESSED_MARK if v is None else v}" for label, v in bars)
        )
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(420, 12 + 26 * max(len(self.bars), 1))

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        fm = p.fontMetrics()
        label_w = max((fm.horizontalAdvance(lb) for lb, _ in self.bars), default=0) + 12
        value_w = fm.horizontalAdvance("00,000") + 8
        top = 6
        biggest = max((v or 0 for _, v in self.bars), default=0) or 1
        span = max(self.width() - label_w - value_w - 8, 10)
        text_colour = self.palette().windowText().color()
        for label, value in self.bars:
            rect = QRectF(0, top, label_w - 8, 22)
            p.setPen(text_colour)
            p.drawText(
                rect, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), label
            )
            width = 0.0 if value is None else span * value / biggest
            bar = QRectF(label_w, top + 3, width, 16)
            if value is None:
                p.setPen(QColor("#888888"))
                p.drawRect(QRectF(label_w, top + 3, 2, 16))
            else:
                p.fillRect(bar, BAR_COLOUR)
            p.setPen(text_colour)
            p.drawText(
                QRectF(label_w + width + 4, top, value_w, 22),
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                SUPPRESSED_MARK if value is None else f"{value:,}",
            )
            top += 26
        p.end()
