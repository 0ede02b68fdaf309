"""The Retention screen and the subject access button, driven as a manager or administrator."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QAbstractButton, QLineEdit, QMessageBox, QSpinBox, QTableView
from pytestqt.qtbot import QtBot

from tests.integration.retention_helpers import age_closed_person
from yot_desktop.domain.retention import RetentionSettings
from yot_desktop.gui.dialogs.confirm_deletion import ConfirmDeletion
from yot_desktop.gui.screens.person_panel import PersonPanel
from yot_desktop.gui.screens.retention import RetentionScreen
from yot_desktop.gui.tasks import SyncTaskRunner
from yot_desktop.services.container import Services
from yot_desktop.services.intake.people import PersonChanges
from yot_desktop.storage.models import YoungPerson


@pytest.fixture
def aged(demo_services: Services) -> tuple[int, str, str]:
    return age_closed_person(demo_services)


def screen_for(
    qtbot: QtBot, services: Services, runner: SyncTaskRunner, who: str
) -> RetentionScreen:
    user = services.auth.sign_in(who, "demo")
    screen = RetentionScreen(services, user, runner)
    qtbot.addWidget(screen)
    screen.resize(1100, 560)
    screen.refresh()
    return screen


def select_row(screen: RetentionScreen, row: int) -> None:
    screen.table.selectionModel().select(
        screen.model.index(row, 0),
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
    )


def test_lists_the_record_due_and_deletes_it_after_confirmation(
    qtbot: QtBot,
    qtmodeltester,
    demo_services: Services,
    runner: SyncTaskRunner,
    aged: tuple[int, str, str],
    tmp_path: Path,
) -> None:
    pid, ref, last = aged
    screen = screen_for(qtbot, demo_services, runner, "admin")
    qtmodeltester.check(screen.model)
    assert screen.model.rowCount() == 1
    row = screen.model.row_at(0)
    assert row is not None and (row.person_ref, row.person_id) == (ref, pid)
    assert screen.model.index(0, 4).data() == "01/03/2022"
    assert screen.model.index(0, 5).data().startswith("Due since 01/03/2022: 3 years after")
    assert screen.status.text().startswith("1 record due on 20/11/2026.")
    assert "3 years after the last action" in screen.rule.text()
    assert not screen.delete_button.isEnabled()
    screen.grab().save(str(tmp_path / "retention.png"))

    select_row(screen, 0)
    assert screen.delete_button.isEnabled()
    assert screen.delete_button.text() == "Delete selected record…"
    qtbot.mouseClick(screen.delete_button, Qt.MouseButton.LeftButton)
    dialog = screen.confirm_dialog
    assert dialog is not None and dialog.isVisible()
    summary = dialog.summary.text()
    assert "the record of " in summary and f"({ref})" in summary
    assert "This removes 1 young person record, " in summary and "for good" in summary
    dialog.grab().save(str(tmp_path / "confirm.png"))
    dialog.reason.setText("no")
    assert not dialog.delete_button.isEnabled()
    dialog.reason.setText("Retention period over")
    qtbot.mouseClick(dialog.delete_button, Qt.MouseButton.LeftButton)

    assert screen.status.text() == "Deleted 1 record. 0 records due on 20/11/2026."
    assert screen.model.rowCount() == 0
    assert screen.stack.currentWidget() is screen.empty
    with demo_services.ctx.uow() as uow:
        assert uow.session.get(YoungPerson, pid) is None
    assert last  # the name was on screen before, and is gone from the list now


def test_cancel_deletes_nothing(
    qtbot: QtBot, demo_services: Services, runner: SyncTaskRunner, aged: tuple[int, str, str]
) -> None:
    pid, _ref, _last = aged
    screen = screen_for(qtbot, demo_services, runner, "manager")
    assert screen.settings_box is None  # managers see the rule, administrators set it
    select_row(screen, 0)
    screen.delete_selected()
    assert screen.confirm_dialog is not None
    screen.confirm_dialog.reject()
    assert screen.model.rowCount() == 1
    with demo_services.ctx.uow() as uow:
        assert uow.session.get(YoungPerson, pid) is not None


def test_administrators_change_the_rule(
    qtbot: QtBot, demo_services: Services, runner: SyncTaskRunner, aged: tuple[int, str, str]
) -> None:
    screen = screen_for(qtbot, demo_services, runner, "admin")
    assert screen.years.value() == 3 and screen.until_18.isChecked()
    screen.years.setValue(10)
    screen.until_18.setChecked(False)
    qtbot.mouseClick(screen.save_settings_button, Qt.MouseButton.LeftButton)
    assert screen.status.text() == (
        "Saved: records are now deleted 10 years after the last action. "
        "0 records due on 20/11/2026."
    )
    manager = demo_services.auth.sign_in("manager", "demo")
    assert demo_services.retention.settings(manager) == RetentionSettings(10, False)


def test_every_interactive_widget_is_named(
    qtbot: QtBot, demo_services: Services, runner: SyncTaskRunner, aged: tuple[int, str, str]
) -> None:
    screen = screen_for(qtbot, demo_services, runner, "admin")
    select_row(screen, 0)
    screen.delete_selected()
    assert screen.confirm_dialog is not None
    for root in (screen, screen.confirm_dialog):
        for kind in (QAbstractButton, QLineEdit, QSpinBox, QTableView):
            for widget in root.findChildren(kind):
                if widget.objectName().startswith("qt_"):
                    continue  # Qt's own parts (the table's corner button, a spin box's edit)
                assert widget.objectName() and widget.accessibleName(), widget


def test_subject_access_button_exports_into_a_new_folder(
    qtbot: QtBot, demo_services: Services, runner: SyncTaskRunner, tmp_path: Path
) -> None:
    manager = demo_services.auth.sign_in("manager", "demo")
    person = demo_services.people.get(manager, 3)
    panel = PersonPanel(runner, lambda *a: person, lambda _id: person)
    qtbot.addWidget(panel)
    panel.add_subject_access(
        lambda pid, folder: demo_services.subject_access.export(manager, pid, folder)
    )
    button = panel.subject_access_button
    assert button is not None and not button.isEnabled()
    panel.set_person(person)
    assert button.isEnabled()
    button.choose_folder = lambda: tmp_path
    button._today = lambda: date(2026, 11, 20)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    folder = tmp_path / f"subject-access-{person.person_ref}-2026-11-20"
    assert (folder / "index.pdf").is_file() and (folder / "young_person.csv").is_file()
    assert button.result_box is not None
    assert f"about {person.person_ref} in {folder}" in button.result_box.text()
    # A second export the same day cannot overwrite the first: the error says why.
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert button.isEnabled() and button.text() == "Subject access export…"


# --- a refused deletion keeps the confirmation open, with the reason typed ------------------


def confirm_for(
    qtbot: QtBot, services: Services, runner: SyncTaskRunner, who: str = "manager"
) -> tuple[RetentionScreen, ConfirmDeletion]:
    screen = screen_for(qtbot, services, runner, who)
    select_row(screen, 0)
    qtbot.mouseClick(screen.delete_button, Qt.MouseButton.LeftButton)
    dialog = screen.confirm_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.problem.isHidden()
    return screen, dialog


def still_there(services: Services, pid: int) -> bool:
    with services.ctx.uow() as uow:
        return uow.session.get(YoungPerson, pid) is not None


def test_a_reason_naming_the_child_is_refused_in_the_dialog_and_kept(
    qtbot: QtBot, demo_services: Services, runner: SyncTaskRunner, aged: tuple[int, str, str]
) -> None:
    pid, ref, last = aged
    screen, dialog = confirm_for(qtbot, demo_services, runner)
    typed = f"Retention period over for {last}"
    dialog.reason.setText(typed)
    qtbot.mouseClick(dialog.delete_button, Qt.MouseButton.LeftButton)

    assert dialog.isVisible()
    assert dialog.problem.isVisible()
    assert dialog.problem.text().startswith(f"Not deleted ({ref}): Reason: Leave out names")
    assert dialog.reason.text() == typed
    assert dialog.reason.isEnabled() and dialog.delete_button.isEnabled()
    assert f"({ref})" in dialog.summary.text()
    assert still_there(demo_services, pid)
    assert screen.model.rowCount() == 1
    assert screen.progress_dialog is None

    dialog.reason.setText("Retention period over")
    qtbot.mouseClick(dialog.delete_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert not still_there(demo_services, pid)
    assert screen.status.text() == "Deleted 1 record. 0 records due on 20/11/2026."


def test_a_record_changed_since_the_review_is_shown_again_to_confirm(
    qtbot: QtBot, demo_services: Services, runner: SyncTaskRunner, aged: tuple[int, str, str]
) -> None:
    pid, ref, _last = aged
    screen, dialog = confirm_for(qtbot, demo_services, runner)
    seen = dialog.previews[0]
    with demo_services.ctx.uow() as uow:  # someone else's change, not an action on the case
        person = uow.session.get(YoungPerson, pid)
        assert person is not None
        person.first_name = "Zoë"
        uow.commit()
    dialog.reason.setText("Retention period is over")
    qtbot.mouseClick(dialog.delete_button, Qt.MouseButton.LeftButton)

    assert dialog.isVisible()
    assert f"Not deleted ({ref}): Someone changed this record" in dialog.problem.text()
    assert dialog.reason.text() == "Retention period is over"
    assert "the record of Zoë " in dialog.summary.text()  # what it holds now
    assert dialog.previews[0].version > seen.version
    assert still_there(demo_services, pid)

    qtbot.mouseClick(dialog.delete_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert not still_there(demo_services, pid)
    assert screen.model.rowCount() == 0


def test_a_record_no_longer_due_is_refused_and_cannot_be_tried_again(
    qtbot: QtBot, demo_services: Services, runner: SyncTaskRunner, aged: tuple[int, str, str]
) -> None:
    pid, ref, _last = aged
    screen, dialog = confirm_for(qtbot, demo_services, runner)
    manager = demo_services.auth.sign_in("manager", "demo")
    version = demo_services.people.get(manager, pid).version
    demo_services.people.update(manager, pid, version, PersonChanges(school="Hilltop Academy"))
    qtbot.mouseClick(dialog.delete_button, Qt.MouseButton.LeftButton)

    assert dialog.isVisible()
    assert dialog.problem.text().startswith(f"Not deleted ({ref}): ")
    assert dialog.problem.text().endswith("It cannot be deleted yet.")
    assert dialog.previews == []
    assert not dialog.delete_button.isEnabled()
    assert dialog.cancel_button.text() == "Close"
    assert still_there(demo_services, pid)
    assert screen.model.rowCount() == 0  # the list is refreshed: it is not due now
    dialog.cancel_button.click()
    assert not dialog.isVisible()


def test_an_unexpected_failure_keeps_the_dialog_and_explains(
    qtbot: QtBot,
    demo_services: Services,
    runner: SyncTaskRunner,
    aged: tuple[int, str, str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pid, _ref, _last = aged
    screen, dialog = confirm_for(qtbot, demo_services, runner)

    def broken(*_args: object) -> object:
        raise OSError("disk gone")

    monkeypatch.setattr(demo_services.retention, "delete", broken)
    dialog.reason.setText("Retention period is over")
    qtbot.mouseClick(dialog.delete_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert dialog.reason.text() == "Retention period is over"
    assert dialog.delete_button.isEnabled()
    box = dialog.findChild(QMessageBox, "errorDialog")
    assert box is not None and box.isVisible()
    assert still_there(demo_services, pid)
    assert screen.progress_dialog is None
