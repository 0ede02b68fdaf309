"""Printing a stored letter PDF (issue 14, point 15).

Painting each page as one big image sent 6.3 MB a page (a page rendered at the print engine's
1,200 dpi): a batch of 200 letters crawled to an office laser printer. Now, in order:

1. **Print to a PDF file** (the print dialog's "Print to file"): the stored PDF is written as
   it is: the same vector pages, text that can still be searched, a few KB a page.
2. **The system's print queue** (CUPS on Linux and macOS): the stored PDF is handed to `lp`
   with the printer, copies, page range and two-sided choice from the dialog. The printer
   receives the letter itself, not pictures of it.
3. **Otherwise** (Windows, or no `lp`): each page is rendered at the printer's resolution
   (capped at MAX_RASTER_DPI) and painted on the printer, as grey when no page has colour.

All of it runs off the GUI thread (QPainter on a QPrinter is safe in a worker thread); a
long job reports each page and can be cancelled between pages.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter

# A laser printer's text is 600 dpi; more only makes the job bigger, never sharper.
MAX_RASTER_DPI = 600
MIN_RASTER_DPI = 150
LP_TIMEOUT_SECONDS = 120

# (pages done, pages in all) -> False to stop
Progress = Callable[[int, int], bool]


class PrintFailed(Exception):
    """The printout could not be made; the message says why in plain words."""


@dataclass(frozen=True)
class Printed:
    pages: int
    route: str  # "file", "system" or "pages"
    cancelled: bool = False

    def words(self) -> str:
        if self.cancelled:
            return "printing cancelled"
        return {
            "file": "printed to the file chosen",
            "system": "sent to the printer",
            "pages": "sent to the printer",
        }[self.route]


def _pages(printer: QPrinter, count: int) -> range:
    """The pages chosen in the dialog (0-based), all of them when no range was chosen."""
    first, last = printer.fromPage(), printer.toPage()
    if first <= 0 or last <= 0:
        return range(count)
    return range(min(first, count) - 1, min(last, count))


def _whole_document(printer: QPrinter, count: int) -> bool:
    return _pages(printer, count) == range(count) and printer.copyCount() <= 1


def route_for(printer: QPrinter, count: int) -> str:
    if (
        printer.outputFormat() == QPrinter.OutputFormat.PdfFormat
        and printer.outputFileName()
        and _whole_document(printer, count)
    ):
        return "file"
    if (
        printer.outputFormat() == QPrinter.OutputFormat.NativeFormat
        and printer.printerName()
        and shutil.which("lp")
    ):
        return "system"
    return "pages"


def print_pdf(
    pdf: bytes, printer: QPrinter, title: str, progress: Progress | None = None
) -> Printed:
    """Print the stored PDF on `printer` (see the module's note for how). Worker thread."""
    with tempfile.TemporaryDirectory(prefix="yot-print-") as folder:
        path = Path(folder) / "letter.pdf"
        path.write_bytes(pdf)
        document = QPdfDocument()
        try:
            if document.load(str(path)) != QPdfDocument.Error.None_:
                raise PrintFailed("The letter could not be read for printing. Make it again.")
            count = document.pageCount()
            route = route_for(printer, count)
            if route == "file":
                Path(printer.outputFileName()).write_bytes(pdf)
                if progress is not None:
                    progress(count, count)
                return Printed(count, route)
            if route == "system":
                return _to_print_queue(path, printer, title, count, progress)
            return paint_pages(document, printer, progress)
        finally:
            document.close()


def lp_command(printer: QPrinter, title: str, count: int) -> list[str]:
    """The `lp` command that prints the chosen pages on the chosen printer."""
    command = ["lp", "-d", printer.printerName(), "-t", title[:200] or "Letter"]
    if printer.copyCount() > 1:
        command += ["-n", str(printer.copyCount())]
    pages = _pages(printer, count)
    if pages != range(count):
        command += ["-P", f"{pages.start + 1}-{pages.stop}"]
    sides = {
        QPrinter.DuplexMode.DuplexLongSide: "two-sided-long-edge",
        QPrinter.DuplexMode.DuplexShortSide: "two-sided-short-edge",
        QPrinter.DuplexMode.DuplexNone: "one-sided",
    }.get(printer.duplex())
    if sides is not None:
        command += ["-o", f"sides={sides}"]
    return command


def _to_print_queue(
    path: Path, printer: QPrinter, title: str, count: int, progress: Progress | None
) -> Printed:
    command = [*lp_command(printer, title, count), "--", str(path)]
    try:
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=LP_TIMEOUT_SECONDS, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as err:
        raise PrintFailed(
            f"{_printer_words(printer)} did not take the letters ({err}). "
            "Check that it is switched on, then print again."
        ) from err
    if done.returncode != 0:
        reason = done.stderr.strip().rstrip(".") or "no reason given"
        raise PrintFailed(
            f"{_printer_words(printer)} did not take the letters ({reason}). "
            "Check the printer, then print again."
        )
    if progress is not None:
        progress(count, count)
    return Printed(len(_pages(printer, count)), "system")


def _printer_words(printer: QPrinter) -> str:
    name = printer.printerName()
    return f"The printer {name}" if name else "The printer"


def raster_dpi(printer: QPrinter) -> int:
    return max(MIN_RASTER_DPI, min(printer.resolution(), MAX_RASTER_DPI))


def _is_grey(document: QPdfDocument, page: int) -> bool:
    """Whether a page has no colour (looked at small: quick, and colour still shows)."""
    size_pt = document.pagePointSize(page)
    small = QSize(max(round(size_pt.width() / 3), 1), max(round(size_pt.height() / 3), 1))
    return document.render(page, small).allGray()


def _page_image(document: QPdfDocument, page: int, dpi: int, grey: bool) -> QImage:
    size_pt = document.pagePointSize(page)
    image = document.render(
        page, QSize(round(size_pt.width() * dpi / 72), round(size_pt.height() * dpi / 72))
    )
    # Grey takes a third of the memory of colour, and no alpha.
    if grey:
        return image.convertToFormat(QImage.Format.Format_Grayscale8)
    return image.convertToFormat(QImage.Format.Format_RGB888)


def paint_pages(
    document: QPdfDocument, printer: QPrinter, progress: Progress | None = None
) -> Printed:
    """Render each chosen page at the printer's resolution and paint it on a full page."""
    pages = _pages(printer, document.pageCount())
    if not pages:
        return Printed(0, "pages")
    printer.setFullPage(True)
    printer.setFromTo(0, 0)  # the range is applied here, page by page
    if printer.colorMode() != QPrinter.ColorMode.GrayScale and all(
        _is_grey(document, page) for page in pages
    ):
        # The print engine sends grey pages in a tenth of the room of colour ones.
        printer.setColorMode(QPrinter.ColorMode.GrayScale)
    painter = QPainter()
    if not painter.begin(printer):
        raise PrintFailed("The printer could not start the job. Check it, then print again.")
    dpi = raster_dpi(printer)
    grey = printer.colorMode() == QPrinter.ColorMode.GrayScale
    done = 0
    try:
        for page in pages:
            if done:
                printer.newPage()
            image = _page_image(document, page, dpi, grey)
            target = painter.viewport()
            scaled = image.size().scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
            painter.drawImage(QRect(target.topLeft(), scaled), image)
            done += 1
            if progress is not None and not progress(done, len(pages)):
                printer.abort()
                return Printed(done, "pages", cancelled=True)
    finally:
        if painter.isActive():
            painter.end()
    return Printed(done, "pages")
