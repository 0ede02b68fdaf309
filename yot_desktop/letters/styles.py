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
        return PrintSize(14, 19, 8)
    return PrintSize(12, 15.5, 6)


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
            spaceBefore=0,
            spaceAfter=size.space * 1.5,
            textColor=ACCENT,
        ),
        "heading": heading,
        # A heading followed by a table that may split (large print): kept with nothing.
        "heading_split": ParagraphStyle("heading_split", parent=heading, keepWithNext=False),
        "bullet": ParagraphStyle(
            "bullet",
            parent=body,
            leftIndent=size.body * 1.4,
            bulletIndent=size.body * 0.2,
            bulletFontName=FONT,
            bulletFontSize=size.body,
        ),
        "cell": ParagraphStyle("cell", parent=body, spaceAfter=0),
        "cell_bold": ParagraphStyle("cell_bold", parent=body, spaceAfter=0, fontName=FONT_BOLD),
        "sign_off": ParagraphStyle("sign_off", parent=body, spaceBefore=size.space),
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
        "cert_signed": ParagraphStyle(
            "cert_signed",
            parent=body,
            fontSize=max(14, size.body),
            leading=max(19, size.leading),
            alignment=TA_CENTER,
            spaceAfter=0,
        ),
        "cert_gap": ParagraphStyle("cert_gap", parent=body, fontSize=1, leading=1, spaceAfter=24),
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
