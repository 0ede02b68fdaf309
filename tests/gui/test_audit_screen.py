"""The Audit screen on a demo database: filters, paging model, a record's values, CSV export."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QWidget,
)
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from tests.gui.test_master_detail import HeldRunner
from yot_desktop.domain.errors import AuthenticationError
from yot_desktop.gui.screens.audit import AuditScreen
from yot_desktop.gui.screens.audit_record import value_words
from yot_desktop.gui.tasks import SyncTaskRunner
from yot_desktop.services.container import Services
from yot_desktop.services.intake.people import PersonChanges
from yot_desktop.storage.models import AuditEntry, YoungPerson


@pytest.fixture
def screen(qtbot: QtBot, demo_services: Services, runner: SyncTaskRunner) -> AuditScreen:
    manager = demo_services.auth.sign_in("manager", "demo")
    with pytest.raises(AuthenticationError):
        demo_services.auth.sign_in("practitioner", "not the password")
    with demo_services.ctx.uow() as uow:
        person_id = uow.session.scalar(select(YoungPerson.id).order_by(YoungPerson.id))
    assert person_id is not None
    person = demo_services.people.get(manager, person_id)
    demo_services.people.update(
        manager,
        person_id,
        person.version,
        PersonChanges(school="Kennet School", nrm_referral_date=date(2026, 10, 1)),
    )
    admin = demo_services.auth.sign_in("admin", "demo")
    widget = AuditScreen(demo_services, admin, runner)
    qtbot.addWidget(widget)
    widget.resize(1280, 720)
    widget.show()
    widget.refresh()
    return widget


def pick(combo: QComboBox, value: str) -> None:
    index = combo.findData(value)
    assert index > 0, value
    combo.setCurrentIndex(index)


def shown(screen: AuditScreen) -> list[tuple[str, str, str]]:
    rows = (screen.model.row_at(i) for i in range(screen.model.rowCount()))
    return [(r.username, r.action, r.outcome) for r in rows if r is not None]


def test_lists_the_trail_newest_first_with_working_models(
    screen: AuditScreen, qtmodeltester: ModelTester
) -> None:
    qtmodeltester.check(screen.model)
    assert screen.count_label.text() == f"{screen.model.total} audit records"
    assert shown(screen)[0] == ("admin", "sign_in", "ok")
    times = [r.at for r in (screen.model.row_at(i) for i in range(screen.model.rowCount())) if r]
    assert times == sorted(times, reverse=True)
    assert screen.model.index(0, 0).data() == "20/11/2026 10:00:00"
    assert screen.list_stack.currentWidget() is screen.view
    assert screen.record.changes_view.isHidden()


def test_filters_narrow_the_list(screen: AuditScreen) -> None:
    pick(screen.outcome, "failed")
    assert shown(screen) == [("practitioner", "sign_in", "failed")]
    assert screen.outcome.currentText() == "Failed"

    screen.clear_filters()
    pick(screen.staff, "manager")
    pick(screen.action, "edit_person")
    assert shown(screen) == [("manager", "edit_person", "ok")]

    screen.clear_filters()
    pick(screen.entity, "user")
    assert {a for _u, a, _o in shown(screen)} == {"sign_in"}
    assert screen.entity.currentText() == "User"

    screen.clear_filters()
    screen.first.setDate(QDate(2020, 1, 1))
    screen.last.setDate(QDate(2020, 1, 31))
    assert screen.model.rowCount() == 0
    assert screen.list_stack.currentWidget() is screen.empty
    assert not screen.export_button.isEnabled()


def test_an_unknown_reference_is_explained_beside_the_filters(screen: AuditScreen) -> None:
    screen.reference.setText("NO-SUCH")
    screen.show_button.click()
    assert "No young person or referral has the reference NO-SUCH" in screen.count_label.text()
    assert screen.model.rowCount() == 0


def test_a_search_overtaken_keeps_its_answer_and_its_problem_to_itself(
    qtbot: QtBot, demo_services: Services
) -> None:
    """The answers come back out of order: neither the overtaken search's problem nor its
    rows replace what the latest search found."""
    runner = HeldRunner()
    screen = AuditScreen(demo_services, demo_services.auth.sign_in("admin", "demo"), runner)
    qtbot.addWidget(screen)
    screen.show()
    screen.reference.setText("NO-SUCH")
    qtbot.mouseClick(screen.show_button, Qt.MouseButton.LeftButton)
    unknown = len(runner.held) - 1
    screen.reference.clear()
    qtbot.mouseClick(screen.show_button, Qt.MouseButton.LeftButton)
    latest = len(runner.held) - 1
    runner.answer(latest)
    found = screen.count_label.text()
    assert found.endswith("audit records") and screen.model.rowCount() > 0
    runner.answer(unknown)  # the reference is unknown, but the search was overtaken
    assert screen.count_label.text() == found and screen.model.rowCount() > 0


def test_selecting_an_edit_shows_before_and_after(
    screen: AuditScreen, qtmodeltester: ModelTester
) -> None:
    pick(screen.action, "edit_person")
    screen.view.selectRow(0)
    assert screen.record.detail_labels["action"].text() == "Edit person"
    assert screen.record.detail_labels["record"].text().startswith("Young person YP")
    assert screen.record.detail_labels["detail"].text() == "school, nrm_referral_date"
    assert not screen.record.changes_view.isHidden()
    qtmodeltester.check(screen.record.changes_model)
    rows = [
        tuple(screen.record.changes_model.index(r, c).data() for c in range(3))
        for r in range(screen.record.changes_model.rowCount())
    ]
    assert rows[1] == ("NRM referral date", "(empty)", "01/10/2026")
    assert rows[0][0] == "School" and rows[0][2] == "Kennet School"


def test_export_writes_what_the_filters_match(screen: AuditScreen, tmp_path: Path) -> None:
    out = tmp_path / "audit.csv"
    screen.choose_save_path = lambda suggested: out
    pick(screen.action, "sign_in")
    said: list[str] = []
    set_text = screen.status.setText
    screen.status.setText = lambda text: (said.append(text), set_text(text))[1]  # type: ignore[method-assign]

    screen.export_button.click()

    with out.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    assert [[*r[2:4], r[6]] for r in rows[1:]] == [
        ["manager", "sign_in", "ok"],
        ["practitioner", "sign_in", "failed"],
        ["admin", "sign_in", "ok"],
    ]
    assert screen.status.text() == f"Exported 3 audit records to {out}."
    assert said == ["Exporting…", "Exporting… 3 of 3 records", screen.status.text()]

    screen.choose_save_path = lambda suggested: None  # cancelled: nothing happens
    screen.export_button.click()
    assert screen.status.text() == f"Exported 3 audit records to {out}."


def test_every_control_is_named(screen: AuditScreen) -> None:
    unnamed = [
        f"{type(w).__name__} in {type(w.parent()).__name__}"
        for w in screen.findChildren(QWidget)
        if isinstance(w, QAbstractButton | QLineEdit | QComboBox | QAbstractItemView)
        and w.isVisibleTo(screen)
        and not isinstance(w, QHeaderView)  # part of its table, which is named
        and not w.objectName().startswith("qt_")  # Qt's own sub-controls
        and not (w.objectName() and w.accessibleName())
    ]
    assert unnamed == []
    assert screen.reference.accessibleDescription()


def test_values_read_plainly() -> None:
    assert value_words(None) == value_words("") == "(empty)"
    assert value_words("2026-03-14") == "14/03/2026"
    assert value_words("yes") == "yes"


def test_letters_previewed_saved_and_printed_are_audited(
    qtbot: QtBot, empty_services: Services, runner: SyncTaskRunner, tmp_path: Path
) -> None:
    from PySide6.QtPrintSupport import QPrinter

    from tests.gui.test_letters_screen import choose, letters_screen
    from tests.integration.helpers import audit_rows

    screen = letters_screen(qtbot, empty_services, runner)
    choose(screen, 0)
    assert [r[:2] for r in audit_rows(empty_services, "preview_letter")] == [("practitioner", "ok")]
    screen.output.choose_save_path = lambda suggested: tmp_path / "letter.pdf"
    screen.pane.save_button.click()
    assert screen.pane.shown is not None and screen.pane.shown.record is not None
    record_id = screen.pane.shown.record.id
    printer = QPrinter()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    screen.output.choose_printer = lambda: printer
    screen.pane.print_button.click()
    screen.output.choose_printer = lambda: None  # cancelled: nothing printed, nothing recorded
    screen.pane.print_button.click()

    with empty_services.ctx.uow() as uow:
        rows = uow.session.execute(
            select(AuditEntry.action, AuditEntry.entity_id, AuditEntry.detail)
            .where(AuditEntry.action.in_(["make_letter", "save_letter", "print_letter"]))
            .order_by(AuditEntry.id)
        ).all()
    pages = screen.pane.document.pageCount()
    assert [tuple(r) for r in rows] == [
        ("make_letter", record_id, "reminder"),
        ("save_letter", record_id, "Reminder"),
        ("print_letter", record_id, f"Reminder, pages={pages}"),
    ]
