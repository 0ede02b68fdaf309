"""The Letters screen driven with qtbot: due list, preview, save, print, sent, history, batch."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QLabel, QProgressDialog, QPushButton
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from tests.gui.delivery_fixtures import TODAY, team_with_programmes
from tests.integration.delivery_helpers import user
from yot_desktop.domain.enums import LetterType
from yot_desktop.gui.screens.letters import LettersScreen
from yot_desktop.gui.tasks import SyncTaskRunner
from yot_desktop.services.container import Services


def letters_screen(qtbot: QtBot, services: Services, runner: SyncTaskRunner) -> LettersScreen:
    me = team_with_programmes(services)
    screen = LettersScreen(services, me, runner, today=lambda: TODAY)
    qtbot.addWidget(screen)
    screen.resize(1200, 760)
    screen.show()
    screen.refresh()
    return screen


def choose(screen: LettersScreen, row: int) -> None:
    screen.due.view.setCurrentIndex(screen.due.model.index(row, 0))


def test_letters_due_lists_reminders_for_bookings(
    qtbot: QtBot, qtmodeltester: ModelTester, empty_services: Services, runner: SyncTaskRunner
) -> None:
    screen = letters_screen(qtbot, empty_services, runner)
    model = screen.due.model
    # Two programmes from 20 November, weekly: sessions on the 20th and the 27th are in range.
    assert model.rowCount() == 4
    assert {model.index(r, 1).data() for r in range(4)} == {"Reminder"}
    qtmodeltester.check(model)
    assert not screen.due.empty.isVisible()
    for widget in screen.findChildren(object):
        name = getattr(widget, "objectName", lambda: "")()
        if name.startswith("letters") and hasattr(widget, "accessibleName"):
            # A label is heard by its text; its title is the description (widgets.named).
            heard = widget.accessibleDescription() if isinstance(widget, QLabel) else ""
            assert widget.accessibleName() or heard, name


def test_preview_save_mark_sent_and_reopen_the_exact_letter(
    qtbot: QtBot, empty_services: Services, runner: SyncTaskRunner, tmp_path: Path
) -> None:
    screen = letters_screen(qtbot, empty_services, runner)
    choose(screen, 0)
    assert screen.pane.shown is not None and screen.pane.shown.record is None
    assert screen.pane.document.pageCount() >= 1
    assert "preview" in screen.pane.status.text()

    target = tmp_path / "letter.pdf"
    screen.output.choose_save_path = lambda suggested: target
    screen.pane.save_button.click()
    assert target.exists()
    assert screen.pane.shown is not None and screen.pane.shown.record is not None
    record = screen.pane.shown.record
    assert target.read_bytes() == screen.pane.shown.pdf
    assert screen.due.model.rowCount() == 3  # made: no longer due
    screen.output.choose_printer = lambda: None  # the print dialog cancelled
    screen.pane.print_button.click()  # the same letter again, not a second one
    assert screen.pane.shown.record is not None and screen.pane.shown.record.id == record.id
    assert screen.pane.sent_button.isEnabled()

    screen.pane.method.setCurrentIndex(2)  # by hand
    screen.pane.sent_button.click()
    assert screen.pane.shown.record is not None and screen.pane.shown.record.sent_method == "hand"
    assert not screen.pane.sent_button.isEnabled()

    assert screen.history.model.rowCount() == 1
    qtbot_history = screen.history.model.index(0, 4).data()
    assert qtbot_history.startswith("By hand")
    assert screen.history.model.index(0, 5).data() == "English"  # which wording was used
    screen.tabs.setCurrentIndex(1)
    screen.history.view.setCurrentIndex(screen.history.model.index(0, 0))
    screen.pane.shown = None
    screen.history.reopen_button.click()
    assert screen.pane.shown is not None and screen.pane.shown.pdf == target.read_bytes()
    assert screen.pane.shown.record is not None and screen.pane.shown.record.id == record.id


def test_print_paints_every_page(
    qtbot: QtBot, empty_services: Services, runner: SyncTaskRunner, tmp_path: Path
) -> None:
    screen = letters_screen(qtbot, empty_services, runner)
    choose(screen, 0)
    printer = QPrinter()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    screen.output.choose_printer = lambda: printer
    screen.pane.print_button.click()
    # Printing to a file writes the stored letter itself (issue 14, point 15), not page images.
    assert screen.pane.shown is not None
    assert (tmp_path / "printed.pdf").read_bytes() == screen.pane.shown.pdf
    assert screen.pane.status.text() == "Reminder: printed to the file chosen."


def test_batch_prints_everything_due_and_can_be_cancelled(
    qtbot: QtBot,
    empty_services: Services,
    runner: SyncTaskRunner,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    screen = letters_screen(qtbot, empty_services, runner)
    printed: list[int] = []
    screen.output.choose_printer = lambda: printed.append(screen.pane.document.pageCount()) or None  # type: ignore[func-returns-value]

    batch = empty_services.letters.batch

    def cancelled_at_the_first_letter(*args: Any, **kwargs: Any) -> object:
        """The batch, with Cancel clicked in its progress dialog as the first letter is made."""
        progress = args[4]

        def step(done: int, total: int) -> bool:
            dialog = screen.findChild(QProgressDialog, "lettersBatchProgress")
            assert dialog is not None and dialog.isVisible()
            assert dialog.windowTitle() == "Printing letters"
            assert dialog.accessibleName() == "Batch printing progress"
            cancel = next(b for b in dialog.findChildren(QPushButton) if b.text() == "Cancel")
            qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
            return bool(progress(done, total))

        return batch(*args[:4], step, **kwargs)

    monkeypatch.setattr(empty_services.letters, "batch", cancelled_at_the_first_letter)
    qtbot.mouseClick(screen.due.batch_button, Qt.MouseButton.LeftButton)
    monkeypatch.undo()
    assert screen.pane.status.text() == "Batch cancelled: no letters were kept or printed."
    assert not printed
    assert screen.due.model.rowCount() == 4
    assert screen.output.batch_progress is None

    screen.due.batch_button.click()
    assert printed and printed[0] >= 4
    assert screen.due.model.rowCount() == 0
    me = user(empty_services, "practitioner")
    kept = empty_services.letters.history(me)
    assert len(kept) == 4 and {r.letter_type for r in kept} == {LetterType.REMINDER}


def test_the_batch_counts_its_letters_once(
    qtbot: QtBot,
    empty_services: Services,
    runner: SyncTaskRunner,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Four letters due: the progress dialog counts 1 to 4 of 4, then says they are being put
    together (it once said 'Preparing letters: 1 of 2', halving a count made once a letter)."""
    screen = letters_screen(qtbot, empty_services, runner)
    screen.output.choose_printer = lambda: None
    words: list[str] = []
    batch = empty_services.letters.batch

    def watched(*args: Any, **kwargs: Any) -> object:
        progress = args[4]

        def step(done: int, total: int) -> bool:
            going = bool(progress(done, total))
            dialog = screen.findChild(QProgressDialog, "lettersBatchProgress")
            assert dialog is not None
            words.append(dialog.labelText())
            return going

        return batch(*args[:4], step, **kwargs)

    monkeypatch.setattr(empty_services.letters, "batch", watched)
    qtbot.mouseClick(screen.due.batch_button, Qt.MouseButton.LeftButton)
    assert words == [
        "Preparing letters: 1 of 4",
        "Preparing letters: 2 of 4",
        "Preparing letters: 3 of 4",
        "Putting the letters together…",
    ]


def test_a_role_without_letters_sees_why(
    qtbot: QtBot, empty_services: Services, runner: SyncTaskRunner
) -> None:
    team_with_programmes(empty_services)
    screen = LettersScreen(empty_services, user(empty_services, "admin"), runner, lambda: TODAY)
    qtbot.addWidget(screen)
    screen.refresh()
    assert "does not print letters" in screen.due.empty.text()
    assert not screen.due.batch_button.isEnabled()
