"""Letters out of the Letters screen: saved as a PDF, printed, and every letter shown made,
kept and printed in one go (a batch).

Printing and the batch run on the TaskRunner with a progress dialog whose Cancel stops them:
printing between pages (gui/printing.py), the batch before anything is kept.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QFileDialog, QProgressDialog, QWidget

from yot_desktop.gui.printing import Printed, print_pdf
from yot_desktop.gui.screens.letters_preview import LetterPreview, Options, Shown
from yot_desktop.gui.tasks import OnError, Progress, TaskRunner
from yot_desktop.letters import Cancelled
from yot_desktop.services.container import Services
from yot_desktop.services.dto import CurrentUser
from yot_desktop.services.letters.service import BatchResult, LetterDueItem
from yot_desktop.services.output_files import write_atomically


def batch_words(done: int, total: int) -> str:
    """The batch's progress: one step a letter laid out (the service lays each out once),
    then the one file is put together and the letters kept."""
    if total == 0:
        return "Preparing letters…"
    if done < total:
        return f"Preparing letters: {done} of {total}"
    return "Putting the letters together…"


class LetterOutput:
    """Saves and prints what the preview shows, over `parent`; says how it went under the
    preview. `choose_save_path` and `choose_printer` ask the user (tests replace them)."""

    def __init__(
        self,
        services: Services,
        user: CurrentUser,
        runner: TaskRunner,
        parent: QWidget,
        preview: LetterPreview,
        on_error: OnError,
    ) -> None:
        self.services, self.user, self.runner = services, user, runner
        self.parent, self.preview, self.on_error = parent, preview, on_error
        self.printer: QPrinter | None = None
        self.print_progress: QProgressDialog | None = None
        self.batch_progress: QProgressDialog | None = None
        self.choose_save_path: Callable[[str], Path | None] = self._ask_save_path
        self.choose_printer: Callable[[], QPrinter | None] = self._ask_printer

    # --- one letter ------------------------------------------------------------------------
    def save_as_pdf(self, shown: Shown) -> None:
        name = shown.title.lower().replace(" ", "-")
        if shown.record is not None:
            name += f"-{shown.record.crime_reference.replace('/', '-')}"
        path = self.choose_save_path(f"{name}.pdf")
        if path is None:
            return
        pdf = shown.pdf
        record_id = shown.record.id if shown.record is not None else None

        def write() -> Path:
            write_atomically(path, pdf)  # whole, or no file and a clear message
            self.services.audit.record_output(self.user, "save_letter", record_id, shown.title)
            return path

        self.runner.run(write, lambda p: self.preview.say(f"Saved to {p}."), self.on_error)

    def _ask_save_path(self, suggested: str) -> Path | None:
        name, _ = QFileDialog.getSaveFileName(
            self.parent, "Save letter as PDF", str(Path.home() / suggested), "PDF files (*.pdf)"
        )
        return Path(name) if name else None

    def _ask_printer(self) -> QPrinter | None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self.parent)
        dialog.setObjectName("lettersPrintDialog")
        dialog.setAccessibleName("Print letters")
        return printer if dialog.exec() == QPrintDialog.DialogCode.Accepted else None

    def print_document(self, shown: Shown) -> None:
        """Print off the GUI thread: the stored PDF itself where the system takes it, else
        its pages at the printer's resolution (gui/printing.py); progress and cancel."""
        if shown is not self.preview.shown:
            self.preview.show_document(shown)
        printer = self.choose_printer()
        if printer is None:
            return
        self.printer = printer  # kept alive while the job runs
        pdf, title = shown.pdf, shown.title
        record_id = shown.record.id if shown.record is not None else None
        services, user = self.services, self.user

        def run(progress: Progress) -> Printed:
            printed = print_pdf(pdf, printer, title, progress)
            if printed.pages and not printed.cancelled:
                services.audit.record_output(
                    user, "print_letter", record_id, f"{title}, pages={printed.pages}"
                )
            return printed

        def done(printed: Printed) -> None:
            self.print_progress = None  # the runner closed it
            self.preview.say(f"{title}: {printed.words()}.")

        def failed(exc: BaseException, tb: str) -> None:
            self.print_progress = None
            self.preview.say(f"{title}: not printed.")
            self.on_error(exc, tb)

        self.preview.say(f"{title}: printing…")
        self.print_progress = self.runner.run_with_progress(
            run,
            done,
            failed,
            parent=self.parent,
            name="lettersPrintProgress",
            title="Printing",
            accessible_name="Printing progress",
            label=lambda done, total: (
                f"Printing page {done} of {total}"
                if total
                else f"Sending {title.lower()} to the printer…"
            ),
            stop_text="Cancel",
            show_after=500,  # only a long job shows it
        )

    # --- a batch ---------------------------------------------------------------------------
    def batch(
        self,
        items: tuple[LetterDueItem, ...],
        options: Options,
        first: date,
        last: date,
        on_kept: Callable[[], None],
    ) -> None:
        """Make and keep every letter in `items` as one PDF, then print it. `on_kept()` is
        told when the batch has ended, kept or not (the letters due change)."""

        def run(progress: Progress) -> BatchResult:
            return self.services.letters.batch(
                self.user, None, first, last, progress, items=items, options=options
            )

        def done(result: BatchResult) -> None:
            self.batch_progress = None  # the runner closed it
            on_kept()
            if result.count == 0:
                self.preview.say("No letters to print.")
                return
            shown = Shown(result.pdf, f"{result.count} letters")
            self.preview.show_document(shown)
            self.preview.say(
                f"{result.count} letters kept in the letter history; printing them in one go."
            )
            self.print_document(shown)

        def failed(exc: BaseException, tb: str) -> None:
            self.batch_progress = None
            if isinstance(exc, Cancelled):
                self.preview.say("Batch cancelled: no letters were kept or printed.")
                return
            self.on_error(exc, tb)

        self.batch_progress = self.runner.run_with_progress(
            run,
            done,
            failed,
            parent=self.parent,
            name="lettersBatchProgress",
            title="Printing letters",
            accessible_name="Batch printing progress",
            label=batch_words,
            stop_text="Cancel",
        )
