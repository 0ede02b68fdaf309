"""Right-to-left letters (Urdu, Arabic, Farsi...): words shaped, lines laid out right to left.

ReportLab's open edition shapes a word with HarfBuzz (uharfbuzz: the letters joined, in the
forms they take at the start, middle and end of a word, glyphs in visual order), but lays out
a paragraph's words right to left only with rlbidi, which is not published on PyPI. So this
module breaks the lines itself, in reading (logical) order, then places each line's words
from the right:

* a word with Arabic-script letters is shaped in Noto Naskh Arabic (it has every Urdu letter:
  DejaVu Sans lacks ہ and ے); any other word keeps the letter's own font (DejaVu Sans);
* neighbouring words without Arabic letters (a name like "Leo Abbott", a phone number
  "01635 000000", a date's "2026") stay together, left to right, as one run: the Unicode
  bidirectional algorithm's result for such text in a right-to-left paragraph, except that
  numbers separated by a space stay in their order (the algorithm would swap them and a phone
  number would be read wrong);
* the paragraph's markup is the little the letters use: <b>, <br/> and escaped text.

The PDF holds the glyphs in the order they are drawn (visual); a PDF reader that knows
right-to-left text (pdftotext) gives the words back in reading order, as letters (fonts.py
maps each shaped glyph back to its letters, joined forms and lam-alef included).
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import ShapedStr, shapeStr
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus.flowables import Flowable

from yot_desktop.letters.fonts import (
    ARABIC,
    ARABIC_BOLD,
    FONT,
    FONT_BOLD,
    remember_glyph_letters,
)

_TAG = re.compile(r"(<b>|</b>|<br\s*/?>)")
_RTL_CLASSES = frozenset({"R", "AL"})
_LTR_CLASSES = frozenset({"L", "EN", "AN"})


def has_rtl(text: str) -> bool:
    """Whether the text has a letter written right to left (Arabic script, Hebrew)."""
    return any(unicodedata.bidirectional(c) in _RTL_CLASSES for c in text)


def _direction(word: str) -> str:
    """'R' for a word with a right-to-left letter, 'L' for one with a Latin letter or a
    digit, 'N' for punctuation only."""
    classes = {unicodedata.bidirectional(c) for c in word}
    if classes & _RTL_CLASSES:
        return "R"
    return "L" if classes & _LTR_CLASSES else "N"


@dataclass(frozen=True)
class Word:
    """A piece of a line as drawn: its text (shaped glyphs for a right-to-left word), font,
    width; a space is a piece too."""

    text: str
    font: str
    size: float
    width: float
    direction: str


# Brackets drawn mirrored when they stand between right-to-left words.
_MIRROR = str.maketrans("()[]{}<>", ")(][}{><")
_PAIRS = frozenset({"()", "[]", "{}", "<>"})


@lru_cache(maxsize=8192)
def _piece(text: str, bold: bool, size: float, direction: str) -> Word:
    if direction == "R":
        font = ARABIC_BOLD if bold else ARABIC
        shaped = shapeStr(text, font, size)
        remember_glyph_letters(font, text)
        if isinstance(shaped, ShapedStr):
            width = sum(sd.x_advance for sd in shaped.__shapeData__) * size / 1000
            return Word(shaped, font, size, width, direction)
        return Word(text, font, size, pdfmetrics.stringWidth(text, font, size), direction)
    font = FONT_BOLD if bold else FONT
    return Word(text, font, size, pdfmetrics.stringWidth(text, font, size), direction)


def make_words(text: str, bold: bool, size: float) -> list[Word]:
    """A word as pieces: a left-to-right word's leading and trailing punctuation ("Malik،",
    "(Leo") is a piece of its own, placed by the words around it."""
    direction = _direction(text)
    if direction != "L":
        return [_piece(text, bold, size, direction)]
    strong = [i for i, c in enumerate(text) if unicodedata.bidirectional(c) in _LTR_CLASSES]
    head, body, tail = text[: strong[0]], text[strong[0] : strong[-1] + 1], text[strong[-1] + 1 :]
    if head[-1:] + tail[:1] in _PAIRS:  # "(continued)": the brackets go with their words
        head, body, tail = head[:-1], head[-1] + body + tail[0], tail[1:]
    pieces = [(head, "N"), (body, "L"), (tail, "N")]
    return [_piece(part, bold, size, d) for part, d in pieces if part]


def visual_order(words: list[Word]) -> list[int]:
    """A line's pieces (in reading order) as indices from left to right, in a right-to-left
    paragraph: runs of left-to-right pieces keep their order, and the runs are reversed.
    Punctuation between two left-to-right pieces belongs to their run."""

    def ltr(i: int) -> bool:
        d = words[i].direction
        if d != "N":
            return d == "L"
        before = next((w.direction for w in reversed(words[:i]) if w.direction != "N"), "R")
        after = next((w.direction for w in words[i + 1 :] if w.direction != "N"), "R")
        return before == after == "L"

    runs: list[list[int]] = []
    previous = False
    for i in range(len(words)):
        now = ltr(i)
        if now and previous:
            runs[-1].append(i)
        else:
            runs.append([i])
        previous = now
    return [i for run in reversed(runs) for i in run]


def line_width(words: list[Word]) -> float:
    return sum(w.width for w in words)


def space(size: float, after: Word | None = None) -> Word:
    """The space between two words: a neutral piece, placed by the words around it; in the
    font of a left-to-right word before it (so that a run like "Leo Abbott" is one string)."""
    font = after.font if after is not None and after.font in (FONT, FONT_BOLD) else FONT
    return Word(" ", font, size, pdfmetrics.stringWidth(" ", font, size), "N")


def draw_words(canv: Canvas, x: float, y: float, words: list[Word]) -> None:
    """Draw a line's pieces (in reading order) right to left from x, its left end. Pieces
    of one left-to-right run in one font are drawn as one string."""
    ltr = {i for i, w in enumerate(words) if w.direction == "L"} | _ltr_indices(words)
    order = visual_order(words)
    k = 0
    while k < len(order):
        i = order[k]
        w = words[i]
        text, width = w.text, w.width
        if w.direction == "N" and i not in ltr:
            text = text.translate(_MIRROR)
        while (
            i in ltr
            and k + 1 < len(order)
            and order[k + 1] == i + 1
            and i + 1 in ltr
            and words[i + 1].font == w.font
        ):
            k, i = k + 1, i + 1
            text += words[i].text
            width += words[i].width
        if text.strip():
            canv.setFont(w.font, w.size)
            canv.drawString(x, y, text)
        x += width
        k += 1


def _ltr_indices(words: list[Word]) -> set[int]:
    """The neutral pieces set left to right (between two left-to-right pieces)."""
    out = set()
    for i, w in enumerate(words):
        if w.direction != "N":
            continue
        before = next((x.direction for x in reversed(words[:i]) if x.direction != "N"), "R")
        after = next((x.direction for x in words[i + 1 :] if x.direction != "N"), "R")
        if before == after == "L":
            out.add(i)
    return out


def line_words(text: str, size: float, bold: bool = False) -> list[Word]:
    """One line of plain text as pieces in reading order, spaces included."""
    out: list[Word] = []
    for word in text.split():
        if out:
            out.append(space(size, out[-1]))
        out.extend(make_words(word, bold, size))
    return out


def draw_line(
    canv: Canvas, x: float, y: float, text: str, size: float, *, bold: bool = False, anchor: str
) -> None:
    """Draw one line of plain text right to left; x is its right end ('right'), its middle
    ('centre') or its left end ('left')."""
    words = line_words(text, size, bold)
    width = line_width(words)
    start = {"right": x - width, "centre": x - width / 2, "left": x}[anchor]
    draw_words(canv, start, y, words)


def _words_of(markup: str, style: ParagraphStyle) -> list[list[tuple[str, bool]]]:
    """Paragraph markup as lines (split at <br/>) of (word, bold) in reading order; a word
    that changes weight part-way (like "<b>12 March</b>,") takes the weight it starts with."""
    plain = style.fontName == FONT_BOLD
    bold = plain
    lines: list[list[tuple[str, bool]]] = [[]]
    word, word_bold = "", plain

    def end_word() -> None:
        nonlocal word
        if word:
            lines[-1].append((word, word_bold))
        word = ""

    for part in _TAG.split(markup):
        if part == "<b>":
            bold = True
        elif part == "</b>":
            bold = plain
        elif part.startswith("<br"):
            end_word()
            lines.append([])
        else:
            for c in html.unescape(part):
                if c.isspace() and c != "\u00a0":
                    end_word()
                else:
                    if not word:
                        word_bold = bold
                    word += c
    end_word()
    return lines


class RtlParagraph(Flowable):
    """A paragraph set right to left: aligned to the right (or centred, as its style says),
    its bullet at the right; splits between lines at a page end."""

    def __init__(
        self,
        markup: str,
        style: ParagraphStyle,
        bulletText: str | None = None,
        *,
        _lines: list[list[Word]] | None = None,
    ) -> None:
        super().__init__()
        self.markup, self.style, self.bulletText = markup, style, bulletText
        self._given_lines = _lines
        self._lines: list[list[Word]] = []
        self._space = pdfmetrics.stringWidth(" ", FONT, style.fontSize)

    # ReportLab reads these from a paragraph for its spacing between flowables.
    def getSpaceBefore(self) -> float:
        return float(self.style.spaceBefore)

    def getSpaceAfter(self) -> float:
        return float(self.style.spaceAfter)

    def _break(self, width: float) -> list[list[Word]]:
        size = self.style.fontSize
        out: list[list[Word]] = []
        for source in _words_of(self.markup, self.style):
            line: list[Word] = []
            used = 0.0
            for text, bold in source:
                pieces = make_words(text, bold, size)
                w = line_width(pieces)
                gap = space(size, line[-1] if line else None)
                if line and used + gap.width + w > width:
                    out.append(line)
                    line, used = list(pieces), w
                else:
                    if line:
                        line.append(gap)
                        used += gap.width
                    line.extend(pieces)
                    used += w
            out.append(line)
        return out

    def _text_width(self, aw: float) -> float:
        return aw - self.style.leftIndent - self.style.rightIndent

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        self.width = aw
        self._lines = (
            self._given_lines
            if self._given_lines is not None
            else self._break(self._text_width(aw))
        )
        self.height = len(self._lines) * self.style.leading
        return aw, self.height

    def split(self, aw: float, ah: float) -> list[Any]:
        self.wrap(aw, ah)
        fit = int(ah // self.style.leading)
        if fit <= 0 or fit >= len(self._lines):
            return [] if fit <= 0 else [self]
        first = RtlParagraph(self.markup, self.style, self.bulletText, _lines=self._lines[:fit])
        rest = RtlParagraph(self.markup, self.style, None, _lines=self._lines[fit:])
        return [first, rest]

    def draw(self) -> None:
        style = self.style
        canv = self.canv
        canv.setFillColor(style.textColor)
        right = self.width - style.leftIndent  # the mirror of a left-to-right paragraph
        y = self.height - style.fontSize
        for n, line in enumerate(self._lines):
            total = line_width(line)
            x = (self.width - total) / 2 if style.alignment == TA_CENTER else right - total
            draw_words(canv, x, y, line)
            if n == 0 and self.bulletText:
                bullet = line_words(self.bulletText, style.bulletFontSize)
                draw_words(canv, self.width - style.bulletIndent - line_width(bullet), y, bullet)
            y -= style.leading
