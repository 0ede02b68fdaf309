"""1,000 letters into one PDF: the letter layer beside bare ReportLab with identical content.

    uv run python tests/benchmarks/bench_letters.py [COUNT]
    uv run python tests/benchmarks/bench_letters.py --memory [COUNT ...]


The bare side gets every letter's content ready-made (paragraph markup, table cells, the
letterhead and address lines as paragraphs) and lays it out with the same styles and font in a
plain SimpleDocTemplate, a page break between letters: no wording templates, no page templates,
no page numbers, one document. The letter layer does everything from the LetterContext
(wording lookup, merge fields, letterhead, window address, per-letter page numbers) and joins
its parts. Both write to a temporary file, as the CLI and the GUI write a file. Prints both
times (taken in turns, best of two), the ratio (target <= 1.3), the file size beside the
letter layer's own output as one document, and the peak traced memory at 100 letters and at
COUNT, for both. `--memory` measures, each in a fresh process after a warm-up, the peak traced
memory (tracemalloc) and the peak process RSS for 100, 1,000 and 2,000 letters (or the counts
given), for both sides.

ReportLab keeps every finished page of a document until save() (about 21 KB a letter here, 30
KB bare), so one document grows with the batch. render_batch therefore lays a batch out in
parts of LETTERS_PER_PART (100) letters, each its own document, and letters/pdf_join.py
streams each part's pages and what they use into a temporary file under fresh object numbers,
keeping only the offsets and page numbers for the cross-reference table and page tree (pypdf's
PdfWriter and pikepdf, tried before, held every page until the file was written: RSS grew 54
and 51 MB for 1,000 letters). The file is copied to the caller's stream at the end, so a
cancelled batch still writes nothing. Measured on the development machine (2026-12-03, 2 CPUs
shared with other work, load average 2 to 4):

    1,000 letters: letter layer 15.99 s, bare ReportLab 14.75 s, ratio 1.08
    (1.03 in an earlier run with parts of 50; the join itself is 0.45 s of the 16)

    letters   letter layer: traced / RSS growth     bare ReportLab: traced / RSS growth
      100       2.6 MB /  1.8 MB                       3.2 MB /  4.1 MB
     1000       2.9 MB /  4.2 MB                      31.3 MB / 47.3 MB
     2000       3.0 MB /  4.5 MB                      62.5 MB / 94.4 MB

Flat: 100 letters are one part (no join); 1,000 and 2,000 are 10 and 20 parts. What grows is
the cross-reference offsets and page numbers, 8 and 4 bytes an object and a page.

The price is size: each part embeds its own font subsets (about 44 KB). 1,000 letters make 3.25
MB joined against 2.85 MB as one document (+14%); in parts of 50 it was 3.69 MB (+29%), of 25
4.56 MB (+60%), for 0.1 to 0.2 MB less peak memory. (The bare PDF, 2.03 MB, has no letterhead,
window address or page-number forms.)
"""

from __future__ import annotations

import gc
import importlib.util
import os
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table

import yot_desktop.letters.render as letters_render
from yot_desktop.domain.enums import Audience, LetterType
from yot_desktop.letters import LetterContext, compose_letter, register_fonts, render_batch
from yot_desktop.letters.compose import (
    ComposedLetter,
    GridTable,
    KeyValueTable,
    NewPage,
    Para,
    Signatures,
    SignOff,
)
from yot_desktop.letters.styles import letter_styles

_HERE = Path(__file__).resolve().parent
_spec = importlib.util.spec_from_file_location(
    "samples", _HERE.parent / "unit" / "letters" / "samples.py"
)
assert _spec is not None and _spec.loader is not None
samples = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(samples)

WIDTH = A4[0] - 40 * mm


def contexts(count: int) -> Iterator[LetterContext]:
    types = list(LetterType)
    for i in range(count):
        yield samples.make_context(
            types[i % len(types)],
            Audience.PARENT if i % 2 else Audience.YOUNG_PERSON,
            easy_read=i % 5 == 0,
            large_print=i % 17 == 0,
            person_index=i,
            model=list(samples.SchemeModel)[i % 2],
        )


def ours(count: int) -> int:
    """The letter layer, into a file as the CLI and the GUI write it; returns its size."""
    with tempfile.TemporaryFile() as out:
        render_batch(contexts(count), out)
        return out.tell()


def ours_one_document(count: int) -> int:
    """The letter layer as one ReportLab document (no parts, no join): the size reference."""
    saved = letters_render.LETTERS_PER_PART
    letters_render.LETTERS_PER_PART = count + 1
    try:
        return ours(count)
    finally:
        letters_render.LETTERS_PER_PART = saved


def bare_story(letters: list[ComposedLetter]) -> list[Any]:
    """The same words in the same styles, as plain flowables."""
    story: list[Any] = []
    for letter in letters:
        ctx = letter.ctx
        styles = letter_styles(ctx.easy_read, ctx.large_print)
        head = ctx.letterhead
        for line in (head.team_name, *head.address_lines, head.phone, head.email):
            story.append(Paragraph(line, styles["meta"]))
        for line in (ctx.recipient.name, *ctx.recipient.address_lines, ctx.recipient.postcode):
            story.append(Paragraph(line, styles["meta"]))
        story += [Paragraph(p.markup, styles["meta"]) for p in letter.reference]
        for block in letter.blocks:
            if isinstance(block, Para):
                story.append(Paragraph(block.markup, styles[block.style]))
            elif isinstance(block, NewPage):
                story.append(PageBreak())
            elif isinstance(block, KeyValueTable):
                rows = [[Paragraph(k, styles["cell_bold"]), Paragraph(v, styles["cell"])]
                        for k, v in block.rows]  # fmt: skip
                story += [Table(rows, colWidths=[WIDTH * 0.3, WIDTH * 0.7]), Spacer(1, 8)]
            elif isinstance(block, GridTable):
                grid = [[Paragraph(h, styles["cell_bold"]) for h in block.header]]
                grid += [[Paragraph(c, styles["cell"]) for c in row] for row in block.rows]
                story += [Table(grid, colWidths=[WIDTH * w for w in block.widths]), Spacer(1, 8)]
            elif isinstance(block, Signatures):
                story += [Paragraph(label, styles["cell"]) for label in block.labels]
            elif isinstance(block, SignOff):
                lines = [block.closing, "", "", f"<b>{block.name}</b>", *block.details]
                story.append(Paragraph("<br/>".join(lines), styles["sign_off"]))
        story.append(PageBreak())
    return story


def bare(letters: list[ComposedLetter]) -> int:
    with tempfile.TemporaryFile() as out:
        doc = SimpleDocTemplate(
            out, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm, topMargin=22 * mm
        )
        doc.build(bare_story(letters))
        return out.tell()


def peak(fn: Any, *args: Any) -> int:
    gc.collect()
    tracemalloc.start()
    fn(*args)
    _, top = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return top


def timed(fn: Any, *args: Any) -> tuple[float, int]:
    start = time.perf_counter()
    size = fn(*args)
    return time.perf_counter() - start, size


def memory_one(side: str, count: int, traced: bool) -> None:
    """One measurement in a fresh process: prints the peak (tracemalloc or RSS) in bytes.
    Both sides are warmed up first (wording, fonts, code), so growth is the batch's own."""
    register_fonts()
    ours(12)
    fn: Any
    arg: Any
    if side == "ours":
        fn, arg = ours, count
    else:
        bare([compose_letter(ctx) for ctx in contexts(12)])
        arg = [compose_letter(ctx) for ctx in contexts(count)]
        fn = bare
    if traced:
        print(peak(fn, arg))
        return
    gc.collect()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    fn(arg)
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(after * 1024, (after - before) * 1024)


def memory(counts: list[int]) -> None:
    """Peak traced memory and peak process RSS for each side and batch size, each measured in
    a process of its own (RSS never shrinks within one)."""
    print("side            letters   traced peak   process RSS peak   RSS growth in the run")
    for side in ("ours", "bare"):
        for count in counts:
            run = [sys.executable, __file__, "--one", side, str(count)]
            traced = int(subprocess.check_output([*run, "traced"], text=True).split()[0])
            rss, grew = map(int, subprocess.check_output([*run, "rss"], text=True).split())
            name = "letter layer" if side == "ours" else "bare ReportLab"
            print(
                f"{name:15} {count:7}   {traced / 1e6:8.1f} MB   {rss / 1e6:11.1f} MB"
                f"   {grew / 1e6:14.1f} MB"
            )


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--one":
        memory_one(sys.argv[2], int(sys.argv[3]), sys.argv[4] == "traced")
        return
    if len(sys.argv) > 1 and sys.argv[1] == "--memory":
        memory([int(a) for a in sys.argv[2:]] or [100, 1000, 2000])
        return
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    print(f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}")
    register_fonts()
    ours(12)  # warm up: wording loaded and compiled, font metrics cached
    letters = [compose_letter(ctx) for ctx in contexts(count)]
    bare(letters[:12])
    # Taken in turns, best of two each, so that load from elsewhere hits both sides alike.
    t_ours = t_bare = float("inf")
    for _ in range(2):
        took, size = timed(ours, count)
        t_ours = min(t_ours, took)
        took, plain = timed(bare, letters)
        t_bare = min(t_bare, took)
    print(f"letter layer:   {count} letters in {t_ours:.2f} s ({size / 1e6:.2f} MB PDF)")
    print(f"bare ReportLab: same content in {t_bare:.2f} s ({plain / 1e6:.2f} MB PDF)")
    print(f"ratio: {t_ours / t_bare:.2f} (target <= 1.3)")
    one = ours_one_document(count)
    print(
        f"size: {size / 1e6:.2f} MB in parts of {letters_render.LETTERS_PER_PART} letters joined,"
        f" {one / 1e6:.2f} MB as one document (+{(size / one - 1) * 100:.0f}%: font subsets"
        " embedded once a part)"
    )
    small, big = peak(ours, 100), peak(ours, count)
    print(
        f"peak traced memory, letter layer: {small / 1e6:.1f} MB at 100 letters, "
        f"{big / 1e6:.1f} MB at {count} letters"
    )
    small, big = peak(bare, letters[:100]), peak(bare, letters)
    print(
        f"peak traced memory, bare ReportLab: {small / 1e6:.1f} MB at 100 letters, "
        f"{big / 1e6:.1f} MB at {count} letters"
    )


if __name__ == "__main__":
    main()
