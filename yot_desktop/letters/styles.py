"""Paragraph styles: 12 pt normal, 14 pt easy read with more space, 16 pt or more large print."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.styles import ParagraphStyle

from yot_desktop.letters.fonts import FONT, FONT_BOLD

INK = colors.HexColor("#1a1a1a")
RULE = colors.HexColor("#6b6b6b")
SHADE = colors.HexColor("#eeeeee")
ACCENT = colors.HexColor("#1d5b79")


@dataclass(frozen=True)
class PrintSize:
    body: float
    leading: float
    space: float  # after each paragraph


def print_size(easy_read: bool, large_print: bool) -> PrintSize:
    if large_print:
        return PrintSize(18, 26, 12) if easy_read else PrintSize(16, 22, 10)
    if easy_read:
        return PrintSize(14, 20, 10)
    return PrintSize(12, 16, 8)


@lru_cache(maxsize=8)
def letter_styles(easy_read: bool, large_print: bool) -> dict[str, ParagraphStyle]:
    """Styles by the names compose.py uses. Never justified: ragged right reads more easily."""
    size = print_size(easy_read, large_print)
    body = ParagraphStyle(
        "body",
        fontName=FONT,
        fontSize=size.body,
        leading=size.leading,
        spaceAfter=size.space,
        textColor=INK,
        alignment=TA_LEFT,
    )
    heading = ParagraphStyle(
        "heading",
        parent=body,
        fontName=FONT_BOLD,
        fontSize=size.body + 1,
        leading=size.leading + 1,
        spaceBefore=size.space,
        spaceAfter=size.space / 2,
        keepWithNext=True,
    )
    styles = {
        "body": body,
        "meta": ParagraphStyle("meta", parent=body, spaceAfter=1),
        "title": ParagraphStyle(
            "title",
            parent=heading,
            fontSize=size.body + 3,
            leading=size.leading + 4,
            spaceBefore=size.space * 1.5,
            spaceAfter=size.space * 1.5,
            textColor=ACCENT,
        ),
        "heading": heading,
        "bullet": ParagraphStyle(
            "bullet", parent=body, leftIndent=size.body * 1.4, bulletIndent=size.body * 0.2
        ),
        "cell": ParagraphStyle("cell", parent=body, spaceAfter=0),
        "cell_bold": ParagraphStyle("cell_bold", parent=body, spaceAfter=0, fontName=FONT_BOLD),
        "signature_space": ParagraphStyle("signature_space", parent=body, spaceAfter=size.body * 2),
        "signature_name": ParagraphStyle(
            "signature_name", parent=body, fontName=FONT_BOLD, spaceAfter=0
        ),
        "contact": ParagraphStyle("contact", parent=body, spaceAfter=0),
        "cert_title": ParagraphStyle(
            "cert_title",
            parent=body,
            fontName=FONT_BOLD,
            fontSize=34,
            leading=42,
            alignment=TA_CENTER,
            spaceAfter=24,
            textColor=ACCENT,
        ),
        "cert_text": ParagraphStyle(
            "cert_text", parent=body, fontSize=18, leading=26, alignment=TA_CENTER, spaceAfter=8
        ),
        "cert_name": ParagraphStyle(
            "cert_name",
            parent=body,
            fontName=FONT_BOLD,
            fontSize=32,
            leading=40,
            alignment=TA_CENTER,
            spaceBefore=8,
            spaceAfter=16,
        ),
    }
    return styles
