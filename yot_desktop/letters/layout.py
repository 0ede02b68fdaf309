"""The page: A4 letter with letterhead and window-envelope address, continuation pages, the
landscape certificate, and per-letter page numbers in one document.

Page numbers: a letter's length is known only when it ends, but its first page is already
drawn by then. So every page draws a named PDF form ("pn<letter>p<page>") that is defined
when the letter ends: "Page 1 of 2" for letters longer than a page, empty otherwise. One
layout pass, however many letters the document holds.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Paragraph
from reportlab.platypus.doctemplate import ActionFlowable
from reportlab.platypus.flowables import Flowable

from yot_desktop.letters.compose import ComposedLetter
from yot_desktop.letters.fields import right_to_left
from yot_desktop.letters.fonts import FONT, FONT_BOLD
from yot_desktop.letters.rtl import RtlParagraph, draw_line, has_rtl
from yot_desktop.letters.styles import ACCENT, INK, RULE, print_size

PAGE_W, PAGE_H = A4
MARGIN = 20 * mm
BODY_TOP_FIRST = 86 * mm  # below the address window and the letterhead
BODY_TOP_LATER = 22 * mm
BODY_BOTTOM = 18 * mm
FOOTER_Y = 9 * mm

# DL window envelope, left window: 20 mm from the left, 45 mm from the top, 90 x 35 mm.
WINDOW_X, WINDOW_TOP, WINDOW_W, WINDOW_H = 20 * mm, 45 * mm, 90 * mm, 35 * mm
ADDRESS_INSET = 4 * mm
ADDRESS_SIZE, ADDRESS_LEADING = 12.0, 14.0
PRIVATE_SIZE = 9.0
# Large print: every word on the page is this size or larger (letterhead, address, notes).
LARGE = 16.0
LARGE_INSET = 2.5 * mm

REFERENCE_X, REFERENCE_TOP = 120 * mm, 60 * mm
REFERENCE_W = PAGE_W - MARGIN - REFERENCE_X
_REFERENCE_STYLE = ParagraphStyle(
    "reference", fontName=FONT, fontSize=10.5, leading=13.5, textColor=INK, spaceAfter=0
)

LETTERHEAD_RIGHT = PAGE_W - MARGIN
LETTERHEAD_TOP = 14 * mm
LOGO_MAX_W, LOGO_MAX_H = 50 * mm, 16 * mm

FIRST, LATER, CERTIFICATE = "first", "later", "certificate"


class BeginLetter(ActionFlowable):
    """Placed before the page break that starts a letter: the next page belongs to it."""

    def __init__(self, letter: ComposedLetter) -> None:
        super().__init__()
        self.letter = letter

    def apply(self, doc: Any) -> None:
        doc.letter_pending(self.letter)


@lru_cache(maxsize=16)
def _logo(path: str) -> ImageReader:
    return ImageReader(path)


def _draw_letterhead(canv: Canvas, letter: ComposedLetter) -> None:
    head = letter.ctx.letterhead
    large = letter.ctx.large_print
    name_size, size, leading = (LARGE + 2, LARGE, LARGE + 3) if large else (13, 10, 12.5)
    y = PAGE_H - LETTERHEAD_TOP
    if head.logo_path is not None and Path(head.logo_path).is_file():
        image = _logo(str(head.logo_path))
        iw, ih = image.getSize()
        scale = min(LOGO_MAX_W / iw, LOGO_MAX_H / ih)
        w, h = iw * scale, ih * scale
        canv.drawImage(image, LETTERHEAD_RIGHT - w, y - h, w, h, mask="auto")
        y -= h + 3 * mm
    canv.setFillColor(ACCENT)
    canv.setFont(FONT_BOLD, name_size)
    y -= name_size
    canv.drawRightString(LETTERHEAD_RIGHT, y, head.team_name)
    canv.setFillColor(INK)
    canv.setFont(FONT, size)
    y -= 3
    # Large print: the phone and email would reach into the address window; they are printed
    # at the top of the body instead (compose.py).
    contact = () if large else (head.phone, head.email)
    for line in (*head.address_lines, *contact):
        if line:
            y -= leading
            canv.drawRightString(LETTERHEAD_RIGHT, y, line)


def _fit_lines(lines: list[str], rows: int, size: float, width: float) -> list[str]:
    """Join neighbouring address lines ("Newbury, RG14 1AA") until there are `rows` or fewer,
    the shortest joins first, as long as each joined line fits `width` at `size`."""
    lines = list(lines)
    while len(lines) > rows:
        joins = [
            (canv_width(f"{lines[i]}, {lines[i + 1]}", size), i)
            for i in range(1, len(lines) - 1)  # the name stays on its own line
        ]
        fitting = [(w, i) for w, i in joins if w <= width]
        if not fitting:
            break
        _, i = min(fitting)
        lines[i : i + 2] = [f"{lines[i]}, {lines[i + 1]}"]
    return lines


def canv_width(text: str, size: float) -> float:
    return pdfmetrics.stringWidth(text, FONT, size)


def _draw_address(canv: Canvas, letter: ComposedLetter) -> None:
    """ "Private and confidential", then the name and address, all inside the DL window (45
    mm from the top of the page): what shows through the envelope is what the post needs,
    and the notice is seen before the envelope is opened."""
    recipient = letter.ctx.recipient
    large = letter.ctx.large_print
    inset = LARGE_INSET if large else ADDRESS_INSET
    private_size = LARGE if large else PRIVATE_SIZE
    private_leading = private_size * (1.05 if large else 1.35)
    size, leading = (LARGE, LARGE * 1.05) if large else (ADDRESS_SIZE, ADDRESS_LEADING)
    x = WINDOW_X + inset
    top = PAGE_H - WINDOW_TOP - inset
    usable = WINDOW_H - 2 * inset - private_leading
    lines = [
        line for line in (recipient.name, *recipient.address_lines, recipient.postcode) if line
    ]
    # Standard print may go down to 12 pt leading before lines are joined; large print joins
    # lines first, since it must stay 16 pt.
    rows = int(usable // (leading if large else 12.0))
    lines = _fit_lines(lines, rows, size, WINDOW_W - 2 * inset)
    if len(lines) * leading > usable:  # still too many: smaller type, never outside the window
        leading = usable / len(lines)
        size = leading * size / (LARGE * 1.05 if large else ADDRESS_LEADING)
    canv.setFillColor(INK)
    canv.setFont(FONT_BOLD, private_size)
    y = top - private_size * 0.8
    private = letter.labels["private"]
    if has_rtl(private):  # a right-to-left translation: from the window's right edge
        draw_line(
            canv, x + WINDOW_W - 2 * inset, y, private, private_size, bold=True, anchor="right"
        )
    else:
        canv.drawString(x, y, private)
    canv.setFont(FONT, size)
    y = top - private_leading - size * 0.8
    for line in lines:
        canv.drawString(x, y, line)
        y -= leading


def _draw_reference(canv: Canvas, letter: ComposedLetter) -> None:
    if letter.ctx.large_print:
        return
    y = PAGE_H - REFERENCE_TOP
    text = RtlParagraph if right_to_left(letter.ctx.language) else Paragraph
    for para in letter.reference:
        p = text(para.markup, _REFERENCE_STYLE)
        _, h = p.wrapOn(canv, REFERENCE_W, PAGE_H)
        y -= h
        p.drawOn(canv, REFERENCE_X, y)


def _draw_running_header(canv: Canvas, letter: ComposedLetter) -> None:
    ctx = letter.ctx
    canv.setFillColor(RULE)
    size = LARGE if ctx.large_print else 9
    canv.setFont(FONT, size)
    text = (
        f"{letter.labels['our_reference']} {ctx.crime_reference}/{ctx.person_reference}"
        f" \u2013 {ctx.recipient.name} ({letter.labels['continued']})"
    )
    if right_to_left(ctx.language):
        draw_line(canv, PAGE_W - MARGIN, PAGE_H - 13 * mm, text, size, anchor="right")
    else:
        canv.drawString(MARGIN, PAGE_H - 13 * mm, text)


def _draw_certificate_border(canv: Canvas) -> None:
    w, h = landscape(A4)
    canv.setStrokeColor(ACCENT)
    canv.setLineWidth(3)
    canv.rect(12 * mm, 12 * mm, w - 24 * mm, h - 24 * mm)
    canv.setLineWidth(0.8)
    canv.rect(15 * mm, 15 * mm, w - 30 * mm, h - 30 * mm)


class LetterDocTemplate(BaseDocTemplate):
    """One PDF holding any number of letters, each starting on a new page.

    `next_story` is asked for the next letter's flowables when the previous one is laid out
    (None when there are no more), so a batch of thousands never holds more than one letter's
    flowables at a time.
    """

    def __init__(
        self,
        stream: Any,
        first: ComposedLetter,
        next_story: Callable[[], list[Flowable] | None],
        title: str,
        author: str,
        lang: str = "",
    ) -> None:
        super().__init__(
            stream,
            pagesize=A4,
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=BODY_TOP_LATER,
            bottomMargin=BODY_BOTTOM,
            title=title,
            author=author,
            creator="YOT Desktop",
            subject="",
            allowSplitting=1,
            lang=lang or None,
            displayDocTitle=1,
            # Not ReportLab's Helvetica: a font set at the start of every page, unused and not
            # embedded, that a PDF checker rightly reports.
            initialFontName=FONT,
            initialFontSize=12,
        )
        body_w = PAGE_W - 2 * MARGIN
        cert_w, cert_h = landscape(A4)
        self.addPageTemplates(
            [
                PageTemplate(
                    FIRST,
                    [Frame(MARGIN, BODY_BOTTOM, body_w, PAGE_H - BODY_TOP_FIRST - BODY_BOTTOM,
                           id="first", leftPadding=0, rightPadding=0)],
                    onPage=self._page_begins,
                    onPageEnd=self._page_ends,
                    pagesize=A4,
                    autoNextPageTemplate=LATER,
                ),
                PageTemplate(
                    LATER,
                    [Frame(MARGIN, BODY_BOTTOM, body_w, PAGE_H - BODY_TOP_LATER - BODY_BOTTOM,
                           id="later", leftPadding=0, rightPadding=0)],
                    onPage=self._page_begins,
                    onPageEnd=self._page_ends,
                    pagesize=A4,
                ),
                PageTemplate(
                    CERTIFICATE,
                    [Frame(30 * mm, 25 * mm, cert_w - 60 * mm, cert_h - 50 * mm, id="cert")],
                    onPage=self._page_begins,
                    onPageEnd=self._page_ends,
                    pagesize=landscape(A4),
                ),
            ]
        )  # fmt: skip
        self._firstPageTemplateIndex = 2 if first.certificate else 0
        self._next_story = next_story
        self._pending: ComposedLetter | None = first
        self._current: ComposedLetter | None = None
        self._letter_no = 0
        self._page_widths: list[float] = []

    @staticmethod
    def template_for(letter: ComposedLetter) -> str:
        return CERTIFICATE if letter.certificate else FIRST

    # -- letter boundaries ------------------------------------------------------------------

    def letter_pending(self, letter: ComposedLetter) -> None:
        self._pending = letter

    def filterFlowables(self, flowables: list[Any]) -> None:
        if flowables and isinstance(flowables[0], NextLetter):
            story = self._next_story()
            # None is skipped by ReportLab; the list must not run empty inside this call.
            flowables[0:1] = [None] if story is None else [*story, NextLetter()]

    def _page_begins(self, canv: Canvas, doc: Any) -> None:
        if self._pending is not None:
            self._finish_letter(canv)
            self._current, self._pending = self._pending, None
            self._letter_no += 1
        letter = self._current
        if letter is None:
            return
        template = self.pageTemplate.id
        if template == FIRST:
            _draw_letterhead(canv, letter)
            _draw_address(canv, letter)
            _draw_reference(canv, letter)
        elif template == LATER:
            _draw_running_header(canv, letter)
        else:
            _draw_certificate_border(canv)

    def _page_ends(self, canv: Canvas, doc: Any) -> None:
        self._page_widths.append(canv._pagesize[0])
        canv.doForm(self._form_name(len(self._page_widths)))

    def _form_name(self, page: int) -> str:
        return f"pn{self._letter_no}p{page}"

    def _finish_letter(self, canv: Canvas) -> None:
        """Define the page-number forms of the letter that just ended."""
        letter, widths = self._current, self._page_widths
        if letter is None:
            return
        pages = len(widths)
        size = max(10.0, print_size(letter.ctx.easy_read, letter.ctx.large_print).body - 2)
        if letter.ctx.large_print:
            size = LARGE
        for page, width in enumerate(widths, start=1):
            canv.beginForm(self._form_name(page), 0, 0, width, PAGE_H)
            if pages > 1:
                canv.setFillColor(INK)
                canv.setFont(FONT, size)
                label = letter.labels["page"].replace("{page}", str(page))
                label = label.replace("{pages}", str(pages))
                if has_rtl(label):
                    draw_line(canv, width / 2, FOOTER_Y, label, size, anchor="centre")
                else:
                    canv.drawCentredString(width / 2, FOOTER_Y, label)
            canv.endForm()
        self._page_widths = []

    def _endBuild(self) -> None:
        self._doSave = 0
        super()._endBuild()
        self._finish_letter(self.canv)
        self.canv.save()


class NextLetter(Flowable):
    """A marker the document swaps for the next letter's flowables when it reaches it."""

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        return None
