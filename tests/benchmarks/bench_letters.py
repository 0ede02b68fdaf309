"""1,000 letters into one PDF: the letter layer beside bare ReportLab with the same paragraphs.

    uv run python tests/benchmarks/bench_letters.py [COUNT]

Both sides lay out the same words (every paragraph and table cell of each composed letter) with
the same embedded font, one letter per page run. The letter layer adds the letterhead, the DL
window address block, page templates and page numbers. Prints both times, the ratio (target
<= 1.3) and the peak traced memory of the letter layer at 100 letters and at COUNT letters
(flat: the batch lays out one letter at a time, it does not hold the whole batch).
"""

from __future__ import annotations

import io
import sys
import time
import tracemalloc
from collections.abc import Iterator

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate

from tests.unit.letters.samples import make_context
from yot_desktop.domain.enums import Audience, LetterType
from yot_desktop.letters import FONT, LetterContext, compose_letter, register_fonts, render_batch
from yot_desktop.letters.compose import GridTable, KeyValueTable, Para, SignOff

TYPES = [t for t in LetterType if t is not LetterType.CERTIFICATE]


def contexts(count: int) -> Iterator[LetterContext]:
    for i in range(count):
        yield make_context(
            TYPES[i % len(TYPES)],
            Audience.PARENT if i % 2 else Audience.YOUNG_PERSON,
            person_index=i,
        )


def texts(ctx: LetterContext) -> list[str]:
    out: list[str] = []
    for block in compose_letter(ctx).blocks:
        if isinstance(block, Para):
            out.append(block.markup)
        elif isinstance(block, SignOff):
            out.extend(p.markup for p in block.lines)
        elif isinstance(block, KeyValueTable):
            out.extend(f"{k}: {v}" for k, v in block.rows)
        elif isinstance(block, GridTable):
            out.extend(" | ".join(r) for r in block.rows)
    return out


def bare(count: int) -> bytes:
    style = ParagraphStyle("body", fontName=FONT, fontSize=11, leading=14)
    story = []
    for ctx in contexts(count):
        story += [Paragraph(t, style) for t in texts(ctx)]
        story.append(PageBreak())
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4).build(story)
    return out.getvalue()


def ours(count: int) -> bytes:
    out = io.BytesIO()
    render_batch(contexts(count), out)
    return out.getvalue()


def peak(count: int) -> int:
    tracemalloc.start()
    ours(count)
    _, top = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return top


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    register_fonts()
    ours(5)
    bare(5)
    t0 = time.perf_counter()
    pdf = ours(count)
    t1 = time.perf_counter()
    plain = bare(count)
    t2 = time.perf_counter()
    print(f"letter layer: {count} letters in {t1 - t0:.2f} s ({len(pdf) / 1e6:.1f} MB)")
    print(f"bare ReportLab: same paragraphs in {t2 - t1:.2f} s ({len(plain) / 1e6:.1f} MB)")
    print(f"ratio: {(t1 - t0) / (t2 - t1):.2f} (target <= 1.3)")
    small, big = peak(100), peak(count)
    print(f"peak traced memory: {small / 1e6:.1f} MB at 100 letters, {big / 1e6:.1f} MB at {count}")


if __name__ == "__main__":
    main()
