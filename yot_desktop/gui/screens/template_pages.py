"""Pieces of the letter template editor: the preview's page images (made off the GUI thread)
and the editor's two questions (lose unsaved changes? which new language?)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize
from PySide6.QtGui import QImage
from PySide6.QtPdf import QPdfDocument
from PySide6.QtWidgets import QDialog, QFormLayout, QLineEdit, QMessageBox, QPushButton, QWidget

from yot_desktop.domain.errors import FieldProblem
from yot_desktop.gui.widgets import named

PAGE_WIDTH_PX = 560


def page_images(pdf: bytes, width: int = PAGE_WIDTH_PX, scale: float = 1.0) -> list[QImage]:
    """Each page of a PDF as an image `width` logical pixels wide, drawn with `scale` device
    pixels to each (the screen's, so it is sharp at 200%). Safe off the GUI thread."""
    document = QPdfDocument()
    buffer = QBuffer()
    buffer.setData(QByteArray(pdf))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document.load(buffer)
    images = []
    for page in range(document.pageCount()):
        size = document.pagePointSize(page)
        wide = round(width * scale)
        height = round(wide * size.height() / size.width()) if size.width() else wide
        image = document.render(page, QSize(wide, height))
        image.setDevicePixelRatio(scale)
        images.append(image)
    document.close()
    return images


@dataclass(frozen=True)
class Preview:
    generation: int
    images: list[QImage] | None
    problems: list[FieldProblem]
    # A translation's phrases still in English (letters.edited.untranslated), as (line, words).
    untranslated: tuple[tuple[int, str], ...] = ()


def ask_discard(parent: QWidget, what: str) -> bool:
    answer = QMessageBox.question(
        parent,
        "Lose your changes?",
        f"Your changes to {what} are not saved. Lose them?",
        QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Cancel,
    )
    return answer == QMessageBox.StandardButton.Discard


def ask_language(parent: QWidget) -> tuple[str, str] | None:
    """The ISO 639 code and the name of a language to translate into, or None."""
    dialog = QDialog(parent)
    named(dialog, "templateLanguageDialog", "New translation")
    dialog.setWindowTitle("New translation")
    code = named(QLineEdit(), "templateLanguageCode", "Language code, like pl")
    name = named(QLineEdit(), "templateLanguageName", "Language name, like Polish")
    form = QFormLayout(dialog)
    form.addRow("ISO 639 code (like pl)", code)
    form.addRow("Name (like Polish)", name)
    ok = named(QPushButton("Start translation"), "templateLanguageOk", "Start translation")
    ok.setDefault(True)
    ok.clicked.connect(dialog.accept)
    form.addRow(ok)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return code.text(), name.text()
