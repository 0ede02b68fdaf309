"""Letters to PDF: `render_letter` for one, `render_batch` for many in one PDF."""

from __future__ import annotations

import gc
import html
import io
import itertools
import re
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator
from typing import Any, BinaryIO

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    KeepInFrame,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.flowables import Flowable

from yot_desktop.domain.enums import LetterType
from yot_desktop.letters.compose import (
    Block,
    ComposedLetter,
    GridTable,
    KeyValueTable,
    NewPage,
    Para,
    Signatures,
    SignOff,
    compose_letter,
)
from yot_desktop.letters.data import LetterContext
from yot_desktop.letters.errors import Cancelled
from yot_desktop.letters.fields import format_date, right_to_left
from yot_desktop.letters.fonts import FONT, register_fonts
from yot_desktop.letters.layout import PAGE_W, BeginLetter, LetterDocTemplate, NextLetter
from yot_desktop.letters.pdf_join import PdfJoiner
from yot_desktop.letters.rtl import RtlParagraph
from yot_desktop.letters.styles import RULE, SHADE, letter_styles, print_size

Progress = Callable[[int], bool]

# What a person calls each letter: the start of the PDF's title.
LETTER_NAMES = {
    LetterType.INVITATION: "Appointment letter",
    LetterType.OFFER: "Programme offer letter",
    LetterType.SCHEDULE: "Appointments letter",
    LetterType.REMINDER: "Appointment reminder",
    LetterType.MISSED: "Missed appointment letter",
    LetterType.FINAL_WARNING: "Final warning letter",
    LetterType.COMPLETION: "Programme finished letter",
    LetterType.CERTIFICATE: "Certificate",
    LetterType.NOT_ENGAGED: "Not taking part letter",
    LetterType.NOT_ELIGIBLE: "Not eligible letter",
    LetterType.POLICE_OUTCOME: "Police outcome notice",
}
# The region a language's letters are written for, where it matters to a screen reader.
_REGIONS = {"en": "en-GB"}


def pdf_language(code: str) -> str:
    """The PDF's /Lang for a wording language: en-GB for English, else the code (pl, cy)."""
    return _REGIONS.get(code, code) if code else "en-GB"


def document_title(
    ctx: LetterContext, single: bool = True, letter: ComposedLetter | None = None
) -> str:
    """A title a person recognises: "Appointment letter for Leo Abbott, 4 December 2026";
    for a batch, "Appointment letters, 4 December 2026". A translated letter's title is its
    own heading, in its language: "Spotkania: Leo – Leo Abbott, 4 grudnia 2026"."""
    name = LETTER_NAMES[ctx.letter_type]
    if not single:
        return f"{name}s, {format_date(ctx.letter_date)}"
    heading = letter.blocks[0] if letter is not None and letter.blocks else None
    if ctx.language != "en" and isinstance(heading, Para):
        words = html.unescape(re.sub(r"<[^>]+>", "", heading.markup)).strip()
        when = format_date(ctx.letter_date, ctx.language)
        return f"{words} \u2013 {ctx.person.full_name}, {when}"
    return f"{name} for {ctx.person.full_name}, {format_date(ctx.letter_date)}"


BODY_WIDTH = PAGE_W - 40 * mm


class _Centred(Flowable):
    """Certificate content, shrunk if it must be to stay on one page, centred vertically."""

    def __init__(self, content: list[Flowable]) -> None:
        super().__init__()
        self.inner = KeepInFrame(0, 0, content, mode="shrink")
        self._inner_h = 0.0
        self._avail_h = 0.0

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        _, self._inner_h = self.inner.wrapOn(self.canv, aw, ah - 2)
        self._avail_h = ah - 2
        return aw, ah - 2

    def draw(self) -> None:
        self.inner.drawOn(self.canv, 0, max(0.0, (self._avail_h - self._inner_h) / 2))


def _table_style(header: bool, rtl: bool = False) -> TableStyle:
    labels = (-1, 0) if rtl else (0, 0)  # a key-value table's labels: first as it is read
    commands: list[tuple[Any, ...]] = [
        # Cells hold paragraphs, but a table sets its cell font anyway: ours, not Helvetica.
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("BOX", (0, 0), (-1, -1), 0.75, RULE),
        ("INNERGRID", (0, 0), (-1, -1), 0.4, RULE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 5),
        ("RIGHTPADDING", (0, 0), (-1, -1), 5),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
    ]
    if header:
        commands.append(("BACKGROUND", (0, 0), (-1, 0), SHADE))
    else:
        commands.append(("BACKGROUND", labels, (labels[0], -1), SHADE))
    return TableStyle(commands)


def _flowables(letter: ComposedLetter) -> list[Flowable]:
    ctx = letter.ctx
    styles = letter_styles(ctx.easy_read, ctx.large_print)
    size = print_size(ctx.easy_read, ctx.large_print)
    out: list[Flowable] = []
    rtl = right_to_left(ctx.language)
    # Urdu, Arabic, Farsi: words shaped and set right to left, tables read from the right.
    text: Callable[..., Flowable] = RtlParagraph if rtl else Paragraph
    align = "RIGHT" if rtl else "LEFT"

    def row(cells: list[Any]) -> list[Any]:
        return cells[::-1] if rtl else cells

    if ctx.large_print:  # at full size in the body; otherwise layout.py puts it by the address
        out.extend(text(p.markup, styles["meta"]) for p in letter.reference)
        out.append(Spacer(1, size.space))

    def para(p: Para) -> Flowable:
        if p.style == "bullet":
            return text(p.markup, styles["bullet"], bulletText="\u2022")
        return text(p.markup, styles[p.style])

    block: Block
    blocks = letter.blocks
    for n, block in enumerate(blocks):
        if isinstance(block, Para):
            following = blocks[n + 1] if n + 1 < len(blocks) else None
            if (
                ctx.large_print
                and block.style == "heading"
                and isinstance(following, KeyValueTable | GridTable)
            ):
                # Large print: a heading and its table moved whole to the next page would
                # leave the first page half empty. The table splits between its rows
                # instead, its first row under the heading.
                out.append(text(block.markup, styles["heading_split"]))
                continue
            out.append(para(block))
        elif isinstance(block, NewPage):
            out.append(PageBreak())
        elif isinstance(block, KeyValueTable):
            # Wide enough for "Who you will meet" on one line, so that in large print the
            # appointment still fits on the first page under the opening paragraphs.
            label_w = BODY_WIDTH * (0.4 if ctx.large_print else 0.36 if ctx.easy_read else 0.3)
            rows = [
                row([text(k, styles["cell_bold"]), text(v, styles["cell"])]) for k, v in block.rows
            ]
            table = Table(rows, colWidths=row([label_w, BODY_WIDTH - label_w]), hAlign=align)
            table.setStyle(_table_style(header=False, rtl=rtl))
            out.extend([table, Spacer(1, size.space * 1.5)])
        elif isinstance(block, GridTable):
            grid = [row([text(h, styles["cell_bold"]) for h in block.header])]
            grid.extend(row([text(c, styles["cell"]) for c in cells]) for cells in block.rows)
            table = Table(
                grid,
                colWidths=row([BODY_WIDTH * w for w in block.widths]),
                repeatRows=1,
                hAlign=align,
            )
            table.setStyle(_table_style(header=True))
            out.extend([table, Spacer(1, size.space * 1.5)])
        elif isinstance(block, Signatures):
            label_w = BODY_WIDTH * 0.42
            rows = [row([text(label, styles["cell"]), ""]) for label in block.labels]
            line = (0, 0) if rtl else (1, 0)  # the line to sign on, after the label
            table = Table(
                rows,
                colWidths=row([label_w, BODY_WIDTH - label_w]),
                rowHeights=[size.leading + 9 * mm] * len(rows),
                hAlign=align,
            )
            table.setStyle(
                TableStyle(
                    [
                        ("FONTNAME", (0, 0), (-1, -1), FONT),
                        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                        ("LINEBELOW", line, (line[0], -1), 0.75, RULE),
                        ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ]
                )
            )
            out.extend([table, Spacer(1, size.space * 2)])
        elif isinstance(block, SignOff):
            out.append(KeepTogether([sign_off(block, styles["sign_off"], rtl)]))
    if letter.certificate:
        return [_Centred(out)]
    return out


def sign_off(block: SignOff, style: ParagraphStyle, rtl: bool = False) -> Flowable:
    """One paragraph, so that KeepTogether measures it exactly and never splits it."""
    lines = [block.closing, "", "", f"<b>{block.name}</b>", *block.details]
    markup = "<br/>".join(line or "\u00a0" for line in lines)
    return RtlParagraph(markup, style) if rtl else Paragraph(markup, style)


def _letter_story(letter: ComposedLetter, first: bool) -> list[Flowable]:
    story: list[Flowable] = []
    if not first:
        story += [
            BeginLetter(letter),
            NextPageTemplate(LetterDocTemplate.template_for(letter)),
            PageBreak(),
        ]
    story += _flowables(letter)
    return story


# Letters a ReportLab document holds at a time. Peak memory hardly depends on it (2.4 to 2.6 MB
# traced for parts of 25 to 100 letters); the file size does, as every part embeds its own font
# subsets (about 44 KB): 1,000 letters are 60% bigger than one document in parts of 25, 29% in
# parts of 50, 14% in parts of 100 (tests/benchmarks/bench_letters.py).
LETTERS_PER_PART = 100


def render_batch(
    contexts: Iterable[LetterContext],
    stream: BinaryIO,
    progress: Progress | None = None,
) -> int:
    """Write every letter into one PDF on `stream`, each starting on a new page, and return
    how many were written. Letters are composed and laid out one at a time, as the iterable
    yields them. After each letter, `progress(done)` is called; if it returns False the batch
    stops with `Cancelled` and nothing is written to the stream. A letter whose wording needs
    a fact its context lacks raises ValidationError (nothing written either). No letters: 0,
    nothing written.

    ReportLab holds every finished page of a document until it is saved, so a big batch is
    laid out as parts of LETTERS_PER_PART letters, each its own document, joined page by page
    into a temporary file (memory stays flat however long the batch); the file is copied to
    `stream` only when every letter is done. A batch of one part is that document as it is.
    Each part embeds its own font subsets."""
    register_fonts()
    items = iter(contexts)
    first_ctx = next(items, None)
    if first_ctx is None:
        return 0
    second = next(items, None)
    if second is not None:
        items = itertools.chain([second], items)
    first = compose_letter(first_ctx)
    batch = _Batch(
        items,
        progress,
        title=document_title(first_ctx, single=second is None, letter=first),
        author=first_ctx.letterhead.team_name,
        lang=pdf_language(first_ctx.language),
    )
    part = io.BytesIO()
    following = batch.render_part(first, part)
    if following is None:
        stream.write(part.getvalue())
        return batch.done
    with tempfile.TemporaryFile() as joined:
        joiner = PdfJoiner(joined, batch.lang)
        while True:
            # A finished ReportLab document is a web of reference cycles holding its pages:
            # left to the next full collection, parts would pile up and memory would grow.
            gc.collect()
            joiner.add(part.getvalue())
            if following is None:
                break
            part = io.BytesIO()
            following = batch.render_part(following, part)
        joiner.finish()
        joined.seek(0)
        shutil.copyfileobj(joined, stream, 1 << 20)
    return batch.done


class _Batch:
    """The letters still to come, and how many are done, across the parts of one batch."""

    def __init__(
        self,
        items: Iterator[LetterContext],
        progress: Progress | None,
        title: str,
        author: str,
        lang: str,
    ) -> None:
        self.items = items
        self.progress = progress
        self.title = title
        self.author = author
        self.lang = lang
        self.done = 0

    def render_part(self, first: ComposedLetter, out: BinaryIO) -> ComposedLetter | None:
        """Lay out `first` and the letters after it, up to LETTERS_PER_PART, as one PDF on
        `out`. Return the next part's first letter, or None when there are no more."""
        limit = self.done + LETTERS_PER_PART
        exhausted = False

        def next_story() -> list[Flowable] | None:
            nonlocal exhausted
            self.done += 1
            if self.progress is not None and self.progress(self.done) is False:
                raise Cancelled(self.done)
            if self.done >= limit:
                return None
            ctx = next(self.items, None)
            if ctx is None:
                exhausted = True
                return None
            return _letter_story(compose_letter(ctx), first=False)

        doc = LetterDocTemplate(
            out, first, next_story, title=self.title, author=self.author, lang=self.lang
        )
        doc.build([*_letter_story(first, first=True), NextLetter()])
        if exhausted:
            return None
        ctx = next(self.items, None)
        return None if ctx is None else compose_letter(ctx)


def render_letter(ctx: LetterContext, stream: BinaryIO) -> None:
    """Write one letter as a PDF on `stream`."""
    render_batch([ctx], stream)
