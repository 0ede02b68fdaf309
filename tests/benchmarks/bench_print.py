"""Printing a batch of letters: bytes a page and time, the old way against the new (issue 14,
point 15).

    uv run python tests/benchmarks/bench_print.py [LETTERS] [PAGES_PAINTED]

Makes a batch of LETTERS (200) letters as the Letters screen does (one PDF), then prints it
to a QPrinter in PDF output (the print dialog's printer: HighResolution, 1,200 dpi) three ways:

- old: each page rendered at the printer's resolution as a colour image and painted (the code
  before this change, kept below); timed on the first PAGES_PAINTED (6) pages only, as it
  takes seconds a page, and reported a page;
- raster: gui/printing.py's fallback for printers without a print queue that takes PDF
  (Windows): each page at min(printer dpi, 600), grey on a black-and-white laser printer;
  on the same pages;
- file / queue: gui/printing.py's print to file, and what it hands `lp` on Linux and macOS:
  the stored PDF itself, for the whole batch.

Measured on the development machine (2026-12-04, 2 CPUs shared with other work), 200 letters
(200 pages, 0.49 MB), six pages painted:

    old       6408.1 KB a page    5625.6 ms a page  (whole batch:   1281.6 MB,  1125.1 s)
    raster     206.3 KB a page     877.7 ms a page  (whole batch:     41.3 MB,   175.5 s)
    file         2.5 KB a page       0.0 ms a page  (whole batch:      0.5 MB,     0.0 s)

So the old way sent 1.3 GB and took about 19 minutes of rendering for 200 letters; a print
queue (or a file) now gets 0.5 MB at once, and the fallback 41 MB in 3 minutes, off the GUI
thread with progress and cancel.

The print queue (CUPS) receives the file route's bytes: the printer rasterises the letters
itself, at its own resolution, as it does for any document.
"""

from __future__ import annotations

import io
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.unit.letters import samples  # noqa: E402
from yot_desktop.domain.enums import Audience, LetterType  # noqa: E402
from yot_desktop.gui import printing  # noqa: E402
from yot_desktop.letters import render_batch  # noqa: E402


def batch(count: int) -> bytes:
    out = io.BytesIO()
    kinds = [LetterType.REMINDER, LetterType.MISSED, LetterType.COMPLETION]
    render_batch(
        (
            samples.make_context(kinds[i % len(kinds)], Audience.PARENT, person_index=i)
            for i in range(count)
        ),
        out,
    )
    return out.getvalue()


def pdf_printer(path: Path, grey: bool = False) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    if grey:
        printer.setColorMode(QPrinter.ColorMode.GrayScale)
    return printer


def old_print_document(document: QPdfDocument, printer: QPrinter, pages: int) -> int:
    """The code this change replaced (LettersScreen.print_document), limited to `pages`."""
    painter = QPainter()
    if not painter.begin(printer):
        return 0
    try:
        dpi = max(printer.resolution(), 150)
        for page in range(pages):
            if page:
                printer.newPage()
            size_pt = document.pagePointSize(page)
            image = document.render(
                page, QSize(int(size_pt.width() * dpi / 72), int(size_pt.height() * dpi / 72))
            )
            target = painter.viewport()
            scaled = image.size().scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
            painter.setViewport(target.x(), target.y(), scaled.width(), scaled.height())
            painter.setWindow(image.rect())
            painter.drawImage(0, 0, image)
            painter.setViewport(target)
    finally:
        painter.end()
    return pages


def main() -> None:
    letters = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    painted = int(sys.argv[2]) if len(sys.argv) > 2 else 6
    app = QApplication.instance() or QApplication([])
    pdf = batch(letters)
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        source = work / "batch.pdf"
        source.write_bytes(pdf)
        document = QPdfDocument()
        document.load(str(source))
        pages = document.pageCount()
        painted = min(painted, pages)
        print(f"{letters} letters, {pages} pages, {len(pdf) / 1e6:.2f} MB; painted {painted}")
        rows = []

        out = work / "old.pdf"
        start = time.perf_counter()
        old_print_document(document, pdf_printer(out), painted)
        rows.append(("old", out.stat().st_size / painted, (time.perf_counter() - start) / painted))

        # The raster fallback on the same pages (a range, so it is not a copy of the file).
        out = work / "raster.pdf"
        printer = pdf_printer(out, grey=True)
        printer.setFromTo(1, painted)
        start = time.perf_counter()
        printing.print_pdf(pdf, printer, "Batch")
        rows.append(
            ("raster", out.stat().st_size / painted, (time.perf_counter() - start) / painted)
        )

        out = work / "file.pdf"
        start = time.perf_counter()
        printing.print_pdf(pdf, pdf_printer(out), "Batch")
        rows.append(("file", out.stat().st_size / pages, (time.perf_counter() - start) / pages))

        for name, size, seconds in rows:
            print(
                f"{name:7} {size / 1e3:8.1f} KB a page  {seconds * 1e3:8.1f} ms a page  "
                f"(whole batch: {size * pages / 1e6:8.1f} MB, {seconds * pages:7.1f} s)"
            )
        document.close()
    del app


if __name__ == "__main__":
    main()
