"""1,000 letters into one PDF: the letter layer beside bare ReportLab with identical content.

    uv run python tests/benchmarks/bench_letters.py [COUNT]
    uv run python tests/benchmarks/bench_letters.py --memory [COUNT ...]


The bare side gets every letter's content ready-made (paragraph markup, table cells, the
letterhead and address lines as paragraphs) and lays it out with the same styles and font in a
plain SimpleDocTemplate, a page break between letters: no wording templates, no page templates,
no page numbers. The letter layer does everything from the LetterContext (wording lookup, merge
fields, letterhead, window address, per-letter page numbers). Prints both times, the ratio
(target <= 1.3) and the peak traced memory at 100 letters and at COUNT, for both. `--memory`
measures, each in a fresh process, the peak traced memory (tracemalloc) and the peak process
RSS for 100, 1,000 and 2,000 letters (or the counts given), for both sides.

Peak memory is NOT flat, on either side, and cannot be made flat honestly with what the project
depends on. Measured on the development machine (2026-11-22):

    letters   letter layer: traced / RSS growth     bare ReportLab: traced / RSS growth
      100       2.9 MB /  2.8 MB                       3.3 MB /  5.1 MB
     1000      22.1 MB / 25.4 MB                      31.0 MB / 49.1 MB
     2000      43.3 MB / 51.0 MB                      61.8 MB / 97.6 MB

About 21 KB a letter (bare ReportLab about 30 KB): ReportLab keeps every finished page's
uncompressed content stream in its document until save(). The letter layer's own state is
flat (one letter composed and laid out at a time). Rendering in chunks of 50 letters to
temporary files is flat (RSS 55.5 MB after 1,000 letters, 56.0 MB after 2,000), but joining
the chunks into one PDF is not: pypdf's PdfWriter (append, or incremental mode, which clones
every object) and pikepdf/qpdf (tried outside the project, not a dependency) both hold every
page's objects until the file is written: RSS grew 51 MB (pikepdf) and 54 MB (pypdf) for 1,000
letters, 91 MB (pikepdf) and 95 MB (pypdf) for 2,000. A flat batch needs a PDF writer that
streams each page out as it is finished; neither ReportLab nor those libraries offer one.
"""

from __future__ import annotations

import gc
import importlib.util
import io
import resource
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table

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


def ours(count: int) -> bytes:
    out = io.BytesIO()
    render_batch(contexts(count), out)
    return out.getvalue()


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


def bare(letters: list[ComposedLetter]) -> bytes:
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm, topMargin=22 * mm
    )
    doc.build(bare_story(letters))
    return out.getvalue()


def peak(fn: Any, *args: Any) -> int:
    gc.collect()
    tracemalloc.start()
    fn(*args)
    _, top = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return top


def best_of(runs: int, fn: Any, *args: Any) -> tuple[float, bytes]:
    best, result = float("inf"), b""
    for _ in range(runs):
        start = time.perf_counter()
        result = fn(*args)
        best = min(best, time.perf_counter() - start)
    return best, result


def memory_one(side: str, count: int, traced: bool) -> None:
    """One measurement in a fresh process: prints the peak (tracemalloc or RSS) in bytes."""
    register_fonts()
    fn: Any
    arg: Any
    if side == "ours":
        fn, arg = ours, count
    else:
        arg = [compose_letter(ctx) for ctx in contexts(count)]
        fn = bare
    if traced:
        print(peak(fn, arg))
        return
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
    register_fonts()
    ours(12)  # warm up: wording loaded and compiled, font metrics cached
    letters = [compose_letter(ctx) for ctx in contexts(count)]
    bare(letters[:12])
    t_ours, pdf = best_of(2, ours, count)
    t_bare, plain = best_of(2, bare, letters)
    print(f"letter layer:   {count} letters in {t_ours:.2f} s ({len(pdf) / 1e6:.1f} MB PDF)")
    print(f"bare ReportLab: same content in {t_bare:.2f} s ({len(plain) / 1e6:.1f} MB PDF)")
    print(f"ratio: {t_ours / t_bare:.2f} (target <= 1.3)")
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
    # What still grows with the batch is ReportLab's own (see the module's docstring).


if __name__ == "__main__":
    main()
