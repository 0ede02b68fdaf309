"""What every report PDF shares: A4 pages, the DejaVu font, styles, protective marking and
"Page X of Y" numbering."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, BinaryIO
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Table, TableStyle

from yot_desktop.letters.fonts import FONT, FONT_BOLD, register_fonts

MARKING = "OFFICIAL-SENSITIVE"
PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 18 * mm
CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN
INK = colors.HexColor("#1a1a1a")
RULE = colors.HexColor("#7a7a7a")
SHADE = colors.HexColor("#e8edf2")
ACCENT = colors.HexColor("#1f4e79")

BODY = ParagraphStyle("body", fontName=FONT, fontSize=10, leading=13.5, textColor=INK)
SMALL = ParagraphStyle("small", parent=BODY, fontSize=8.5, leading=11)
TITLE = ParagraphStyle(
    "title", parent=BODY, fontName=FONT_BOLD, fontSize=17, leading=21, spaceAfter=4 * mm
)
HEADING = ParagraphStyle(
    "heading",
    parent=BODY,
    fontName=FONT_BOLD,
    fontSize=12.5,
    leading=16,
    textColor=ACCENT,
    spaceBefore=5 * mm,
    spaceAfter=2 * mm,
    keepWithNext=True,
)
CELL = ParagraphStyle("cell", parent=BODY, fontSize=9, leading=11.5)
CELL_BOLD = ParagraphStyle("cell_bold", parent=CELL, fontName=FONT_BOLD)
CELL_RIGHT = ParagraphStyle("cell_right", parent=CELL, alignment=TA_RIGHT)
CELL_BOLD_RIGHT = ParagraphStyle("cell_bold_right", parent=CELL_BOLD, alignment=TA_RIGHT)


def para(text: str, style: ParagraphStyle = BODY) -> Paragraph:
    """A paragraph of plain text: markup characters in names are escaped, never interpreted."""
    register_fonts()
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


def table(
    rows: Sequence[Sequence[str]],
    widths: Sequence[float],
    *,
    header: bool = True,
    align_right_from: int | None = None,
) -> Table:
    """A ruled table of text cells; the header row repeats on each page it spans.
    Columns from ``align_right_from`` on hold figures and are right-aligned."""

    def style_for(i: int, j: int) -> ParagraphStyle:
        right = align_right_from is not None and j >= align_right_from
        if header and i == 0:
            return CELL_BOLD_RIGHT if right else CELL_BOLD
        return CELL_RIGHT if right else CELL

    data = [[para(c, style_for(i, j)) for j, c in enumerate(row)] for i, row in enumerate(rows)]
    t = Table(data, colWidths=list(widths), repeatRows=1 if header else 0)
    style: list[tuple[Any, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), FONT),  # not ReportLab's Helvetica (issue 15)
        ("GRID", (0, 0), (-1, -1), 0.4, RULE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
    ]
    if header:
        style.append(("BACKGROUND", (0, 0), (-1, 0), SHADE))
    t.setStyle(TableStyle(style))
    return t


def _canvas_class(title: str) -> type[Canvas]:
    class NumberedCanvas(Canvas):
        """Holds pages back until the end so each can say how many there are."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                self._furniture(number, total)
                super().showPage()
            super().save()

        def _furniture(self, number: int, total: int) -> None:
            self.saveState()
            self.setFillColor(INK)
            self.setFont(FONT_BOLD, 9)
            self.drawCentredString(PAGE_WIDTH / 2, PAGE_HEIGHT - 9 * mm, MARKING)
            self.drawCentredString(PAGE_WIDTH / 2, 7 * mm, MARKING)
            self.setFont(FONT, 7.5)
            self.setFillColor(RULE)
            self.drawString(MARGIN, PAGE_HEIGHT - 13 * mm, title)
            self.drawRightString(PAGE_WIDTH - MARGIN, 7 * mm, f"Page {number} of {total}")
            self.setStrokeColor(RULE)
            self.setLineWidth(0.4)
            top = PAGE_HEIGHT - 14.5 * mm
            self.line(MARGIN, top, PAGE_WIDTH - MARGIN, top)
            self.line(MARGIN, 11 * mm, PAGE_WIDTH - MARGIN, 11 * mm)
            self.restoreState()

    return NumberedCanvas


def build_pdf(stream: BinaryIO, story: list[Flowable], *, title: str, subject: str) -> None:
    """Lay out ``story`` on marked, numbered A4 pages and write the PDF to ``stream``."""
    register_fonts()
    doc = SimpleDocTemplate(
        stream,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=title,
        subject=subject,
        author="YOT Desktop",
        creator="YOT Desktop",
        # Issue 15: the language for screen readers, the title shown, and no unused
        # Helvetica (ReportLab's starting font) in the file.
        lang="en-GB",
        displayDocTitle=1,
        initialFontName=FONT,
    )
    doc.build(story, canvasmaker=_canvas_class(title))
