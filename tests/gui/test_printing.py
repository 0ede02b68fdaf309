"""Printing a stored letter PDF (issue 14, point 15): to a file, the PDF itself; to a print
queue, the PDF handed to `lp`; otherwise each page at the printer's resolution, in grey."""

from __future__ import annotations

import io
import os
import stat
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from tests.gui.delivery_fixtures import TODAY, team_with_programmes
from tests.unit.letters import samples
from yot_desktop.domain.enums import Audience, LetterType
from yot_desktop.gui import printing
from yot_desktop.gui.screens.letters import LettersScreen
from yot_desktop.gui.tasks import TaskRunner
from yot_desktop.letters import render_batch
from yot_desktop.services.container import Services


@pytest.fixture(scope="module")
def three_letters() -> bytes:
    out = io.BytesIO()
    contexts = (
        samples.make_context(LetterType.REMINDER, Audience.PARENT, person_index=i) for i in range(3)
    )
    render_batch(contexts, out)
    return out.getvalue()


def pdf_printer(path: Path) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)  # as the print dialog makes it
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


def test_print_to_a_file_writes_the_stored_letters(
    qtbot: QtBot, three_letters: bytes, tmp_path: Path
) -> None:
    steps: list[tuple[int, int]] = []
    printed = printing.print_pdf(
        three_letters,
        pdf_printer(tmp_path / "out.pdf"),
        "Reminders",
        lambda d, t: steps.append((d, t)) or True,
    )
    pages = len(PdfReader(io.BytesIO(three_letters)).pages)
    assert printed == printing.Printed(pages, "file")
    assert (tmp_path / "out.pdf").read_bytes() == three_letters
    assert steps == [(pages, pages)]


def test_a_page_range_prints_those_pages_as_images_at_up_to_600_dpi(
    qtbot: QtBot, three_letters: bytes, tmp_path: Path
) -> None:
    """An office laser printer: black and white (the print dialog says grey scale)."""
    printer = pdf_printer(tmp_path / "out.pdf")
    printer.setColorMode(QPrinter.ColorMode.GrayScale)
    printer.setFromTo(1, 2)
    assert printing.raster_dpi(printer) == 600  # the PDF engine says 1,200
    printed = printing.print_pdf(three_letters, printer, "Reminders")
    assert printed == printing.Printed(2, "pages")
    out = PdfReader(tmp_path / "out.pdf")
    assert len(out.pages) == 2
    image = next(iter(out.pages[0]["/Resources"]["/XObject"].values())).get_object()
    assert (image["/Width"], image["/Height"]) == (4961, 7016)  # A4 at 600 dpi
    # Was 6.3 MB a page (1,200 dpi, colour); now about 0.2 MB.
    assert (tmp_path / "out.pdf").stat().st_size / 2 < 500_000


def test_cancel_stops_between_pages(qtbot: QtBot, three_letters: bytes, tmp_path: Path) -> None:
    printer = pdf_printer(tmp_path / "out.pdf")
    printer.setCopyCount(2)  # not a plain copy of the file: pages are painted
    printed = printing.print_pdf(three_letters, printer, "Reminders", lambda d, t: d < 1)
    assert printed.cancelled and printed.pages == 1
    assert printed.words() == "printing cancelled"


def test_a_print_queue_gets_the_pdf_itself(
    qtbot: QtBot,
    three_letters: bytes,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Where the system has `lp` (CUPS), the letters go to it as they are."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake = bin_dir / "lp"
    fake.write_text(
        "#!/bin/sh\n"
        f'printf "%s\\n" "$@" > "{tmp_path}/args"\n'
        f'for last; do true; done; cp "$last" "{tmp_path}/queued.pdf"\n'
        'echo "request id is Office-1 (1 file(s))"\n'
    )
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setattr(printing, "route_for", lambda _p, _n: "system")
    printer = pdf_printer(tmp_path / "unused.pdf")
    printer.setCopyCount(2)

    printed = printing.print_pdf(three_letters, printer, "Reminders")

    assert printed.route == "system" and printed.words() == "sent to the printer"
    assert (tmp_path / "queued.pdf").read_bytes() == three_letters
    args = (tmp_path / "args").read_text().splitlines()
    assert args[args.index("-t") + 1] == "Reminders"
    assert args[args.index("-n") + 1] == "2"
    assert any(a.startswith("sides=") for a in args)


def test_a_refusing_queue_says_why(
    qtbot: QtBot, three_letters: bytes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake = bin_dir / "lp"
    fake.write_text('#!/bin/sh\necho "lp: The printer or class does not exist." >&2\nexit 1\n')
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setattr(printing, "route_for", lambda _p, _n: "system")
    with pytest.raises(printing.PrintFailed, match=r"class does not exist\)\. Check the printer"):
        printing.print_pdf(three_letters, pdf_printer(tmp_path / "x.pdf"), "Reminders")


def test_lp_command_carries_the_dialogs_choices(qtbot: QtBot, tmp_path: Path) -> None:
    printer = pdf_printer(tmp_path / "x.pdf")
    printer.setFromTo(2, 3)
    command = printing.lp_command(printer, "Missed appointment", 5)
    assert command[command.index("-P") + 1] == "2-3"
    assert "-n" not in command


def test_a_long_print_shows_progress_and_can_be_cancelled_by_click(
    qtbot: QtBot, empty_services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The Letters screen prints on a worker thread: the window answers, the progress dialog
    counts pages, and Cancel stops between pages (issue 14, point 15)."""
    import time

    from yot_desktop.gui.screens import letters_output

    real_print = letters_output.print_pdf

    def slow_printer(pdf, printer, title, progress=None):  # type: ignore[no-untyped-def]
        """The real printing, with a printer slow enough after its first page for a person
        to click Cancel (on a fast machine the whole job could end before the click)."""

        def after_each_page(done: int, total: int) -> bool:
            deadline = time.monotonic() + 20
            while progress is not None and progress(done, total):
                if done > 1 or time.monotonic() > deadline:
                    return True
                time.sleep(0.05)
            return False

        return real_print(pdf, printer, title, after_each_page)

    monkeypatch.setattr(letters_output, "print_pdf", slow_printer)
    runner = TaskRunner()
    me = team_with_programmes(empty_services)
    screen = LettersScreen(empty_services, me, runner, today=lambda: TODAY)
    qtbot.addWidget(screen)
    screen.resize(1200, 760)
    screen.show()
    screen.refresh()
    qtbot.waitUntil(lambda: screen.due.model.rowCount() == 4, timeout=15_000)
    printer = pdf_printer(tmp_path / "out.pdf")
    printer.setColorMode(QPrinter.ColorMode.GrayScale)
    printer.setCopyCount(2)  # painted page by page (not a copy of the file): a long job
    screen.output.choose_printer = lambda: printer

    qtbot.mouseClick(screen.due.batch_button, Qt.MouseButton.LeftButton)

    # Events are handled while the letters print: the progress dialog appears and counts.
    qtbot.waitUntil(
        lambda: (
            screen.output.print_progress is not None and screen.output.print_progress.isVisible()
        ),
        timeout=30_000,
    )
    assert runner.running == 1
    progress = screen.output.print_progress
    assert progress is not None
    qtbot.waitUntil(lambda: progress.labelText().startswith("Printing page 1 of "), timeout=30_000)
    cancel = next(b for b in progress.findChildren(QPushButton) if b.text() == "Cancel")
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: runner.running == 0, timeout=30_000)
    assert screen.pane.status.text() == "4 letters: printing cancelled."
    assert screen.output.print_progress is None
    runner.wait()
