"""The Letters screen's preview: who the letter is for, the letter itself, and what to do
with it (save, print, mark as sent), with a line saying where it stands.

The GUI thread only shows PDF bytes it is handed (QPdfDocument); making them is the
TaskRunner's work.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from yot_desktop.domain.enums import Audience
from yot_desktop.gui.screens.letters_words import SENT_METHODS, sent_words
from yot_desktop.gui.widgets import named, never_squeezed
from yot_desktop.services.letters.service import LetterRecordRow, LetterRequest

# The letter's options as the preview's choices hold them: audience, easy read, large print.
Options = tuple[Audience | None, bool | None, bool]


@dataclass
class Shown:
    """The document in the preview: bytes, and the history record when it was kept."""

    pdf: bytes
    title: str
    record: LetterRecordRow | None = None
    request: LetterRequest | None = None


class LetterPreview(QWidget):
    """The right-hand panel; `shown` is the document in it. `chosen()` says whether a letter
    due is chosen (to preview, or to make and keep first); `allowed`, whether the user makes
    letters at all."""

    def __init__(self, chosen: Callable[[], bool], allowed: bool) -> None:
        super().__init__()
        self.chosen, self.allowed = chosen, allowed
        self.shown: Shown | None = None
        self._buffer: QBuffer | None = None
        self.audience = named(QComboBox(), "lettersAudience", "Who the letter is for")
        self.audience.addItem("Usual reader", None)
        self.audience.addItem("Parent or carer", Audience.PARENT)
        self.audience.addItem("Young person", Audience.YOUNG_PERSON)
        self.easy_read = named(QComboBox(), "lettersEasyRead", "Easy read")
        self.easy_read.addItem("Easy read: automatic", None)
        self.easy_read.addItem("Easy read: yes", True)
        self.easy_read.addItem("Easy read: no", False)
        self.easy_read.setItemData(
            2, "The standard letter, even for a child under 13", Qt.ItemDataRole.ToolTipRole
        )
        self.large_print = named(QCheckBox("Large print"), "lettersLargePrint", "Large print")
        self.preview_button = named(QPushButton("Preview"), "lettersPreview", "Preview the letter")
        self.save_button = named(QPushButton("Save as PDF…"), "lettersSave", "Save as PDF")
        self.print_button = named(QPushButton("Print…"), "lettersPrint", "Print")
        self.method = named(QComboBox(), "lettersSentMethod", "How the letter was sent")
        for label, value in SENT_METHODS:
            self.method.addItem(label, value)
        self.sent_button = named(
            QPushButton("Mark as sent"), "lettersMarkSent", "Mark the letter as sent"
        )
        self.status = named(QLabel(""), "lettersStatus", "Letter status")
        self.status.setWordWrap(True)
        options = QGridLayout()  # two by two: one row was cut off at 1024×700
        for i, option in enumerate(
            (self.audience, self.easy_read, self.large_print, self.preview_button)
        ):
            never_squeezed(option)
            options.addWidget(option, i // 2, i % 2)
        options.setColumnStretch(2, 1)
        actions = QHBoxLayout()
        for action in (self.save_button, self.print_button, self.method, self.sent_button):
            actions.addWidget(action)
        actions.addStretch(1)

        self.document = QPdfDocument(self)
        self.document.setObjectName("lettersDocument")
        self.viewer = named(QPdfView(), "lettersPreviewPane", "Letter preview")
        self.viewer.setDocument(self.document)
        self.viewer.setPageMode(QPdfView.PageMode.MultiPage)
        self.viewer.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        named(self, "lettersPreviewPanel", "Letter preview and actions")
        layout = QVBoxLayout(self)
        layout.addLayout(options)
        layout.addWidget(self.viewer, 1)
        layout.addLayout(actions)
        layout.addWidget(self.status)

    def options(self) -> Options:
        return (
            self.audience.currentData(),
            self.easy_read.currentData(),
            self.large_print.isChecked(),
        )

    def say(self, text: str) -> None:
        self.status.setText(text)

    def show_document(self, shown: Shown) -> None:
        self.shown = shown
        self.document.close()
        buffer = QBuffer(self)
        buffer.setData(QByteArray(shown.pdf))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document.load(buffer)
        if self._buffer is not None:
            self._buffer.deleteLater()
        self._buffer = buffer
        pages = self.document.pageCount()
        if shown.record is not None:
            r = shown.record
            sent = "not yet sent" if r.sent_at is None else f"sent ({sent_words(r)})"
            self.say(
                f"{shown.title}: kept in the letter history, {pages} page(s), {sent}. "
                f"Checksum {r.sha256[:12]}…"
            )
        else:
            self.say(f"{shown.title}: preview, {pages} page(s). Not yet kept.")
        self.enable()

    def warn(self, warnings: tuple[str, ...]) -> None:
        """A parent letter about an adult, and the like: said under the preview."""
        if warnings:
            self.say(" ".join([self.status.text(), *warnings]))

    def enable(self) -> None:
        chosen, allowed = self.chosen(), self.allowed
        self.preview_button.setEnabled(allowed and chosen)
        has_doc = self.shown is not None
        self.save_button.setEnabled(allowed and (chosen or has_doc))
        self.print_button.setEnabled(allowed and (chosen or has_doc))
        record = self.shown.record if self.shown is not None else None
        self.sent_button.setEnabled(record is not None and record.sent_at is None)
        if record is None:
            why = "Save or print the letter first, then mark it as sent"
        elif record.sent_at is not None:
            why = "This letter is already marked as sent"
        else:
            why = "Record that the letter was sent, and how"
        self.sent_button.setToolTip(why)
        self.method.setEnabled(self.sent_button.isEnabled())
